import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { ManualClock } from '../../api/shared/clock.js';
import { searchKey } from '../../api/shared/names.js';
import {
  findPublicLicences,
  flushVerificationCounts,
  lookupPublicLicence,
  normaliseLicenceNumberInput,
  publicReadPool,
  verificationJobs,
} from '../../api/modules/verification/index.js';
import { decodeQrFromPdf } from '../support/pdf-inspect.js';
import { aCondition, aLicence, aLicensee, aRateLimitWindow, aSanction } from '../support/builders.js';
import { luhnCheckDigit, type LicenceStatus } from '../../api/modules/licences/index.js';

let t: TestApp;
let clock: ManualClock;
let registrar: TestAccount;

const TODAY = '2026-03-02';
let seq = 0;

type Holder = {
  registrantId: string;
  licenceId: string;
  number: string;
  email: string;
  phone: string;
  dob: string;
  nationalIdLast4: string;
};

/** A person and a licence written straight to the tables (with contact details and identity data that must never leak). */
async function licence(
  opts: {
    name?: string;
    nativeName?: string | null;
    status?: LicenceStatus;
    tier?: string;
    statusSince?: string;
    validUntil?: string;
    number?: string;
  } = {},
): Promise<Holder> {
  const name = opts.name ?? 'Tran Thi Mai';
  const nativeName = opts.nativeName === undefined ? null : opts.nativeName;
  const email = `holder-${randomUUID().slice(0, 8)}@mail.example`;
  const phone = `+84 90 ${String(1000000 + ++seq).slice(1)}`;
  const dob = '1987-06-15';
  const nationalIdLast4 = String(4000 + seq).slice(-4);
  const number =
    opts.number ??
    `VN-SW-26-${String(100000 + ++seq)
      .slice(1)
      .padStart(6, '0')}-${seq % 10}`;
  const { registrantId, licenceId } = await aLicensee(t, {
    name,
    nativeName,
    dateOfBirth: dob,
    nationalIdLast4,
    email,
    phone,
    address: '12 Secret Street, Ha Noi',
    region: 'Ha Noi',
    sector: 'social_welfare',
    number,
    tier: opts.tier,
    tierName: { en: 'Licensed social worker', vi: 'Nhân viên công tác xã hội' },
    protectedTitle: { en: 'Social Worker', vi: 'Nhân viên CTXH' },
    status: opts.status ?? 'active',
    from: '2026-01-01',
    statusSince: opts.statusSince ?? '2026-01-01',
    until: opts.validUntil ?? '2028-12-31',
  });
  return { registrantId, licenceId, number, email, phone, dob, nationalIdLast4 };
}

async function sanction(h: Holder, opts: { published: boolean; text: string }) {
  await aSanction(t, {
    registrantId: h.registrantId,
    licenceId: h.licenceId,
    type: 'warning',
    publicText: opts.text,
    published: opts.published,
    from: '2026-02-01',
    until: '2027-02-01',
    decidedOn: TODAY,
  });
}

const lookup = (n: string) => t.request('GET', `/api/v1/public/licences/${encodeURIComponent(n)}`);
const search = (q: string) => t.request('GET', `/api/v1/public/licences?q=${encodeURIComponent(q)}`);

/** Every key path in a JSON value (array items share the path with []). */
function keyPaths(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x) => keyPaths(x, `${prefix}[]`));
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => [
      `${prefix}${prefix ? '.' : ''}${k}`,
      ...keyPaths(x, `${prefix}${prefix ? '.' : ''}${k}`),
    ]);
  return [];
}

/** The allowlist, written out by hand: a field added to the projection without being added here fails the test. */
const ALLOWED_PATHS = [
  'number',
  'name',
  'nameNative',
  'tier',
  'tier.code',
  'tier.name',
  'tier.title',
  'status',
  'practiseAllowed',
  'validFrom',
  'validUntil',
  'statusSince',
  'conditions',
  'conditions[].text',
  'conditions[].since',
  'sanctions',
  'sanctions[].type',
  'sanctions[].text',
  'sanctions[].from',
  'sanctions[].until',
];
const isAllowed = (p: string) => ALLOWED_PATHS.includes(p) || /^tier\.(name|title)\.[a-z]{2}$/.test(p);

beforeAll(async () => {
  clock = new ManualClock(`${TODAY}T03:00:00Z`);
  t = await startTestApp({ clock, env: { PUBLIC_LOOKUPS_PER_MINUTE: '100000', PUBLIC_SEARCHES_PER_MINUTE: '100000' } });
  registrar = await t.signIn(['registrar']);
});
afterAll(async () => {
  await t?.close();
});

