/**
 * Register import: upload → dry run (every row validated against the file and the register; the
 * file is kept) → commit (re-validated against the register as it is then, inserted set-based in
 * one transaction, progress written from a separate connection so screens can poll it) → result.
 * One audit event per commit carries the counts.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppDeps } from '../../deps.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { searchKey } from '../../shared/names.js';
import { recordAudit } from '../audit/index.js';
import { ImportJob, type ImportCounts } from './import.entity.js';
import {
  decodeImport,
  ImportEncodingError,
  IMPORT_COLUMNS,
  parseImport,
  planImport,
  type ImportContext,
  type ImportPlan,
} from './import.rules.js';
import { insertPlan } from './actions/insert.js';
import { toCsv } from '../../shared/csv.js';

export const MAX_IMPORT_BYTES = 60 * 1024 * 1024;
const ID_CONTEXT = 'national-id';
/** A commit that has not reported progress for this long is taken to have died with its instance. */
const STALE_COMMIT_MS = 5 * 60_000;

export const jobView = (j: ImportJob, errorLimit = 200) => ({
  id: j.id,
  filename: j.filename,
  encoding: j.encoding,
  status: j.status,
  total: j.total,
  processed: j.processed,
  dryRun: j.dryRun,
  result: j.result ?? null,
  errorCount: j.errors.length,
  errors: j.errors.slice(0, errorLimit),
  failure: j.failure ?? null,
  createdAt: j.createdAt.toISOString(),
  committedAt: j.committedAt?.toISOString() ?? null,
});

