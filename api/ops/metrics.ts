/**
 * Prometheus metrics (prom-client), one registry per process:
 *
 *   http_request_duration_seconds{method,route,status}   histogram per declared route (never the raw URL)
 *   registry_rate_limit_refusals_total{route}            429 answers (sign-in, public register, peers, bulk checks, forms)
 *   registry_job_runs_total{job,outcome}                 scheduled job runs this instance made, succeeded or failed
 *   registry_job_duration_seconds{job}                   how long they took
 *   registry_job_last_run_timestamp_seconds{job,outcome} when this instance last ran each job
 *   registry_outbox_deliveries_total{outcome}            e-mails sent, retried later, or given up (failed)
 *   registry_webhook_deliveries_total{outcome}           employer webhooks delivered, retried later, or failed
 *   registry_outbox_messages{state}                      e-mails pending or failed now (read at scrape time)
 *   registry_outbox_oldest_pending_seconds               age of the oldest e-mail still waiting
 *   registry_webhook_queue{state}                        webhook deliveries pending or failed now
 *   registry_db_pool_connections{pool,state}             connections in use, idle and requests waiting, per pool
 *
 * plus Node's process metrics (CPU, memory, event-loop delay, GC). Counters count what this instance
 * did (sum them over instances); the queue gauges read the shared database, cached for a few seconds.
 */
import client from 'prom-client';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Pool } from 'pg';
import type { AppDeps } from '../deps.js';

export const metricsRegistry = new client.Registry();
client.collectDefaultMetrics({ register: metricsRegistry });

const registers = [metricsRegistry];

const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Series = { method: string; route: string; status: string; buckets: Float64Array; sum: number; count: number };

/**
 * The request duration histogram, kept in plain arrays: prom-client's own Histogram validates and
 * hashes the labels on every observation (about 2–3 µs), which would be the largest cost of the
 * hot public lookup's instrumentation. Exposed to the registry in prom-client's metric shape.
 */
class RequestDurationHistogram {
  readonly name = 'http_request_duration_seconds';
  readonly help = 'HTTP requests by method, declared route and status code';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private series = new Map<string, Series>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = this.series.get(key);
    if (!s) {
      s = {
        method,
        route,
        status: String(status),
        buckets: new Float64Array(REQUEST_BUCKETS.length),
        sum: 0,
        count: 0,
      };
      this.series.set(key, s);
    }
    for (let i = 0; i < REQUEST_BUCKETS.length; i++) {
      if (seconds <= REQUEST_BUCKETS[i]!) {
        s.buckets[i]!++;
        break;
      }
    }
    s.sum += seconds;
    s.count++;
  }

  async get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const s of this.series.values()) {
      const labels = { method: s.method, route: s.route, status: s.status };
      let cumulative = 0;
      REQUEST_BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i]!;
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { ...labels, le: '+Inf' }, value: s.count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: s.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: s.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.series.clear();
  }
}

const httpDuration = new RequestDurationHistogram();
metricsRegistry.registerMetric(httpDuration as unknown as client.Metric);
const rateLimitRefusals = new client.Counter({
  name: 'registry_rate_limit_refusals_total',
  help: 'Requests refused with 429 by a rate limit, per route',
  labelNames: ['route'] as const,
  registers,
});
const jobRuns = new client.Counter({
  name: 'registry_job_runs_total',
  help: 'Scheduled job runs made by this instance',
  labelNames: ['job', 'outcome'] as const,
  registers,
});
const jobDuration = new client.Histogram({
  name: 'registry_job_duration_seconds',
  help: 'How long scheduled job runs took',
  labelNames: ['job'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 300],
  registers,
});
const jobLastRun = new client.Gauge({
  name: 'registry_job_last_run_timestamp_seconds',
  help: 'When this instance last finished a run of the job, by outcome (Unix time)',
  labelNames: ['job', 'outcome'] as const,
  registers,
});
const outboxDeliveries = new client.Counter({
  name: 'registry_outbox_deliveries_total',
  help: 'E-mail delivery attempts by this instance: sent, retried (will try again), failed (gave up), or unreachable (the mail server could not be reached; not counted against the message)',
  labelNames: ['outcome'] as const,
  registers,
});
const webhookDeliveries = new client.Counter({
  name: 'registry_webhook_deliveries_total',
  help: 'Employer webhook delivery attempts by this instance: delivered, retried or failed',
  labelNames: ['outcome'] as const,
  registers,
});
const outboxMessages = new client.Gauge({
  name: 'registry_outbox_messages',
  help: 'E-mails waiting to be sent (pending) or given up (failed), in the database',
  labelNames: ['state'] as const,
  registers,
});
const outboxOldest = new client.Gauge({
  name: 'registry_outbox_oldest_pending_seconds',
  help: 'Age of the oldest e-mail still waiting to be sent (0 when none)',
  registers,
});
const webhookQueue = new client.Gauge({
  name: 'registry_webhook_queue',
  help: 'Employer webhook deliveries waiting (pending) or given up (failed), in the database',
  labelNames: ['state'] as const,
  registers,
});
const poolConnections = new client.Gauge({
  name: 'registry_db_pool_connections',
  help: 'Database pool connections of this instance: in use, idle, and requests waiting for one',
  labelNames: ['pool', 'state'] as const,
  registers,
});

