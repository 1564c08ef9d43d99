/**
 * openapi-typescript through its Node API (the CLI has no option for it): a file sent or received as
 * bytes (`type: string, format: binary`) is typed as a Blob, so an upload passes the File the user
 * picked and a download reads a Blob, instead of both pretending to be text.
 *
 *   node tools/client-gen/generate.mjs <openapi.json> <out.ts>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';

const [spec, out] = process.argv.slice(2);
const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier('Blob'));
const ast = await openapiTS(JSON.parse(readFileSync(spec, 'utf8')), {
  rootTypes: true,
  alphabetize: true,
  transform(schema) {
    if (schema.format === 'binary') return BLOB;
    return undefined;
  },
});
writeFileSync(out, astToString(ast));
