/**
 * CPD records: a social worker logs an activity with a reflection and evidence (PDF or image,
 * checked by content); it waits for staff unless the council accepts self-declared records
 * automatically. Staff accept, reject with a reason, or ask for more; the person can then add
 * evidence and resubmit. Provider-verified records arrive through rosters and are accepted.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { z } from 'zod';
import type { AppDeps } from '../../../deps.js';
import type { AuthContext } from '../../../http/authenticate.js';
import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/index.js';
import { CpdCategory } from '../../council/index.js';
import { getDocumentContent, listDocuments, storeDocument } from '../../documents/index.js';
import { Registrant } from '../../registrants/index.js';
import { CpdRecord } from '../cpd.entity.js';
import { RECORD_TRANSITIONS, round2, type CpdRecordStatus } from '../cpd.rules.js';
import { assertOwnRegistrant, cpdScope, iso, readCpdSettings } from '../cpd.service.js';
import type { recordBody, recordDecisionBody, recordListQuery } from '../cpd.schema.js';

export const OWNER = 'cpd_record';
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

export function recordActions(deps: AppDeps) {
  const em = () => deps.orm.em;

  async function views(items: CpdRecord[], tx: EntityManager = em()) {
    const names = new Map(
      (await tx.find(Registrant, { id: { $in: [...new Set(items.map((r) => r.registrant.id))] } })).map((r) => [
        r.id,
        r.fullName,
      ]),
    );
    const out = [];
    for (const r of items) {
      const evidence = r.source === 'self' ? await listDocuments(tx, OWNER, r.id) : [];
      out.push({
        id: r.id,
        registrantId: r.registrant.id,
        registrantName: names.get(r.registrant.id) ?? '',
        source: r.source,
        activityId: r.activity?.id ?? null,
        title: r.title,
        providerName: r.providerName,
        categoryCode: r.categoryCode,
        completedOn: r.completedOn,
        hours: r.hours === null || r.hours === undefined ? null : Number(r.hours),
        credits: Number(r.credits),
        structured: r.structured,
        reflection: r.reflection ?? null,
        status: r.status,
        decisionNote: r.decisionNote ?? null,
        decidedAt: r.decidedAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
        evidence: evidence.map((d) => ({
          id: d.id,
          filename: d.filename,
          contentType: d.contentType,
          sizeBytes: d.sizeBytes,
          uploadedAt: d.uploadedAt,
        })),
        version: r.version,
      });
    }
    return out;
  }

  async function load(auth: AuthContext, id: string, tx: EntityManager = em()) {
    const r = await tx.findOne(CpdRecord, { id });
    if (!r) throw new NotFoundError('The CPD record');
    const scope = await cpdScope(tx, auth);
    assertOwnRegistrant(scope, r.registrant.id);
    return r;
  }

  function move(r: CpdRecord, to: CpdRecordStatus) {
    if (!(RECORD_TRANSITIONS[r.status] as readonly string[]).includes(to))
      throw new IllegalTransitionError('The CPD record', r.status, to);
    const from = r.status;
    r.status = to;
    return from;
  }

  return {
    views,

    async list(auth: AuthContext, q: z.infer<typeof recordListQuery>) {
      const scope = await cpdScope(em(), auth);
      const where: Record<string, unknown> = {};
      if (!scope.staff) {
        if (!scope.registrantId) return { items: [], total: 0 };
        where.registrant = scope.registrantId;
      } else if (q.registrantId) where.registrant = q.registrantId;
      if (q.status) where.status = q.status;
      if (q.source) where.source = q.source;
      if (q.q) where.title = { $ilike: `%${q.q}%` };
      const [items, total] = await em().findAndCount(CpdRecord, where, {
        orderBy: { [q.sort ?? 'completedOn']: q.sort ? q.order : 'desc', id: 'asc' },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: await views(items), total };
    },

    async get(auth: AuthContext, id: string) {
      return (await views([await load(auth, id)]))[0]!;
    },

    /** The signed-in social worker logs an activity. Credits = hours × the council's credits per hour. */
    async create(auth: AuthContext, input: z.infer<typeof recordBody>) {
      const scope = await cpdScope(em(), auth);
      if (scope.staff || !scope.registrantId) throw new NotFoundError('Your registrant record (create it first)');
      const registrantId = scope.registrantId;
      if (input.completedOn > iso(deps.clock.now())) throw new ValidationError('completedOn', 'is in the future');
      const category = await em().findOne(CpdCategory, { code: input.categoryCode });
      if (!category) throw new ValidationError('categoryCode', 'there is no CPD category with this code');
      if (input.structured && !category.structured)
        throw new ValidationError(
          'structured',
          `${category.name.en ?? category.code} is self-directed learning, not structured`,
        );
      const settings = await readCpdSettings(em());
      return em().transactional(async (tx) => {
        const now = deps.clock.now();
        const auto = settings.selfDeclaredAutoAccept;
        const r = tx.create(CpdRecord, {
          registrant: registrantId,
          source: 'self',
          activity: null,
          rosterId: null,
          title: input.title,
          providerName: input.providerName,
          categoryCode: input.categoryCode,
          completedOn: input.completedOn,
          hours: input.hours,
          credits: round2(input.hours * settings.creditsPerHour),
          structured: input.structured,
          reflection: input.reflection,
          status: auto ? 'accepted' : 'pending',
          decisionNote: auto ? 'accepted automatically (council setting: self-declared records need no review)' : null,
          decidedAt: auto ? now : null,
          createdAt: now,
        });
        await tx.flush();
        await recordAudit(tx, {
          action: auto ? 'cpd-record.logged-and-accepted' : 'cpd-record.logged',
          entityType: 'cpd_record',
          entityId: r.id,
          after: {
            registrantId,
            title: r.title,
            categoryCode: r.categoryCode,
            credits: Number(r.credits),
            status: r.status,
          },
        });
        return (await views([r], tx))[0]!;
      });
    },

    async addEvidence(auth: AuthContext, id: string, file: { bytes: Buffer; filename?: string }) {
      if (file.bytes.length > MAX_EVIDENCE_BYTES)
        throw new ValidationError('file', `the file is larger than ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`);
      return em().transactional(async (tx) => {
        const r = await load(auth, id, tx);
        if (r.source !== 'self') throw new ConflictError('Provider-verified records need no evidence');
        if (r.status === 'rejected') throw new ConflictError('The record was rejected; log the activity again');
        const doc = storeDocument(tx, {
          ownerType: OWNER,
          ownerId: r.id,
          purpose: 'cpd-evidence',
          filename: file.filename,
          bytes: file.bytes,
          allowed: ['pdf', 'png', 'jpeg'],
          uploadedBy: auth.accountId,
          now: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'cpd-record.evidence-added',
          entityType: 'cpd_record',
          entityId: r.id,
          after: { documentId: doc.id, filename: doc.filename, sha256: doc.sha256 },
        });
        return (await views([r], tx))[0]!;
      });
    },

    async evidence(auth: AuthContext, id: string, documentId: string) {
      await load(auth, id);
      return getDocumentContent(em(), OWNER, id, documentId);
    },

    /** After staff asked for more: the person answers (reflection, evidence) and sends it back for review. */
    async resubmit(auth: AuthContext, id: string, input: { reflection?: string; version: number }) {
      return em().transactional(async (tx) => {
        const r = await load(auth, id, tx);
        await tx.lock(r, LockMode.OPTIMISTIC, input.version);
        const from = move(r, 'pending');
        if (input.reflection) r.reflection = input.reflection;
        await tx.flush();
        await recordAudit(tx, {
          action: 'cpd-record.resubmitted',
          entityType: 'cpd_record',
          entityId: r.id,
          before: { status: from },
          after: { status: r.status },
        });
        return (await views([r], tx))[0]!;
      });
    },

    async decide(auth: AuthContext, id: string, input: z.infer<typeof recordDecisionBody>) {
      return em().transactional(async (tx) => {
        const r = await tx.findOne(CpdRecord, { id });
        if (!r) throw new NotFoundError('The CPD record');
        await tx.lock(r, LockMode.OPTIMISTIC, input.version);
        const from = move(r, input.decision);
        r.decisionNote = input.note ?? null;
        r.decidedBy = auth.accountId;
        r.decidedAt = deps.clock.now();
        await tx.flush();
        await recordAudit(tx, {
          action: `cpd-record.${input.decision}`,
          entityType: 'cpd_record',
          entityId: r.id,
          before: { status: from },
          after: { status: r.status, note: r.decisionNote ?? null },
        });
        return (await views([r], tx))[0]!;
      });
    },
  };
}
