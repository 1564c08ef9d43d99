/**
 * Public lookups on a real PostgreSQL streaming replica (PUBLIC_READ_DATABASE_URL): a throwaway
 * primary (initdb) and a standby made from it with pg_basebackup, both on this machine. A change on
 * the primary reaches /verify once replicated, and lookups keep answering when the primary stops.
 * Needs the PostgreSQL server binaries (Debian: postgresql-15 or newer); skipped without them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app.js';
import { aLicensee } from '../support/builders.js';

/** The newest installed PostgreSQL server binaries (Debian layout), or null. */
function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter(
      (v) => existsSync(path.join(root, v, 'bin', 'pg_basebackup')) && existsSync(path.join(root, v, 'bin', 'initdb')),
    )
    .sort((a, b) => Number(b) - Number(a));
  return majors.length ? path.join(root, majors[0]!, 'bin') : null;
}

const bin = postgresBinDir();

/** PostgreSQL refuses to run as root: as root, its commands run as the 'postgres' user. */
function asServerUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until check() is true, at most `tries` times (bounded: the test never waits forever). */
async function eventually(check: () => Promise<boolean>, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await sleep(100);
  }
  return false;
}

describe.skipIf(!bin)('public lookups on a streaming read replica', () => {
  const user = asServerUser();
  let dir: string;
  let primaryDir: string;
  let replicaDir: string;
  let primaryPort: number;
  let replicaPort: number;
  let primaryUp = false;
  let replicaUp = false;
  let t: TestApp | undefined;

  const run = (cmd: string, args: string[]) =>
    execFileSync(path.join(bin!, cmd), args, { stdio: 'pipe', timeout: 60_000, ...user, cwd: dir });
  const pgCtl = (dataDir: string, action: 'start' | 'stop', port?: number) =>
    run('pg_ctl', [
      '-D',
      dataDir,
      '-w',
      '-l',
      `${dataDir}.log`,
      ...(action === 'start'
        ? ['-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`]
        : ['-m', 'fast']),
      action,
    ]);
  const url = (port: number, db = 'registry') => `postgres://postgres@127.0.0.1:${port}/${db}`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'swr-replica-'));
    if (user) chownSync(dir, user.uid, user.gid);
    primaryDir = path.join(dir, 'primary');
    replicaDir = path.join(dir, 'replica');
    mkdirSync(primaryDir, { mode: 0o700 });
    if (user) chownSync(primaryDir, user.uid, user.gid);
    [primaryPort, replicaPort] = [await freePort(), await freePort()];

    // initdb's defaults allow replication connections from 127.0.0.1 with trust auth, wal_level=replica.
    run('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
    pgCtl(primaryDir, 'start', primaryPort);
    primaryUp = true;
    const admin = new pg.Client({ connectionString: url(primaryPort, 'postgres') });
    await admin.connect();
    await admin.query('create database registry');
    await admin.end();

    // The standby: a base backup of the running primary, streaming from it from then on (-R writes the connection).
    run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
    ]);
    pgCtl(replicaDir, 'start', replicaPort);
    replicaUp = true;

    t = await startTestApp({
      databaseUrl: url(primaryPort),
      clock: { now: () => new Date() },
      env: { PUBLIC_READ_DATABASE_URL: url(replicaPort), DB_POOL_MAX: '3', PUBLIC_READ_POOL_MAX: '3' },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close().catch(() => {});
    if (replicaUp) pgCtl(replicaDir, 'stop');
    if (primaryUp) pgCtl(primaryDir, 'stop');
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('the replica is a hot standby of the primary', async () => {
    const replica = new pg.Client({ connectionString: url(replicaPort) });
    await replica.connect();
    const { rows } = await replica.query<{ standby: boolean }>('select pg_is_in_recovery() as standby');
    await replica.end();
    expect(rows[0]!.standby).toBe(true);
  });

  it('shows a licence written on the primary at /verify once it has replicated, and a later suspension too', async () => {
    const number = `VN-SW-26-${String(Date.now()).slice(-6)}-1`;
    const { licenceId } = await aLicensee(t!, {
      name: 'Pham Thi Lan',
      dateOfBirth: '1990-02-03',
      email: null,
      region: 'Ha Noi',
      sector: 'social_welfare',
      number,
      tierName: { en: 'Licensed social worker', vi: 'Nhân viên công tác xã hội' },
      protectedTitle: { en: 'Social Worker', vi: 'Nhân viên CTXH' },
      from: '2026-01-01',
      until: '2028-12-31',
    });

    const page = () => t!.request('GET', `/verify/${number}?lang=en`);
    expect(await eventually(async () => (await page()).text.includes('Pham Thi Lan'))).toBe(true);
    expect((await page()).text).toContain('Active');

    await t!.sql(`update licence set status = 'suspended', status_since = '2026-06-01' where id = ?`, [licenceId]);
    expect(await eventually(async () => (await page()).text.includes('Suspended'))).toBe(true);

    // The primary stops (failure or maintenance): the register keeps answering from the replica.
    pgCtl(primaryDir, 'stop');
    primaryUp = false;
    const api = await t!.request('GET', `/api/v1/public/licences/${number}`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ number, status: 'suspended' });
    const html = await page();
    expect(html.status).toBe(200);
    expect(html.text).toContain('Pham Thi Lan');
    expect(html.text).toContain('Suspended');
    // What needs the primary says so, rather than hanging or pretending.
    const signIn = await t!.request('POST', '/api/v1/auth/sign-in', {
      body: { email: 'x@example.org', password: 'x' },
    });
    expect(signIn.status).toBeGreaterThanOrEqual(500);
  }, 60_000);
});
