/**
 * People on the register. Staff see everyone; a social worker sees and edits only their own record,
 * and only their contact details directly: a change of name, birth date or identity number goes
 * through a request with evidence that staff approve. Identity numbers are sealed; every view of
 * one is audited.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { searchKey } from '../../shared/names.js';
import { isStaff } from '../auth/index.js';
import { recordAudit, updateAudited } from '../audit/index.js';
import { Programme } from '../accreditation/index.js';
import { listDocuments, storeDocument } from '../documents/index.js';
import { IdentityChange, Qualification, Registrant } from './registrant.entity.js';
import { assertRegistrantAccess, ownRegistrantId } from './registrant.access.js';
import type {
  contactBody,
  identityChangeBody,
  identityChangeDecision,
  qualificationBody,
  registrantBody,
  registrantListQuery,
} from './registrant.schema.js';

const ID_CONTEXT = 'national-id';
const today = (d: Date) => d.toISOString().slice(0, 10);

export const registrantView = (r: Registrant) => ({
  id: r.id,
  accountId: r.account?.id ?? null,
  fullName: r.fullName,
  fullNameNative: r.fullNameNative ?? null,
  dateOfBirth: r.dateOfBirth,
  sex: r.sex,
  nationality: r.nationality,
  nationalIdMasked: `•••• ${r.nationalIdLast4}`,
  email: r.email ?? null,
  phone: r.phone ?? null,
  address: r.address ?? null,
  region: r.region,
  employer: r.employer ?? null,
  sector: r.sector,
  createdAt: r.createdAt.toISOString(),
  version: r.version,
});

const contactSnapshot = (r: Registrant) => ({
  email: r.email ?? null,
  phone: r.phone ?? null,
  address: r.address ?? null,
  region: r.region,
  employer: r.employer ?? null,
  sector: r.sector,
});

export function registrantService(deps: AppDeps) {
  const em = () => deps.orm.em;
  const idHash = (nationality: string, id: string) => deps.box.mac(`${nationality}:${id.toUpperCase()}`, ID_CONTEXT);

  function validateBirth(dateOfBirth: string, field = 'dateOfBirth') {
    const now = today(deps.clock.now());
    if (dateOfBirth >= now) throw new ValidationError(field, 'must be in the past');
    if (dateOfBirth < '1900-01-01') throw new ValidationError(field, 'is before 1900');
  }

  return {
    async list(q: z.infer<typeof registrantListQuery>) {
      const where: Record<string, unknown> = {};
      if (q.region) where.region = q.region;
      if (q.sector) where.sector = q.sector;
      if (q.q) {
        // A name (any part, case and accents ignored), or the exact number of one of the person's licences.
        const byNumber = await em().execute<{ registrant_id: string }[]>(
          `select registrant_id from licence where number = ?`,
          [q.q.trim().toUpperCase()],
        );
        const byName = { searchName: { $like: `%${searchKey(q.q)}%` } };
        if (byNumber.length) where.$or = [byName, { id: { $in: byNumber.map((r) => r.registrant_id) } }];
        else Object.assign(where, byName);
      }
      const [items, total] = await em().findAndCount(Registrant, where, {
        orderBy: { [q.sort ?? 'fullName']: q.order },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: items.map(registrantView), total };
    },

    async get(auth: AuthContext, id: string) {
      await assertRegistrantAccess(em(), auth, id);
      const r = await em().findOne(Registrant, { id });
      if (!r) throw new NotFoundError('The registrant');
      return registrantView(r);
    },

    async mine(auth: AuthContext) {
      const id = await ownRegistrantId(em(), auth);
      if (!id) throw new NotFoundError('Your registrant record (create it first)');
      return registrantView(await em().findOneOrFail(Registrant, { id }));
    },

    /** Staff register a person; a social worker registers themself (linked to their account). */
    async create(auth: AuthContext, input: z.infer<typeof registrantBody>) {
      validateBirth(input.dateOfBirth);
      const self = !isStaff(auth.roles);
      if (self && (await ownRegistrantId(em(), auth))) throw new ConflictError('You already have a registrant record');
      return em().transactional(async (tx) => {
        const hash = idHash(input.nationality, input.nationalId);
        if (await tx.count(Registrant, { nationality: input.nationality, nationalIdHash: hash })) {
          throw new ConflictError('A person with this identity number is already on the register', 'nationalId');
        }
        const { nationalId, ...rest } = input;
        const r = tx.create(Registrant, {
          ...rest,
          fullNameNative: rest.fullNameNative ?? null,
          account: self ? auth.accountId : null,
          searchName: searchKey(rest.fullName, rest.fullNameNative),
          nationalIdSealed: '',
          nationalIdHash: hash,
          nationalIdLast4: nationalId.slice(-4),
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        r.nationalIdSealed = deps.box.seal(nationalId, `${ID_CONTEXT}:${r.id}`);
        await tx.flush();
        await recordAudit(tx, {
          action: 'registrant.created',
          entityType: 'registrant',
          entityId: r.id,
          after: { ...contactSnapshot(r), fullName: r.fullName, selfRegistered: self },
        });
        return registrantView(r);
      });
    },

    /** Reveals the identity number to staff allowed to see it, and records that they did. */
    async identity(id: string) {
      return em().transactional(async (tx) => {
        const r = await tx.findOne(Registrant, { id }, { populate: ['nationalIdSealed'] });
        if (!r) throw new NotFoundError('The registrant');
        await recordAudit(tx, { action: 'registrant.identity-viewed', entityType: 'registrant', entityId: id });
        return {
          registrantId: r.id,
          nationality: r.nationality,
          nationalId: deps.box.openText(r.nationalIdSealed as unknown as string, `${ID_CONTEXT}:${r.id}`),
        };
      });
    },

    async updateContact(auth: AuthContext, id: string, input: z.infer<typeof contactBody>) {
      await assertRegistrantAccess(em(), auth, id);
      const { version, ...changes } = input;
      return em().transactional(async (tx) =>
        registrantView(
          await updateAudited(
            tx,
            Registrant,
            id,
            version,
            { entityType: 'registrant', action: 'registrant.contact-updated', snapshot: contactSnapshot },
            (r) => tx.assign(r, changes),
          ),
        ),
      );
    },

    async addQualification(auth: AuthContext, registrantId: string, input: z.infer<typeof qualificationBody>) {
      await assertRegistrantAccess(em(), auth, registrantId);
      const r = await em().findOne(Registrant, { id: registrantId });
      if (!r) throw new NotFoundError('The registrant');
      if (input.awardedOn > today(deps.clock.now())) throw new ValidationError('awardedOn', 'is in the future');
      if (input.awardedOn <= r.dateOfBirth) throw new ValidationError('awardedOn', 'is before the date of birth');
      return em().transactional(async (tx) => {
        let q: Qualification;
        if (input.foreign) {
          q = tx.create(Qualification, {
            registrant: registrantId,
            foreign: true,
            awardingInstitution: input.awardingInstitution,
            country: input.country,
            level: input.level,
            title: input.title,
            awardedOn: input.awardedOn,
            createdAt: deps.clock.now(),
          });
        } else {
          const programme = await tx.findOne(Programme, { id: input.programmeId }, { populate: ['institution'] });
          if (!programme) throw new ValidationError('programmeId', 'no such programme');
          const inst = programme.institution.getEntity();
          q = tx.create(Qualification, {
            registrant: registrantId,
            programme: programme.id,
            studentId: input.studentId ?? null,
            foreign: false,
            awardingInstitution: inst.name,
            country: inst.country,
            level: programme.level,
            title: programme.name,
            awardedOn: input.awardedOn,
            createdAt: deps.clock.now(),
          });
        }
        await tx.flush();
        await recordAudit(tx, {
          action: 'registrant.qualification-added',
          entityType: 'registrant',
          entityId: registrantId,
          after: { qualificationId: q.id, title: q.title, awardedOn: q.awardedOn, foreign: q.foreign },
        });
        return (await qualificationViews(tx, [q], r))[0]!;
      });
    },

    async qualifications(auth: AuthContext, registrantId: string) {
      await assertRegistrantAccess(em(), auth, registrantId);
      const r = await em().findOneOrFail(Registrant, { id: registrantId });
      const qs = await em().find(Qualification, { registrant: registrantId }, { orderBy: { awardedOn: 'asc' } });
      return { items: await qualificationViews(em(), qs, r), total: qs.length };
    },

    async requestIdentityChange(auth: AuthContext, registrantId: string, input: z.infer<typeof identityChangeBody>) {
      await assertRegistrantAccess(em(), auth, registrantId);
      if (input.field === 'dateOfBirth') validateBirth(input.value, 'value');
      if (input.field === 'nationalId' && !/^[A-Za-z0-9-]{4,30}$/.test(input.value))
        throw new ValidationError('value', '4 to 30 letters, digits or hyphens');
      return em().transactional(async (tx) => {
        const c = tx.create(IdentityChange, {
          registrant: registrantId,
          field: input.field,
          newValueSealed: '',
          reason: input.reason,
          status: 'pending',
          requestedBy: auth.accountId,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        c.newValueSealed = deps.box.seal(input.value, `identity-change:${c.id}`);
        await tx.flush();
        await recordAudit(tx, {
          action: 'registrant.identity-change-requested',
          entityType: 'registrant',
          entityId: registrantId,
          after: { changeId: c.id, field: c.field },
        });
        return identityChangeView(c, 0);
      });
    },

    async addIdentityEvidence(auth: AuthContext, changeId: string, file: { bytes: Buffer; filename?: string }) {
      const c = await em().findOne(IdentityChange, { id: changeId });
      if (!c) throw new NotFoundError('The change request');
      await assertRegistrantAccess(em(), auth, c.registrant.id);
      if (c.status !== 'pending') throw new ConflictError('The request was already decided');
      return em().transactional(async (tx) => {
        const doc = storeDocument(tx, {
          ownerType: 'identity_change',
          ownerId: c.id,
          purpose: 'identity-evidence',
          filename: file.filename,
          bytes: file.bytes,
          allowed: ['pdf', 'jpeg', 'png'],
          uploadedBy: auth.accountId,
          now: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'registrant.identity-evidence-added',
          entityType: 'registrant',
          entityId: c.registrant.id,
          after: { changeId: c.id, documentId: doc.id, sha256: doc.sha256 },
        });
        return identityChangeView(c, (await listDocuments(tx, 'identity_change', c.id)).length);
      });
    },

    async decideIdentityChange(changeId: string, input: z.infer<typeof identityChangeDecision>) {
      return em().transactional(async (tx) => {
        const c = await tx.findOne(IdentityChange, { id: changeId }, { populate: ['newValueSealed'] });
        if (!c) throw new NotFoundError('The change request');
        if (c.version !== input.version) throw new ConflictError('The request changed since you read it; reload it');
        if (c.status !== 'pending') throw new ConflictError('The request was already decided');
        const evidence = (await listDocuments(tx, 'identity_change', c.id)).length;
        if (input.decision === 'approved' && evidence === 0)
          throw new ValidationError('evidence', 'approve only with evidence attached');
        const r = await tx.findOneOrFail(Registrant, { id: c.registrant.id });
        if (input.decision === 'approved') {
          const value = deps.box.openText(c.newValueSealed as unknown as string, `identity-change:${c.id}`);
          if (c.field === 'nationalId') {
            const hash = idHash(r.nationality, value);
            if (await tx.count(Registrant, { nationality: r.nationality, nationalIdHash: hash, id: { $ne: r.id } }))
              throw new ConflictError('Another person on the register has this identity number', 'value');
            r.nationalIdSealed = deps.box.seal(value, `${ID_CONTEXT}:${r.id}`);
            r.nationalIdHash = hash;
            r.nationalIdLast4 = value.slice(-4);
          } else {
            if (c.field === 'dateOfBirth') r.dateOfBirth = value;
            else r[c.field] = value;
            r.searchName = searchKey(r.fullName, r.fullNameNative);
          }
        }
        c.status = input.decision;
        c.decisionNote = input.note ?? null;
        c.decidedAt = deps.clock.now();
        await tx.flush();
        await recordAudit(tx, {
          action: `registrant.identity-change-${input.decision}`,
          entityType: 'registrant',
          entityId: r.id,
          after: { changeId: c.id, field: c.field },
        });
        return identityChangeView(c, evidence);
      });
    },

    async identityChanges(q: { status?: 'pending' | 'approved' | 'rejected' }) {
      const items = await em().find(IdentityChange, q.status ? { status: q.status } : {}, {
        orderBy: { createdAt: 'desc' },
        limit: 200,
      });
      const counts = await em().execute<{ owner_id: string; n: string }[]>(
        `select owner_id, count(*) as n from document where owner_type = 'identity_change' group by owner_id`,
      );
      const byId = new Map(counts.map((c) => [c.owner_id, Number(c.n)]));
      return { items: items.map((c) => identityChangeView(c, byId.get(c.id) ?? 0)), total: items.length };
    },
  };
}

const identityChangeView = (c: IdentityChange, evidenceCount: number) => ({
  id: c.id,
  registrantId: c.registrant.id,
  field: c.field,
  reason: c.reason,
  status: c.status,
  evidenceCount,
  createdAt: c.createdAt.toISOString(),
  decidedAt: c.decidedAt?.toISOString() ?? null,
  decisionNote: c.decisionNote ?? null,
  version: c.version,
});

/** Qualifications with whether the school's graduate list names this person (student id and birth date). */
export async function qualificationViews(em: EntityManager, qs: Qualification[], r: Registrant) {
  const local = qs.filter((q) => q.programme && q.studentId);
  const verified = new Set<string>();
  for (const q of local) {
    const rows = await em.execute(
      `select 1 from graduate where programme_id = ? and student_id = ? and date_of_birth = ?`,
      [q.programme!.id, q.studentId, r.dateOfBirth],
    );
    if (rows.length) verified.add(q.id);
  }
  return qs.map((q) => ({
    id: q.id,
    foreign: q.foreign,
    programmeId: q.programme?.id ?? null,
    studentId: q.studentId ?? null,
    awardingInstitution: q.awardingInstitution,
    country: q.country,
    level: q.level,
    title: q.title,
    awardedOn: q.awardedOn,
    verifiedByGraduateList: verified.has(q.id),
  }));
}
