/**
 * The accreditation workflow: a school prepares and submits an application with self-study PDFs;
 * council staff assign reviewers, record the site visit and decide. A positive decision opens an
 * accreditation window (continuing the current one without a gap when decided before it ends).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { z } from 'zod';
import type { AppDeps } from '../../../deps.js';
import type { AuthContext } from '../../../http/authenticate.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/index.js';
import { Account } from '../../auth/index.js';
import { getDocumentContent, listDocuments, storeDocument } from '../../documents/index.js';
import { Council } from '../../council/index.js';
import { assertPaidBefore, chargeFor } from '../../fees/index.js';
import {
  Accreditation,
  AccreditationApplication,
  AccreditationCondition,
  Institution,
  Programme,
} from '../accreditation.entity.js';
import {
  ACCREDITATION_TRANSITIONS,
  APPLICATION_TRANSITIONS,
  CONDITION_TRANSITIONS,
  addDays,
  addMonths,
  assertTransition,
  isoDate,
  nextWindowStart,
  type ApplicationStatus,
} from '../accreditation.rules.js';
import { accreditationView, assertInScope, scopeOf, windowOf } from '../accreditation.service.js';
import { isoDay } from '../../../shared/dates.js';
import type {
  applicationCreate,
  applicationListQuery,
  conditionUpdateBody,
  decisionBody,
  reviewersBody,
  siteVisitBody,
  withdrawBody,
} from '../accreditation.schema.js';

const OWNER = 'accreditation_application';
export const DEFAULT_ACCREDITATION_MONTHS = 60;

export function applicationActions(deps: AppDeps) {
  const em = () => deps.orm.em;
  const today = () => isoDate(deps.clock.now());

  async function view(a: AccreditationApplication) {
    const programme = await em().findOneOrFail(Programme, { id: a.programme.id });
    const institution = await em().findOneOrFail(Institution, { id: programme.institution.id });
    return {
      id: a.id,
      programmeId: programme.id,
      programmeName: programme.name,
      institutionId: institution.id,
      institutionName: institution.name,
      status: a.status,
      selfStudySummary: a.selfStudySummary,
      reviewerIds: [...a.reviewerIds],
      siteVisitDate: a.siteVisitDate ?? null,
      siteVisitFindings: a.siteVisitFindings ?? null,
      outcome: a.outcome ?? null,
      decisionReason: a.decisionReason ?? null,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      accreditationId: a.accreditationId ?? null,
      createdAt: a.createdAt.toISOString(),
      submittedAt: a.submittedAt?.toISOString() ?? null,
      documents: await listDocuments(em(), OWNER, a.id),
      version: a.version,
    };
  }

  /** Loads an application the caller may see, with its institution id. */
  async function load(auth: AuthContext, id: string, tx: EntityManager = em()) {
    const a = await tx.findOne(AccreditationApplication, { id });
    if (!a) throw new NotFoundError('The application');
    const programme = await tx.findOneOrFail(Programme, { id: a.programme.id });
    assertInScope(await scopeOf(tx, auth), programme.institution.id);
    return { a, programme };
  }

  /** Runs a change on one application under its version, with an audit row and the state table. */
  async function change(
    auth: AuthContext,
    id: string,
    version: number,
    to: ApplicationStatus | null,
    action: string,
    apply: (a: AccreditationApplication, tx: EntityManager) => Promise<void> | void,
  ) {
    return em()
      .transactional(async (tx) => {
        const { a } = await load(auth, id, tx);
        await tx.lock(a, LockMode.OPTIMISTIC, version);
        const before = { status: a.status };
        if (to && to !== a.status) assertTransition('The application', APPLICATION_TRANSITIONS, a.status, to);
        await apply(a, tx);
        if (to) a.status = to;
        await tx.flush();
        await recordAudit(tx, {
          action,
          entityType: 'accreditation_application',
          entityId: a.id,
          before,
          after: { status: a.status },
        });
        return a;
      })
      .then(view);
  }

  return {
    view,

    async list(auth: AuthContext, q: z.infer<typeof applicationListQuery>) {
      const scope = await scopeOf(em(), auth);
      const where: Record<string, unknown> = {};
      if (q.status) where.status = q.status;
      const institutions = scope.all
        ? q.institutionId
          ? [q.institutionId]
          : null
        : scope.institutionIds.filter((i) => !q.institutionId || i === q.institutionId);
      if (institutions) where.programme = { institution: { $in: institutions } };
      const [items, total] = await em().findAndCount(AccreditationApplication, where, {
        orderBy: { [q.sort ?? 'createdAt']: q.order },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: await Promise.all(items.map(view)), total };
    },

    async get(auth: AuthContext, id: string) {
      return view((await load(auth, id)).a);
    },

    async create(auth: AuthContext, input: z.infer<typeof applicationCreate>) {
      const programme = await em().findOne(Programme, { id: input.programmeId });
      if (!programme) throw new ValidationError('programmeId', 'no such programme');
      assertInScope(await scopeOf(em(), auth), programme.institution.id);
      const a = await em().transactional(async (tx) => {
        const open = await tx.count(AccreditationApplication, {
          programme: programme.id,
          status: { $in: ['draft', 'submitted', 'under_review'] },
        });
        if (open) throw new ConflictError('This programme already has an application in progress', 'programmeId');
        const app = tx.create(AccreditationApplication, {
          programme: programme.id,
          status: 'draft',
          selfStudySummary: input.selfStudySummary,
          reviewerIds: [],
          createdBy: auth.accountId,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'accreditation-application.created',
          entityType: 'accreditation_application',
          entityId: app.id,
          after: { programmeId: programme.id },
        });
        return app;
      });
      return view(a);
    },

    async addDocument(auth: AuthContext, id: string, file: { bytes: Buffer; filename?: string }) {
      return em().transactional(async (tx) => {
        const { a } = await load(auth, id, tx);
        if (a.status !== 'draft' && a.status !== 'submitted')
          throw new ConflictError(
            `Documents can be added while the application is a draft or submitted (it is ${a.status})`,
          );
        const doc = storeDocument(tx, {
          ownerType: OWNER,
          ownerId: a.id,
          purpose: 'self-study',
          filename: file.filename,
          bytes: file.bytes,
          allowed: ['pdf'],
          uploadedBy: auth.accountId,
          now: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'accreditation-application.document-added',
          entityType: 'accreditation_application',
          entityId: a.id,
          after: { documentId: doc.id, filename: doc.filename, sha256: doc.sha256 },
        });
        return {
          id: doc.id,
          purpose: doc.purpose,
          filename: doc.filename,
          contentType: doc.contentType,
          sizeBytes: doc.sizeBytes,
          sha256: doc.sha256,
          uploadedAt: doc.uploadedAt.toISOString(),
        };
      });
    },

    async document(auth: AuthContext, id: string, documentId: string) {
      await load(auth, id);
      return getDocumentContent(em(), OWNER, id, documentId);
    },

    submit: (auth: AuthContext, id: string, version: number) =>
      change(auth, id, version, 'submitted', 'accreditation-application.submitted', async (a, tx) => {
        const docs = await listDocuments(tx, OWNER, a.id);
        if (docs.length === 0)
          throw new ValidationError('documents', 'attach the self-study report (PDF) before submitting');
        a.submittedAt = deps.clock.now();
        // The accreditation fee for the programme's level in force on the submission date, billed to the school.
        const programme = await tx.findOneOrFail(Programme, { id: a.programme.id }, { populate: ['institution'] });
        const school = programme.institution.getEntity();
        await chargeFor(tx, {
          subjectType: OWNER,
          subjectId: a.id,
          kinds: ['accreditation'],
          scope: programme.level,
          on: isoDay(a.submittedAt),
          payer: { type: 'institution', id: school.id },
          billedTo: school.name,
          email: school.contactEmail ?? null,
          description: `Accreditation of ${programme.name}`.slice(0, 300),
          publicUrl: deps.config.publicUrl,
          now: a.submittedAt,
        });
      }),

    withdraw: (auth: AuthContext, id: string, version: number) =>
      change(auth, id, version, 'withdrawn', 'accreditation-application.withdrawn', () => {}),

    assignReviewers: (auth: AuthContext, id: string, input: z.infer<typeof reviewersBody>) =>
      change(auth, id, input.version, null, 'accreditation-application.reviewers-assigned', async (a, tx) => {
        if (a.status !== 'submitted' && a.status !== 'under_review')
          throw new ConflictError(`Reviewers are assigned to a submitted application (it is ${a.status})`);
        await assertPaidBefore(tx, OWNER, a.id, 'review');
        const reviewers = await tx.find(Account, { id: { $in: input.reviewerIds } });
        for (const rid of input.reviewerIds) {
          const r = reviewers.find((x) => x.id === rid);
          if (!r || !(r.roles.includes('reviewer') || r.roles.includes('registrar')))
            throw new ValidationError('reviewerIds', `${rid} is not a council reviewer or registrar`);
        }
        a.reviewerIds = [...new Set(input.reviewerIds)];
        if (a.status === 'submitted') a.status = 'under_review';
      }),

    recordSiteVisit: (auth: AuthContext, id: string, input: z.infer<typeof siteVisitBody>) =>
      change(auth, id, input.version, null, 'accreditation-application.site-visit-recorded', (a) => {
        if (a.status !== 'under_review')
          throw new ConflictError(`A site visit is recorded while the application is under review (it is ${a.status})`);
        if (input.date > today()) throw new ValidationError('date', 'the site visit date is in the future');
        a.siteVisitDate = input.date;
        a.siteVisitFindings = input.findings;
      }),

    decide: (auth: AuthContext, id: string, input: z.infer<typeof decisionBody>) =>
      change(auth, id, input.version, 'decided', 'accreditation-application.decided', async (a, tx) => {
        const decisionDate = input.decisionDate ?? today();
        await assertPaidBefore(tx, OWNER, a.id, 'approval');
        if (decisionDate > today())
          throw new ValidationError('decisionDate', 'a decision cannot be dated in the future');
        if (input.outcome === 'accredited_with_conditions' && input.conditions.length === 0)
          throw new ValidationError('conditions', 'name at least one condition');
        if (input.outcome !== 'accredited_with_conditions' && input.conditions.length > 0)
          throw new ValidationError('conditions', 'conditions go with the outcome accredited_with_conditions');
        input.conditions.forEach((c, i) => {
          if (c.dueDate <= decisionDate)
            throw new ValidationError(`conditions.${i}.dueDate`, 'a condition falls due after the decision');
        });
        a.outcome = input.outcome;
        a.decisionReason = input.reason;
        a.decidedAt = deps.clock.now();
        a.decidedBy = auth.accountId;
        if (input.outcome === 'not_accredited') return;
        const current = await tx.findOne(
          Accreditation,
          { programme: a.programme.id, status: 'active' },
          { orderBy: { validUntil: 'desc' } },
        );
        const council = await tx.findOne(Council, { id: 1 });
        const months = Number(
          (council?.settings as { accreditationValidityMonths?: number } | undefined)?.accreditationValidityMonths ??
            DEFAULT_ACCREDITATION_MONTHS,
        );
        const validFrom = nextWindowStart(current ? windowOf(current) : null, decisionDate);
        const acc = tx.create(Accreditation, {
          programme: a.programme.id,
          application: a.id,
          outcome: input.outcome,
          status: 'active',
          validFrom,
          validUntil: addDays(addMonths(validFrom, months), -1),
          createdAt: deps.clock.now(),
        });
        for (const c of input.conditions)
          tx.create(AccreditationCondition, { accreditation: acc, text: c.text, dueDate: c.dueDate, status: 'open' });
        await tx.flush();
        a.accreditationId = acc.id;
        await recordAudit(tx, {
          action: 'accreditation.granted',
          entityType: 'accreditation',
          entityId: acc.id,
          after: {
            programmeId: a.programme.id,
            outcome: acc.outcome,
            validFrom: acc.validFrom,
            validUntil: acc.validUntil,
            conditions: input.conditions,
          },
        });
      }),

    async updateCondition(accreditationId: string, conditionId: string, input: z.infer<typeof conditionUpdateBody>) {
      return em().transactional(async (tx) => {
        const c = await tx.findOne(AccreditationCondition, { id: conditionId, accreditation: accreditationId });
        if (!c) throw new NotFoundError('The condition');
        await tx.lock(c, LockMode.OPTIMISTIC, input.version);
        assertTransition('The condition', CONDITION_TRANSITIONS, c.status, input.status);
        const before = { status: c.status };
        c.status = input.status;
        c.note = input.note ?? null;
        c.resolvedAt = deps.clock.now();
        await tx.flush();
        await recordAudit(tx, {
          action: `accreditation-condition.${input.status}`,
          entityType: 'accreditation',
          entityId: accreditationId,
          before,
          after: { conditionId, status: c.status, note: c.note },
        });
        const acc = await tx.findOneOrFail(Accreditation, { id: accreditationId });
        return accreditationView(
          acc,
          await tx.find(AccreditationCondition, { accreditation: accreditationId }, { orderBy: { dueDate: 'asc' } }),
        );
      });
    },

    async withdrawAccreditation(accreditationId: string, input: z.infer<typeof withdrawBody>) {
      return em().transactional(async (tx) => {
        const acc = await tx.findOne(Accreditation, { id: accreditationId });
        if (!acc) throw new NotFoundError('The accreditation');
        await tx.lock(acc, LockMode.OPTIMISTIC, input.version);
        assertTransition('The accreditation', ACCREDITATION_TRANSITIONS, acc.status, 'withdrawn');
        if (input.effectiveFrom < acc.validFrom || input.effectiveFrom > acc.validUntil) {
          throw new ValidationError(
            'effectiveFrom',
            `must fall inside the accreditation window (${acc.validFrom} to ${acc.validUntil})`,
          );
        }
        acc.status = 'withdrawn';
        acc.withdrawnFrom = input.effectiveFrom;
        acc.withdrawalReason = input.reason;
        await tx.flush();
        await recordAudit(tx, {
          action: 'accreditation.withdrawn',
          entityType: 'accreditation',
          entityId: acc.id,
          before: { status: 'active' },
          after: { status: 'withdrawn', withdrawnFrom: acc.withdrawnFrom, reason: input.reason },
        });
        return accreditationView(
          acc,
          await tx.find(AccreditationCondition, { accreditation: accreditationId }, { orderBy: { dueDate: 'asc' } }),
        );
      });
    },
  };
}
