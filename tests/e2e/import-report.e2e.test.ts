import { describe, expect, it } from 'vitest';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';

const ctx = useDemoRegistryInBrowser();

const HEADER =
  'nationality,national_id,full_name,date_of_birth,sex,region,sector,licence_number,tier,status,valid_from,valid_until,status_since';
// Six licences in a province the demo register has nobody in, and one row with an impossible date.
const ROWS = [
  ...[1, 2, 3, 4, 5, 6].map(
    (i) =>
      `VN,08920000000${i},Lo Thi Van ${i},198${i}-03-0${i},female,Dien Bien,social_welfare,DB-2024-00${i},licensed,active,2024-01-01,2027-12-31,`,
  ),
  'VN,089200000099,Quang Van Nam,1990-02-30,male,Dien Bien,health,DB-2024-099,licensed,active,2024-01-01,2027-12-31,',
];
const CSV = Buffer.from([HEADER, ...ROWS].join('\r\n') + '\r\n', 'utf8');

describe('register import and reports in the browser', () => {
  it('staff import a small register through the wizard and see it counted on the reports dashboard', async () => {
    const page = await ctx.browser.newPage();
    try {
      await signInAsDemo(page, ctx.server.baseUrl, 'admin@demo.registry.localhost');

      await page.getByRole('menuitem', { name: 'Workforce reports' }).click();
      const heading = page.getByRole('heading', { name: /^Licences as of / });
      await heading.waitFor();
      const before = Number(/: (\d+)$/.exec((await heading.textContent()) ?? '')?.[1]);
      expect(before).toBeGreaterThan(0);
      expect(await page.getByTestId('count-Region-Dien Bien').count()).toBe(0);

      await page.getByRole('menuitem', { name: 'Import a register' }).click();
      await page.getByText('Step 1 of 5: Upload').waitFor();
      await page.getByTestId('import-file').setInputFiles({ name: 'dien-bien.csv', mimeType: 'text/csv', buffer: CSV });

      // Column check: what the header row gives, before anything is sent.
      await page.getByText('Step 2 of 5: Column check').waitFor();
      const check = page.getByRole('table', { name: 'Column check' });
      expect(await check.getByRole('row').filter({ hasText: 'licence_number' }).textContent()).toContain('found');
      expect(await check.getByRole('row').filter({ hasText: 'email' }).textContent()).toContain('not given');
      await page.getByText('All required columns found.').waitFor();
      await page.getByRole('button', { name: 'Check every row (dry run)' }).click();

      // Dry-run report: the bad row, precisely; nothing imported yet.
      await page.getByText('Step 3 of 5: Dry-run report').waitFor();
      expect(await page.getByTestId('dry-run').textContent()).toContain('7 rows, 6 valid, 1 with errors');
      await page.getByText('Row 7, date_of_birth: "1990-02-30" is not a date in the form YYYY-MM-DD').waitFor();
      expect(await ctx.server.app.sql(`select count(*)::int as n from licence where number like 'DB-2024-%'`)).toEqual([
        { n: 0 },
      ]);

      await page.getByRole('button', { name: 'Commit 6 valid rows' }).click();
      const result = page.getByTestId('import-result');
      await result.waitFor({ timeout: 30_000 });
      expect(await result.textContent()).toContain('Imported: 6 people, 6 licences');
      await page.getByText('Step 5 of 5: Result').waitFor();

      await page.getByRole('menuitem', { name: 'Workforce reports' }).click();
      await page.getByTestId('count-Region-Dien Bien').waitFor();
      expect(await page.getByTestId('count-Region-Dien Bien').textContent()).toBe('6');
      expect(await heading.textContent()).toMatch(new RegExp(`: ${before + 6}$`));
      await page.screenshot({ path: '/tmp/e2e-import-report.png', fullPage: true });
    } catch (e) {
      await page.screenshot({ path: '/tmp/e2e-import-report-failure.png', fullPage: true });
      throw e;
    }
  }, 120_000);
});
