import { z } from 'zod';
import { listOf, listQuery } from '../../http/schemas.js';

const calendarDate = z.iso.date();
const localised = z.record(z.string(), z.string());
export const licenceStatus = z.enum(['pending', 'active', 'grace', 'lapsed', 'suspended', 'revoked', 'surrendered']);

export const licenceSummaryOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    number: z.string().describe("The licence's number"),
    registrantId: z.uuid().describe("The registrant (the social worker's record)"),
    tierCode: z.string().describe('Code of the licence tier'),
    tierName: localised.describe("The tier's name by language code"),
    protectedTitle: localised.describe('The protected professional title the tier confers, by language code'),
    status: licenceStatus.describe('Status of the licence'),
    statusSince: calendarDate.describe('Day the current status took effect'),
    validUntil: calendarDate.describe('Last day of validity'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'LicenceSummary' });

export const licenceOut = licenceSummaryOut
  .extend({
    periods: z
      .array(
        z.object({
          id: z.uuid().describe('Id of the period'),
          validFrom: calendarDate.describe('First day of the period'),
          validUntil: calendarDate.describe('Last day of the period'),
          kind: z.string().describe('initial, renewal or restoration'),
        }),
      )
      .describe("The licence's validity periods, oldest first"),
    events: z
      .array(
        z.object({
          id: z.uuid().describe('Identifier (UUID)'),
          fromStatus: z.string().describe('Status before the change'),
          toStatus: z.string().describe('Status after the change'),
          effectiveDate: calendarDate.describe('Day the change takes effect'),
          reason: z.string().describe('Why the change was made'),
          legalBasis: z.string().nullable().describe('The rule or decision the change rests on'),
          actorId: z.uuid().nullable().describe('The account that did it'),
          recordedAt: z.iso.datetime().describe('When it was recorded'),
        }),
      )
      .describe('Changes of status, oldest first'),
    conditions: z
      .array(
        z.object({
          id: z.uuid().describe('Identifier (UUID)'),
          text: z.string().describe('The condition'),
          startsOn: calendarDate.describe('First day it applies'),
          endsOn: calendarDate.nullable().describe('Last day it applies (none: until ended)'),
          public: z.boolean().describe('Whether the condition shows on the public register'),
        }),
      )
      .describe('Conditions on practice attached to the licence'),
  })
  .meta({ id: 'Licence' });

export const licenceList = listOf(licenceSummaryOut, 'LicenceList');
export const licenceListQuery = listQuery(['number', 'validUntil']).extend({
  status: licenceStatus.optional().describe('Only licences with this status'),
  tierCode: z.string().max(40).optional().describe('Only licences of this tier'),
  registrantId: z.uuid().optional().describe("Only this registrant's licences"),
  region: z.string().trim().min(1).max(120).optional().describe("The holder's region"),
});

export const statusChangeBody = z
  .object({
    to: z.enum(['active', 'suspended', 'revoked', 'surrendered']).describe('The status to set'),
    effectiveDate: calendarDate.describe('Day the change takes effect'),
    reason: z.string().trim().min(5).max(2000).describe("Why the status changes (kept in the licence's history)"),
    legalBasis: z.string().trim().max(500).optional().describe('The rule or decision the change rests on'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'LicenceStatusChange' });

export const conditionBody = z
  .object({
    text: z.string().trim().min(5).max(2000).describe('The condition on practice'),
    startsOn: calendarDate.describe('First day it applies'),
    endsOn: calendarDate.optional().describe('Last day it applies (none: until ended)'),
    public: z.boolean().describe('Whether the condition shows on the public register'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'LicenceConditionCreate' });
