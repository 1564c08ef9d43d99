/**
 * The running registry: boot (database, migrations, seeds), build the admin UI when run from source
 * and it is missing, listen, run jobs, and shut down gracefully on SIGTERM/SIGINT (stop accepting,
 * finish in-flight requests, stop jobs, close the pool, stop the embedded database). Started by
 * main.ts, which loads the configuration (and tracing) first.
 */
import path from 'node:path';
import net from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { boot } from './bootstrap.js';
import { createApp } from './app.js';
import { ensureAdminUiBuilt } from './shared/admin-ui-build.js';
import { startScheduler, type Scheduler } from './jobs/scheduler.js';
import { DEMO_ACCOUNTS } from '../seeds/demo.seeder.js';
import { EmbeddedDataVersionError, EmbeddedPortBusyError } from './shared/embedded-postgres.js';
import { closePublicRegister } from './modules/verification/index.js';

/** Compiled JavaScript (a production build) ships the built admin UI; from TypeScript sources it is built on demand. */
const fromSource = import.meta.url.endsWith('.ts');

export async function runServer(config: Config, log: Logger, onStop: () => Promise<void> = async () => {}) {
  try {
    await main(config, log, onStop);
  } catch (e: unknown) {
    if (
      e instanceof EmbeddedPortBusyError ||
      e instanceof EmbeddedDataVersionError ||
      (e instanceof Error && /busy|Cannot reach the database/.test(e.message))
    ) {
      process.stderr.write(`\n  Cannot start: ${(e as Error).message}\n\n`);
    } else {
      log.fatal({ err: e }, 'start-up failed');
    }
    process.exit(1);
  }
}

async function main(config: Config, log: Logger, onStop: () => Promise<void>): Promise<void> {
  const started = Date.now();
  if (fromSource) ensureAdminUiBuilt((m) => log.info(m));
  const booted = await boot(config, { log });
  const { deps, db } = booted;
  const { app, state } = createApp(deps);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(
              `PORT ${config.port} is busy: another process listens on ${config.host}:${config.port}. Set PORT to a free port.`,
            )
          : e,
      ),
    );
  });
  server.keepAliveTimeout = 65_000;
  // Requests being answered, so that shutdown can end their connections cleanly after the answer.
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping && !res.headersSent) res.shouldKeepAlive = false;
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  const scheduler: Scheduler | null = config.jobs ? startScheduler(deps) : null;

  const lines = [
    '',
    `  Social work registry is ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `  Admin UI:  ${config.publicUrl}/`,
    `  API docs:  ${config.publicUrl}/api/docs`,
    `  Database:  ${db.embedded ? `embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort} (data in ${path.resolve(config.dataDir)})` : 'DATABASE_URL'}`,
  ];
  if (config.demo) {
    lines.push('', '  Demo mode: fictional data; sign in with (staff use the TOTP secret in an authenticator app):');
    for (const a of DEMO_ACCOUNTS) {
      lines.push(
        `    ${a.roles.join(',').padEnd(14)} ${a.email.padEnd(36)} ${a.password.padEnd(26)}${a.totpSecret ? ` TOTP ${a.totpSecret}` : ''}`,
      );
    }
    if (!config.smtpUrl)
      lines.push('', '  No SMTP_URL: e-mails (password reset links, invitations) are written to this log.');
  }
  // The banner is for the person at the terminal: stderr, so stdout stays one JSON log line per event.
  process.stderr.write(lines.join('\n') + '\n\n');

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    state.shuttingDown = true;
    log.info({ signal }, 'shutting down: no new connections; finishing requests in flight');
    const deadline = Date.now() + config.shutdownTimeoutMs;
    const force = setTimeout(() => {
      log.warn('shutdown timeout: closing remaining connections');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    force.unref();
    // Jobs stop taking new work at once and finish alongside the requests, all within SHUTDOWN_TIMEOUT_MS.
    const jobsStopped = scheduler?.stop() ?? Promise.resolve();
    await drainConnections(server, inFlight, deadline);
    let clean = await finishesBy(deadline, jobsStopped);
    if (!clean) {
      // What a job had not committed rolls back with the process and is picked up again (an e-mail
      // in flight may then go out a second time, with the same Message-ID).
      log.warn('shutdown timeout: stopping with jobs still running; their open transactions roll back');
    } else {
      await finishesBy(
        deadline,
        closePublicRegister(deps).catch((err: unknown) =>
          log.warn({ err }, 'public register: final flush of verification counts failed'),
        ),
      );
      clean = await finishesBy(
        deadline,
        db.close().catch((err: unknown) => log.warn({ err }, 'closing the database connections failed')),
      );
    }
    await onStop().catch((err: unknown) => log.warn({ err }, 'tracing: final export failed'));
    clearTimeout(force);
    log.info(clean ? 'stopped cleanly' : 'stopped at the shutdown timeout');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
}

/** Whether `work` settles before `deadline` (epoch ms); it is not waited for past it. */
async function finishesBy(deadline: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([
      work.then(
        () => true as const,
        () => true as const,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long idle keep-alive connections stay open once the requests in flight are answered. */
const IDLE_GRACE_MS = 1000;

/**
 * Stops accepting connections and ends the open ones without cutting a request: every answer from
 * now on says `Connection: close` (requests already in flight included, unless their answer has
 * begun), so a client learns from the answer itself not to send on that connection again. Idle
 * keep-alive connections are left open until the requests in flight are answered and a moment
 * more, for a request a client is already sending on one; then they are closed. (http.Server#close
 * closes idle connections at once, and a client whose next request was on its way saw a reset.)
 */
async function drainConnections(server: Server, inFlight: Set<ServerResponse>, deadline: number): Promise<void> {
  for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
  const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
  const answered = async () => {
    while (inFlight.size > 0) await new Promise((r) => setTimeout(r, 20));
  };
  await answered();
  await new Promise((r) => setTimeout(r, Math.min(IDLE_GRACE_MS, Math.max(0, deadline - Date.now()))));
  await answered();
  server.closeIdleConnections();
  await closed;
}
