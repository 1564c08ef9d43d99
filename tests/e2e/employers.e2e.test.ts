import { describe, expect, it } from 'vitest';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';

const ctx = useDemoRegistryInBrowser();

describe('employer bulk check in the browser', () => {
  it('the demo employer verifies numbers on the bulk check screen and sees each result', async () => {
    const { app } = ctx.server;
    const [licence] = await app.sql<{ number: string; full_name: string; status: string }>(
      `select l.number, r.full_name, l.status from licence l join registrant r on r.id = l.registrant_id where l.status = 'active' order by l.number limit 1`,
    );
    expect(licence).toBeTruthy();
    const page = await ctx.browser.newPage();
    try {
      await signInAsDemo(page, ctx.server.baseUrl, 'employer@demo.registry.localhost');
      await page.getByRole('menuitem', { name: 'Bulk check' }).click();
      const form = page.getByRole('form', { name: 'Bulk check' });
      await form
        .getByLabel('Licence numbers')
        .fill(`${licence!.number.toLowerCase()}\nVN-SW-00-000000-0\nnot a number`);
      await form.getByRole('button', { name: 'Check' }).click();
      const results = page.getByRole('table', { name: 'Results' });
      await results.waitFor();
      const rows = results.getByRole('row');
      await expect.poll(() => rows.count()).toBe(4);
      const first = await rows.nth(1).textContent();
      expect(first).toContain('found');
      expect(first).toContain(licence!.full_name);
      expect(first).toContain('active');
      expect(await rows.nth(2).textContent()).toContain('not found');
      expect(await rows.nth(3).textContent()).toContain('not a licence number');
      // the demo organisation's watchlist shows its licences with their statuses
      await page.getByRole('menuitem', { name: 'Watchlist' }).click();
      const watch = page.getByRole('table', { name: 'Watchlist' });
      await watch.waitFor();
      await expect.poll(() => watch.getByRole('row').count()).toBeGreaterThan(1);
    } finally {
      await page.close();
    }
  }, 90_000);

  it('staff see the demo organisation with its account, and create an API key that is shown once', async () => {
    const page = await ctx.browser.newPage();
    try {
      await signInAsDemo(page, ctx.server.baseUrl, 'registrar@demo.registry.localhost');
      await page.getByRole('menuitem', { name: 'Employers' }).click();
      await page.getByRole('cell', { name: 'Mekong Family Services (demo)' }).click();
      await page.getByRole('table', { name: 'Accounts' }).getByText('employer@demo.registry.localhost').waitFor();
      const form = page.getByRole('form', { name: 'Create key' });
      await form.getByLabel('Name').fill('Payroll system');
      await form.getByRole('button', { name: 'Create key' }).click();
      const key = await page.getByLabel('New API key').textContent();
      expect(key).toMatch(/^swk_[a-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
      const keys = page.getByRole('table', { name: 'API keys' });
      await keys.getByText('Payroll system').waitFor();
      // the table shows only the key's public prefix
      expect(await keys.textContent()).not.toContain(key!.slice(22));
    } finally {
      await page.close();
    }
  }, 90_000);
});
