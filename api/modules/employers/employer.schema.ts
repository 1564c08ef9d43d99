import { z } from 'zod';
import { API_KEY_SCOPES, DEFAULT_API_KEY_SCOPES } from '../auth/index.js';
import { PUBLIC_LICENCE_EXAMPLE, publicLicenceSchema } from '../verification/index.js';
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

const ORGANISATION_ID = 'd61e342c-8318-430e-ad49-9fafebbc4243';
const ACCOUNT_ID = '9fc12e97-e975-41e7-9b71-a4be8c1e0dd8';

const orgFields = {
  name: z.string().trim().min(2).max(200).describe("The organisation's name"),
  identifier: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .nullable()
    .optional()
    .describe('business registration number or other identifier (unique)'),
  contactEmail: z.email().max(254).describe('where watchlist alerts are e-mailed'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as VN')
    .describe('ISO 3166-1 alpha-2 code of the country the organisation is registered in'),
  sector: z.enum(SECTORS).describe('the field the organisation works in'),
  locale: z.enum(['en', 'vi']).default('en').describe('language of the alert e-mails'),
};

export const organisationCreate = z.object(orgFields).meta({
  id: 'EmployerOrganisationCreate',
  example: {
    name: 'Trung tâm Công tác xã hội tỉnh Quảng Ninh',
    identifier: '5700101234',
    contactEmail: 'nhansu@ctxh-quangninh.example.org',
    country: 'VN',
    sector: 'social_services',
    locale: 'vi',
  },
});

export const organisationUpdate = z
  .object({
    name: orgFields.name.optional(),
    identifier: orgFields.identifier.describe("The organisation's registration or tax number"),
    contactEmail: orgFields.contactEmail.optional().describe('E-mail address for notices to the organisation'),
    country: orgFields.country.optional().describe('ISO 3166-1 alpha-2 country code'),
    sector: orgFields.sector.optional().describe('Sector of employment'),
    locale: z.enum(['en', 'vi']).optional().describe("Language of the organisation's e-mails and notices"),
    status: z.enum(['active', 'inactive']).optional().describe('inactive: its users and API keys stop working'),
    version: z.number().int().min(1).describe('the version you read; if the organisation changed since, 409'),
  })
  .meta({
    id: 'EmployerOrganisationUpdate',
    example: { contactEmail: 'tuyendung@ctxh-quangninh.example.org', version: 3 },
  });

export const memberOut = z
  .object({
    accountId: z.uuid().describe('The account'),
    email: z.string().describe("The member's e-mail address"),
    displayName: z.string().describe("The member's name"),
    status: z.string().describe('the account: active, or disabled (cannot sign in)'),
    joinedAt: z.iso.datetime().describe('when the account was added to the organisation'),
  })
  .meta({ id: 'EmployerMember' });

const MEMBER_EXAMPLE = {
  accountId: ACCOUNT_ID,
  email: 'le.thu.ha@ctxh-quangninh.example.org',
  displayName: 'Lê Thu Hà',
  status: 'active',
  joinedAt: '2026-01-12T02:15:00.000Z',
};

export const organisationOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    name: z.string().describe("The organisation's name"),
    identifier: z.string().nullable().describe("The organisation's registration or tax number"),
    contactEmail: z.string().describe('E-mail address for notices to the organisation'),
    country: z.string().describe("ISO 3166-1 alpha-2 code of the organisation's country"),
    sector: z.string().describe('Sector the organisation works in'),
    locale: z.string().describe("Language of the organisation's e-mails and notices"),
    status: z.enum(['active', 'inactive']).describe('inactive: its users and API keys cannot act for it'),
    webhookUrl: z.string().nullable().describe('where watchlist alerts are POSTed (null: no webhook)'),
    watchCount: z.number().int().describe('licences on its watchlist'),
    activeKeyCount: z.number().int().describe('API keys not revoked'),
    members: z.array(memberOut).describe('the accounts that act for the organisation'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    version: z.number().int().describe('send it back with a change (optimistic concurrency)'),
  })
  .meta({
    id: 'EmployerOrganisation',
    example: {
      id: ORGANISATION_ID,
      name: 'Trung tâm Công tác xã hội tỉnh Quảng Ninh',
      identifier: '5700101234',
      contactEmail: 'nhansu@ctxh-quangninh.example.org',
      country: 'VN',
      sector: 'social_services',
      locale: 'vi',
      status: 'active',
      webhookUrl: 'https://hr.ctxh-quangninh.example.org/hooks/registry',
      watchCount: 48,
      activeKeyCount: 2,
      members: [MEMBER_EXAMPLE],
      createdAt: '2026-01-12T02:10:44.000Z',
      version: 3,
    },
  });

export const organisationListQuery = listQuery(['name', 'createdAt']).extend({
  status: z.enum(['active', 'inactive']).optional().describe('Only active or only inactive organisations'),
});

