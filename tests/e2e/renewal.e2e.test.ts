import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';

const ctx = useDemoRegistryInBrowser();
const signIn = (page: Page, email: string) => signInAsDemo(page, ctx.server.baseUrl, email);

describe('renewal in the browser', () => {
  it('a licensee saves a renewal (blocking notice, at risk for staff), submits it, and the registrar approves: the licence runs on', async () => {
    const holder = await ctx.browser.newPage();
    let registrar: Page | null = null;
    try {
      const [before] = await ctx.server.app.sql<{ number: string; until: string }>(
        `select l.number, to_char(l.valid_until, 'YYYY-MM-DD') as until from licence l join registrant r on r.id = l.registrant_id join account a on a.id = r.account_id where a.email = 'supervisor@demo.registry.localhost'`,
      );
      await signIn(holder, 'supervisor@demo.registry.localhost');
      await holder.getByRole('link', { name: 'My registration' }).first().click();
      await holder.getByText(`Renewal of ${before!.number}`).waitFor();
      await holder.getByRole('button', { name: 'Renew licence' }).click();
      const form = holder.getByRole('form', { name: 'Renewal declarations' });
      await form.getByLabel('I am fit to practise').check();
      await form.getByLabel('I continue to follow the code of ethics').check();
      await form.getByRole('radiogroup', { name: 'Criminal record' }).getByLabel('No').check();
      await form.getByRole('radiogroup', { name: 'Current employment' }).getByLabel('Yes').check();
      await form.getByLabel('Employer').fill('Ha Noi Social Protection Centre');
      await form.getByRole('radiogroup', { name: 'Adequate supervision' }).getByLabel('Yes').check();
      await form.getByRole('button', { name: 'Save and finish later' }).click();

      const banner = holder.getByRole('alert').filter({ hasText: 'started but not submitted' });
      await banner.waitFor();
      await holder.screenshot({ path: '/tmp/e2e-renewal-banner.png', fullPage: true });

      registrar = await ctx.browser.newPage();
      await signIn(registrar, 'registrar@demo.registry.localhost');
      await registrar.getByRole('menuitem', { name: 'Renewals due' }).click();
      const row = registrar.getByRole('row').filter({ hasText: before!.number });
      await row.waitFor();
      expect(await row.textContent()).toContain('Draft');

      await banner.getByRole('button', { name: 'Submit renewal' }).click();
      await holder.getByText(/Your renewal of .* is submitted/).waitFor();
      await banner.waitFor({ state: 'detached' });

      await registrar.getByRole('menuitem', { name: 'Licence applications' }).click();
      await registrar.getByRole('cell', { name: 'Renewal', exact: true }).first().click();
      await registrar.getByText('adequate supervision: Yes').waitFor();
      await registrar.getByRole('button', { name: 'Take into review' }).click();
      await registrar.getByLabel('Reason or message').fill('Declarations in order; renewed.');
      await registrar.getByRole('button', { name: 'Approve' }).click();
      await registrar.locator('#main-content').getByText('Approved', { exact: true }).waitFor();

      const [after] = await ctx.server.app.sql<{ until: string; from: string }>(
        `select to_char(l.valid_until, 'YYYY-MM-DD') as until, to_char(p.valid_from, 'YYYY-MM-DD') as "from" from licence l join licence_period p on p.licence_id = l.id and p.kind = 'renewal' where l.number = ?`,
        [before!.number],
      );
      const next = new Date(Date.parse(`${before!.until}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expect(after!.from).toBe(next);
      await holder.reload();
      // The new end of the licence, as the English (en-GB) screen writes a day.
      const shown = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${after!.until}T00:00:00Z`),
      );
      await holder.getByRole('cell', { name: shown }).waitFor();
    } catch (e) {
      await holder.screenshot({ path: '/tmp/e2e-renewal-holder.png', fullPage: true }).catch(() => {});
      await registrar?.screenshot({ path: '/tmp/e2e-renewal-registrar.png', fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await holder.close();
      await registrar?.close();
    }
  }, 90_000);
});
