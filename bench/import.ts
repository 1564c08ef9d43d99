/**
 *   npm run bench:import [-- rows]
 * Builds a register file of N rows (default 100,000: one licence each, a tenth of the people with a
 * second, older licence, every row with a qualification, 1% bad rows), then times the dry run, the
 * commit (as the API and CLI run it) and a second import of the same file (which imports nothing).
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { RequestContext } from '@mikro-orm/core';
import { benchDatabase } from './db.js';
import { SecretBox } from '../api/shared/secrets.js';
import { systemClock } from '../api/shared/clock.js';
import type { AppDeps } from '../api/deps.js';
import { importService } from '../api/modules/imports/index.js';

const rows = Number(process.argv[2] ?? 100_000);
const db = await benchDatabase('swr_bench_import');
const deps = {
  orm: db.orm,
  clock: systemClock,
  box: new SecretBox(randomBytes(32).toString('base64')),
  log: pino({ level: 'silent' }),
} as unknown as AppDeps;
const imports = importService(deps);

const header =
  'nationality,national_id,full_name,full_name_native,date_of_birth,sex,region,sector,email,licence_number,tier,status,valid_from,valid_until,status_since,qualification_title,qualification_level,qualification_institution,qualification_country,qualification_awarded_on';
const lines = [header];
const tiers = ['para', 'provisional', 'licensed', 'specialist'];
for (let i = 1; i <= rows; i++) {
  const person = i % 10 === 0 ? i - 1 : i; // every tenth row is a second (older) licence of the previous person
  const older = person !== i;
  const dob = `19${60 + (person % 40)}-0${1 + (person % 9)}-1${person % 10}`;
  const bad = i % 100 === 50;
  lines.push(
    [
      'VN',
      `0791${String(person).padStart(8, '0')}`,
      `Person ${person}`,
      `Người ${person}`,
      bad ? '1990-02-30' : dob,
      person % 2 ? 'female' : 'male',
      `Region ${person % 63}`,
      'social_welfare',
      `p${person}@example.org`,
      `IMP-${String(i).padStart(7, '0')}`,
      tiers[i % 4],
      older ? 'lapsed' : 'active',
      older ? '2015-01-01' : '2023-01-01',
      older ? '2017-12-31' : '2025-12-31',
      older ? '2018-02-01' : '',
      'Bachelor of Social Work',
      'bachelor',
      'University of Labour and Social Affairs',
      'VN',
      `20${10 + (person % 10)}-06-30`,
    ].join(','),
  );
}
const bytes = Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
console.log(`file: ${rows.toLocaleString('en')} rows, ${(bytes.length / 1e6).toFixed(1)} MB`);

const run = async (label: string) => {
  let t = performance.now();
  const job = await imports.upload({ bytes, filename: 'bench.csv' }, null);
  const dryMs = Math.round(performance.now() - t);
  await imports.claim(job.id);
  t = performance.now();
  let updates = 0;
  const counts = await imports.runCommit(job.id, () => updates++);
  const commitMs = Math.round(performance.now() - t);
  console.log(
    JSON.stringify({
      run: label,
      dryRunMs: dryMs,
      commitMs,
      totalMs: dryMs + commitMs,
      progressUpdates: updates,
      ...counts,
    }),
  );
};
// As the API and the command line run it: inside a request context.
await RequestContext.create(db.orm.em, () => run('first import'));
await RequestContext.create(db.orm.em, () => run('same file again (idempotent)'));
await db.close();
