import { describe, expect, it } from 'vitest';
import { useDemoRegistryInBrowser } from './browser.js';
import { totpCode } from '../../api/modules/auth/index.js';

const ctx = useDemoRegistryInBrowser();

describe('admin UI', () => {
  it('the demo registrar signs in with MFA and reaches the dashboard', async () => {
    const page = await ctx.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(ctx.server.baseUrl + '/');
    await page.getByLabel('Email').fill(ctx.server.demo.registrar.email);
    await page.getByLabel('Password').fill(ctx.server.demo.registrar.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').fill(totpCode(ctx.server.demo.registrar.totpSecret, new Date()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page
      .getByRole('heading', { name: 'Dashboard', level: 1 })
      .waitFor({ state: 'visible', timeout: 15_000 })
      .catch(async (e) => {
        await page.screenshot({ path: '/tmp/e2e-sign-in-failure.png' });
        throw e;
      });
    await page.getByText('National Social Work Council (demo)').first().waitFor({ state: 'visible' });
    // Navigation follows the role: a registrar sees the tier ladder but not accounts or the audit trail.
    await page.getByRole('menuitem', { name: 'Tier ladder' }).waitFor({ state: 'visible' });
    expect(await page.getByRole('menuitem', { name: 'Accounts' }).count()).toBe(0);
    expect(await page.getByRole('menuitem', { name: 'Audit trail' }).count()).toBe(0);
    // What is waiting: the demo register has licences due for renewal with nothing submitted.
    const atRisk = page.getByText('Renewals at risk').locator('..');
    await atRisk.getByRole('paragraph').filter({ hasText: /^\d+$/ }).waitFor();
    expect(Number(await atRisk.getByRole('paragraph').filter({ hasText: /^\d+$/ }).textContent())).toBeGreaterThan(0);
    await page.getByText('Licence applications to review').waitFor();
    await page.screenshot({ path: '/tmp/dashboard.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a wrong code keeps the user on the MFA step with a clear message', async () => {
    const page = await ctx.browser.newPage();
    await page.goto(ctx.server.baseUrl + '/');
    await page.getByLabel('Email').fill(ctx.server.demo.registrar.email);
    await page.getByLabel('Password').fill(ctx.server.demo.registrar.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').waitFor({ state: 'visible' });
    expect(await page.getByRole('alert').textContent()).toContain('authentication code is not right');
    await page.close();
  });
});
