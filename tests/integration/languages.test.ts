/**
 * The council chooses the languages it offers (any with a catalogue), its default, its time zone and
 * the Thai year; each person's choice is kept on their account. Bad choices name the field and
 * change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestAccount } from '../support/app.js';
import { LANGUAGES, languageMeta } from '../../api/shared/i18n.js';

let t: TestApp;
let admin: TestAccount;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signIn(['admin']);
});
afterAll(async () => {
  await t?.close();
});

const settings = async () => (await t.request('GET', '/api/v1/council/settings', { token: admin.accessToken })).body;

describe('languages and dates', () => {
  it('the public profile names the offered languages in themselves, default first, with the time zone', async () => {
    const res = await t.request('GET', '/api/v1/council');
    expect(res.status).toBe(200);
    expect(res.body.languages[0].code).toBe(res.body.defaultLocale);
    for (const l of res.body.languages) expect(l.name).toBe(languageMeta(l.code).name);
    expect(res.body.timeZone).toMatch(/^Asia\//);
    expect(res.body.buddhistEra).toBe(true);
  });

  it('an admin offers every language with a catalogue and sets the default, zone and Thai year', async () => {
    const before = await settings();
    expect(before.availableLanguages.map((l: { code: string }) => l.code)).toEqual(LANGUAGES);
    const changed = await t.request('PATCH', '/api/v1/council/settings', {
      token: admin.accessToken,
      body: {
        locales: [...LANGUAGES],
        defaultLocale: 'vi',
        settings: { timeZone: 'Asia/Bangkok', buddhistEra: false },
        version: before.version,
      },
    });
    expect(changed.status).toBe(200);
    const profile = (await t.request('GET', '/api/v1/council')).body;
    expect(profile.languages.map((l: { code: string }) => l.code)).toEqual([
      'vi',
      ...LANGUAGES.filter((l) => l !== 'vi'),
    ]);
    expect(profile.timeZone).toBe('Asia/Bangkok');
    expect(profile.buddhistEra).toBe(false);
  });

  it('refuses a language without a catalogue, a default not offered and an unknown zone, naming the field', async () => {
    const before = await settings();
    const cases: [object, string][] = [
      [{ locales: ['en', 'xx'] }, 'locales.1'],
      [{ locales: ['en'], defaultLocale: 'vi' }, 'defaultLocale'],
      [{ settings: { timeZone: 'Mars/Olympus_Mons' } }, 'settings.timeZone'],
      [{ settings: { buddhistEra: 'yes' } }, 'settings.buddhistEra'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('PATCH', '/api/v1/council/settings', {
        token: admin.accessToken,
        body: { ...body, version: before.version },
      });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const after = await settings();
    expect(after.version).toBe(before.version);
    expect(after.locales).toEqual(before.locales);
  });

  it("a person's own choice is kept on the account, among the languages offered", async () => {
    const worker = await t.signIn(['social_worker']);
    const chosen = await t.request('PUT', '/api/v1/auth/me/language', {
      token: worker.accessToken,
      body: { language: 'vi' },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.locale).toBe('vi');
    expect((await t.request('GET', '/api/v1/auth/me', { token: worker.accessToken })).body.locale).toBe('vi');

    const before = await settings();
    await t.request('PATCH', '/api/v1/council/settings', {
      token: admin.accessToken,
      body: { locales: ['en', 'vi'], defaultLocale: 'en', version: before.version },
    });
    const other = LANGUAGES.find((l) => l !== 'en' && l !== 'vi') ?? 'xx';
    const refused = await t.request('PUT', '/api/v1/auth/me/language', {
      token: worker.accessToken,
      body: { language: other },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('language');
    expect((await t.request('GET', '/api/v1/auth/me', { token: worker.accessToken })).body.locale).toBe('vi');
  });

  it('public pages answer in the language the browser prefers most (q-values, regional tags) and offer every other one by name', async () => {
    const before = await settings();
    await t.request('PATCH', '/api/v1/council/settings', {
      token: admin.accessToken,
      body: { locales: ['en', 'vi'], defaultLocale: 'en', version: before.version },
    });
    const langOf = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
    for (const [accept, expected] of [
      ['en;q=0.4, vi;q=0.9', 'vi'],
      ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
      ['fr-FR, en-GB;q=0.7, vi;q=0.5', 'en'],
      ['de, fr;q=0.5', 'en'],
      ['vi;q=0, en;q=0.1', 'en'],
    ] as const)
      for (const path of ['/verify', '/complaints', '/accredited-programmes'])
        expect(
          langOf((await t.request('GET', path, { headers: { 'accept-language': accept } })).text),
          `${path} ${accept}`,
        ).toBe(expected);
    const page = (await t.request('GET', '/verify?q=abc', { headers: { 'accept-language': 'vi' } })).text;
    expect(page).toContain('Tra cứu giấy phép hành nghề công tác xã hội');
    // The switcher names the other language in itself and keeps the query.
    expect(page).toMatch(/<a href="\/verify\?q=abc&amp;lang=en" hreflang="en" lang="en">English<\/a>/);
    expect(page).toContain('<strong lang="vi" aria-current="true">Tiếng Việt</strong>');
  });
});