export function importService(deps: AppDeps) {
  const em = () => deps.orm.em;
  const personKey = (nationality: string, nationalId: string) =>
    deps.box.mac(`${nationality}:${nationalId.toUpperCase()}`, ID_CONTEXT);

  /** What the register already holds for the people and licences named in the file. */
  async function context(tx: EntityManager, records: { values: Record<string, string> }[]): Promise<ImportContext> {
    const today = deps.clock.now().toISOString().slice(0, 10);
    const keys = records.map((r) => ({
      nationality: (r.values.nationality ?? '').trim().toUpperCase(),
      hash: personKey(
        (r.values.nationality ?? '').trim().toUpperCase(),
        (r.values.national_id ?? '').replace(/\s+/g, ''),
      ),
    }));
    const numbers = records.map((r) => (r.values.licence_number ?? '').trim()).filter(Boolean);
    const [tiers, people, licences] = await Promise.all([
      tx.execute<{ code: string }[]>(`select code from tier`),
      tx.execute<{ id: string; hash: string; full_name: string; dob: string }[]>(
        `select r.id, r.national_id_hash as hash, r.full_name, to_char(r.date_of_birth, 'YYYY-MM-DD') as dob
         from registrant r join (select distinct nationality, hash from jsonb_to_recordset(?::jsonb) as x(nationality text, hash text)) k
           on r.nationality = k.nationality and r.national_id_hash = k.hash`,
        [JSON.stringify(keys)],
      ),
      tx.execute<{ number: string; registrant_id: string }[]>(
        `select l.number, l.registrant_id from licence l join (select distinct value as number from jsonb_array_elements_text(?::jsonb)) n on n.number = l.number`,
        [JSON.stringify(numbers)],
      ),
    ]);
    const ids = people.map((p) => p.id);
    const quals = ids.length
      ? await tx.execute<{ k: string }[]>(
          `select q.registrant_id || '|' || q.title || '|' || to_char(q.awarded_on, 'YYYY-MM-DD') as k
           from qualification q join (select value::uuid as id from jsonb_array_elements_text(?::jsonb)) r on r.id = q.registrant_id`,
          [JSON.stringify(ids)],
        )
      : [];
    return {
      today,
      tiers: new Set(tiers.map((t) => t.code)),
      personKey,
      people: new Map(people.map((p) => [p.hash, { id: p.id, fullName: p.full_name, dateOfBirth: p.dob }])),
      licences: new Map(licences.map((l) => [l.number, { registrantId: l.registrant_id }])),
      qualifications: new Set(quals.map((q) => q.k)),
    };
  }

  async function plan(tx: EntityManager, bytes: Buffer): Promise<{ plan: ImportPlan; encoding: string }> {
    let decoded;
    try {
      decoded = decodeImport(bytes);
    } catch (e) {
      if (e instanceof ImportEncodingError) throw new ValidationError('file', e.message);
      throw e;
    }
    const { records, missing } = parseImport(decoded.text);
    if (missing.length)
      throw new ValidationError(
        'file',
        `the header row has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (download the template for the expected columns)`,
      );
    if (!records.length) throw new ValidationError('file', 'the file has a header row but no data rows');
    return { plan: planImport(records, await context(tx, records)), encoding: decoded.encoding };
  }

  const svc = {
    /** The dry run: validates every row and keeps the file; nothing is imported. */
    async upload(file: { bytes: Buffer; filename?: string }, actorId: string | null) {
      const { plan: p, encoding } = await plan(em(), file.bytes);
      const now = deps.clock.now();
      const job = em().create(ImportJob, {
        filename: (file.filename ?? 'register.csv').slice(0, 255),
        fileSha256: createHash('sha256').update(file.bytes).digest('hex'),
        encoding,
        data: file.bytes,
        status: 'validated',
        total: p.total,
        processed: 0,
        dryRun: p.counts,
        result: null,
        errors: p.errors,
        failure: null,
        createdBy: actorId,
        createdAt: now,
        updatedAt: now,
        committedAt: null,
      });
      await em().flush();
      return jobView(job);
    },

    async get(id: string) {
      const job = await em().fork().findOne(ImportJob, { id });
      if (!job) throw new NotFoundError('The import');
      return job;
    },

    async list() {
      const items = await em().find(ImportJob, {}, { orderBy: { createdAt: 'desc' }, limit: 50 });
      return { items: items.map((j) => jobView(j, 0)), total: items.length };
    },

    /**
     * Claims the job for commit (one instance wins; a commit silent for five minutes may be taken
     * over, its transaction having rolled back with its instance) and returns the work to run.
     */
    async claim(id: string): Promise<() => Promise<ImportCounts>> {
      const now = deps.clock.now();
      const [claimed] = await em().execute<{ id: string }[]>(
        `update import_job set status = 'committing', processed = 0, failure = null, updated_at = ?
         where id = ? and (status in ('validated', 'failed') or (status = 'committing' and updated_at < ?)) returning id`,
        [now, id, new Date(now.getTime() - STALE_COMMIT_MS)],
      );
      if (!claimed) {
        const job = await svc.get(id);
        throw new ConflictError(
          job.status === 'committed'
            ? 'This import was already committed; upload the file again to check it against the register'
            : 'This import is being committed',
        );
      }
      return () => svc.runCommit(id);
    },

    async runCommit(id: string, onProgress?: (processed: number, total: number) => void): Promise<ImportCounts> {
      const progressEm = deps.orm.em.fork();
      const progress = async (processed: number, total: number) => {
        onProgress?.(processed, total);
        await progressEm.execute(`update import_job set processed = ?, total = ?, updated_at = ? where id = ?`, [
          processed,
          total,
          deps.clock.now(),
          id,
        ]);
      };
      try {
        const [row] = await progressEm.execute<{ data: Buffer }[]>(`select data from import_job where id = ?`, [id]);
        const result = await em()
          .fork()
          .transactional(async (tx) => {
            // Re-checked against the register as it is now: another import may have committed since the dry run.
            const { plan: p } = await plan(tx, row!.data);
            const counts = await insertPlan(tx, p, {
              now: deps.clock.now(),
              seal: (nationalId, registrantId) => deps.box.seal(nationalId, `${ID_CONTEXT}:${registrantId}`),
              searchKey,
              progress,
            });
            const [job] = await tx.execute<{ filename: string; sha: string }[]>(
              `select filename, file_sha256 as sha from import_job where id = ?`,
              [id],
            );
            await recordAudit(tx, {
              action: 'register.imported',
              entityType: 'import_job',
              entityId: id,
              after: { filename: job!.filename, sha256: job!.sha, ...counts },
            });
            await tx.execute(
              `update import_job set status = 'committed', result = ?, errors = ?, processed = ?, committed_at = ?, updated_at = ? where id = ?`,
              [JSON.stringify(counts), JSON.stringify(p.errors), p.total, deps.clock.now(), deps.clock.now(), id],
            );
            return counts;
          });
        return result;
      } catch (e) {
        await progressEm.execute(`update import_job set status = 'failed', failure = ?, updated_at = ? where id = ?`, [
          e instanceof Error ? e.message : String(e),
          deps.clock.now(),
          id,
        ]);
        throw e;
      }
    },

    errorsCsv(job: ImportJob) {
      return toCsv(
        ['row', 'field', 'reason'],
        job.errors.map((e) => [e.row, e.field, e.reason]),
      );
    },
  };
  return svc;
}

/** The downloadable template: the header row and one example row. */
export function importTemplate(): string {
  return toCsv(
    IMPORT_COLUMNS.map((c) => c.name),
    [IMPORT_COLUMNS.map((c) => c.example)],
  );
}
