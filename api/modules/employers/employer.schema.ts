import { z } from 'zod';
import { API_KEY_SCOPES, DEFAULT_API_KEY_SCOPES } from '../auth/index.js';
import { PUBLIC_LICENCE_EXAMPLE, publicLicenceSchema } from '../verification/index.js';
import { listOf, listQuery } from '../../http/schemas.js';
import { LANGUAGES } from '../../shared/i18n.js';
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

/**
 * A language with a message catalogue (i18n/<code>.json): en, vi, th, id, ms, fil, km, lo, my. An
 * enum, so the OpenAPI document lists the values (the column is varchar(10)).
 */
const locale = z.enum(LANGUAGES as readonly [string, ...string[]]);

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
  locale: locale.default('en').describe('language of the alert e-mails (any language with a message catalogue)'),
};

/** The example organisation's own fields, as created and as shown. */
const ORGANISATION_FIELDS_EXAMPLE = {
  name: 'Trung tâm Công tác xã hội tỉnh Quảng Ninh',
  identifier: '5700101234',
  contactEmail: 'nhansu@ctxh-quangninh.example.org',
  country: 'VN',
  sector: 'social_services',
  locale: 'vi',
} as const;

export const organisationCreate = z.object(orgFields).meta({
  id: 'EmployerOrganisationCreate',
  example: { ...ORGANISATION_FIELDS_EXAMPLE },
});

