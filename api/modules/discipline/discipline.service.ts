/**
 * Fitness-to-practise cases: opening one from a complaint, matching the respondent, moving through
 * the stage table, notes, documents, assigned staff, panel members and conflicts of interest.
 * Every mutation locks the case row, so concurrent editors (on any instance) queue on it; every
 * view of a case writes an audit row in the same transaction as the read.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { currentScope } from '../../http/request-context.js';
import { NotFoundError, ValidationError, VersionConflictError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { documentView, getDocumentContent, listDocuments, storeDocument } from '../documents/index.js';
import { Licence } from '../licences/index.js';
import { Registrant, ownRegistrantId } from '../registrants/index.js';
import {
  DisciplineCase,
  DisciplineCaseEvent,
  DisciplineConflict,
  DisciplinePanelMember,
  DisciplineSanction,
} from './discipline.entity.js';
import { CASE_TRANSITIONS, memberKey, type CaseStage } from './discipline.rules.js';
import { notifyRespondent } from './discipline.notify.js';
import { uuidArray } from './discipline.jobs.js';
import type {
  caseListQuery,
  casePatch,
  complaintBody,
  conflictBody,
  noteBody,
  panelBody,
  stageBody,
} from './discipline.schema.js';

export const CASE_OWNER = 'discipline_case';
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export type ComplaintInput = z.infer<typeof complaintBody>;
export type Attachment = { bytes: Buffer; filename?: string };

/** Case references FTP-<year>-<seq>, gap-free per year under the counter row's lock. */
async function nextReference(tx: EntityManager, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const [row] = await tx.execute<{ last: number }[]>(
    `insert into licence_number_counter (scope, last) values (?, 1) on conflict (scope) do update set last = licence_number_counter.last + 1 returning last`,
    [`ftp-case:${year}`],
  );
  return `FTP-${year}-${String(row!.last).padStart(5, '0')}`;
}

/** Loads a case under a row lock; with a version, refuses a stale one. */
export async function lockCase(tx: EntityManager, id: string, version?: number): Promise<DisciplineCase> {
  const c = await tx.findOne(DisciplineCase, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!c) throw new NotFoundError('The case');
  if (version !== undefined && c.version !== version) throw new VersionConflictError('The case');
  return c;
}

export function addEvent(
  tx: EntityManager,
  c: DisciplineCase,
  e: {
    kind: DisciplineCaseEvent['kind'];
    stage?: CaseStage;
    onDate: string;
    note?: string | null;
    disclosed?: boolean;
    toStage?: CaseStage | null;
    data?: Record<string, unknown> | null;
    now: Date;
  },
) {
  return tx.create(DisciplineCaseEvent, {
    case: c.id,
    kind: e.kind,
    stage: e.stage ?? c.stage,
    toStage: e.toStage ?? null,
    onDate: e.onDate,
    note: e.note ?? null,
    disclosed: e.disclosed ?? false,
    data: e.data ?? null,
    actorId: currentScope()?.actor?.id ?? null,
    createdAt: e.now,
  });
}

/** Resolves the respondent: an explicit registrant/licence (checked), else the licence number as given. */
async function matchRespondent(
  tx: EntityManager,
  input: { registrantId?: string | null; licenceId?: string | null; licenceNumber?: string | null },
  strict: boolean,
) {
  let licence: Licence | null = null;
  let registrantId: string | null = null;
  if (input.licenceId) {
    licence = await tx.findOne(Licence, { id: input.licenceId });
    if (!licence) throw new ValidationError('licenceId', 'no licence has this id');
    registrantId = licence.registrant.id;
  }
  if (input.registrantId) {
    const r = await tx.findOne(Registrant, { id: input.registrantId });
    if (!r) throw new ValidationError('registrantId', 'no registrant has this id');
    if (registrantId && registrantId !== r.id)
      throw new ValidationError('licenceId', 'the licence belongs to someone else');
    registrantId = r.id;
  }
  if (!licence && !registrantId && input.licenceNumber) {
    licence = await tx.findOne(Licence, { number: input.licenceNumber.trim().toUpperCase() });
    if (licence) registrantId = licence.registrant.id;
    else if (strict) throw new ValidationError('respondentLicenceNumber', 'no licence has this number');
  }
  return { licence, registrantId };
}

