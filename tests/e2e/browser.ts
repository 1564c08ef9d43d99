/** Debian's Chromium driven by playwright-core. No browser is ever downloaded. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer } from '../support/app.js';
import { totpCode } from '../../api/modules/auth/index.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.seeder.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium fonts-noto-core, or set CHROMIUM_PATH)`,
    );
  return chromium.launch({
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
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 15_000 });
  // The role's screens are registered once permissions load: the menu then has more than Dashboard.
  await page.getByRole('menuitem').nth(1).waitFor({ timeout: 15_000 });
}
