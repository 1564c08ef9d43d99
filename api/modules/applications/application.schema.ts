import { z } from 'zod';
import { listOf, listQuery } from '../../http/schemas.js';
import { sector } from '../registrants/index.js';

const status = z.enum([
  'draft',
  'submitted',
  'under_review',
  'information_requested',
  'resubmitted',
  'approved',
  'rejected',
  'withdrawn',
]);
const version = z.number().int().min(1);

const applicationType = z.enum(['first_registration', 'tier_upgrade', 'restoration', 'renewal']);

export const declarations = z
  .object({
    ethics: z.boolean(),
    fitness: z.boolean().describe('I am fit to practise'),
    criminalRecord: z
      .object({ hasRecord: z.boolean(), details: z.string().trim().min(5).max(2000).optional() })
      .optional()
      .describe('Required for a renewal'),
    employment: z
      .object({
        employed: z.boolean(),
        employer: z.string().trim().min(2).max(300).optional(),
        sector: sector.optional(),
      })
      .optional()
      .describe('Required for a renewal'),
    adequateSupervision: z
      .boolean()
      .nullable()
      .optional()
      .describe('Optional renewal question: do you receive adequate supervision? (Road Map Annex 2, indicator 4.5)'),
  })
  .meta({ id: 'ApplicationDeclarations' });

export const applicationCreate = z
  .object({
    type: applicationType,
    tierCode: z.string().trim().min(1).max(40),
    declarations,
    applicantNote: z.string().trim().max(4000).optional(),
  })
  .superRefine((v, ctx) => {
    const d = v.declarations;
    if (v.type === 'renewal') {
      if (!d.criminalRecord)
        ctx.addIssue({
          code: 'custom',
          path: ['declarations', 'criminalRecord'],
          message: 'a renewal must answer the criminal record declaration',
        });
      if (!d.employment)
        ctx.addIssue({
          code: 'custom',
          path: ['declarations', 'employment'],
          message: 'a renewal must state current employment',
        });
    }
    if (d.criminalRecord?.hasRecord && !d.criminalRecord.details)
      ctx.addIssue({
        code: 'custom',
        path: ['declarations', 'criminalRecord', 'details'],
        message: 'describe what you declare',
      });
    if (d.employment?.employed && !d.employment.employer)
      ctx.addIssue({ code: 'custom', path: ['declarations', 'employment', 'employer'], message: 'name your employer' });
  })
  .meta({ id: 'LicenceApplicationCreate' });

export const requirementOut = z
  .object({
    key: z.string(),
    label: z.string(),
    status: z.enum(['met', 'not_met', 'needs_review']),
    detail: z.string(),
  })
  .meta({ id: 'RequirementCheck' });

export const applicationOut = z
  .object({
    id: z.uuid(),
    registrantId: z.uuid(),
    registrantName: z.string(),
    type: applicationType,
    tierCode: z.string(),
    status,
    declarations,
    invoice: z
      .object({
        id: z.uuid(),
        number: z.string(),
        status: z.enum(['open', 'part_paid', 'paid', 'credited', 'void']),
        currency: z.string(),
        totalMinor: z.number().int(),
        balanceMinor: z.number().int(),
        balance: z.string(),
        payBefore: z.enum(['review', 'approval']).nullable(),
      })
      .nullable()
      .describe('The invoice its submission was charged (null: no fee, or not submitted yet)'),
    informationRequest: z.string().nullable(),
    applicantNote: z.string().nullable(),
    decisionReason: z.string().nullable(),
    firstApprovalBy: z.uuid().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    licenceId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    submittedAt: z.iso.datetime().nullable(),
    requirements: z.array(requirementOut),
    documents: z.array(
      z.object({
        id: z.uuid(),
        filename: z.string(),
        contentType: z.string(),
        sizeBytes: z.number().int(),
        uploadedAt: z.iso.datetime(),
      }),
    ),
    version: z.number().int(),
  })
  .meta({ id: 'LicenceApplication' });
export const applicationList = listOf(
  applicationOut.omit({ requirements: true, documents: true }),
  'LicenceApplicationList',
);
export const applicationListQuery = listQuery(['createdAt', 'submittedAt']).extend({
  registrantId: z.uuid().optional(),
  status: status.optional(),
  tierCode: z.string().max(40).optional(),
  type: applicationType.optional(),
});

export const versionBody = z.object({ version }).meta({ id: 'LicenceApplicationVersion' });
export const messageBody = z
  .object({ message: z.string().trim().min(5).max(4000), version })
  .meta({ id: 'LicenceApplicationMessage' });
export const decisionBody = z
  .object({ reason: z.string().trim().min(5).max(4000), version })
  .meta({ id: 'LicenceApplicationDecision' });

export const examResultBody = z
  .object({
    registrantId: z.uuid(),
    examCode: z.string().trim().min(1).max(40),
    takenOn: z.iso.date(),
    passed: z.boolean(),
    score: z.number().int().min(0).max(1000).optional(),
  })
  .meta({ id: 'ExamResultCreate' });
export const examImportOut = z
  .object({
    rows: z.number().int(),
    imported: z.number().int(),
    alreadyKnown: z.number().int(),
    dryRun: z.boolean(),
    errors: z.array(z.object({ row: z.number().int(), field: z.string(), reason: z.string() })),
  })
  .meta({ id: 'ExamImportReport' });
