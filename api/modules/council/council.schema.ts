import { z } from 'zod';
import { listOf } from '../../http/schemas.js';
import { isLanguage, LANGUAGES } from '../../shared/i18n.js';

/** A language the registry has a message catalogue for (i18n/<code>.json). */
export const language = z
  .string()
  .refine(isLanguage, { message: `one of the languages with a catalogue: ${LANGUAGES.join(', ')}` })
  .meta({ description: `A language with a message catalogue: ${LANGUAGES.join(', ')}` });
const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));

const localised = z
  .record(z.string(), z.string())
  .meta({ id: 'LocalisedText', description: 'Text by language tag, e.g. {"en": "…", "vi": "…"}' });

export const councilOut = z
  .object({
    code: z.string().describe("The council's short code"),
    name: z.string().describe("The council's name in Latin script"),
    nameNative: z.string().nullable().describe("The council's name in the national script"),
    country: z.string().describe("ISO 3166-1 alpha-2 code of the council's country"),
    domain: z.string().describe("The council's web domain"),
    defaultLocale: z.string().describe("The language shown when a reader's is not offered"),
    locales: z.array(z.string()).describe('The languages the council offers'),
    languages: z
      .array(
        z.object({
          code: z.string().describe('Language code, e.g. th'),
          name: z.string().describe('the language in itself, e.g. "ภาษาไทย"'),
        }),
      )
      .describe('The languages offered, default first, named for a language switcher'),
    timeZone: z.string().describe('IANA time zone dates and times are shown in, e.g. Asia/Ho_Chi_Minh'),
    buddhistEra: z.boolean().describe('Thai dates count years in the Buddhist era (2569) rather than 2026'),
  })
  .meta({ id: 'Council' });

export const tierRequirements = z
  .object({
    minQualificationLevel: z
      .enum(['certificate', 'diploma', 'bachelor', 'master', 'doctorate'])
      .nullable()
      .describe('Lowest qualification level accepted (none: no minimum)'),
    accreditedProgramme: z.boolean().describe('Whether the qualification must come from an accredited programme'),
    foreignQualificationAccepted: z
      .boolean()
      .describe('Whether a qualification awarded abroad may be accepted after review'),
    supervisedHours: z.number().int().min(0).describe('Hours of supervised practice required'),
    supervisedPeriodMonths: z
      .number()
      .int()
      .min(1)
      .nullable()
      .describe('Period within which the supervised hours must fall, in months (none: any time)'),
    examRequired: z.boolean().describe('Whether the licensing examination must be passed'),
    monthsAtPreviousTier: z.number().int().min(0).describe('Months required at the previous tier'),
    previousTier: z.string().nullable().describe('The tier one must hold first (none: entry tier)'),
    ethicsDeclaration: z.boolean().describe('Whether applicants must declare they follow the code of ethics'),
    fitnessDeclaration: z.boolean().describe('Whether applicants must declare their fitness to practise'),
  })
  .meta({ id: 'TierRequirements' });

export const tierOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    code: z.string().describe("The tier's code"),
    name: localised.describe("The tier's name by language code"),
    rank: z.number().int().describe('Order of the tier (1 is the entry tier)'),
    protectedTitle: localised.describe('The protected title the tier confers, by language code'),
    requirements: tierRequirements.describe('What an applicant for the tier must meet'),
    validityMonths: z.number().int().describe('Months a licence of this tier is valid before renewal'),
    cpdCreditsPerCycle: z.number().int().describe('CPD credits required in each validity period'),
    canSupervise: z.boolean().describe("Whether holders may supervise others' practice"),
    fourEyesApproval: z.boolean().describe('Whether an application for the tier needs two approvers'),
    active: z.boolean().describe('Whether the tier is open to applications'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'Tier' });

export const cpdCategoryOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    code: z.string().describe("The category's code"),
    name: localised.describe("The category's name by language code"),
    minCredits: z.number().int().describe('Least credits required from the category in a period'),
    maxCredits: z
      .number()
      .int()
      .nullable()
      .describe('Most credits that count from the category in a period (none: no cap)'),
    structured: z.boolean().describe('Whether activities of the category count as structured learning'),
  })
  .meta({ id: 'CpdCategory' });

export const tierListOut = listOf(tierOut, 'TierList');
export const cpdCategoryListOut = listOf(cpdCategoryOut, 'CpdCategoryList');

const localisedIn = z
  .record(z.string().regex(/^[a-z]{2}$/, 'a two-letter language code'), z.string().trim().min(1).max(200))
  .refine((v) => 'en' in v, 'needs at least an English text (en)');

