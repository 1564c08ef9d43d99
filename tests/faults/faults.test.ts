/**
 * Faults survived, measured with real processes. Three instances started from the real entry point
 * share one PostgreSQL database (the third reaches it through a TCP proxy the suite can cut), a real
 * SMTP server receives the e-mail, and the cases run one after another on the same data:
 *
 *   1. a day's jobs on three instances: every e-mail once, every job slot once;
 *   2. SMTP down while work arrives, then back; kill -9 of an instance mid-drain;
 *   3. 50 concurrent approvals over the three instances: 50 gap-free licence numbers;
 *   4. SIGTERM under a stream of writes (also through `npm start`);
 *   5. the database cut (refused, then silently dropped) for 10 s each;
 *   7. two councils' registries asking each other, then one of them stopped;
 *   6. last: the audit chain of everything above verifies, and a row a superuser altered is named.
 *
 * Each case prints its figures; docs/reliability.md records a full run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ensureAdminUiBuilt } from '../../api/shared/admin-ui-build.js';
import { hasValidCheckDigit } from '../../api/modules/licences/index.js';
import { createTestDatabase } from '../support/db.js';
import { repoRoot, startInstance, waitFor, sleep, type Instance } from './support/instance.js';
import { startProxy, type DbProxy } from './support/proxy.js';
import { startMailbox, tally, type Mailbox } from './support/mailbox.js';
import {
  call,
  connect,
  failureKind,
  createAccount,
  DATA_KEY,
  isoDay,
  messageIdFor,
  signIn,
  type Account,
  type Sql,
} from './support/registry.js';
import { accreditedProgramme, applicationsUnderReview, licensee, seedDueWork, type DueWork } from './support/data.js';
import { ms, report } from './support/figures.js';

const PUBLIC_URL = 'https://registry-vn.faults.test';
const DOMAIN = new URL(PUBLIC_URL).hostname;
const SHUTDOWN_TIMEOUT_MS = 10_000;

let databaseUrl: string;
let sql: Sql;
let mailbox: Mailbox;
let proxy: DbProxy;
const instances: Record<'a' | 'b' | 'c', Instance | null> = { a: null, b: null, c: null };
const others: Instance[] = [];
let registrar: Account;
let registrarToken: string;
let admin: Account;
let due: DueWork;
let today: string;
let programmeId: string;

/** Every e-mail the suite expects, by Message-ID, as the cases add work. */
const expectedIds = new Set<string>();
const expectKey = (key: string) => expectedIds.add(messageIdFor(key, DOMAIN));
/** What arrived, except the password reset e-mails (their keys hold a random token; they are counted by address). */
const keyedMail = () => mailbox.received.filter((m) => !due.resetAddresses.includes(m.to));

const env = (extra: Record<string, string> = {}) => ({
  NODE_ENV: 'production',
  DATABASE_URL: databaseUrl,
  DATA_KEY,
  PUBLIC_URL,
  SMTP_URL: mailbox.url,
  JOBS: 'true',
  LOG_LEVEL: 'info',
  DB_POOL_MAX: '5',
  ACCESS_TOKEN_TTL_SECONDS: '3600',
  SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
  ...extra,
});

/**
 * What each instance runs with besides the shared environment: A asks the peer council in case 7
 * (a short MRA_TIMEOUT_MS keeps the case short); C reaches the database through the proxy, with the
 * database bounds of case 5 (short, so a 10 s cut shows them).
 */
const ownEnv = (name: 'a' | 'b' | 'c'): Record<string, string> =>
  name === 'a'
    ? { MRA_TIMEOUT_MS: String(MRA_TIMEOUT_MS) }
    : name === 'c'
      ? {
          DATABASE_URL: proxy.via(databaseUrl),
          DB_CONNECT_TIMEOUT_MS: String(DB_CONNECT_TIMEOUT_MS),
          DB_QUERY_TIMEOUT_MS: String(DB_QUERY_TIMEOUT_MS),
        }
      : {};

const start = (name: 'a' | 'b' | 'c', port?: number, via?: 'node' | 'npm') =>
  startInstance({ name, port, via, env: env(ownEnv(name)) }).then((i) => (instances[name] = i));

const running = () => Object.values(instances).filter((i): i is Instance => i !== null);

