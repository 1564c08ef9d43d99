/**
 * Builds the admin UI when its sources changed since the last build (a hash of admin-ui/ and i18n/ is
 * kept in dist/.source-hash), so `npm start` and the browser tests always serve a current build.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const uiRoot = path.join(root, 'admin-ui');
const dist = path.join(uiRoot, 'dist');

function sourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'dist' || name === 'node_modules' || name === '.build-lock') continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(path.relative(root, full)).update(readFileSync(full));
    }
  };
  walk(uiRoot);
  walk(path.join(root, 'i18n')); // the message catalogues are bundled too
  return hash.digest('hex');
}

const lockDir = path.join(uiRoot, '.build-lock');
const STALE_LOCK_MS = 5 * 60_000;
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** One build at a time across processes (two registries, or parallel test runs, starting together). */
function withBuildLock<T>(fn: () => T): T {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > STALE_LOCK_MS) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Returns true when it had to build. */
export function ensureAdminUiBuilt(log: (msg: string) => void = () => {}): boolean {
  if (!existsSync(path.join(uiRoot, 'vite.config.ts'))) throw new Error('admin-ui/vite.config.ts is missing');
  const stamp = path.join(dist, '.source-hash');
  const current = (want: string) =>
    existsSync(path.join(dist, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want;
  // The stamp names the build's form too: a build without compressed copies is made again.
  const stamped = () => `${sourceHash()}:precompressed:production`;
  if (current(stamped())) return false;
  return withBuildLock(() => {
    const want = stamped();
    if (current(want)) return false;
    log(
      existsSync(stamp)
        ? `Building the admin UI: its sources changed since the last build (now ${want.slice(0, 12)}, built ${readFileSync(stamp, 'utf8').slice(0, 12)})…`
        : 'Building the admin UI…',
    );
    execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'admin-ui/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      // Always the production bundle (minified, React's production build), whoever builds it: under
      // the test runner NODE_ENV is "test", which gave a development bundle a third larger.
      { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
    precompress(dist);
    writeFileSync(stamp, want);
    return true;
  });
}

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

/**
 * Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy beside every text asset of at
 * least 1 KB, once per build, so the server sends compressed files without compressing per request.
 */
export function precompress(dir: string): { files: number; bytes: number; br: number; gz: number } {
  const totals = { files: 0, bytes: 0, br: 0, gz: 0 };
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      if (!COMPRESSIBLE.test(name)) continue;
      const raw = readFileSync(full);
      if (raw.length < 1024) continue;
      const br = brotliCompressSync(raw, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length },
      });
      const gz = gzipSync(raw, { level: 9 });
      writeFileSync(`${full}.br`, br);
      writeFileSync(`${full}.gz`, gz);
      totals.files++;
      totals.bytes += raw.length;
      totals.br += br.length;
      totals.gz += gz.length;
    }
  };
  walk(dir);
  return totals;
}
