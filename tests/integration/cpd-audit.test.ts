/**
 * CPD audit rounds over HTTP: a reproducible draw from a published seed, rates per stratum,
 * exclusions, targeted additions, the selection report, notification through the outbox,
 * answering, automatic passes from provider-verified records, outcomes, and renewal blocking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { expectHostileUploadsRefused, postFile } from '../support/hostile-files.js';
import { ManualClock } from '../../api/shared/clock.js';
import { cpdComplianceFor } from '../../api/modules/cpd/index.js';
import { aCpdRecord, aLicensee, bulkLicensees } from '../support/builders.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
let t: TestApp;
const clock = new ManualClock('2026-06-01T03:00:00Z');
let registrar: TestAccount, reviewer: TestAccount;
const PREFIX = 'AU';
const num = (n: number) => `${PREFIX}-${String(n).padStart(6, '0')}`;
const SIZE = 400;
// who is who in the population (n = 1 … 400)
const recent = (n: number) => n % 25 === 0; // first licensed 2026-03-01 (under 12 months)
const suspended = (n: number) => n % 7 === 0;
const conditioned = (n: number) => n % 11 === 0; // an active condition on practice
const tierOf = (n: number) => (n % 4 === 0 ? 'provisional' : 'licensed');
const regionOf = (n: number) => (n % 3 === 0 ? 'Hue' : 'Ha Noi');

const em = () => t.deps.orm.em.fork();
const draw = (body: Record<string, unknown>) =>
  t.request('POST', '/api/v1/cpd/audit-rounds', {
    token: registrar.accessToken,
    body: { name: 'Audit 2026', rate: 0.05, strata: ['tier', 'region'], ...body },
  });
const selectedIn = async (roundId: string) =>
  (
    await t.sql(
      `select licence_number from cpd_audit_selection where round_id = ? and not targeted order by licence_number`,
      [roundId],
    )
  ).map((r: any) => r.licence_number as string);

beforeAll(async () => {
  t = await startTestApp({ clock });
  registrar = await t.signIn(['registrar']);
  reviewer = await t.signIn(['reviewer']);
  await bulkLicensees(
    t,
    PREFIX,
    Array.from({ length: SIZE }, (_, i) => {
      const n = i + 1;
      return {
        name: `Person ${n}`,
        email: `p${n}@example.org`,
        region: regionOf(n),
        sector: n % 2 === 0 ? ('health' as const) : ('social_welfare' as const),
        tier: tierOf(n),
        status: suspended(n) ? ('suspended' as const) : ('active' as const),
        from: recent(n) ? '2026-03-01' : '2025-01-01',
        condition: conditioned(n),
      };
    }),
  );
});
afterAll(async () => {
  await t?.close();
});

describe('the draw', () => {
  let first: any;

  it('selects ceil(rate × eligible) per stratum, never an excluded person, and adds the targeted with their reason', async () => {
    const res = await draw({
      seed: 'council-minutes-2026-05-28',
      targeted: [{ licenceNumber: num(50), reason: 'Complaint about falsified certificates' }],
    });
    expect(res.status, JSON.stringify(res.body).slice(0, 600)).toBe(201);
    first = res.body;
    // expected strata from the population as built
    const eligible = new Map<string, number[]>();
    for (let n = 1; n <= SIZE; n++) {
      if (recent(n) || suspended(n) || conditioned(n) || n === 50) continue;
      const key = `${tierOf(n)}|${regionOf(n)}`;
      eligible.set(key, [...(eligible.get(key) ?? []), n]);
    }
    expect(first.summary.map((s: any) => [s.stratum, s.eligible])).toEqual(
      [...eligible.entries()].sort().map(([k, v]) => [k, v.length]),
    );
    for (const s of first.summary) expect(s.selected).toBe(Math.ceil((s.eligible * 5) / 100));
    expect(first.summary.reduce((a: number, s: any) => a + s.population, 0)).toBe(SIZE);
    const chosen = await selectedIn(first.id);
    expect(chosen).toHaveLength(first.summary.reduce((a: number, s: any) => a + s.selected, 0));
    for (const number of chosen) {
      const n = Number(number.slice(-6));
      expect(recent(n) || suspended(n) || conditioned(n)).toBe(false);
    }
    const targeted = await t.sql(
      `select licence_number, target_reason, status from cpd_audit_selection where round_id = ? and targeted`,
      [first.id],
    );
    expect(targeted).toEqual([
      { licence_number: num(50), target_reason: 'Complaint about falsified certificates', status: 'selected' },
    ]);
    expect(first.selectedCount).toBe(chosen.length + 1);

    const mails = await t.sql(`select to_address, subject from outbox_message where template = 'cpd-audit-selection'`);
    expect(mails).toHaveLength(chosen.length + 1);
    expect(mails[0].subject).toBe('You have been selected for the CPD audit "Audit 2026"');
    expect(first.responseDueOn).toBe('2026-06-15');
  });

  it('the report lets anyone repeat the draw: HMAC-SHA256(seed, licence number) per stratum gives the same people', async () => {
    const res = await t.request('GET', `/api/v1/cpd/audit-rounds/${first.id}/report`, { token: registrar.accessToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.json');
    const report = res.body;
    expect(report).toMatchObject({
      seed: 'council-minutes-2026-05-28',
      rateBasisPoints: 500,
      strata: ['tier', 'region'],
      population: SIZE,
    });
    expect(report.algorithm).toContain('HMAC-SHA256');
    const repeated: string[] = [];
    for (const s of report.strataReport) {
      const ranked = [...s.eligibleLicenceNumbers].sort((a: string, b: string) => {
        const ka = createHmac('sha256', report.seed).update(a).digest('hex'),
          kb = createHmac('sha256', report.seed).update(b).digest('hex');
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
      repeated.push(...ranked.slice(0, Math.ceil((ranked.length * report.rateBasisPoints) / 10000)));
    }
    expect(repeated.sort()).toEqual(await selectedIn(first.id));
    expect(report.targeted).toEqual([{ licenceNumber: num(50), reason: 'Complaint about falsified certificates' }]);

    const csv = await t.request('GET', `/api/v1/cpd/audit-rounds/${first.id}/report?format=csv`, {
      token: registrar.accessToken,
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = csv.text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'));
    expect(rows[0]).toBe('stratum,licence_number,hmac_sha256,rank,selected,targeted_reason');
    const csvSelected = rows
      .slice(1)
      .filter((l) => l.split(',')[4] === 'true' && !l.startsWith('targeted'))
      .map((l) => l.split(',')[1])
      .sort();
    expect(csvSelected).toEqual(await selectedIn(first.id));
    expect(rows.length - 2).toBe(
      report.strataReport.reduce((a: number, s: any) => a + s.eligibleLicenceNumbers.length, 0),
    );
  });

  it("the same seed and population select exactly the same people; another seed does not; the last round's people are excluded unless targeted", async () => {
    const again = await draw({
      seed: 'council-minutes-2026-05-28',
      exclusions: { registeredUnderMonths: 12, sanctioned: true, auditedLastRound: false },
      targeted: [{ licenceNumber: num(50), reason: 'Complaint about falsified certificates' }],
    });
    expect(again.status).toBe(201);
    expect(await selectedIn(again.body.id)).toEqual(await selectedIn(first.id));
    const other = await draw({
      seed: 'a-different-published-seed',
      exclusions: { registeredUnderMonths: 12, sanctioned: true, auditedLastRound: false },
      targeted: [{ licenceNumber: num(50), reason: 'x again' }],
    });
    expect(await selectedIn(other.body.id)).not.toEqual(await selectedIn(first.id));
    expect(await selectedIn(other.body.id)).toHaveLength((await selectedIn(first.id)).length);

    // excluding the last round: nobody selected in "other" is drawn again; a targeted one still is
    const lastRound = new Set(await selectedIn(other.body.id));
    const next = await draw({
      seed: 'third-seed-2026',
      targeted: [{ licenceNumber: [...lastRound][0]!, reason: 'follow-up of last round' }],
    });
    expect(next.status).toBe(201);
    for (const n of await selectedIn(next.body.id)) expect(lastRound.has(n)).toBe(false);
    // the targeted one is counted as targeted, the others as audited in the last round
    expect(next.body.summary.reduce((a: number, s: any) => a + (s.excluded.audited_last_round ?? 0), 0)).toBe(
      lastRound.size - 1,
    );
    expect(
      (
        await t.sql(`select count(*)::int as n from cpd_audit_selection where round_id = ? and targeted`, [
          next.body.id,
        ])
      )[0].n,
    ).toBe(1);
  });

  it('bad input names the field; an unknown targeted licence is refused and nothing is drawn', async () => {
    const before = (await t.sql(`select count(*)::int as n from cpd_audit_round`))[0].n;
    const bad = await draw({ seed: 'short', rate: 1.5, strata: ['tier', 'tier'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['rate', 'seed', 'strata']);
    const unknown = await draw({
      seed: 'a-long-enough-seed',
      targeted: [{ licenceNumber: 'VN-NOPE-1', reason: 'test' }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe('targeted.0.licenceNumber');
    expect((await t.sql(`select count(*)::int as n from cpd_audit_round`))[0].n).toBe(before);
  });
});

describe('draws on several instances at once', () => {
  it('two rounds started at the same moment are drawn one after the other: the second knows the first as the last round', async () => {
    const [a, b] = await Promise.all([draw({ seed: 'parallel-seed-one' }), draw({ seed: 'parallel-seed-two' })]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const rows = await t.sql(`select id, previous_round_id from cpd_audit_round where id in (?, ?)`, [
      a.body.id,
      b.body.id,
    ]);
    const byId = Object.fromEntries(rows.map((r: any) => [r.id, r.previous_round_id]));
    expect(byId[a.body.id] === b.body.id || byId[b.body.id] === a.body.id).toBe(true);
    // and the chain has one head
    const heads = await t.sql(
      `select count(*)::int as n from cpd_audit_round r where not exists (select 1 from cpd_audit_round x where x.previous_round_id = r.id)`,
    );
    expect(heads[0].n).toBe(1);
  });
});

describe('answering an audit, outcomes and renewal', () => {
  it('a selected person answers with evidence; a reviewer passes with advice; until then renewal is blocked', async () => {
    const sw = await t.signIn(['social_worker']);
    const me = await aLicensee(t, { account: sw });
    const other = await t.signIn(['social_worker']);
    await aLicensee(t, { account: other });
    const round = await draw({
      seed: 'answer-test-seed',
      rate: 0.0001,
      targeted: [{ licenceNumber: me.number, reason: 'Random spot check' }],
    });
    expect(round.status).toBe(201);
    const mine = (await t.request('GET', '/api/v1/cpd/audit-selections', { token: sw.accessToken })).body.items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'selected', targeted: true, dueOn: '2026-06-15' });
    expect(
      (await t.request('GET', `/api/v1/cpd/audit-selections/${mine[0].id}`, { token: other.accessToken })).status,
    ).toBe(403);
    expect((await t.request('GET', '/api/v1/cpd/audit-selections', { token: other.accessToken })).body.items).toEqual(
      [],
    );
    expect(await cpdComplianceFor(em(), me.licenceId, '2026-06-02')).toMatchObject({
      auditBlocksRenewal: true,
      auditState: 'selected',
    });

    const early = await t.request('POST', `/api/v1/cpd/audit-selections/${mine[0].id}/outcome`, {
      token: reviewer.accessToken,
      body: { outcome: 'passed', version: mine[0].version },
    });
    expect(early.status).toBe(422);
    await expectHostileUploadsRefused(
      (f) =>
        postFile(
          `${t.baseUrl}/api/v1/cpd/audit-selections/${mine[0].id}/evidence?filename=${f.name}`,
          sw.accessToken,
          f,
        ),
      {
        stored: async () =>
          (await t.sql(`select count(*)::int as n from document where owner_id = ?`, [mine[0].id]))[0].n,
      },
    );
    const ev = await fetch(
      `${t.baseUrl}/api/v1/cpd/audit-selections/${mine[0].id}/evidence?filename=certificates.pdf`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${sw.accessToken}`, 'content-type': 'application/pdf' },
        body: PDF,
      },
    );
    expect(ev.status).toBe(201);
    const answered = await t.request('POST', `/api/v1/cpd/audit-selections/${mine[0].id}/response`, {
      token: sw.accessToken,
      body: { note: 'Certificates for all 60 credits attached.', version: ((await ev.json()) as any).version },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      status: 'submitted',
      evidence: [expect.objectContaining({ filename: 'certificates.pdf' })],
    });
    expect(await cpdComplianceFor(em(), me.licenceId, '2026-06-02')).toMatchObject({
      auditBlocksRenewal: true,
      auditState: 'submitted',
    });
    const noAdvice = await t.request('POST', `/api/v1/cpd/audit-selections/${mine[0].id}/outcome`, {
      token: reviewer.accessToken,
      body: { outcome: 'passed_with_advice', version: answered.body.version },
    });
    expect(noAdvice.status).toBe(400);
    const passed = await t.request('POST', `/api/v1/cpd/audit-selections/${mine[0].id}/outcome`, {
      token: reviewer.accessToken,
      body: {
        outcome: 'passed_with_advice',
        note: 'Spread your ethics credits over the cycle.',
        version: answered.body.version,
      },
    });
    expect(passed.body).toMatchObject({
      status: 'passed_with_advice',
      outcomeNote: 'Spread your ethics credits over the cycle.',
    });
    expect(await cpdComplianceFor(em(), me.licenceId, '2026-06-02')).toMatchObject({
      auditBlocksRenewal: false,
      auditState: 'passed_with_advice',
    });
  });

  it('provider-verified records that meet the requirement pass the audit automatically, with no e-mail', async () => {
    const me = await aLicensee(t, { name: 'Le Van Verified' });
    const add = (category: string, credits: number, source: 'provider' | 'self' = 'provider') =>
      aCpdRecord(t, { registrantId: me.registrantId, source, category, completedOn: '2026-02-01', credits });
    await add('ethics', 10);
    await add('practice-skills', 50);
    const round = await draw({
      seed: 'auto-pass-seed-1',
      rate: 0.0001,
      targeted: [{ licenceNumber: me.number, reason: 'check' }],
    });
    const [s] = await t.sql(
      `select id, status, auto_passed, outcome_note from cpd_audit_selection where round_id = ? and targeted`,
      [round.body.id],
    );
    expect(s).toMatchObject({ status: 'passed', auto_passed: true });
    expect(s.outcome_note).toContain('60 of 60');
    expect(
      await t.sql(`select id from outbox_message where idempotency_key = ?`, [`cpd-audit-selected:${s.id}`]),
    ).toEqual([]);

    // self-declared credits do not count towards the automatic pass
    const mixed = await aLicensee(t, { name: 'Pham Thi Mixed' });
    await aCpdRecord(t, {
      registrantId: mixed.registrantId,
      source: 'self',
      title: 'Reading',
      provider: 'Self',
      category: 'practice-skills',
      completedOn: '2026-02-01',
      credits: 60,
    });
    const round2 = await draw({
      seed: 'auto-pass-seed-2',
      rate: 0.0001,
      exclusions: { registeredUnderMonths: 12, sanctioned: true, auditedLastRound: false },
      targeted: [{ licenceNumber: mixed.number, reason: 'check' }],
    });
    expect(
      (await t.sql(`select status from cpd_audit_selection where round_id = ? and targeted`, [round2.body.id]))[0]
        .status,
    ).toBe('selected');
  });

  it('no answer: failed only after the due date (or an extension first); a failed audit blocks renewal when the council says so', async () => {
    const me = await aLicensee(t, { name: 'Do Van Silent' });
    const round = await draw({
      seed: 'silent-seed-2026',
      rate: 0.0001,
      responseDays: 10,
      targeted: [{ licenceNumber: me.number, reason: 'check' }],
    });
    const [sel] = (
      await t.request('GET', `/api/v1/cpd/audit-selections?roundId=${round.body.id}`, { token: reviewer.accessToken })
    ).body.items.filter((x: any) => x.targeted);
    expect(sel.dueOn).toBe('2026-06-11');
    const tooEarly = await t.request('POST', `/api/v1/cpd/audit-selections/${sel.id}/outcome`, {
      token: reviewer.accessToken,
      body: { outcome: 'failed', note: 'No answer', version: sel.version },
    });
    expect(tooEarly.status).toBe(422);
    const ext = await t.request('POST', `/api/v1/cpd/audit-selections/${sel.id}/outcome`, {
      token: reviewer.accessToken,
      body: { outcome: 'extension_granted', note: 'Medical leave', extendedTo: '2026-06-30', version: sel.version },
    });
    expect(ext.body).toMatchObject({ status: 'extension_granted', dueOn: '2026-06-30' });
    expect(await cpdComplianceFor(em(), me.licenceId, '2026-06-20')).toMatchObject({
      auditBlocksRenewal: true,
      auditState: 'extension_granted',
    });
    clock.set('2026-07-01T03:00:00Z');
    reviewer = await t.renew(reviewer);
    const failed = await t.request('POST', `/api/v1/cpd/audit-selections/${sel.id}/outcome`, {
      token: reviewer.accessToken,
      body: { outcome: 'failed', note: 'No answer by the extended date', version: ext.body.version },
    });
    expect(failed.body.status).toBe('failed');
    expect(await cpdComplianceFor(em(), me.licenceId, '2026-07-01')).toMatchObject({
      auditBlocksRenewal: true,
      auditState: 'failed',
    });
    const admin = await t.signIn(['admin']);
    const s = (await t.request('GET', '/api/v1/cpd/settings', { token: admin.accessToken })).body;
    await t.request('PUT', '/api/v1/cpd/settings', {
      token: admin.accessToken,
      body: { ...s, auditBlocksRenewal: false },
    });
    expect(await cpdComplianceFor(em(), me.licenceId, '2026-07-01')).toMatchObject({
      auditBlocksRenewal: false,
      auditState: 'failed',
    });
    clock.set('2026-06-01T03:00:00Z');
  });
});