beforeAll(async () => {
  ensureAdminUiBuilt();
  databaseUrl = await createTestDatabase();
  sql = connect(databaseUrl);
  mailbox = await startMailbox();
  const pgUrl = new URL(databaseUrl);
  proxy = await startProxy(pgUrl.hostname, Number(pgUrl.port || 5432));

  today = isoDay();
  registrar = await createAccount(sql, ['registrar']);
  admin = await createAccount(sql, ['admin']);
  due = await seedDueWork(sql, today, [registrar, admin], 10);
  for (const key of due.keys) expectKey(key);
  programmeId = (await accreditedProgramme(sql, '2035-12-31')).programmeId;

  const t0 = Date.now();
  await Promise.all([start('a'), start('b'), start('c')]);
  registrarToken = await signIn(instances.a!.base, registrar);
  report('start-up', {
    instances: 3,
    'ready after (ms)': running().map((i) => i.readyAfterMs),
    'all ready (ms)': Date.now() - t0,
  });
}, 300_000);

afterAll(async () => {
  for (const i of [...running(), ...others]) await i.stop();
  await mailbox?.close();
  await proxy?.close();
  await sql?.end();
});

describe('1. a day of jobs on three instances', () => {
  it('sends every due e-mail exactly once and runs every job slot once', async () => {
    const started = Date.now();
    const resets = () => mailbox.received.filter((m) => due.resetAddresses.includes(m.to)).length;
    await waitFor(
      'the day’s e-mails',
      () => tally(expectedIds, keyedMail()).lost === 0 && resets() >= due.resetAddresses.length,
      120_000,
    );
    const allIn = Date.now() - started;
    await sleep(11_000); // two more drain ticks on every instance: a repeat would show now
    const mail = tally(expectedIds, keyedMail());
    const resetCounts = due.resetAddresses.map((a) => mailbox.received.filter((m) => m.to === a).length);

    // Each idempotency key is one outbox row, sent once.
    const rows = await sql<{ status: string; n: number }>(
      `select status, count(*)::int as n from outbox_message group by status order by status`,
    );
    // No slot ran twice: one job_run row per (job, slot) by its key, and one "succeeded" log line per slot across the instances.
    const runs = await sql<{ job: string; slot: Date; instance: string; outcome: string }>(
      `select job, slot, instance, outcome from job_run order by slot`,
    );
    const logged = new Map<string, number>();
    for (const i of running())
      for (const l of i.logs())
        if (l.msg === 'job run succeeded' || l.msg === 'job run failed') {
          const k = `${String(l.job)}@${String(l.slot)}`;
          logged.set(k, (logged.get(k) ?? 0) + 1);
        }
    const runsPerSlot = Math.max(...logged.values());
    const byInstance = new Map<string, number>();
    for (const r of runs) byInstance.set(r.instance, (byInstance.get(r.instance) ?? 0) + 1);
    const grace = await sql<{ status: string }>(`select status from licence where id = any($1::uuid[])`, [
      due.expiredLicenceIds,
    ]);

    report('1. jobs on three instances', {
      'expected e-mails': mail.expected + due.resetAddresses.length,
      delivered: mail.delivered + resetCounts.filter((n) => n > 0).length,
      duplicated: mail.duplicated + resetCounts.reduce((s, n) => s + Math.max(0, n - 1), 0),
      lost: mail.lost + resetCounts.filter((n) => n === 0).length,
      'all delivered after (ms)': allIn,
      'outbox rows': Object.fromEntries(rows.map((r) => [r.status, r.n])),
      'job slots run': runs.length,
      'most runs of one slot': runsPerSlot,
      'slots per instance': [...byInstance.values()],
    });
    expect(mail.lost).toBe(0);
    expect(mail.duplicated).toBe(0);
    expect(mail.unexpected).toEqual([]);
    expect(resetCounts).toEqual(due.resetAddresses.map(() => 1));
    expect(rows).toEqual([{ status: 'sent', n: mail.expected + due.resetAddresses.length }]);
    expect(runs.filter((r) => r.outcome === 'failed')).toEqual([]);
    expect(runsPerSlot).toBe(1);
    const finished = runs.filter((r) => r.outcome === 'succeeded');
    expect(finished.filter((r) => logged.get(`${r.job}@${r.slot.toISOString()}`) !== 1)).toEqual([]);
    expect(grace.map((g) => g.status)).toEqual(due.expiredLicenceIds.map(() => 'grace'));
  });
});