export const memberInvite = z
  .object({
    email: z.email().max(254).describe('the new account signs in with this address; the invitation is sent to it'),
    displayName: z.string().trim().min(2).max(200).describe("The new member's name"),
    locale: z.enum(['en', 'vi']).default('en').describe('language of the invitation and of the account'),
  })
  .meta({
    id: 'EmployerMemberInvite',
    example: { email: 'le.thu.ha@ctxh-quangninh.example.org', displayName: 'Lê Thu Hà', locale: 'vi' },
  });

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
    scopes: apiKeyScopes.default([...DEFAULT_API_KEY_SCOPES]).describe('What the key may do'),
  })
  .meta({ id: 'ApiKeyCreate', example: { name: 'HR system', scopes: ['verify', 'watchlist'] } });

const API_KEY_EXAMPLE = {
  id: 'e75b0864-0f81-4dfd-810a-e7928e0f55de',
  organisationId: ORGANISATION_ID,
  name: 'HR system',
  prefix: 'swk_k3f9q2m7x1c8v4bz',
  scopes: ['verify', 'watchlist'],
  createdBy: ACCOUNT_ID,
  createdAt: '2026-02-03T08:30:00.000Z',
  lastUsedAt: '2026-05-20T01:47:12.000Z',
  revokedAt: null,
};

export const apiKeyOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    organisationId: z.uuid().describe('The employer organisation'),
    name: z.string().describe('A name to recognise the key by'),
    prefix: z.string().describe('the public start of the key (swk_<keyId>), to recognise it'),
    scopes: apiKeyScopes.describe('What the key may do'),
    createdBy: z.uuid().describe('the account that created the key'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    lastUsedAt: z.iso.datetime().nullable().describe('the last request made with the key (null: never used)'),
    revokedAt: z.iso.datetime().nullable().describe('when the key was revoked (null: it still works)'),
  })
  .meta({ id: 'ApiKey', example: API_KEY_EXAMPLE });

export const apiKeyCreated = apiKeyOut
  .extend({ key: z.string().describe('the whole key; shown this once and never again') })
  .meta({
    id: 'ApiKeyCreated',
    example: {
      ...API_KEY_EXAMPLE,
      lastUsedAt: null,
      key: 'swk_k3f9q2m7x1c8v4bz_t0GCHX3n9EMki7kQ1ZliOlO4RszdPgJ8zPGB6UlnovA',
    },
  });

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
  .meta({
    id: 'BulkVerificationRequest',
    example: { numbers: ['VN-SW-26-000123-5', 'vn-sw-25-004581-2', 'VN-SW-24-000999-9', '12345'] },
  });

export const verificationResult = z
  .object({
    input: z.string().describe('the number exactly as sent'),
    number: z.string().nullable().describe('the number as normalised (null when malformed)'),
    result: z
      .enum(['found', 'not_found', 'malformed'])
      .describe(
        'found: on the public register; not_found: no such licence on it (unknown or pending); malformed: cannot be a licence number',
      ),
    licence: publicLicenceSchema.optional().describe('the public register entry, only when found'),
  })
  .meta({ id: 'BulkVerificationResult' });

export const verificationOut = z
  .object({
    checkedAt: z.iso.datetime().describe('when the register was read for this answer'),
    counts: z
      .object({
        found: z.number().int().describe('inputs that named a licence on the register'),
        not_found: z.number().int().describe('well-formed numbers the register does not hold'),
        malformed: z.number().int().describe('inputs that are not a licence number'),
      })
      .describe('how many inputs had each result'),
    results: z.array(verificationResult).describe('one result per input, in the order sent'),
  })
  .meta({
    id: 'BulkVerificationResponse',
    example: {
      checkedAt: '2026-05-20T03:12:45.120Z',
      counts: { found: 2, not_found: 1, malformed: 1 },
      results: [
        { input: 'VN-SW-26-000123-5', number: 'VN-SW-26-000123-5', result: 'found', licence: PUBLIC_LICENCE_EXAMPLE },
        {
          input: 'vn-sw-25-004581-2',
          number: 'VN-SW-25-004581-2',
          result: 'found',
          licence: {
            ...PUBLIC_LICENCE_EXAMPLE,
            number: 'VN-SW-25-004581-2',
            name: 'Trần Văn Hùng',
            status: 'suspended',
            practiseAllowed: false,
            validFrom: '2025-06-16',
            validUntil: '2028-06-15',
            statusSince: '2026-02-01',
            sanctions: [
              {
                type: 'suspension',
                text: 'Suspended for six months for a breach of professional boundaries',
                from: '2026-02-01',
                until: '2026-07-31',
              },
            ],
          },
        },
        { input: 'VN-SW-24-000999-9', number: 'VN-SW-24-000999-9', result: 'not_found' },
        { input: '12345', number: null, result: 'malformed' },
      ],
    },
  });

// Watchlist

export const watchAdd = z
  .object({
    number: z.string().min(1).max(200).describe('the licence number as printed; it must be on the public register'),
    label: z.string().trim().max(200).optional().describe('your own reference, e.g. staff number'),
  })
  .meta({ id: 'WatchEntryCreate', example: { number: 'VN-SW-26-000123-5', label: 'NV-0457' } });

