import { z } from 'zod';
import { listOf, listQuery, rowErrorsOut } from '../../http/schemas.js';
import { sector } from '../registrants/index.js';
import { documentOut } from '../documents/index.js';

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
const version = z.number().int().min(1).describe('Version of the record you read; a concurrent change answers 409');

const applicationType = z.enum(['first_registration', 'tier_upgrade', 'restoration', 'renewal']);

export const declarations = z
  .object({
    ethics: z.boolean().describe("The applicant declares they will follow the council's code of ethics"),
    fitness: z.boolean().describe('I am fit to practise'),
    criminalRecord: z
      .object({
        hasRecord: z.boolean().describe('Whether the applicant has a criminal record'),
        details: z
          .string()
          .trim()
          .min(5)
          .max(2000)
          .optional()
          .describe('What the record is (required when there is one)'),
      })
      .optional()
      .describe('Required for a renewal'),
    employment: z
      .object({
        employed: z.boolean().describe('Whether the applicant is employed as a social worker now'),
        employer: z.string().trim().min(2).max(300).optional().describe('Name of the employer'),
        sector: sector.optional().describe('Sector of the employer'),
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
    type: applicationType.describe(
      'What is applied for: a first registration, a higher tier, restoration after lapse, or renewal',
    ),
    tierCode: z.string().trim().min(1).max(40).describe('The tier applied for'),
    declarations,
    applicantNote: z.string().trim().max(4000).optional().describe('Note from the applicant to the registrar'),
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
    key: z.string().describe('Which requirement'),
    label: z.string().describe("The requirement in the reader's language"),
    status: z.enum(['met', 'not_met', 'needs_review']).describe('met, not_met, or needs_review (a person must check)'),
    detail: z.string().describe("What was found, in the reader's language"),
  })
  .meta({ id: 'RequirementCheck' });

export const applicationOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    registrantId: z.uuid().describe("The registrant (the social worker's record)"),
    registrantName: z.string().describe('Full name of the registrant'),
    type: applicationType.describe(
      'What is applied for: a first registration, a higher tier, restoration after lapse, or renewal',
    ),
    tierCode: z.string().describe('Code of the licence tier'),
    status: status.describe('Where the application stands'),
    declarations,
    invoice: z
      .object({
        id: z.uuid().describe('Identifier (UUID)'),
        number: z.string().describe("The invoice's number"),
        status: z.enum(['open', 'part_paid', 'paid', 'credited', 'void']).describe('Status of the invoice'),
        currency: z.string().describe('ISO 4217 currency code'),
        totalMinor: z.number().int().describe('Total in minor units'),
        balanceMinor: z.number().int().describe('Left to pay, in minor units'),
        balance: z.string().describe('Left to pay, written out'),
        payBefore: z
          .enum(['review', 'approval'])
          .nullable()
          .describe(
            'review: the application waits for payment before review; approval: before approval; none: payment does not hold it',
          ),
      })
      .nullable()
      .describe('The invoice its submission was charged (null: no fee, or not submitted yet)'),
    informationRequest: z.string().nullable().describe('What the registrar asked the applicant to add'),
    applicantNote: z.string().nullable().describe('Note from the applicant to the registrar'),
    decisionReason: z.string().nullable().describe('Reasons for the decision'),
    firstApprovalBy: z.uuid().nullable().describe('The first approver, where the tier needs two (four-eyes approval)'),
    decidedAt: z.iso.datetime().nullable().describe('When the decision was made'),
    licenceId: z.uuid().nullable().describe('The licence issued on approval'),
    createdAt: z.iso.datetime().describe('When the record was created'),
    submittedAt: z.iso.datetime().nullable().describe('When the application was submitted'),
    requirements: z.array(requirementOut).describe("The tier's requirements checked against the applicant's record"),
    documents: z.array(documentOut).describe('Evidence the applicant uploaded'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'LicenceApplication' });
export const applicationList = listOf(
  applicationOut.omit({ requirements: true, documents: true }),
  'LicenceApplicationList',
);
export const applicationListQuery = listQuery(['createdAt', 'submittedAt']).extend({
  registrantId: z.uuid().optional().describe("Only this registrant's applications"),
  status: status.optional().describe('Only applications in this status'),
  tierCode: z.string().max(40).optional().describe('Only applications for this tier'),
  type: applicationType.optional().describe('Only applications of this type'),
});

export const versionBody = z.object({ version }).meta({ id: 'LicenceApplicationVersion' });
export const messageBody = z
  .object({
    message: z.string().trim().min(5).max(4000).describe('What to tell the other side (sent by e-mail)'),
    version,
  })
  .meta({ id: 'LicenceApplicationMessage' });
export const decisionBody = z
  .object({
    reason: z.string().trim().min(5).max(4000).describe('Reasons for the decision, sent to the applicant'),
    version,
  })
  .meta({ id: 'LicenceApplicationDecision' });

export const examResultBody = z
  .object({
    registrantId: z.uuid().describe("The registrant (the social worker's record)"),
    examCode: z.string().trim().min(1).max(40).describe('Code of the examination'),
    takenOn: z.iso.date().describe('Day the examination was taken'),
    passed: z.boolean().describe('Whether the candidate passed'),
    score: z.number().int().min(0).max(1000).optional().describe('Score, if the examination gives one'),
  })
  .meta({ id: 'ExamResultCreate' });
export const examImportOut = z
  .object({
    rows: z.number().int().describe('Rows in the file'),
    imported: z.number().int().describe('Results imported'),
    alreadyKnown: z.number().int().describe('Results already in the registry (not imported again)'),
    dryRun: z.boolean().describe('Whether this was a check only (nothing imported)'),
    errors: rowErrorsOut.describe('Rows with errors, each with its row and field'),
  })
  .meta({ id: 'ExamImportReport' });