const approve = (base: string, appId: string) =>
  call(base, 'POST', `/api/v1/licence-applications/${appId}/approval`, {
    token: registrarToken,
    body: { reason: 'All requirements met.', version: 1 },
  });

describe('2. SMTP down while work arrives, then back; kill -9 of an instance mid-drain', () => {
  it('delivers every e-mail; the killed instance repeats at most its message in flight, with the same Message-ID', async () => {
    const apps = await applicationsUnderReview(sql, 40, programmeId, 'smtp');
    for (const a of apps) expectKey(a.key);
    const receivedBefore = mailbox.received.length;

    await mailbox.down();
    const downAt = Date.now();
    // Work keeps arriving on every instance while the mail server is down.
    for (const [i, a] of apps.slice(0, 20).entries()) {
      expect((await approve(running()[i % 3]!.base, a.id)).status).toBe(200);
      await sleep(150);
    }
    await waitFor(
      'a delivery attempt against the dead server',
      async () =>
        (await sql(`select 1 from outbox_message where status = 'pending' and last_error is not null limit 1`)).length,
      30_000,
    );
    await sleep(Math.max(0, 8_000 - (Date.now() - downAt)));
    const whileDown = await sql<{ pending: number; tried: number }>(
      `select count(*)::int as pending, count(*) filter (where attempts > 0)::int as tried from outbox_message where status = 'pending'`,
    );

    // Back, but slow to confirm each message, so that every instance has one in flight most of the time.
    mailbox.setAcceptDelay(700);
    await mailbox.up();
    const upAt = Date.now();
    const more = Promise.all(
      apps.slice(20).map(async (a, i) => {
        await sleep(i * 100);
        return approve((i % 2 ? instances.a : instances.c)!.base, a.id);
      }),
    );
    await waitFor('draining to start again', () => mailbox.received.length >= receivedBefore + 3, 120_000, 50);
    const b = instances.b!;
    b.kill('SIGKILL');
    const killedAt = Date.now();
    await b.exited;
    instances.b = null;
    expect((await more).map((r) => r.status)).toEqual(apps.slice(20).map(() => 200));

    await waitFor('every e-mail', () => tally(expectedIds, keyedMail()).lost === 0, 180_000);
    const deliveredAfterUp = Date.now() - upAt;
    await sleep(11_000);
    mailbox.setAcceptDelay(0);
    const mail = tally(expectedIds, keyedMail());
    const repeats = [...new Set(keyedMail().map((m) => m.messageId))]
      .map((id) => keyedMail().filter((m) => m.messageId === id))
      .filter((copies) => copies.length > 1);
    const [attempts] = await sql<{ failed: number; most: number }>(
      `select coalesce(sum(attempts - 1), 0)::int as failed, max(attempts)::int as most from outbox_message where status = 'sent'`,
    );

    report('2. SMTP down, then kill -9 mid-drain', {
      'SMTP down for (ms)': upAt - downAt,
      'e-mails waiting when SMTP came back': whileDown[0]!.pending,
      'of which already tried and failed': whileDown[0]!.tried,
      'failed attempts counted against messages': attempts!.failed,
      'most attempts counted for one message': attempts!.most,
      'expected e-mails (whole run so far)': mail.expected,
      delivered: mail.delivered,
      duplicated: mail.duplicated,
      lost: mail.lost,
      'instance killed (kill -9) after SMTP back (ms)': killedAt - upAt,
      'all delivered after SMTP back (ms)': deliveredAfterUp,
      'repeated Message-IDs': repeats.map((c) => c[0]!.messageId),
    });
    expect(mail.lost).toBe(0);
    expect(mail.unexpected).toEqual([]);
    // At most the killed instance's message in flight repeats: first received before the kill, again after it.
    expect(mail.duplicated).toBeLessThanOrEqual(1);
    for (const copies of repeats) {
      expect(copies).toHaveLength(2);
      expect(copies[0]!.at).toBeLessThanOrEqual(killedAt);
    }
    expect(await sql(`select status from outbox_message where status <> 'sent'`)).toEqual([]);
    // A mail server that is down is no fault of the messages: the outage used none of their
    // OUTBOX_MAX_ATTEMPTS (a long one would otherwise mark them failed for staff to resend by hand).
    expect(attempts!.most).toBe(1);

    await start('b', b.port);
  });

  it('with the mail server silent (accepting, never answering), SIGTERM still stops an instance in bounded time and nothing is lost', async () => {
    const apps = await applicationsUnderReview(sql, 6, programmeId, 'silent');
    for (const a of apps) expectKey(a.key);
    await mailbox.silence();
    for (const [i, a] of apps.entries())
      expect((await approve((i % 2 ? instances.a : instances.c)!.base, a.id)).status).toBe(200);
    // Every instance's drain is waiting for a greeting that does not come.
    await waitFor(
      'each instance to be waiting on the silent server',
      () => mailbox.held() >= running().length,
      30_000,
      50,
    );
    const heldAtSigterm = mailbox.held();
    const b = instances.b!;
    const sigtermAt = Date.now();
    b.kill('SIGTERM');
    const exit = await b.exited;
    const stoppedIn = Date.now() - sigtermAt;
    instances.b = null;
    await mailbox.up();
    const upAt = Date.now();
    const keys = new Set(apps.map((a) => messageIdFor(a.key, DOMAIN)));
    await waitFor('the e-mails queued while silent', () => tally(keys, keyedMail()).lost === 0, 120_000);
    const deliveredIn = Date.now() - upAt;
    await sleep(6_000);
    const mail = tally(keys, keyedMail());
    report('2b. mail server silent, SIGTERM', {
      'connections held by the silent server at SIGTERM': heldAtSigterm,
      'SIGTERM to exit (ms)': stoppedIn,
      'exit code': exit.code,
      'e-mails queued while silent': mail.expected,
      delivered: mail.delivered,
      duplicated: mail.duplicated,
      lost: mail.lost,
      'all delivered after the server answered again (ms)': deliveredIn,
    });
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stoppedIn).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(b.output()).toContain('stopped cleanly');
    expect(mail.lost).toBe(0);
    expect(mail.duplicated).toBe(0);
    await start('b', b.port);
  });
});