/** Opens a case at intake from a complaint (public form or staff), with its attachments. */
export async function openCase(
  tx: EntityManager,
  input: ComplaintInput,
  source: 'public' | 'staff',
  attachments: Attachment[],
  ctx: { now: Date; publicUrl: string },
): Promise<DisciplineCase> {
  const today = isoDay(ctx.now);
  const receivedOn = input.receivedOn ?? today;
  if (receivedOn > today) throw new ValidationError('receivedOn', 'is in the future');
  const { licence, registrantId } = await matchRespondent(
    tx,
    { registrantId: input.registrantId, licenceId: input.licenceId, licenceNumber: input.respondentLicenceNumber },
    false,
  );
  const c = tx.create(DisciplineCase, {
    reference: await nextReference(tx, ctx.now),
    stage: 'intake',
    stageSince: receivedOn,
    source,
    complainantName: input.complainantName,
    complainantEmail: input.complainantEmail ?? null,
    complainantPhone: input.complainantPhone || null,
    complainantRelationship: input.complainantRelationship || null,
    respondentName: input.respondentName,
    respondentLicenceNumber: input.respondentLicenceNumber || null,
    registrant: registrantId,
    licence: licence?.id ?? null,
    category: input.category,
    allegation: input.allegation,
    receivedOn,
    assignedTo: null,
    hearingOn: null,
    disclosedSummary: null,
    createdAt: ctx.now,
  });
  for (const a of attachments) {
    storeDocument(tx, {
      ownerType: CASE_OWNER,
      ownerId: c.id,
      purpose: 'complaint-attachment',
      filename: a.filename,
      bytes: a.bytes,
      allowed: ['pdf', 'png', 'jpeg'],
      uploadedBy: currentScope()?.actor?.id ?? null,
      now: ctx.now,
    });
  }
  addEvent(tx, c, {
    kind: 'opened',
    onDate: receivedOn,
    note: `Complaint received (${source === 'public' ? 'public form' : 'entered by staff'})`,
    disclosed: true,
    data: { attachments: attachments.length, matched: Boolean(registrantId) },
    now: ctx.now,
  });
  await tx.flush();
  await recordAudit(tx, {
    action: 'discipline.case-opened',
    entityType: CASE_OWNER,
    entityId: c.id,
    after: { reference: c.reference, source, category: c.category, registrantId, licenceId: licence?.id ?? null },
  });
  await notifyRespondent(
    tx,
    { id: c.id, reference: c.reference, registrantId },
    'case_opened',
    'opened',
    'The council has received a complaint about your practice and opened a case. You will be told of each step.',
    ctx,
  );
  return c;
}

