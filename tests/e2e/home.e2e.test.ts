import { describe, expect, it } from 'vitest';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';

const ctx = useDemoRegistryInBrowser();

describe("a social worker's home", () => {
  it('a licence holder sees each licence with its status, validity and CPD progress, and what to do next', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1366, height: 900 } });
    try {
      await signInAsDemo(page, ctx.server.baseUrl, 'supervisor@demo.registry.localhost');
      const card = page.locator('main section[aria-label^="Licence "]');
      await card.first().waitFor();
      const text = (await card.first().textContent()) ?? '';
      expect(text).toMatch(/Active|In grace/);
      expect(text).toMatch(/Valid until \d{1,2} [A-Z][a-z]{2} \d{4}/);
      expect(text).toMatch(/CPD: [\d.]+ of \d+ credits/);
      expect(await card.first().locator('[role="progressbar"]').count()).toBe(1);
      await page.getByRole('region', { name: 'What to do next' }).waitFor();
      await page.screenshot({ path: '/tmp/e2e-home-holder.png', fullPage: true });

      // Add to a wallet: a QR code of the offer, the PIN beside it, and the link for a wallet on this device.
      await card.first().getByRole('button', { name: 'Add to a wallet' }).click();
      const dialog = page.getByRole('dialog', { name: /^Add licence .+ to a digital wallet$/ });
      await dialog.waitFor();
      const qr = dialog.getByRole('img', { name: 'QR code of the credential offer' });
      await qr.waitFor();
      // The image decoded (an <img>: complete, with a width of its own).
      const decoded = await qr.evaluate((img) => {
        const image = img as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth > 0;
      });
      expect(decoded).toBe(true);
      expect(await dialog.getByTestId('wallet-pin').textContent()).toMatch(/^\d{6}$/);
      expect(await dialog.getByRole('link', { name: 'Open in a wallet on this device' }).getAttribute('href')).toMatch(
        /^openid-credential-offer:\/\/\?credential_offer=/,
      );
      expect(await dialog.textContent()).toMatch(/until \d{1,2} [A-Z][a-z]{2} \d{4}/);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'hidden' });
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a graduate without a licence is pointed to applying, one click away', async () => {
    const page = await ctx.browser.newPage();
    try {
      await signInAsDemo(page, ctx.server.baseUrl, 'worker@demo.registry.localhost');
      const next = page.getByRole('region', { name: 'What to do next' });
      await next.waitFor();
      await page.getByText('You hold no licence yet.').waitFor();
      const text = (await next.textContent()) ?? '';
      expect(text).toMatch(/Apply for registration|Finish and submit your application|asked for more information/);
      await next.getByRole('link', { name: 'Go' }).first().click();
      await page.waitForURL(/my-registration/);
    } finally {
      await page.close();
    }
  }, 60_000);
});
