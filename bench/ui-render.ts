/**
 *   npm run bench:ui-render
 *
 * First render of the sign-in page and of /verify in Debian's Chromium on a throttled phone profile
 * (Lighthouse's mobile settings: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU 4× slower),
 * against the demo registry with the production build of the admin UI. Each run is a fresh browser
 * context (an empty cache); a second visit in the same context shows the cached case. Reports the
 * median of BENCH_RUNS (default 5) of: first contentful paint, and the time until the page can be
 * used (the sign-in form's e-mail field; /verify's search box). A fresh database (DATABASE_URL's
 * server, default postgres://postgres@127.0.0.1:5432, database swr_bench_ui_render) gets the demo.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/browser.js';
import pg from 'pg';
import { startTestApp } from '../tests/support/app.js';
import { ensureAdminUiBuilt } from '../api/shared/admin-ui-build.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function throttle(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

async function visit(page: Page, url: string, usable: (p: Page) => Promise<unknown>) {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await usable(page);
  const ready = Date.now() - t0;
  const fcp = await page.evaluate(
    () =>
      (
        globalThis as unknown as { performance: { getEntriesByName(n: string): { startTime: number }[] } }
      ).performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  );
  const bytes = await page.evaluate(() =>
    (globalThis as unknown as { performance: { getEntriesByType(t: string): { transferSize: number }[] } }).performance
      .getEntriesByType('resource')
      .reduce((s, r) => s + r.transferSize, 0),
  );
  return { fcp, ready, bytes };
}

async function measure(browser: Browser, url: string, usable: (p: Page) => Promise<unknown>) {
  const cold: { fcp: number; ready: number; bytes: number }[] = [];
  const warm: { fcp: number; ready: number; bytes: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await throttle(page);
    cold.push(await visit(page, url, usable));
    warm.push(await visit(page, url, usable));
    await context.close();
  }
  const row = (xs: typeof cold) =>
    `FCP ${median(xs.map((x) => x.fcp)).toFixed(0)} ms, usable ${median(xs.map((x) => x.ready))} ms, ${(median(xs.map((x) => x.bytes)) / 1024).toFixed(1)} KB over the network`;
  return { cold: row(cold), warm: row(warm) };
}

// BENCH_URL measures a registry that is already running (e.g. an earlier release, for a before/after).
const external = process.env.BENCH_URL;
const serverUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
async function ownServer() {
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query('drop database if exists swr_bench_ui_render');
  await admin.query('create database swr_bench_ui_render');
  await admin.end();
  serverUrl.pathname = '/swr_bench_ui_render';
  ensureAdminUiBuilt((m) => console.error(m));
  return startTestApp({ demo: true, databaseUrl: serverUrl.toString(), clock: { now: () => new Date() } });
}
const server = external ? { baseUrl: external.replace(/\/$/, ''), close: async () => {} } : await ownServer();
const browser = await launchBrowser();
try {
  console.log(`Throttled phone profile (150 ms RTT, 1.6 Mbit/s, CPU ×4), median of ${RUNS} runs each`);
  const signIn = await measure(browser, `${server.baseUrl}/`, (p) =>
    p.getByLabel('Email').waitFor({ timeout: 60_000 }),
  );
  console.log(`sign-in  first visit: ${signIn.cold}`);
  console.log(`sign-in  again:       ${signIn.warm}`);
  const verify = await measure(browser, `${server.baseUrl}/verify?lang=en`, (p) =>
    p.locator('input#q').waitFor({ timeout: 60_000 }),
  );
  console.log(`/verify  first visit: ${verify.cold}`);
  console.log(`/verify  again:       ${verify.warm}`);
} finally {
  await browser.close();
  await server.close();
}
