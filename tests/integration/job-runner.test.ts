import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startTestApp, type TestApp } from '../support/app.js';
import { JobRunner, type JobDefinition } from '../../api/jobs/job-runner.js';
import { ManualClock } from '../../api/shared/clock.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const silent = pino({ level: 'silent' });

describe('scheduled jobs', () => {
  it('three runners firing the same slot produce one run', async () => {
    const clock = new ManualClock('2026-05-01T00:10:00Z');
    let runs = 0;
    const job: JobDefinition = {
      name: `count-${Date.now()}`,
      cadence: { everyMinutes: 1440, offsetMinutes: 5 },
      run: async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 50));
        return { touched: 1 };
      },
    };
    const runners = [0, 1, 2].map(() => new JobRunner(t.deps.orm, clock, silent, [job]));
    const outcomes = (await Promise.all(runners.map((r) => r.tick()))).flat();
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => o.claimed)).toHaveLength(1);
    // A later tick in the same slot does nothing; the next day's slot runs once.
    await Promise.all(runners.map((r) => r.tick()));
    expect(runs).toBe(1);
    clock.set('2026-05-02T00:05:00Z');
    await Promise.all(runners.map((r) => r.tick()));
    expect(runs).toBe(2);
    const rows = await t.sql(`select slot, outcome, counts from job_run where job = ? order by slot`, [job.name]);
    expect(rows.map((r) => [new Date(r.slot).toISOString(), r.outcome, r.counts])).toEqual([
      ['2026-05-01T00:05:00.000Z', 'succeeded', { touched: 1 }],
      ['2026-05-02T00:05:00.000Z', 'succeeded', { touched: 1 }],
    ]);
  });

  it('records a failure and retries the slot after five minutes', async () => {
    const clock = new ManualClock('2026-06-01T12:00:00Z');
    let attempts = 0;
    const job: JobDefinition = {
      name: `flaky-${Date.now()}`,
      cadence: { everyMinutes: 1440 },
      run: async () => {
        attempts++;
        if (attempts === 1) throw new Error('database hiccup');
        return { ok: 1 };
      },
    };
    const runner = new JobRunner(t.deps.orm, clock, silent, [job]);
    expect((await runner.tick())[0]!.outcome).toBe('failed');
    const [failed] = await t.sql(`select outcome, error from job_run where job = ?`, [job.name]);
    expect(failed.outcome).toBe('failed');
    expect(failed.error).toContain('database hiccup');
    clock.advance(60_000);
    expect((await runner.tick())[0]!.claimed).toBe(false);
    clock.advance(5 * 60_000);
    expect((await runner.tick())[0]!.outcome).toBe('succeeded');
  });

  it('lists runs for staff', async () => {
    const registrar = await t.signIn(['registrar']);
    const res = await t.request('GET', '/api/v1/job-runs?perPage=5', { token: registrar.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(2);
    expect(res.body.items[0]).toHaveProperty('outcome');
  });
});
