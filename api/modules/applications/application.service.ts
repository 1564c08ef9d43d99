/**
 * Applications for first registration, tier upgrade, renewal and restoration after a lapse. The registrar
 * sees every tier requirement checked against the record, with its evidence; approval needs every
 * requirement met (or, for "needs review" items, the reviewer's judgement), and a second approver
 * when the tier asks for four eyes. Approval issues the licence in the same transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { isStaff } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { DEFAULT_RENEWAL, Tier } from '../council/index.js';
import { renewalChecks, renewalWindow, renewedPeriod } from '../renewals/index.js';
import { isQualificationAccredited } from '../accreditation/index.js';
import { cpdComplianceFor } from '../cpd/index.js';
import { listDocuments, storeDocument } from '../documents/index.js';
import { queueEmail } from '../notifications/index.js';
import {
  Qualification,
  Registrant,
  assertRegistrantAccess,
  ownRegistrantId,
  qualificationViews,
} from '../registrants/index.js';
import {
  Licence,
  LicencePeriod,
  addMonthsMinusDay,
  issueLicence,
  recordLicenceEvent,
  assertApplicationTransition,
  checkRequirements,
  type LicenceApplicationStatus,
  type RequirementCheck,
} from '../licences/index.js';
import { ExamResult, LicenceApplication } from './application.entity.js';
import type { applicationCreate, applicationListQuery } from './application.schema.js';

const OWNER = 'licence_application';
const isoToday = (d: Date) => d.toISOString().slice(0, 10);

export function applicationService(deps: AppDeps) {
  const em = () => deps.orm.em;

  /** A renewal's checks: the window, the declarations and continuing professional development. */
  async function renewalRequirements(
    tx: EntityManager,
    app: LicenceApplication,
    tier: Tier,
    today: string,
  ): Promise<RequirementCheck[]> {
    const licence = app.licenceId ? await tx.findOne(Licence, { id: app.licenceId }) : null;
    if (!licence)
      return [{ key: 'licence', label: 'Licence to renew', status: 'not_met', detail: 'the licence no longer exists' }];
    // A submitted renewal is judged on the day it was submitted: the registrant did their part then.
    const judgedOn = app.submittedAt ? isoToday(app.submittedAt) : today;
    const window = renewalWindow(licence.validUntil, tier.renewal ?? DEFAULT_RENEWAL, judgedOn);
    // The CPD cycle being renewed is the period that ends on validUntil: credits count up to its
    // last day (later ones belong to the next cycle), whether the renewal is made early or in grace.
    const compliance = await cpdComplianceFor(
      tx,
      licence.id,
      judgedOn < licence.validUntil ? judgedOn : licence.validUntil,
    );
    const cpd = compliance.required > 0 || compliance.auditBlocksRenewal ? compliance : null;
    return renewalChecks({ licenceStatus: licence.status, window, declarations: app.declarations, cpd });
  }

  /**
   * A restoration: the person met the tier's entry requirements when first licensed, so what is
   * asked again is a lapsed licence of the tier and the tier's declarations (ethics, fitness).
   */
  async function restorationRequirements(
    tx: EntityManager,
    app: LicenceApplication,
    tier: Tier,
    today: string,
  ): Promise<RequirementCheck[]> {
    const lapsed = await tx.findOne(Licence, { registrant: app.registrant.id, tierCode: tier.code, status: 'lapsed' });
    const declarationsOnly = {
      ...tier.requirements,
      minQualificationLevel: null,
      accreditedProgramme: false,
      supervisedHours: 0,
      examRequired: false,
      monthsAtPreviousTier: 0,
      previousTier: null,
    };
    return [
      lapsed
        ? {
            key: 'lapsed-licence',
            label: 'Lapsed licence to restore',
            status: 'met',
            detail: `${lapsed.number}, lapsed since ${lapsed.statusSince}`,
          }
        : {
            key: 'lapsed-licence',
            label: 'Lapsed licence to restore',
            status: 'not_met',
            detail: `no lapsed ${tier.code} licence`,
          },
      ...checkRequirements(
        app.tierCode,
        declarationsOnly,
        {
          qualifications: [],
          confirmedHoursSince: () => 0,
          passedExams: [],
          heldTierSince: () => null,
          declarations: app.declarations,
        },
        today,
      ),
    ];
  }

  /** Every requirement of the tier, checked against what the registry knows today. */
  async function requirements(tx: EntityManager, app: LicenceApplication): Promise<RequirementCheck[]> {
    const tier = await tx.findOne(Tier, { code: app.tierCode });
    if (!tier)
      return [{ key: 'tier', label: `Tier ${app.tierCode}`, status: 'not_met', detail: 'the tier no longer exists' }];
    const today = isoToday(deps.clock.now());
    if (app.type === 'renewal') return renewalRequirements(tx, app, tier, today);
    if (app.type === 'restoration') return restorationRequirements(tx, app, tier, today);
    const r = await tx.findOneOrFail(Registrant, { id: app.registrant.id });
    const quals = await tx.find(Qualification, { registrant: r.id });
    const views = await qualificationViews(tx, quals, r);
    const qualificationFacts = await Promise.all(
      views.map(async (q) => ({
        id: q.id,
        level: q.level as never,
        awardedOn: q.awardedOn,
        foreign: q.foreign,
        verifiedByGraduateList: q.verifiedByGraduateList,
        label: `${q.title}, ${q.awardingInstitution} (${q.awardedOn})`,
        accredited: q.programmeId
          ? await isQualificationAccredited(tx, q.programmeId, q.awardedOn).then((e) => ({
              accredited: e.accredited,
              reason: e.accredited ? null : e.reason,
            }))
          : null,
      })),
    );
    const hoursByPeriod = await tx.execute<{ period_end: string; hours: string }[]>(
      `select to_char(period_end, 'YYYY-MM-DD') as period_end, hours from supervision_entry where supervisee_id = ? and status = 'confirmed'`,
      [r.id],
    );
    const exams = await tx.find(ExamResult, { registrant: r.id, passed: true });
    const held = await tx.execute<{ tier_code: string; since: string }[]>(
      `select l.tier_code, to_char(min(p.valid_from), 'YYYY-MM-DD') as since from licence l join licence_period p on p.licence_id = l.id
       where l.registrant_id = ? and l.status in ('active', 'grace', 'surrendered') group by l.tier_code`,
      [r.id],
    );
    return checkRequirements(
      app.tierCode,
      tier.requirements,
      {
        qualifications: qualificationFacts,
        confirmedHoursSince: (since) =>
          hoursByPeriod.filter((h) => !since || h.period_end >= since).reduce((s, h) => s + Number(h.hours), 0),
        passedExams: exams.map((e) => e.examCode),
        heldTierSince: (code) => held.find((h) => h.tier_code === code)?.since ?? null,
        declarations: app.declarations,
      },
      today,
    );
  }

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
      lateFee: a.lateFee ?? null,
      informationRequest: a.informationRequest ?? null,
      applicantNote: a.applicantNote ?? null,
      decisionReason: a.decisionReason ?? null,
      firstApprovalBy: a.firstApprovalBy ?? null,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      licenceId: a.licenceId ?? null,
      createdAt: a.createdAt.toISOString(),
      submittedAt: a.submittedAt?.toISOString() ?? null,
      version: a.version,
      requirements: withChecks ? await requirements(tx, a) : [],
      documents: withChecks
        ? (await listDocuments(tx, OWNER, a.id)).map((d) => ({
            id: d.id,
            filename: d.filename,
            contentType: d.contentType,
            sizeBytes: d.sizeBytes,
            uploadedAt: d.uploadedAt,
          }))
        : [],
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
        if (a.type !== 'renewal') return;
        // A renewal submitted in time keeps the licence from lapsing while it is reviewed; one
        // submitted during grace records the tier's late fee.
        const licence = await tx.findOneOrFail(Licence, { id: a.licenceId! });
        const tier = await tx.findOneOrFail(Tier, { code: a.tierCode });
        const w = renewalWindow(licence.validUntil, tier.renewal ?? DEFAULT_RENEWAL, isoToday(a.submittedAt));
        if (licence.status === 'lapsed' || w.stage === 'lapsed')
          throw new ValidationError('type', `licence ${licence.number} has lapsed: apply for restoration`);
        a.lateFee = w.late ? (tier.renewal ?? DEFAULT_RENEWAL).lateFee : null;
      }),
    withdraw: (auth: AuthContext, id: string, version: number) => move(auth, id, version, 'withdrawn'),
    startReview: (auth: AuthContext, id: string, version: number) => move(auth, id, version, 'under_review'),
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

    /** Approves (or records the first of two approvals) and issues or restores the licence. */
    async approve(auth: AuthContext, id: string, version: number, reason: string) {
      return em().transactional(async (tx) => {
        const a = await load(tx, auth, id);
        await tx.lock(a, LockMode.OPTIMISTIC, version);
        assertApplicationTransition(a.status, 'approved');
        const unmet = (await requirements(tx, a)).filter((c) => c.status === 'not_met');
        if (unmet.length)
          throw new ValidationError(
            'requirements',
            `not met: ${unmet.map((c) => `${c.label} (${c.detail})`).join('; ')}`,
          );
        const tier = await tx.findOneOrFail(Tier, { code: a.tierCode });
        if (tier.fourEyesApproval && !a.firstApprovalBy) {
          a.firstApprovalBy = auth.accountId;
          a.firstApprovalAt = deps.clock.now();
          await tx.flush();
          await recordAudit(tx, {
            action: 'licence-application.first-approval',
            entityType: 'licence_application',
            entityId: a.id,
            after: { reason },
          });
          return view(tx, a);
        }
        if (tier.fourEyesApproval && a.firstApprovalBy === auth.accountId)
          throw new ForbiddenError('This tier needs a second approver: someone other than the first');
        const now = deps.clock.now();
        const today = isoToday(now);
        let licence: Licence;
        if (a.type === 'renewal') {
          licence = await tx.findOneOrFail(Licence, { id: a.licenceId! });
          if (!['active', 'grace'].includes(licence.status))
            throw new ValidationError(
              'licence',
              `licence ${licence.number} is ${licence.status}; it cannot be renewed`,
            );
          const period = renewedPeriod(licence.validUntil, addMonthsMinusDay, tier.validityMonths);
          tx.create(LicencePeriod, {
            licence,
            validFrom: period.validFrom,
            validUntil: period.validUntil,
            kind: 'renewal',
            applicationId: a.id,
            createdAt: now,
          });
          licence.validUntil = period.validUntil;
          if (licence.status === 'grace') {
            const from = licence.moveTo('active', today);
            await recordLicenceEvent(tx, licence, from, 'active', today, `renewed late: ${reason}`, null, now);
          }
        } else if (a.type === 'restoration') {
          licence = await tx.findOneOrFail(Licence, {
            registrant: a.registrant.id,
            tierCode: a.tierCode,
            status: 'lapsed',
          });
          const validUntil = addMonthsMinusDay(today, tier.validityMonths);
          tx.create(LicencePeriod, {
            licence,
            validFrom: today,
            validUntil,
            kind: 'restoration',
            applicationId: a.id,
            createdAt: now,
          });
          licence.validUntil = validUntil;
          const from = licence.moveTo('active', today);
          await recordLicenceEvent(tx, licence, from, 'active', today, `restored: ${reason}`, null, now);
        } else {
          licence = await issueLicence(tx, {
            registrantId: a.registrant.id,
            tier,
            validFrom: today,
            applicationId: a.id,
            now,
            reason,
          });
          if (a.type === 'tier_upgrade') {
            const previous = await tx.find(Licence, {
              registrant: a.registrant.id,
              status: 'active',
              id: { $ne: licence.id },
            });
            for (const old of previous) {
              const from = old.moveTo('surrendered', today);
              await recordLicenceEvent(
                tx,
                old,
                from,
                'surrendered',
                today,
                `superseded by ${licence.number} (${tier.code})`,
                null,
                now,
              );
            }
          }
        }
        a.status = 'approved';
        a.decisionReason = reason;
        a.decidedAt = now;
        a.decidedBy = auth.accountId;
        a.licenceId = licence.id;
        await tx.flush();
        await recordAudit(tx, {
          action: 'licence-application.approved',
          entityType: 'licence_application',
          entityId: a.id,
          after: { licenceId: licence.id, number: licence.number },
        });
        await notify(
          tx,
          a,
          'approved',
          a.type === 'renewal'
            ? `Licence ${licence.number} is renewed until ${licence.validUntil}.`
            : `Your licence number is ${licence.number}.`,
        );
        return view(tx, a);
      });
    },

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
