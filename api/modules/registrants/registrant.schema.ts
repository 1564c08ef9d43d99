import { z } from 'zod';
import { listOf, listQuery } from '../../http/schemas.js';

const calendarDate = z.iso.date();
export const sector = z.enum(['social_welfare', 'health', 'education', 'justice', 'other']);

export const registrantBody = z
  .object({
    fullName: z.string().trim().min(2).max(300).describe('Full name in Latin script'),
    fullNameNative: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .nullable()
      .optional()
      .describe('Full name in the national script'),
    dateOfBirth: calendarDate.describe('Date of birth'),
    sex: z.enum(['female', 'male', 'other', 'unspecified']).describe('Sex as recorded'),
    nationality: z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as VN')
      .describe('ISO 3166-1 alpha-2 code of nationality'),
    nationalId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{4,30}$/, '4 to 30 letters, digits or hyphens')
      .describe('National identity number (kept encrypted; never on the public register)'),
    email: z.email().max(254).nullable().optional().describe('E-mail address'),
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 ()-]{5,40}$/, 'a phone number')
      .nullable()
      .optional()
      .describe('Telephone number'),
    address: z.string().trim().max(2000).nullable().optional().describe('Postal address'),
    region: z.string().trim().min(1).max(120).describe('Region (province or state) where the person works'),
    employer: z.string().trim().max(300).nullable().optional().describe('Current employer'),
    sector: sector.describe('Sector of employment'),
  })
  .meta({ id: 'RegistrantCreate' });

export const contactBody = z
  .object({
    email: z.email().max(254).nullable().optional().describe('E-mail address'),
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 ()-]{5,40}$/, 'a phone number')
      .nullable()
      .optional()
      .describe('Telephone number'),
    address: z.string().trim().max(2000).nullable().optional().describe('Postal address'),
    region: z.string().trim().min(1).max(120).optional().describe('Region (province or state) where the person works'),
    employer: z.string().trim().max(300).nullable().optional().describe('Current employer'),
    sector: sector.optional().describe('Sector of employment'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'RegistrantContactUpdate' });

export const registrantOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    accountId: z.uuid().nullable().describe('The account'),
    fullName: z.string().describe('Full name in Latin script'),
    fullNameNative: z.string().nullable().describe('Full name in the national script'),
    dateOfBirth: calendarDate.describe('Date of birth'),
    sex: z.string().describe('Sex as recorded'),
    nationality: z.string().describe('ISO 3166-1 alpha-2 code of nationality'),
    nationalIdMasked: z.string().describe('The national identity number with all but its last four characters hidden'),
    email: z.string().nullable().describe('E-mail address'),
    phone: z.string().nullable().describe('Telephone number'),
    address: z.string().nullable().describe('Postal address'),
    region: z.string().describe('Region (province or state) where the person works'),
    employer: z.string().nullable().describe('Current employer'),
    sector: z.string().describe('Sector of employment'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'Registrant' });
export const registrantList = listOf(registrantOut, 'RegistrantList');
export const registrantListQuery = listQuery(['fullName', 'createdAt']).extend({
  region: z.string().max(120).optional().describe('Only registrants working in this region'),
  sector: sector.optional().describe('Only registrants in this sector'),
});

export const identityOut = z
  .object({
    registrantId: z.uuid().describe('Id of the registrant'),
    nationality: z.string().describe('ISO 3166-1 alpha-2 code of nationality'),
    nationalId: z.string().describe('National identity number, decrypted for this request (the read is audited)'),
  })
  .meta({ id: 'RegistrantIdentity' });

export const qualificationBody = z
  .discriminatedUnion('foreign', [
    z.object({
      foreign: z
        .literal(false)
        .describe('Whether the qualification was awarded abroad (else by an accredited programme here)'),
      programmeId: z.uuid().describe('The accredited programme that awarded the qualification'),
      studentId: z.string().trim().min(1).max(60).optional().describe("The student's number at the school"),
      awardedOn: calendarDate.describe('Day the qualification was awarded'),
    }),
    z.object({
      foreign: z
        .literal(true)
        .describe('Whether the qualification was awarded abroad (else by an accredited programme here)'),
      awardingInstitution: z.string().trim().min(2).max(300).describe('Institution that awarded the qualification'),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .describe('ISO 3166-1 alpha-2 code of the country where it was awarded'),
      level: z
        .enum(['certificate', 'diploma', 'bachelor', 'master', 'doctorate'])
        .describe('Level of the qualification'),
      title: z.string().trim().min(2).max(300).describe('Title of the qualification as awarded'),
      awardedOn: calendarDate.describe('Day the qualification was awarded'),
    }),
  ])
  .meta({ id: 'QualificationCreate' });
export const qualificationOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    foreign: z
      .boolean()
      .describe('Whether the qualification was awarded abroad (else by an accredited programme here)'),
    programmeId: z.uuid().nullable().describe('The accredited programme that awarded the qualification'),
    studentId: z.string().nullable().describe("The student's number at the school"),
    awardingInstitution: z.string().describe('Institution that awarded the qualification'),
    country: z.string().describe('ISO 3166-1 alpha-2 code of the country where it was awarded'),
    level: z.string().describe('Level of the qualification'),
    title: z.string().describe('Title of the qualification as awarded'),
    awardedOn: calendarDate.describe('Day the qualification was awarded'),
    verifiedByGraduateList: z.boolean().describe("Whether the school's graduate list confirms it"),
  })
  .meta({ id: 'Qualification' });

export const identityChangeBody = z
  .object({
    field: z.enum(['fullName', 'fullNameNative', 'dateOfBirth', 'nationalId']).describe('The identity field to change'),
    value: z.string().trim().min(1).max(300).describe('The new value'),
    reason: z
      .string()
      .trim()
      .min(5)
      .max(2000)
      .describe('Why it should change (for example marriage, or a corrected record)'),
  })
  .meta({ id: 'IdentityChangeRequest' });
export const identityChangeDecision = z
  .object({
    decision: z.enum(['approved', 'rejected']).describe('approve or reject the change'),
    note: z.string().trim().max(2000).optional().describe('Note with the decision'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'IdentityChangeDecision' });
export const identityChangeOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    registrantId: z.uuid().describe("The registrant (the social worker's record)"),
    field: z.string().describe('The identity field to change'),
    reason: z.string().describe('Why it should change (for example marriage, or a corrected record)'),
    status: z.enum(['pending', 'approved', 'rejected']).describe('pending, approved or rejected'),
    evidenceCount: z.number().int().describe('Documents sent in support'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    decidedAt: z.iso.datetime().nullable().describe('When the decision was made'),
    decisionNote: z.string().nullable().describe('Note with the decision'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'IdentityChange' });
