import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';

export type ImportStatus = 'validated' | 'committing' | 'committed' | 'failed';
export type ImportRowError = { row: number; field: string; reason: string };
export type ImportCounts = {
  rows: number;
  validRows: number;
  errorRows: number;
  registrantsNew: number;
  registrantsExisting: number;
  licencesNew: number;
  licencesExisting: number;
  qualificationsNew: number;
  qualificationsExisting: number;
};

/**
 * One register import: the uploaded file (kept so the commit re-reads exactly what was checked),
 * its dry-run report, and the progress of its commit (processed of total rows) that screens poll.
 */
export const ImportJobSchema = defineEntity({
  name: 'ImportJob',
  tableName: 'import_job',
  indexes: [{ properties: ['createdAt'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    filename: p.string().length(255),
    fileSha256: p.string().length(64).index(),
    encoding: p.string().length(20),
    data: p.blob().lazy().hidden(),
    status: p.string().length(12).$type<ImportStatus>(),
    total: p.integer(),
    processed: p.integer(),
    dryRun: p.json<ImportCounts>(),
    result: p.json<ImportCounts>().nullable(),
    errors: p.json<ImportRowError[]>(),
    failure: p.text().nullable(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    committedAt: p.datetime().nullable(),
  },
});
export class ImportJob extends ImportJobSchema.class {}
ImportJobSchema.setClass(ImportJob);
