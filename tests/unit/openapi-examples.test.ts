/**
 * Examples in the OpenAPI document: the public and employer operations show one, and every example
 * the document holds is a value its schema accepts. The zod schemas the document is generated from
 * are reached through the route declarations (bodies, answers, parameters and everything they
 * contain); a component is matched to its zod schema by its id (zod-openapi names the answer form
 * of a schema that differs from the request form `<id>Output`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { declaredOpenApi } from '../../api/openapi-document.js';
import { toOpenApiPath, type RouteDef } from '../../api/http/routes.js';

type Json = {
  $ref?: string;
  example?: unknown;
  properties?: Record<string, Json>;
  items?: Json;
  additionalProperties?: Json | boolean;
  anyOf?: Json[];
  oneOf?: Json[];
  allOf?: Json[];
};
type Content = Record<string, { schema?: Json }>;
type Operation = {
  parameters?: { name: string; in: string; schema?: Json }[];
  requestBody?: { content: Content };
  responses: Record<string, { content?: Content }>;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };

let routes: RouteDef[];
let doc: Doc;

beforeAll(async () => {
  const built = await declaredOpenApi();
  routes = built.routes;
  doc = built.document as unknown as Doc;
});

/** The operations that must show an example: the public register and the employer services. */
const SHOWN = /^\/api\/v1\/(public|employer|employers)(\/|$)/;
const EMPLOYER = /^\/api\/v1\/(employer|employers)(\/|$)/;

const operationOf = (r: RouteDef) => doc.paths[toOpenApiPath(r.path)]![r.method]!;
const jsonSchemas = (content: Content | undefined) =>
  Object.entries(content ?? {})
    .filter(([type]) => type.includes('json'))
    .map(([, c]) => c.schema)
    .filter((s): s is Json => !!s);
const successSchemas = (op: Operation) =>
  Object.entries(op.responses)
    .filter(([status]) => status.startsWith('2'))
    .flatMap(([, answer]) => jsonSchemas(answer.content));
const component = (ref: string) => doc.components.schemas[ref.replace('#/components/schemas/', '')];
/** An example on the schema itself, or on the component it references. */
const hasExample = (s: Json) => s.example !== undefined || (!!s.$ref && component(s.$ref)?.example !== undefined);

// ---- walking zod schemas (zod 4: every schema keeps its definition in _zod.def) ----

type Def = Record<string, unknown> & { type: string };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;
const isZod = (v: unknown): v is z.ZodType => !!v && typeof v === 'object' && '_zod' in v;

/** The schemas a schema is made of: fields, items, wrapped and piped schemas, union options. */
function partsOf(s: z.ZodType): z.ZodType[] {
  const def = defOf(s);
  const out: z.ZodType[] = [];
  for (const [key, value] of Object.entries(def)) {
    if (key === 'shape' && value && typeof value === 'object') out.push(...Object.values(value).filter(isZod));
    else if (isZod(value)) out.push(value);
    else if (Array.isArray(value)) out.push(...value.filter(isZod));
  }
  if (def.type === 'lazy') out.push((def.getter as () => z.ZodType)());
  return out;
}

/** Wrappers that do not change what a value looks like in JSON (optional, nullable, default…); a pipe is read from its input. */
function unwrap(s: z.ZodType): z.ZodType {
  for (let current = s; ;) {
    const def = defOf(current);
    if (['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(def.type))
      current = def.innerType as z.ZodType;
    else if (def.type === 'pipe' && isZod(def.in) && defOf(def.in as z.ZodType).type !== 'transform')
      current = def.in as z.ZodType;
    else if (def.type === 'lazy') current = (def.getter as () => z.ZodType)();
    else return current;
  }
}

/** Every zod schema with an id (a component) reachable from the routes, by id. */
function componentSources(): Map<string, z.ZodType> {
  const byId = new Map<string, z.ZodType>();
  const seen = new Set<z.ZodType>();
  const visit = (s: z.ZodType | undefined) => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    const id = z.globalRegistry.get(s)?.id;
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, s);
    const parent = (s as unknown as { _zod: { parent?: z.ZodType } })._zod.parent;
    if (parent) visit(parent);
    partsOf(s).forEach(visit);
  };
  for (const r of routes) [r.params, r.query, r.body, r.response.schema].forEach((s) => visit(s as z.ZodType));
  return byId;
}

type Finding = { where: string; problem: string };

/** Components the document builder adds itself (the problem details of every refusal), not a route. */
const BUILDER_COMPONENTS = new Set(['Problem', 'OAuthError']);

/** How many `example` keys a piece of the document holds (example values are data: they hold none). */
const examplesIn = (value: unknown): number =>
  Array.isArray(value)
    ? value.reduce((n: number, v) => n + examplesIn(v), 0)
    : value && typeof value === 'object'
      ? Object.entries(value).reduce((n, [k, v]) => n + (k === 'example' ? 1 : examplesIn(v)), 0)
      : 0;

/**
 * Checks every example in a JSON schema against the zod schema it was generated from, walking both
 * side by side (fields, items, nullable branches). References are left to their component.
 */
