/** Opening the system of record: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR. */
import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { ormConfig } from '../mikro-orm.config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

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
    orm = await MikroORM.init(ormConfig({ clientUrl: url, poolMax: config.dbPoolMax }));
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

/** Applies pending migrations; returns the names applied. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}

/** True when every known migration has been applied. */
export async function migrationsCurrent(orm: MikroORM): Promise<boolean> {
  const pending = await orm.migrator.getPending();
  return pending.length === 0;
}
