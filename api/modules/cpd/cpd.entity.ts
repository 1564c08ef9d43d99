import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import { Account } from '../auth/index.js';
import { Registrant } from '../registrants/index.js';
import type { CpdRecordStatus } from './cpd.rules.js';

/** Per-category limits of a tier's rule set: null keeps the category's own default. */
export type CategoryLimits = Record<string, { min: number | null; max: number | null }>;

/**
 * A tier's CPD rules beyond the credits per cycle (which stay on the tier, `cpdCreditsPerCycle`):
 * category limits, the structured minimum, the carry-over cap and pro-rating.
 */
export const CpdRuleSetSchema = defineEntity({
  name: 'CpdRuleSet',
  tableName: 'cpd_rule_set',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    tierCode: p.string().length(40).unique(),
    minStructured: p.decimal('number').precision(7).scale(2),
    carryOverCap: p.decimal('number').precision(7).scale(2),
    proRate: p.boolean(),
    categoryLimits: p.json<CategoryLimits>(),
    updatedAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class CpdRuleSet extends CpdRuleSetSchema.class {}
CpdRuleSetSchema.setClass(CpdRuleSet);

/** The council's CPD settings: one row. */
export const CpdSettingsSchema = defineEntity({
  name: 'CpdSettings',
  tableName: 'cpd_settings',
  properties: {
    id: p.smallint().primary().autoincrement(false),
    selfDeclaredAutoAccept: p.boolean(),
    auditBlocksRenewal: p.boolean(),
    auditResponseDays: p.integer(),
    creditsPerHour: p.decimal('number').precision(5).scale(2),
    updatedAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class CpdSettings extends CpdSettingsSchema.class {}
CpdSettingsSchema.setClass(CpdSettings);

/** A CPD provider approved by the council. */
export const CpdProviderSchema = defineEntity({
  name: 'CpdProvider',
  tableName: 'cpd_provider',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    name: p.string().length(300),
    contactEmail: p.string().length(254).nullable(),
    status: p.string().length(12).$type<'approved' | 'suspended'>(),
    approvedFrom: p.date(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class CpdProvider extends CpdProviderSchema.class {}
CpdProviderSchema.setClass(CpdProvider);

/** Which accounts (role cpd_provider) act for which provider. */
export const CpdProviderAccountSchema = defineEntity({
  name: 'CpdProviderAccount',
  tableName: 'cpd_provider_account',
  properties: {
    provider: () => p.manyToOne(CpdProvider).primary().ref().deleteRule('cascade'),
    account: () => p.manyToOne(Account).primary().ref().deleteRule('cascade'),
    createdAt: p.datetime(),
  },
});
export class CpdProviderAccount extends CpdProviderAccountSchema.class {}
CpdProviderAccountSchema.setClass(CpdProviderAccount);

/** An activity a provider runs; rosters are accepted only once the council approves it. */
export const CpdActivitySchema = defineEntity({
  name: 'CpdActivity',
  tableName: 'cpd_activity',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    provider: () => p.manyToOne(CpdProvider).ref().index(),
    title: p.string().length(300),
    categoryCode: p.string().length(40),
    credits: p.decimal('number').precision(6).scale(2),
    startsOn: p.date(),
    endsOn: p.date(),
    structured: p.boolean(),
    status: p.string().length(12).$type<'proposed' | 'approved' | 'refused'>(),
    decidedBy: p.uuid().nullable(),
    decidedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class CpdActivity extends CpdActivitySchema.class {}
CpdActivitySchema.setClass(CpdActivity);

export type RosterRow = {
  row: number;
  licenceNumber: string;
  registrantId: string;
  credits: number;
  completedOn: string;
};
export type RosterError = { row: number; field: string; reason: string };

/** An attendance roster as uploaded: validated into a row report; imported once accepted. */
export const CpdRosterSchema = defineEntity({
  name: 'CpdRoster',
  tableName: 'cpd_roster',
  uniques: [{ properties: ['activity', 'sha256'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    activity: () => p.manyToOne(CpdActivity).ref().index(),
    filename: p.string().length(255),
    sha256: p.string().length(64),
    status: p.string().length(12).$type<'validated' | 'accepted'>(),
    rowCount: p.integer(),
    validCount: p.integer(),
    errors: p.json<RosterError[]>(),
    validRows: p.json<RosterRow[]>().lazy(),
    uploadedBy: p.uuid().nullable(),
    createdAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    acceptedBy: p.uuid().nullable(),
    importedCount: p.integer().nullable(),
  },
});
export class CpdRoster extends CpdRosterSchema.class {}
CpdRosterSchema.setClass(CpdRoster);

/**
 * One CPD activity a person completed: provider-verified (from a roster; one per activity and
 * person) or self-declared (pending review unless the council accepts them automatically).
 */
export const CpdRecordSchema = defineEntity({
  name: 'CpdRecord',
  tableName: 'cpd_record',
  uniques: [{ properties: ['activity', 'registrant'] }],
  indexes: [{ properties: ['registrant', 'completedOn'] }, { properties: ['status'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    registrant: () => p.manyToOne(Registrant).ref(),
    source: p.string().length(10).$type<'provider' | 'self'>(),
    activity: () => p.manyToOne(CpdActivity).ref().nullable(),
    rosterId: p.uuid().nullable(),
    title: p.string().length(300),
    providerName: p.string().length(300),
    categoryCode: p.string().length(40),
    completedOn: p.date(),
    hours: p.decimal('number').precision(6).scale(2).nullable(),
    credits: p.decimal('number').precision(6).scale(2),
    structured: p.boolean(),
    reflection: p.text().nullable(),
    status: p.string().length(16).$type<CpdRecordStatus>(),
    decisionNote: p.text().nullable(),
    decidedBy: p.uuid().nullable(),
    decidedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class CpdRecord extends CpdRecordSchema.class {}
CpdRecordSchema.setClass(CpdRecord);

/** A period in which a person's CPD requirement is reduced (parental or medical leave…). */
export const CpdExemptionSchema = defineEntity({
  name: 'CpdExemption',
  tableName: 'cpd_exemption',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    registrant: () => p.manyToOne(Registrant).ref().index(),
    kind: p.string().length(20).$type<'parental' | 'medical' | 'other'>(),
    startsOn: p.date(),
    endsOn: p.date(),
    reason: p.text(),
    grantedBy: p.uuid().nullable(),
    createdAt: p.datetime(),
  },
});
export class CpdExemption extends CpdExemptionSchema.class {}
CpdExemptionSchema.setClass(CpdExemption);

export type StratumReport = {
  stratum: string;
  population: number;
  excluded: Record<string, number>;
  eligible: number;
  selected: number;
};

/** An audit round: its configuration, seed and the selection report, fixed when drawn. */
export const CpdAuditRoundSchema = defineEntity({
  name: 'CpdAuditRound',
  tableName: 'cpd_audit_round',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    name: p.string().length(200),
    seed: p.string().length(200),
    rateBasisPoints: p.integer(),
    strata: p.array().$type<string[]>(),
    registeredUnderMonths: p.integer(),
    excludeSanctioned: p.boolean(),
    excludeAuditedLastRound: p.boolean(),
    populationOn: p.date(),
    responseDueOn: p.date(),
    previousRoundId: p.uuid().nullable(),
    summary: p.json<StratumReport[]>(),
    report: p.json<Record<string, unknown>>().lazy(),
    selectedCount: p.integer(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class CpdAuditRound extends CpdAuditRoundSchema.class {}
CpdAuditRoundSchema.setClass(CpdAuditRound);

export type AuditSelectionStatus =
  'selected' | 'submitted' | 'extension_granted' | 'passed' | 'passed_with_advice' | 'failed';

/** One person selected in a round (drawn or targeted) and where their audit stands. */
export const CpdAuditSelectionSchema = defineEntity({
  name: 'CpdAuditSelection',
  tableName: 'cpd_audit_selection',
  uniques: [{ properties: ['round', 'registrant'] }],
  indexes: [{ properties: ['registrant', 'status'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    round: () => p.manyToOne(CpdAuditRound).ref(),
    registrant: () => p.manyToOne(Registrant).ref(),
    licenceId: p.uuid(),
    licenceNumber: p.string().length(40),
    stratum: p.string().length(400),
    targeted: p.boolean(),
    targetReason: p.text().nullable(),
    status: p.string().length(20).$type<AuditSelectionStatus>(),
    dueOn: p.date(),
    autoPassed: p.boolean(),
    responseNote: p.text().nullable(),
    respondedAt: p.datetime().nullable(),
    outcomeNote: p.text().nullable(),
    decidedBy: p.uuid().nullable(),
    decidedAt: p.datetime().nullable(),
    version: p.integer().version(),
  },
});
export class CpdAuditSelection extends CpdAuditSelectionSchema.class {}
CpdAuditSelectionSchema.setClass(CpdAuditSelection);
