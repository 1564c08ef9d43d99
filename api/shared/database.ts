/** Opening the system of record: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR. */
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Config } from '../config.js';
import { ormConfig } from '../mikro-orm.config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { boundStatements, currentQueryBound } from './query-bound.js';

export type Database = { orm: MikroORM; url: string; embedded: EmbeddedDatabase | null; close(): Promise<void> };

export async function openDatabase(config: Config, log: (msg: string) => void): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    log(`Starting the embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort} (data in ${config.dataDir}/pg)`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
    url = embedded.url;
  }
  let orm: MikroORM;
  try {
    orm = await MikroORM.init(
      ormConfig({
        clientUrl: url,
        poolMax: config.dbPoolMax,
        connectTimeoutMs: config.dbConnectTimeoutMs,
        onPool: (pool) => pool.on('connect', (client) => boundStatements(client, currentQueryBound)),
      }),
    );
    await orm.em.getConnection().execute('select 1');
  } catch (e) {
    await embedded?.stop();
    throw new Error(`Cannot reach the database at ${redactUrl(url)}: ${(e as Error).message}`, { cause: e });
  }
  return {
    orm,
    url,
    embedded,
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}

export const redactUrl = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/** Applies pending migrations; returns the names applied. Call it under withMigrationLock when instances may start together. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}

/** The advisory lock key every instance (and `npm run db:migrate`) takes before migrating or seeding. */
export const MIGRATION_LOCK_KEY = '7301147298310214656';

/**
 * Runs fn while holding the registry's migration lock: a session-level PostgreSQL advisory lock on
 * a connection of its own (outside the ORM pool, so a pool of one still has its connection for the
 * migrations). Instances starting together take turns: the first applies the migrations and seeds,
 * the others then find nothing left to do. The lock goes with the session if the process dies.
 */
export async function withMigrationLock<T>(url: string, log: (msg: string) => void, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'sw-registry migrations' });
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [
      MIGRATION_LOCK_KEY,
    ]);
    if (!rows[0]?.ok) {
      log('Another instance is migrating the database; waiting for it to finish');
      await client.query('select pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    }
    return await fn();
  } finally {
    await client.query('select pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}

/** Names of the migrations not yet applied. */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  return (await orm.migrator.getPending()).map((m) => m.name);
}

/** True when every known migration has been applied. */
export async function migrationsCurrent(orm: MikroORM): Promise<boolean> {
  const pending = await orm.migrator.getPending();
  return pending.length === 0;
}
