import { describe, expect, it } from 'vitest';
import { useDemoRegistryInBrowser } from './browser.js';
import { signCertificateToken } from '../../api/modules/certificates/index.js';

const ctx = useDemoRegistryInBrowser();

const shot = (page: import('playwright-core').Page, name: string) =>
  page.screenshot({ path: `/tmp/e2e-${name}.png`, fullPage: true });

describe('public verification in a browser without JavaScript', () => {
  it('a member of the public looks a number up on /verify and sees the status; a QR payload URL shows the certificate check; a tampered one fails', async () => {
    const app = ctx.server.app;
    const [lic] = await app.sql<{ number: string; full_name: string; tier_code: string; valid_until: string }>(
      `select l.number, r.full_name, l.tier_code, to_char(l.valid_until, 'YYYY-MM-DD') as valid_until
       from licence l join registrant r on r.id = l.registrant_id where l.status = 'active' order by l.number limit 1`,
    );
    expect(lic, 'the demo register has an active licence').toBeTruthy();
    const council = (await app.request('GET', '/api/v1/council')).body;

    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${ctx.server.baseUrl}/verify?lang=en`);
      await expect(page.locator('header').textContent()).resolves.toContain(council.domain);
      await page.getByLabel('Licence number or name').fill(lic!.number.toLowerCase());
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByText(lic!.full_name).first().waitFor();
      const entry = await page.locator('main').textContent();
      expect(entry).toContain(lic!.number);
      expect(entry).toContain('Active');
      expect(entry).toContain('May practise');
      await shot(page, 'verify-number');

      // the URL a certificate's QR code holds, pointed at this server
      const token = await signCertificateToken(
        app.deps.keys,
        {
          iss: council.domain,
          num: lic!.number,
          name: lic!.full_name,
          tier: lic!.tier_code,
          vf: '2026-01-01',
          vu: lic!.valid_until,
        },
        new Date(),
      );
      await page.goto(`${ctx.server.baseUrl}/verify?c=${token}&lang=en`);
      const check = await page.getByRole('region', { name: 'Certificate check' }).textContent();
      expect(check).toContain('Valid when issued; still valid today');
      expect(check).toContain(lic!.full_name);
      await shot(page, 'verify-certificate');

      const [h, p, s] = token.split('.') as [string, string, string];
      const tampered = `${h}.${p.slice(0, 15)}${p[15] === 'Q' ? 'R' : 'Q'}${p.slice(16)}.${s}`;
      await page.goto(`${ctx.server.baseUrl}/verify?c=${tampered}&lang=en`);
      expect(await page.getByRole('alert').textContent()).toContain(
        `Signature does not match: this certificate was altered or not issued by ${council.name}`,
      );
      await shot(page, 'verify-tampered');
    } finally {
      await context.close();
    }
  });
});
