import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.seeder.js';

const ctx = useDemoRegistryInBrowser();
const demo = (role: string) => DEMO_ACCOUNTS.find((a) => a.roles.includes(role))!;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const signIn = (page: Page, role: string) => signInAsDemo(page, ctx.server.baseUrl, demo(role).email);

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/e2e-${name}.png`, fullPage: true });

describe('accreditation journey in the browser', () => {
  it('a school submits, a registrar decides, and the programme appears on the public list', async () => {
    const school = await ctx.browser.newPage();
    try {
      await signIn(school, 'school_admin');
      await school.goto(ctx.server.baseUrl + '/#/accreditation-applications/create');
      await school.getByLabel('Programme').fill('Master');
      await school.getByRole('option', { name: 'Master of Social Work' }).click();
      await school
        .getByLabel('Self-study summary')
        .fill('Self-study report for the Master of Social Work: curriculum, staff, placements.');
      await school.getByRole('button', { name: 'Save' }).click();
      await school.getByText('draft', { exact: true }).waitFor();
      const applicationUrl = school.url();
      await school
        .getByLabel('Self-study PDF')
        .setInputFiles({ name: 'self-study.pdf', mimeType: 'application/pdf', buffer: PDF });
      await school.getByRole('button', { name: 'self-study.pdf' }).waitFor();
      await school.getByRole('button', { name: 'Submit to the council' }).click();
      await school.getByText('submitted', { exact: true }).waitFor();

      const registrar = await ctx.browser.newPage();
      await signIn(registrar, 'registrar');
      await registrar.goto(applicationUrl);
      await registrar.getByRole('button', { name: 'Choose reviewers…' }).click();
      await registrar.getByLabel('Reviewer').click();
      await registrar.getByRole('option', { name: demo('reviewer').displayName }).click();
      await registrar.getByRole('button', { name: 'Assign' }).click();
      await registrar
        .getByText('under review', { exact: true })
        .or(registrar.getByText('under_review', { exact: true }))
        .first()
        .waitFor();
      await registrar.getByLabel('Reason').fill('Meets every council standard for a master programme.');
      await registrar.getByRole('button', { name: 'Record decision' }).click();
      await registrar.getByText('decided', { exact: true }).waitFor();
      await shot(registrar, 'accreditation-decided');

      const pub = await ctx.browser.newPage();
      await pub.goto(ctx.server.baseUrl + '/accredited-programmes?q=Master&lang=en');
      const text = await pub.locator('main').textContent();
      expect(text).toContain('Master of Social Work');
      expect(text).toContain('Hanoi University of Social Work (demo)');
      expect(text).toContain('Accredited');
      await shot(pub, 'accredited-programmes');
    } catch (e) {
      await shot(school, 'accreditation-failure');
      throw e;
    }
  }, 90_000);
});
