/**
 * The command-line tools on the embedded database, as a local install runs them: a failure must end
 * with a non-zero exit code, or a script (or an operator's `&&`) carries on as if it had worked.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, repoRoot } from './support/instance.js';
import { importTemplate } from '../../api/modules/imports/index.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'swr-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run import on the embedded database', () => {
  it('exits 1 when the import fails, and 0 when it succeeds', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'silent',
    };
    const run = (file: string) =>
      spawnSync('npm', ['run', 'import', '--silent', '--', file], { cwd: repoRoot, env, encoding: 'utf8' });
    const missing = run(path.join(dataDir, 'no-such-file.csv'));
    const empty = path.join(dataDir, 'empty.csv');
    writeFileSync(empty, '');
    const refused = run(empty);
    const template = path.join(dataDir, 'template.csv');
    writeFileSync(template, importTemplate());
    const dryRun = run(template);
    console.log(
      `\n[faults] npm run import (embedded database)\n  missing file: exit ${missing.status}\n  empty file:   exit ${refused.status}\n  the template, dry run: exit ${dryRun.status}\n`,
    );
    expect(missing.stderr).toContain('no such file');
    expect(missing.status).toBe(1);
    expect(refused.status).toBe(1);
    expect(dryRun.stdout).toContain('1 rows, 1 valid');
    expect(dryRun.status).toBe(0);
  });
});
