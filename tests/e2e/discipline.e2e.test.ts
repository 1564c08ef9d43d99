/**
 * Complaint → case → suspension → the licence shows suspended → the suspension ends → the licence
 * is active again. The demo registry runs in-process on a clock the test can move forward; the
 * day's scheduled jobs are run through the same job runner the scheduler uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import pino from 'pino';
import { launchBrowser, signInAsDemo } from './browser.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { ensureAdminUiBuilt } from '../../api/shared/admin-ui-build.js';
import { JobRunner } from '../../api/jobs/job-runner.js';
import { scheduledJobs } from '../../api/jobs/jobs.js';

const DAY = 86_400_000;
let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };
let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  ensureAdminUiBuilt();
  app = await startTestApp({ demo: true, clock });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('discipline in the browser', () => {
  it('a public complaint becomes a case; a suspension suspends the licence and, when it ends, the licence is active again', async () => {
    const [licence] = await app.sql<{ id: string; number: string }>(
      `select l.id, l.number from licence l join registrant r on r.id = l.registrant_id join account a on a.id = r.account_id where a.email = 'supervisor@demo.registry.localhost'`,
    );
    const publicPage = await browser.newPage();
    let registrar: Page | null = null;
    try {
      await publicPage.goto(`${app.baseUrl}/complaints`);
      await publicPage.getByLabel('Your name').fill('Hoang Van Duc');
      await publicPage.getByLabel('Your e-mail').fill('duc@example.org');
      await publicPage.getByLabel('Their name').fill('Pham Thu Ha');
      await publicPage.getByLabel('Their licence number, if you know it').fill(licence!.number);
      await publicPage.getByLabel('What is the concern about?').selectOption('boundaries');
      await publicPage
        .getByLabel('What happened? Include dates and places.')
        .fill("Shared a client's file with a journalist in March.");
      await publicPage.getByRole('button', { name: 'Send complaint' }).click();
      const reference = (await publicPage.locator('#reference').textContent())!;
      expect(reference).toMatch(/^FTP-\d{4}-\d{5}$/);
      await publicPage.screenshot({ path: '/tmp/e2e-complaint-received.png', fullPage: true });

      registrar = await browser.newPage();
      await signInAsDemo(registrar, app.baseUrl, 'registrar@demo.registry.localhost');
      await registrar.getByRole('menuitem', { name: 'Discipline cases' }).click();
      await registrar.getByRole('cell', { name: reference }).click();
      await registrar.getByRole('heading', { name: `${reference} — Pham Thu Ha` }).waitFor();
      // Stages and days read as words, the day as the English (en-GB) screen writes it.
      const shown = (ms: number) =>
        new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(isoDay(ms)));
      for (const stage of ['Investigation', 'Hearing', 'Decision']) {
        await registrar.getByLabel('Next stage').click();
        await registrar.getByRole('option', { name: stage, exact: true }).click();
        await registrar.getByRole('button', { name: 'Move stage' }).click();
        await registrar
          .getByText(`since ${shown(clock.now().getTime())}`)
          .first()
          .waitFor();
        await registrar.getByRole('cell', { name: new RegExp(`→ ${stage}$`) }).waitFor();
      }
      const today = clock.now().getTime();
      await registrar.getByLabel('Outcome', { exact: true }).click();
      await registrar.getByRole('option', { name: 'Suspension', exact: true }).click();
      await registrar.getByLabel('From', { exact: true }).fill(isoDay(today));
      // Date fields read day-month-year whatever the browser's locale (an ISO day is understood too).
      await registrar.getByLabel('To (last day)').fill(
        isoDay(today + 2 * DAY)
          .split('-')
          .reverse()
          .join('/'),
      );
      await registrar.getByLabel('Reasons', { exact: true }).fill('Breach of confidentiality found proved.');
      await registrar.getByRole('button', { name: 'Record outcome' }).click();
      await registrar.getByRole('table', { name: 'Outcomes' }).getByText('In force').waitFor();
      await registrar.locator('strong', { hasText: 'Suspended' }).waitFor();
      await registrar.screenshot({ path: '/tmp/e2e-discipline-case.png', fullPage: true });

      await registrar.goto(`${app.baseUrl}/#/licences/${licence!.id}/show`);
      await registrar.getByText('Suspended', { exact: true }).first().waitFor();
      await registrar.screenshot({ path: '/tmp/e2e-licence-suspended.png', fullPage: true });
      expect((await app.sql(`select status from licence where id = ?`, [licence!.id]))[0].status).toBe('suspended');

      // The last day of the suspension: still suspended. The day after: the daily job reinstates it.
      const runDay = async (days: number) => {
        offset = days * DAY;
        await new JobRunner(app.deps.orm, clock, pino({ level: 'silent' }), scheduledJobs(app.deps)).tick();
      };
      await runDay(2);
      expect((await app.sql(`select status from licence where id = ?`, [licence!.id]))[0].status).toBe('suspended');
      await runDay(3);
      await registrar.reload();
      await registrar.getByText('Active', { exact: true }).first().waitFor();
      expect(await registrar.getByText('Suspended', { exact: true }).count()).toBeGreaterThan(0); // the history keeps the suspension
      await registrar.screenshot({ path: '/tmp/e2e-licence-active-again.png', fullPage: true });
      const events = await app.sql<{ to_status: string; d: string }>(
        `select to_status, to_char(effective_date, 'YYYY-MM-DD') as d from licence_event where licence_id = ? order by created_at`,
        [licence!.id],
      );
      expect(events.slice(-2)).toEqual([
        { to_status: 'suspended', d: isoDay(today) },
        { to_status: 'active', d: isoDay(today + 3 * DAY) },
      ]);

      // The council's publication policy: warnings public for 180 days from now on.
      await registrar.getByRole('menuitem', { name: 'Publication settings' }).click();
      await registrar.getByRole('heading', { name: 'Discipline publication settings' }).waitFor();
      await registrar.getByLabel('Days for Warning').fill('180');
      await registrar.getByRole('button', { name: 'Save settings' }).click();
      await registrar.getByText('Saved', { exact: true }).waitFor();
      expect((await app.sql(`select publication->'warning'->>'durationDays' as d from discipline_settings`))[0].d).toBe(
        '180',
      );
    } catch (e) {
      await publicPage.screenshot({ path: '/tmp/e2e-discipline-public.png', fullPage: true }).catch(() => {});
      await registrar?.screenshot({ path: '/tmp/e2e-discipline-registrar.png', fullPage: true }).catch(() => {});
      throw e;
    }
  }, 240_000);
});
