import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';

const ctx = useDemoRegistryInBrowser();
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

const signIn = (page: Page, email: string) => signInAsDemo(page, ctx.server.baseUrl, email);

describe('licensing in the browser', () => {
  it('a graduate applies as a provisional social worker and the registrar approves: the licence appears', async () => {
    const worker = await ctx.browser.newPage();
    let registrar: Page | null = null;
    try {
      await signIn(worker, 'worker@demo.registry.localhost');
      await worker.getByRole('link', { name: 'My registration' }).first().click();
      await worker.getByRole('heading', { name: 'My registration', level: 1 }).waitFor();
      await worker.getByText("on the school's graduate list").waitFor();
      // The application, a step at a time: a greyed-out step says why.
      const next = worker.getByRole('button', { name: 'Continue' });
      expect(await next.isDisabled()).toBe(true);
      await worker.getByText('Choose the tier you are applying for first.').waitFor();
      await worker.getByLabel('Tier').click();
      await worker.getByRole('option', { name: 'Provisional social worker' }).click();
      await next.click(); // qualifications
      await worker.getByText('You have declared 1 qualification.').waitFor();
      await next.click(); // supervised practice
      await next.click(); // exam
      await next.click(); // declarations
      // Leaving and coming back resumes at the same step, with what was chosen.
      await worker.reload();
      await worker.getByLabel('I will follow the code of ethics').check();
      await worker.getByLabel('I am fit to practise').check();
      await worker.getByRole('button', { name: 'Start application' }).click();
      await worker
        .getByLabel('Evidence file')
        .setInputFiles({ name: 'degree.png', mimeType: 'image/png', buffer: PNG });
      await worker.getByText('Evidence: degree.png').waitFor();
      await next.click(); // review
      await worker.getByRole('table', { name: 'Requirements' }).waitFor();
      await worker.getByRole('button', { name: 'Submit application' }).click();
      await worker.getByText('Submitted', { exact: true }).waitFor();

      registrar = await ctx.browser.newPage();
      await signIn(registrar, 'registrar@demo.registry.localhost');
      await registrar.getByRole('menuitem', { name: 'Licence applications' }).click();
      await registrar.getByRole('cell', { name: 'Sok Dara' }).first().click();
      await registrar.getByRole('button', { name: 'Take into review' }).click();
      await registrar.getByLabel('Reason or message').fill('Graduate of an accredited programme; declarations made.');
      const checks = await registrar.getByRole('table', { name: 'Eligibility check' }).textContent();
      expect(checks).toContain('Degree from an accredited programme');
      expect(checks).not.toContain('Not met');
      await registrar.getByRole('button', { name: 'Approve' }).click();
      await registrar.locator('#main-content').getByText('Approved', { exact: true }).waitFor();
      await registrar.screenshot({ path: '/tmp/e2e-licence-approved.png', fullPage: true });

      await worker.reload();
      await worker.getByRole('cell', { name: /VN-SW-\d{2}-\d{6}-\d/ }).waitFor();
      expect(await worker.getByText('Provisional Social Worker').count()).toBeGreaterThan(0);
      await worker.screenshot({ path: '/tmp/e2e-my-registration.png', fullPage: true });
    } catch (e) {
      await worker.screenshot({ path: '/tmp/e2e-licensing-failure.png', fullPage: true });
      await registrar?.screenshot({ path: '/tmp/e2e-licensing-failure-registrar.png', fullPage: true });
      throw e;
    }
  }, 90_000);
});

describe('ladder configuration in the browser', () => {
  it('an admin changes the CPD credits of a tier', async () => {
    const admin = await ctx.browser.newPage();
    await signIn(admin, 'admin@demo.registry.localhost');
    await admin.getByRole('menuitem', { name: 'Tier ladder' }).click();
    await admin.getByRole('cell', { name: 'provisional', exact: true }).click();
    await admin.waitForURL(/#\/tiers\/[0-9a-f-]+$/);
    const cpd = admin.getByRole('spinbutton', { name: 'CPD per cycle' });
    await cpd.waitFor({ timeout: 10_000 }).catch(async (e) => {
      await admin.screenshot({ path: '/tmp/e2e-tier-edit.png', fullPage: true });
      throw e;
    });
    await cpd.fill('45');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('cell', { name: 'provisional', exact: true }).waitFor();
    const row = await admin.getByRole('row').filter({ hasText: 'Provisional social worker' }).textContent();
    expect(row).toContain('45');
  }, 60_000);
});
