/**
 * What each person's browser downloads: signing in and the social worker's portal fetch none of the
 * back office's screens; a registrar's browser fetches a screen's code when the screen opens; every
 * script arrives compressed.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';

const ctx = useDemoRegistryInBrowser();

/** The back office's screens, each a file of its own in the build. */
const BACK_OFFICE =
  /\/assets\/(licensing|accreditation|reports|cpd|discipline|employers|mra|accounts|audit|reference|renewals)-[\w-]+\.js$/;

function scripts(page: Page) {
  const seen: { url: string; encoding: string | undefined; bytes: number }[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.js'))
      seen.push({
        url: r.url(),
        encoding: r.headers()['content-encoding'],
        bytes: Number(r.headers()['content-length'] ?? Infinity),
      });
  });
  return seen;
}

describe('code per screen', () => {
  it('the sign-in page and the portal download none of the back office; scripts arrive brotli-compressed', async () => {
    const page = await ctx.browser.newPage();
    const loaded = scripts(page);
    await page.goto(ctx.server.baseUrl + '/');
    await page.getByLabel('Email').waitFor();
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((s) => BACK_OFFICE.test(s.url))).toEqual([]);
    // Files under 1 KB are not worth compressing (the build precompresses the others).
    expect(loaded.filter((s) => s.encoding !== 'br' && s.bytes >= 1024)).toEqual([]);

    await signInAsDemo(page, ctx.server.baseUrl, 'worker@demo.registry.localhost');
    await page.getByRole('menuitem', { name: 'My registration' }).click();
    await page.waitForURL(/my-registration/);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.getByRole('menuitem', { name: 'My CPD' }).click();
    await page.waitForURL(/my-cpd/);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(loaded.some((s) => /\/assets\/MyRegistration-[\w-]+\.js$/.test(s.url))).toBe(true);
    expect(loaded.filter((s) => BACK_OFFICE.test(s.url)).map((s) => s.url)).toEqual([]);
    await page.close();
  });

  it("a registrar's browser fetches a back-office screen when it first opens", async () => {
    const page = await ctx.browser.newPage();
    const loaded = scripts(page);
    await signInAsDemo(page, ctx.server.baseUrl, 'registrar@demo.registry.localhost');
    expect(loaded.filter((s) => /\/assets\/licensing-/.test(s.url))).toEqual([]);
    await page.getByRole('menuitem', { name: 'Licences' }).click();
    await page.getByRole('row').nth(1).waitFor();
    expect(loaded.filter((s) => /\/assets\/licensing-[\w-]+\.js$/.test(s.url))).toHaveLength(1);
    await page.close();
  });

  it('a screen whose file is gone (a newer version was deployed) loads the page again once; if it still cannot, it says so and offers to reload', async () => {
    const page = await ctx.browser.newPage();
    await signInAsDemo(page, ctx.server.baseUrl, 'worker@demo.registry.localhost');
    let asked = 0;
    await page.route(/\/assets\/MyCpd-[\w-]+\.js$/, (route) => {
      asked++;
      return route.fulfill({ status: 404, contentType: 'application/problem+json', body: '{}' });
    });
    let loads = 0;
    page.on('load', () => loads++);
    await page.getByRole('menuitem', { name: 'My CPD' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'This screen could not be loaded' });
    await alert.waitFor();
    expect(loads).toBe(1); // the page was loaded again once, then the message
    expect(asked).toBe(2);
    expect(page.url()).toMatch(/#\/my-cpd$/);

    // The file is back: the button loads the page again and the screen opens.
    await page.unroute(/\/assets\/MyCpd-[\w-]+\.js$/);
    await alert.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('heading', { name: 'My CPD', level: 1 }).waitFor();
    await page.close();
  });
});
