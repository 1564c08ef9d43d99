/**
 *   npm run bench:metrics
 * What the metrics cost each request: the httpMetrics middleware (two clock reads, a 'finish'
 * listener, one histogram observation on a cached label child) run on a million fake requests,
 * against the same loop without it. Pure CPU, so it is steady on a busy machine where a load test
 * of the whole lookup (bench:verify) varies by more than the cost measured here.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';
import { httpMetrics, metricsRegistry } from '../api/ops/metrics.js';

const N = Number(process.argv[2] ?? 1_000_000);
const middleware = httpMetrics([{ prefix: '/api/v1/public/licences/', route: '/api/v1/public/licences/:number' }]);

function fakeRequest(i: number): { req: Request; res: Response } {
  const res = new EventEmitter() as unknown as Response & EventEmitter;
  (res as { statusCode: number }).statusCode = i % 20 === 0 ? 404 : 200;
  const req = { method: 'GET', originalUrl: `/api/v1/public/licences/SW-${i}`, baseUrl: '' } as unknown as Request;
  return { req, res };
}

function run(withMetrics: boolean): number {
  const next: NextFunction = () => {};
  const started = performance.now();
  for (let i = 0; i < N; i++) {
    const { req, res } = fakeRequest(i);
    if (withMetrics) middleware(req, res, next);
    else next();
    (res as unknown as EventEmitter).emit('finish');
  }
  return ((performance.now() - started) * 1000) / N; // µs per request
}

// Warm up both paths, then alternate.
run(true);
run(false);
const rounds: { with: number; without: number }[] = [];
for (let r = 0; r < 5; r++) rounds.push({ without: run(false), with: run(true) });
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cost = median(rounds.map((r) => r.with - r.without));
console.log(
  JSON.stringify({
    requests: N,
    microsecondsPerRequest: { without: median(rounds.map((r) => r.without)), with: median(rounds.map((r) => r.with)) },
    metricsCostMicroseconds: cost,
  }),
);
const scrape = performance.now();
await metricsRegistry.metrics();
console.log(`one scrape renders in ${(performance.now() - scrape).toFixed(1)} ms`);
