import { z } from 'zod';
import { listOf, listQuery } from '../../http/schemas.js';

const calendarDate = z.iso.date();
const localised = z.record(z.string(), z.string());
export const licenceStatus = z.enum(['pending', 'active', 'grace', 'lapsed', 'suspended', 'revoked', 'surrendered']);

export const licenceSummaryOut = z
  .object({
    id: z.uuid(),
    number: z.string(),
    registrantId: z.uuid(),
    tierCode: z.string(),
    tierName: localised,
    protectedTitle: localised,
    status: licenceStatus,
    statusSince: calendarDate,
    validUntil: calendarDate,
    version: z.number().int(),
  })
  .meta({ id: 'LicenceSummary' });

export const licenceOut = licenceSummaryOut
  .extend({
    periods: z.array(z.object({ id: z.uuid(), validFrom: calendarDate, validUntil: calendarDate, kind: z.string() })),
    events: z.array(
      z.object({
        id: z.uuid(),
        fromStatus: z.string(),
        toStatus: z.string(),
        effectiveDate: calendarDate,
        reason: z.string(),
        legalBasis: z.string().nullable(),
        actorId: z.uuid().nullable(),
        recordedAt: z.iso.datetime(),
      }),
    ),
    conditions: z.array(
      z.object({
        id: z.uuid(),
        text: z.string(),
        startsOn: calendarDate,
        endsOn: calendarDate.nullable(),
        public: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'Licence' });

export const licenceList = listOf(licenceSummaryOut, 'LicenceList');
export const licenceListQuery = listQuery(['number', 'validUntil']).extend({
  status: licenceStatus.optional(),
  tierCode: z.string().max(40).optional(),
  registrantId: z.uuid().optional(),
  region: z.string().trim().min(1).max(120).optional().describe("The holder's region"),
});

export const statusChangeBody = z
  .object({
    to: z.enum(['active', 'suspended', 'revoked', 'surrendered']),
    effectiveDate: calendarDate,
    reason: z.string().trim().min(5).max(2000),
    legalBasis: z.string().trim().max(500).optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'LicenceStatusChange' });

export const conditionBody = z
  .object({
    text: z.string().trim().min(5).max(2000),
    startsOn: calendarDate,
    endsOn: calendarDate.optional(),
    public: z.boolean(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'LicenceConditionCreate' });
