import { z } from 'zod';
import { listOf, listQuery, rowErrorsOut } from '../../http/schemas.js';
import { documentOut } from '../documents/index.js';

export const calendarDate = z.iso.date().meta({ example: '2026-06-30', description: 'Calendar date YYYY-MM-DD' });
const level = z
  .enum(['certificate', 'diploma', 'bachelor', 'master', 'doctorate'])
  .describe('Level of the qualification the programme awards');
const country = z
  .string()
  .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as VN')
  .describe('ISO 3166-1 alpha-2 country code, e.g. VN');

export const institutionBody = z
  .object({
    name: z.string().trim().min(2).max(300).describe('Name in Latin script'),
    nameNative: z.string().trim().min(1).max(300).nullable().optional().describe('Name in the national script'),
    kind: z
      .enum(['school', 'training_provider'])
      .default('school')
      .describe('school (awards degrees) or training_provider'),
    country,
    region: z.string().trim().min(1).max(120).describe('Region (province or state) of the institution'),
    contactEmail: z.email().max(254).nullable().optional().describe("E-mail address for the council's correspondence"),
    contactPhone: z
      .string()
      .trim()
      .regex(/^[+0-9 ()-]{5,40}$/, 'a phone number')
      .nullable()
      .optional()
      .describe('Telephone number'),
    address: z.string().trim().max(2000).nullable().optional().describe('Postal address'),
    website: z.url().max(300).nullable().optional().describe('Web site'),
  })
  .meta({ id: 'InstitutionCreate' });
export const institutionPatch = institutionBody
  .partial()
  .extend({ version: z.number().int().min(1) })
  .meta({ id: 'InstitutionUpdate' });

export const institutionOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    name: z.string().describe('Name in Latin script'),
    nameNative: z.string().nullable().describe('Name in the national script'),
    kind: z.string().describe('school (awards degrees) or training_provider'),
    country: z.string().describe('ISO 3166-1 alpha-2 country code'),
    region: z.string().describe('Region (province or state) of the institution'),
    contactEmail: z.string().nullable().describe("E-mail address for the council's correspondence"),
    contactPhone: z.string().nullable().describe('Telephone number'),
    address: z.string().nullable().describe('Postal address'),
    website: z.string().nullable().describe('Web site'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'Institution' });

export const institutionListQuery = listQuery(['name', 'createdAt']).extend({ country: country.optional() });

export const programmeBody = z
  .object({
    institutionId: z.uuid().describe('The institution'),
    name: z.string().trim().min(2).max(300).describe('Name in Latin script'),
    nameNative: z.string().trim().min(1).max(300).nullable().optional().describe('Name in the national script'),
    level,
    durationMonths: z.number().int().min(1).max(120).describe('Length of the programme in months'),
    credits: z.number().int().min(0).max(1000).describe('Academic credits of the programme'),
    fieldPlacementHours: z
      .number()
      .int()
      .min(0)
      .max(10000)
      .describe('Hours of supervised field placement in the programme'),
    deliveryMode: z.enum(['in_person', 'online', 'blended']).describe('in_person, online or blended'),
  })
  .meta({ id: 'ProgrammeCreate' });
export const programmePatch = programmeBody
  .omit({ institutionId: true })
  .partial()
  .extend({
    active: z.boolean().optional().describe('false closes the programme to new students; its graduates keep it'),
    version: z.number().int().min(1),
  })
  .meta({ id: 'ProgrammeUpdate' });

export const conditionOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    text: z.string().describe('The condition'),
    dueDate: calendarDate.describe('Day by which the condition must be met'),
    status: z.enum(['open', 'met', 'missed']).describe('open, met or missed'),
    resolvedAt: z.iso.datetime().nullable().describe('When the condition was marked met or missed'),
    note: z.string().nullable().describe('Note by the council'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'AccreditationCondition' });

export const accreditationOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    programmeId: z.uuid().describe('The programme'),
    applicationId: z.uuid().describe('The accreditation application decided'),
    outcome: z.enum(['accredited', 'accredited_with_conditions']).describe('accredited, or accredited with conditions'),
    status: z.enum(['active', 'expired', 'withdrawn']).describe('active, expired or withdrawn'),
    validFrom: calendarDate.describe('First day of validity'),
    validUntil: calendarDate.describe('Last day of validity'),
    withdrawnFrom: calendarDate.nullable().describe('Day the accreditation was withdrawn'),
    withdrawalReason: z.string().nullable().describe('Why it was withdrawn'),
    conditions: z.array(conditionOut).describe('Conditions attached to the accreditation'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'Accreditation' });

