import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';

/** Localised text keyed by BCP 47 language tag, e.g. { en: 'Social worker', vi: 'Nhân viên công tác xã hội' }. */
export type LocalisedText = Record<string, string>;

/** The council running this registry: one row. */
export const CouncilSchema = defineEntity({
  name: 'Council',
  tableName: 'council',
  properties: {
    id: p.smallint().primary().autoincrement(false),
    code: p.string().length(8),
    name: p.string().length(200),
    nameNative: p.string().length(200).nullable(),
    country: p.string().length(2),
    domain: p.string().length(200),
    defaultLocale: p.string().length(10),
    locales: p.array(),
    settings: p.json<Record<string, unknown>>(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export class Council extends CouncilSchema.class {}
CouncilSchema.setClass(Council);

export type TierRequirements = {
  minQualificationLevel: 'certificate' | 'diploma' | 'bachelor' | 'master' | 'doctorate' | null;
  accreditedProgramme: boolean;
  foreignQualificationAccepted: boolean;
  supervisedHours: number;
  supervisedPeriodMonths: number | null;
  examRequired: boolean;
  monthsAtPreviousTier: number;
  previousTier: string | null;
  ethicsDeclaration: boolean;
  fitnessDeclaration: boolean;
};

/** How renewal works for a tier. */
export type RenewalRules = {
  /** The renewal window opens this many days before expiry. */
  windowDays: number;
  /** Reminders this many days before expiry (0 = on the day). */
  reminderDays: number[];
  /** After expiry the licence is in grace this many days, then lapses. */
  graceDays: number;
  /** Whether the holder may practise during grace (shown on the public register). */
  practiseInGrace: boolean;
};

export const DEFAULT_RENEWAL: RenewalRules = {
  windowDays: 90,
  reminderDays: [90, 60, 30, 7, 1, 0],
  graceDays: 30,
  practiseInGrace: true,
};

/** One rung of the council's ladder. Tiers are data: councils configure them, code never names them. */
export const TierSchema = defineEntity({
  name: 'Tier',
  tableName: 'tier',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    code: p.string().length(40).unique(),
    name: p.json<LocalisedText>(),
    rank: p.integer(),
    protectedTitle: p.json<LocalisedText>(),
    requirements: p.json<TierRequirements>(),
    validityMonths: p.integer(),
    cpdCreditsPerCycle: p.integer(),
    canSupervise: p.boolean().default(false),
    fourEyesApproval: p.boolean().default(false),
    renewal: p.json<RenewalRules>().onCreate(() => DEFAULT_RENEWAL),
    active: p.boolean().default(true),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
});
export class Tier extends TierSchema.class {}
TierSchema.setClass(Tier);

export const CpdCategorySchema = defineEntity({
  name: 'CpdCategory',
  tableName: 'cpd_category',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    code: p.string().length(40).unique(),
    name: p.json<LocalisedText>(),
    minCredits: p.integer().default(0),
    maxCredits: p.integer().nullable(),
    structured: p.boolean().default(true),
    version: p.integer().version(),
  },
});
export class CpdCategory extends CpdCategorySchema.class {}
CpdCategorySchema.setClass(CpdCategory);