export const organisationUpdate = z
  .object({
    name: orgFields.name.optional(),
    identifier: orgFields.identifier.describe("The organisation's registration or tax number"),
    contactEmail: orgFields.contactEmail.optional().describe('E-mail address for notices to the organisation'),
    country: orgFields.country.optional().describe('ISO 3166-1 alpha-2 country code'),
    sector: orgFields.sector.optional().describe('Sector of employment'),
    locale: locale.optional().describe("Language of the organisation's e-mails and notices"),
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

const ORGANISATION_EXAMPLE = {
  id: ORGANISATION_ID,
  ...ORGANISATION_FIELDS_EXAMPLE,
  status: 'active' as const,
  webhookUrl: 'https://hr.ctxh-quangninh.example.org/hooks/registry',
  watchCount: 48,
  activeKeyCount: 2,
  members: [MEMBER_EXAMPLE],
  createdAt: '2026-01-12T02:10:44.000Z',
  version: 3,
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
  .meta({ id: 'EmployerOrganisation', example: ORGANISATION_EXAMPLE });

export const organisationList = listOf(organisationOut, 'EmployerOrganisationList');

export const organisationListQuery = listQuery(['name', 'createdAt']).extend({
  status: z.enum(['active', 'inactive']).optional().describe('Only active or only inactive organisations'),
});

export const memberInvite = z
  .object({
    email: z.email().max(254).describe('the new account signs in with this address; the invitation is sent to it'),
    displayName: z.string().trim().min(2).max(200).describe("The new member's name"),
    locale: locale.default('en').describe('language of the invitation and of the account'),
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

type Scope = (typeof API_KEY_SCOPES)[number];

const API_KEY_EXAMPLE = {
  id: 'e75b0864-0f81-4dfd-810a-e7928e0f55de',
  organisationId: ORGANISATION_ID,
  name: 'HR system',
  prefix: 'swk_k3f9q2m7x1c8v4bz',
  scopes: ['verify', 'watchlist'] as Scope[],
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

export const apiKeyList = listOf(apiKeyOut, 'ApiKeyList');

export const keyParams = z.object({
  id: z.uuid().meta({ description: 'Id of the organisation', example: ORGANISATION_ID }),
  keyId: z.uuid().meta({ description: 'Id of the API key', example: API_KEY_EXAMPLE.id }),
});

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

/** The public register entry of the examples (a mutable copy: lists in it are typed as arrays). */
const LICENCE_EXAMPLE = { ...PUBLIC_LICENCE_EXAMPLE, conditions: [], sanctions: [] };

/** A second register entry for the examples: a suspended licence with its published sanction. */
const SUSPENDED_LICENCE_EXAMPLE = {
  ...LICENCE_EXAMPLE,
  number: 'VN-SW-25-004581-2',
  name: 'Trần Văn Hùng',
  status: 'suspended' as const,
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
};

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
          licence: SUSPENDED_LICENCE_EXAMPLE,
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

const WATCH_ENTRY_EXAMPLE = {
  id: '7a026754-3a86-4a1e-b801-36111a5c56bb',
  number: 'VN-SW-26-000123-5',
  label: 'NV-0457',
  addedAt: '2026-03-10T07:05:00.000Z',
  licence: LICENCE_EXAMPLE,
};

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
  .meta({ id: 'WatchEntry', example: WATCH_ENTRY_EXAMPLE });

export const watchList = listOf(watchOut, 'WatchEntryList');

export const watchListQuery = listQuery(['number', 'addedAt']);

export const watchEntryParams = z.object({
  id: z.uuid().meta({
    description: 'Id of the watchlist entry (from the watchlist), not the licence number',
    example: WATCH_ENTRY_EXAMPLE.id,
  }),
});

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

const WEBHOOK_EXAMPLE = {
  url: 'https://hr.ctxh-quangninh.example.org/hooks/registry',
  secretSet: true,
  previousSecretUntil: null,
  secret: 'whsec_MfKQ9r8GKYqXnH3l4aBx2s3Fx0mZpV7JkT1uQy6wq9E=',
};

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
  .meta({ id: 'WebhookSettings', example: WEBHOOK_EXAMPLE });

const NOTIFICATION_EXAMPLE = {
  id: 'e959f005-b1b1-465a-a409-9ff2cf4251c6',
  organisationId: ORGANISATION_ID,
  organisationName: 'Trung tâm Công tác xã hội tỉnh Quảng Ninh',
  type: 'licence.status_changed',
  licenceNumber: 'VN-SW-25-004581-2',
  createdAt: '2026-02-01T01:00:12.000Z',
  webhookStatus: 'delivered' as const,
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
};

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
  .meta({ id: 'WatchNotification', example: NOTIFICATION_EXAMPLE });

export const notificationList = listOf(notificationOut, 'WatchNotificationList');

export const notificationQuery = listQuery(['createdAt']).extend({
  webhookStatus: z
    .enum(['none', 'pending', 'delivered', 'failed'])
    .optional()
    .describe('Only notifications with this delivery status'),
  organisationId: z.uuid().optional().describe("Only this organisation's notifications"),
});

// What each employer operation shows in the OpenAPI document. A component is referenced ($ref) by
// every operation that uses it, so its own example never appears in the operation itself: these are
// the same schemas with an example for that one operation beside the $ref (they parse exactly as the
// component does). tests/unit/openapi-examples.test.ts parses every example with its schema.

/** The schema, shown with an example of its own where an operation uses it. */
const shownWith = <T extends z.ZodType>(schema: T, example: z.input<T>): T => schema.meta({ example });

const THAI_ORGANISATION_EXAMPLE = {
  id: '510c668b-c7f3-4536-970e-64a7dd7b5d1f',
  name: 'มูลนิธิเพื่อเด็กและครอบครัว เชียงใหม่',
  identifier: '0994000158237',
  contactEmail: 'hr@ckf-chiangmai.example.org',
  country: 'TH',
  sector: 'ngo',
  locale: 'th',
  status: 'active' as const,
  webhookUrl: null,
  watchCount: 6,
  activeKeyCount: 0,
  members: [
    {
      accountId: '0da25c5d-9bc2-47ec-9a6b-cca72d9c8bbf',
      email: 'siriporn.k@ckf-chiangmai.example.org',
      displayName: 'ศิริพร แก้วมณี',
      status: 'active',
      joinedAt: '2026-04-07T03:20:00.000Z',
    },
  ],
  createdAt: '2026-04-07T03:12:09.000Z',
  version: 1,
};

const INDONESIAN_ORGANISATION_EXAMPLE = {
  id: 'ad77a7c3-ecc4-44fa-8b47-30c76f3f6503',
  name: 'Yayasan Sayap Ibu Cabang Yogyakarta',
  identifier: '0217345981542000',
  contactEmail: 'sdm@sayapibu-yogya.example.org',
  country: 'ID',
  sector: 'ngo',
  locale: 'id',
  status: 'active' as const,
  webhookUrl: 'https://hris.sayapibu-yogya.example.org/webhooks/registri',
  watchCount: 112,
  activeKeyCount: 1,
  members: [
    {
      accountId: 'ab68d8cf-aac4-44b7-af36-1c9c849e7926',
      email: 'dewi.lestari@sayapibu-yogya.example.org',
      displayName: 'Dewi Lestari',
      status: 'active',
      joinedAt: '2026-02-16T01:30:00.000Z',
    },
  ],
  createdAt: '2026-02-16T01:25:47.000Z',
  version: 2,
};

/** A third register entry: a licence with a public condition on practice. */
const CONDITIONED_LICENCE_EXAMPLE = {
  ...LICENCE_EXAMPLE,
  number: 'VN-SW-24-001877-0',
  name: 'Phạm Thị Hồng Nhung',
  validFrom: '2024-09-02',
  validUntil: '2027-09-01',
  statusSince: '2024-09-02',
  conditions: [{ text: 'Practises only under the supervision of a senior social worker', since: '2026-05-18' }],
};

const REVOKED_API_KEY_EXAMPLE = {
  ...API_KEY_EXAMPLE,
  id: 'ff480a06-d53c-4332-b05f-2ff1987a26a6',
  name: 'Payroll import (replaced)',
  prefix: 'swk_p8w2n5r1t6y3h9da',
  scopes: ['verify'] as Scope[],
  createdAt: '2026-01-15T09:00:00.000Z',
  lastUsedAt: '2026-01-31T23:58:41.000Z',
  revokedAt: '2026-02-03T08:31:10.000Z',
};

const FAILED_NOTIFICATION_EXAMPLE = {
  ...NOTIFICATION_EXAMPLE,
  id: '82bdf0c3-de8f-4e85-8686-1d5a1cdd8b4c',
  type: 'licence.condition_added',
  licenceNumber: 'VN-SW-24-001877-0',
  createdAt: '2026-05-18T02:01:05.000Z',
  webhookStatus: 'failed' as const,
  attempts: 8,
  nextAttemptAt: null,
  lastError: 'HTTP 410',
  lastStatusCode: 410,
  deliveredAt: null,
  payload: {
    id: '82bdf0c3-de8f-4e85-8686-1d5a1cdd8b4c',
    type: 'licence.condition_added',
    occurredAt: '2026-05-18T02:00:31Z',
    licence: {
      number: 'VN-SW-24-001877-0',
      name: 'Phạm Thị Hồng Nhung',
      status: 'active',
      url: 'https://registry.example.org/verify/VN-SW-24-001877-0',
    },
    change: {
      condition: {
        text: 'Practises only under the supervision of a senior social worker',
        startsOn: '2026-05-18',
        endsOn: '2026-11-17',
      },
    },
  },
};

const INVITED_MEMBER_EXAMPLE = {
  accountId: '192c3aef-32cb-4acf-94e4-7b3b66e4ab0c',
  email: 'do.quang.vinh@ctxh-quangninh.example.org',
  displayName: 'Đỗ Quang Vinh',
  status: 'active',
  joinedAt: '2026-05-21T03:04:05.000Z',
};

/** The fields of the organisation created in the creation example, as sent and as answered. */
const INDONESIAN_ORGANISATION_FIELDS = {
  name: 'Rumah Sakit Umum Daerah Dr. Soetomo',
  identifier: '0012345678609000',
  contactEmail: 'sdm@rsud-soetomo.example.id',
  country: 'ID',
  sector: 'health',
  locale: 'id',
} as const;

/** Request bodies and answers of the employer operations, each with its example. */
export const shown = {
  organisationList: shownWith(organisationList, {
    items: [ORGANISATION_EXAMPLE, THAI_ORGANISATION_EXAMPLE],
    total: 2,
  }),
  organisationCreate: shownWith(organisationCreate, { ...INDONESIAN_ORGANISATION_FIELDS }),
  organisationCreated: shownWith(organisationOut, {
    id: '8cf7f8b2-6469-4781-95ee-2dffa4a86853',
    ...INDONESIAN_ORGANISATION_FIELDS,
    status: 'active',
    webhookUrl: null,
    watchCount: 0,
    activeKeyCount: 0,
    members: [],
    createdAt: '2026-05-21T02:45:30.000Z',
    version: 1,
  }),
  organisation: shownWith(organisationOut, THAI_ORGANISATION_EXAMPLE),
  ownOrganisation: shownWith(organisationOut, INDONESIAN_ORGANISATION_EXAMPLE),
  organisationUpdate: shownWith(organisationUpdate, {
    contactEmail: 'tuyendung@ctxh-quangninh.example.org',
    locale: 'en',
    version: 3,
  }),
  organisationUpdated: shownWith(organisationOut, {
    ...ORGANISATION_EXAMPLE,
    contactEmail: 'tuyendung@ctxh-quangninh.example.org',
    locale: 'en',
    version: 4,
  }),
  memberInvite: shownWith(memberInvite, {
    email: INVITED_MEMBER_EXAMPLE.email,
    displayName: INVITED_MEMBER_EXAMPLE.displayName,
    locale: 'vi',
  }),
  memberInvited: shownWith(organisationOut, {
    ...ORGANISATION_EXAMPLE,
    members: [MEMBER_EXAMPLE, INVITED_MEMBER_EXAMPLE],
  }),
  apiKeyList: shownWith(apiKeyList, { items: [API_KEY_EXAMPLE, REVOKED_API_KEY_EXAMPLE], total: 2 }),
  apiKeyCreate: shownWith(apiKeyCreate, { name: 'Hệ thống nhân sự', scopes: ['verify', 'watchlist', 'webhooks'] }),
  apiKeyCreated: shownWith(apiKeyCreated, {
    ...API_KEY_EXAMPLE,
    id: '6465adea-97a8-4037-b97e-5dc4a8a9f7d6',
    name: 'Hệ thống nhân sự',
    prefix: 'swk_r4d8m1q6w9z2k7xe',
    scopes: ['verify', 'watchlist', 'webhooks'],
    createdAt: '2026-05-21T04:05:00.000Z',
    lastUsedAt: null,
    key: 'swk_r4d8m1q6w9z2k7xe_Qm3vR8pX2kLw9sT4nB7yC1dF6gH0jK5zA2eU8iO3qWc',
  }),
  apiKeyRevoked: shownWith(apiKeyOut, { ...API_KEY_EXAMPLE, revokedAt: '2026-05-21T04:12:00.000Z' }),
  watchList: shownWith(watchList, {
    items: [
      WATCH_ENTRY_EXAMPLE,
      {
        id: 'c526519b-70b6-4572-b0ae-5f227670c89a',
        number: 'VN-SW-25-004581-2',
        label: 'NV-0312',
        addedAt: '2026-01-20T04:40:00.000Z',
        licence: SUSPENDED_LICENCE_EXAMPLE,
      },
    ],
    total: 2,
  }),
  watchAdd: shownWith(watchAdd, { number: ' vn-sw-24-001877-0 ', label: 'NV-0519' }),
  watchAdded: shownWith(watchOut, {
    id: 'c3f7c14f-72b7-4de0-b1fe-c1796b8b2600',
    number: 'VN-SW-24-001877-0',
    label: 'NV-0519',
    addedAt: '2026-05-21T04:18:26.000Z',
    licence: CONDITIONED_LICENCE_EXAMPLE,
  }),
  watchImported: shownWith(watchImportOut, {
    added: 46,
    alreadyWatched: 2,
    notFound: ['VN-SW-23-000560-5'],
    malformed: ['Lê Thu Hà'],
  }),
  webhook: shownWith(webhookOut, { url: WEBHOOK_EXAMPLE.url, secretSet: true, previousSecretUntil: null }),
  webhookUpdate: shownWith(webhookUpdate, { url: WEBHOOK_EXAMPLE.url, rotateSecret: true }),
  webhookUpdated: shownWith(webhookOut, { ...WEBHOOK_EXAMPLE, previousSecretUntil: '2026-05-22T04:30:00.000Z' }),
  notificationList: shownWith(notificationList, {
    items: [FAILED_NOTIFICATION_EXAMPLE, NOTIFICATION_EXAMPLE],
    total: 2,
  }),
  notificationRetried: shownWith(notificationOut, {
    ...FAILED_NOTIFICATION_EXAMPLE,
    webhookStatus: 'pending',
    attempts: 0,
    nextAttemptAt: '2026-05-21T04:20:00.000Z',
    lastError: null,
  }),
};
