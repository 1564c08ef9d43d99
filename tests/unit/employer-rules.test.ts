import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import {
  generateApiKey,
  hashSecret,
  numbersFromCsv,
  parseApiKey,
  retryableStatus,
  secretMatches,
  signWebhook,
  verifyWebhookSignature,
  webhookBackoffMs,
  webhookUrlProblem,
} from '../../api/modules/employers/employer.rules.js';
import { renderEmail } from '../../api/modules/notifications/templates.js';
import { csvField } from '../../api/shared/csv.js';

describe('API keys', () => {
  it('are swk_<16-char id>_<256-bit secret>, parse back, and match only their own hash', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.token).toMatch(/^swk_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(a.keyId).not.toBe(b.keyId);
    expect(parseApiKey(a.token)).toEqual({ keyId: a.keyId, secret: a.secret });
    expect(a.secretHash).toBe(hashSecret(a.secret));
    expect(secretMatches(a.secret, a.secretHash)).toBe(true);
    expect(secretMatches(b.secret, a.secretHash)).toBe(false);
    for (const bad of ['swk_short_x', `swk_${a.keyId}_${a.secret}x`, `SWK_${a.keyId}_${a.secret}`, a.secret])
      expect(parseApiKey(bad)).toBeNull();
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"1","type":"licence.status_changed"}';
  it('are HMAC-SHA256 over "<t>.<body>", checked in a five-minute window', () => {
    const header = signWebhook(secret, body, 1_800_000_000);
    expect(header).toBe(`t=1800000000,v1=${createHmac('sha256', secret).update(`1800000000.${body}`).digest('hex')}`);
    expect(verifyWebhookSignature(secret, body, header, 1_800_000_100)).toBe(true);
    expect(verifyWebhookSignature(secret, body, header, 1_800_000_301)).toBe(false); // too old: a replay
    expect(verifyWebhookSignature('whsec_other', body, header, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature(secret, body.replace('1', '2'), header, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature(secret, body, 'v1=00', 1_800_000_000)).toBe(false);
  });

  it('back off 1, 2, 4 … minutes up to six hours, retrying only what may succeed later', () => {
    expect([1, 2, 3, 4].map(webhookBackoffMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(webhookBackoffMs(20)).toBe(6 * 3600_000);
    expect([null, 408, 429, 500, 503].every(retryableStatus)).toBe(true);
    expect([400, 401, 404, 410, 302].some(retryableStatus)).toBe(false);
  });

  it('go only to acceptable URLs', () => {
    expect(webhookUrlProblem('not a url', false)).toBe('is not a URL');
    expect(webhookUrlProblem('ftp://hooks.example/x', false)).toBe('must use https or http');
    expect(webhookUrlProblem('https://u:p@hooks.example/x', false)).toBe('must not contain credentials');
    expect(webhookUrlProblem('https://localhost/x', true)).toBe('must be a public address');
    expect(webhookUrlProblem('https://[::1]/x', true)).toBe('must be a public address');
    expect(webhookUrlProblem('https://192.168.1.2/x', true)).toBe('must be a public address');
    expect(webhookUrlProblem('https://hooks.example/x#frag', true)).toBe('must not contain a fragment');
  });
});

describe('CSV', () => {
  it('reads a number column, or else one number per line', () => {
    expect(numbersFromCsv('Staff ID,Licence number\n1,VN-1\n2,"VN-2"\n3,\n')).toEqual(['VN-1', 'VN-2']);
    expect(numbersFromCsv('VN-1\r\n\r\nVN-2,ignored\n')).toEqual(['VN-1', 'VN-2']);
  });
  it('writes fields quoted when needed, with formulas neutralised', () => {
    expect(csvField('Nguyễn, "An"')).toBe('"Nguyễn, ""An"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(null)).toBe('');
  });
});

describe('watchlist e-mails', () => {
  const base = {
    councilName: 'Council',
    organisationName: 'Agency <b>',
    number: 'VN-1',
    holder: 'An',
    link: 'https://r.example/verify/VN-1',
    date: '2027-03-01',
  };
  it('exist in English and Vietnamese and escape variables in HTML', () => {
    for (const locale of ['en', 'vi']) {
      const status = renderEmail('employer-watch-status', locale, { ...base, from: 'active', to: 'suspended' });
      expect(status.locale).toBe(locale);
      expect(status.html).toContain('Agency &lt;b&gt;');
      expect(status.text).toContain('Agency <b>');
      for (const name of ['employer-watch-condition-added', 'employer-watch-condition-ended']) {
        const m = renderEmail(name, locale, { ...base, condition: 'Under <supervision>' });
        expect(m.html).toContain('Under &lt;supervision&gt;');
        for (const part of [m.subject, m.text, m.html]) expect(part).not.toMatch(/\{\{|\}\}/);
      }
    }
  });
});

describe('webhook sending', () => {
  it('in production, refuses a host that resolves to a private address before connecting; otherwise posts and answers the status', async () => {
    const { postWebhook } = await import('../../api/modules/employers/employer.jobs.js');
    const http = await import('node:http');
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        received.push(b);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as import('node:net').AddressInfo).port;
    try {
      // "localhost" passes a hostname-only check in some forms (e.g. a public name pointing at 127.0.0.1): the address is what counts
      await expect(postWebhook(`http://localhost:${port}/hook`, {}, '{"a":1}', 2000, true)).rejects.toMatchObject({
        code: 'EPRIVATE',
      });
      expect(received).toEqual([]);
      expect(
        await postWebhook(
          `http://localhost:${port}/hook`,
          { 'content-type': 'application/json' },
          '{"a":1}',
          2000,
          false,
        ),
      ).toBe(204);
      expect(received).toEqual(['{"a":1}']);
    } finally {
      server.close();
    }
  });
});
