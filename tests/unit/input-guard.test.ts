import { describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  badPercentEncoding,
  hostileInputErrors,
  MAX_DEPTH,
  percentEncodingErrors,
  unknownKeyErrors,
} from '../../api/http/input-guard.js';
import { mountRoutes, type RouteDef } from '../../api/http/routes.js';
import { createErrorHandler } from '../../api/http/problem.js';
import pino from 'pino';

const NUL = 'contains a character that is not allowed (NUL)';
const SURROGATE = 'contains a character that is not allowed (unpaired surrogate)';

describe('hostileInputErrors', () => {
  it('names every string that holds NUL or an unpaired surrogate, nested fields and array items by path', () => {
    const body = {
      displayName: 'A\u0000B',
      address: { line1: 'x\ud800', line2: 'fine 😀' },
      items: [{ name: 'ok' }, { name: 'ok' }, { name: 'ok' }, { name: '\udfffy' }],
    };
    expect(hostileInputErrors(body)).toEqual([
      { field: 'displayName', message: NUL },
      { field: 'address.line1', message: SURROGATE },
      { field: 'items.3.name', message: SURROGATE },
    ]);
    expect(hostileInputErrors({ q: 'a\u0000' }, 'query')).toEqual([{ field: 'query.q', message: NUL }]);
    expect(hostileInputErrors({ id: '\u0000' }, 'params')).toEqual([{ field: 'params.id', message: NUL }]);
  });

  it('checks keys too, and shows the bad character in the field name as an escape', () => {
    expect(hostileInputErrors({ address: { ['li\u0000ne']: 'x' } })).toEqual([
      { field: 'address.li\\u0000ne', message: `the key ${NUL}` },
    ]);
    expect(hostileInputErrors({ ['\ud800']: 1 })).toEqual([{ field: '\\uD800', message: `the key ${SURROGATE}` }]);
  });

  it('refuses __proto__, constructor and prototype as keys at any depth', () => {
    const body = JSON.parse('{"__proto__": {"admin": true}, "a": [{"constructor": {"prototype": {}}}]}');
    expect(hostileInputErrors(body).map((e) => e.field)).toEqual(['__proto__', 'a.0.constructor']);
    expect(hostileInputErrors(body)[0]!.message).toBe('is a reserved name, not allowed as a key');
  });

  it('refuses nesting deeper than any request needs, without walking it (or overflowing the stack)', () => {
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000));
    const errors = hostileInputErrors({ a: deep });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe(`is nested more than ${MAX_DEPTH} levels deep`);
  });

  it('passes well-formed text in any script, and stops reporting after 20 fields', () => {
    expect(hostileInputErrors({ n: 'Nguyễn Thị Hồng Nhung', t: 'สมชาย', e: '👩🏽‍⚕️', k: ['ສົມໃຈ'] })).toEqual([]);
    expect(hostileInputErrors(Array.from({ length: 500 }, () => '\u0000'))).toHaveLength(20);
  });
});

describe('unknownKeyErrors', () => {
  const schema = z.object({
    name: z.string(),
    address: z.object({ line1: z.string() }).optional(),
    items: z.array(z.object({ name: z.string() })),
    labels: z.record(z.string(), z.object({ text: z.string() })),
    extra: z.looseObject({ kept: z.string() }),
    strict: z.strictObject({ a: z.string() }),
    question: z.discriminatedUnion('subject', [
      z.object({ subject: z.literal('licence'), number: z.string() }),
      z.object({ subject: z.literal('programme'), programme: z.string() }),
    ]),
    trimmed: z.preprocess((v) => v, z.object({ inner: z.string() })).optional(),
  });

  it('names keys the schema does not declare, at every level it describes', () => {
    const body = {
      name: 'x',
      nmae: 'typo',
      address: { line1: 'a', line9: 'b' },
      items: [{ name: 'a' }, { name: 'b', id: 1 }],
      labels: { en: { text: 'a', colour: 'red' } },
      extra: { kept: 'a', anything: 'goes' },
      strict: { a: 'x' },
      question: { subject: 'programme', programme: 'p', number: 'n' },
      trimmed: { inner: 'x', outer: 'y' },
    };
    expect(unknownKeyErrors(schema, body)).toEqual(
      ['nmae', 'address.line9', 'items.1.id', 'labels.en.colour', 'question.number', 'trimmed.outer'].map((field) => ({
        field,
        message: 'is not a known field',
      })),
    );
  });

  it('leaves strict objects and values of the wrong type to zod', () => {
    expect(unknownKeyErrors(schema, { strict: { a: 'x', b: 'y' }, items: 'nope', address: 7 })).toEqual([]);
  });

  it('accepts a key either side of an intersection declares', () => {
    const both = z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() }));
    expect(unknownKeyErrors(both, { a: 'x', b: 'y', c: 'z' })).toEqual([
      { field: 'c', message: 'is not a known field' },
    ]);
  });
});