export const programmeOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    institutionId: z.uuid().describe('The institution'),
    institutionName: z.string().describe('Name of the institution'),
    name: z.string().describe('Name in Latin script'),
    nameNative: z.string().nullable().describe('Name in the national script'),
    level,
    durationMonths: z.number().int().describe('Length of the programme in months'),
    credits: z.number().int().describe('Academic credits of the programme'),
    fieldPlacementHours: z.number().int().describe('Hours of supervised field placement in the programme'),
    deliveryMode: z.string().describe('in_person, online or blended'),
    active: z.boolean().describe('Whether the programme still admits students'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
    accreditations: z.array(accreditationOut).describe("The programme's accreditations, newest first"),
  })
  .meta({ id: 'Programme' });

export const programmeListQuery = listQuery(['name', 'createdAt']).extend({
  institutionId: z.uuid().optional().describe("Only this institution's programmes"),
  level: level.optional().describe('Only programmes of this level'),
});

export const applicationOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    programmeId: z.uuid().describe('The programme'),
    programmeName: z.string().describe('Name of the programme'),
    institutionId: z.uuid().describe('The institution'),
    institutionName: z.string().describe('Name of the institution'),
    status: z
      .enum(['draft', 'submitted', 'under_review', 'decided', 'withdrawn'])
      .describe('draft, submitted, under_review, decided or withdrawn'),
    selfStudySummary: z.string().describe("The school's self-study summary"),
    reviewerIds: z.array(z.uuid()).describe('Staff accounts reviewing the application'),
    siteVisitDate: calendarDate.nullable().describe('Day of the site visit'),
    siteVisitFindings: z.string().nullable().describe('What the reviewers found on the visit'),
    outcome: z
      .enum(['accredited', 'accredited_with_conditions', 'not_accredited'])
      .nullable()
      .describe('The decision, once made'),
    decisionReason: z.string().nullable().describe('Reasons for the decision'),
    decidedAt: z.iso.datetime().nullable().describe('When the decision was made'),
    accreditationId: z.uuid().nullable().describe('The accreditation granted'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    submittedAt: z.iso.datetime().nullable().describe('When the school submitted the application'),
    documents: z.array(documentOut).describe('Documents uploaded'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'AccreditationApplication' });

export const applicationListQuery = listQuery(['createdAt', 'submittedAt']).extend({
  status: z
    .enum(['draft', 'submitted', 'under_review', 'decided', 'withdrawn'])
    .optional()
    .describe('Only applications in this status'),
  institutionId: z.uuid().optional().describe("Only this institution's applications"),
});
export const applicationCreate = z
  .object({
    programmeId: z.uuid().describe('The programme to accredit'),
    selfStudySummary: z
      .string()
      .trim()
      .min(20)
      .max(20000)
      .describe("The school's self-study: how the programme meets the council's standards"),
  })
  .meta({ id: 'AccreditationApplicationCreate' });
export const versionBody = z.object({ version: z.number().int().min(1) }).meta({ id: 'VersionOnly' });
export const reviewersBody = z
  .object({
    reviewerIds: z.array(z.uuid()).min(1).max(10).describe('Staff accounts (reviewer role) who review the application'),
    version: z.number().int().min(1),
  })
  .meta({ id: 'AssignReviewers' });
export const siteVisitBody = z
  .object({
    date: calendarDate,
    findings: z.string().trim().min(10).max(20000).describe('What the reviewers found at the visit'),
    version: z.number().int().min(1),
  })
  .meta({ id: 'SiteVisit' });
export const decisionBody = z
  .object({
    outcome: z.enum(['accredited', 'accredited_with_conditions', 'not_accredited']).describe('The decision'),
    reason: z.string().trim().min(10).max(20000).describe('Reasons for the decision (sent to the school)'),
    conditions: z
      .array(
        z.object({
          text: z.string().trim().min(5).max(2000).describe('What the school must do'),
          dueDate: calendarDate.describe('By when'),
        }),
      )
      .max(30)
      .default([])
      .describe('Conditions of an accreditation with conditions'),
    decisionDate: calendarDate.optional().describe('Day of the decision (default: today)'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'AccreditationDecision' });
export const conditionUpdateBody = z
  .object({
    status: z.enum(['met', 'missed']).describe('met or missed'),
    note: z.string().trim().max(2000).optional().describe('Note on how the condition was met or missed'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'ConditionUpdate' });
export const withdrawBody = z
  .object({
    effectiveFrom: calendarDate.describe('Day the withdrawal takes effect'),
    reason: z.string().trim().min(10).max(20000).describe('Why the accreditation is withdrawn (sent to the school)'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'AccreditationWithdrawal' });

export const eligibilityQuery = z.object({ programmeId: z.uuid(), graduationDate: calendarDate });
export const eligibilityOut = z
  .object({
    accredited: z.boolean().describe('Whether the programme was accredited on the graduation day'),
    reason: z.string().nullable().describe('Why not, when it was not'),
    window: z
      .object({
        id: z.uuid().describe('Identifier (UUID)'),
        outcome: z.string().describe('accredited, or accredited with conditions'),
        validFrom: calendarDate.describe('First day of validity'),
        validUntil: calendarDate.describe('Last day of validity'),
        withdrawnFrom: calendarDate.nullable().describe('Day the accreditation was withdrawn'),
      })
      .nullable()
      .describe('The accreditation that covered the graduation day, if any'),
  })
  .meta({ id: 'Eligibility' });

export const uploadReportOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    institutionId: z.uuid().describe('The institution'),
    filename: z.string().describe('File name as uploaded'),
    status: z.enum(['validated', 'accepted']).describe('validated (checked, not yet imported) or accepted (imported)'),
    rowCount: z.number().int().describe('Rows in the file'),
    validCount: z.number().int().describe('Rows without errors'),
    errors: rowErrorsOut.describe('Errors found, each with its row and field'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    acceptedAt: z.iso.datetime().nullable().describe('When the list was accepted'),
    importedCount: z.number().int().nullable().describe('Graduates imported'),
    alreadyUploaded: z.boolean().describe('The same file had been uploaded before; nothing was imported again'),
  })
  .meta({ id: 'GraduateUploadReport' });

export const graduateOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    programmeId: z.uuid().describe('The programme'),
    studentId: z.string().describe("The student's number at the school"),
    fullName: z.string().describe('Full name in Latin script'),
    dateOfBirth: calendarDate.describe('Date of birth'),
    graduationDate: calendarDate.describe('Day of graduation'),
  })
  .meta({ id: 'Graduate' });
