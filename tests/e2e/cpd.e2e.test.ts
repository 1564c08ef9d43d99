import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';

const ctx = useDemoRegistryInBrowser();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const signIn = (page: Page, email: string) => signInAsDemo(page, ctx.server.baseUrl, email);

describe('CPD in the browser', () => {
  it('a social worker logs CPD with evidence, the registrar accepts it, and the progress bars show it', async () => {
    const worker = await ctx.browser.newPage();
    let registrar: Page | null = null;
    try {
      await signIn(worker, 'supervisor@demo.registry.localhost');
      await worker.getByRole('menuitem', { name: 'My CPD' }).click();
      await worker.getByRole('heading', { name: 'My CPD', level: 1 }).waitFor();
      const counted = worker.getByLabel('Credits counted');
      await counted.waitFor();
      // the demo holder: 6 provider-verified ethics credits, 30 practice skills, 12 supervision, 6 research and 8 self-directed accepted, 6 waiting
      expect(await counted.textContent()).toContain('62 of 60 credits');
      expect(await worker.getByText(/\d+ days left/).count()).toBeGreaterThan(0);

      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      await worker.getByLabel('Activity title').fill('Safeguarding adults: evidence review');
      await worker.getByLabel('Provider').fill('Viet Nam Social Work Association');
      await worker.getByRole('combobox', { name: 'Category' }).click();
      await worker.getByRole('option', { name: 'Research and evidence' }).click();
      await worker.getByLabel('Date').fill(yesterday);
      await worker.getByLabel('Hours').fill('5');
      await worker.getByLabel('Structured learning (a course, workshop or supervised activity)').check();
      await worker
        .getByLabel('Reflection')
        .fill('Reviewed the evidence on adult safeguarding referrals and changed our team checklist.');
      await worker
        .getByLabel('Evidence file')
        .setInputFiles({ name: 'certificate.pdf', mimeType: 'application/pdf', buffer: PDF });
      await worker.getByRole('button', { name: 'Log activity' }).click();
      await worker.getByText('Activity logged').waitFor();
      const row = worker
        .getByRole('table', { name: 'My CPD records' })
        .getByRole('row')
        .filter({ hasText: 'Safeguarding adults: evidence review' });
      await row.getByText('Pending').waitFor();
      expect(await row.textContent()).toContain('Evidence: certificate.pdf');
      expect(await counted.textContent()).toContain('62 of 60 credits');

      registrar = await ctx.browser.newPage();
      await signIn(registrar, 'registrar@demo.registry.localhost');
      await registrar.getByRole('menuitem', { name: 'CPD review' }).click();
      const queued = registrar.getByRole('row').filter({ hasText: 'Safeguarding adults: evidence review' });
      await queued.waitFor();
      expect(await queued.textContent()).toContain('Pham Thu Ha');
      await queued.getByRole('button', { name: 'Accept' }).click();
      await registrar.getByText('Record accepted').waitFor();
      await registrar.screenshot({ path: '/tmp/e2e-cpd-review.png', fullPage: true });

      await worker.reload();
      await worker.getByLabel('Credits counted').waitFor();
      expect(await worker.getByLabel('Credits counted').textContent()).toContain('67 of 60 credits');
      const research = await worker
        .getByRole('table', { name: 'Progress by category' })
        .getByRole('row')
        .filter({ hasText: 'Research and evidence' })
        .textContent();
      expect(research).toContain('11'); // 6 from the demo data + 5 just accepted
      await worker
        .getByRole('table', { name: 'My CPD records' })
        .getByRole('row')
        .filter({ hasText: 'Safeguarding adults: evidence review' })
        .getByText('Accepted')
        .waitFor();
      await worker.screenshot({ path: '/tmp/e2e-my-cpd.png', fullPage: true });
    } catch (e) {
      await worker.screenshot({ path: '/tmp/e2e-cpd-failure.png', fullPage: true });
      await registrar?.screenshot({ path: '/tmp/e2e-cpd-failure-registrar.png', fullPage: true });
      throw e;
    }
  }, 120_000);

  it('an admin starts an audit round from a recorded seed and sees the population by stratum and who was selected', async () => {
    const registrar = await ctx.browser.newPage();
    try {
      // (a different staff account: the registrar's TOTP code of this half-minute was used above)
      await signIn(registrar, 'admin@demo.registry.localhost');
      await registrar.getByRole('menuitem', { name: 'CPD audits' }).click();
      await registrar.getByRole('link', { name: 'Create' }).click();
      await registrar.getByLabel('Name').fill('Demo audit 2026');
      await registrar.getByLabel('Seed').fill('council-meeting-2026-11-20-item-7');
      await registrar.getByLabel('Rate (%)').fill('100');
      await registrar.getByLabel('Exclude people registered under (months)').fill('0');
      await registrar.getByRole('button', { name: 'Save' }).click();
      await registrar.getByRole('heading', { name: 'Demo audit 2026', level: 1 }).first().waitFor();
      await registrar
        .getByRole('table', { name: 'Population by stratum' })
        .getByRole('cell', { name: 'licensed' })
        .waitFor();
      const selected = registrar.getByRole('table', { name: 'Selected people' });
      await selected.getByText('Pham Thu Ha').waitFor();
      expect(await registrar.getByText('council-meeting-2026-11-20-item-7').count()).toBeGreaterThan(0);
      await registrar.screenshot({ path: '/tmp/e2e-cpd-audit.png', fullPage: true });

      // the rules per tier, as the demo seeds them: 60 credits for the licensed tier, 40 of them structured
      await registrar.getByRole('menuitem', { name: 'CPD rules' }).click();
      const licensed = registrar
        .getByRole('table', { name: 'CPD rules per tier' })
        .getByRole('row')
        .filter({ hasText: 'Licensed social worker' });
      await licensed.waitFor();
      expect(await licensed.getByLabel('Credits per cycle').inputValue()).toBe('60');
      expect(await licensed.getByLabel('Structured minimum').inputValue()).toBe('40');
      await licensed.getByLabel('Carry-over cap').fill('12');
      await licensed.getByRole('button', { name: 'Save' }).click();
      await registrar.getByText('CPD rules of Licensed social worker saved').waitFor();
    } catch (e) {
      await registrar.screenshot({ path: '/tmp/e2e-cpd-audit-failure.png', fullPage: true });
      throw e;
    }
  }, 90_000);
});
