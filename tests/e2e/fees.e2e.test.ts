import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.seeder.js';

const ctx = useDemoRegistryInBrowser();
const demo = (role: string) => DEMO_ACCOUNTS.find((a) => a.roles.includes(role))!;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const signIn = (page: Page, role: string) => signInAsDemo(page, ctx.server.baseUrl, demo(role).email);
const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/e2e-${name}.png`, fullPage: true });

describe('fees in the browser', () => {
  it('a social worker sends proof of a transfer for a reissue fee; the registrar confirms it and the receipt is there', async () => {
    // A demo holder's wallet card is reissued (lost card): the demo schedule charges 100,000 dong.
    const holder = DEMO_ACCOUNTS.find((a) => a.email === 'supervisor@demo.registry.localhost')!;
    const t = ctx.server.app;
    const [licence] = await t.sql(
      `select l.id from licence l join registrant r on r.id = l.registrant_id join account a on a.id = r.account_id
        where a.email = ? and l.status in ('active', 'grace') limit 1`,
      [holder.email],
    );
    const staff = await t.signIn(['registrar']);
    const reissue = await t.request('POST', `/api/v1/licences/${licence.id}/certificates/wallet-card/reissue`, {
      token: staff.accessToken,
      body: { reason: 'Card lost on the way to work.' },
    });
    expect(reissue.status).toBe(201);
    const [invoice] = await t.sql(
      `select id, number from invoice where subject_type = 'certificate_issuance' and subject_id = ?`,
      [reissue.body.id],
    );

    const worker = await ctx.browser.newPage();
    const registrar = await ctx.browser.newPage();
    try {
      await signInAsDemo(worker, ctx.server.baseUrl, holder.email);
      await worker.getByRole('menuitem', { name: 'My fees' }).click();
      const card = worker.getByRole('region', { name: `Invoice ${invoice.number}` });
      await card.waitFor();
      // Amounts read as the screen does (English here, though the holder's account is in Vietnamese).
      expect(await card.textContent()).toContain('₫100,000');
      await card.getByRole('button', { name: 'I paid by bank transfer' }).click();
      await card
        .getByLabel('Transfer slip')
        .setInputFiles({ name: 'slip.pdf', mimeType: 'application/pdf', buffer: PDF });
      await card.getByLabel('Bank reference').fill('VCB FT26337991');
      await card.getByRole('button', { name: 'Send' }).click();
      await card.getByText('Proof of transfer waiting to be checked').waitFor();
      await shot(worker, 'fees-proof-sent');

      await signIn(registrar, 'registrar');
      await registrar.getByRole('menuitem', { name: 'Invoices' }).click();
      await registrar.getByLabel('Proof to match').check();
      await registrar.getByText(invoice.number).click();
      await registrar.getByRole('button', { name: 'Confirm' }).click();
      await registrar.getByText('Paid', { exact: true }).first().waitFor();
      await registrar.getByRole('button', { name: /^Receipt RCT-/ }).waitFor();
      await shot(registrar, 'fees-confirmed');

      await worker.reload();
      await card.getByRole('button', { name: /^Receipt RCT-/ }).waitFor();
      expect(await card.textContent()).toContain('Paid');
    } catch (e) {
      await shot(worker, 'fees-worker-failure');
      await shot(registrar, 'fees-registrar-failure');
      throw e;
    }
  }, 120_000);

  it('the fee schedule and the day’s payments read in Vietnamese, with dates day-month-year', async () => {
    const page = await ctx.browser.newPage();
    try {
      // The admin (the registrar's authenticator code of this half-minute was used by the test above).
      await signIn(page, 'admin');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('menuitem', { name: 'Tiếng Việt' }).click();
      await page.getByRole('menuitem', { name: 'Biểu lệ phí' }).click();
      const table = page.getByRole('table', { name: 'Biểu lệ phí' });
      await table.getByText('Cấp lại chứng chỉ').waitFor();
      const text = (await table.textContent()) ?? '';
      expect(text).toContain('Cấp lại chứng chỉ');
      expect(text).toContain('100.000');
      // Dates read day, month, year: never the US month-first form.
      expect(text).not.toMatch(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/);
      await page.getByRole('menuitem', { name: 'Thu chi và doanh thu' }).click();
      await page.getByRole('button', { name: 'Tải CSV cho kế toán' }).waitFor();
      await shot(page, 'fees-schedule-vi');
    } catch (e) {
      await shot(page, 'fees-vi-failure');
      throw e;
    }
  }, 90_000);
});
