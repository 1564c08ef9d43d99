/**
 * Every language of the registry, in a real browser: the sign-in page follows the browser's
 * language, and a registrar and a social worker who choose a language in the menu find no English
 * interface text on their main screens (names and data typed by people are theirs, and allowed);
 * the public register's /verify page answers in each language; text in the region's own scripts is
 * drawn with a font of that script (Chromium reports the platform fonts it shaped each text with).
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { LANGUAGES, catalogueOf, languageMeta, messageKeys, t } from '../../api/shared/i18n.js';
import { totpCode } from '../../api/modules/auth/index.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.seeder.js';
import { useDemoRegistryInBrowser } from './browser.js';

const ctx = useDemoRegistryInBrowser();
const OTHER_LANGUAGES = LANGUAGES.filter((l) => l !== 'en');

type Messages = { [key: string]: string | Messages };
const english = catalogueOf('en') as unknown as Messages;
const lookup = (m: Messages, key: string): string | undefined => {
  let node: string | Messages | undefined = m;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
};

/** English interface messages (fixed text, no placeholders) that read differently in `lang`. */
function englishOnly(lang: string): Set<string> {
  const out = new Set<string>();
  const translated = catalogueOf(lang) as unknown as Messages;
  for (const key of messageKeys(english)) {
    const en = lookup(english, key)!;
    if (en.includes('{') || !/[A-Za-z]{3}/.test(en)) continue;
    if (lookup(translated, key) !== en) out.add(en.trim());
  }
  return out;
}

/** Words of English interface text that no one's name or data on these screens contains. */
const ENGLISH_UI_WORDS = [
  'the',
  'and',
  'your',
  'Save',
  'Cancel',
  'Status',
  'Search',
  'Export',
  'Create',
  'Licence',
  'Licences',
  'Application',
  'Applications',
  'Renewal',
  'Renewals',
  'Actions',
  'Show',
  'Edit',
  'Delete',
  'Name',
  'Rows per page',
  'Submit',
  'Next',
  'Back',
  'Close',
  'Pending',
  'Active',
  'Approved',
  'Submitted',
  'Dashboard',
  'Reports',
  'Sign out',
  'Number',
  'Tier',
  'Valid until',
  'Registrant',
  'Registrants',
  'Invoice',
  'Invoices',
  'Language',
  'Settings',
  'Add filter',
];

/** Text of the interface's own elements (headings, labels, buttons, menus, column headers, help). */
async function chromeText(page: Page): Promise<string[]> {
  return page.$$eval(
    'h1, h2, h3, h4, h5, h6, th, label, legend, button, [role="menuitem"], [role="tab"], .MuiFormHelperText-root, .MuiListSubheader-root, .MuiTablePagination-root',
    (els) => els.map((e) => (e as unknown as { innerText: string }).innerText.trim()).filter(Boolean),
  );
}

async function englishOnScreen(page: Page, lang: string): Promise<string[]> {
  const catalogue = englishOnly(lang);
  const translated = JSON.stringify(catalogueOf(lang));
  // A month written by Intl in `lang` is that language's own word, even where English spells it the same
  // (Filipino "May").
  const months = new Set(
    (['short', 'long'] as const).flatMap((month) =>
      Array.from({ length: 12 }, (_, m) => new Intl.DateTimeFormat(lang, { month }).format(new Date(2026, m, 15))),
    ),
  );
  const body = await page.locator('body').innerText();
  const found = new Set<string>();
  for (const line of body.split('\n').map((l) => l.trim()))
    if (catalogue.has(line) && !months.has(line)) found.add(line);
  for (const text of await chromeText(page))
    for (const word of ENGLISH_UI_WORDS)
      if (new RegExp(`(^|[^\\p{L}])${word}($|[^\\p{L}])`, 'u').test(text) && !translated.includes(word))
        found.add(`${word} (in "${text.slice(0, 60)}")`);
  return [...found];
}

/** Fonts with the shaping tables of each non-Latin script of the region. */
const SCRIPT_FONT: Record<string, RegExp> = { th: /Thai/, km: /Khmer/, lo: /Lao/, my: /Myanmar/ };

/** The fonts Chromium used to draw the text of the first element matching `selector`. */
async function fontsOf(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((f) => f.familyName);
  } finally {
    await cdp.detach();
  }
}

async function expectScriptShaped(page: Page, selector: string, lang: string): Promise<void> {
  const script = SCRIPT_FONT[lang];
  if (!script) return;
  const fonts = await fontsOf(page, selector);
  expect(
    fonts.some((f) => script.test(f)),
    `${selector} in ${lang} drawn with ${fonts.join(', ')}`,
  ).toBe(true);
}

