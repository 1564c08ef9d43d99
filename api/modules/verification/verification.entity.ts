import { defineEntity, p } from '@mikro-orm/core';

/**
 * How often a licence was looked up on the public register, per day. Who looked is never stored:
 * instances count in memory and add their counts here every few seconds.
 *
 * Keyed by the licence's number, as the lookup knows it, with no foreign key: finding each counted
 * licence by number and locking it for the key check (FOR KEY SHARE) at every flush cost the database
 * more than the lookups it counted (68 µs a counted lookup at 1,000,000 licences; about 5 µs now).
 * A licence's numbers never change; a deleted licence's counts are deleted by a statement trigger on
 * licence in the same transaction (migration Migration20261202194209_verification_counts_by_number).
 */
export const LicenceVerificationCountSchema = defineEntity({
  name: 'LicenceVerificationCount',
  tableName: 'licence_verification_count',
  properties: {
    number: p.string().length(40).primary(),
    day: p.date().primary(),
    count: p.integer(),
  },
});
export class LicenceVerificationCount extends LicenceVerificationCountSchema.class {}
LicenceVerificationCountSchema.setClass(LicenceVerificationCount);

/** A licence's entry on the public register, as stored (dates as YYYY-MM-DD). */
export type PublicRegisterEntryData = {
  name: string;
  /** Stored under this key by the triggers; answered as `nameNative`. */
  nativeName: string | null;
  /** Tier code, name and protected title, by content hash (public_register_label). */
  label: string;
  status: string;
  practiseAllowed: boolean;
  statusSince: string;
  validUntil: string;
  /** Starts of the licence's periods, ascending. */
  periodStarts: string[];
  /** Public conditions, ended or not, by start; null when none. */
  conditions: { text: string; since: string; until: string | null }[] | null;
  /** Published sanctions, by publication date; null when none. */
  sanctions: { type: string; text: string; from: string | null; until: string | null }[] | null;
};

/**
 * The public register as the lookup reads it: one row per licence on the register (pending
 * licences have none), keyed by its number, whose entry holds everything the public projection can
 * show, so a lookup is one index probe returning one value. The database keeps it: triggers on
 * licence, registrant, tier, licence_period, licence_condition and discipline_sanction (migration
 * Migration20261202181500_public_register) rewrite an entry in the same transaction as every change
 * that affects it, whoever makes it; nothing in the application writes it.
 *
 * What depends on the day is stored with its dates and chosen when the entry is read: the current
 * period from `periodStarts`, the public conditions and published sanctions in force from their
 * dates. The council's allowlist (publicRegisterFields) is applied when the entry is read, too.
 * `version` comes from one sequence and moves with every change of the row (the lookup's ETag).
 */
export const PublicRegisterEntrySchema = defineEntity({
  name: 'PublicRegisterEntry',
  tableName: 'public_register',
  properties: {
    number: p.string().length(40).primary(),
    version: p.bigint('string'),
    entry: p.json<PublicRegisterEntryData>(),
  },
});
export class PublicRegisterEntry extends PublicRegisterEntrySchema.class {}
PublicRegisterEntrySchema.setClass(PublicRegisterEntry);

/**
 * Tier codes, names and protected titles as copied onto licences, once per distinct triple, keyed by
 * a hash of their content: rows never change, so an instance may keep them in memory for good.
 */
export const PublicRegisterLabelSchema = defineEntity({
  name: 'PublicRegisterLabel',
  tableName: 'public_register_label',
  properties: {
    id: p.bigint('string').primary().autoincrement(false),
    tierCode: p.string().length(40),
    tierName: p.json<Record<string, string>>(),
    tierTitle: p.json<Record<string, string>>(),
  },
});
export class PublicRegisterLabel extends PublicRegisterLabelSchema.class {}
PublicRegisterLabelSchema.setClass(PublicRegisterLabel);
