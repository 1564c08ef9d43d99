import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { compactVerify, createLocalJWKSet } from 'jose';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { verifyCertificateToken } from '../../api/modules/certificates/index.js';
import { decodeQrFromPdf, embeddedFonts, mediaBox } from '../support/pdf-inspect.js';
import { aLicence, aLicenceNumber, aRateLimitWindow, aRenewal } from '../support/builders.js';
import type { LicenceStatus } from '../../api/modules/licences/index.js';

let t: TestApp;
let clock: ManualClock;
let registrar: TestAccount;

/** A social worker with a registrant record (Latin and Burmese names) and an active licence. */
async function holder(opts: { status?: LicenceStatus; fullNameNative?: string } = {}) {
  const a = await t.signIn(['social_worker']);
  const r = await t.request('POST', '/api/v1/registrants', {
    token: a.accessToken,
    body: {
      fullName: 'Kyaw Kyaw Thein',
      fullNameNative: opts.fullNameNative ?? 'ကျော်ကျော် သိန်း',
      dateOfBirth: '1990-02-03',
      sex: 'male',
      nationality: 'MM',
      nationalId: `12-ABC-${randomUUID().slice(0, 8)}`,
      email: a.email,
      region: 'Yangon',
      sector: 'social_welfare',
    },
  });
  expect(r.status).toBe(201);
  const licence = await aLicence(t, {
    registrantId: r.body.id,
    number: aLicenceNumber('MM-SW-26'),
    tierName: { en: 'Licensed social worker', vi: 'Nhân viên công tác xã hội' },
    protectedTitle: { en: 'Social Worker', vi: 'Nhân viên công tác xã hội' },
    status: opts.status ?? 'active',
    from: '2026-01-01',
    until: '2028-12-31',
  });
  return { account: a, registrantId: r.body.id as string, licenceId: licence.id, number: licence.number };
}

