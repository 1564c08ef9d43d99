/** A fresh database for one test file, cloned from the migrated template. */
import { inject } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export function databaseUrl(db: string): string {
  const u = new URL(inject('pgServerUrl'));
  u.pathname = `/${db}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<string> {
  const name = `${inject('pgRunPrefix')}${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  try {
    // CREATE DATABASE … TEMPLATE needs the template to have no other sessions; retry briefly if busy.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${inject('pgTemplate')}"`);
        break;
      } catch (e) {
        if (attempt > 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await admin.end();
  }
  return databaseUrl(name);
}
