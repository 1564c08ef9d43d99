import { defineEntity, p } from '@mikro-orm/core';

/**
 * What the workforce reports read, kept by the database itself: triggers on licence, registrant,
 * licence_period and cpd_record (migration Migration20261126004944_report_tables) write these rows
 * in the same transaction as the change they follow, whoever makes it (the services, the jobs, the
 * register import). Nothing in the application writes them; the reports only read them. They have
 * no foreign keys: the triggers remove a licence's and a person's rows when those are deleted, and a
 * bulk import does not pay a key check per derived row.
 */

/**
 * One row per licence: its tier and current status (with the date that status started) and its
 * holder's region, sex, sector and date of birth, so the workforce counts are one pass over one
 * narrow table instead of a million-row join. `sharedHolder` is true once the holder has held more
 * than one licence: only those people need de-duplicating when the reports count people.
 */
export const ReportLicenceSchema = defineEntity({
  name: 'ReportLicence',
  tableName: 'report_licence',
  // Only the holder is indexed (for the triggers): the reports scan the table, and with status and
  // status_since unindexed a status change is a HOT update of one narrow row.
  indexes: [{ name: 'report_licence_registrant_idx', properties: ['registrantId'] }],
  properties: {
    licenceId: p.uuid().primary(),
    registrantId: p.uuid(),
    tierCode: p.string().length(40),
    status: p.string().length(12),
    statusSince: p.date(),
    region: p.string().length(120),
    sex: p.string().length(12),
    sector: p.string().length(20),
    dateOfBirth: p.date(),
    sharedHolder: p.boolean().default(false),
  },
});
export class ReportLicence extends ReportLicenceSchema.class {}
ReportLicenceSchema.setClass(ReportLicence);

/**
 * Per person and calendar year: how many of their licence periods overlap the year and how many of
 * their CPD records completed in it are accepted. Triggers add and subtract these counts as periods
 * and records change (increments commute, so concurrent changes need no other lock than the row's).
 * A person is registered in a year while `periods > 0`, and engaged while also `acceptedCpd > 0`.
 */
export const ReportPersonYearSchema = defineEntity({
  name: 'ReportPersonYear',
  tableName: 'report_person_year',
  // Registered person-years only, with what the counts read: the report is an index-only scan.
  indexes: [
    {
      name: 'report_person_year_year_idx',
      expression:
        'create index "report_person_year_year_idx" on "report_person_year" ("year") include ("registrant_id", "accepted_cpd") where "periods" > 0',
    },
  ],
  properties: {
    registrantId: p.uuid().primary(),
    year: p.integer().primary(),
    periods: p.integer().default(0),
    acceptedCpd: p.integer().default(0),
  },
});
export class ReportPersonYear extends ReportPersonYearSchema.class {}
ReportPersonYearSchema.setClass(ReportPersonYear);