describe('public lookup by number', () => {
  it('shows exactly the allowlisted fields (deep), and no identity, contact or internal data', async () => {
    const h = await licence({ name: 'Lê Thị Hồng', nativeName: null });
    await aCondition(t, {
      licenceId: h.licenceId,
      text: 'Practise only under supervision',
      startsOn: '2026-02-01',
      public: true,
    });
    await sanction(h, { published: true, text: 'Reprimand for record keeping' });
    const res = await lookup(h.number);
    expect(res.status).toBe(200);
    const paths = keyPaths(res.body);
    expect(paths.filter((p) => !isAllowed(p))).toEqual([]);
    // every allowlisted field is present (null where nothing to show)
    for (const k of [
      'number',
      'name',
      'nameNative',
      'tier',
      'status',
      'practiseAllowed',
      'validFrom',
      'validUntil',
      'statusSince',
      'conditions',
      'sanctions',
    ])
      expect(Object.keys(res.body)).toContain(k);
    expect(res.body).toEqual({
      number: h.number,
      name: 'Lê Thị Hồng',
      nameNative: null,
      tier: {
        code: 'licensed',
        name: { en: 'Licensed social worker', vi: 'Nhân viên công tác xã hội' },
        title: { en: 'Social Worker', vi: 'Nhân viên CTXH' },
      },
      status: 'active',
      practiseAllowed: true,
      validFrom: '2026-01-01',
      validUntil: '2028-12-31',
      statusSince: '2026-01-01',
      conditions: [{ text: 'Practise only under supervision', since: '2026-02-01' }],
      sanctions: [{ type: 'warning', text: 'Reprimand for record keeping', from: '2026-02-01', until: '2027-02-01' }],
    });
    for (const secret of [
      h.email,
      h.phone,
      h.dob,
      h.registrantId,
      h.licenceId,
      'Secret Street',
      'Private reasons',
      'Complainant Private',
      h.nationalIdLast4,
    ])
      expect(res.text).not.toContain(secret);
  });

  it('the same projection through findPublicLicences, for many numbers in one call, keyed by number; unknown and pending are absent', async () => {
    const a = await licence();
    const b = await licence({ status: 'suspended', statusSince: '2026-02-20' });
    const p = await licence({ status: 'pending' });
    const map = await findPublicLicences(
      t.deps.orm.em.fork() as never,
      [a.number, b.number, p.number, 'VN-SW-26-999999-9'],
      TODAY,
    );
    expect([...map.keys()].sort()).toEqual([a.number, b.number].sort());
    expect(map.get(b.number)).toMatchObject({ status: 'suspended', practiseAllowed: false, statusSince: '2026-02-20' });
    for (const v of map.values()) expect(keyPaths(v).filter((x) => !isAllowed(x))).toEqual([]);
  });

  it('lookups arriving together share one probe of the register, and each gets its own entry (or none)', async () => {
    const holders = [
      await licence({ name: 'Le Van Binh' }),
      await licence({ name: 'Pham Thi Lan', status: 'suspended', statusSince: '2026-02-20' }),
      await licence({ name: 'Do Minh Chau', status: 'pending' }),
    ];
    const pool = publicReadPool(t.deps);
    const statements: string[] = [];
    const counting = {
      query: (config: { name?: string; text: string; values: unknown[] }) => {
        statements.push(config.name ?? config.text);
        return pool.query(config);
      },
    };
    const asked = [holders[0]!.number, holders[1]!.number, holders[2]!.number, 'VN-SW-26-999999-9', holders[0]!.number];
    const answers = await Promise.all(asked.map((n) => lookupPublicLicence(counting, n, TODAY)));
    expect(statements.filter((s) => s.startsWith('public-register'))).toEqual(['public-register-many']);
    expect(answers.map((a) => a?.licence.name ?? null)).toEqual([
      'Le Van Binh',
      'Pham Thi Lan',
      null,
      null,
      'Le Van Binh',
    ]);
    expect(answers[1]!.licence.status).toBe('suspended');
    // Alone, a lookup is the single-number probe; over HTTP, concurrent requests get their own answers.
    statements.length = 0;
    expect((await lookupPublicLicence(counting, holders[1]!.number, TODAY))?.licence.name).toBe('Pham Thi Lan');
    expect(statements.filter((s) => s.startsWith('public-register'))).toEqual(['public-register-one']);
    const overHttp = await Promise.all(asked.map((n) => lookup(n)));
    expect(overHttp.map((r) => r.status)).toEqual([200, 200, 404, 404, 200]);
    expect(overHttp.map((r) => (r.status === 200 ? (r.body as { name: string }).name : null))).toEqual([
      'Le Van Binh',
      'Pham Thi Lan',
      null,
      null,
      'Le Van Binh',
    ]);
  });

  it('suspended, grace (with and without practice allowed) and lapsed licences are shown with their status', async () => {
    const s = await licence({ status: 'suspended', statusSince: '2026-02-20' });
    const g = await licence({ status: 'grace', statusSince: '2026-02-01', validUntil: '2026-01-31' });
    const l = await licence({ status: 'lapsed', statusSince: '2026-01-15', validUntil: '2025-12-15' });
    await t.sql(`update tier set renewal = jsonb_set(renewal, '{practiseInGrace}', 'false') where code = 'para'`);
    const gNo = await licence({ status: 'grace', tier: 'para', statusSince: '2026-02-01', validUntil: '2026-01-31' });
    expect((await lookup(s.number)).body).toMatchObject({
      status: 'suspended',
      practiseAllowed: false,
      statusSince: '2026-02-20',
    });
    expect((await lookup(g.number)).body).toMatchObject({
      status: 'grace',
      practiseAllowed: true,
      validUntil: '2026-01-31',
    });
    expect((await lookup(gNo.number)).body).toMatchObject({ status: 'grace', practiseAllowed: false });
    expect((await lookup(l.number)).body).toMatchObject({
      status: 'lapsed',
      practiseAllowed: false,
      validUntil: '2025-12-15',
    });
  });

  it('a published sanction is visible; an unpublished one, a private condition and an ended condition are not', async () => {
    const h = await licence();
    await sanction(h, { published: false, text: 'Not yet public' });
    await aCondition(t, {
      licenceId: h.licenceId,
      text: 'Private health condition',
      startsOn: '2026-02-01',
      public: false,
    });
    await aCondition(t, {
      licenceId: h.licenceId,
      text: 'Old condition',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      public: true,
    });
    let res = await lookup(h.number);
    expect(res.body.sanctions).toEqual([]);
    expect(res.body.conditions).toEqual([]);
    expect(res.text).not.toContain('Not yet public');
    expect(res.text).not.toContain('Private health');
    await sanction(h, { published: true, text: 'Now public' });
    res = await lookup(h.number);
    expect(res.body.sanctions).toEqual([
      { type: 'warning', text: 'Now public', from: '2026-02-01', until: '2027-02-01' },
    ]);
  });

  it('unknown, pending and well-formed-but-wrong numbers get the same 404; a malformed number gets 400 naming the field; input is normalised', async () => {
    const h = await licence();
    const p = await licence({ status: 'pending' });
    const unknown = await lookup('VN-SW-26-777777-1');
    const pending = await lookup(p.number);
    expect(unknown.status).toBe(404);
    expect(pending.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, requestId: undefined });
    expect(strip(pending.body)).toEqual(strip(unknown.body));
    expect(Object.keys(pending.body).sort()).toEqual(Object.keys(unknown.body).sort());

    const bad = await lookup('no such thing!');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'number' })]);

    // typed with spaces, lower case, full-width digits and a typographic dash
    const typed = ` ${h.number
      .toLowerCase()
      .replace(/-/, '–')
      .replace(/\d/, (d) => String.fromCodePoint(0xff10 + Number(d)))} `;
    expect(normaliseLicenceNumberInput(typed)).toBe(h.number);
    expect((await lookup(typed)).body.number).toBe(h.number);
  });

  it('the council allowlist hides optional fields (as null) and never the core ones', async () => {
    const h = await licence({ name: 'Somchai Jaidee', nativeName: 'สมชาย ใจดี' });
    await sanction(h, { published: true, text: 'Published warning' });
    const admin = await t.signIn(['admin']);
    const settings = await t.request('PATCH', '/api/v1/council/settings', {
      token: admin.accessToken,
      body: {
        settings: { publicRegisterFields: ['validUntil'] },
        version: (await t.request('GET', '/api/v1/council/settings', { token: admin.accessToken })).body.version,
      },
    });
    expect(settings.status).toBe(200);
    try {
      const res = await lookup(h.number);
      expect(res.body).toMatchObject({
        number: h.number,
        name: 'Somchai Jaidee',
        status: 'active',
        practiseAllowed: true,
        validUntil: '2028-12-31',
        nameNative: null,
        validFrom: null,
        statusSince: null,
        conditions: null,
        sanctions: null,
        tier: { code: 'licensed', title: null },
      });
      expect(res.text).not.toContain('Published warning');
      expect(res.text).not.toContain('สมชาย');
    } finally {
      await t.sql(`update council set settings = settings - 'publicRegisterFields'`);
    }
    expect((await lookup(h.number)).body.nameNative).toBe('สมชาย ใจดี');
  });
});

