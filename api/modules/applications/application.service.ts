/**
 * Applications for first registration, tier upgrade, renewal and restoration after a lapse. The registrar
 * sees every tier requirement checked against the record, with its evidence (actions/requirements.ts);
 * approval needs every requirement met (or, for "needs review" items, the reviewer's judgement), and a
 * second approver when the tier asks for four eyes, and asks the licences module to issue, renew,
 * restore or upgrade in the same transaction (actions/approve.ts).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { isStaff } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { DEFAULT_RENEWAL, Tier } from '../council/index.js';
import { renewalWindow } from '../renewals/index.js';
import { listDocuments, storeDocument } from '../documents/index.js';
import { queueEmail } from '../notifications/index.js';
import { assertPaidBefore, balance, chargeFor, feeKindFor, formatMoney, Invoice, type FeeKind } from '../fees/index.js';
import { Registrant, assertRegistrantAccess, ownRegistrantId } from '../registrants/index.js';
import {
  Licence,
  assertApplicationTransition,
  requirementsIn,
  type LicenceApplicationStatus,
} from '../licences/index.js';
import { ExamResult, LicenceApplication } from './application.entity.js';
import type { applicationCreate, applicationListQuery } from './application.schema.js';
import { approvalActions } from './actions/approve.js';
import { requirementsFor } from './actions/requirements.js';
import { requestedLanguage } from '../../http/request-context.js';
import { LANGUAGES } from '../../shared/i18n.js';

const OWNER = 'licence_application';
const APPLICATION_NAMES: Record<LicenceApplication['type'], string> = {
  first_registration: 'First registration',
  tier_upgrade: 'Tier upgrade',
  restoration: 'Restoration',
  renewal: 'Licence renewal',
};
const isoToday = (d: Date) => d.toISOString().slice(0, 10);

export function applicationService(deps: AppDeps) {
  const em = () => deps.orm.em;

  async function view(tx: EntityManager, a: LicenceApplication, withChecks = true) {
    const r = await tx.findOneOrFail(Registrant, { id: a.registrant.id });
    return {
      id: a.id,
      registrantId: r.id,
      registrantName: r.fullName,
      type: a.type,
      tierCode: a.tierCode,
      status: a.status,
      declarations: a.declarations,
      invoice: await invoiceOf(tx, a.id),
      informationRequest: a.informationRequest ?? null,
      applicantNote: a.applicantNote ?? null,
      decisionReason: a.decisionReason ?? null,
      firstApprovalBy: a.firstApprovalBy ?? null,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      licenceId: a.licenceId ?? null,
      createdAt: a.createdAt.toISOString(),
      submittedAt: a.submittedAt?.toISOString() ?? null,
      version: a.version,
      requirements: withChecks
        ? await requirementsFor(
            tx,
            a,
            isoToday(deps.clock.now()),
            // In the reader's language (the UI sends its language as Accept-Language), else English.
            requirementsIn(requestedLanguage([...LANGUAGES]) ?? 'en'),
          )
        : [],
      documents: withChecks ? await listDocuments(tx, OWNER, a.id) : [],
    };
  }

  /** The application's invoice, when its submission was charged. */
  async function invoiceOf(tx: EntityManager, id: string) {
    const inv = await tx.findOne(Invoice, { subjectType: OWNER, subjectId: id });
    if (!inv) return null;
    const due = balance(inv);
    return {
      id: inv.id,
      number: inv.number,
      status: inv.status,
      currency: inv.currency,
      totalMinor: inv.totalMinor,
      balanceMinor: due,
      balance: formatMoney(due, inv.currency, 'en-GB'),
      payBefore: inv.payBefore ?? null,
    };
  }

  async function load(tx: EntityManager, auth: AuthContext, id: string) {
    const a = await tx.findOne(LicenceApplication, { id });
    if (!a) throw new NotFoundError('The application');
    await assertRegistrantAccess(tx, auth, a.registrant.id);
    return a;
  }

  /** A state change under the caller's version, audited; `apply` may add more work. */
  async function move(
    auth: AuthContext,
    id: string,
    version: number,
    to: LicenceApplicationStatus,
    apply?: (a: LicenceApplication, tx: EntityManager) => Promise<void> | void,
  ) {
    return em().transactional(async (tx) => {
      const a = await load(tx, auth, id);
      await tx.lock(a, LockMode.OPTIMISTIC, version);
      const from = a.status;
      assertApplicationTransition(from, to);
      a.status = to;
      await apply?.(a, tx);
      await tx.flush();
      await recordAudit(tx, {
        action: `licence-application.${to}`,
        entityType: 'licence_application',
        entityId: a.id,
        before: { status: from },
        after: { status: to },
      });
      return view(tx, a);
    });
  }

  async function notify(tx: EntityManager, a: LicenceApplication, outcome: string, detail: string) {
    const r = await tx.findOneOrFail(Registrant, { id: a.registrant.id }, { populate: ['account'] });
    const to = r.email ?? r.account?.getEntity().email;
    if (!to) return;
    const council = await tx.execute<{ name: string }[]>(`select name from council where id = 1`);
    await queueEmail(
      tx,
      {
        idempotencyKey: `licence-application:${a.id}:${outcome}`,
        to,
        template: 'licence-application-decision',
        locale: r.account?.getEntity().locale ?? 'en',
        vars: {
          name: r.fullName,
          councilName: council[0]?.name ?? 'Social Work Registry',
          outcome,
          tier: a.tierCode,
          detail,
          link: `${deps.config.publicUrl}/#/`,
        },
      },
      deps.clock.now(),
    );
  }

  return {
    async list(auth: AuthContext, q: z.infer<typeof applicationListQuery>) {
      const where: Record<string, unknown> = {};
      if (!isStaff(auth.roles))
        where.registrant = (await ownRegistrantId(em(), auth)) ?? '00000000-0000-0000-0000-000000000000';
      else if (q.registrantId) where.registrant = q.registrantId;
      if (q.status) where.status = q.status;
      if (q.tierCode) where.tierCode = q.tierCode;
      if (q.type) where.type = q.type;
      const [items, total] = await em().findAndCount(LicenceApplication, where, {
        orderBy: { [q.sort ?? 'createdAt']: q.order },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: await Promise.all(items.map((a) => view(em(), a, false))), total };
    },

    async get(auth: AuthContext, id: string) {
      return view(em(), await load(em(), auth, id));
    },

    async create(auth: AuthContext, input: z.infer<typeof applicationCreate>) {
      const registrantId = await ownRegistrantId(em(), auth);
      if (!registrantId) throw new ValidationError('registrant', 'create your registrant record first');
      const tier = await em().findOne(Tier, { code: input.tierCode, active: true });
      if (!tier) throw new ValidationError('tierCode', `there is no tier '${input.tierCode}'`);
      const licences = await em().find(Licence, { registrant: registrantId });
      const tiers = new Map((await em().find(Tier, {})).map((t) => [t.code, t.rank]));
      const live = licences.filter((l) => ['active', 'grace', 'suspended'].includes(l.status));
      if (input.type === 'first_registration' && live.length)
        throw new ValidationError('type', 'you already hold a licence; apply for a tier upgrade instead');
      if (
        input.type === 'tier_upgrade' &&
        !live.some((l) => l.status === 'active' && (tiers.get(l.tierCode) ?? 0) < tier.rank)
      )
        throw new ValidationError('tierCode', 'an upgrade needs an active licence at a lower tier');
      if (input.type === 'restoration' && !licences.some((l) => l.status === 'lapsed' && l.tierCode === tier.code))
        throw new ValidationError('type', `restoration needs a lapsed ${tier.code} licence`);
      let renewing: Licence | undefined;
      if (input.type === 'renewal') {
        renewing = licences.find(
          (l) => ['active', 'grace', 'suspended'].includes(l.status) && l.tierCode === tier.code,
        );
        if (!renewing)
          throw new ValidationError(
            'tierCode',
            licences.some((l) => l.status === 'lapsed' && l.tierCode === tier.code)
              ? `your ${tier.code} licence has lapsed: apply for restoration`
              : `you hold no current ${tier.code} licence to renew`,
          );
        if (renewing.status === 'suspended')
          throw new ValidationError('type', 'a suspended licence cannot be renewed until the suspension ends');
        const w = renewalWindow(renewing.validUntil, tier.renewal ?? DEFAULT_RENEWAL, isoToday(deps.clock.now()));
        if (w.stage === 'not_open')
          throw new ValidationError('type', `the renewal window for licence ${renewing.number} opens on ${w.opensOn}`);
      }
      return em().transactional(async (tx) => {
        if (
          await tx.count(LicenceApplication, {
            registrant: registrantId,
            status: { $nin: ['approved', 'rejected', 'withdrawn'] },
          })
        )
          throw new ConflictError('You already have an application in progress');
        const a = tx.create(LicenceApplication, {
          registrant: registrantId,
          type: input.type,
          tierCode: tier.code,
          status: 'draft',
          declarations: input.declarations,
          applicantNote: input.applicantNote ?? null,
          licenceId: renewing?.id ?? null,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'licence-application.created',
          entityType: 'licence_application',
          entityId: a.id,
          after: { type: a.type, tierCode: a.tierCode },
        });
        return view(tx, a);
      });
    },

    async addDocument(auth: AuthContext, id: string, file: { bytes: Buffer; filename?: string }) {
      return em().transactional(async (tx) => {
        const a = await load(tx, auth, id);
        if (!['draft', 'information_requested'].includes(a.status))
          throw new ConflictError(
            `Evidence can be added to a draft, or when information is requested (it is ${a.status})`,
          );
        const doc = storeDocument(tx, {
          ownerType: OWNER,
          ownerId: a.id,
          purpose: 'evidence',
          filename: file.filename,
          bytes: file.bytes,
          allowed: ['pdf', 'jpeg', 'png'],
          uploadedBy: auth.accountId,
          now: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'licence-application.evidence-added',
          entityType: 'licence_application',
          entityId: a.id,
          after: { documentId: doc.id, sha256: doc.sha256 },
        });
        return view(tx, a);
      });
    },

    submit: (auth: AuthContext, id: string, version: number) =>
      move(auth, id, version, 'submitted', async (a, tx) => {
        a.submittedAt = deps.clock.now();
        const kinds: FeeKind[] = [feeKindFor(a.type)!];
        if (a.type === 'renewal') {
          // A renewal submitted in time keeps the licence from lapsing while it is reviewed; one
          // submitted during grace is charged the late renewal fee as well.
          const licence = await tx.findOneOrFail(Licence, { id: a.licenceId! });
          const tier = await tx.findOneOrFail(Tier, { code: a.tierCode });
          const w = renewalWindow(licence.validUntil, tier.renewal ?? DEFAULT_RENEWAL, isoToday(a.submittedAt));
          if (licence.status === 'lapsed' || w.stage === 'lapsed')
            throw new ValidationError('type', `licence ${licence.number} has lapsed: apply for restoration`);
          if (w.late) kinds.push('late_renewal');
        }
        // The fees in force on the submission date apply: one invoice, numbered, with a line per fee.
        const r = await tx.findOneOrFail(Registrant, { id: a.registrant.id }, { populate: ['account'] });
        await chargeFor(tx, {
          subjectType: OWNER,
          subjectId: a.id,
          kinds,
          scope: a.tierCode,
          on: isoToday(a.submittedAt),
          payer: { type: 'registrant', id: r.id },
          billedTo: r.fullName,
          email: r.email ?? r.account?.getEntity().email ?? null,
          description: `${APPLICATION_NAMES[a.type]} — ${a.tierCode}`,
          publicUrl: deps.config.publicUrl,
          now: a.submittedAt,
        });
      }),
    startReview: (auth: AuthContext, id: string, version: number) =>
      move(auth, id, version, 'under_review', (a, tx) => assertPaidBefore(tx, OWNER, a.id, 'review')),
    withdraw: (auth: AuthContext, id: string, version: number) => move(auth, id, version, 'withdrawn'),
    requestInformation: (auth: AuthContext, id: string, version: number, message: string) =>
      move(auth, id, version, 'information_requested', async (a, tx) => {
        a.informationRequest = message;
        await notify(tx, a, 'information_requested', message);
      }),
    resubmit: (auth: AuthContext, id: string, version: number, note: string) =>
      move(auth, id, version, 'resubmitted', (a) => {
        a.applicantNote = note;
      }),
    reject: (auth: AuthContext, id: string, version: number, reason: string) =>
      move(auth, id, version, 'rejected', async (a, tx) => {
        a.decisionReason = reason;
        a.decidedAt = deps.clock.now();
        a.decidedBy = auth.accountId;
        await notify(tx, a, 'rejected', reason);
      }),

    ...approvalActions(deps, { load, view: (tx, a) => view(tx, a), notify }),

    async recordExam(
      input: { registrantId: string; examCode: string; takenOn: string; passed: boolean; score?: number },
      recordedBy: string,
    ) {
      if (input.takenOn > isoToday(deps.clock.now())) throw new ValidationError('takenOn', 'is in the future');
      return em().transactional(async (tx) => {
        if (!(await tx.findOne(Registrant, { id: input.registrantId })))
          throw new ValidationError('registrantId', 'no such registrant');
        const e = tx.create(ExamResult, {
          registrant: input.registrantId,
          examCode: input.examCode,
          takenOn: input.takenOn,
          passed: input.passed,
          score: input.score ?? null,
          recordedBy,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'exam-result.recorded',
          entityType: 'registrant',
          entityId: input.registrantId,
          after: { examCode: e.examCode, takenOn: e.takenOn, passed: e.passed },
        });
        return {
          id: e.id,
          registrantId: input.registrantId,
          examCode: e.examCode,
          takenOn: e.takenOn,
          passed: e.passed,
          score: e.score ?? null,
        };
      });
    },
  };
}