describe('percent-encoding', () => {
  it('finds escapes that do not spell UTF-8, and leaves valid text and lone % signs alone', () => {
    expect(badPercentEncoding('a%ED%A0%80b')).toBe(true);
    expect(badPercentEncoding('%FF')).toBe(true);
    expect(badPercentEncoding('Nguy%E1%BB%85n')).toBe(false);
    expect(badPercentEncoding('100%')).toBe(false);
    expect(badPercentEncoding('%00')).toBe(false); // NUL is UTF-8; the text check refuses it
    expect(percentEncodingErrors('q=ok&name=%ED%BF%BF&x%FF=1&n=%C3%A9', 'query')).toEqual([
      { field: 'query.name', message: 'is not valid percent-encoded UTF-8' },
      { field: 'query.x%FF', message: 'is not valid percent-encoded UTF-8' },
    ]);
  });
});

describe('the request pipeline', () => {
  async function serve(routes: RouteDef[], run: (base: string) => Promise<void>) {
    const app = express();
    const router = express.Router();
    mountRoutes(router, routes, async () => null, express.json());
    app.use(router);
    app.use(createErrorHandler(pino({ level: 'silent' }), false));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      server.close();
    }
  }
  const route = (over: Partial<RouteDef>): RouteDef =>
    ({
      method: 'post',
      path: '/things/:id',
      access: 'public',
      summary: 's',
      tags: [],
      params: z.object({ id: z.string() }),
      body: z.object({ name: z.string(), address: z.object({ line1: z.string() }).optional() }),
      response: { status: 200 },
      ...over,
    }) as RouteDef;

  it('refuses hostile text, unknown keys and bad escapes before the handler runs, naming the field', async () => {
    let ran = 0;
    const handler = () => {
      ran++;
      return { ok: true };
    };
    await serve([route({ handler })], async (base) => {
      const post = async (path: string, body: string) => {
        const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
      };
      const cases: [string, string, string][] = [
        ['/things/1', JSON.stringify({ name: 'a\u0000' }), 'name'],
        ['/things/1', '{"name": "\\ud800"}', 'name'],
        ['/things/1', JSON.stringify({ name: 'a', address: { line1: 'b', line2: 'c' } }), 'address.line2'],
        ['/things/1', '{"name": "a", "__proto__": {"x": 1}}', '__proto__'],
        ['/things/a%00b', JSON.stringify({ name: 'a' }), 'params.id'],
        ['/things/a%ED%A0%80b', JSON.stringify({ name: 'a' }), 'params.id'],
        ['/things/1?q=%00', JSON.stringify({ name: 'a' }), 'query.q'],
        ['/things/1?q=%ED%A0%80', JSON.stringify({ name: 'a' }), 'query.q'],
      ];
      for (const [path, body, field] of cases) {
        const res = await post(path, body);
        expect(res.status, `${path} ${body}`).toBe(400);
        expect(res.type).toContain('application/problem+json');
        expect(res.body.type).toBe('urn:sw-registry:problem:validation');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect(ran).toBe(0);
      expect((await post('/things/1', JSON.stringify({ name: 'Nguyễn 😀', address: { line1: 'x' } }))).status).toBe(
        200,
      );
      expect(ran).toBe(1);
    });
  });
});
