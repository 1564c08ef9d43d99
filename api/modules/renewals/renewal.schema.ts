import { z } from 'zod';
import { listOf } from '../../http/schemas.js';

const stage = z.enum(['not_open', 'open', 'grace', 'lapsed']);
const applicationStatus = z.enum(['draft', 'submitted', 'under_review', 'information_requested', 'resubmitted']);

export const renewalsQuery = z.object({
  view: z
    .enum(['due', 'at_risk'])
    .default('due')
    .describe('due: every licence in its renewal window or in grace; at_risk: those without a submitted renewal'),
  tierCode: z.string().max(40).optional().describe('Code of the licence tier'),
  started: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('at risk only: renewals started but not submitted (true) or not started at all (false)'),
  page: z.coerce.number().int().min(1).default(1).describe('The page to return, from 1'),
  perPage: z.coerce.number().int().min(1).max(100).default(25).describe('Items per page (at most 100)'),
});

export const renewalCase = z
  .object({
    id: z.uuid().describe('the licence id'),
    number: z.string().describe("The licence's number"),
    registrantId: z.uuid().describe("The registrant (the social worker's record)"),
    registrantName: z.string().describe('Full name of the registrant'),
    email: z.string().nullable().describe('E-mail address'),
    tierCode: z.string().describe('Code of the licence tier'),
    status: z.enum(['active', 'grace']).describe('active, or grace (expired, may still renew)'),
    validUntil: z.iso.date().describe('Last day of validity'),
    graceEndsOn: z.iso.date().describe('Last day of the grace period after expiry, when the licence lapses'),
    daysToExpiry: z.number().int().describe('Days until the licence expires (negative once expired)'),
    daysToLapse: z.number().int().describe('Days until the licence lapses at the end of the grace period'),
    renewal: z
      .object({
        applicationId: z.uuid().describe('The renewal application'),
        status: applicationStatus.describe('Status of the renewal application'),
        startedAt: z.iso.datetime().describe('When the renewal was started'),
      })
      .nullable()
      .describe('The renewal application, if one was started'),
    remindersSent: z.number().int().describe('Renewal reminders sent so far'),
    lastReminderAt: z.iso.datetime().nullable().describe('When the last reminder was sent'),
  })
  .meta({ id: 'RenewalCase' });
export const renewalCaseList = listOf(renewalCase, 'RenewalCaseList');

const money = z.object({
  amountMinor: z.number().int().describe("Amount in the currency's minor units"),
  currency: z.string().describe('ISO 4217 currency code'),
  formatted: z.string().describe("The amount written out in the reader's language"),
});

export const myRenewal = z
  .object({
    licenceId: z.uuid().describe('The licence'),
    number: z.string().describe("The licence's number"),
    tierCode: z.string().describe('Code of the licence tier'),
    tierName: z.record(z.string(), z.string()).describe("The tier's name by language code"),
    status: z.string().describe('Status of the licence'),
    validUntil: z.iso.date().describe('Last day of validity'),
    window: z
      .object({
        stage: stage.describe('not_open (too early), open, grace (expired, may still renew) or lapsed'),
        opensOn: z.iso.date().describe('First day a renewal can be started'),
        expiresOn: z.iso.date().describe('Day the licence expires'),
        graceEndsOn: z.iso.date().describe('Last day of the grace period after expiry, when the licence lapses'),
        daysToExpiry: z.number().int().describe('Days until the licence expires (negative once expired)'),
        daysToLapse: z.number().int().describe('Days until the licence lapses at the end of the grace period'),
        late: z.boolean().describe('Whether a renewal now is late (a late fee applies)'),
      })
      .describe('When the licence can be renewed'),
    practiseInGrace: z.boolean().describe('Whether the tier lets the holder practise during the grace period'),
    fee: money.nullable().describe('The renewal fee a renewal submitted today is charged (tax included)'),
    lateFee: money
      .nullable()
      .describe('The late renewal fee added to a renewal submitted after expiry, during grace (tax included)'),
    canRenew: z.boolean().describe('Whether a renewal can be started now'),
    cannotRenewReason: z.string().nullable().describe("Why not, in the reader's language"),
    renewal: z
      .object({
        applicationId: z.uuid().describe('The renewal application'),
        status: applicationStatus.describe('Status of the renewal application'),
        version: z
          .number()
          .int()
          .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
        startedAt: z.iso.datetime().describe('When the renewal was started'),
      })
      .nullable()
      .describe('The renewal under way, if one was started'),
    notice: z
      .object({
        level: z.enum(['info', 'warning', 'blocking']).describe('How pressing the notice is'),
        text: z.string().describe("The notice in the reader's language"),
      })
      .nullable()
      .describe(
        'what the registrant must do now; blocking when a renewal is started but not submitted, or the licence is in grace',
      ),
    reminders: z
      .array(
        z.object({
          daysBefore: z.number().int().describe('Days before expiry the reminder is for'),
          status: z
            .enum(['pending', 'sent', 'failed'])
            .describe('pending, sent, or failed (the mail server refused it)'),
          queuedAt: z.iso.datetime().describe('When the reminder was queued'),
          sentAt: z.iso.datetime().nullable().describe('When it was sent'),
        }),
      )
      .describe('Reminders scheduled or sent for this licence'),
  })
  .meta({ id: 'MyRenewal' });
export const myRenewals = z
  .object({ items: z.array(myRenewal).describe('Each of your licences with its renewal') })
  .meta({ id: 'MyRenewals' });
