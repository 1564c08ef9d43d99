/**
 * Several instances starting together on a new, empty database (a fresh install scaled to three,
 * or three pods after an upgrade): each migration and the seeds run exactly once, and every
 * instance comes up.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../api/config.js';
import { boot, type Booted } from '../../api/bootstrap.js';
import { migrationsList } from '../../migrations/index.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.seeder.js';
import { databaseUrl } from '../support/db.js';
import { TEST_DATA_KEY } from '../support/app.js';

const booted: Booted[] = [];
afterAll(async () => {
  for (const b of booted) await b.db.close();
});

async function emptyDatabase(): Promise<string> {
  const name = `${inject('pgRunPrefix')}lock_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  return databaseUrl(name);
}

describe('start-up migrations', () => {
  it('three instances starting together on an empty database apply each migration once and all come up', async () => {
    const url = await emptyDatabase();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      DATA_KEY: TEST_DATA_KEY,
      DEMO: 'true',
      JOBS: 'false',
      PUBLIC_URL: 'http://registry.test',
      DB_POOL_MAX: '2',
    });
    const results = await Promise.allSettled([1, 2, 3].map(() => boot(config, { log: pino({ level: 'silent' }) })));
    for (const r of results) if (r.status === 'fulfilled') booted.push(r.value);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'up'))).toEqual(['up', 'up', 'up']);

    // One instance applied everything; the others found nothing left to do.
    expect(booted.map((b) => b.migrationsApplied.length).sort((a, b) => a - b)).toEqual([0, 0, migrationsList.length]);
    expect(booted.filter((b) => b.demoLoaded)).toHaveLength(1);

    const sql = (q: string) => booted[0]!.deps.orm.em.fork().execute(q);
    const recorded = await sql(`select name, count(*)::int as n from mikro_orm_migrations group by name`);
    expect(recorded).toHaveLength(migrationsList.length);
    expect(recorded.filter((r) => r.n !== 1)).toEqual([]);
    const [{ n: demoAccounts }] = await sql(
      `select count(*)::int as n from account where email in (${DEMO_ACCOUNTS.map((a) => `'${a.email}'`).join(',')})`,
    );
    expect(demoAccounts).toBe(DEMO_ACCOUNTS.length);
    const [{ n: councils }] = await sql(`select count(*)::int as n from council`);
    expect(councils).toBe(1);
  }, 120_000);
});

describe('npm run db:status / db:rollback / db:migrate', () => {
  it('reverts the last migration and applies it again', async () => {
    const url = await emptyDatabase();
    const cli = (command: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/migrate.ts', command], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      });
    expect(cli('up').stdout).toContain(`Applied ${migrationsList[0]!.name}`);
    const current = cli('status');
    expect(current.status).toBe(0);
    expect(current.stdout).toContain('The database is up to date.');
    const last = migrationsList.at(-1)!.name;
    expect(cli('down').stdout).toContain(`Reverted ${last}`);
    const behind = cli('status');
    expect(behind.status).toBe(3);
    expect(behind.stdout).toContain(`pending  ${last}`);
    expect(cli('up').stdout).toContain(`Applied ${last}`);
  }, 120_000);
});
