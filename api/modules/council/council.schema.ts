import { z } from 'zod';
import { listOf } from '../../http/schemas.js';

const localised = z
  .record(z.string(), z.string())
  .meta({ id: 'LocalisedText', description: 'Text by language tag, e.g. {"en": "…", "vi": "…"}' });

export const councilOut = z
  .object({
    code: z.string(),
    name: z.string(),
    nameNative: z.string().nullable(),
    country: z.string(),
    domain: z.string(),
    defaultLocale: z.string(),
    locales: z.array(z.string()),
  })
  .meta({ id: 'Council' });

export const tierRequirements = z
  .object({
    minQualificationLevel: z.enum(['certificate', 'diploma', 'bachelor', 'master', 'doctorate']).nullable(),
    accreditedProgramme: z.boolean(),
    foreignQualificationAccepted: z.boolean(),
    supervisedHours: z.number().int().min(0),
    supervisedPeriodMonths: z.number().int().min(1).nullable(),
    examRequired: z.boolean(),
    monthsAtPreviousTier: z.number().int().min(0),
    previousTier: z.string().nullable(),
    ethicsDeclaration: z.boolean(),
    fitnessDeclaration: z.boolean(),
  })
  .meta({ id: 'TierRequirements' });

export const tierOut = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: localised,
    rank: z.number().int(),
    protectedTitle: localised,
    requirements: tierRequirements,
    validityMonths: z.number().int(),
    cpdCreditsPerCycle: z.number().int(),
    canSupervise: z.boolean(),
    fourEyesApproval: z.boolean(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'Tier' });

export const cpdCategoryOut = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: localised,
    minCredits: z.number().int(),
    maxCredits: z.number().int().nullable(),
    structured: z.boolean(),
  })
  .meta({ id: 'CpdCategory' });

export const tierListOut = listOf(tierOut, 'TierList');
export const cpdCategoryListOut = listOf(cpdCategoryOut, 'CpdCategoryList');

const localisedIn = z
  .record(z.string().regex(/^[a-z]{2}$/, 'a two-letter language code'), z.string().trim().min(1).max(200))
  .refine((v) => 'en' in v, 'needs at least an English text (en)');

export const tierCreate = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case letters, digits and hyphens'),
    name: localisedIn,
    rank: z.number().int().min(1).max(100),
    protectedTitle: localisedIn,
    requirements: tierRequirements,
    validityMonths: z.number().int().min(1).max(120),
    cpdCreditsPerCycle: z.number().int().min(0).max(1000),
    canSupervise: z.boolean().default(false),
    fourEyesApproval: z.boolean().default(false),
  })
  .meta({ id: 'TierCreate' });

export const tierUpdate = tierCreate
  .omit({ code: true })
  .partial()
  .extend({ active: z.boolean().optional(), version: z.number().int().min(1) })
  .meta({ id: 'TierUpdate' });

export const councilSettings = z
  .object({
    licenceNumberFormat: z
      .string()
      .max(80)
      .regex(/\{seq(:\d+)?\}/, 'must contain {seq} or {seq:N}')
      .regex(/^[A-Za-z0-9{}:\-/ ]+$/, 'letters, digits, -, / and the tokens {country} {yyyy} {yy} {seq:N} {check}')
      .optional(),
    accreditationValidityMonths: z.number().int().min(12).max(120).optional(),
    /** Reports: counts of people below this are suppressed in exports (and in the JSON API for non-admins). */
    reportSmallCellThreshold: z.number().int().min(2).max(100).optional(),
    /** Public register: the optional fields the statute lets the register show (number, name, tier and status are always shown). */
    publicRegisterFields: z
      .array(
        z.enum(['nativeName', 'protectedTitle', 'validFrom', 'validUntil', 'statusSince', 'conditions', 'sanctions']),
      )
      .max(7)
      .optional(),
  })
  .strict()
  .meta({ id: 'CouncilSettings' });

export const councilUpdate = z
  .object({
    name: z.string().trim().min(3).max(200).optional(),
    nameNative: z.string().trim().min(1).max(200).nullable().optional(),
    domain: z
      .string()
      .trim()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$|^[a-z0-9.-]+\.localhost$/, 'a domain name such as swcouncil.gov.vn')
      .optional(),
    defaultLocale: z
      .string()
      .regex(/^[a-z]{2}$/)
      .optional(),
    locales: z
      .array(z.string().regex(/^[a-z]{2}$/))
      .min(1)
      .max(10)
      .optional(),
    settings: councilSettings.optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'CouncilUpdate' });

export const councilAdminOut = councilOut
  .extend({ settings: z.record(z.string(), z.unknown()), version: z.number().int() })
  .meta({ id: 'CouncilWithSettings' });
