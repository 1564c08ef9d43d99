import { z } from 'zod';
import { listOf, listQuery } from '../../http/schemas.js';

export const calendarDate = z.iso.date().meta({ example: '2026-06-30', description: 'Calendar date YYYY-MM-DD' });
const level = z.enum(['certificate', 'diploma', 'bachelor', 'master', 'doctorate']);
const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as VN');

export const institutionBody = z
  .object({
    name: z.string().trim().min(2).max(300),
    nameNative: z.string().trim().min(1).max(300).nullable().optional(),
    kind: z.enum(['school', 'training_provider']).default('school'),
    country,
    region: z.string().trim().min(1).max(120),
    contactEmail: z.email().max(254).nullable().optional(),
    contactPhone: z
      .string()
      .trim()
      .regex(/^[+0-9 ()-]{5,40}$/, 'a phone number')
      .nullable()
      .optional(),
    address: z.string().trim().max(2000).nullable().optional(),
    website: z.url().max(300).nullable().optional(),
  })
  .meta({ id: 'InstitutionCreate' });
export const institutionPatch = institutionBody
  .partial()
  .extend({ version: z.number().int().min(1) })
  .meta({ id: 'InstitutionUpdate' });

export const institutionOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    nameNative: z.string().nullable(),
    kind: z.string(),
    country: z.string(),
    region: z.string(),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    address: z.string().nullable(),
    website: z.string().nullable(),
    createdAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Institution' });

export const institutionListQuery = listQuery(['name', 'createdAt']).extend({ country: country.optional() });

export const programmeBody = z
  .object({
    institutionId: z.uuid(),
    name: z.string().trim().min(2).max(300),
    nameNative: z.string().trim().min(1).max(300).nullable().optional(),
    level,
    durationMonths: z.number().int().min(1).max(120),
    credits: z.number().int().min(0).max(1000),
    fieldPlacementHours: z.number().int().min(0).max(10000),
    deliveryMode: z.enum(['in_person', 'online', 'blended']),
  })
  .meta({ id: 'ProgrammeCreate' });
export const programmePatch = programmeBody
  .omit({ institutionId: true })
  .partial()
  .extend({ active: z.boolean().optional(), version: z.number().int().min(1) })
  .meta({ id: 'ProgrammeUpdate' });

export const conditionOut = z
  .object({
    id: z.uuid(),
    text: z.string(),
    dueDate: calendarDate,
    status: z.enum(['open', 'met', 'missed']),
    resolvedAt: z.iso.datetime().nullable(),
    note: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'AccreditationCondition' });

export const accreditationOut = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    applicationId: z.uuid(),
    outcome: z.enum(['accredited', 'accredited_with_conditions']),
    status: z.enum(['active', 'expired', 'withdrawn']),
    validFrom: calendarDate,
    validUntil: calendarDate,
    withdrawnFrom: calendarDate.nullable(),
    withdrawalReason: z.string().nullable(),
    conditions: z.array(conditionOut),
    version: z.number().int(),
  })
  .meta({ id: 'Accreditation' });

export const programmeOut = z
  .object({
    id: z.uuid(),
    institutionId: z.uuid(),
    institutionName: z.string(),
    name: z.string(),
    nameNative: z.string().nullable(),
    level,
    durationMonths: z.number().int(),
    credits: z.number().int(),
    fieldPlacementHours: z.number().int(),
    deliveryMode: z.string(),
    active: z.boolean(),
    version: z.number().int(),
    accreditations: z.array(accreditationOut),
  })
  .meta({ id: 'Programme' });

export const programmeListQuery = listQuery(['name', 'createdAt']).extend({
  institutionId: z.uuid().optional(),
  level: level.optional(),
});

const documentOut = z
  .object({
    id: z.uuid(),
    purpose: z.string(),
    filename: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedAt: z.iso.datetime(),
  })
  .meta({ id: 'Document' });

