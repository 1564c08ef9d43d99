import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';
import { decodeQrFromPdf } from '../support/pdf-inspect.js';
import { verifyCertificateToken } from '../../api/modules/certificates/index.js';

const ctx = useDemoRegistryInBrowser();
const signIn = (page: Page, email: string) => signInAsDemo(page, ctx.server.baseUrl, email);

describe('certificates in the browser', () => {
  it('a licensed social worker downloads their certificate; the registrar reissues their wallet card with a reason', async () => {
    const worker = await ctx.browser.newPage({ acceptDownloads: true });
    let registrar: Page | null = null;
    try {
      await signIn(worker, 'supervisor@demo.registry.localhost');
      await worker.getByRole('link', { name: 'My registration' }).first().click();
      await worker.getByRole('heading', { name: 'My registration', level: 1 }).waitFor();
      const [download] = await Promise.all([
        worker.waitForEvent('download'),
        worker.getByRole('button', { name: 'Download certificate' }).first().click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^licence-certificate-.+\.pdf$/);
      const pdf = readFileSync((await download.path())!);
      const qr = decodeQrFromPdf(pdf);
      expect(qr?.data).toMatch(/\/verify\?c=/);
      const check = await verifyCertificateToken(ctx.server.app.deps.keys, qr!.data.split('?c=')[1]!);
      expect(check).toMatchObject({ valid: true, claims: { name: 'Pham Thu Ha' } });

      registrar = await ctx.browser.newPage();
      await signIn(registrar, 'registrar@demo.registry.localhost');
      await registrar.getByRole('menuitem', { name: 'Licences' }).click();
      await registrar.getByRole('cell', { name: 'active' }).first().waitFor();
      const number = (
        await ctx.server.app.sql(
          `select l.number from licence l join registrant r on r.id = l.registrant_id where r.full_name = 'Pham Thu Ha'`,
        )
      )[0].number;
      await registrar.getByRole('cell', { name: number }).click();
      const panel = registrar
        .getByRole('region', { name: 'Certificates' })
        .or(registrar.locator('[aria-label="Certificates"]'));
      await panel.getByRole('table', { name: 'Issued certificates' }).getByText('Licence certificate').waitFor();
      await registrar
        .getByText(/^Verified \d+ times \(\d+ in the last 30 days\); who verified is not recorded\.$/)
        .waitFor();
      await panel.getByLabel('Reason for reissue').fill('Wallet card lost; holder reported it on 2 March.');
      await panel.getByRole('button', { name: 'Reissue' }).click();
      await panel.getByText(/Wallet card reissued \(issue 1\)/).waitFor();
      await panel.getByRole('cell', { name: 'Wallet card lost; holder reported it on 2 March.' }).waitFor();
      await registrar.screenshot({ path: '/tmp/e2e-certificates.png', fullPage: true });
    } catch (e) {
      await worker.screenshot({ path: '/tmp/e2e-certificates-failure.png', fullPage: true });
      await registrar?.screenshot({ path: '/tmp/e2e-certificates-failure-registrar.png', fullPage: true });
      throw e;
    }
  }, 120_000);
});