async function download(token: string, licenceId: string, kind = 'certificate') {
  const res = await fetch(`${t.baseUrl}/api/v1/licences/${licenceId}/certificates/${kind}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: any;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, bytes, body };
}

const tokenOf = (pdf: Buffer): string => {
  const qr = decodeQrFromPdf(pdf);
  expect(qr, 'a decodable QR code in the PDF').not.toBeNull();
  expect(qr!.data.startsWith('http://registry.test/verify?c=')).toBe(true);
  return qr!.data.slice('http://registry.test/verify?c='.length);
};

const issuances = (licenceId: string) =>
  t.sql(`select * from certificate_issuance where licence_id = ? order by kind, sequence`, [licenceId]);

beforeAll(async () => {
  clock = new ManualClock('2026-03-02T03:00:00Z');
  t = await startTestApp({ clock });
  registrar = await t.signIn(['registrar']);
});
afterAll(async () => {
  await t?.close();
});

describe('licence certificates and wallet cards', () => {
  it('a social worker downloads their certificate: the QR decodes to the signed URL, the token verifies with the published key, and one changed character breaks it', async () => {
    const h = await holder();
    const res = await download(h.account.accessToken, h.licenceId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`licence-certificate-${h.number}.pdf`);
    expect(res.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(mediaBox(res.bytes)).toEqual([0, 0, 841.89, 595.28]);
    // the native name is set in the Burmese font, embedded
    expect([...embeddedFonts(res.bytes).values()].map((f) => f.baseFont.split('+')[1])).toContain(
      'NotoSansMyanmar-Regular',
    );

    const token = tokenOf(res.bytes);
    const check = await verifyCertificateToken(t.deps.keys, token);
    expect(check).toMatchObject({
      valid: true,
      claims: { num: h.number, name: 'Kyaw Kyaw Thein', tier: 'licensed', vf: '2026-01-01', vu: '2028-12-31' },
    });

    // independently: the key published at /.well-known/jwks.json verifies it
    const jwks = await t.request('GET', '/.well-known/jwks.json');
    const verified = await compactVerify(token, createLocalJWKSet(jwks.body));
    expect(JSON.parse(new TextDecoder().decode(verified.payload)).num).toBe(h.number);

    // one character changed anywhere (payload or signature) → not valid
    for (const at of [token.indexOf('.') + 5, token.length - 10]) {
      const c = token[at] === 'A' ? 'B' : 'A';
      const tampered = token.slice(0, at) + c + token.slice(at + 1);
      expect((await verifyCertificateToken(t.deps.keys, tampered)).valid).toBe(false);
    }

    // counted once, with who, when, the key and the payload hash; audited in the same transaction
    const rows = await issuances(h.licenceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'certificate',
      sequence: 1,
      issued_by: h.account.id,
      reissue_reason: null,
      kid: check.valid ? check.kid : '',
      token,
    });
    expect(rows[0].payload_hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.sql(
      `select action, after from audit_event where entity_id = ? and action like 'certificate.%'`,
      [h.licenceId],
    );
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'certificate.issued',
        after: expect.objectContaining({ issuanceId: rows[0].id, kind: 'certificate', sequence: 1 }),
      }),
    ]);

    // downloading again prints the same issue; nothing new is counted
    const again = await download(h.account.accessToken, h.licenceId);
    expect(again.status).toBe(200);
    expect(tokenOf(again.bytes)).toBe(token);
    expect(again.headers.get('x-certificate-issuance')).toBe(rows[0].id);
    expect(await issuances(h.licenceId)).toHaveLength(1);
  });

  it('the wallet card is credit-card size and its QR verifies too', async () => {
    const h = await holder({ fullNameNative: 'ស្រីពៅ សុខា' });
    const res = await download(h.account.accessToken, h.licenceId, 'wallet-card');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`wallet-card-${h.number}.pdf`);
    const [, , w, hgt] = mediaBox(res.bytes);
    expect(w! / (72 / 25.4)).toBeCloseTo(85.6, 1);
    expect(hgt! / (72 / 25.4)).toBeCloseTo(53.98, 1);
    expect([...embeddedFonts(res.bytes).values()].map((f) => f.baseFont.split('+')[1])).toContain(
      'NotoSansKhmer-Regular',
    );
    const check = await verifyCertificateToken(t.deps.keys, tokenOf(res.bytes));
    expect(check).toMatchObject({ valid: true, claims: { num: h.number } });
    expect((await issuances(h.licenceId)).map((r: any) => [r.kind, r.sequence])).toEqual([['wallet_card', 1]]);
  });

  it('refuses, with the reason, licences that are not active or in grace, and writes nothing', async () => {
    for (const [status, words] of [
      ['suspended', 'suspended'],
      ['lapsed', 'lapsed'],
      ['revoked', 'revoked'],
      ['pending', 'not active yet'],
    ] as const) {
      const h = await holder({ status });
      const res = await download(h.account.accessToken, h.licenceId);
      expect(res.status, status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.detail).toContain(words);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
      const reissue = await t.request('POST', `/api/v1/licences/${h.licenceId}/certificates/wallet-card/reissue`, {
        token: registrar.accessToken,
        body: { reason: 'Card lost in a flood.' },
      });
      expect(reissue.status).toBe(422);
      expect(await issuances(h.licenceId)).toHaveLength(0);
    }
    const grace = await holder({ status: 'grace' });
    expect((await download(grace.account.accessToken, grace.licenceId)).status).toBe(200);
  });

  it('a social worker cannot download someone else’s certificate; a registrar can download anyone’s', async () => {
    const h = await holder();
    const other = await t.signIn(['social_worker']);
    const refused = await download(other.accessToken, h.licenceId);
    expect(refused.status).toBe(403);
    expect(await issuances(h.licenceId)).toHaveLength(0);
    const staff = await download(registrar.accessToken, h.licenceId);
    expect(staff.status).toBe(200);
    expect((await issuances(h.licenceId))[0].issued_by).toBe(registrar.id);
    expect((await download(registrar.accessToken, randomUUID())).status).toBe(404);
  });

  it('a registrar reissues with a reason: a new counted, audited issue that the next download prints', async () => {
    const h = await holder();
    const first = tokenOf((await download(h.account.accessToken, h.licenceId, 'wallet-card')).bytes);

    const noReason = await t.request('POST', `/api/v1/licences/${h.licenceId}/certificates/wallet-card/reissue`, {
      token: registrar.accessToken,
      body: { reason: ' ' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    const badKind = await t.request('POST', `/api/v1/licences/${h.licenceId}/certificates/badge/reissue`, {
      token: registrar.accessToken,
      body: { reason: 'Card lost in a flood.' },
    });
    expect(badKind.status).toBe(400);
    expect(await issuances(h.licenceId)).toHaveLength(1);

    clock.advance(60_000);
    const re = await t.request('POST', `/api/v1/licences/${h.licenceId}/certificates/wallet-card/reissue`, {
      token: registrar.accessToken,
      body: { reason: 'Card lost in a flood.' },
    });
    expect(re.status).toBe(201);
    expect(re.body).toMatchObject({
      licenceId: h.licenceId,
      kind: 'wallet_card',
      sequence: 2,
      issuedBy: registrar.id,
      reissueReason: 'Card lost in a flood.',
    });
    expect(re.body).not.toHaveProperty('token');

    const second = tokenOf((await download(h.account.accessToken, h.licenceId, 'wallet-card')).bytes);
    expect(second).not.toBe(first);
    expect(await verifyCertificateToken(t.deps.keys, second)).toMatchObject({ valid: true });

    const list = await t.request('GET', `/api/v1/licences/${h.licenceId}/certificates`, {
      token: registrar.accessToken,
    });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((i: any) => [i.sequence, i.reissueReason])).toEqual([
      [2, 'Card lost in a flood.'],
      [1, null],
    ]);
    const audit = await t.sql(
      `select action, after from audit_event where entity_id = ? and action = 'certificate.reissued'`,
      [h.licenceId],
    );
    expect(audit).toEqual([
      expect.objectContaining({ after: expect.objectContaining({ reason: 'Card lost in a flood.', sequence: 2 }) }),
    ]);
  });

  it('after a renewal or a name change the next download is a new issue with the new details', async () => {
    const h = await holder();
    await download(h.account.accessToken, h.licenceId);
    await aRenewal(t, h.licenceId, { from: '2029-01-01', until: '2031-12-31' });
    const renewed = await verifyCertificateToken(
      t.deps.keys,
      tokenOf((await download(h.account.accessToken, h.licenceId)).bytes),
    );
    expect(renewed).toMatchObject({ valid: true, claims: { vf: '2029-01-01', vu: '2031-12-31' } });
    await t.sql(`update registrant set full_name = 'Kyaw Kyaw Oo' where id = ?`, [h.registrantId]);
    const renamed = await verifyCertificateToken(
      t.deps.keys,
      tokenOf((await download(h.account.accessToken, h.licenceId)).bytes),
    );
    expect(renamed).toMatchObject({ valid: true, claims: { name: 'Kyaw Kyaw Oo' } });
    expect((await issuances(h.licenceId)).map((r: any) => r.sequence)).toEqual([1, 2, 3]);
  });

  it('a holder who has downloaded 60 times in ten minutes is told when to try again (429)', async () => {
    const h = await holder();
    await aRateLimitWindow(t, { key: `certificate:${h.account.id}`, windowStart: clock.now(), hits: 60 });
    const res = await download(h.account.accessToken, h.licenceId);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await issuances(h.licenceId)).toHaveLength(0);
    // staff printing in bulk have a larger allowance
    await aRateLimitWindow(t, { key: `certificate:${registrar.id}`, windowStart: clock.now(), hits: 60 });
    expect((await download(registrar.accessToken, h.licenceId)).status).toBe(200);
  });

  it('concurrent first downloads make exactly one issue', async () => {
    const h = await holder();
    const results = await Promise.all(Array.from({ length: 6 }, () => download(h.account.accessToken, h.licenceId)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const rows = await issuances(h.licenceId);
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => tokenOf(r.bytes)))).toEqual(new Set([rows[0].token]));
  });
});
