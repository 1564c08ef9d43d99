import { defineEntity, p } from '@mikro-orm/core';
import type { ApiKeyScope } from '../auth/index.js';
import { newId } from '../../shared/ids.js';
import { Account } from '../auth/index.js';
import { Licence } from '../licences/index.js';

export type OrganisationStatus = 'active' | 'inactive';

/**
 * An employer organisation (an agency, a hospital, a municipality) that verifies licences in bulk
 * and watches its staff's licences. Its webhook secret is sealed with the data key. After a rotation
 * the previous secret (sealed the same way) still signs deliveries until `webhookPreviousSecretUntil`,
 * beside the new one, so the receiver can switch without refusing a delivery.
 */
export const EmployerOrganisationSchema = defineEntity({
  name: 'EmployerOrganisation',
  tableName: 'employer_organisation',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    name: p.string().length(200),
    identifier: p.string().length(80).nullable().unique(),
    contactEmail: p.string().length(254),
    country: p.string().length(2),
    sector: p.string().length(40),
    locale: p.string().length(10).default('en'),
    status: p.string().length(12).default('active').$type<OrganisationStatus>(),
    webhookUrl: p.string().length(500).nullable(),
    webhookSecretSealed: p.text().nullable().hidden().lazy(),
    webhookPreviousSecretSealed: p.text().nullable().hidden().lazy(),
    webhookPreviousSecretUntil: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class EmployerOrganisation extends EmployerOrganisationSchema.class {
  isActive(): boolean {
    return this.status === 'active';
  }
}
EmployerOrganisationSchema.setClass(EmployerOrganisation);

/** An employer account belongs to exactly one organisation. */
export const EmployerMemberSchema = defineEntity({
  name: 'EmployerMember',
  tableName: 'employer_member',
  properties: {
    account: () => p.manyToOne(Account).primary().ref().deleteRule('cascade'),
    organisation: () => p.manyToOne(EmployerOrganisation).ref().index().deleteRule('cascade'),
    createdAt: p.datetime(),
  },
});
export class EmployerMember extends EmployerMemberSchema.class {}
EmployerMemberSchema.setClass(EmployerMember);

/**
 * An API key: `swk_<keyId>_<secret>`. Only the SHA-256 of the 256-bit random secret is stored; the
 * key id (public) finds the row, the hash is compared in constant time.
 */
export const EmployerApiKeySchema = defineEntity({
  name: 'EmployerApiKey',
  tableName: 'employer_api_key',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    keyId: p.string().length(24).unique(),
    organisation: () => p.manyToOne(EmployerOrganisation).ref().index().deleteRule('cascade'),
    name: p.string().length(100),
    secretHash: p.string().length(64).hidden(),
    scopes: p.array().$type<ApiKeyScope[]>(),
    createdBy: p.uuid(),
    createdAt: p.datetime(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    revokedBy: p.uuid().nullable(),
  },
});
export class EmployerApiKey extends EmployerApiKeySchema.class {}
EmployerApiKeySchema.setClass(EmployerApiKey);

/** One licence on an organisation's watchlist (roster). */
export const WatchEntrySchema = defineEntity({
  name: 'WatchEntry',
  tableName: 'watch_entry',
  uniques: [{ properties: ['organisation', 'licence'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    organisation: () => p.manyToOne(EmployerOrganisation).ref().deleteRule('cascade'),
    licence: () => p.manyToOne(Licence).ref().index(),
    licenceNumber: p.string().length(40),
    label: p.string().length(200).nullable(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime(),
  },
});
export class WatchEntry extends WatchEntrySchema.class {}
WatchEntrySchema.setClass(WatchEntry);

export type WebhookStatus = 'none' | 'pending' | 'delivered' | 'failed';

/**
 * One change to a watched licence, for one organisation. Unique per (watch entry, event key) — the
 * claim that makes the e-mail and the webhook go out exactly once however often, and on however
 * many instances, the scan runs. The row is also the webhook delivery (its id is the idempotency key).
 */
export const WatchNotificationSchema = defineEntity({
  name: 'WatchNotification',
  tableName: 'watch_notification',
  uniques: [{ properties: ['watchEntry', 'eventKey'] }],
  indexes: [{ properties: ['webhookStatus', 'nextAttemptAt'] }, { properties: ['organisation', 'createdAt'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    organisation: () => p.manyToOne(EmployerOrganisation).ref().deleteRule('cascade'),
    watchEntry: () => p.manyToOne(WatchEntry).ref().deleteRule('cascade'),
    eventKey: p.string().length(80),
    type: p.string().length(40),
    licenceNumber: p.string().length(40),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
    webhookStatus: p.string().length(12).$type<WebhookStatus>(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().nullable(),
    lastError: p.text().nullable(),
    lastStatusCode: p.integer().nullable(),
    deliveredAt: p.datetime().nullable(),
  },
});
export class WatchNotification extends WatchNotificationSchema.class {}
WatchNotificationSchema.setClass(WatchNotification);

/** Where the watch scan got to (one row): events recorded after it, less an overlap, are scanned. */
export const WatchScanCursorSchema = defineEntity({
  name: 'WatchScanCursor',
  tableName: 'watch_scan_cursor',
  properties: {
    id: p.smallint().primary().autoincrement(false),
    scannedTo: p.datetime(),
  },
});
export class WatchScanCursor extends WatchScanCursorSchema.class {}
WatchScanCursorSchema.setClass(WatchScanCursor);
