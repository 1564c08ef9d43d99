/**
 * npm run data-key:rotate: after re-sealing under a new DATA_KEY, the registry started with the new
 * key signs staff in with their MFA, opens identity numbers and still finds duplicates; a rotation
 * from a key that does not open the data changes nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestApp, TEST_DATA_KEY, type TestApp } from '../support/app.js';
import { SecretBox } from '../../api/shared/secrets.js';
import { DataKeyRotationError, rotateDataKey } from '../../api/ops/data-key.js';

const NEW_KEY = Buffer.alloc(32, 42).toString('base64');
const apps: TestApp[] = [];
const dir = mkdtempSync(path.join(tmpdir(), 'swr-key-'));
afterAll(async () => {
  for (const a of apps) await a.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const person = {
  fullName: 'Le Van Khoa',
  dateOfBirth: '1985-04-12',
  sex: 'male',
  nationality: 'VN',
  nationalId: 'ID-778899',
  region: 'Ha Noi',
  sector: 'social_welfare',
};

describe('DATA_KEY rotation', () => {
  it('re-seals every secret: the registry on the new key signs staff in with MFA, opens identity numbers and finds duplicates', async () => {
    const before = await startTestApp();
    apps.push(before);
    const registrar = await before.signIn(['registrar']);
    const created = await before.request('POST', '/api/v1/registrants', { token: registrar.accessToken, body: person });
    expect(created.status).toBe(201);
    await before.close();
    apps.pop();

    const keyFile = path.join(dir, 'new-key');
    writeFileSync(keyFile, NEW_KEY + '\n');
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'api/cli/rotate-data-key.ts', '--new-key-file', keyFile],
      {
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: before.databaseUrl,
          DATA_KEY: TEST_DATA_KEY,
          LOG_LEVEL: 'silent',
        },
        encoding: 'utf8',
      },
    );
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/Re-sealed under the new key: account [1-9]\d*, signing_key [1-9]\d*/);
    expect(cli.stdout).toContain('registrant 1');

    const after = await startTestApp({ databaseUrl: before.databaseUrl, env: { DATA_KEY: NEW_KEY } });
    apps.push(after);
    const again = await after.renew(registrar);
    expect(again.accessToken).toMatch(/^ey/);
    const identity = await after.request('GET', `/api/v1/registrants/${created.body.id}/identity`, {
      token: again.accessToken,
    });
    expect(identity.status).toBe(200);
    expect(identity.body.nationalId).toBe(person.nationalId);
    const duplicate = await after.request('POST', '/api/v1/registrants', { token: again.accessToken, body: person });
    expect(duplicate.status).toBe(409);
    const [audit] = await after.sql(`select after from audit_event where action = 'data-key.rotated'`);
    expect(audit.after.registrant).toBe(1);

    // The old key no longer opens anything, so rotating "from" it is refused before a single write.
    await expect(
      rotateDataKey(
        after.deps.orm,
        new SecretBox(TEST_DATA_KEY),
        new SecretBox(Buffer.alloc(32, 9).toString('base64')),
      ),
    ).rejects.toBeInstanceOf(DataKeyRotationError);
    expect((await after.renew(registrar)).accessToken).toMatch(/^ey/);
  }, 120_000);
});