describe('3. concurrent approvals over three instances', () => {
  it('issues 50 distinct licence numbers with no gap', async () => {
    const apps = await applicationsUnderReview(sql, 50, programmeId, 'batch');
    for (const a of apps) expectKey(a.key);
    const scope = String(new Date().getUTCFullYear());
    const [{ before }] = await sql<{ before: number }>(
      `select coalesce(max(last), 0)::int as before from licence_number_counter where scope = $1`,
      [scope],
    );
    const t0 = performance.now();
    // Instance C waits at most DB_CONNECT_TIMEOUT_MS (2 s) for one of its 5 connections: in a burst it may
    // answer 503 with Retry-After, having done nothing; a client then sends the approval again, as here.
    let busy = 0;
    const approveAsAClientWould = async (base: string, id: string) => {
      for (let attempt = 1; ; attempt++) {
        const r = await approve(base, id);
        if (r.status !== 503 || attempt === 3) return r;
        busy++;
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        await sleep(1_000 * Math.min(5, Number(r.headers.get('retry-after'))));
      }
    };
    const results = await Promise.all(apps.map((a, i) => approveAsAClientWould(running()[i % 3]!.base, a.id)));
    const elapsed = performance.now() - t0;
    const numbers = await sql<{ number: string }>(
      `select l.number from licence l join licence_application a on a.licence_id = l.id where a.id = any($1::uuid[])`,
      [apps.map((a) => a.id)],
    );
    const seqs = numbers.map((n) => Number(/-(\d+)-\d$/.exec(n.number)![1])).sort((x, y) => x - y);
    const gaps = seqs.slice(1).filter((s, i) => s !== seqs[i]! + 1).length + (seqs[0] === before + 1 ? 0 : 1);

    await waitFor('the decision e-mails', () => tally(expectedIds, keyedMail()).lost === 0, 120_000);
    report('3. 50 concurrent approvals', {
      approvals: results.length,
      'answered 200': results.filter((r) => r.status === 200).length,
      '503 with Retry-After, then sent again': busy,
      'numbers issued': numbers.length,
      'distinct numbers': new Set(numbers.map((n) => n.number)).size,
      gaps,
      'sequence (first–last)': `${seqs[0]}–${seqs.at(-1)} after ${before}`,
      'all approvals answered in (ms)': ms(elapsed),
    });
    expect(results.map((r) => r.status)).toEqual(apps.map(() => 200));
    expect(new Set(numbers.map((n) => n.number)).size).toBe(50);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => before + 1 + i));
    expect(numbers.every((n) => hasValidCheckDigit(n.number))).toBe(true);
  });
});

