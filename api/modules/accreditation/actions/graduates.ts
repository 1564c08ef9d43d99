/**
 * Graduate lists: a school uploads a cohort as CSV; the whole file is validated first into a
 * row-by-row report; nothing is imported until a registrar accepts the valid rows. The same file
 * uploaded again changes nothing, and accepting imports each (programme, student id) once.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AppDeps } from '../../../deps.js';
import type { AuthContext } from '../../../http/authenticate.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.js';
import { csvRecords, decodeUtf8, isCalendarDate } from '../../../shared/csv.js';
import { recordAudit } from '../../audit/index.js';
import { Graduate, GraduateUpload, Institution, Programme, type GraduateRow } from '../accreditation.entity.js';
import { isoDate } from '../accreditation.rules.js';
import { assertInScope, scopeOf } from '../accreditation.service.js';
import type { graduateListQuery } from '../accreditation.schema.js';

export const GRADUATE_COLUMNS = ['full_name', 'date_of_birth', 'student_id', 'programme', 'graduation_date'] as const;
export const MAX_GRADUATE_ROWS = 20_000;
export const MAX_GRADUATE_BYTES = 5 * 1024 * 1024;

type RowError = { row: number; field: string; reason: string };

const uploadView = (u: GraduateUpload, alreadyUploaded = false) => ({
  id: u.id,
  institutionId: u.institution.id,
  filename: u.filename,
  status: u.status,
  rowCount: u.rowCount,
  validCount: u.validCount,
  errors: u.errors,
  createdAt: u.createdAt.toISOString(),
  acceptedAt: u.acceptedAt?.toISOString() ?? null,
  importedCount: u.importedCount ?? null,
  alreadyUploaded,
});

/** Pure validation of the parsed file against the institution's programmes and known graduates. */
export function validateGraduateRows(
  text: string,
  programmes: { id: string; name: string }[],
  existing: Map<string, { fullName: string; dateOfBirth: string; graduationDate: string }>,
  today: string,
): { rows: GraduateRow[]; errors: RowError[]; rowCount: number } {
  const { headers, records } = csvRecords(text);
  const missing = GRADUATE_COLUMNS.filter((c) => !headers.includes(c));
  if (missing.length)
    return {
      rows: [],
      rowCount: records.length,
      errors: missing.map((c) => ({
        row: 0,
        field: c,
        reason: `the header row has no ${c} column (expected: ${GRADUATE_COLUMNS.join(', ')})`,
      })),
    };
  const byId = new Map(programmes.map((p) => [p.id, p.id]));
  const byName = new Map(programmes.map((p) => [p.name.trim().toLowerCase(), p.id]));
  const seen = new Map<string, number>();
  const rows: GraduateRow[] = [];
  const errors: RowError[] = [];
  for (const { line, values: v } of records) {
    const before = errors.length;
    const err = (field: string, reason: string) => errors.push({ row: line, field, reason });
    if (!v.full_name) err('full_name', 'is empty');
    else if (v.full_name.length > 300) err('full_name', 'is longer than 300 characters');
    if (!v.student_id) err('student_id', 'is empty');
    else if (v.student_id.length > 60) err('student_id', 'is longer than 60 characters');
    const programmeId = byId.get(v.programme!) ?? byName.get((v.programme ?? '').toLowerCase());
    if (!programmeId)
      err('programme', `"${v.programme}" is not a programme of this institution (use its id or exact name)`);
    if (!isCalendarDate(v.date_of_birth!))
      err('date_of_birth', `"${v.date_of_birth}" is not a date in the form YYYY-MM-DD`);
    else if (v.date_of_birth! >= today) err('date_of_birth', 'is not in the past');
    if (!isCalendarDate(v.graduation_date!))
      err('graduation_date', `"${v.graduation_date}" is not a date in the form YYYY-MM-DD`);
    else if (v.graduation_date! > today) err('graduation_date', 'is in the future');
    else if (isCalendarDate(v.date_of_birth!) && v.graduation_date! <= v.date_of_birth!)
      err('graduation_date', 'is before the date of birth');
    if (programmeId && v.student_id) {
      const key = `${programmeId}|${v.student_id}`;
      const first = seen.get(key);
      if (first) err('student_id', `duplicates row ${first} (same programme and student id)`);
      else seen.set(key, line);
      const known = existing.get(key);
      if (
        known &&
        (known.fullName !== v.full_name ||
          known.dateOfBirth !== v.date_of_birth ||
          known.graduationDate !== v.graduation_date)
      ) {
        err('student_id', 'this student id is already registered for this programme with different details');
      }
    }
    if (errors.length === before)
      rows.push({
        row: line,
        fullName: v.full_name!,
        dateOfBirth: v.date_of_birth!,
        studentId: v.student_id!,
        programmeId: programmeId!,
        graduationDate: v.graduation_date!,
      });
  }
  return { rows, errors, rowCount: records.length };
}

