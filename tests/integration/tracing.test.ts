/**
 * OpenTelemetry: with OTEL_EXPORTER_OTLP_ENDPOINT set, the registry (its real entry point) sends
 * its traces over OTLP/HTTP: a server span per request named by route, with the PostgreSQL
 * statements inside it, flushed on SIGTERM. A stand-in collector on loopback receives them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { createTestDatabase } from '../support/db.js';
import { TEST_DATA_KEY } from '../support/app.js';

type Span = {
  name: string;
  traceId: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
};

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const spans: Span[] = [];
const collector = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    if (req.url === '/v1/traces') {
      const doc = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] };
      for (const rs of doc.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
let child: ChildProcess | null = null;

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await new Promise((r) => collector.close(r));
});

const attr = (s: Span, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v ? Object.values(v)[0] : undefined;
};

describe('OpenTelemetry traces', () => {
  it('exports a span per request with its route and its database statements, flushed at shutdown', async () => {
    const collectorPort = await freePort();
    await new Promise<void>((r) => collector.listen(collectorPort, '127.0.0.1', () => r()));
    const port = await freePort();
    let out = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: await createTestDatabase(),
        DATA_KEY: TEST_DATA_KEY,
        DEMO: 'false',
        JOBS: 'false',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
        OTEL_SERVICE_NAME: 'registry-under-test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    let ready = 0;
    for (let i = 0; i < 300 && ready !== 200 && child.exitCode === null; i++) {
      ready = await fetch(`${base}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready, out).toBe(200);

    const res = await fetch(`${base}/api/v1/council`, {
      headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited, out).toBe(0);

    const server = spans.find((s) => s.kind === 2 && attr(s, 'http.route') === '/api/v1/council');
    expect(server, JSON.stringify(spans.map((s) => s.name))).toBeDefined();
    // The caller's trace is continued (W3C trace context), and the statements belong to it.
    expect(server!.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    const statements = spans.filter((s) => s.traceId === server!.traceId && attr(s, 'db.system.name') === 'postgresql');
    expect(statements.length).toBeGreaterThan(0);
    // Probes are not traced.
    expect(spans.some((s) => attr(s, 'http.route') === '/readyz' || attr(s, 'url.path') === '/readyz')).toBe(false);
  }, 60_000);
});
