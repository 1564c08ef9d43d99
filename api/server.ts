/**
 * The running registry: boot (database, migrations, seeds), build the admin UI when run from source
 * and it is missing, listen, run jobs, and shut down gracefully on SIGTERM/SIGINT (stop accepting,
 * finish in-flight requests, stop jobs, close the pool, stop the embedded database). Started by
 * main.ts, which loads the configuration (and tracing) first.
 */
import path from 'node:path';
import type { Server } from 'node:http';
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

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    state.shuttingDown = true;
    log.info({ signal }, 'shutting down: no new connections; finishing requests in flight');
    const force = setTimeout(() => {
      log.warn('shutdown timeout: closing remaining connections');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    force.unref();
    // Keep-alive connections that finish a request during shutdown are closed as soon as they idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearInterval(sweep);
    await scheduler?.stop();
    await closePublicRegister(deps).catch((err: unknown) =>
      log.warn({ err }, 'public register: final flush of verification counts failed'),
    );
    await db.close();
    await onStop().catch((err: unknown) => log.warn({ err }, 'tracing: final export failed'));
    clearTimeout(force);
    log.info('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
}