function checkExamples(json: Json, source: z.ZodType, where: string, checked: string[], problems: Finding[]) {
  if (json.example !== undefined) {
    const result = source.safeParse(json.example);
    checked.push(where);
    if (!result.success) problems.push({ where, problem: z.prettifyError(result.error) });
  }
  const inner = unwrap(source);
  const def = defOf(inner);
  for (const branch of [...(json.anyOf ?? []), ...(json.oneOf ?? []), ...(json.allOf ?? [])])
    if (!branch.$ref) checkExamples(branch, inner, where, checked, problems);
  if (def.type === 'object' && json.properties) {
    const shape = def.shape as Record<string, z.ZodType>;
    for (const [name, field] of Object.entries(json.properties))
      if (!field.$ref && shape[name]) checkExamples(field, shape[name], `${where}.${name}`, checked, problems);
  }
  if (def.type === 'array' && json.items && !json.items.$ref)
    checkExamples(json.items, def.element as z.ZodType, `${where}[]`, checked, problems);
}

describe('examples in the OpenAPI document', () => {
  it('every public and employer operation shows an example in its request body or its answer', () => {
    const scoped = routes.filter((r) => SHOWN.test(r.path));
    expect(scoped.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const r of scoped) {
      const op = operationOf(r);
      const shown = [...jsonSchemas(op.requestBody?.content), ...successSchemas(op)];
      // An operation that takes and answers no JSON (DELETE answering 204) can only show its parameters.
      const ok = shown.length
        ? shown.some(hasExample)
        : (op.parameters ?? []).some((p) => p.schema?.example !== undefined);
      if (!ok) missing.push(`${r.method.toUpperCase()} ${r.path}`);
    }
    expect(missing).toEqual([]);
  });

  it('every employer operation carries its own example: beside the $ref of each JSON body and answer', () => {
    const employer = routes.filter((r) => EMPLOYER.test(r.path));
    expect(employer.length).toBeGreaterThanOrEqual(20);
    const missing: string[] = [];
    for (const r of employer) {
      const op = operationOf(r);
      const where = `${r.method.toUpperCase()} ${r.path}`;
      const parts = [
        ...jsonSchemas(op.requestBody?.content).map((s) => ['body', s] as const),
        ...successSchemas(op).map((s) => ['answer', s] as const),
      ];
      for (const [part, schema] of parts) if (schema.example === undefined) missing.push(`${where} ${part}`);
      if (!parts.length && !(op.parameters ?? []).some((p) => p.schema?.example !== undefined))
        missing.push(`${where} parameters`);
      expect(JSON.stringify(op), where).toContain('"example"');
    }
    expect(missing).toEqual([]);
  });

  it('every example on a component is accepted by the zod schema the component comes from', () => {
    const sources = componentSources();
    const checked: string[] = [];
    const problems: Finding[] = [];
    const unreachable: string[] = [];
    for (const [name, json] of Object.entries(doc.components.schemas)) {
      if (!JSON.stringify(json).includes('"example"')) continue;
      const source = sources.get(name) ?? sources.get(name.replace(/Output$/, ''));
      if (!source) {
        if (!BUILDER_COMPONENTS.has(name)) unreachable.push(name);
      } else checkExamples(json, source, name, checked, problems);
    }
    expect(problems).toEqual([]);
    expect(unreachable).toEqual([]);
    for (const name of ['EmployerOrganisation', 'EmployerOrganisationCreate', 'ApiKeyCreated', 'WatchNotification'])
      expect(checked.some((w) => w === name || w === `${name}Output`)).toBe(true);
  });

  it("every example in an operation (beside a $ref, or on a parameter) is accepted by the route's zod schema", () => {
    const checked: string[] = [];
    const problems: Finding[] = [];
    const unchecked: string[] = [];
    for (const r of routes) {
      const op = operationOf(r);
      const where = `${r.method.toUpperCase()} ${r.path}`;
      const before = checked.length;
      if (r.body)
        for (const s of jsonSchemas(op.requestBody?.content))
          checkExamples(s, r.body as z.ZodType, `${where} body`, checked, problems);
      if (r.response.schema)
        for (const s of successSchemas(op))
          checkExamples(s, r.response.schema as z.ZodType, `${where} answer`, checked, problems);
      for (const p of op.parameters ?? []) {
        const source = p.in === 'path' ? r.params : p.in === 'query' ? r.query : undefined;
        const field = source && (defOf(unwrap(source as z.ZodType)).shape as Record<string, z.ZodType>)?.[p.name];
        if (p.schema && field) checkExamples(p.schema, field, `${where} ${p.in} ${p.name}`, checked, problems);
      }
      const shown = examplesIn(op);
      if (checked.length - before !== shown)
        unchecked.push(`${where}: ${shown} examples, ${checked.length - before} parsed`);
    }
    expect(problems).toEqual([]);
    // every example an operation shows was parsed, those of the employer operations among them
    expect(unchecked).toEqual([]);
    expect(checked.filter((w) => EMPLOYER.test(w.split(' ')[1]!)).length).toBeGreaterThanOrEqual(29);
  });
});