export function caseService(deps: AppDeps) {
  const em = () => deps.orm.em;
  const now = () => deps.clock.now();
  const ctx = () => ({ now: now(), publicUrl: deps.config.publicUrl });

  async function licenceFacts(tx: EntityManager, ids: string[]) {
    if (!ids.length) return new Map<string, { number: string; status: string }>();
    const rows = await tx.execute<{ id: string; number: string; status: string }[]>(
      `select id, number, status from licence where id = any(?::uuid[])`,
      [uuidArray(ids)],
    );
    return new Map(rows.map((r) => [r.id, { number: r.number, status: r.status }]));
  }

  const summary = (c: DisciplineCase, l: Map<string, { number: string; status: string }>) => ({
    id: c.id,
    reference: c.reference,
    stage: c.stage,
    stageSince: c.stageSince,
    source: c.source,
    category: c.category,
    receivedOn: c.receivedOn,
    respondentName: c.respondentName,
    respondentLicenceNumber: c.respondentLicenceNumber ?? null,
    registrantId: c.registrant?.id ?? null,
    licenceId: c.licence?.id ?? null,
    licenceNumber: c.licence ? (l.get(c.licence.id)?.number ?? null) : null,
    licenceStatus: c.licence ? (l.get(c.licence.id)?.status ?? null) : null,
    assignedTo: c.assignedTo ?? null,
    hearingOn: c.hearingOn ?? null,
    version: c.version,
  });

  async function detail(tx: EntityManager, c: DisciplineCase) {
    const [events, panel, conflicts, documents, sanctions] = await Promise.all([
      tx.find(DisciplineCaseEvent, { case: c.id }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
      tx.find(DisciplinePanelMember, { case: c.id, removedAt: null }, { orderBy: { assignedAt: 'asc' } }),
      tx.find(DisciplineConflict, { case: c.id }, { orderBy: { declaredAt: 'asc' } }),
      listDocuments(tx, CASE_OWNER, c.id),
      tx.find(DisciplineSanction, { case: c.id }, { orderBy: { createdAt: 'asc' } }),
    ]);
    const licences = await licenceFacts(tx, [
      ...new Set([c.licence?.id, ...sanctions.map((s) => s.licence?.id)].filter((x): x is string => Boolean(x))),
    ]);
    const accountIds = panel.map((p) => p.accountId).filter((x): x is string => Boolean(x));
    const names = new Map(
      (accountIds.length
        ? await tx.execute<{ id: string; display_name: string }[]>(
            `select id, display_name from account where id = any(?::uuid[])`,
            [uuidArray(accountIds)],
          )
        : []
      ).map((a) => [a.id, a.display_name]),
    );
    return {
      ...summary(c, licences),
      complainantName: c.complainantName,
      complainantEmail: c.complainantEmail ?? null,
      complainantPhone: c.complainantPhone ?? null,
      complainantRelationship: c.complainantRelationship ?? null,
      allegation: c.allegation,
      disclosedSummary: c.disclosedSummary ?? null,
      allowedStages: [...CASE_TRANSITIONS[c.stage]] as CaseStage[],
      events: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        stage: e.stage,
        toStage: e.toStage ?? null,
        onDate: e.onDate,
        note: e.note ?? null,
        disclosed: e.disclosed,
        data: e.data ?? null,
        actorId: e.actorId ?? null,
        recordedAt: e.createdAt.toISOString(),
      })),
      panel: panel.map((p) => ({
        id: p.id,
        accountId: p.accountId ?? null,
        externalName: p.externalName ?? null,
        externalEmail: p.externalEmail ?? null,
        displayName: p.accountId ? (names.get(p.accountId) ?? 'staff member') : (p.externalName ?? ''),
        role: p.role,
        assignedAt: p.assignedAt.toISOString(),
      })),
      conflicts: conflicts.map((x) => ({
        id: x.id,
        accountId: x.accountId ?? null,
        externalName: x.externalName ?? null,
        externalEmail: x.externalEmail ?? null,
        reason: x.reason,
        declaredAt: x.declaredAt.toISOString(),
      })),
      documents,
      sanctions: sanctions.map((s) => sanctionView(s, licences)),
    };
  }

  /** Staff accounts only (a staff role), for assignment and panel seats. */
  async function assertStaffAccount(tx: EntityManager, id: string, field: string) {
    const [a] = await tx.execute<{ ok: boolean }[]>(
      `select roles && array['admin','registrar','reviewer','auditor']::text[] as ok from account where id = ? and status = 'active'`,
      [id],
    );
    if (!a) throw new ValidationError(field, 'no active account has this id');
    if (!a.ok) throw new ValidationError(field, 'is not a council staff account');
  }

  return {
    detail,
    async list(q: z.infer<typeof caseListQuery>) {
      const where: Record<string, unknown> = {};
      if (q.stage) where.stage = q.stage;
      else if (q.open === 'true') where.stage = { $ne: 'closed' };
      else if (q.open === 'false') where.stage = 'closed';
      if (q.assignedTo) where.assignedTo = q.assignedTo;
      if (q.registrantId) where.registrant = q.registrantId;
      if (q.q)
        where.$or = [
          { reference: { $ilike: `%${q.q}%` } },
          { respondentName: { $ilike: `%${q.q}%` } },
          { respondentLicenceNumber: { $ilike: `%${q.q}%` } },
        ];
      return em().transactional(async (tx) => {
        const [items, total] = await tx.findAndCount(DisciplineCase, where, {
          orderBy: { [q.sort ?? 'receivedOn']: q.order, id: 'asc' },
          limit: q.perPage,
          offset: (q.page - 1) * q.perPage,
        });
        const licences = await licenceFacts(
          tx,
          items.map((c) => c.licence?.id).filter((x): x is string => Boolean(x)),
        );
        // The list names respondents: who looked, and at which cases, is recorded too.
        await recordAudit(tx, {
          action: 'discipline.cases-listed',
          entityType: CASE_OWNER,
          entityId: null,
          after: { caseIds: items.map((c) => c.id), filters: { stage: q.stage ?? null, q: q.q ?? null } },
        });
        return { items: items.map((c) => summary(c, licences)), total };
      });
    },

    /** The case record; the view is written to the audit trail in the same transaction. */
    async get(id: string) {
      return em().transactional(async (tx) => {
        const c = await tx.findOne(DisciplineCase, { id });
        if (!c) throw new NotFoundError('The case');
        await recordAudit(tx, {
          action: 'discipline.case-viewed',
          entityType: CASE_OWNER,
          entityId: c.id,
          after: { reference: c.reference, stage: c.stage },
        });
        return detail(tx, c);
      });
    },

    async create(input: ComplaintInput) {
      return em().transactional(async (tx) => {
        // Staff name the licence precisely: an unknown number is refused rather than left unmatched.
        if (input.respondentLicenceNumber && !input.licenceId && !input.registrantId)
          await matchRespondent(tx, { licenceNumber: input.respondentLicenceNumber }, true);
        const c = await openCase(tx, input, 'staff', [], ctx());
        return detail(tx, c);
      });
    },

    async update(id: string, input: z.infer<typeof casePatch>) {
      return em().transactional(async (tx) => {
        const c = await lockCase(tx, id, input.version);
        const before = {
          registrantId: c.registrant?.id ?? null,
          licenceId: c.licence?.id ?? null,
          assignedTo: c.assignedTo ?? null,
          hearingOn: c.hearingOn ?? null,
          category: c.category,
        };
        const today = isoDay(now());
        if (input.licenceId !== undefined || input.registrantId !== undefined) {
          const { licence, registrantId } = await matchRespondent(
            tx,
            {
              licenceId: input.licenceId === undefined ? c.licence?.id : input.licenceId,
              registrantId:
                input.registrantId === undefined ? (input.licenceId ? null : c.registrant?.id) : input.registrantId,
            },
            true,
          );
          c.licence = licence ? tx.getReference(Licence, licence.id, { wrapped: true }) : null;
          c.registrant = registrantId ? tx.getReference(Registrant, registrantId, { wrapped: true }) : null;
          addEvent(tx, c, {
            kind: 'matched',
            onDate: today,
            note: licence
              ? `Respondent matched to licence ${licence.number}`
              : registrantId
                ? 'Respondent matched to a registrant'
                : 'Respondent match removed',
            now: now(),
          });
        }
        if (input.assignedTo !== undefined) {
          if (input.assignedTo) await assertStaffAccount(tx, input.assignedTo, 'assignedTo');
          c.assignedTo = input.assignedTo;
          addEvent(tx, c, { kind: 'assignment', onDate: today, data: { assignedTo: input.assignedTo }, now: now() });
        }
        if (input.hearingOn !== undefined && input.hearingOn !== (c.hearingOn ?? null)) {
          c.hearingOn = input.hearingOn;
          addEvent(tx, c, {
            kind: 'note',
            onDate: today,
            note: input.hearingOn ? `Hearing scheduled for ${input.hearingOn}` : 'Hearing date withdrawn',
            disclosed: true,
            data: { hearingOn: input.hearingOn },
            now: now(),
          });
          if (input.hearingOn)
            await notifyRespondent(
              tx,
              { id: c.id, reference: c.reference, registrantId: c.registrant?.id ?? null },
              'hearing_scheduled',
              input.hearingOn,
              `The hearing is scheduled for ${input.hearingOn}.`,
              ctx(),
            );
        }
        if (input.category) c.category = input.category;
        if (input.disclosedSummary !== undefined) c.disclosedSummary = input.disclosedSummary;
        await tx.flush();
        await recordAudit(tx, {
          action: 'discipline.case-updated',
          entityType: CASE_OWNER,
          entityId: c.id,
          before,
          after: {
            registrantId: c.registrant?.id ?? null,
            licenceId: c.licence?.id ?? null,
            assignedTo: c.assignedTo ?? null,
            hearingOn: c.hearingOn ?? null,
            category: c.category,
            disclosedSummaryChanged: input.disclosedSummary !== undefined,
          },
        });
        return detail(tx, c);
      });
    },

    async moveStage(id: string, input: z.infer<typeof stageBody>) {
      return em().transactional(async (tx) => {
        const c = await lockCase(tx, id, input.version);
        const today = isoDay(now());
        const onDate = input.onDate ?? today;
        if (onDate > today) throw new ValidationError('onDate', 'is in the future');
        if (onDate < c.stageSince)
          throw new ValidationError('onDate', `is before the current stage began (${c.stageSince})`);
        if (input.to === 'hearing' && !c.registrant)
          throw new ValidationError('to', 'match the respondent to a registrant before a hearing');
        const from = c.moveTo(input.to, onDate);
        addEvent(tx, c, {
          kind: 'stage',
          stage: from,
          onDate,
          note: input.note ?? null,
          disclosed: input.disclosed,
          toStage: input.to,
          now: now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'discipline.case-stage',
          entityType: CASE_OWNER,
          entityId: c.id,
          before: { stage: from },
          after: { stage: input.to, onDate },
        });
        const step =
          input.to === 'investigation'
            ? 'investigation'
            : input.to === 'appeal'
              ? 'appeal_lodged'
              : input.to === 'closed'
                ? 'closed'
                : null;
        if (step)
          await notifyRespondent(
            tx,
            { id: c.id, reference: c.reference, registrantId: c.registrant?.id ?? null },
            step,
            onDate,
            input.disclosed && input.note ? input.note : '',
            ctx(),
          );
        return detail(tx, c);
      });
    },

    async addNote(id: string, input: z.infer<typeof noteBody>) {
      return em().transactional(async (tx) => {
        const c = await lockCase(tx, id);
        const onDate = input.onDate ?? isoDay(now());
        addEvent(tx, c, { kind: 'note', onDate, note: input.note, disclosed: input.disclosed, now: now() });
        await tx.flush();
        await recordAudit(tx, {
          action: 'discipline.case-note',
          entityType: CASE_OWNER,
          entityId: c.id,
          after: { onDate, disclosed: input.disclosed },
        });
        return detail(tx, c);
      });
    },

    async addDocument(id: string, file: Attachment & { disclosed: boolean }) {
      return em().transactional(async (tx) => {
        const c = await lockCase(tx, id);
        const doc = storeDocument(tx, {
          ownerType: CASE_OWNER,
          ownerId: c.id,
          purpose: file.disclosed ? 'disclosed-document' : 'case-document',
          filename: file.filename,
          bytes: file.bytes,
          allowed: ['pdf', 'png', 'jpeg'],
          uploadedBy: currentScope()?.actor?.id ?? null,
          now: now(),
        });
        addEvent(tx, c, {
          kind: 'document',
          onDate: isoDay(now()),
          note: doc.filename,
          disclosed: file.disclosed,
          data: { documentId: doc.id },
          now: now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'discipline.case-document-added',
          entityType: CASE_OWNER,
          entityId: c.id,
          after: { documentId: doc.id, filename: doc.filename, sha256: doc.sha256 },
        });
        return documentView(doc);
      });
    },

    /** A document of a case; reading it is audited like viewing the case. */
    async document(id: string, documentId: string) {
      return em().transactional(async (tx) => {
        const c = await tx.findOne(DisciplineCase, { id });
        if (!c) throw new NotFoundError('The case');
        const doc = await getDocumentContent(tx, CASE_OWNER, c.id, documentId);
        await recordAudit(tx, {
          action: 'discipline.case-document-viewed',
          entityType: CASE_OWNER,
          entityId: c.id,
          after: { reference: c.reference, documentId: doc.id, filename: doc.filename },
        });
        return doc;
      });
    },

    async addPanelMember(id: string, input: z.infer<typeof panelBody>) {
      return em().transactional(async (tx) => {
        const c = await lockCase(tx, id);
        if (c.stage === 'closed') throw new ValidationError('accountId', 'the case is closed');
        const field = input.accountId ? 'accountId' : 'externalEmail';
        if (input.accountId) await assertStaffAccount(tx, input.accountId, 'accountId');
        const key = memberKey(input);
        // A conflict declared on this case, or on any case about the same registrant, bars the seat.
        const conflicted = await tx.execute<{ reason: string }[]>(
          `select x.reason from discipline_conflict x join discipline_case k on k.id = x.case_id
           where x.member_key = ? and (x.case_id = ? or (k.registrant_id is not null and k.registrant_id = ?)) limit 1`,
          [key, c.id, c.registrant?.id ?? null],
        );
        if (conflicted.length)
          throw new ValidationError(
            field,
            `this member declared a conflict of interest (${conflicted[0]!.reason}) and cannot sit on this case`,
          );
        if (await tx.findOne(DisciplinePanelMember, { case: c.id, memberKey: key, removedAt: null }))
          throw new ValidationError(field, 'is already on the panel');
        const m = tx.create(DisciplinePanelMember, {
          case: c.id,
          memberKey: key,
          accountId: input.accountId ?? null,
          externalName: input.accountId ? null : input.externalName!,
          externalEmail: input.accountId ? null : input.externalEmail!.toLowerCase(),
          role: input.role,
          assignedAt: now(),
          removedAt: null,
        });
        addEvent(tx, c, {
          kind: 'panel',
          onDate: isoDay(now()),
          note: `Panel member added (${input.role.replace(/_/g, ' ')})`,
          data: { memberId: m.id, memberKey: key },
          now: now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'discipline.panel-member-added',
          entityType: CASE_OWNER,
          entityId: c.id,
          after: { memberKey: key, role: input.role },
        });
        return detail(tx, c);
      });
    },

    /** A member declares a conflict; if already seated, they leave the panel at once. */
    async declareConflict(id: string, input: z.infer<typeof conflictBody>) {
      return em().transactional(async (tx) => {
        const c = await lockCase(tx, id);
        if (input.accountId) await assertStaffAccount(tx, input.accountId, 'accountId');
        const key = memberKey(input);
        tx.create(DisciplineConflict, {
          case: c.id,
          memberKey: key,
          accountId: input.accountId ?? null,
          externalName: input.externalName ?? null,
          externalEmail: input.externalEmail?.toLowerCase() ?? null,
          reason: input.reason,
          declaredAt: now(),
        });
        const seated = await tx.find(DisciplinePanelMember, { case: c.id, memberKey: key, removedAt: null });
        for (const m of seated) m.removedAt = now();
        addEvent(tx, c, {
          kind: 'conflict',
          onDate: isoDay(now()),
          note: `Conflict of interest declared${seated.length ? '; the member left the panel' : ''}`,
          data: { memberKey: key },
          now: now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'discipline.conflict-declared',
          entityType: CASE_OWNER,
          entityId: c.id,
          after: { memberKey: key, reason: input.reason, removedFromPanel: seated.length > 0 },
        });
        return detail(tx, c);
      });
    },

    /** The respondent's own cases: only what is disclosed to them. */
    async mine(auth: AuthContext) {
      const registrantId = await ownRegistrantId(em(), auth);
      if (!registrantId) return { items: [], total: 0 };
      const cases = await em().find(DisciplineCase, { registrant: registrantId }, { orderBy: { receivedOn: 'desc' } });
      const ids = cases.map((c) => c.id);
      const [events, sanctions] = ids.length
        ? await Promise.all([
            em().find(
              DisciplineCaseEvent,
              { case: { $in: ids }, disclosed: true },
              { orderBy: { createdAt: 'asc', id: 'asc' } },
            ),
            em().find(DisciplineSanction, { case: { $in: ids } }, { orderBy: { createdAt: 'asc' } }),
          ])
        : [[], []];
      const items = cases.map((c) => ({
        reference: c.reference,
        stage: c.stage,
        receivedOn: c.receivedOn,
        category: c.category,
        summary: c.disclosedSummary ?? null,
        hearingOn: c.hearingOn ?? null,
        timeline: events
          .filter((e) => e.case.id === c.id)
          .map((e) => ({ onDate: e.onDate, stage: e.stage, toStage: e.toStage ?? null, note: e.note ?? null })),
        outcomes: sanctions
          .filter((s) => s.case.id === c.id)
          .map((s) => ({
            type: s.type,
            status: s.status,
            startsOn: s.startsOn,
            endsOn: s.endsOn ?? null,
            conditionsText: s.conditionsText ?? null,
            decidedOn: s.decidedOn,
          })),
      }));
      return { items, total: items.length };
    },
  };
}

export const sanctionView = (s: DisciplineSanction, licences: Map<string, { number: string; status: string }>) => ({
  id: s.id,
  caseId: s.case.id,
  licenceId: s.licence?.id ?? null,
  licenceNumber: s.licence ? (licences.get(s.licence.id)?.number ?? null) : null,
  type: s.type,
  status: s.status,
  startsOn: s.startsOn,
  endsOn: s.endsOn ?? null,
  liftedOn: s.liftedOn ?? null,
  conditionsText: s.conditionsText ?? null,
  reasons: s.reasons,
  decidedOn: s.decidedOn,
  replaces: s.replaces ?? null,
  replacedBy: s.replacedBy ?? null,
  publicText: s.publicText ?? null,
  publishedFrom: s.publishedFrom ?? null,
  publishedUntil: s.publishedUntil ?? null,
  publicationState: s.publicationState,
  version: s.version,
});
