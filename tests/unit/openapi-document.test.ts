import { beforeAll, describe, expect, it } from 'vitest';
import { declaredOpenApi } from '../../api/openapi-document.js';
import type { RouteDef } from '../../api/http/routes.js';
import { toOpenApiPath } from '../../api/http/routes.js';

type Operation = {
  tags: string[];
  security: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, unknown> }>;
};
let routes: RouteDef[];
let doc: {
  tags: { name: string; description: string }[];
  info: { license?: { name: string } };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
};
const op = (r: RouteDef) => doc.paths[toOpenApiPath(r.path)]![r.method]!;

beforeAll(async () => {
  const built = await declaredOpenApi();
  routes = built.routes;
  doc = built.document as unknown as typeof doc;
});

describe('the OpenAPI document', () => {
  it('declares the client errors each operation can answer, as problem+json (OAuth errors on OAuth endpoints)', () => {
    expect(routes.length).toBeGreaterThan(200);
    for (const r of routes) {
      const responses = op(r).responses;
      const where = `${r.method.toUpperCase()} ${r.path}`;
      expect(Object.keys(responses), where).toContain('400');
      if (r.access !== 'public') expect(Object.keys(responses), where).toEqual(expect.arrayContaining(['401', '403']));
      // The one public route that takes a token of its own: the credential endpoint of wallet issuance.
      else if (!r.oauthErrors) expect(Object.keys(responses), where).not.toContain('401');
      if (r.path.includes('/:')) expect(Object.keys(responses), where).toContain('404');
      if (r.rateLimited) expect(Object.keys(responses), where).toContain('429');
      if (r.upload) expect(Object.keys(responses), where).toEqual(expect.arrayContaining(['413', '415']));
      for (const [status, answer] of Object.entries(responses))
        if (status.startsWith('4'))
          expect(Object.keys(answer.content ?? {}), `${where} ${status}`).toEqual([
            // OAuth endpoints answer refusals as OAuth error responses, which wallets read.
            r.oauthErrors && status !== '429' ? 'application/json' : 'application/problem+json',
          ]);
    }
  });

  it('names the employer API key as a security scheme, offered on the routes a key may call', () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    const keyed = routes.filter((r) => r.apiKeyScope);
    expect(keyed.map((r) => `${r.method} ${r.path}`)).toContain('post /api/v1/verifications');
    for (const r of keyed) expect(op(r).security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    for (const r of routes.filter((x) => x.access === 'public')) expect(op(r).security).toEqual([]);
  });

  it('describes every tag an operation uses, and has a licence', () => {
    const used = new Set(routes.flatMap((r) => r.tags));
    expect(doc.tags.map((t) => t.name).sort()).toEqual([...used].sort());
    for (const t of doc.tags) expect(t.description.length, t.name).toBeGreaterThan(20);
    expect(doc.info.license?.name).toBe('Apache-2.0');
  });

  it('describes every parameter and every field of every request and answer', () => {
    type Schema = { description?: string; $ref?: string; properties?: Record<string, Schema> } & Record<
      string,
      unknown
    >;
    const undescribed: string[] = [];
    const walk = (schema: Schema | undefined, where: string): void => {
      if (!schema || typeof schema !== 'object') return;
      for (const [name, field] of Object.entries(schema.properties ?? {})) {
        if (!field.description && !field.$ref) undescribed.push(`${where}.${name}`);
        walk(field, `${where}.${name}`);
      }
      for (const key of ['items', 'additionalProperties'])
        if (typeof schema[key] === 'object') walk(schema[key] as Schema, `${where}[]`);
      for (const key of ['oneOf', 'anyOf', 'allOf'])
        ((schema[key] as Schema[] | undefined) ?? []).forEach((s, i) => walk(s, `${where}|${i}`));
    };
    const full = doc as unknown as {
      components: { schemas: Record<string, Schema> };
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; description?: string }[];
            requestBody?: { content: Record<string, { schema: Schema }> };
            responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
          }
        >
      >;
    };
    for (const [name, schema] of Object.entries(full.components.schemas)) walk(schema, name);
    for (const [path, item] of Object.entries(full.paths))
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const p of operation.parameters ?? []) if (!p.description) undescribed.push(`${where} ?${p.name}`);
        for (const c of Object.values(operation.requestBody?.content ?? {})) walk(c.schema, `${where} body`);
        for (const [status, answer] of Object.entries(operation.responses))
          for (const c of Object.values(answer.content ?? {})) walk(c.schema, `${where} ${status}`);
      }
    expect(undescribed).toEqual([]);
  });
});