export function graduateActions(deps: AppDeps) {
  const em = () => deps.orm.em;

  return {
    async upload(auth: AuthContext, institutionId: string, file: { bytes: Buffer; filename?: string }) {
      assertInScope(await scopeOf(em(), auth), institutionId);
      if (!(await em().findOne(Institution, { id: institutionId }))) throw new NotFoundError('The institution');
      if (file.bytes.length === 0) throw new ValidationError('file', 'the file is empty');
      if (file.bytes.length > MAX_GRADUATE_BYTES)
        throw new ValidationError('file', `the file is larger than ${MAX_GRADUATE_BYTES / 1024 / 1024} MB`);
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      const previous = await em().findOne(GraduateUpload, { institution: institutionId, sha256 });
      if (previous) return uploadView(previous, true);

      // a file that is not UTF-8, or holds a character no text may hold, is refused whole (CsvEncodingError)
      const text = decodeUtf8(file.bytes);
      const programmes = await em().find(Programme, { institution: institutionId });
      const existingRows = await em().find(Graduate, { programme: { $in: programmes.map((p) => p.id) } });
      const existing = new Map(existingRows.map((g) => [`${g.programme.id}|${g.studentId}`, g]));
      const result = validateGraduateRows(text, programmes, existing, isoDate(deps.clock.now()));
      if (result.rowCount > MAX_GRADUATE_ROWS)
        throw new ValidationError(
          'file',
          `the file has ${result.rowCount} rows; upload at most ${MAX_GRADUATE_ROWS} at a time`,
        );
      return em().transactional(async (tx) => {
        const u = tx.create(GraduateUpload, {
          institution: institutionId,
          filename: (file.filename ?? 'graduates.csv').slice(0, 255),
          sha256,
          status: 'validated',
          rowCount: result.rowCount,
          validCount: result.rows.length,
          errors: result.errors,
          validRows: result.rows,
          uploadedBy: auth.accountId,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'graduate-upload.validated',
          entityType: 'graduate_upload',
          entityId: u.id,
          after: {
            institutionId,
            rows: result.rowCount,
            valid: result.rows.length,
            errors: result.errors.length,
            sha256,
          },
        });
        return uploadView(u);
      });
    },

    async get(auth: AuthContext, id: string) {
      const u = await em().findOne(GraduateUpload, { id });
      if (!u) throw new NotFoundError('The upload');
      assertInScope(await scopeOf(em(), auth), u.institution.id);
      return uploadView(u);
    },

    /** Imports the valid rows once; accepting again is refused. */
    async accept(auth: AuthContext, id: string) {
      return em().transactional(async (tx) => {
        const [locked] = await tx.execute<{ status: string }[]>(
          `select status from graduate_upload where id = ? for update`,
          [id],
        );
        if (!locked) throw new NotFoundError('The upload');
        const u = await tx.findOneOrFail(GraduateUpload, { id }, { populate: ['validRows'] });
        if (u.status === 'accepted') throw new ConflictError('This upload was already accepted');
        const rows = (u.validRows as unknown as GraduateRow[]) ?? [];
        const now = deps.clock.now();
        let imported = 0;
        for (let i = 0; i < rows.length; i += 1000) {
          const chunk = rows.slice(i, i + 1000);
          const res = await tx.execute<{ id: string }[]>(
            `insert into graduate (id, programme_id, student_id, full_name, date_of_birth, graduation_date, upload_id, created_at)
             select gen_random_uuid(), x.programme_id, x.student_id, x.full_name, x.date_of_birth, x.graduation_date, ?, ?
             from jsonb_to_recordset(?::jsonb) as x(programme_id uuid, student_id text, full_name text, date_of_birth date, graduation_date date)
             on conflict (programme_id, student_id) do nothing returning id`,
            [
              u.id,
              now,
              JSON.stringify(
                chunk.map((r) => ({
                  programme_id: r.programmeId,
                  student_id: r.studentId,
                  full_name: r.fullName,
                  date_of_birth: r.dateOfBirth,
                  graduation_date: r.graduationDate,
                })),
              ),
            ],
          );
          imported += res.length;
        }
        u.status = 'accepted';
        u.acceptedAt = now;
        u.acceptedBy = auth.accountId;
        u.importedCount = imported;
        await tx.flush();
        await recordAudit(tx, {
          action: 'graduate-upload.accepted',
          entityType: 'graduate_upload',
          entityId: u.id,
          after: { imported, valid: rows.length, skippedAlreadyKnown: rows.length - imported },
        });
        return uploadView(u);
      });
    },

    async list(auth: AuthContext, q: z.infer<typeof graduateListQuery>) {
      const scope = await scopeOf(em(), auth);
      const where: Record<string, unknown> = {};
      if (q.programmeId) where.programme = q.programmeId;
      const institutions = scope.all
        ? q.institutionId
          ? [q.institutionId]
          : null
        : scope.institutionIds.filter((i) => !q.institutionId || i === q.institutionId);
      if (institutions)
        where.programme = { ...(q.programmeId ? { id: q.programmeId } : {}), institution: { $in: institutions } };
      if (q.q) where.$or = [{ fullName: { $ilike: `%${q.q}%` } }, { studentId: q.q }];
      const [items, total] = await em().findAndCount(Graduate, where, {
        orderBy: { [q.sort ?? 'fullName']: q.order },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return {
        items: items.map((g) => ({
          id: g.id,
          programmeId: g.programme.id,
          studentId: g.studentId,
          fullName: g.fullName,
          dateOfBirth: g.dateOfBirth,
          graduationDate: g.graduationDate,
        })),
        total,
      };
    },
  };
}