export const watchOut = z
  .object({
    id: z.uuid().describe('the watchlist entry (used to stop watching), not the licence'),
    number: z.string().describe('the licence number as stored'),
    label: z.string().nullable().describe('your own reference'),
    addedAt: z.iso.datetime().describe('When the licence was added to the watch list'),
    licence: publicLicenceSchema
      .nullable()
      .describe('the current public register entry (null when the licence is no longer on it)'),
  })
  .meta({
    id: 'WatchEntry',
    example: {
      id: '7a026754-3a86-4a1e-b801-36111a5c56bb',
      number: 'VN-SW-26-000123-5',
      label: 'NV-0457',
      addedAt: '2026-03-10T07:05:00.000Z',
      licence: PUBLIC_LICENCE_EXAMPLE,
    },
  });

export const watchListQuery = listQuery(['number', 'addedAt']);

export const watchImportOut = z
  .object({
    added: z.number().int().describe('licences added to the watchlist'),
    alreadyWatched: z.number().int().describe('licences in the file that were already on the watchlist'),
    notFound: z.array(z.string()).describe('well-formed numbers not on the public register (normalised)'),
    malformed: z.array(z.string()).describe('entries that cannot be licence numbers, as written in the file'),
  })
  .meta({
    id: 'WatchImportResult',
    example: { added: 46, alreadyWatched: 2, notFound: ['VN-SW-24-000999-9'], malformed: ['Lê Thu Hà'] },
  });

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
  .meta({
    id: 'WebhookSettingsUpdate',
    example: { url: 'https://hr.ctxh-quangninh.example.org/hooks/registry', rotateSecret: false },
  });

export const webhookOut = z
  .object({
    url: z.string().nullable().describe('where alerts are POSTed (null: no webhook)'),
    secretSet: z.boolean().describe('whether a signing secret has been issued'),
    previousSecretUntil: z
      .string()
      .nullable()
      .describe('until when the previous secret still signs deliveries beside the current one (null: it does not)'),
    secret: z
      .string()
      .optional()
      .describe('the signing secret (whsec_ and base64, Standard Webhooks); returned only when it was just issued'),
  })
  .meta({
    id: 'WebhookSettings',
    example: {
      url: 'https://hr.ctxh-quangninh.example.org/hooks/registry',
      secretSet: true,
      previousSecretUntil: null,
      secret: 'whsec_MfKQ9r8GKYqXnH3l4aBx2s3Fx0mZpV7JkT1uQy6wq9E=',
    },
  });

export const notificationOut = z
  .object({
    id: z.uuid().describe('also the Idempotency-Key header of the webhook'),
    organisationId: z.uuid().describe('The employer organisation'),
    organisationName: z.string().describe('Name of the employer organisation'),
    type: z
      .string()
      .describe('what changed: licence.status_changed, licence.condition_added or licence.condition_ended'),
    licenceNumber: z.string().describe('The licence the notification is about'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    webhookStatus: z
      .enum(['none', 'pending', 'delivered', 'failed'])
      .describe(
        'none: the organisation had no webhook; pending: waiting for its next attempt; delivered: the receiver answered 2xx; failed: no more attempts (it can be retried)',
      ),
    attempts: z.number().int().describe('webhook attempts made so far'),
    nextAttemptAt: z.iso.datetime().nullable().describe('when the next attempt is due (null: none is)'),
    lastError: z.string().nullable().describe('why the last attempt failed (HTTP status, timeout or network error)'),
    lastStatusCode: z.number().int().nullable().describe("the receiver's HTTP status on the last attempt"),
    deliveredAt: z.iso.datetime().nullable().describe('When the webhook delivery succeeded'),
    payload: z
      .record(z.string(), z.unknown())
      .describe(
        'the JSON body the webhook receives: id, type, occurredAt, licence (number, name, status, url), change',
      ),
  })
  .meta({
    id: 'WatchNotification',
    example: {
      id: 'e959f005-b1b1-465a-a409-9ff2cf4251c6',
      organisationId: ORGANISATION_ID,
      organisationName: 'Trung tâm Công tác xã hội tỉnh Quảng Ninh',
      type: 'licence.status_changed',
      licenceNumber: 'VN-SW-25-004581-2',
      createdAt: '2026-02-01T01:00:12.000Z',
      webhookStatus: 'delivered',
      attempts: 1,
      nextAttemptAt: null,
      lastError: null,
      lastStatusCode: 200,
      deliveredAt: '2026-02-01T01:00:14.000Z',
      payload: {
        id: 'e959f005-b1b1-465a-a409-9ff2cf4251c6',
        type: 'licence.status_changed',
        occurredAt: '2026-02-01T00:59:40Z',
        licence: {
          number: 'VN-SW-25-004581-2',
          name: 'Trần Văn Hùng',
          status: 'suspended',
          url: 'https://registry.example.org/verify/VN-SW-25-004581-2',
        },
        change: { from: 'active', to: 'suspended', effectiveDate: '2026-02-01' },
      },
    },
  });

export const notificationQuery = listQuery(['createdAt']).extend({
  webhookStatus: z
    .enum(['none', 'pending', 'delivered', 'failed'])
    .optional()
    .describe('Only notifications with this delivery status'),
  organisationId: z.uuid().optional().describe("Only this organisation's notifications"),
});
