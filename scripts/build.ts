/**
 * The production build, the same steps everywhere (a developer's machine, CI, the Dockerfile):
 *
 *   npm run build            admin UI, compiled JavaScript, templates and fonts → dist/
 *   npm run build -- ui      only the admin UI (admin-ui/dist), when its sources changed
 *
 * dist/ is a complete install: its package.json has the same dependencies as the repository (with
 * package-lock.json beside it) and production scripts, so `cd dist && npm ci --omit=dev && npm start`
 * runs the registry on Node alone, without TypeScript, tsx or vite.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAdminUiBuilt } from '../api/shared/admin-ui-build.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const step = (msg: string) => process.stderr.write(`build: ${msg}\n`);

/** The scripts of the built install: each runs compiled JavaScript on node (exec: signals reach it). */
const PRODUCTION_SCRIPTS: Record<string, string> = {
  start: 'exec node api/main.js',
  'db:migrate': 'exec node api/cli/migrate.js up',
  'db:status': 'exec node api/cli/migrate.js status',
  'db:rollback': 'exec node api/cli/migrate.js down',
  'audit:verify': 'exec node api/cli/audit-verify.js',
  'data-key:rotate': 'exec node api/cli/rotate-data-key.js',
  import: 'exec node api/cli/import.js',
};

function buildUi(): void {
  step(ensureAdminUiBuilt(step) ? 'admin UI built' : 'admin UI is current');
}

function buildServer(): void {
  rmSync(dist, { recursive: true, force: true });
  step('compiling TypeScript');
  execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  step('copying message catalogues, templates, fonts and the admin UI');
  for (const dir of ['i18n', 'templates/emails', 'templates/fonts']) {
    cpSync(path.join(root, dir), path.join(dist, dir), { recursive: true });
  }
  mkdirSync(path.join(dist, 'admin-ui'), { recursive: true });
  cpSync(path.join(root, 'admin-ui/dist'), path.join(dist, 'admin-ui/dist'), { recursive: true });
  for (const file of ['LICENSE', 'package-lock.json']) cpSync(path.join(root, file), path.join(dist, file));
  // The local Node.js pin is a dev dependency the lockfile names by path; keep it resolvable.
  cpSync(path.join(root, 'tools/node'), path.join(dist, 'tools/node'), { recursive: true });

  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  pkg.scripts = PRODUCTION_SCRIPTS;
  writeFileSync(path.join(dist, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  if (!existsSync(path.join(dist, 'api/main.js'))) throw new Error('dist/api/main.js was not produced');
  step('done: dist/ (cd dist && npm ci --omit=dev && npm start)');
}

const what = process.argv[2] ?? 'all';
if (what === 'ui') buildUi();
else if (what === 'all') {
  buildUi();
  buildServer();
} else {
  process.stderr.write(`Unknown build target ${what}; use 'ui' or nothing\n`);
  process.exitCode = 2;
}