describe('public search by name', () => {
  it('when more than 20 names begin with what was typed, those come first, in name order; fewer, and names containing it are found too', async () => {
    const starting = Array.from({ length: 22 }, (_, i) => `Qwprefix Thi ${String.fromCodePoint(65 + i)}`);
    for (const name of starting) await licence({ name });
    await licence({ name: 'Aaa Qwprefix Inside' }); // contains the word; sorts before them all
    const thai = Array.from({ length: 21 }, (_, i) => `ฐฐฐ ทดสอบ ${i + 10}`);
    for (const [i, nativeName] of thai.entries()) await licence({ name: `Thai Person ${i}`, nativeName });

    const r = await search('qwprefix');
    expect(r.status).toBe(200);
    expect(r.body.truncated).toBe(true);
    expect(r.body.items.map((i: { name: string }) => i.name)).toEqual(starting.slice(0, 20));
    // Fewer than 21 begin with it: every name containing it, in name order.
    const few = await search('qwprefix thi a');
    expect(few.body.items.map((i: { name: string }) => i.name)).toEqual(['Qwprefix Thi A']);
    const inside = await search('qwprefix inside');
    expect(inside.body.items.map((i: { name: string }) => i.name)).toEqual(['Aaa Qwprefix Inside']);
    // The same in a native script, on the native name as written.
    const native = await search('ฐฐฐ ทดสอบ');
    expect(native.body.truncated).toBe(true);
    expect(native.body.items).toHaveLength(20);
    expect(native.body.items.every((i: { nameNative: string }) => i.nameNative.startsWith('ฐฐฐ ทดสอบ'))).toBe(true);
  });

  it('ignores case and Vietnamese diacritics, and finds native-script names (Thai, Khmer) as written', async () => {
    const vi = await licence({ name: 'Nguyễn Văn An' });
    const th = await licence({ name: 'Kittisak Wongsuwan', nativeName: 'กิตติศักดิ์ วงศ์สุวรรณ' });
    const km = await licence({ name: 'Sok Dara', nativeName: 'សុខ ដារ៉ា' });
    const numbersOf = (r: { body: { items: { number: string }[] } }) => r.body.items.map((i) => i.number);
    for (const q of ['Nguyen Van An', 'nguyễn văn an', 'NGUYEN VAN', 'van an']) {
      const r = await search(q);
      expect(r.status, q).toBe(200);
      expect(numbersOf(r), q).toContain(vi.number);
    }
    expect(numbersOf(await search('วงศ์สุวรรณ'))).toContain(th.number);
    expect(numbersOf(await search('Kittisak'))).toContain(th.number);
    expect(numbersOf(await search('ដារ៉ា'))).toContain(km.number);
    expect(numbersOf(await search('Nguyen Van Binh'))).not.toContain(vi.number);
    const item = (await search('Nguyen Van An')).body.items.find((i: { number: string }) => i.number === vi.number);
    expect(keyPaths(item).filter((x) => !isAllowed(x))).toEqual([]);
    expect(item.name).toBe('Nguyễn Văn An');
  });

  it('needs at least 3 letters and no wildcards; results are capped at 20 and ordered by name; pending licences are not listed', async () => {
    for (const q of ['ab', ' a ', '%%%', 'Ngu%', 'a*b*c']) {
      const r = await search(q);
      expect(r.status, q).toBe(400);
      expect(r.body.errors[0].field, q).toMatch(/q$/);
    }
    expect((await t.request('GET', '/api/v1/public/licences')).status).toBe(400);
    const names = Array.from(
      { length: 25 },
      (_, i) => `Zyxcapped Person ${String.fromCodePoint(65 + ((i * 7) % 25))}${i}`,
    );
    for (const name of names) await licence({ name });
    const hidden = await licence({ name: 'Zyxcapped Aaaa Pending', status: 'pending' });
    const r = await search('zyxcapped');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(20);
    expect(r.body.truncated).toBe(true);
    const got = r.body.items.map((i: { name: string }) => i.name);
    expect(got).toEqual([...names].sort((a, b) => searchKey(a).localeCompare(searchKey(b), 'en')).slice(0, 20));
    expect(r.body.items.map((i: { number: string }) => i.number)).not.toContain(hidden.number);
  });
});