async function signIn(page: Page, email: string): Promise<void> {
  const a = DEMO_ACCOUNTS.find((x) => x.email === email)!;
  await page.goto(ctx.server.baseUrl + '/');
  await page.locator('input[autocomplete="username"]').fill(a.email);
  await page.locator('input[autocomplete="current-password"]').fill(a.password);
  await page.locator('button[type="submit"]').click();
  if (a.totpSecret) {
    await page.locator('input[autocomplete="one-time-code"]').fill(totpCode(a.totpSecret, new Date()));
    await page.locator('button[type="submit"]').click();
  }
  await page.getByRole('menuitem').nth(1).waitFor({ timeout: 15_000 });
}

/** Chooses a language from the app bar's language menu, as a person would. */
async function chooseLanguage(page: Page, lang: string): Promise<void> {
  await page.locator('header button[aria-controls="simple-menu"]').click();
  await page.getByRole('menuitem', { name: languageMeta(lang).name, exact: true }).click();
  await page.waitForFunction(
    (l) =>
      (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang ===
      l,
    lang,
  );
}

async function visit(page: Page, hash: string): Promise<void> {
  await page.goto(`${ctx.server.baseUrl}/#${hash}`);
  // The screen's title (in the app bar) and its content have drawn.
  await page.locator('#react-admin-title:not(:empty)').waitFor({ timeout: 15_000 });
  await page.locator('#main-content').waitFor({ timeout: 15_000 });
  await page.waitForLoadState('networkidle');
}

const REGISTRAR_SCREENS = [
  '/',
  '/licences',
  '/licence-applications',
  '/renewals',
  '/registrants',
  '/invoices',
  '/reports',
];
const SOCIAL_WORKER_SCREENS = ['/', '/my-registration', '/my-cpd', '/my-fees'];

describe('the registry in every language', () => {
  beforeAll(async () => {
    await ctx.server.app.sql(`update council set locales = '{${LANGUAGES.join(',')}}'`);
  });

  it.each(OTHER_LANGUAGES)(
    'the sign-in page follows a browser set to %s',
    async (lang) => {
      const context = await ctx.browser.newContext({ locale: languageMeta(lang).intl });
      try {
        const page = await context.newPage();
        await page.goto(ctx.server.baseUrl + '/');
        await page.getByRole('heading', { name: t(lang, 'swr.signIn.title') }).waitFor();
        expect(
          await page.evaluate(
            () =>
              (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement
                .lang,
          ),
        ).toBe(lang);
        expect(await englishOnScreen(page, lang)).toEqual([]);
      } finally {
        await context.close();
      }
    },
    60_000,
  );

  it.each(OTHER_LANGUAGES)(
    '/verify answers in %s, asked by the browser or by the switcher',
    async (lang) => {
      const [licence] = await ctx.server.app.sql<{ number: string }>(
        `select number from licence where status = 'active' order by number limit 1`,
      );
      const context = await ctx.browser.newContext({ locale: languageMeta(lang).intl });
      try {
        const page = await context.newPage();
        // The browser's language (Accept-Language) chooses the page's.
        await page.goto(`${ctx.server.baseUrl}/verify?q=${encodeURIComponent(licence!.number)}`);
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(await englishOnScreen(page, lang)).toEqual([]);
        await expectScriptShaped(page, 'h1', lang);
        // From English, the switcher leads to the language, named in itself.
        await page.goto(`${ctx.server.baseUrl}/verify?lang=en&q=${encodeURIComponent(licence!.number)}`);
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        await page.locator(`a[hreflang="${lang}"]`).first().click();
        await page.waitForURL(new RegExp(`lang=${lang}$`));
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        expect(page.url()).toContain(encodeURIComponent(licence!.number));
      } finally {
        await context.close();
      }
    },
    60_000,
  );

  for (const [who, email, screens] of [
    ['a registrar', 'registrar@demo.registry.localhost', REGISTRAR_SCREENS],
    ['a social worker', 'supervisor@demo.registry.localhost', SOCIAL_WORKER_SCREENS],
  ] as const) {
    describe(who, () => {
      let page: Page;
      beforeAll(async () => {
        page = await ctx.browser.newPage({ viewport: { width: 1366, height: 900 } });
        await signIn(page, email);
      }, 60_000);
      afterAll(async () => {
        await page?.close();
      });

      it.each(OTHER_LANGUAGES)(
        `works in %s with no English on the main screens`,
        async (lang) => {
          await visit(page, '/');
          await chooseLanguage(page, lang);
          const found: string[] = [];
          for (const screen of screens) {
            await visit(page, screen);
            for (const text of await englishOnScreen(page, lang)) found.push(`${screen}: ${text}`);
          }
          expect(found).toEqual([]);
          await visit(page, '/');
          await expectScriptShaped(page, 'h1', lang);
          // The choice is kept on the account: e-mails and documents follow it.
          const [row] = await ctx.server.app.sql<{ locale: string }>(`select locale from account where email = ?`, [
            email,
          ]);
          expect(row!.locale).toBe(lang);
        },
        120_000,
      );
    });
  }
});
