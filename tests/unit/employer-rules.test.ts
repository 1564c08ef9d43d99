import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import {
  generateApiKey,
  hashSecret,
  nonPublicAddressReason,
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
    expect(webhookUrlProblem('https://localhost/x', true)).toBe('must be a public address: localhost is a local name');
    expect(webhookUrlProblem('https://hooks.localhost./x', true)).toMatch(/^must be a public address/);
    expect(webhookUrlProblem('https://[::1]/x', true)).toBe('must be a public address: ::1 is loopback (::1/128)');
    expect(webhookUrlProblem('https://192.168.1.2/x', true)).toMatch(/^must be a public address/);
    expect(webhookUrlProblem('https://hooks.example/x#frag', true)).toBe('must not contain a fragment');
  });

  it('in production refuse IP literals in special-purpose ranges, however the URL writes them', () => {
    for (const url of [
      'https://[::127.0.0.1]/x', // IPv4-compatible ::7f00:1
      'https://[::ffff:127.0.0.1]/x',
      'https://198.18.0.1/x',
      'https://192.0.0.1/x',
      'https://2130706433/x', // 127.0.0.1 as one number
      'https://0x7f.1/x',
      'https://[64:ff9b::10.0.0.1]/x',
      'https://[2002:c0a8:0101::1]/x', // 6to4 of 192.168.1.1
      'https://[fe80::1]/x',
    ])
      expect(webhookUrlProblem(url, true), url).toMatch(/^must be a public address: /);
    expect(webhookUrlProblem('https://[::127.0.0.1]/x', true)).toBe(
      'must be a public address: ::7f00:1 is IPv4-compatible (deprecated) (::/96)',
    );
    expect(webhookUrlProblem('https://93.184.215.14/x', true)).toBeNull();
    expect(webhookUrlProblem('https://[2606:4700:4700::1111]/x', true)).toBeNull();
    // outside production, local receivers stay allowed (development and tests post to them)
    expect(webhookUrlProblem('https://[::127.0.0.1]/x', false)).toBeNull();
  });
});

describe('webhook address policy', () => {
  // [address, blocked?] over the IANA IPv4 and IPv6 special-purpose registries and their edges
  const table: [string, boolean][] = [
    ['0.0.0.0', true],
    ['0.255.255.255', true],
    ['10.0.0.1', true],
    ['100.63.255.255', false],
    ['100.64.0.1', true],
    ['100.127.255.255', true],
    ['100.128.0.0', false],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['169.254.169.254', true],
    ['172.15.255.255', false],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.0', false],
    ['192.0.0.1', true],
    ['192.0.0.9', true],
    ['192.0.2.1', true],
    ['192.31.196.1', true],
    ['192.52.193.1', true],
    ['192.88.99.1', true],
    ['192.168.1.1', true],
    ['192.175.48.1', true],
    ['198.17.255.255', false],
    ['198.18.0.1', true],
    ['198.19.255.255', true],
    ['198.20.0.0', false],
    ['198.51.100.7', true],
    ['203.0.113.9', true],
    ['224.0.0.1', true],
    ['239.255.255.250', true],
    ['240.0.0.1', true],
    ['255.255.255.255', true],
    ['1.1.1.1', false],
    ['8.8.8.8', false],
    ['93.184.215.14', false],
    ['::', true],
    ['::1', true],
    ['::7f00:1', true],
    ['::8.8.8.8', true],
    ['::ffff:7f00:1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.1.2.3', true],
    ['::ffff:8.8.8.8', false],
    ['::ffff:0:8.8.8.8', true],
    ['64:ff9b::7f00:1', true],
    ['64:ff9b::192.168.0.1', true],
    ['64:ff9b::8.8.8.8', false],
    ['64:ff9b:1::8.8.8.8', false],
    ['64:ff9b:1::a00:1', true],
    ['64:ff9b:1:ab::8.8.8.8', true],
    ['100::1', true],
    ['100:0:0:1::1', true],
    ['2001::1', true],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', true],
    ['2001:1::1', true],
    ['2001:2::1', true],
    ['2001:10::1', true],
    ['2001:1ff:ffff::1', true],
    ['2001:200::1', false],
    ['2001:db8::1', true],
    ['2001:db8:ffff::1', true],
    ['2002:7f00:1::1', true],
    ['2002:c0a8:101::1', true],
    ['2002:808:808::1', false],
    ['2620:4f:8000::1', true],
    ['3fff::1', true],
    ['5f00::1', true],
    ['fc00::1', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['fe80::1%eth0', true],
    ['febf::1', true],
    ['fec0::1', true],
    ['ff02::1', true],
    ['ff0e::1', true],
    ['4000::1', true],
    ['1fff::1', true],
    ['2001:4860:4860::8888', false],
    ['2606:4700:4700::1111', false],
    ['2a00:1450:4001:80b::200e', false],
  ];
  it.each(table)('%s blocked: %s', (address, blocked) => {
    expect(nonPublicAddressReason(address) !== null).toBe(blocked);
  });

  it('names the range, and judges the IPv4 address inside mapped, NAT64 and 6to4 addresses', () => {
    expect(nonPublicAddressReason('127.0.0.1')).toBe('loopback (127.0.0.0/8)');
    expect(nonPublicAddressReason('::ffff:7f00:1')).toBe(
      'IPv4-mapped (::ffff:0:0/96) of 127.0.0.1, which is loopback (127.0.0.0/8)',
    );
    expect(nonPublicAddressReason('2002:c0a8:101::1')).toBe(
      '6to4 (2002::/16) of 192.168.1.1, which is private-use (192.168.0.0/16)',
    );
    expect(nonPublicAddressReason('64:ff9b:1:ab::8.8.8.8')).toMatch(/without the IPv4 address in its last 32 bits/);
    expect(nonPublicAddressReason('hooks.example')).toBe('not an IP address');
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
