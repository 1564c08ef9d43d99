import { z } from 'zod';
import { API_KEY_SCOPES, DEFAULT_API_KEY_SCOPES } from '../auth/index.js';
import { publicLicenceSchema } from '../verification/index.js';
import { listQuery } from '../../http/schemas.js';
import { MAX_BULK_NUMBERS } from './employer.rules.js';

export const SECTORS = [
  'health',
  'social_services',
  'education',
  'justice',
  'ngo',
  'government',
  'private',
  'other',
] as const;

const orgFields = {
  name: z.string().trim().min(2).max(200),
  identifier: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .nullable()
    .optional()
    .describe('business registration number or other identifier (unique)'),
  contactEmail: z.email().max(254).describe('where watchlist alerts are e-mailed'),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as VN'),
  sector: z.enum(SECTORS),
  locale: z.enum(['en', 'vi']).default('en').describe('language of the alert e-mails'),
};

export const organisationCreate = z.object(orgFields).meta({ id: 'EmployerOrganisationCreate' });

export const organisationUpdate = z
  .object({
    name: orgFields.name.optional(),
    identifier: orgFields.identifier,
    contactEmail: orgFields.contactEmail.optional(),
    country: orgFields.country.optional(),
    sector: orgFields.sector.optional(),
    locale: z.enum(['en', 'vi']).optional(),
    status: z.enum(['active', 'inactive']).optional().describe('inactive: its users and API keys stop working'),
    version: z.number().int().min(1),
  })
  .meta({ id: 'EmployerOrganisationUpdate' });

export const memberOut = z
  .object({
    accountId: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    status: z.string(),
    joinedAt: z.iso.datetime(),
  })
  .meta({ id: 'EmployerMember' });

export const organisationOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    identifier: z.string().nullable(),
    contactEmail: z.string(),
    country: z.string(),
    sector: z.string(),
    locale: z.string(),
    status: z.enum(['active', 'inactive']),
    webhookUrl: z.string().nullable(),
    watchCount: z.number().int(),
    activeKeyCount: z.number().int(),
    members: z.array(memberOut),
    createdAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'EmployerOrganisation' });

export const organisationListQuery = listQuery(['name', 'createdAt']).extend({
  status: z.enum(['active', 'inactive']).optional(),
});

export const memberInvite = z
  .object({
    email: z.email().max(254),
    displayName: z.string().trim().min(2).max(200),
    locale: z.enum(['en', 'vi']).default('en'),
  })
  .meta({ id: 'EmployerMemberInvite' });

const apiKeyScopes = z
  .array(z.enum(API_KEY_SCOPES))
  .min(1)
  .max(API_KEY_SCOPES.length)
  .describe(
    'what the key may do: verify (bulk verification, your organisation), watchlist (watch entries and notifications), webhooks (webhook settings, resending deliveries), keys (list and revoke keys; no key can create keys)',
  );

export const apiKeyCreate = z
  .object({
    name: z.string().trim().min(1).max(100).describe('what the key is for, e.g. "HR system"'),
    scopes: apiKeyScopes.default([...DEFAULT_API_KEY_SCOPES]),
  })
  .meta({ id: 'ApiKeyCreate' });

export const apiKeyOut = z
  .object({
    id: z.uuid(),
    organisationId: z.uuid(),
    name: z.string(),
    prefix: z.string().describe('the public start of the key (swk_<keyId>), to recognise it'),
    scopes: apiKeyScopes,
    createdBy: z.uuid(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const apiKeyCreated = apiKeyOut
  .extend({ key: z.string().describe('the whole key; shown this once and never again') })
  .meta({ id: 'ApiKeyCreated' });

export const keyParams = z.object({ id: z.uuid(), keyId: z.uuid() });

// Bulk verification

export const verificationBody = z
  .object({
    numbers: z
      .array(z.string().max(200))
      .min(1)
      .max(MAX_BULK_NUMBERS)
      .describe(`1 to ${MAX_BULK_NUMBERS} licence numbers, as typed; duplicates are answered each time`),
  })
  .meta({ id: 'BulkVerificationRequest' });

export const verificationResult = z
  .object({
    input: z.string(),
    number: z.string().nullable().describe('the number as normalised (null when malformed)'),
    result: z.enum(['found', 'not_found', 'malformed']),
    licence: publicLicenceSchema.optional(),
  })
  .meta({ id: 'BulkVerificationResult' });

export const verificationOut = z
  .object({
    checkedAt: z.iso.datetime(),
    counts: z.object({ found: z.number().int(), not_found: z.number().int(), malformed: z.number().int() }),
    results: z.array(verificationResult),
  })
  .meta({ id: 'BulkVerificationResponse' });

// Watchlist

export const watchAdd = z
  .object({
    number: z.string().min(1).max(200),
    label: z.string().trim().max(200).optional().describe('your own reference, e.g. staff number'),
  })
  .meta({ id: 'WatchEntryCreate' });

export const watchOut = z
  .object({
    id: z.uuid(),
    number: z.string(),
    label: z.string().nullable(),
    addedAt: z.iso.datetime(),
    licence: publicLicenceSchema.nullable().describe('the current public register entry'),
  })
  .meta({ id: 'WatchEntry' });

export const watchListQuery = listQuery(['number', 'addedAt']);

export const watchImportOut = z
  .object({
    added: z.number().int(),
    alreadyWatched: z.number().int(),
    notFound: z.array(z.string()),
    malformed: z.array(z.string()),
  })
  .meta({ id: 'WatchImportResult' });

// Webhooks and notifications

export const webhookUpdate = z
  .object({
    url: z.string().max(500).nullable().describe('where to POST alerts (null removes the webhook)'),
    rotateSecret: z
      .boolean()
      .default(false)
      .describe('issue a new signing secret; the previous one still signs deliveries for 24 hours, beside the new one'),
    keepPreviousSecret: z
      .boolean()
      .default(true)
      .describe('with rotateSecret: false ends the previous secret at once (for a secret that leaked)'),
  })
  .meta({ id: 'WebhookSettingsUpdate' });

export const webhookOut = z
  .object({
    url: z.string().nullable(),
    secretSet: z.boolean(),
    previousSecretUntil: z
      .string()
      .nullable()
      .describe('until when the previous secret still signs deliveries beside the current one (null: it does not)'),
    secret: z
      .string()
      .optional()
      .describe('the signing secret (whsec_ and base64, Standard Webhooks); returned only when it was just issued'),
  })
  .meta({ id: 'WebhookSettings' });

export const notificationOut = z
  .object({
    id: z.uuid().describe('also the Idempotency-Key header of the webhook'),
    organisationId: z.uuid(),
    organisationName: z.string(),
    type: z.string(),
    licenceNumber: z.string(),
    createdAt: z.iso.datetime(),
    webhookStatus: z.enum(['none', 'pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastError: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    deliveredAt: z.iso.datetime().nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'WatchNotification' });

export const notificationQuery = listQuery(['createdAt']).extend({
  webhookStatus: z.enum(['none', 'pending', 'delivered', 'failed']).optional(),
  organisationId: z.uuid().optional(),
});
