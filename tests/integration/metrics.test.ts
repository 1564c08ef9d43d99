/**
 * GET /metrics: what an operator's Prometheus sees, and who may read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { anOutboxMessage } from '../support/builders.js';
import { JobRunner } from '../../api/jobs/job-runner.js';

const TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one sample line (metric name with its labels in the exposition's order), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { PUBLIC_LOOKUPS_PER_MINUTE: '2', METRICS_TOKEN: TOKEN } });
});
afterAll(async () => {
  await t?.close();
});

describe('/metrics', () => {
  it('reports request durations per route, rate-limit refusals, jobs, the outbox backlog and pools', async () => {
    const now = new Date();
    for (const status of ['pending', 'failed'] as const)
      await anOutboxMessage(t, { template: 'password-reset', to: 'someone@example.org', status, at: now });
    // Two unknown (well-formed) numbers answer 404; the third lookup in the minute is refused.
    const statuses: number[] = [];
    for (const n of ['VN-0000001', 'VN-0000002', 'VN-0000003'])
      statuses.push((await t.request('GET', `/api/v1/public/licences/${n}`)).status);
    expect(statuses).toEqual([404, 404, 429]);
    expect((await t.request('GET', '/livez')).status).toBe(200);
    const runner = new JobRunner(t.deps.orm, t.deps.clock, t.deps.log, [
      { name: 'metrics-check-ok', cadence: { everyMinutes: 1 }, run: async () => ({ done: 1 }) },
      {
        name: 'metrics-check-broken',
        cadence: { everyMinutes: 1 },
        run: async () => {
          throw new Error('broken on purpose');
        },
      },
    ]);
    await runner.tick();

    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const m = res.text;
    const lookup = 'route="/api/v1/public/licences/:number"';
    expect(sample(m, `http_request_duration_seconds_count{method="GET",${lookup},status="404"}`)).toBe(2);
    expect(sample(m, `http_request_duration_seconds_count{method="GET",${lookup},status="429"}`)).toBe(1);
    expect(sample(m, `http_request_duration_seconds_count{method="GET",route="/livez",status="200"}`)).toBe(1);
    expect(sample(m, `registry_rate_limit_refusals_total{${lookup}}`)).toBe(1);
    expect(sample(m, `registry_job_runs_total{job="metrics-check-ok",outcome="succeeded"}`)).toBe(1);
    expect(sample(m, `registry_job_runs_total{job="metrics-check-broken",outcome="failed"}`)).toBe(1);
    expect(sample(m, `registry_outbox_messages{state="pending"}`)).toBe(1);
    expect(sample(m, `registry_outbox_messages{state="failed"}`)).toBe(1);
    expect(sample(m, 'registry_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(m, `registry_webhook_queue{state="pending"}`)).toBe(0);
    expect(sample(m, `registry_db_pool_connections{pool="orm",state="in-use"}`)).toBeGreaterThanOrEqual(0);
    expect(sample(m, `registry_db_pool_connections{pool="public-read",state="idle"}`)).toBeGreaterThanOrEqual(0);
    expect(m).toContain('nodejs_eventloop_lag_seconds');
    // Raw URLs never become labels (one series per route, not per licence number).
    expect(m).not.toContain('VN-0000001');
  });

  it('answers only the token or the allowed addresses', async () => {
    const guarded = await startTestApp({ env: { METRICS_ALLOW: '192.0.2.0/24', METRICS_TOKEN: TOKEN } });
    try {
      const anonymous = await guarded.request('GET', '/metrics', { headers: { 'x-forwarded-for': '192.0.2.7' } });
      expect(anonymous.status).toBe(403);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      expect(anonymous.text).not.toContain('http_request_duration_seconds');
      expect((await guarded.request('GET', '/metrics', { token: 'wrong-token-0123456789abcdef' })).status).toBe(403);
      const withToken = await guarded.request('GET', '/metrics', { token: TOKEN });
      expect(withToken.status).toBe(200);
      expect(withToken.text).toContain('registry_outbox_messages');
    } finally {
      await guarded.close();
    }
  });
});
