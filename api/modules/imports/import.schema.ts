import { z } from 'zod';

const counts = z
  .object({
    rows: z.number().int(),
    validRows: z.number().int(),
    errorRows: z.number().int(),
    registrantsNew: z.number().int(),
    registrantsExisting: z.number().int(),
    licencesNew: z.number().int(),
    licencesExisting: z.number().int(),
    qualificationsNew: z.number().int(),
    qualificationsExisting: z.number().int(),
  })
  .meta({ id: 'ImportCounts' });

export const importJobOut = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    encoding: z.string(),
    status: z.enum(['validated', 'committing', 'committed', 'failed']),
    total: z.number().int(),
    processed: z.number().int(),
    dryRun: counts,
    result: counts.nullable(),
    errorCount: z.number().int(),
    errors: z.array(z.object({ row: z.number().int(), field: z.string(), reason: z.string() })),
    failure: z.string().nullable(),
    createdAt: z.string(),
    committedAt: z.string().nullable(),
  })
  .meta({ id: 'ImportJob' });
export const importJobList = z
  .object({ items: z.array(importJobOut), total: z.number().int() })
  .meta({ id: 'ImportJobList' });
export const importColumns = z
  .object({
    items: z.array(z.object({ name: z.string(), required: z.boolean(), description: z.string(), example: z.string() })),
  })
  .meta({ id: 'ImportColumns' });
export const uploadQuery = z.object({ filename: z.string().max(255).optional() });
