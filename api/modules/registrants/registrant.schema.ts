import { z } from 'zod';
import { listOf, listQuery } from '../../http/schemas.js';

const calendarDate = z.iso.date();
export const sector = z.enum(['social_welfare', 'health', 'education', 'justice', 'other']);

export const registrantBody = z
  .object({
    fullName: z.string().trim().min(2).max(300),
    fullNameNative: z.string().trim().min(1).max(300).nullable().optional(),
    dateOfBirth: calendarDate,
    sex: z.enum(['female', 'male', 'other', 'unspecified']),
    nationality: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as VN'),
    nationalId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,30}$/, '4 to 30 letters, digits or hyphens'),
    email: z.email().max(254).nullable().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 ()-]{5,40}$/, 'a phone number')
      .nullable()
      .optional(),
    address: z.string().trim().max(2000).nullable().optional(),
    region: z.string().trim().min(1).max(120),
    employer: z.string().trim().max(300).nullable().optional(),
    sector,
  })
  .meta({ id: 'RegistrantCreate' });

export const contactBody = z
  .object({
    email: z.email().max(254).nullable().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 ()-]{5,40}$/, 'a phone number')
      .nullable()
      .optional(),
    address: z.string().trim().max(2000).nullable().optional(),
    region: z.string().trim().min(1).max(120).optional(),
    employer: z.string().trim().max(300).nullable().optional(),
    sector: sector.optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'RegistrantContactUpdate' });

export const registrantOut = z
  .object({
    id: z.uuid(),
    accountId: z.uuid().nullable(),
    fullName: z.string(),
    fullNameNative: z.string().nullable(),
    dateOfBirth: calendarDate,
    sex: z.string(),
    nationality: z.string(),
    nationalIdMasked: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    region: z.string(),
    employer: z.string().nullable(),
    sector: z.string(),
    createdAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Registrant' });
export const registrantList = listOf(registrantOut, 'RegistrantList');
export const registrantListQuery = listQuery(['fullName', 'createdAt']).extend({
  region: z.string().max(120).optional(),
  sector: sector.optional(),
});

export const identityOut = z
  .object({ registrantId: z.uuid(), nationality: z.string(), nationalId: z.string() })
  .meta({ id: 'RegistrantIdentity' });

export const qualificationBody = z
  .discriminatedUnion('foreign', [
    z.object({
      foreign: z.literal(false),
      programmeId: z.uuid(),
      studentId: z.string().trim().min(1).max(60).optional(),
      awardedOn: calendarDate,
    }),
    z.object({
      foreign: z.literal(true),
      awardingInstitution: z.string().trim().min(2).max(300),
      country: z.string().regex(/^[A-Z]{2}$/),
      level: z.enum(['certificate', 'diploma', 'bachelor', 'master', 'doctorate']),
      title: z.string().trim().min(2).max(300),
      awardedOn: calendarDate,
    }),
  ])
  .meta({ id: 'QualificationCreate' });
export const qualificationOut = z
  .object({
    id: z.uuid(),
    foreign: z.boolean(),
    programmeId: z.uuid().nullable(),
    studentId: z.string().nullable(),
    awardingInstitution: z.string(),
    country: z.string(),
    level: z.string(),
    title: z.string(),
    awardedOn: calendarDate,
    verifiedByGraduateList: z.boolean(),
  })
  .meta({ id: 'Qualification' });

export const identityChangeBody = z
  .object({
    field: z.enum(['fullName', 'fullNameNative', 'dateOfBirth', 'nationalId']),
    value: z.string().trim().min(1).max(300),
    reason: z.string().trim().min(5).max(2000),
  })
  .meta({ id: 'IdentityChangeRequest' });
export const identityChangeDecision = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    note: z.string().trim().max(2000).optional(),
    version: z.number().int().min(1),
  })
  .meta({ id: 'IdentityChangeDecision' });
export const identityChangeOut = z
  .object({
    id: z.uuid(),
    registrantId: z.uuid(),
    field: z.string(),
    reason: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    evidenceCount: z.number().int(),
    createdAt: z.iso.datetime(),
    decidedAt: z.iso.datetime().nullable(),
    decisionNote: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'IdentityChange' });
