import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('a process that loads the embedded PostgreSQL support', () => {
  it('ends with the exit code it set (a failed test run or import is not reported as success)', () => {
    const run = (code: number) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `await import(${JSON.stringify(path.join(root, 'api/shared/embedded-postgres.ts'))}); process.exitCode = ${code};`,
        ],
        { cwd: root, encoding: 'utf8' },
      );
    const failed = run(3);
    expect(failed.stderr).toBe('');
    expect(failed.status).toBe(3);
    expect(run(0).status).toBe(0);
  });
});