describe('verification pages', () => {
  it('/verify and /verify/{number} render the entry without JavaScript, in English and Vietnamese, with the council name and domain', async () => {
    const h = await licence({ name: 'Phạm Minh Châu', status: 'suspended', statusSince: '2026-02-20' });
    const council = (await t.request('GET', '/api/v1/council')).body;
    const en = await t.request('GET', `/verify?q=${encodeURIComponent(h.number.toLowerCase())}&lang=en`);
    expect(en.status).toBe(200);
    expect(en.headers.get('content-type')).toContain('text/html');
    expect(en.text).not.toContain('<script');
    expect(en.text).toContain(council.name);
    expect(en.text).toContain(council.domain);
    expect(en.text).toContain('Phạm Minh Châu');
    expect(en.text).toContain('Suspended');
    expect(en.text).toContain('May not practise');
    expect(en.text).toContain('20 February 2026');
    const vi = await t.request('GET', `/verify/${h.number}?lang=vi`);
    expect(vi.status).toBe(200);
    expect(vi.text).toContain('Bị đình chỉ');
    expect(vi.text).toContain('Không được phép hành nghề');
    expect(Buffer.byteLength(vi.text)).toBeLessThan(12_000);
  });

  it('a number not on the register: 404 page; a wrong check digit gets a typing hint; a name search lists matches', async () => {
    const good = `VN-SW-26-000123-${luhnCheckDigit('26000123')}`;
    const wrong = `VN-SW-26-000123-${(luhnCheckDigit('26000123') + 1) % 10}`;
    const nf = await t.request('GET', `/verify/${good}?lang=en`);
    expect(nf.status).toBe(404);
    expect(nf.text).toContain('No licence with this number is on the register.');
    expect(nf.text).not.toContain('typing errors');
    const typo = await t.request('GET', `/verify/${wrong}?lang=en`);
    expect(typo.status).toBe(404);
    expect(typo.text).toContain('Check the number for typing errors');
    const h = await licence({ name: 'Đặng Quốc Bảo' });
    const list = await t.request('GET', `/verify?q=${encodeURIComponent('dang quoc bao')}&lang=en`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Đặng Quốc Bảo');
    expect(list.text).toContain(`href="/verify/${h.number}?lang=en"`);
    const short = await t.request('GET', '/verify?q=ab&lang=en');
    expect(short.status).toBe(400);
    expect(short.text).toContain('at least 3 letters');
  });
});

describe('verification counts', () => {
  it('counts public lookups per licence without storing who, flushed to the database; staff read the count', async () => {
    const h = await licence();
    const other = await licence();
    for (let i = 0; i < 3; i++) expect((await lookup(h.number)).status).toBe(200);
    await t.request('GET', `/verify/${h.number}`);
    await lookup(other.number);
    await lookup('VN-SW-26-888888-8');
    await flushVerificationCounts(t.deps);
    const res = await t.request('GET', `/api/v1/licences/${h.licenceId}/verification-count`, {
      token: registrar.accessToken,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ total: 4, last30Days: 4, byDay: [{ day: TODAY, count: 4 }] });
    const rows = await t.sql(`select * from licence_verification_count where number = ?`, [h.number]);
    expect(Object.keys(rows[0]).sort()).toEqual(['count', 'day', 'number']);
    // more lookups add to the same row
    await lookup(h.number);
    await flushVerificationCounts(t.deps);
    expect(
      (await t.request('GET', `/api/v1/licences/${h.licenceId}/verification-count`, { token: registrar.accessToken }))
        .body.total,
    ).toBe(5);
    // a licence deleted outright takes its counts with it (same transaction), and only its own
    expect(
      (await t.sql(`select count(*)::int as n from licence_verification_count where number = ?`, [other.number]))[0],
    ).toEqual({ n: 1 });
    for (const table of ['licence_event', 'licence_period'])
      await t.sql(`delete from ${table} where licence_id = ?`, [other.licenceId]);
    await t.sql(`delete from licence where id = ?`, [other.licenceId]);
    expect(await t.sql(`select * from licence_verification_count where number = ?`, [other.number])).toEqual([]);
    expect((await t.sql(`select * from licence_verification_count where number = ?`, [h.number])).length).toBe(1);
    // the public cannot read it
    expect((await t.request('GET', `/api/v1/licences/${h.licenceId}/verification-count`)).status).toBe(401);
    const sw = await t.signIn(['social_worker']);
    expect(
      (await t.request('GET', `/api/v1/licences/${h.licenceId}/verification-count`, { token: sw.accessToken })).status,
    ).toBe(403);
  });
});

describe('RateLimit headers', () => {
  it('each lookup, search and page says what is left of its limit; a 429 says nothing is, until Retry-After', async () => {
    const env = { PUBLIC_LOOKUPS_PER_MINUTE: '3', PUBLIC_SEARCHES_PER_MINUTE: '2' };
    const a = await startTestApp({ clock: new ManualClock(`${TODAY}T06:00:00Z`), env });
    try {
      const prev = t;
      t = a;
      const h = await licence();
      t = prev;
      const seen = (r: { status: number; headers: Headers }) => [
        r.status,
        r.headers.get('ratelimit-policy'),
        r.headers.get('ratelimit'),
      ];
      const lookups = [];
      for (let i = 0; i < 2; i++) lookups.push(seen(await a.request('GET', `/api/v1/public/licences/${h.number}`)));
      lookups.push(seen(await a.request('GET', '/api/v1/public/licences/VN-SW-26-888888-8'))); // not found counts too
      const refused = await a.request('GET', `/api/v1/public/licences/${h.number}`);
      expect(lookups).toEqual([
        [200, '"pub-lookup";q=3;w=60', '"pub-lookup";r=2;t=60'],
        [200, '"pub-lookup";q=3;w=60', '"pub-lookup";r=1;t=60'],
        [404, '"pub-lookup";q=3;w=60', '"pub-lookup";r=0;t=60'],
      ]);
      expect(seen(refused)).toEqual([429, '"pub-lookup";q=3;w=60', '"pub-lookup";r=0;t=60']);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      // the page shares the lookup limit and says the same
      expect(seen(await a.request('GET', `/verify/${h.number}?lang=en`))).toEqual([
        429,
        '"pub-lookup";q=3;w=60',
        '"pub-lookup";r=0;t=60',
      ]);

      const searches = [];
      for (let i = 0; i < 3; i++) searches.push(seen(await a.request('GET', '/api/v1/public/licences?q=tran')));
      expect(searches).toEqual([
        [200, '"pub-search";q=2;w=60', '"pub-search";r=1;t=60'],
        [200, '"pub-search";q=2;w=60', '"pub-search";r=0;t=60'],
        [429, '"pub-search";q=2;w=60', '"pub-search";r=0;t=60'],
      ]);
    } finally {
      await a.close();
    }
  });
});

describe('rate limits across instances', () => {
  it('a client over the limit gets 429 with Retry-After from either instance; the limit holds across both; a new minute opens it again', async () => {
    const env = { PUBLIC_LOOKUPS_PER_MINUTE: '30', PUBLIC_SEARCHES_PER_MINUTE: '6', RATE_LIMIT_LEASE: '5' };
    const c1 = new ManualClock(`${TODAY}T05:00:00Z`);
    const c2 = new ManualClock(`${TODAY}T05:00:00Z`);
    const a = await startTestApp({ clock: c1, env });
    const b = await startTestApp({ clock: c2, env, databaseUrl: a.databaseUrl });
    try {
      const prev = t;
      t = a;
      const h = await licence();
      t = prev;
      const statuses: number[] = [];
      let limited: Awaited<ReturnType<TestApp['request']>> | null = null;
      for (let i = 0; i < 60; i++) {
        const app = i % 2 ? b : a;
        const r = await app.request('GET', `/api/v1/public/licences/${h.number}`);
        statuses.push(r.status);
        if (r.status === 429) limited ??= r;
      }
      const ok = statuses.filter((s) => s === 200).length;
      expect(ok).toBeLessThanOrEqual(30);
      expect(ok).toBeGreaterThanOrEqual(30 - 2 * 5);
      expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
      expect(limited!.headers.get('content-type')).toContain('application/problem+json');
      expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      // the pages share the limit and answer with a friendly page
      const page = await b.request('GET', `/verify/${h.number}?lang=en`);
      expect(page.status).toBe(429);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.text).toContain('Please wait');
      expect(page.headers.get('retry-after')).toBeTruthy();
      // the bucket in PostgreSQL saw at most 30 + one lease per instance
      const [bucket] = await a.sql(`select hits from rate_limit_bucket where key like 'pub-lookup:%'`);
      expect(bucket.hits).toBeLessThanOrEqual(30 + 2 * 5);
      // name searches have their own (lower) limit
      const searches: number[] = [];
      for (let i = 0; i < 12; i++)
        searches.push((await (i % 2 ? b : a).request('GET', '/api/v1/public/licences?q=tran')).status);
      expect(searches.filter((s) => s === 200).length).toBeLessThanOrEqual(6);
      expect(searches.filter((s) => s === 429).length).toBeGreaterThanOrEqual(6);
      // the next minute
      c1.advance(61_000);
      c2.advance(61_000);
      expect((await a.request('GET', `/api/v1/public/licences/${h.number}`)).status).toBe(200);
      expect((await b.request('GET', `/api/v1/public/licences/${h.number}`)).status).toBe(200);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('rate-limit housekeeping', () => {
  it('the hourly job removes rate-limit rows of past windows and leaves those that may still count', async () => {
    const now = clock.now();
    const old = new Date(now.getTime() - 2 * 3600_000);
    const dayOld = new Date(now.getTime() - 26 * 3600_000);
    await aRateLimitWindow(t, { key: 'pub-lookup:203.0.113.9', windowStart: old, hits: 5 });
    await aRateLimitWindow(t, { key: 'pub-search:203.0.113.9', windowStart: now, hits: 2 });
    await aRateLimitWindow(t, { key: 'sign-in:someone@example.org', windowStart: old, hits: 3 });
    await aRateLimitWindow(t, { key: 'complaint:ip:203.0.113.9', windowStart: dayOld, hits: 4 });
    const job = verificationJobs(t.deps).find((j) => j.name === 'public-rate-limit-cleanup')!;
    const counts = await job.run({ slot: now, now });
    expect(counts.removed).toBeGreaterThanOrEqual(1);
    const keys = (
      await t.sql<{ key: string }>(
        `select key from rate_limit_bucket where key like '%203.0.113.9' or key like 'sign-in:someone%'`,
      )
    )
      .map((r) => r.key)
      .sort();
    expect(keys).toEqual(['pub-search:203.0.113.9', 'sign-in:someone@example.org']);
  });
});

describe('certificate check', () => {
  /** A holder registered through the API (so they can download their own certificate). */
  async function holderWithAccount() {
    const a = await t.signIn(['social_worker']);
    const r = await t.request('POST', '/api/v1/registrants', {
      token: a.accessToken,
      body: {
        fullName: 'Vũ Thị Lan',
        fullNameNative: null,
        dateOfBirth: '1991-04-05',
        sex: 'female',
        nationality: 'VN',
        nationalId: `0790${randomUUID().replace(/\D/g, '').slice(0, 8)}`,
        email: a.email,
        region: 'Hue',
        sector: 'social_welfare',
      },
    });
    expect(r.status).toBe(201);
    const number = `VN-SW-26-${String(200000 + ++seq)
      .slice(1)
      .padStart(6, '0')}-${seq % 10}`;
    const { id: licenceId } = await aLicence(t, {
      registrantId: r.body.id,
      number,
      tierName: { en: 'Licensed social worker' },
      protectedTitle: { en: 'Social Worker' },
      from: '2026-01-01',
      until: '2028-12-31',
    });
    return { account: a, licenceId, number };
  }
  async function issuedToken(h: { account: TestAccount; licenceId: string }): Promise<{ url: string; token: string }> {
    const res = await fetch(`${t.baseUrl}/api/v1/licences/${h.licenceId}/certificates/certificate`, {
      headers: { authorization: `Bearer ${h.account.accessToken}` },
    });
    expect(res.status).toBe(200);
    const qr = decodeQrFromPdf(Buffer.from(await res.arrayBuffer()));
    expect(qr).not.toBeNull();
    const url = new URL(qr!.data);
    return { url: qr!.data, token: url.searchParams.get('c')! };
  }
  const verifyPage = (token: string, lang = 'en') =>
    t.request('GET', `/verify?c=${encodeURIComponent(token)}&lang=${lang}`);

  it('a real certificate verifies on /verify?c=…; one changed character fails; a licence suspended after issue shows "suspended since"', async () => {
    const h = await holderWithAccount();
    const { url, token } = await issuedToken(h);
    expect(url.startsWith('http://registry.test/verify?c=')).toBe(true);
    const council = (await t.request('GET', '/api/v1/council')).body;

    const ok = await verifyPage(token);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Valid when issued; still valid today');
    expect(ok.text).toContain(h.number);
    expect(ok.text).toContain('Vũ Thị Lan');
    expect(ok.text).not.toContain('Signature does not match');

    // one character changed in the payload, and in the signature
    const [head, payload, sig] = token.split('.') as [string, string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const bad of [`${head}.${flip(payload, 12)}.${sig}`, `${head}.${payload}.${flip(sig, 5)}`]) {
      const r = await verifyPage(bad);
      expect(r.text).toContain(
        `Signature does not match: this certificate was altered or not issued by ${council.name}`,
      );
      expect(r.text).not.toContain('Valid when issued');
    }
    const vi = await verifyPage(`${head}.${flip(payload, 12)}.${sig}`, 'vi');
    expect(vi.text).toContain('Chữ ký không khớp');

    // suspended after issue
    const lic = await t.request('GET', `/api/v1/licences/${h.licenceId}`, { token: registrar.accessToken });
    const s = await t.request('POST', `/api/v1/licences/${h.licenceId}/status`, {
      token: registrar.accessToken,
      body: { to: 'suspended', effectiveDate: TODAY, reason: 'Interim order of the panel', version: lic.body.version },
    });
    expect(s.status).toBe(200);
    const after = await verifyPage(token);
    expect(after.status).toBe(200);
    expect(after.text).toContain('Valid when issued; suspended since 2 March 2026');
    const afterVi = await verifyPage(token, 'vi');
    expect(afterVi.text).toContain('Hợp lệ khi cấp; bị đình chỉ từ 2 tháng 3, 2026');
  });

  it('the offline script in docs/verification.md verifies a real certificate with the published JWKS and rejects a changed one; so do the OpenSSL steps', async () => {
    const h = await holderWithAccount();
    const { url, token } = await issuedToken(h);
    const doc = readFileSync(path.resolve('docs/verification.md'), 'utf8');
    const script = /```js\n([\s\S]*?)```/.exec(doc)![1]!;
    const dir = path.resolve('node_modules/.cache/verification-test');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'verify-certificate.mjs'), script);
    writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify((await t.request('GET', '/.well-known/jwks.json')).body));
    const node = process.execPath;
    const run = (arg: string) =>
      spawnSync(node, ['verify-certificate.mjs', 'jwks.json', arg], { cwd: dir, encoding: 'utf8' });
    const good = run(url);
    expect(good.status, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({
      valid: true,
      num: h.number,
      name: 'Vũ Thị Lan',
      tier: 'licensed',
      vf: '2026-01-01',
      vu: '2028-12-31',
    });
    const [head, payload, sig] = token.split('.') as [string, string, string];
    const tampered = `${head}.${payload.slice(0, 20)}${payload[20] === 'x' ? 'y' : 'x'}${payload.slice(21)}.${sig}`;
    const bad = run(tampered);
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).valid).toBe(false);

    // the shell + OpenSSL steps, as documented
    const shell = /```sh\nTOKEN=[\s\S]*?```/
      .exec(doc)![0]
      .replace(/^```sh\n/, '')
      .replace(/```$/, '');
    const sh = (tok: string) =>
      spawnSync('bash', ['-c', shell.replace("TOKEN='<the code>'", `TOKEN='${tok}'`)], { cwd: dir, encoding: 'utf8' });
    const okSh = sh(token);
    expect(okSh.stdout + okSh.stderr).toContain('Signature Verified Successfully');
    expect(okSh.stdout).toContain(h.number);
    const badSh = sh(`${head}.${payload}.${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`);
    expect(badSh.stdout + badSh.stderr).not.toContain('Signature Verified Successfully');
    expect(execFileSync('openssl', ['version'], { encoding: 'utf8' })).toMatch(/^OpenSSL 3/);
  });

  it('after the certificate key rotates, a certificate signed with the older key still verifies', async () => {
    const h = await holderWithAccount();
    const old = await issuedToken(h);
    const oldKid = JSON.parse(Buffer.from(old.token.split('.')[0]!, 'base64url').toString()).kid;
    clock.advance(400 * 86400_000);
    const fresh = await issuedToken(await holderWithAccount());
    const newKid = JSON.parse(Buffer.from(fresh.token.split('.')[0]!, 'base64url').toString()).kid;
    expect(newKid).not.toBe(oldKid);
    const r = await verifyPage(old.token);
    expect(r.text).toContain('Valid when issued');
    expect(r.text).not.toContain('Signature does not match');
    expect((await verifyPage(fresh.token)).text).toContain('Valid when issued');
  });
});