export const applicationOut = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    programmeName: z.string(),
    institutionId: z.uuid(),
    institutionName: z.string(),
    status: z.enum(['draft', 'submitted', 'under_review', 'decided', 'withdrawn']),
    selfStudySummary: z.string(),
    reviewerIds: z.array(z.uuid()),
    siteVisitDate: calendarDate.nullable(),
    siteVisitFindings: z.string().nullable(),
    outcome: z.enum(['accredited', 'accredited_with_conditions', 'not_accredited']).nullable(),
    decisionReason: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    accreditationId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    submittedAt: z.iso.datetime().nullable(),
    documents: z.array(documentOut),
    version: z.number().int(),
  })
  .meta({ id: 'AccreditationApplication' });

export const applicationListQuery = listQuery(['createdAt', 'submittedAt']).extend({
  status: z.enum(['draft', 'submitted', 'under_review', 'decided', 'withdrawn']).optional(),
  institutionId: z.uuid().optional(),
});
export const applicationCreate = z
  .object({ programmeId: z.uuid(), selfStudySummary: z.string().trim().min(20).max(20000) })
  .meta({ id: 'AccreditationApplicationCreate' });
export const versionBody = z.object({ version: z.number().int().min(1) }).meta({ id: 'VersionOnly' });
export const reviewersBody = z
  .object({ reviewerIds: z.array(z.uuid()).min(1).max(10), version: z.number().int().min(1) })
  .meta({ id: 'AssignReviewers' });
export const siteVisitBody = z
  .object({ date: calendarDate, findings: z.string().trim().min(10).max(20000), version: z.number().int().min(1) })
  .meta({ id: 'SiteVisit' });
export const decisionBody = z
  .object({
    outcome: z.enum(['accredited', 'accredited_with_conditions', 'not_accredited']),
    reason: z.string().trim().min(10).max(20000),
    conditions: z
      .array(z.object({ text: z.string().trim().min(5).max(2000), dueDate: calendarDate }))
      .max(30)
      .default([]),
    decisionDate: calendarDate.optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'AccreditationDecision' });
export const conditionUpdateBody = z
  .object({
    status: z.enum(['met', 'missed']),
    note: z.string().trim().max(2000).optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'ConditionUpdate' });
export const withdrawBody = z
  .object({
    effectiveFrom: calendarDate,
    reason: z.string().trim().min(10).max(20000),
    version: z.number().int().min(1),
  })
  .meta({ id: 'AccreditationWithdrawal' });

export const eligibilityQuery = z.object({ programmeId: z.uuid(), graduationDate: calendarDate });
export const eligibilityOut = z
  .object({
    accredited: z.boolean(),
    reason: z.string().nullable(),
    window: z
      .object({
        id: z.uuid(),
        outcome: z.string(),
        validFrom: calendarDate,
        validUntil: calendarDate,
        withdrawnFrom: calendarDate.nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'Eligibility' });

export const uploadReportOut = z
  .object({
    id: z.uuid(),
    institutionId: z.uuid(),
    filename: z.string(),
    status: z.enum(['validated', 'accepted']),
    rowCount: z.number().int(),
    validCount: z.number().int(),
    errors: z.array(z.object({ row: z.number().int(), field: z.string(), reason: z.string() })),
    createdAt: z.iso.datetime(),
    acceptedAt: z.iso.datetime().nullable(),
    importedCount: z.number().int().nullable(),
    alreadyUploaded: z.boolean(),
  })
  .meta({ id: 'GraduateUploadReport' });

export const graduateOut = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    studentId: z.string(),
    fullName: z.string(),
    dateOfBirth: calendarDate,
    graduationDate: calendarDate,
  })
  .meta({ id: 'Graduate' });
export const graduateListQuery = listQuery(['fullName', 'graduationDate']).extend({
  programmeId: z.uuid().optional(),
  institutionId: z.uuid().optional(),
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
