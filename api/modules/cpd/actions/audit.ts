/**
 * CPD audit rounds. Staff record a seed, a rate, strata and exclusions; the draw is made from the
 * population as it stands (one query), deterministically from the seed (cpd.draw.ts), and fixed in
 * a selection report anyone can use to repeat it. Selected people are e-mailed through the outbox
 * in the same transaction and answer within the response window; people whose provider-verified
 * records already meet the requirement pass automatically. Reviewers record the outcome.
 * Draws are serialised on the CPD settings row, so "the last round" is always well defined.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { z } from 'zod';
import type { AppDeps } from '../../../deps.js';
import type { AuthContext } from '../../../http/authenticate.js';
import { ConflictError, IllegalTransitionError, NotFoundError, ValidationError } from '../../../shared/errors.js';
import { recordAudit } from '../../audit/index.js';
import { getDocumentContent, listDocuments, storeDocument } from '../../documents/index.js';
import { queueEmail } from '../../notifications/index.js';
import { CpdAuditRound, CpdAuditSelection, type AuditSelectionStatus, type StratumReport } from '../cpd.entity.js';
import { addDays } from '../../../shared/dates.js';
import {
  DRAW_ALGORITHM,
  drawSample,
  exclusionOf,
  stratumOf,
  toBasisPoints,
  type PopulationMember,
  type StratumField,
} from '../cpd.draw.js';
import {
  assertOwnRegistrant,
  cpdScope,
  iso,
  lockCpdSettings,
  progressOf,
  readCpdSettings,
  ROUND_ORDER,
} from '../cpd.service.js';
import type { auditOutcomeBody, auditRoundBody, selectionListQuery } from '../cpd.schema.js';
import { csvField } from '../../../shared/csv.js';

const OWNER = 'cpd_audit_selection';
export const MAX_AUDIT_EVIDENCE_BYTES = 5 * 1024 * 1024;

export const AUDIT_TRANSITIONS: Record<AuditSelectionStatus, readonly AuditSelectionStatus[]> = {
  selected: ['submitted', 'extension_granted', 'failed', 'passed'],
  submitted: ['passed', 'passed_with_advice', 'failed', 'extension_granted'],
  extension_granted: ['submitted', 'failed'],
  passed: [],
  passed_with_advice: [],
  failed: [],
};

type PopRow = {
  licence_id: string;
  number: string;
  tier_code: string;
  status: string;
  registrant_id: string;
  full_name: string;
  email: string | null;
  locale: string | null;
  region: string;
  sector: string;
  first_licensed_on: string;
  conditioned: boolean;
  audited_last: boolean;
};

const roundView = (r: CpdAuditRound, outcomes: Record<string, number>) => ({
  id: r.id,
  name: r.name,
  seed: r.seed,
  rate: r.rateBasisPoints / 10000,
  rateBasisPoints: r.rateBasisPoints,
  strata: [...r.strata],
  exclusions: {
    registeredUnderMonths: r.registeredUnderMonths,
    sanctioned: r.excludeSanctioned,
    auditedLastRound: r.excludeAuditedLastRound,
  },
  populationOn: r.populationOn,
  responseDueOn: r.responseDueOn,
  summary: r.summary,
  selectedCount: r.selectedCount,
  createdAt: r.createdAt.toISOString(),
  outcomes,
});

export function auditActions(deps: AppDeps) {
  const em = () => deps.orm.em;
  const today = () => iso(deps.clock.now());

  async function outcomesOf(roundIds: string[]) {
    const m = new Map<string, Record<string, number>>();
    if (!roundIds.length) return m;
    const rows = await em().execute<{ round_id: string; status: string; n: number }[]>(
      `select round_id, status, count(*)::int as n from cpd_audit_selection where round_id in (select jsonb_array_elements_text(?::jsonb)::uuid) group by round_id, status`,
      [JSON.stringify(roundIds)],
    );
    for (const r of rows) m.set(r.round_id, { ...m.get(r.round_id), [r.status]: r.n });
    return m;
  }

  async function selectionViews(items: CpdAuditSelection[], tx: EntityManager = em()) {
    if (!items.length) return [];
    const meta = await tx.execute<{ id: string; round_name: string; full_name: string }[]>(
      `select s.id, r.name as round_name, g.full_name
       from cpd_audit_selection s join cpd_audit_round r on r.id = s.round_id join registrant g on g.id = s.registrant_id
       where s.id in (select jsonb_array_elements_text(?::jsonb)::uuid)`,
      [JSON.stringify(items.map((s) => s.id))],
    );
    const byId = new Map(meta.map((m) => [m.id, m]));
    const out = [];
    for (const s of items) {
      const docs = await listDocuments(tx, OWNER, s.id);
      out.push({
        id: s.id,
        roundId: s.round.id,
        roundName: byId.get(s.id)?.round_name ?? '',
        registrantId: s.registrant.id,
        registrantName: byId.get(s.id)?.full_name ?? '',
        licenceNumber: s.licenceNumber,
        stratum: s.stratum,
        targeted: s.targeted,
        targetReason: s.targetReason ?? null,
        status: s.status,
        dueOn: s.dueOn,
        autoPassed: s.autoPassed,
        responseNote: s.responseNote ?? null,
        respondedAt: s.respondedAt?.toISOString() ?? null,
        outcomeNote: s.outcomeNote ?? null,
        decidedAt: s.decidedAt?.toISOString() ?? null,
        evidence: docs.map((d) => ({
          id: d.id,
          filename: d.filename,
          contentType: d.contentType,
          sizeBytes: d.sizeBytes,
          uploadedAt: d.uploadedAt,
        })),
        version: s.version,
      });
    }
    return out;
  }

  async function loadSelection(auth: AuthContext, id: string, tx: EntityManager = em()) {
    const s = await tx.findOne(CpdAuditSelection, { id });
    if (!s) throw new NotFoundError('The audit selection');
    assertOwnRegistrant(await cpdScope(tx, auth), s.registrant.id);
    return s;
  }

  function move(s: CpdAuditSelection, to: AuditSelectionStatus) {
    if (!AUDIT_TRANSITIONS[s.status].includes(to)) throw new IllegalTransitionError('The audit', s.status, to);
    const from = s.status;
    s.status = to;
    return from;
  }

  /** Passes the audit at once when provider-verified records alone meet the cycle's requirement. */
  async function autoPass(tx: EntityManager, s: CpdAuditSelection, on: string): Promise<boolean> {
    const p = await progressOf(tx, s.registrant.id, on, { licenceId: s.licenceId, providerOnly: true });
    if (!p.hasRequirement || !p.met) return false;
    move(s, 'passed');
    s.autoPassed = true;
    s.outcomeNote = `passed automatically: provider-verified records meet the requirement (${p.counted} of ${p.required} credits)`;
    s.decidedAt = deps.clock.now();
    return true;
  }

  return {
    async draw(auth: AuthContext, input: z.infer<typeof auditRoundBody>) {
      const on = today();
      const settings = await readCpdSettings(em());
      const responseDays = input.responseDays ?? settings.auditResponseDays;
      const rateBasisPoints = toBasisPoints(input.rate);
      const fields = input.strata as StratumField[];
      const seen = new Map<string, number>();
      input.targeted.forEach((x, i) => {
        const key = x.licenceNumber.toUpperCase();
        if (seen.has(key))
          throw new ValidationError(`targeted.${i}.licenceNumber`, `is also targeted at position ${seen.get(key)}`);
        seen.set(key, i);
      });

      return em().transactional(async (tx) => {
        await lockCpdSettings(tx, deps.clock.now());
        const [last] = await tx.execute<{ id: string }[]>(
          `${ROUND_ORDER} select id from round_order order by depth desc limit 1`,
        );
        const previous = last ? await tx.findOneOrFail(CpdAuditRound, { id: last.id }) : null;
        // The population: one licence per person, active, in grace or suspended, with what the exclusions need.
        const pop = await tx.execute<PopRow[]>(
          `select distinct on (l.registrant_id) l.id as licence_id, l.number, l.tier_code, l.status, r.id as registrant_id, r.full_name,
                  coalesce(r.email, a.email) as email, a.locale, r.region, r.sector,
                  to_char((select min(p.valid_from) from licence_period p join licence l2 on l2.id = p.licence_id where l2.registrant_id = r.id), 'YYYY-MM-DD') as first_licensed_on,
                  exists (select 1 from licence_condition c where c.licence_id = l.id and c.starts_on <= ? and (c.ends_on is null or c.ends_on >= ?)) as conditioned,
                  ${previous ? `exists (select 1 from cpd_audit_selection s where s.round_id = ? and s.registrant_id = r.id)` : 'false'} as audited_last
             from licence l join registrant r on r.id = l.registrant_id left join account a on a.id = r.account_id
            where l.status in ('active', 'grace', 'suspended')
            order by l.registrant_id, (l.status = 'suspended') desc, l.valid_until desc, l.number`,
          previous ? [on, on, previous.id] : [on, on],
        );
        const members: (PopulationMember & { row: PopRow })[] = pop.map((r) => ({
          licenceNumber: r.number,
          tier: r.tier_code,
          region: r.region,
          sector: r.sector,
          firstLicensedOn: r.first_licensed_on ?? on,
          sanctioned: r.status === 'suspended' || r.conditioned,
          auditedLastRound: r.audited_last,
          row: r,
        }));
        const byNumber = new Map(members.map((m) => [m.licenceNumber.toUpperCase(), m]));
        const targeted = input.targeted.map((x, i) => {
          const m = byNumber.get(x.licenceNumber.toUpperCase());
          if (!m)
            throw new ValidationError(
              `targeted.${i}.licenceNumber`,
              'no active, in-grace or suspended licence has this number',
            );
          return { member: m, reason: x.reason };
        });
        const targetedNumbers = new Set(targeted.map((x) => x.member.licenceNumber));
        const rules = {
          registeredUnderMonths: input.exclusions.registeredUnderMonths,
          excludeSanctioned: input.exclusions.sanctioned,
          excludeAuditedLastRound: input.exclusions.auditedLastRound,
          asOf: on,
        };

        const summary = new Map<string, StratumReport>();
        const eligible: typeof members = [];
        for (const m of members) {
          const stratum = stratumOf(m, fields);
          const s = summary.get(stratum) ?? {
            stratum,
            population: 0,
            excluded: { registered_recently: 0, sanctioned: 0, audited_last_round: 0, targeted: 0 },
            eligible: 0,
            selected: 0,
          };
          s.population++;
          const why = targetedNumbers.has(m.licenceNumber) ? 'targeted' : exclusionOf(m, rules);
          if (why) s.excluded[why] = (s.excluded[why] ?? 0) + 1;
          else {
            s.eligible++;
            eligible.push(m);
          }
          summary.set(stratum, s);
        }
        const drawn = drawSample(eligible, input.seed, rateBasisPoints, fields);
        for (const d of drawn) summary.get(d.stratum)!.selected = d.selectedCount;
        const strataSummary = [...summary.values()].sort((a, b) => (a.stratum < b.stratum ? -1 : 1));

        const chosen = [
          ...drawn.flatMap((d) =>
            d.ranked
              .filter((x) => x.selected)
              .map((x) => ({
                member: byNumber.get(x.licenceNumber.toUpperCase())!,
                stratum: d.stratum,
                targeted: false,
                reason: null as string | null,
              })),
          ),
          ...targeted.map((x) => ({
            member: x.member,
            stratum: stratumOf(x.member, fields),
            targeted: true,
            reason: x.reason as string | null,
          })),
        ];
        const dueOn = addDays(on, responseDays);
        const round = tx.create(CpdAuditRound, {
          name: input.name,
          seed: input.seed,
          rateBasisPoints,
          strata: fields,
          registeredUnderMonths: rules.registeredUnderMonths,
          excludeSanctioned: rules.excludeSanctioned,
          excludeAuditedLastRound: rules.excludeAuditedLastRound,
          populationOn: on,
          responseDueOn: dueOn,
          previousRoundId: previous?.id ?? null,
          summary: strataSummary,
          report: {},
          selectedCount: chosen.length,
          createdBy: auth.accountId,
          createdAt: deps.clock.now(),
        });
        round.report = {
          registry: deps.config.publicUrl,
          roundId: round.id,
          name: input.name,
          populationOn: on,
          seed: input.seed,
          algorithm: DRAW_ALGORITHM,
          rate: rateBasisPoints / 10000,
          rateBasisPoints,
          strata: fields,
          exclusions: {
            registeredUnderMonths: rules.registeredUnderMonths,
            sanctioned: rules.excludeSanctioned,
            auditedLastRound: rules.excludeAuditedLastRound,
            lastRoundId: previous?.id ?? null,
          },
          population: members.length,
          strataReport: drawn.map((d) => ({
            ...summary.get(d.stratum)!,
            eligibleLicenceNumbers: d.ranked.map((x) => x.licenceNumber).sort(),
          })),
          selected: drawn.flatMap((d) =>
            d.ranked
              .filter((x) => x.selected)
              .map((x) => ({ licenceNumber: x.licenceNumber, stratum: d.stratum, key: x.key })),
          ),
          targeted: targeted.map((x) => ({ licenceNumber: x.member.licenceNumber, reason: x.reason })),
        };
        await tx.flush();
        for (let i = 0; i < chosen.length; i += 2000) {
          await tx.execute(
            `insert into cpd_audit_selection (id, round_id, registrant_id, licence_id, licence_number, stratum, targeted, target_reason, status, due_on, auto_passed, version)
             select gen_random_uuid(), ?, x.registrant_id, x.licence_id, x.licence_number, x.stratum, x.targeted, x.target_reason, 'selected', ?, false, 1
               from jsonb_to_recordset(?::jsonb) as x(registrant_id uuid, licence_id uuid, licence_number text, stratum text, targeted boolean, target_reason text)`,
            [
              round.id,
              dueOn,
              JSON.stringify(
                chosen.slice(i, i + 2000).map((c) => ({
                  registrant_id: c.member.row.registrant_id,
                  licence_id: c.member.row.licence_id,
                  licence_number: c.member.licenceNumber,
                  stratum: c.stratum,
                  targeted: c.targeted,
                  target_reason: c.reason,
                })),
              ),
            ],
          );
        }
        const selections = await tx.find(CpdAuditSelection, { round: round.id });
        const council = await tx.execute<{ name: string; default_locale: string }[]>(
          `select name, default_locale from council where id = 1`,
        );
        const rowsByRegistrant = new Map(chosen.map((c) => [c.member.row.registrant_id, c.member.row]));
        let autoPassed = 0;
        let notified = 0;
        for (const s of selections) {
          if (await autoPass(tx, s, on)) {
            autoPassed++;
            continue;
          }
          const row = rowsByRegistrant.get(s.registrant.id)!;
          if (!row.email) continue;
          await queueEmail(
            tx,
            {
              idempotencyKey: `cpd-audit-selected:${s.id}`,
              to: row.email,
              template: 'cpd-audit-selection',
              locale: row.locale ?? council[0]?.default_locale ?? 'en',
              vars: {
                name: row.full_name,
                councilName: council[0]?.name ?? 'Social Work Registry',
                roundName: input.name,
                dueOn,
                days: String(responseDays),
                link: `${deps.config.publicUrl}/#/my-cpd`,
              },
            },
            deps.clock.now(),
          );
          notified++;
        }
        await tx.flush();
        await recordAudit(tx, {
          action: 'cpd-audit.drawn',
          entityType: 'cpd_audit_round',
          entityId: round.id,
          after: {
            name: input.name,
            seed: input.seed,
            rateBasisPoints,
            strata: fields,
            population: members.length,
            eligible: eligible.length,
            selected: chosen.length,
            targeted: targeted.length,
            autoPassed,
            notified,
          },
        });
        return roundView(round, (await outcomesOf([round.id])).get(round.id) ?? {});
      });
    },

    async listRounds() {
      const order = await em().execute<{ id: string }[]>(
        `${ROUND_ORDER} select id from round_order order by depth desc limit 200`,
      );
      const byId = new Map(
        (await em().find(CpdAuditRound, { id: { $in: order.map((o) => o.id) } })).map((r) => [r.id, r]),
      );
      const items = order.map((o) => byId.get(o.id)!).filter(Boolean);
      const outcomes = await outcomesOf(items.map((r) => r.id));
      return { items: items.map((r) => roundView(r, outcomes.get(r.id) ?? {})), total: items.length };
    },

    async getRound(id: string) {
      const r = await em().findOne(CpdAuditRound, { id });
      if (!r) throw new NotFoundError('The audit round');
      return roundView(r, (await outcomesOf([id])).get(id) ?? {});
    },

    /** The selection report, as JSON or as CSV (one row per person in the draw, in draw order, then the targeted). */
    async report(id: string, format: 'json' | 'csv'): Promise<{ contentType: string; filename: string; body: string }> {
      const r = await em().findOne(CpdAuditRound, { id }, { populate: ['report'] });
      if (!r) throw new NotFoundError('The audit round');
      const report = r.report as {
        seed: string;
        strata: StratumField[];
        rateBasisPoints: number;
        strataReport: { stratum: string; eligibleLicenceNumbers: string[] }[];
        targeted: { licenceNumber: string; reason: string }[];
      };
      const base = `cpd-audit-${r.populationOn}-${r.id.slice(0, 8)}`;
      if (format === 'json')
        return { contentType: 'application/json', filename: `${base}.json`, body: JSON.stringify(report, null, 2) };
      const lines = [
        `# ${DRAW_ALGORITHM}`,
        `# seed: ${report.seed}; rate (basis points): ${report.rateBasisPoints}; strata: ${report.strata.join('|') || 'none'}`,
        'stratum,licence_number,hmac_sha256,rank,selected,targeted_reason',
      ];
      for (const s of report.strataReport) {
        const ranked = drawSample(
          s.eligibleLicenceNumbers.map((n) => ({ licenceNumber: n, tier: '', region: '', sector: '' })),
          report.seed,
          report.rateBasisPoints,
          [],
        )[0];
        ranked?.ranked.forEach((x, i) =>
          lines.push([s.stratum, x.licenceNumber, x.key, i + 1, x.selected, ''].map(csvField).join(',')),
        );
      }
      for (const x of report.targeted)
        lines.push(['targeted', x.licenceNumber, '', '', true, x.reason].map(csvField).join(','));
      return { contentType: 'text/csv; charset=utf-8', filename: `${base}.csv`, body: lines.join('\n') + '\n' };
    },

    async listSelections(auth: AuthContext, q: z.infer<typeof selectionListQuery>) {
      const scope = await cpdScope(em(), auth);
      const where: Record<string, unknown> = {};
      if (!scope.staff) {
        if (!scope.registrantId) return { items: [], total: 0 };
        where.registrant = scope.registrantId;
      }
      if (q.roundId) where.round = q.roundId;
      if (q.status) where.status = q.status;
      if (q.q) where.licenceNumber = { $ilike: `%${q.q}%` };
      const [items, total] = await em().findAndCount(CpdAuditSelection, where, {
        orderBy: { [q.sort ?? 'licenceNumber']: q.order },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: await selectionViews(items), total };
    },

    async getSelection(auth: AuthContext, id: string) {
      return (await selectionViews([await loadSelection(auth, id)]))[0]!;
    },

    /** The selected person answers within the window; if provider-verified records now suffice, it passes at once. */
    async respond(auth: AuthContext, id: string, input: { note: string; version: number }) {
      return em().transactional(async (tx) => {
        const s = await loadSelection(auth, id, tx);
        await tx.lock(s, LockMode.OPTIMISTIC, input.version);
        if (today() > s.dueOn && s.status !== 'submitted')
          throw new ValidationError(
            'dueOn',
            `the response window closed on ${s.dueOn}; ask the council for an extension`,
          );
        const from = s.status === 'submitted' ? 'submitted' : move(s, 'submitted');
        s.responseNote = input.note;
        s.respondedAt = deps.clock.now();
        const passed = await autoPass(tx, s, today());
        await tx.flush();
        await recordAudit(tx, {
          action: 'cpd-audit.responded',
          entityType: 'cpd_audit_selection',
          entityId: s.id,
          before: { status: from },
          after: { status: s.status, autoPassed: passed },
        });
        return (await selectionViews([s], tx))[0]!;
      });
    },

    async addEvidence(auth: AuthContext, id: string, file: { bytes: Buffer; filename?: string }) {
      if (file.bytes.length > MAX_AUDIT_EVIDENCE_BYTES)
        throw new ValidationError('file', `the file is larger than ${MAX_AUDIT_EVIDENCE_BYTES / 1024 / 1024} MB`);
      return em().transactional(async (tx) => {
        const s = await loadSelection(auth, id, tx);
        if (!['selected', 'submitted', 'extension_granted'].includes(s.status))
          throw new ConflictError(`The audit is ${s.status}; no more evidence is needed`);
        const doc = storeDocument(tx, {
          ownerType: OWNER,
          ownerId: s.id,
          purpose: 'cpd-audit-evidence',
          filename: file.filename,
          bytes: file.bytes,
          allowed: ['pdf', 'png', 'jpeg'],
          uploadedBy: auth.accountId,
          now: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'cpd-audit.evidence-added',
          entityType: 'cpd_audit_selection',
          entityId: s.id,
          after: { documentId: doc.id, filename: doc.filename, sha256: doc.sha256 },
        });
        return (await selectionViews([s], tx))[0]!;
      });
    },

    async evidence(auth: AuthContext, id: string, documentId: string) {
      await loadSelection(auth, id);
      return getDocumentContent(em(), OWNER, id, documentId);
    },

    async decide(auth: AuthContext, id: string, input: z.infer<typeof auditOutcomeBody>) {
      return em().transactional(async (tx) => {
        const s = await tx.findOne(CpdAuditSelection, { id });
        if (!s) throw new NotFoundError('The audit selection');
        await tx.lock(s, LockMode.OPTIMISTIC, input.version);
        if (input.outcome === 'failed' && s.status !== 'submitted' && today() <= s.dueOn)
          throw new ValidationError(
            'outcome',
            `no answer is due before ${s.dueOn}; a non-response can be failed after that`,
          );
        if ((input.outcome === 'passed' || input.outcome === 'passed_with_advice') && s.status !== 'submitted')
          throw new ValidationError('outcome', 'the person has not answered the audit yet');
        if (input.outcome === 'extension_granted' && (!input.extendedTo || input.extendedTo <= s.dueOn))
          throw new ValidationError('extendedTo', `must be after the current due date ${s.dueOn}`);
        const from = move(s, input.outcome);
        if (input.outcome === 'extension_granted') s.dueOn = input.extendedTo!;
        s.outcomeNote = input.note ?? null;
        s.decidedBy = auth.accountId;
        s.decidedAt = deps.clock.now();
        await tx.flush();
        await recordAudit(tx, {
          action: `cpd-audit.${input.outcome}`,
          entityType: 'cpd_audit_selection',
          entityId: s.id,
          before: { status: from },
          after: { status: s.status, dueOn: s.dueOn, note: s.outcomeNote ?? null },
        });
        return (await selectionViews([s], tx))[0]!;
      });
    },
  };
}
