import { z } from 'zod';
import { rowErrorsOut } from '../../http/schemas.js';

const counts = z
  .object({
    rows: z.number().int().describe('Rows in the file'),
    validRows: z.number().int().describe('Rows without errors'),
    errorRows: z.number().int().describe('Rows with errors'),
    registrantsNew: z.number().int().describe('Registrants the import creates'),
    registrantsExisting: z.number().int().describe('Registrants already in the register (matched, not duplicated)'),
    licencesNew: z.number().int().describe('Licences the import creates'),
    licencesExisting: z.number().int().describe('Licences already in the register'),
    qualificationsNew: z.number().int().describe('Qualifications the import creates'),
    qualificationsExisting: z.number().int().describe('Qualifications already recorded'),
  })
  .meta({ id: 'ImportCounts' });

export const importJobOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    filename: z.string().describe('File name as uploaded'),
    encoding: z.string().describe('Character encoding the file was read in'),
    status: z
      .enum(['validated', 'committing', 'committed', 'failed'])
      .describe('validated (checked, not yet imported), committing, committed or failed'),
    total: z.number().int().describe('Rows to import'),
    processed: z.number().int().describe('Rows imported so far'),
    dryRun: counts.describe('What the import would do, counted when the file was checked'),
    result: counts.nullable().describe('What the import did, once it finished'),
    errorCount: z.number().int().describe('Rows with errors'),
    errors: rowErrorsOut.describe('Errors found, each with its row and field'),
    failure: z.string().nullable().describe('Why the import failed, if it did'),
    createdAt: z.string().describe('When the record was created'),
    committedAt: z.string().nullable().describe('When the import finished'),
  })
  .meta({ id: 'ImportJob' });
export const importJobList = z
  .object({ items: z.array(importJobOut), total: z.number().int() })
  .meta({ id: 'ImportJobList' });
export const importColumns = z
  .object({
    items: z.array(
      z.object({
        name: z.string().describe('Column heading, as the CSV file must name it'),
        required: z.boolean().describe('Whether every row must fill it'),
        description: z.string().describe('What the column holds'),
        example: z.string().describe('An example value'),
      }),
    ),
  })
  .meta({ id: 'ImportColumns' });
export const uploadQuery = z.object({ filename: z.string().max(255).optional() });
