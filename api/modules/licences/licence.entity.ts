import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import { Registrant } from '../registrants/index.js';
import type { LocalisedText } from '../council/index.js';
import { assertLicenceTransition, type LicenceStatus } from './licence.rules.js';

/**
 * A licence: one number, one tier (copied at issue, so later ladder changes never rewrite it), a
 * status moved only through the state table, append-only periods and status events.
 */
export const LicenceSchema = defineEntity({
  name: 'Licence',
  tableName: 'licence',
  indexes: [{ properties: ['status', 'validUntil'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    number: p.string().length(40).unique(),
    registrant: () => p.manyToOne(Registrant).ref().index(),
    tierCode: p.string().length(40),
    tierName: p.json<LocalisedText>(),
    protectedTitle: p.json<LocalisedText>(),
    status: p.string().length(12).$type<LicenceStatus>(),
    statusSince: p.date(),
    validUntil: p.date(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class Licence extends LicenceSchema.class {
  /** Moves the status through the state table; the caller records the event. */
  moveTo(to: LicenceStatus, effectiveDate: string): LicenceStatus {
    const from = this.status;
    assertLicenceTransition(from, to);
    this.status = to;
    this.statusSince = effectiveDate;
    return from;
  }
}
LicenceSchema.setClass(Licence);

export const LicencePeriodSchema = defineEntity({
  name: 'LicencePeriod',
  tableName: 'licence_period',
  // (licence, valid_from) also serves every lookup of a licence's periods.
  uniques: [{ properties: ['licence', 'validFrom'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    licence: () => p.manyToOne(Licence).ref(),
    validFrom: p.date(),
    validUntil: p.date(),
    kind: p.string().length(12).$type<'initial' | 'renewal' | 'restoration'>(),
    applicationId: p.uuid().nullable(),
    createdAt: p.datetime(),
  },
});
export class LicencePeriod extends LicencePeriodSchema.class {}
LicencePeriodSchema.setClass(LicencePeriod);

export const LicenceEventSchema = defineEntity({
  name: 'LicenceEvent',
  tableName: 'licence_event',
  // A licence's events in the order recorded, with what the as-of rule reads (status as of a date is
  // the last recorded event effective by then): also serves every lookup of a licence's events.
  indexes: [
    {
      name: 'licence_event_recorded_idx',
      expression:
        'create index "licence_event_recorded_idx" on "licence_event" ("licence_id", "created_at" desc, "id" desc) include ("effective_date", "to_status")',
    },
  ],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    licence: () => p.manyToOne(Licence).ref(),
    fromStatus: p.string().length(12),
    toStatus: p.string().length(12),
    effectiveDate: p.date(),
    reason: p.text(),
    legalBasis: p.text().nullable(),
    actorId: p.uuid().nullable(),
    createdAt: p.datetime(),
  },
});
export class LicenceEvent extends LicenceEventSchema.class {}
LicenceEventSchema.setClass(LicenceEvent);

export const LicenceConditionSchema = defineEntity({
  name: 'LicenceCondition',
  tableName: 'licence_condition',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    licence: () => p.manyToOne(Licence).ref().index(),
    text: p.text(),
    startsOn: p.date(),
    endsOn: p.date().nullable(),
    public: p.boolean(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime(),
  },
});
export class LicenceCondition extends LicenceConditionSchema.class {}
LicenceConditionSchema.setClass(LicenceCondition);

/** Gap-free numbering: one counter row per scope (year), incremented under its row lock. */
export const LicenceNumberCounterSchema = defineEntity({
  name: 'LicenceNumberCounter',
  tableName: 'licence_number_counter',
  properties: {
    scope: p.string().length(20).primary(),
    last: p.integer(),
  },
});
export class LicenceNumberCounter extends LicenceNumberCounterSchema.class {}
LicenceNumberCounterSchema.setClass(LicenceNumberCounter);
