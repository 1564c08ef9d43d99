/**
 * axe-core over the main screens of every role and the public pages: no critical or serious
 * violation (WCAG 2.1 A and AA rules), and nothing wider than the window (staff screens at 1366 px, the
 * portal at 390 px). Also: signing in works with the keyboard alone.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { signInAsDemo, useDemoRegistryInBrowser } from './browser.js';
import { DEMO_ACCOUNTS } from '../../seeds/demo.seeder.js';

const ctx = useDemoRegistryInBrowser();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const demo = (role: string) => DEMO_ACCOUNTS.find((a) => a.roles.includes(role))!;

type Finding = { page: string; id: string; impact: string; help: string; nodes: string[] };

/** Critical and serious violations on the page as it is now. */
async function audit(page: Page, name: string): Promise<Finding[]> {
  // Evaluated through the browser protocol: the pages' Content Security Policy (rightly) refuses inline scripts.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  });
  return violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => ({
      page: name,
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
}

async function visit(page: Page, path: string, ready: () => Promise<unknown>, name: string) {
  await page.goto(ctx.server.baseUrl + path);
  await ready();
  await page.waitForLoadState('networkidle');
  return [...(await audit(page, name)), ...(await overflow(page, name))];
}

/** The page, and every table on it, fits the window: nothing to scroll sideways (WCAG 1.4.10 reflow, and 1366 px screens). */
async function overflow(page: Page, name: string): Promise<Finding[]> {
  // A screen still settling (a progress bar, a chart finding its size) may stick out for a moment;
  // what still sticks out after a second and a half is the layout.
  let wide = await measureWidth(page);
  for (let i = 0; i < 3 && wide.out.length; i++) {
    await page.waitForTimeout(500);
    wide = await measureWidth(page);
  }
  return wide.out.length
    ? [
        {
          page: name,
          id: 'overflow',
          impact: 'serious',
          help: `wider than the ${wide.width} px window`,
          nodes: wide.out,
        },
      ]
    : [];
}

function measureWidth(page: Page): Promise<{ width: number; out: string[] }> {
  return page.evaluate(() => {
    type Box = {
      getBoundingClientRect(): { right: number; width: number };
      tagName: string;
      className: unknown;
      textContent: string | null;
      children: { length: number };
    };
    const d = (
      globalThis as unknown as {
        document: {
          documentElement: { clientWidth: number; scrollWidth: number };
          querySelectorAll(s: string): Box[];
        };
      }
    ).document;
    const width = d.documentElement.clientWidth;
    const out: string[] = [];
    if (d.documentElement.scrollWidth > width) {
      // Name the innermost elements that stick out, so the finding says what to fix.
      const sticksOut = (e: Box) => Math.round(e.getBoundingClientRect().right) > width;
      const past = [...d.querySelectorAll('body *')].filter(
        (e) => sticksOut(e) && ![...(e as unknown as { children: Iterable<Box> }).children].some(sticksOut),
      );
      const what = past
        .slice(0, 3)
        .map(
          (e) =>
            `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]} ${Math.round(e.getBoundingClientRect().width)} px "${(e.textContent ?? '').slice(0, 30)}"`,
        );
      out.push(`page ${d.documentElement.scrollWidth} px${what.length ? ` (${what.join(', ')})` : ''}`);
    }
    for (const table of d.querySelectorAll('main table'))
      if (Math.round(table.getBoundingClientRect().right) > width)
        out.push(`table ${Math.round(table.getBoundingClientRect().width)} px`);
    return { width, out };
  });
}

describe('accessibility', () => {
  it('public pages and the sign-in page have no critical or serious axe violations; sign-in works by keyboard', async () => {
    const page = await ctx.browser.newPage();
    const findings: Finding[] = [];
    for (const [path, name] of [
      ['/verify?lang=en', 'verify'],
      ['/verify?lang=vi', 'verify (vi)'],
      ['/complaints?lang=en', 'complaint form'],
      ['/accredited-programmes?lang=en', 'accredited programmes'],
    ] as const)
      findings.push(...(await visit(page, path, () => page.locator('main').waitFor(), name)));
    findings.push(...(await visit(page, '/', () => page.getByLabel('Email').waitFor(), 'sign-in')));
    if (findings.length) console.log(JSON.stringify(findings, null, 2));
    expect(findings).toEqual([]);

    // Keyboard alone: Tab to the e-mail field, type, Tab to the password, type, Enter.
    const worker = demo('social_worker');
    await page.goto(ctx.server.baseUrl + '/');
    await page.getByLabel('Email').waitFor();
    await page.keyboard.press('Tab');
    for (
      let i = 0;
      i < 5 &&
      !(
        (await page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { id?: string } | null } }).document.activeElement
              ?.id,
        )) === 'email'
      );
      i++
    )
      await page.keyboard.press('Tab');
    await page.keyboard.type(worker.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(worker.password);
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem').nth(1).waitFor({ timeout: 15_000 });
  }, 120_000);

  it('the main screens of each role have no critical or serious axe violations', async () => {
    const findings: Finding[] = [];
    const screens: Record<string, [string, string][]> = {
      registrar: [
        ['/#/', 'dashboard'],
        ['/#/licence-applications', 'applications'],
        ['/#/licences', 'licences'],
        ['/#/renewals', 'renewals due'],
        ['/#/invoices', 'invoices'],
        ['/#/reports', 'reports'],
        ['/#/registrants', 'registrants'],
        ['/#/cpd/records', 'CPD records'],
        ['/#/discipline/cases', 'cases'],
      ],
      social_worker: [
        ['/#/', 'home'],
        ['/#/my-registration', 'my registration'],
        ['/#/my-cpd', 'my CPD'],
        ['/#/my-fees', 'my fees'],
      ],
      employer: [['/#/bulk-check', 'bulk check']],
      school_admin: [['/#/accreditation-applications', 'accreditation']],
    };
    for (const [role, list] of Object.entries(screens)) {
      const page = await ctx.browser.newPage({ viewport: { width: 1366, height: 900 } });
      await signInAsDemo(page, ctx.server.baseUrl, demo(role).email);
      // The portal is for phones first.
      if (role === 'social_worker') await page.setViewportSize({ width: 390, height: 844 });
      for (const [path, name] of list) {
        findings.push(...(await visit(page, path, () => page.locator('main').first().waitFor(), `${role}: ${name}`)));
      }
      await page.close();
    }
    if (findings.length) console.log(JSON.stringify(findings, null, 2));
    expect(findings).toEqual([]);
  }, 240_000);
});