export type Outcome = 'succeeded' | 'failed';

export function recordJobRun(job: string, outcome: Outcome, seconds: number): void {
  jobRuns.inc({ job, outcome });
  jobDuration.observe({ job }, seconds);
  jobLastRun.set({ job, outcome }, Date.now() / 1000);
}

export function recordOutboxDrain(r: { sent: number; retried: number; failed: number; unreachable?: string }): void {
  if (r.unreachable) outboxDeliveries.inc({ outcome: 'unreachable' });
  if (r.sent) outboxDeliveries.inc({ outcome: 'sent' }, r.sent);
  if (r.retried) outboxDeliveries.inc({ outcome: 'retried' }, r.retried);
  if (r.failed) outboxDeliveries.inc({ outcome: 'failed' }, r.failed);
}

export function recordWebhookDeliveries<T extends { delivered: number; retried: number; failed: number }>(r: T): T {
  if (r.delivered) webhookDeliveries.inc({ outcome: 'delivered' }, r.delivered);
  if (r.retried) webhookDeliveries.inc({ outcome: 'retried' }, r.retried);
  if (r.failed) webhookDeliveries.inc({ outcome: 'failed' }, r.failed);
  return r;
}

/**
 * Times every request and counts 429s. Mounted first, so requests answered before the general
 * pipeline (the public lookup) are timed too; `fastRoutes` names their route patterns by path
 * prefix. Costs a request two clock reads, a 'finish' listener and a few array updates
 * (`npm run bench:metrics`).
 */
export function httpMetrics(fastRoutes: { prefix: string; route: string }[] = []): RequestHandler {
  const routeOf = (req: Request): string => {
    const matched = req.route?.path as string | undefined;
    if (matched) return req.baseUrl + matched;
    for (const f of fastRoutes) if (req.originalUrl.startsWith(f.prefix)) return f.route;
    return 'unmatched';
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.on('finish', () => {
      const route = routeOf(req);
      const status = res.statusCode;
      httpDuration.observe(req.method, route, status, (performance.now() - started) / 1000);
      if (status === 429) rateLimitRefusals.inc({ route });
    });
    next();
  };
}

const QUEUE_TTL_MS = 5000;
const queueCache = new WeakMap<AppDeps, { at: number; pending: Promise<void> }>();

/** Reads the shared queues (at most every few seconds per instance) and this instance's pools into the gauges. */
export async function refreshGauges(deps: AppDeps, readPool: Pool | null): Promise<void> {
  const pools: [string, Pool | null][] = [
    ['orm', await (deps.orm.em.getConnection() as unknown as { getNativeClient(): Promise<Pool> }).getNativeClient()],
    ['public-read', readPool],
  ];
  for (const [pool, p] of pools) {
    if (!p) continue;
    poolConnections.set({ pool, state: 'in-use' }, p.totalCount - p.idleCount);
    poolConnections.set({ pool, state: 'idle' }, p.idleCount);
    poolConnections.set({ pool, state: 'waiting' }, p.waitingCount);
  }
  const cached = queueCache.get(deps);
  if (cached && Date.now() - cached.at < QUEUE_TTL_MS) return cached.pending;
  const pending = readQueues(deps);
  queueCache.set(deps, { at: Date.now(), pending });
  pending.catch(() => queueCache.delete(deps));
  return pending;
}

async function readQueues(deps: AppDeps): Promise<void> {
  const em = deps.orm.em.fork();
  const [outbox] = await em.execute<{ pending: string; failed: string; oldest: number | null }[]>(
    `select count(*) filter (where status = 'pending') as pending, count(*) filter (where status = 'failed') as failed,
            extract(epoch from now() - min(created_at) filter (where status = 'pending'))::float8 as oldest
     from outbox_message where status in ('pending', 'failed')`,
  );
  outboxMessages.set({ state: 'pending' }, Number(outbox?.pending ?? 0));
  outboxMessages.set({ state: 'failed' }, Number(outbox?.failed ?? 0));
  outboxOldest.set(Math.max(0, outbox?.oldest ?? 0));
  const [webhooks] = await em.execute<{ pending: string; failed: string }[]>(
    `select count(*) filter (where webhook_status = 'pending') as pending, count(*) filter (where webhook_status = 'failed') as failed
     from watch_notification where webhook_status in ('pending', 'failed')`,
  );
  webhookQueue.set({ state: 'pending' }, Number(webhooks?.pending ?? 0));
  webhookQueue.set({ state: 'failed' }, Number(webhooks?.failed ?? 0));
}
