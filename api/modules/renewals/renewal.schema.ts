import { z } from 'zod';
import { listOf } from '../../http/schemas.js';

const stage = z.enum(['not_open', 'open', 'grace', 'lapsed']);
const applicationStatus = z.enum(['draft', 'submitted', 'under_review', 'information_requested', 'resubmitted']);

export const renewalsQuery = z.object({
  view: z
    .enum(['due', 'at_risk'])
    .default('due')
    .describe('due: every licence in its renewal window or in grace; at_risk: those without a submitted renewal'),
  tierCode: z.string().max(40).optional(),
  started: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('at risk only: renewals started but not submitted (true) or not started at all (false)'),
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(25),
});

export const renewalCase = z
  .object({
    id: z.uuid().describe('the licence id'),
    number: z.string(),
    registrantId: z.uuid(),
    registrantName: z.string(),
    email: z.string().nullable(),
    tierCode: z.string(),
    status: z.enum(['active', 'grace']),
    validUntil: z.iso.date(),
    graceEndsOn: z.iso.date(),
    daysToExpiry: z.number().int(),
    daysToLapse: z.number().int(),
    renewal: z.object({ applicationId: z.uuid(), status: applicationStatus, startedAt: z.iso.datetime() }).nullable(),
    remindersSent: z.number().int(),
    lastReminderAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'RenewalCase' });
export const renewalCaseList = listOf(renewalCase, 'RenewalCaseList');

const money = z.object({ amountMinor: z.number().int(), currency: z.string(), formatted: z.string() });

export const myRenewal = z
  .object({
    licenceId: z.uuid(),
    number: z.string(),
    tierCode: z.string(),
    tierName: z.record(z.string(), z.string()),
    status: z.string(),
    validUntil: z.iso.date(),
    window: z.object({
      stage,
      opensOn: z.iso.date(),
      expiresOn: z.iso.date(),
      graceEndsOn: z.iso.date(),
      daysToExpiry: z.number().int(),
      daysToLapse: z.number().int(),
      late: z.boolean(),
    }),
    practiseInGrace: z.boolean(),
    fee: money.nullable().describe('The renewal fee a renewal submitted today is charged (tax included)'),
    lateFee: money
      .nullable()
      .describe('The late renewal fee added to a renewal submitted after expiry, during grace (tax included)'),
    canRenew: z.boolean(),
    cannotRenewReason: z.string().nullable(),
    renewal: z
      .object({
        applicationId: z.uuid(),
        status: applicationStatus,
        version: z.number().int(),
        startedAt: z.iso.datetime(),
      })
      .nullable(),
    notice: z
      .object({ level: z.enum(['info', 'warning', 'blocking']), text: z.string() })
      .nullable()
      .describe(
        'what the registrant must do now; blocking when a renewal is started but not submitted, or the licence is in grace',
      ),
    reminders: z.array(
      z.object({
        daysBefore: z.number().int(),
        status: z.enum(['pending', 'sent', 'failed']),
        queuedAt: z.iso.datetime(),
        sentAt: z.iso.datetime().nullable(),
      }),
    ),
  })
  .meta({ id: 'MyRenewal' });
export const myRenewals = z.object({ items: z.array(myRenewal) }).meta({ id: 'MyRenewals' });
