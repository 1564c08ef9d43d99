/**
 *   npm run client          regenerate clients/typescript/schema.ts from the OpenAPI document
 *   npm run client:check    fail when the committed client no longer matches the API (CI)
 *
 * openapi-typescript needs TypeScript 5 while the project uses 7, so it has its own install in
 * tools/client-gen (`npm ci --prefix tools/client-gen`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { declaredOpenApi } from '../api/openapi-document.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = path.join(root, 'clients/typescript/schema.ts');
const generator = path.join(root, 'tools/client-gen/generate.mjs');
if (!existsSync(path.join(root, 'tools/client-gen/node_modules/openapi-typescript'))) {
  process.stderr.write('openapi-typescript is not installed: npm ci --prefix tools/client-gen\n');
  process.exit(2);
}

const work = mkdtempSync(path.join(tmpdir(), 'swr-client-'));
try {
  const spec = path.join(work, 'openapi.json');
  // A fixed server URL: the generated types do not depend on where a registry runs.
  writeFileSync(spec, JSON.stringify((await declaredOpenApi('https://registry.example')).document));
  const out = path.join(work, 'schema.ts');
  execFileSync(process.execPath, [generator, spec, out], { stdio: 'pipe' });
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/prettier/bin/prettier.cjs'),
      '--config',
      path.join(root, '.prettierrc.json'),
      '--write',
      out,
    ],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  const header =
    "/**\n * Generated from the registry's OpenAPI document by `npm run client` (openapi-typescript).\n * Do not edit: CI fails when this file no longer matches the API.\n */\n";
  const generated = header + readFileSync(out, 'utf8');
  if (process.argv[2] === '--check') {
    const committed = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (committed !== generated) {
      process.stderr.write('clients/typescript/schema.ts is stale: run `npm run client` and commit it\n');
      process.exit(1);
    }
    process.stderr.write('clients/typescript/schema.ts matches the API\n');
  } else {
    writeFileSync(target, generated);
    process.stderr.write(`wrote ${path.relative(root, target)}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
