/**
 * Institutions and programmes, and who may see them: council staff see every institution; a school
 * admin sees and changes only the institutions they administer.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { recordAudit, updateAudited } from '../audit/index.js';
import { Account, isStaff } from '../auth/index.js';
import {
  Accreditation,
  AccreditationCondition,
  Institution,
  InstitutionAdmin,
  Programme,
} from './accreditation.entity.js';
import type { AccreditationWindow } from './accreditation.rules.js';
import type { z } from 'zod';
import type {
  institutionBody,
  institutionPatch,
  programmeBody,
  programmePatch,
  institutionListQuery,
  programmeListQuery,
} from './accreditation.schema.js';

export type Scope = { all: true } | { all: false; institutionIds: string[] };

export async function scopeOf(em: EntityManager, auth: AuthContext): Promise<Scope> {
  if (isStaff(auth.roles)) return { all: true };
  if (!auth.roles.includes('school_admin')) return { all: false, institutionIds: [] };
  const rows = await em.execute<{ institution_id: string }[]>(
    `select institution_id from institution_admin where account_id = ?`,
    [auth.accountId],
  );
  return { all: false, institutionIds: rows.map((r) => r.institution_id) };
}

export function assertInScope(scope: Scope, institutionId: string): void {
  if (!scope.all && !scope.institutionIds.includes(institutionId))
    throw new ForbiddenError('This institution is not one you administer');
}

export const institutionView = (i: Institution) => ({
  id: i.id,
  name: i.name,
  nameNative: i.nameNative ?? null,
  kind: i.kind,
  country: i.country,
  region: i.region,
  contactEmail: i.contactEmail ?? null,
  contactPhone: i.contactPhone ?? null,
  address: i.address ?? null,
  website: i.website ?? null,
  createdAt: i.createdAt.toISOString(),
  version: i.version,
});

export const conditionView = (c: AccreditationCondition) => ({
  id: c.id,
  text: c.text,
  dueDate: c.dueDate,
  status: c.status,
  resolvedAt: c.resolvedAt?.toISOString() ?? null,
  note: c.note ?? null,
  version: c.version,
});

export const windowOf = (a: Accreditation): AccreditationWindow => ({
  id: a.id,
  outcome: a.outcome,
  status: a.status,
  validFrom: a.validFrom,
  validUntil: a.validUntil,
  withdrawnFrom: a.withdrawnFrom ?? null,
});

export async function accreditationViews(em: EntityManager, programmeIds: string[]) {
  if (programmeIds.length === 0) return new Map<string, ReturnType<typeof accreditationView>[]>();
  const accs = await em.find(Accreditation, { programme: { $in: programmeIds } }, { orderBy: { validFrom: 'asc' } });
  const conditions = accs.length
    ? await em.find(
        AccreditationCondition,
        { accreditation: { $in: accs.map((a) => a.id) } },
        { orderBy: { dueDate: 'asc' } },
      )
    : [];
  const byProgramme = new Map<string, ReturnType<typeof accreditationView>[]>();
  for (const a of accs) {
    const list = byProgramme.get(a.programme.id) ?? [];
    list.push(
      accreditationView(
        a,
        conditions.filter((c) => c.accreditation.id === a.id),
      ),
    );
    byProgramme.set(a.programme.id, list);
  }
  return byProgramme;
}

export const accreditationView = (a: Accreditation, conditions: AccreditationCondition[]) => ({
  id: a.id,
  programmeId: a.programme.id,
  applicationId: a.application.id,
  outcome: a.outcome,
  status: a.status,
  validFrom: a.validFrom,
  validUntil: a.validUntil,
  withdrawnFrom: a.withdrawnFrom ?? null,
  withdrawalReason: a.withdrawalReason ?? null,
  conditions: conditions.map(conditionView),
  version: a.version,
});

const programmeSnapshot = (p: Programme) => ({
  name: p.name,
  nameNative: p.nameNative ?? null,
  level: p.level,
  durationMonths: p.durationMonths,
  credits: p.credits,
  fieldPlacementHours: p.fieldPlacementHours,
  deliveryMode: p.deliveryMode,
  active: p.active,
});

export function institutionService(deps: AppDeps) {
  const em = () => deps.orm.em;

  async function programmeViews(programmes: Programme[]) {
    const accs = await accreditationViews(
      em(),
      programmes.map((p) => p.id),
    );
    const institutions = new Map(
      (await em().find(Institution, { id: { $in: [...new Set(programmes.map((p) => p.institution.id))] } })).map(
        (i) => [i.id, i],
      ),
    );
    return programmes.map((p) => ({
      id: p.id,
      institutionId: p.institution.id,
      institutionName: institutions.get(p.institution.id)?.name ?? '',
      name: p.name,
      nameNative: p.nameNative ?? null,
      level: p.level,
      durationMonths: p.durationMonths,
      credits: p.credits,
      fieldPlacementHours: p.fieldPlacementHours,
      deliveryMode: p.deliveryMode,
      active: p.active,
      version: p.version,
      accreditations: accs.get(p.id) ?? [],
    }));
  }

  return {
    async listInstitutions(auth: AuthContext, q: z.infer<typeof institutionListQuery>) {
      const scope = await scopeOf(em(), auth);
      const where: Record<string, unknown> = {};
      if (!scope.all) where.id = { $in: scope.institutionIds };
      if (q.country) where.country = q.country;
      if (q.q) where.$or = [{ name: { $ilike: `%${q.q}%` } }, { nameNative: { $ilike: `%${q.q}%` } }];
      const [items, total] = await em().findAndCount(Institution, where, {
        orderBy: { [q.sort ?? 'name']: q.order },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: items.map(institutionView), total };
    },

    async getInstitution(auth: AuthContext, id: string) {
      assertInScope(await scopeOf(em(), auth), id);
      return institutionView(await em().findOneOrFail(Institution, { id }));
    },

    async createInstitution(input: z.infer<typeof institutionBody>) {
      return em().transactional(async (tx) => {
        const inst = tx.create(Institution, {
          ...input,
          nameNative: input.nameNative ?? null,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'institution.created',
          entityType: 'institution',
          entityId: inst.id,
          after: institutionView(inst),
        });
        return institutionView(inst);
      });
    },

    async updateInstitution(auth: AuthContext, id: string, input: z.infer<typeof institutionPatch>) {
      assertInScope(await scopeOf(em(), auth), id);
      const { version, ...changes } = input;
      return em().transactional(async (tx) =>
        institutionView(
          await updateAudited(
            tx,
            Institution,
            id,
            version,
            { entityType: 'institution', action: 'institution.updated', snapshot: institutionView },
            (inst) => tx.assign(inst, changes),
          ),
        ),
      );
    },

    async addAdmin(institutionId: string, accountId: string) {
      return em().transactional(async (tx) => {
        await tx.findOneOrFail(Institution, { id: institutionId });
        const account = await tx.findOne(Account, { id: accountId });
        if (!account) throw new ValidationError('accountId', 'no such account');
        if (!account.roles.includes('school_admin'))
          throw new ValidationError('accountId', 'the account does not have the school_admin role');
        await tx.execute(
          `insert into institution_admin (institution_id, account_id, created_at) values (?, ?, ?) on conflict do nothing`,
          [institutionId, accountId, deps.clock.now()],
        );
        await recordAudit(tx, {
          action: 'institution.admin-added',
          entityType: 'institution',
          entityId: institutionId,
          after: { accountId },
        });
        const admins = await tx.find(InstitutionAdmin, { institution: institutionId }, { populate: ['account'] });
        return {
          items: admins.map((a) => ({
            accountId: a.account.id,
            email: a.account.getEntity().email,
            displayName: a.account.getEntity().displayName,
          })),
          total: admins.length,
        };
      });
    },

    async listProgrammes(auth: AuthContext, q: z.infer<typeof programmeListQuery>) {
      const scope = await scopeOf(em(), auth);
      const where: Record<string, unknown> = {};
      if (!scope.all) where.institution = { $in: scope.institutionIds };
      if (q.institutionId)
        where.institution =
          scope.all || scope.institutionIds.includes(q.institutionId)
            ? q.institutionId
            : '00000000-0000-0000-0000-000000000000';
      if (q.level) where.level = q.level;
      if (q.q) where.$or = [{ name: { $ilike: `%${q.q}%` } }, { nameNative: { $ilike: `%${q.q}%` } }];
      const [items, total] = await em().findAndCount(Programme, where, {
        orderBy: { [q.sort ?? 'name']: q.order },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: await programmeViews(items), total };
    },

    async directory(q?: string) {
      const params: unknown[] = [];
      let where = 'p.active';
      if (q) {
        where += ' and (p.name ilike ? or i.name ilike ? or p.name_native ilike ? or i.name_native ilike ?)';
        const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
        params.push(like, like, like, like);
      }
      const rows = await em().execute<{ id: string; name: string; institution_name: string; level: string }[]>(
        `select p.id, p.name, i.name as institution_name, p.level from programme p join institution i on i.id = p.institution_id where ${where} order by i.name, p.name limit 200`,
        params,
      );
      return {
        items: rows.map((r) => ({ id: r.id, name: r.name, institutionName: r.institution_name, level: r.level })),
        total: rows.length,
      };
    },

    async getProgramme(auth: AuthContext, id: string) {
      const p = await em().findOne(Programme, { id });
      if (!p) throw new NotFoundError('The programme');
      assertInScope(await scopeOf(em(), auth), p.institution.id);
      return (await programmeViews([p]))[0]!;
    },

    async createProgramme(auth: AuthContext, input: z.infer<typeof programmeBody>) {
      assertInScope(await scopeOf(em(), auth), input.institutionId);
      return em().transactional(async (tx) => {
        if (!(await tx.findOne(Institution, { id: input.institutionId })))
          throw new ValidationError('institutionId', 'no such institution');
        const { institutionId, ...rest } = input;
        const p = tx.create(Programme, {
          ...rest,
          nameNative: rest.nameNative ?? null,
          institution: institutionId,
          active: true,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'programme.created',
          entityType: 'programme',
          entityId: p.id,
          after: { institutionId, ...programmeSnapshot(p) },
        });
        return (await programmeViews([p]))[0]!;
      });
    },

    async updateProgramme(auth: AuthContext, id: string, input: z.infer<typeof programmePatch>) {
      const existing = await em().findOne(Programme, { id });
      if (!existing) throw new NotFoundError('The programme');
      assertInScope(await scopeOf(em(), auth), existing.institution.id);
      const { version, ...changes } = input;
      return em().transactional(async (tx) => {
        const p = await updateAudited(
          tx,
          Programme,
          id,
          version,
          { entityType: 'programme', action: 'programme.updated', snapshot: programmeSnapshot },
          (prog) => tx.assign(prog, changes),
        );
        return (await programmeViews([p]))[0]!;
      });
    },
  };
}