let worker: Account;
let workerToken: string;
let portA: number | undefined;

type Outcome = { kind: 'cpd' | 'complaint'; status?: number; id?: string; error?: string; at: number };

/**
 * `total` writes from `concurrency` clients (keep-alive connections, as a load balancer keeps them),
 * CPD records and complaints in turn; SIGTERM reaches the instance once `sigtermAfter` were answered.
 * Meanwhile /readyz is polled.
 */
async function writesThroughSigterm(target: Instance, total: number, concurrency: number, sigtermAfter: number) {
  const outcomes: Outcome[] = [];
  let next = 0;
  let answered = 0;
  let sigtermAt = 0;
  const day = isoDay(new Date(Date.now() - 86_400_000));
  const one = async (i: number): Promise<Outcome> => {
    const kind = i % 2 ? 'complaint' : 'cpd';
    try {
      const r =
        kind === 'cpd'
          ? await call(target.base, 'POST', '/api/v1/cpd/records', {
              token: workerToken,
              body: {
                title: `Stream record ${i}`,
                providerName: 'Hue University',
                categoryCode: 'practice-skills',
                completedOn: day,
                hours: 1,
                reflection: 'Practised structured case notes with my supervisor and changed how I write them.',
              },
            })
          : await call(target.base, 'POST', '/api/v1/discipline/cases', {
              token: registrarToken,
              body: {
                complainantName: `Complainant ${i}`,
                respondentName: 'Nguyen Van B',
                category: 'other',
                allegation: `Stream complaint ${i}: the worker missed three agreed home visits.`,
              },
            });
      return { kind, status: r.status, id: r.body?.id, at: Date.now() };
    } catch (e) {
      return { kind, error: failureKind(e), at: Date.now() };
    }
  };
  const client = async () => {
    while (next < total) {
      const i = next++;
      const o = await one(i);
      outcomes.push(o);
      if (o.status !== undefined && ++answered === sigtermAfter) {
        sigtermAt = Date.now();
        target.kill('SIGTERM');
      }
    }
  };
  const readiness: { at: number; ok: boolean }[] = [];
  const polling = new AbortController();
  const poll = (async () => {
    while (!polling.signal.aborted) {
      try {
        const r = await fetch(`${target.base}/readyz`, { signal: AbortSignal.timeout(2000) });
        readiness.push({ at: Date.now(), ok: r.status === 200 });
      } catch {
        readiness.push({ at: Date.now(), ok: false });
      }
      await sleep(20);
    }
  })();
  await Promise.all(Array.from({ length: concurrency }, client));
  const exit = await target.exited;
  const exitedAt = Date.now();
  polling.abort();
  await poll;

  const acked = outcomes.filter((o) => o.status !== undefined && o.status >= 200 && o.status < 300);
  const ids = (kind: Outcome['kind']) => acked.filter((o) => o.kind === kind).map((o) => o.id!);
  const stored = await sql<{ n: number }>(
    `select (select count(*) from cpd_record where id = any($1::uuid[])) + (select count(*) from discipline_case where id = any($2::uuid[])) as n`,
    [ids('cpd'), ids('complaint')],
  );
  const firstNotReady = readiness.find((r) => r.at >= sigtermAt && !r.ok);
  const afterSigterm = outcomes.filter((o) => o.at >= sigtermAt);
  return {
    outcomes,
    acked,
    stored: Number(stored[0]!.n),
    exit,
    sigtermToExitMs: exitedAt - sigtermAt,
    readyzFailedAfterMs: firstNotReady ? firstNotReady.at - sigtermAt : null,
    readyzOkAfterSigterm: readiness.filter((r) => r.at > (firstNotReady?.at ?? Infinity) && r.ok).length,
    answeredAfterSigterm: afterSigterm.filter((o) => o.status !== undefined).length,
    statuses: [...new Set(outcomes.filter((o) => o.status !== undefined).map((o) => o.status))],
    refused: outcomes.filter((o) => o.error === 'refused').length,
    reset: outcomes.filter((o) => o.error === 'reset').length,
    otherErrors: outcomes.filter((o) => o.error && !['refused', 'reset'].includes(o.error)).map((o) => o.error),
  };
}

