/** Debian's Chromium driven by playwright-core. No browser is ever downloaded. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestServer } from '../support/app.js';
import { totpCode } from '../../api/modules/auth/index.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.seeder.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Browsers this test file launched: when one of its tests fails, each of their pages is reported. */
const launched = new Set<WatchedPages>();
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') for (const w of launched) await w.report(task.name);
});

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium fonts-noto-core, or set CHROMIUM_PATH)`,
    );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const watched = watchPages(browser);
  launched.add(watched);
  browser.on('disconnected', () => launched.delete(watched));
  return browser;
}

/** The demo registry and a browser for one test file, started before its tests and closed after. */
export function useDemoRegistryInBrowser() {
  const ctx = {} as { server: Awaited<ReturnType<typeof startTestServer>>; browser: Browser };
  beforeAll(async () => {
    ctx.server = await startTestServer();
    ctx.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}

type WatchedPages = { report: (testName: string) => Promise<void> };

/**
 * Keeps what each page of the browser said (console errors, uncaught exceptions, failed and refused
 * requests) so a failed browser test prints where every page was, what it showed and why, and leaves
 * a screenshot, instead of only the locator that timed out.
 */
function watchPages(browser: Browser): WatchedPages {
  const seen = new Map<Page, string[]>();
  const note = (page: Page, line: string) => {
    const lines = seen.get(page) ?? [];
    lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (lines.length > 40) lines.shift();
    seen.set(page, lines);
  };
  const watch = (page: Page) => {
    seen.set(page, []);
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') note(page, `console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => note(page, `uncaught: ${e.message}`));
    page.on('requestfailed', (r) => note(page, `request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      if (r.status() >= 400) note(page, `${r.status()} ${r.request().method()} ${r.url()}`);
    });
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) note(page, `at ${f.url()}`);
    });
  };
  // browser.newPage opens its page through browser.newContext too, so every page passes here.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const c = await newContext(options);
    c.on('page', watch);
    return c;
  };
  return {
    async report(testName) {
      let i = 0;
      for (const [page, lines] of seen) {
        if (page.isClosed()) continue;
        i++;
        const shot = `/tmp/e2e-failure-${testName.replace(/\W+/g, '-').slice(0, 60)}-${i}.png`;
        const text = await page
          .locator('body')
          .innerText({ timeout: 2_000 })
          .catch((e: Error) => `(no text: ${e.message})`);
        await page.screenshot({ path: shot, fullPage: true, timeout: 5_000 }).catch(() => undefined);
        console.error(
          [
            `--- page ${i} of the failed test, at ${page.url()} (screenshot ${shot})`,
            `what it shows: ${text.replace(/\s+/g, ' ').slice(0, 1_500)}`,
            ...lines,
          ].join('\n'),
        );
      }
    },
  };
}

/** Signs a demo account in through the UI (with the MFA step for staff) and waits for the home page. */
export async function signInAsDemo(page: Page, baseUrl: string, email: string): Promise<void> {
  const a = DEMO_ACCOUNTS.find((x) => x.email === email);
  if (!a) throw new Error(`no demo account ${email}`);
  await page.goto(baseUrl + '/');
  await page.getByLabel('Email').fill(a.email);
  await page.getByLabel('Password').fill(a.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (a.totpSecret) {
    await page.getByLabel('Authentication code').fill(totpCode(a.totpSecret, new Date()));
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  // The sign-in page has its own heading: first leave it, then wait for the home page's.
  await page.waitForURL((u) => !u.hash.startsWith('#/login'), { timeout: 15_000 });
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 15_000 });
  // The role's screens are registered once permissions load: the menu then has more than Dashboard.
  await page.getByRole('menuitem').nth(1).waitFor({ timeout: 15_000 });
}
