/**
 *   npm run openapi [-- file]
 *
 * Writes the OpenAPI document the registry serves at /api/openapi.json, built from the same route
 * declarations, without a database or a running server (stdout, or the file named). CI lints it
 * (`npm run openapi:lint`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { declaredOpenApi } from '../openapi-document.js';

const doc = `${JSON.stringify((await declaredOpenApi(process.env.PUBLIC_URL)).document, null, 2)}\n`;
const file = process.argv[2];
if (file) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, doc);
} else process.stdout.write(doc);
