/**
 * What a browser on a slow connection receives: the admin UI's files as the brotli or gzip copy made
 * at build time, hashed assets cached for a year, and API answers of 1 KB or more compressed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../support/app.js';
import { ensureAdminUiBuilt } from '../../api/shared/admin-ui-build.js';

let t: TestApp;
beforeAll(async () => {
  ensureAdminUiBuilt();
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A GET that keeps the bytes as sent (fetch would decompress them). */
function get(path: string, acceptEncoding: string, token?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.get(
      new URL(path, t.baseUrl),
      {
        headers: {
          'accept-encoding': acceptEncoding,
          accept: 'text/html,application/json,*/*',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

describe('compression and caching', () => {
  it('sends the admin UI script as brotli or gzip made at build time, cached for a year; identity for clients that ask for it', async () => {
    const page = await get('/', 'identity');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body.toString())?.[1];
    expect(script).toBeDefined();

    const raw = await get(script!, 'identity');
    expect(raw.status).toBe(200);
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(raw.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const br = await get(script!, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(brotliDecompressSync(br.body).equals(raw.body)).toBe(true);
    expect(br.body.length).toBeLessThan(raw.body.length / 3);

    const gz = await get(script!, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(raw.body)).toBe(true);
  });

  it('compresses API answers of 1 KB or more, not small ones, and only for clients that accept it', async () => {
    const doc = await get('/api/openapi.json', 'br, gzip');
    expect(doc.status).toBe(200);
    expect(doc.headers['content-encoding']).toBe('br');
    const parsed = JSON.parse(brotliDecompressSync(doc.body).toString());
    expect(parsed.openapi).toBe('3.1.0');

    const gz = await get('/api/openapi.json', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString()).openapi).toBe('3.1.0');

    const plain = await get('/api/openapi.json', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString()).openapi).toBe('3.1.0');

    const small = await get('/livez', 'br, gzip');
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});