export const graduateListQuery = listQuery(['fullName', 'graduationDate']).extend({
  programmeId: z.uuid().optional().describe("Only this programme's graduates"),
  institutionId: z.uuid().optional().describe("Only this institution's graduates"),
});

const PUBLIC_PROGRAMME_EXAMPLE = {
  institution: 'University of Labour and Social Affairs',
  institutionNative: 'Trường Đại học Lao động - Xã hội',
  country: 'VN',
  region: 'Hà Nội',
  programme: 'Bachelor of Social Work',
  programmeNative: 'Cử nhân Công tác xã hội',
  level: 'bachelor',
  status: 'accredited',
  validFrom: '2024-09-01',
  validUntil: '2029-08-31',
} as const;

export const publicProgrammeOut = z
  .object({
    institution: z.string().meta({ description: 'Name of the school (Latin script)' }),
    institutionNative: z
      .string()
      .nullable()
      .meta({ description: "The school's name in the national language or script, if recorded" }),
    country: z.string().meta({ description: 'ISO 3166-1 alpha-2 code of the school' }),
    region: z.string().meta({ description: 'Province or region of the school' }),
    programme: z.string().meta({ description: 'Name of the programme (Latin script)' }),
    programmeNative: z
      .string()
      .nullable()
      .meta({ description: "The programme's name in the national language or script, if recorded" }),
    level: level.meta({ description: 'Level of the qualification the programme awards' }),
    status: z
      .enum(['accredited', 'accredited_with_conditions'])
      .meta({ description: 'The outcome of the accreditation in force today' }),
    validFrom: calendarDate.meta({ description: 'First day of the accreditation window' }),
    validUntil: calendarDate.meta({
      description:
        'Last day of the accreditation window; a qualification counts as accredited when awarded inside the window',
    }),
  })
  .meta({ id: 'PublicAccreditedProgramme', example: PUBLIC_PROGRAMME_EXAMPLE });
export const publicProgrammeQuery = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .meta({ description: 'Part of the school or programme name, in either script', example: 'Công tác xã hội' }),
  level: level.optional().meta({ description: 'Only programmes of this level' }),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(50),
  lang: z
    .string()
    .regex(/^[a-z]{2}$/)
    .optional()
    .meta({ description: "Language of the HTML page, one of the council's languages (the JSON list ignores it)" }),
});

export const institutionList = listOf(institutionOut, 'InstitutionList');
export const programmeList = listOf(programmeOut, 'ProgrammeList');
export const applicationList = listOf(applicationOut, 'AccreditationApplicationList');
export const graduateList = listOf(graduateOut, 'GraduateList');
export const publicProgrammeList = z
  .object({
    items: z.array(publicProgrammeOut),
    total: z.number().int().meta({ description: 'How many programmes match, across all pages' }),
  })
  .meta({
    id: 'PublicAccreditedProgrammeList',
    example: {
      items: [
        PUBLIC_PROGRAMME_EXAMPLE,
        {
          institution: 'Ho Chi Minh City Open University',
          institutionNative: 'Trường Đại học Mở Thành phố Hồ Chí Minh',
          country: 'VN',
          region: 'Thành phố Hồ Chí Minh',
          programme: 'Master of Social Work',
          programmeNative: 'Thạc sĩ Công tác xã hội',
          level: 'master',
          status: 'accredited_with_conditions',
          validFrom: '2025-01-15',
          validUntil: '2030-01-14',
        },
      ],
      total: 2,
    },
  });
