/**
 * Building the registry's dependencies from a Config: database (embedded or DATABASE_URL),
 * migrations, reference seed, demo seed (demo mode), keys and mail. Shared by main.ts, the CLI
 * and the tests, so they all start the same way.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { AppDeps } from './deps.js';
import { systemClock, type Clock } from './shared/clock.js';
import { SecretBox } from './shared/secrets.js';
import { migrateUp, openDatabase, pendingMigrations, withMigrationLock, type Database } from './shared/database.js';
import { KeyStore, SessionGuard, TokenService, sessionIsOpen } from './modules/auth/index.js';
import { createMailTransport } from './modules/notifications/index.js';
import { seedReference } from '../seeds/reference.seeder.js';
import { seedDemo } from '../seeds/demo.seeder.js';

import { createLogger } from './shared/logger.js';
export { createLogger, REDACT } from './shared/logger.js';

/** DATA_KEY, or for a local (non-production) install a key generated once and kept in DATA_DIR. */
export function resolveDataKey(config: Config, log: Logger): string {
  if (config.dataKey) return config.dataKey;
  if (config.env === 'production') throw new Error('DATA_KEY is required in production');
  const file = path.resolve(config.dataDir, 'data-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, key + '\n', { mode: 0o600 });
  log.warn(
    { file },
    'No DATA_KEY set: generated one for this local install. Back it up with the data; set DATA_KEY in production.',
  );
  return key;
}

const MIGRATION_WAIT_LOG_MS = 30_000;

/** MIGRATE_ON_START=false: the deploy step (`npm run db:migrate`) migrates; wait until it has. */
async function waitForMigrations(db: Database, log: Logger): Promise<void> {
  let lastLog = 0;
  for (;;) {
    const pending = await pendingMigrations(db.orm);
    if (!pending.length) return;
    if (Date.now() - lastLog >= MIGRATION_WAIT_LOG_MS) {
      log.warn({ pending }, 'MIGRATE_ON_START=false: waiting for `npm run db:migrate` to apply the pending migrations');
      lastLog = Date.now();
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export type Booted = { deps: AppDeps; db: Database; demoLoaded: boolean; migrationsApplied: string[] };

export async function boot(config: Config, opts: { clock?: Clock; log?: Logger } = {}): Promise<Booted> {
  const log = opts.log ?? createLogger(config);
  const clock = opts.clock ?? systemClock;
  const db = await openDatabase(config, (m) => log.info(m));
  try {
    const box = new SecretBox(resolveDataKey(config, log));
    if (!config.migrateOnStart) await waitForMigrations(db, log);
    // Instances starting together take turns: each migration and seed runs once.
    const { migrationsApplied, demoLoaded } = await withMigrationLock(
      db.url,
      (m) => log.info(m),
      async () => {
        const applied = config.migrateOnStart ? await migrateUp(db.orm) : [];
        if (applied.length) log.info({ migrations: applied }, 'applied migrations');
        const em = db.orm.em.fork();
        await seedReference(em, clock.now());
        return {
          migrationsApplied: applied,
          demoLoaded: config.demo ? await seedDemo(em, box, clock.now()) : false,
        };
      },
    );
    const keys = new KeyStore(db.orm, box, clock, config.signingKeyRotationDays);
    const tokens = new TokenService(keys, clock, config.publicUrl, config.accessTokenTtlSeconds);
    // Every published purpose has a key from the start, so peers and verifiers find it in the JWKS.
    await Promise.all([keys.signingKey('access'), keys.signingKey('certificate'), keys.signingKey('peer')]);
    const sessions = new SessionGuard(db.url, (sid) => sessionIsOpen(db.orm, sid), log, {
      connectTimeoutMs: config.dbConnectTimeoutMs,
    });
    await sessions.start();
    const closeDatabase = db.close.bind(db);
    db.close = async () => {
      await sessions.stop();
      await closeDatabase();
    };
    const deps: AppDeps = {
      config,
      orm: db.orm,
      clock,
      log,
      box,
      keys,
      tokens,
      sessions,
      mailTransport: createMailTransport(config.smtpUrl, log),
    };
    return { deps, db, demoLoaded, migrationsApplied };
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
}