export const tierCreate = z
  .object({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case letters, digits and hyphens')
      .describe("The tier's code (lower-case letters, digits and hyphens)"),
    name: localisedIn.describe("The tier's name by language code"),
    rank: z.number().int().min(1).max(100).describe('Order of the tier (1 is the entry tier)'),
    protectedTitle: localisedIn.describe('The protected title the tier confers, by language code'),
    requirements: tierRequirements.describe('What an applicant for the tier must meet'),
    validityMonths: z.number().int().min(1).max(120).describe('Months a licence of this tier is valid before renewal'),
    cpdCreditsPerCycle: z.number().int().min(0).max(1000).describe('CPD credits required in each validity period'),
    canSupervise: z.boolean().default(false).describe("Whether holders may supervise others' practice"),
    fourEyesApproval: z.boolean().default(false).describe('Whether an application for the tier needs two approvers'),
  })
  .meta({ id: 'TierCreate' });

export const tierUpdate = tierCreate
  .omit({ code: true })
  .partial()
  .extend({
    active: z.boolean().optional().describe('false retires the tier: no new applications; existing licences keep it'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'TierUpdate' });

export const councilSettings = z
  .object({
    licenceNumberFormat: z
      .string()
      .max(80)
      .regex(/\{seq(:\d+)?\}/, 'must contain {seq} or {seq:N}')
      .regex(/^[A-Za-z0-9{}:\-/ ]+$/, 'letters, digits, -, / and the tokens {country} {yyyy} {yy} {seq:N} {check}')
      .optional()
      .describe(
        'How new licence numbers are made: {country} {yyyy} {yy} {seq:N} {check}, e.g. {country}-SW-{yy}-{seq:6}-{check}',
      ),
    accreditationValidityMonths: z
      .number()
      .int()
      .min(12)
      .max(120)
      .optional()
      .describe('Months an accreditation is valid'),
    /** Reports: counts of people below this are suppressed in exports (and in the JSON API for non-admins). */
    reportSmallCellThreshold: z
      .number()
      .int()
      .min(2)
      .max(100)
      .optional()
      .describe('Counts in published reports below this are suppressed'),
    /** Public register: the optional fields the statute lets the register show (number, name, tier and status are always shown). */
    publicRegisterFields: z
      .array(
        z.enum(['nameNative', 'protectedTitle', 'validFrom', 'validUntil', 'statusSince', 'conditions', 'sanctions']),
      )
      .max(7)
      .optional()
      .describe('The optional fields the public register shows (number, name, tier and status always show)'),
    /** Dates and times are shown in this IANA time zone. */
    timeZone: z
      .string()
      .refine((tz) => TIME_ZONES.has(tz), { message: 'an IANA time zone such as Asia/Bangkok' })
      .optional()
      .describe('The IANA time zone dates and times are shown in, e.g. Asia/Ho_Chi_Minh'),
    /** Thai dates: years in the Buddhist era (the default) or Gregorian. */
    buddhistEra: z.boolean().optional().describe('Show years in the Buddhist era for Thai (2569 for 2026)'),
  })
  .strict()
  .meta({ id: 'CouncilSettings' });

export const councilUpdate = z
  .object({
    name: z.string().trim().min(3).max(200).optional().describe("The council's name in Latin script"),
    nameNative: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .nullable()
      .optional()
      .describe("The council's name in the national script"),
    domain: z
      .string()
      .trim()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$|^[a-z0-9.-]+\.localhost$/, 'a domain name such as swcouncil.gov.vn')
      .optional()
      .describe("The council's domain name (its did:web identifier and links in e-mails use it)"),
    defaultLocale: language.optional().describe("The language shown when a reader's is not offered"),
    locales: z.array(language).min(1).max(LANGUAGES.length).optional().describe('The languages the council offers'),
    settings: councilSettings.optional().describe('Registry settings'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'CouncilUpdate' });

export const councilAdminOut = councilOut
  .extend({
    settings: z.record(z.string(), z.unknown()).describe('Registry settings'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
    availableLanguages: z
      .array(
        z.object({
          code: z.string().describe('Language code, e.g. vi'),
          name: z.string().describe('The language named in itself, e.g. Tiếng Việt'),
          englishName: z.string().describe('Its English name'),
        }),
      )
      .describe('Every language the registry has a message catalogue for: the ones a council may offer'),
  })
  .meta({ id: 'CouncilWithSettings' });