describe('4. SIGTERM under a stream of writes', () => {
  beforeAll(async () => {
    worker = await createAccount(sql, ['social_worker']);
    await licensee(sql, { email: worker.email, validUntil: '2027-12-31', accountId: worker.id });
    workerToken = await signIn(instances.a!.base, worker);
  });

  for (const via of ['node', 'npm'] as const) {
    it(`keeps every acknowledged write, cuts no request, fails /readyz at once and exits 0 (${via === 'npm' ? 'npm start' : 'node api/main.ts'})`, async () => {
      // The first run stops the instance started for case 1; the second starts it again as users do.
      const target = instances.a ?? (await start('a', portA, via));
      portA = target.port;
      const r = await writesThroughSigterm(target, 300, 8, 80);
      instances.a = null;
      report(`4. SIGTERM under writes (${via === 'npm' ? 'npm start' : 'node'})`, {
        'writes sent': r.outcomes.length,
        'acknowledged (2xx)': r.acked.length,
        'acknowledged and in the database': r.stored,
        'answered after SIGTERM': r.answeredAfterSigterm,
        'refused (connection refused)': r.refused,
        'cut (reset after sending)': r.reset,
        'other client errors': r.otherErrors.length,
        'HTTP statuses seen': r.statuses,
        '/readyz failed after SIGTERM (ms)': r.readyzFailedAfterMs,
        'SIGTERM to exit (ms)': r.sigtermToExitMs,
        'exit code': r.exit.code,
      });
      expect(r.stored).toBe(r.acked.length);
      expect(r.reset).toBe(0);
      expect(r.otherErrors).toEqual([]);
      expect(r.statuses.every((s) => s! >= 200 && s! < 300)).toBe(true);
      expect(r.exit).toEqual({ code: 0, signal: null });
      expect(r.sigtermToExitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
      expect(r.readyzFailedAfterMs).not.toBeNull();
      expect(r.readyzOkAfterSigterm).toBe(0);
      expect(target.output()).toContain('stopped cleanly');
      expect(target.output()).not.toContain('shutdown timeout');
    });
  }

  afterAll(async () => {
    if (!instances.a) await start('a', undefined, 'npm');
  });
});

/** The instance behind the proxy runs with these bounds (see its start in the suite's set-up). */
const DB_CONNECT_TIMEOUT_MS = 2_000;
const DB_QUERY_TIMEOUT_MS = 5_000;
const CUT_MS = 10_000;

async function jobRunsSucceeded(instance: Instance, job: string): Promise<number> {
  const text = await (await fetch(`${instance.base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`registry_job_runs_total{job="${job}",outcome="succeeded"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

type Probe = {
  what: string;
  startedAt: number;
  answeredAt: number;
  status?: number;
  ms: number;
  problem?: boolean;
  retryAfter?: string | null;
  error?: string;
};

describe('5. the database cut for 10 s', () => {
  for (const mode of ['refuse', 'blackhole'] as const) {
    it(`${mode === 'refuse' ? 'connections refused' : 'packets silently dropped'}: 503 with Retry-After in bounded time, jobs pause, recovery without a restart`, async () => {
      const c = instances.c!;
      const bound = DB_CONNECT_TIMEOUT_MS + DB_QUERY_TIMEOUT_MS + 1_500;
      const drainsBefore = await jobRunsSucceeded(c, 'outbox-drain');
      const probes: Promise<Probe>[] = [];
      const probe = (what: string, method: string, path: string, token?: string, body?: unknown) => {
        const startedAt = Date.now();
        probes.push(
          call(c.base, method, path, { token, body, timeoutMs: 60_000 }).then(
            (r) => ({
              what,
              startedAt,
              answeredAt: Date.now(),
              status: r.status,
              ms: r.ms,
              problem: r.headers.get('content-type')?.startsWith('application/problem+json') ?? false,
              retryAfter: r.headers.get('retry-after'),
            }),
            (e: unknown) => ({
              what,
              startedAt,
              answeredAt: Date.now(),
              ms: Date.now() - startedAt,
              error: failureKind(e),
            }),
          ),
        );
      };
      await proxy.cut(mode);
      const cutAt = Date.now();
      while (Date.now() - cutAt < CUT_MS - 1_000) {
        probe('read', 'GET', '/api/v1/licences?perPage=1', registrarToken);
        probe('write', 'POST', '/api/v1/discipline/cases', registrarToken, {
          complainantName: 'During the cut',
          respondentName: 'Nguyen Van C',
          category: 'other',
          allegation: 'Written while the database could not be reached.',
        });
        probe('readyz', 'GET', '/readyz');
        await sleep(500);
      }
      await sleep(Math.max(0, CUT_MS - (Date.now() - cutAt)));
      const aliveDuringCut = c.child.exitCode === null && c.child.signalCode === null;
      await proxy.restore();
      const restoredAt = Date.now();
      const answered = await Promise.all(probes);
      await waitFor(
        'the instance to be ready again',
        async () => (await call(c.base, 'GET', '/readyz', { timeoutMs: 10_000 }).catch(() => null))?.status === 200,
        60_000,
        100,
      );
      const readyAfter = Date.now() - restoredAt;
      const read = await call(c.base, 'GET', '/api/v1/licences?perPage=1', { token: registrarToken });
      const write = await call(c.base, 'POST', '/api/v1/discipline/cases', {
        token: registrarToken,
        body: {
          complainantName: 'After the cut',
          respondentName: 'Nguyen Van C',
          category: 'other',
          allegation: 'Written once the database was back.',
        },
      });
      const drainsResumed = await waitFor(
        'the outbox drain to run again',
        async () => (await jobRunsSucceeded(c, 'outbox-drain')) > drainsBefore,
        30_000,
      );
      const jobErrorsLogged = c.logs().filter((l) => l.msg === 'job failed' && Number(l.time) >= cutAt).length;

      // Answered while the database was away: 503. A request still waiting when it came back may succeed.
      const during = answered.filter((p) => p.answeredAt < restoredAt);
      const statuses = [...new Set(answered.map((p) => p.status ?? p.error))];
      const apiAnswers = during.filter((p) => p.what !== 'readyz');
      report(`5. database cut for ${CUT_MS / 1000} s (${mode})`, {
        'requests during the cut': answered.length,
        'answered before the database came back': during.length,
        'statuses seen': statuses,
        '503 problem+json with Retry-After': apiAnswers.filter((p) => p.status === 503 && p.problem && p.retryAfter)
          .length,
        '500s': answered.filter((p) => p.status === 500).length,
        'slowest answer (ms)': ms(Math.max(...answered.map((p) => p.ms))),
        'slowest /readyz (ms)': ms(Math.max(...answered.filter((p) => p.what === 'readyz').map((p) => p.ms))),
        'bound (ms)': bound,
        'job errors logged during the cut': jobErrorsLogged,
        'ready again after the proxy came back (ms)': readyAfter,
        'read / write after recovery': `${read.status} / ${write.status}`,
        'outbox drain ran again after (ms)': Date.now() - restoredAt,
      });
      expect(aliveDuringCut).toBe(true);
      expect(answered.filter((p) => p.error)).toEqual([]);
      expect(answered.filter((p) => p.status === 500)).toEqual([]);
      expect(answered.filter((p) => p.status !== 503 && !(p.status! >= 200 && p.status! < 300))).toEqual([]);
      expect(answered.filter((p) => p.ms > bound)).toEqual([]);
      for (const p of apiAnswers)
        expect({ status: p.status, problem: p.problem, retryAfter: p.retryAfter }).toEqual({
          status: 503,
          problem: true,
          retryAfter: expect.stringMatching(/^\d+$/),
        });
      expect(during.filter((p) => p.what === 'readyz' && p.status === 200)).toEqual([]);
      expect(read.status).toBe(200);
      expect(write.status).toBe(201);
      expect(drainsResumed.value).toBe(true);
    });
  }
});

const PEER_URL = 'https://registry-th.faults.test';
const MRA_TIMEOUT_MS = 1_000;

describe('7. two councils trust each other', () => {
  it('a cross-border lookup returns a signed answer; with the peer stopped, "unavailable" in bounded time, then at once', async () => {
    const peerDatabase = await createTestDatabase();
    const peerSql = connect(peerDatabase);
    try {
      const peerAdmin = await createAccount(peerSql, ['admin']);
      await licensee(peerSql, {
        email: 'somchai@faults.example',
        validUntil: '2028-06-30',
        number: 'TH-SW-000123',
        name: 'Somchai Jaidee',
      });
      const peer = await startInstance({
        name: 'peer',
        env: env({ DATABASE_URL: peerDatabase, PUBLIC_URL: PEER_URL, JOBS: 'false' }),
      });
      others.push(peer);
      const a = instances.a!;
      const adminToken = await signIn(a.base, admin);
      const peerToken = await signIn(peer.base, peerAdmin);
      const added = await call(a.base, 'POST', '/api/v1/mra/peers', {
        token: adminToken,
        body: { country: 'TH', name: 'Thai council', issuer: PEER_URL, baseUrl: peer.base },
      });
      expect(added.status, added.text).toBe(201);
      const back = await call(peer.base, 'POST', '/api/v1/mra/peers', {
        token: peerToken,
        body: { country: 'VN', name: 'Viet Nam council', issuer: PUBLIC_URL, baseUrl: a.base },
      });
      expect(back.status, back.text).toBe(201);
      const lookup = () =>
        call(a.base, 'POST', '/api/v1/mra/lookups', {
          token: registrarToken,
          body: {
            peerId: added.body.id,
            question: { subject: 'licence', number: 'TH-SW-000123', name: 'Somchai Jaidee' },
            purpose: 'registration of a foreign-trained applicant',
          },
        });

      const found = await lookup();
      expect(found.status, found.text).toBe(201);
      expect(found.body).toMatchObject({ outcome: 'found', answer: { number: 'TH-SW-000123', status: 'active' } });
      const { createRemoteJWKSet, jwtVerify } = await import('jose');
      const verified = await jwtVerify(
        found.body.attestation,
        createRemoteJWKSet(new URL(`${peer.base}/.well-known/jwks.json`)),
        { issuer: PEER_URL, audience: PUBLIC_URL },
      );
      expect(verified.payload).toMatchObject({ result: 'found' });

      // The peer stops answering: its process is frozen, so connections open and requests go unanswered.
      peer.kill('SIGSTOP');
      const timings: { outcome: string; ms: number; detail: string }[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await lookup();
        timings.push({ outcome: r.body.outcome, ms: ms(r.ms), detail: r.body.detail });
      }
      peer.kill('SIGCONT');
      const limit = MRA_TIMEOUT_MS * 2 + 1_500;
      report('7. cross-border lookups, peer stopped', {
        'answer with the peer up': `${found.body.outcome}, signed by ${verified.payload.iss} (verified with its JWKS) in ${ms(found.ms)} ms`,
        MRA_TIMEOUT_MS,
        'lookup times with the peer frozen (ms)': timings.map((t) => t.ms),
        outcomes: [...new Set(timings.map((t) => t.outcome))],
        details: [...new Set(timings.map((t) => t.detail.replace(/until .*/, 'until …')))],
        'bound for each of the first four (ms)': limit,
      });
      expect(timings.map((t) => t.outcome)).toEqual(timings.map(() => 'unavailable'));
      expect(timings.slice(0, 4).filter((t) => t.ms > limit)).toEqual([]);
      // Three failures open the breaker: from then on the answer comes without asking the peer.
      expect(timings.slice(3).filter((t) => t.ms > 500)).toEqual([]);
    } finally {
      await peerSql.end();
    }
  });
});

describe('6. the audit chain after all of it', () => {
  it('verifies, and names the row a superuser altered', async () => {
    const verify = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/audit-verify.ts'], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, DATA_KEY, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
    const [{ n }] = await sql<{ n: number }>(`select count(*)::int as n from audit_event`);
    const intact = verify();
    // A superuser gets past the append-only trigger and changes one row in the middle of the chain.
    const [victim] = await sql<{ seq: string }>(
      `select seq::text from audit_event order by seq offset (select count(*) / 2 from audit_event) limit 1`,
    );
    await sql(
      `begin; set local session_replication_role = replica; update audit_event set action = 'licence.nothing-happened' where seq = ${Number(victim!.seq)}; commit;`,
    );
    const broken = verify();
    report('6. audit chain', {
      'audit rows': n,
      'npm run audit:verify (intact)': `exit ${intact.status}: ${intact.stdout.trim()}`,
      'altered row': victim!.seq,
      'npm run audit:verify (altered)': `exit ${broken.status}: ${broken.stdout.trim()}`,
    });
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toContain(`${n} audit rows checked`);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`BROKEN at row ${victim!.seq}`);
  });
});
