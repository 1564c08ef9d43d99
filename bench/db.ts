/** A fresh, migrated database for a benchmark: BENCH_DATABASE_URL's server, else local 5432, else embedded. */
import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../api/mikro-orm.config.js';
import { portIsOpen, startEmbeddedPostgres } from '../api/shared/embedded-postgres.js';
import { seedReference } from '../seeds/reference.seeder.js';

export async function benchDatabase(name: string): Promise<{ orm: MikroORM; url: string; close(): Promise<void> }> {
  let server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let stop: (() => Promise<void>) | null = null;
  if (!process.env.BENCH_DATABASE_URL && !(await portIsOpen(5432))) {
    const embedded = await startEmbeddedPostgres({
      dataDir: '.data/bench',
      port: Number(process.env.BENCH_EMBEDDED_PG_PORT ?? 54349),
      log: () => {},
      database: 'postgres',
    });
    server = embedded.url;
    stop = embedded.stop;
  }
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  const orm = await MikroORM.init(ormConfig({ clientUrl: u.toString(), poolMax: 4 }));
  await orm.migrator.up();
  await seedReference(orm.em.fork(), new Date());
  return {
    orm,
    url: u.toString(),
    close: async () => {
      await orm.close(true);
      await stop?.();
    },
  };
}
