/**
 * Exam results from a CSV file (UTF-8): nationality, national_id, exam_code, taken_on, passed, score.
 * People are found by identity number (compared by keyed hash, never decrypted). Every row is checked
 * first; a dry run only reports; otherwise the valid rows are imported and each (person, exam, date)
 * once, so importing the same file again adds nothing.
 */
import type { AppDeps } from '../../deps.js';
import { csvRecords, decodeUtf8, isCalendarDate } from '../../shared/csv.js';
import { ValidationError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';

export const EXAM_COLUMNS = ['nationality', 'national_id', 'exam_code', 'taken_on', 'passed', 'score'] as const;
const YES = new Set(['yes', 'true', '1', 'pass', 'passed']);
const NO = new Set(['no', 'false', '0', 'fail', 'failed']);

export async function importExamResults(deps: AppDeps, bytes: Buffer, opts: { dryRun: boolean; recordedBy: string }) {
  const errors: { row: number; field: string; reason: string }[] = [];
  // a file that is not UTF-8, or holds a character no text may hold, is refused whole (CsvEncodingError)
  const { headers, records } = csvRecords(decodeUtf8(bytes));
  const missing = EXAM_COLUMNS.filter((c) => c !== 'score' && !headers.includes(c));
  if (missing.length)
    return {
      rows: records.length,
      imported: 0,
      alreadyKnown: 0,
      dryRun: opts.dryRun,
      errors: missing.map((c) => ({ row: 0, field: c, reason: `the header row has no ${c} column` })),
    };
  if (records.length > 20_000) throw new ValidationError('file', 'import at most 20,000 rows at a time');

  const em = deps.orm.em;
  const hashes = records.map((r) =>
    deps.box.mac(
      `${(r.values.nationality ?? '').toUpperCase()}:${(r.values.national_id ?? '').toUpperCase()}`,
      'national-id',
    ),
  );
  const found = await em.execute<{ id: string; national_id_hash: string }[]>(
    `select id, national_id_hash from registrant where national_id_hash in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(hashes)],
  );
  const byHash = new Map(found.map((f) => [f.national_id_hash, f.id]));
  const today = deps.clock.now().toISOString().slice(0, 10);
  const valid: { registrant_id: string; exam_code: string; taken_on: string; passed: boolean; score: number | null }[] =
    [];
  const seen = new Set<string>();
  records.forEach(({ line, values: v }, i) => {
    const before = errors.length;
    const err = (field: string, reason: string) => errors.push({ row: line, field, reason });
    const registrantId = byHash.get(hashes[i]!);
    if (!registrantId) err('national_id', 'no registrant has this nationality and identity number');
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(v.exam_code ?? ''))
      err('exam_code', `"${v.exam_code}" is not an exam code (lower-case, e.g. licensed)`);
    if (!isCalendarDate(v.taken_on ?? '')) err('taken_on', `"${v.taken_on}" is not a date in the form YYYY-MM-DD`);
    else if (v.taken_on! > today) err('taken_on', 'is in the future');
    const passed = YES.has((v.passed ?? '').toLowerCase())
      ? true
      : NO.has((v.passed ?? '').toLowerCase())
        ? false
        : null;
    if (passed === null) err('passed', `"${v.passed}" is not yes or no`);
    const score = v.score ? Number(v.score) : null;
    if (v.score && (!Number.isInteger(score) || score! < 0 || score! > 1000))
      err('score', `"${v.score}" is not a whole number from 0 to 1000`);
    const key = `${registrantId}|${v.exam_code}|${v.taken_on}`;
    if (registrantId && seen.has(key)) err('national_id', 'the same person, exam and date appear twice in the file');
    seen.add(key);
    if (errors.length === before)
      valid.push({
        registrant_id: registrantId!,
        exam_code: v.exam_code!,
        taken_on: v.taken_on!,
        passed: passed!,
        score,
      });
  });
  if (opts.dryRun || valid.length === 0)
    return { rows: records.length, imported: 0, alreadyKnown: 0, dryRun: opts.dryRun, errors };
  return em.transactional(async (tx) => {
    const inserted = await tx.execute<{ id: string }[]>(
      `insert into exam_result (id, registrant_id, exam_code, taken_on, passed, score, recorded_by, created_at)
       select gen_random_uuid(), x.registrant_id, x.exam_code, x.taken_on, x.passed, x.score, ?, ?
       from jsonb_to_recordset(?::jsonb) as x(registrant_id uuid, exam_code text, taken_on date, passed boolean, score int)
       on conflict (registrant_id, exam_code, taken_on) do nothing returning id`,
      [opts.recordedBy, deps.clock.now(), JSON.stringify(valid)],
    );
    await recordAudit(tx, {
      action: 'exam-results.imported',
      entityType: 'exam_result',
      entityId: newId(),
      after: { rows: records.length, imported: inserted.length, errors: errors.length },
    });
    return {
      rows: records.length,
      imported: inserted.length,
      alreadyKnown: valid.length - inserted.length,
      dryRun: false,
      errors,
    };
  });
}
