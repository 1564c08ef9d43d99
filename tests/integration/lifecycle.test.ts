/**
 * The registry as a newcomer starts it: `npm start` itself (npm, then node with tsx on api/main.ts),
 * no DATABASE_URL, so the embedded PostgreSQL under a fresh DATA_DIR. Signals go to npm, as a
 * terminal, a container runtime or systemd would send them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { ensureAdminUiBuilt } from '../../api/shared/admin-ui-build.js';
import { EMBEDDED_PG_MAJOR } from '../../api/shared/embedded-postgres.js';
import { totpCode } from '../../api/modules/auth/index.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.seeder.js';

type Proc = { child: ChildProcess; out: () => string; stdout: () => string; exited: Promise<number | null> };

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

function start(env: Record<string, string>): Proc {
  let out = '';
  let stdout = '';
  // `npm start --silent` (--silent only keeps npm's own "> sw-registry start" lines off stdout).
  const child = spawn('npm', ['start', '--silent'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => {
    out += d;
    stdout += d;
  });
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, stdout: () => stdout, exited };
}

async function waitReady(base: string, proc: Proc, timeoutMs = 90_000): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (proc.child.exitCode !== null) throw new Error(`exited early:\n${proc.out()}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.status === 200) return Date.now() - t0;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready after ${timeoutMs} ms:\n${proc.out()}`);
}

async function signInDemo(base: string, role: string): Promise<string> {
  const demo = DEMO_ACCOUNTS.find((a) => a.roles.includes(role))!;
  const step = (await (
    await fetch(`${base}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demo.email, password: demo.password }),
    })
  ).json()) as any;
  // A code is accepted once; a second sign-in within the same 30 s uses the next step's code.
  const verify = async (at: number) =>
    (
      await fetch(`${base}/api/v1/auth/mfa/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mfaToken: step.mfaToken, code: totpCode(demo.totpSecret!, new Date(at)) }),
      })
    ).json() as Promise<any>;
  let done = await verify(Date.now());
  if (!done.accessToken) done = await verify(Date.now() + 30_000);
  if (!done.accessToken) throw new Error(`demo ${role} sign-in failed: ${JSON.stringify(done)}`);
  return done.accessToken;
}

let dataDir: string;
let env: Record<string, string>;
let base: string;
const procs: Proc[] = [];

beforeAll(async () => {
  ensureAdminUiBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'swr-lifecycle-'));
  const port = await freePort();
  env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), HOST: '127.0.0.1' };
  base = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(async () => {
  for (const p of procs)
    if (p.child.exitCode === null) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on a fresh machine', () => {
  const acknowledged: string[] = [];
  let auditBefore = 0;

  it('is ready within 60 s on the embedded database, serves the UI, and the demo registrar signs in with MFA', async () => {
    const proc = start(env);
    procs.push(proc);
    const ms = await waitReady(base, proc);
    console.log(`first start: /readyz answered 200 after ${ms} ms`);
    expect(ms).toBeLessThan(60_000);
    const html = await fetch(`${base}/`);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('<div id="root">');
    expect(await signInDemo(base, 'registrar')).toMatch(/^ey/);
    const registrar = DEMO_ACCOUNTS.find((a) => a.roles.includes('registrar'))!;
    expect(proc.out()).toContain(`Admin UI:  http://localhost:${env.PORT}/`);
    expect(proc.out()).toContain(registrar.email);
    expect(proc.out()).toContain(registrar.totpSecret!);
    // The banner is on stderr: stdout is one JSON log line per event, for a log collector.
    const notJson = proc
      .stdout()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .filter((line) => {
        try {
          return typeof JSON.parse(line) !== 'object';
        } catch {
          return true;
        }
      });
    expect(notJson).toEqual([]);
  }, 120_000);

  it('loses no acknowledged write when SIGTERM reaches npm start during a burst', async () => {
    const proc = procs[0]!;
    const token = await signInDemo(base, 'admin');
    const auditor = await signInDemo(base, 'auditor');
    auditBefore = (
      (await (
        await fetch(`${base}/api/v1/audit-events/verification`, { headers: { authorization: `Bearer ${auditor}` } })
      ).json()) as any
    ).checked;
    let sent = 0;
    const worker = async () => {
      while (sent < 200) {
        const i = sent++;
        if (i === 60) proc.child.kill('SIGTERM');
        try {
          const r = await fetch(`${base}/api/v1/accounts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({
              email: `burst-${i}@council.example`,
              displayName: `Burst ${i}`,
              roles: ['reviewer'],
            }),
          });
          if (r.status === 201) acknowledged.push(`burst-${i}@council.example`);
        } catch {
          /* refused while shutting down: not acknowledged */
        }
      }
    };
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(await proc.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(8_000); // well inside SHUTDOWN_TIMEOUT_MS: nothing was cut off
    expect(proc.out()).not.toContain('shutdown timeout');
    expect(proc.out()).toContain('stopped cleanly');
    expect(acknowledged.length).toBeGreaterThan(50);
  }, 120_000);

  it('keeps everything after a restart on the same data, without loading demo data twice', async () => {
    const proc = start(env);
    procs.push(proc);
    await waitReady(base, proc);
    const admin = await signInDemo(base, 'admin');
    const missing: string[] = [];
    for (const email of acknowledged) {
      const r = (await (
        await fetch(`${base}/api/v1/accounts?q=${encodeURIComponent(email)}`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).json()) as any;
      if (!r.items.some((a: any) => a.email === email)) missing.push(email);
    }
    expect(missing).toEqual([]);
    const auditor = await signInDemo(base, 'auditor');
    const chain = (await (
      await fetch(`${base}/api/v1/audit-events/verification`, { headers: { authorization: `Bearer ${auditor}` } })
    ).json()) as any;
    expect(chain.ok).toBe(true);
    expect(chain.checked).toBeGreaterThan(auditBefore + acknowledged.length - 1);
    const demoAdmins = (await (
      await fetch(`${base}/api/v1/accounts?role=admin`, { headers: { authorization: `Bearer ${admin}` } })
    ).json()) as any;
    expect(demoAdmins.total).toBe(1);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
  }, 120_000);

  it('says clearly when EMBEDDED_PG_PORT is busy', async () => {
    const busyPort = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve, reject) =>
      blocker.once('error', reject).listen(busyPort, '127.0.0.1', () => resolve()),
    );
    try {
      const proc = start({ ...env, EMBEDDED_PG_PORT: String(busyPort) });
      procs.push(proc);
      expect(await proc.exited).not.toBe(0);
      expect(proc.out()).toContain(`EMBEDDED_PG_PORT ${busyPort} is busy`);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it('refuses data made by another PostgreSQL major version, saying how to keep it', async () => {
    const oldData = mkdtempSync(path.join(tmpdir(), 'swr-old-pg-'));
    mkdirSync(path.join(oldData, 'pg'));
    writeFileSync(path.join(oldData, 'pg', 'PG_VERSION'), '15\n');
    try {
      const proc = start({ ...env, DATA_DIR: oldData });
      procs.push(proc);
      expect(await proc.exited).not.toBe(0);
      expect(proc.out()).toContain(
        `holds PostgreSQL 15 data; the embedded server is now PostgreSQL ${EMBEDDED_PG_MAJOR}`,
      );
    } finally {
      rmSync(oldData, { recursive: true, force: true });
    }
  }, 60_000);

  it('names the variable when the configuration is wrong', async () => {
    const proc = start({ ...env, PORT: 'abc' });
    procs.push(proc);
    expect(await proc.exited).not.toBe(0);
    expect(proc.out()).toContain('PORT: Invalid input: expected number');
  }, 60_000);
});
