/**
 * Picks the PostgreSQL server for the run — TEST_DATABASE_URL, else 127.0.0.1:5432 when it answers,
 * else an embedded server — and prepares a template database with the real migrations applied; builds
 * the admin UI if its sources changed.
 * Each test file clones its own database from the template (fast, isolated).
 */
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../api/mikro-orm.config.js';
import { startEmbeddedPostgres, portIsOpen } from '../../api/shared/embedded-postgres.js';
import { ensureAdminUiBuilt } from '../../api/shared/admin-ui-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
    pgRunPrefix: string;
  }
}

const withDb = (url: string, db: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export default async function setup(project: TestProject) {
  // The admin UI is built, when its sources changed, once before any test file starts: a browser test
  // never has the build replaced under it by another file's server starting.
  ensureAdminUiBuilt((m) => console.log(m));
  let serverUrl: string;
  let stopEmbedded: (() => Promise<void>) | null = null;
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (process.env.TEST_DATABASE_URL) {
    serverUrl = process.env.TEST_DATABASE_URL;
  } else if ((await portIsOpen(5432)) && (await answers(local))) {
    serverUrl = local;
  } else {
    const port = Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54339);
    console.log(`No PostgreSQL on 127.0.0.1:5432: starting an embedded one on port ${port} (.data/test/pg)`);
    const embedded = await startEmbeddedPostgres({
      dataDir: '.data/test',
      port,
      log: (m) => console.log(m),
      database: 'postgres',
    });
    serverUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }

  const prefix = `swr_t${process.pid}_`;
  const template = `${prefix}template`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${template}"`);
  await admin.query(`create database "${template}"`);
  const orm = await MikroORM.init(ormConfig({ clientUrl: withDb(serverUrl, template), poolMax: 2 }));
  await orm.migrator.up();
  await orm.close(true);

  project.provide('pgServerUrl', serverUrl);
  project.provide('pgTemplate', template);
  project.provide('pgRunPrefix', prefix);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
      `${prefix}%`,
    ]);
    for (const { datname } of rows) {
      await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => {});
    }
    await admin.end();
    await stopEmbedded?.();
  };
}
