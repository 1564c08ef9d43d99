import { describe, expect, it } from 'vitest';
import { aPeer, anApplication } from '../support/builders.js';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';

const ctx = useDemoRegistryInBrowser();

describe('cross-border lookup in the browser', () => {
  it('from an application, a lookup at a peer that is down says so on the screen, quickly', async () => {
    const { app } = ctx.server;
    // A peer on the trust list whose server is not running (keys pinned, as a council may do).
    await aPeer(app, {
      country: 'TH',
      name: 'Thai council',
      issuer: 'https://council-th.test',
      baseUrl: 'http://127.0.0.1:9',
    });
    const [worker] = await app.sql<{ id: string }>(
      `select r.id from registrant r join account a on a.id = r.account_id where a.email = 'worker@demo.registry.localhost'`,
    );
    await anApplication(app, {
      registrantId: worker!.id,
      type: 'first_registration',
      tier: 'provisional',
      status: 'submitted',
      submittedAt: new Date(),
    });
    const page = await ctx.browser.newPage();
    try {
      await signInAsDemo(page, ctx.server.baseUrl, 'registrar@demo.registry.localhost');
      await page.getByRole('menuitem', { name: 'Licence applications' }).click();
      await page.getByRole('cell', { name: 'Sok Dara' }).first().click();
      const form = page.getByRole('form', { name: 'Cross-border lookup' });
      await form.getByLabel('Licence number').fill('TH-SW-000123');
      const t0 = Date.now();
      await form.getByRole('button', { name: 'Look up' }).click();
      await page
        .getByRole('table', { name: 'Lookups' })
        .getByText(/The peer could not answer/)
        .waitFor();
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(await page.getByRole('table', { name: 'Lookups' }).textContent()).toContain('Unavailable');
    } finally {
      await page.close();
    }
  }, 60_000);
});
