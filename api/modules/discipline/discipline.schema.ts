/** Request and response schemas of fitness-to-practise cases (also the OpenAPI document). */
import { z } from 'zod';
import { documentOut } from '../documents/index.js';
import { listOf, listQuery } from '../../http/schemas.js';
import { CASE_STAGES, NOTIFY_STEPS, OUTCOME_TYPES } from './discipline.rules.js';

const date = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const COMPLAINT_CATEGORIES = [
  'professional_conduct',
  'competence',
  'dishonesty',
  'boundaries',
  'safeguarding',
  'confidentiality',
  'health',
  'criminal_conviction',
  'other',
] as const;

export const caseStage = z.enum(CASE_STAGES);
export const outcomeType = z.enum(OUTCOME_TYPES);

export const complaintBody = z
  .object({
    complainantName: text(200).describe('Name of the person making the complaint'),
    complainantEmail: z.email().max(254).optional().describe('E-mail address for replies to the complainant'),
    complainantPhone: z.string().trim().max(40).optional().describe('Telephone number of the complainant'),
    complainantRelationship: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe('How the complainant knows the social worker (client, relative, colleague, employer…)'),
    respondentName: text(300).describe('Name of the social worker complained about, as the complainant gave it'),
    respondentLicenceNumber: z
      .string()
      .trim()
      .max(40)
      .optional()
      .describe('Licence number of the social worker complained about, if known'),
    registrantId: z.uuid().optional().describe('The registrant the case concerns, once staff have identified them'),
    licenceId: z.uuid().optional().describe('The licence the case concerns, once identified'),
    category: z.enum(COMPLAINT_CATEGORIES).describe('What the complaint is about'),
    allegation: text(20_000).describe("The complaint in the complainant's words"),
    receivedOn: date.optional().describe('Day the council received the complaint'),
  })
  .meta({ id: 'ComplaintCreate' });

export const caseListQuery = listQuery(['receivedOn', 'stageSince', 'reference']).extend({
  stage: caseStage.optional().describe('Stage of the case in the fitness-to-practise procedure'),
  open: z.enum(['true', 'false']).optional().describe('true: only cases not yet closed; false: only closed cases'),
  assignedTo: z.uuid().optional().describe('Staff account of the case officer'),
  registrantId: z.uuid().optional().describe('The registrant the case concerns, once staff have identified them'),
});

export const casePatch = z
  .object({
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
    registrantId: z
      .uuid()
      .nullable()
      .optional()
      .describe('The registrant the case concerns, once staff have identified them'),
    licenceId: z.uuid().nullable().optional().describe('The licence the case concerns, once identified'),
    assignedTo: z.uuid().nullable().optional().describe('Staff account of the case officer'),
    hearingOn: date.nullable().optional().describe('Day of the hearing, if one is scheduled'),
    category: z.enum(COMPLAINT_CATEGORIES).optional().describe('What the complaint is about'),
    disclosedSummary: z
      .string()
      .trim()
      .max(20_000)
      .nullable()
      .optional()
      .describe('Summary of the case disclosed to the respondent'),
  })
  .meta({ id: 'CasePatch' });

export const stageBody = z
  .object({
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
    to: caseStage.describe('The stage to move the case to (one of allowedStages)'),
    onDate: date.optional().describe('Day the step took place (default: today)'),
    note: z.string().trim().max(20_000).optional().describe('Note recorded with the step'),
    disclosed: z.boolean().default(false).describe('Whether the respondent may see this entry'),
  })
  .meta({ id: 'CaseStageChange' });

export const noteBody = z
  .object({
    note: text(20_000).describe('The note'),
    onDate: date.optional().describe('Day the note refers to (default: today)'),
    disclosed: z.boolean().default(false).describe('Whether the respondent may see the note'),
  })
  .meta({ id: 'CaseNote' });

const member = {
  accountId: z.uuid().optional().describe('Staff account of the member (or give externalName and externalEmail)'),
  externalName: z.string().trim().min(1).max(200).optional().describe('Name of a member from outside the council'),
  externalEmail: z.email().max(254).optional().describe('E-mail of a member from outside the council'),
};
const oneMember = <T extends { accountId?: string; externalName?: string; externalEmail?: string }>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  if (v.accountId && (v.externalName || v.externalEmail))
    ctx.addIssue({
      code: 'custom',
      path: ['accountId'],
      message: 'give a staff account or an external member, not both',
    });
  if (!v.accountId && !(v.externalName && v.externalEmail))
    ctx.addIssue({
      code: 'custom',
      path: [v.externalName ? 'externalEmail' : 'accountId'],
      message: "give a staff accountId, or an external member's externalName and externalEmail",
    });
};

export const panelBody = z
  .object({
    ...member,
    role: z
      .enum(['chair', 'member', 'lay_member', 'legal_adviser'])
      .default('member')
      .describe('Their role on the panel: chair, member, lay_member or legal_adviser'),
  })
  .superRefine(oneMember)
  .meta({ id: 'PanelMemberAdd' });

export const conflictBody = z
  .object({ ...member, reason: text(2000).describe('Why they may not sit on the case') })
  .superRefine(oneMember)
  .meta({ id: 'ConflictDeclaration' });

export const outcomeFields = {
  type: outcomeType.describe('The outcome decided'),
  licenceId: z.uuid().optional().describe('The licence the case concerns, once identified'),
  startsOn: date.describe('Day the outcome takes effect'),
  endsOn: date.optional().describe('Last day the outcome applies (none: until lifted)'),
  conditionsText: z
    .string()
    .trim()
    .max(5000)
    .optional()
    .describe('Conditions imposed on practice, for an outcome with conditions'),
  reasons: text(20_000).describe('Reasons for the decision'),
};
export const outcomeBody = z.object({ version: z.number().int(), ...outcomeFields }).meta({ id: 'OutcomeRecord' });

export const appealOutcomeBody = z
  .object({
    result: z
      .enum(['upheld', 'stayed', 'replaced'])
      .describe(
        "The appeal's result: upheld (the outcome stands), stayed (suspended pending a further decision), replaced (by another outcome)",
      ),
    onDate: date.describe('Day the step took place (default: today)'),
    reasons: text(20_000).describe('Reasons for the decision'),
    replacement: z
      .object(outcomeFields)
      .optional()
      .describe('The outcome that replaces the appealed one (when result is replaced)'),
  })
  .superRefine((v, ctx) => {
    if (v.result === 'replaced' && !v.replacement)
      ctx.addIssue({ code: 'custom', path: ['replacement'], message: 'a replaced outcome needs its replacement' });
  })
  .meta({ id: 'AppealOutcome' });

export const liftBody = z
  .object({
    liftedOn: date.describe('Day the sanction stops applying'),
    reasons: text(5000).describe('Why it is lifted (kept in the record; sent to the respondent)'),
  })
  .meta({ id: 'SanctionLifting' });

export const sanctionOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    caseId: z.uuid().describe('The case the sanction was decided in'),
    licenceId: z.uuid().nullable().describe('The licence the case concerns, once identified'),
    licenceNumber: z.string().nullable().describe('Number of the licence concerned'),
    type: outcomeType.describe('The outcome decided'),
    status: z
      .enum(['in_force', 'stayed', 'replaced', 'lifted'])
      .describe('in_force, stayed (by an appeal), replaced (by another outcome) or lifted'),
    startsOn: date.describe('Day the outcome takes effect'),
    endsOn: date.nullable().describe('Last day the outcome applies (none: until lifted)'),
    liftedOn: date.nullable().describe('Day the sanction is lifted'),
    conditionsText: z.string().nullable().describe('Conditions imposed on practice, for an outcome with conditions'),
    reasons: z.string().describe('Reasons for the decision'),
    decidedOn: date.describe('Day of the decision'),
    replaces: z.uuid().nullable().describe('The sanction this one replaced on appeal'),
    replacedBy: z.uuid().nullable().describe('The sanction that replaced this one on appeal'),
    publicText: z.string().nullable().describe('Text shown on the public register while the sanction is published'),
    publishedFrom: date.nullable().describe('First day the sanction shows on the public register'),
    publishedUntil: date
      .nullable()
      .describe('Last day the sanction shows on the public register (none: while in force or indefinitely)'),
    publicationState: z
      .enum(['unpublished', 'published', 'ended'])
      .describe('Whether the sanction is on the public register now'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'Sanction' });

const eventOut = z.object({
  id: z.uuid().describe('Identifier (UUID)'),
  kind: z.string().describe('What happened (complaint received, stage change, note, outcome, appeal…)'),
  stage: caseStage.describe('Stage of the case in the fitness-to-practise procedure'),
  toStage: caseStage.nullable().describe('Stage the case moved to, for a stage change'),
  onDate: date.describe('Day the step took place (default: today)'),
  note: z.string().nullable().describe('Note recorded with the step'),
  disclosed: z.boolean().describe('Whether the respondent may see this entry'),
  data: z.record(z.string(), z.unknown()).nullable().describe('Details of the event, by kind'),
  actorId: z.uuid().nullable().describe('Account that recorded the event'),
  recordedAt: z.iso.datetime().describe('When the event was recorded'),
});
const panelOut = z.object({
  id: z.uuid().describe('Identifier (UUID)'),
  accountId: z.uuid().nullable().describe('Staff account of the member (or give externalName and externalEmail)'),
  externalName: z.string().nullable().describe('Name of a member from outside the council'),
  externalEmail: z.string().nullable().describe('E-mail of a member from outside the council'),
  displayName: z.string().describe('Name of the panel member'),
  role: z.string().describe('Role on the panel: chair, member, lay_member or legal_adviser'),
  assignedAt: z.iso.datetime().describe('When the member was put on the panel'),
});
const conflictOut = z.object({
  id: z.uuid().describe('Identifier (UUID)'),
  accountId: z.uuid().nullable().describe('Staff account of the member (or give externalName and externalEmail)'),
  externalName: z.string().nullable().describe('Name of a member from outside the council'),
  externalEmail: z.string().nullable().describe('E-mail of a member from outside the council'),
  reason: z.string().describe('Why there is a conflict of interest'),
  declaredAt: z.iso.datetime().describe('When the conflict was declared'),
});

export const caseSummaryOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    reference: z.string().describe("The case's reference, as written to the parties"),
    stage: caseStage.describe('Stage of the case in the fitness-to-practise procedure'),
    stageSince: date.describe('Day the case entered its current stage'),
    source: z.enum(['public', 'staff']).describe('public: sent through the complaint form; staff: recorded by staff'),
    category: z.string().describe('What the complaint is about'),
    receivedOn: date.describe('Day the council received the complaint'),
    respondentName: z.string().describe('Name of the social worker complained about, as the complainant gave it'),
    respondentLicenceNumber: z
      .string()
      .nullable()
      .describe('Licence number of the social worker complained about, if known'),
    registrantId: z.uuid().nullable().describe('The registrant the case concerns, once staff have identified them'),
    licenceId: z.uuid().nullable().describe('The licence the case concerns, once identified'),
    licenceNumber: z.string().nullable().describe('Number of the licence concerned'),
    licenceStatus: z.string().nullable().describe('Current status of the licence concerned'),
    assignedTo: z.uuid().nullable().describe('Staff account of the case officer'),
    hearingOn: date.nullable().describe('Day of the hearing, if one is scheduled'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'CaseSummary' });

export const caseOut = caseSummaryOut
  .extend({
    complainantName: z.string().describe('Name of the person making the complaint'),
    complainantEmail: z.string().nullable().describe('E-mail address for replies to the complainant'),
    complainantPhone: z.string().nullable().describe('Telephone number of the complainant'),
    complainantRelationship: z
      .string()
      .nullable()
      .describe('How the complainant knows the social worker (client, relative, colleague, employer…)'),
    allegation: z.string().describe("The complaint in the complainant's words"),
    disclosedSummary: z.string().nullable().describe('Summary of the case disclosed to the respondent'),
    allowedStages: z.array(caseStage).describe('Stages the case may move to next'),
    events: z.array(eventOut).describe("The case's history, oldest first"),
    panel: z.array(panelOut).describe('Members of the hearing panel'),
    conflicts: z.array(conflictOut).describe('Conflicts of interest declared'),
    documents: z.array(documentOut).describe('Documents of the case'),
    sanctions: z.array(sanctionOut).describe('Outcomes and sanctions decided in the case'),
  })
  .meta({ id: 'Case' });

export const caseList = listOf(caseSummaryOut, 'CaseList');

/** The respondent's view: only what is disclosed to them. */
export const myCaseOut = z
  .object({
    reference: z.string().describe("The case's reference, as written to the parties"),
    stage: caseStage.describe('Stage of the case in the fitness-to-practise procedure'),
    receivedOn: date.describe('Day the council received the complaint'),
    category: z.string().describe('What the complaint is about'),
    summary: z.string().nullable().describe('Summary of the case disclosed to you'),
    hearingOn: date.nullable().describe('Day of the hearing, if one is scheduled'),
    timeline: z
      .array(
        z
          .object({
            onDate: date.describe('Day of the step'),
            stage: caseStage.describe('Stage the case was in'),
            toStage: caseStage.nullable().describe('Stage the case moved to, for a stage change'),
            note: z.string().nullable().describe('What was disclosed about the step'),
          })
          .describe('A step of the case'),
      )
      .describe('The steps of the case disclosed to you, oldest first'),
    outcomes: z
      .array(
        z.object({
          type: outcomeType.describe('The outcome decided'),
          status: z.string().describe('in_force, stayed, replaced or lifted'),
          startsOn: date.describe('Day the outcome takes effect'),
          endsOn: date.nullable().describe('Last day the outcome applies (none: until lifted)'),
          conditionsText: z
            .string()
            .nullable()
            .describe('Conditions imposed on practice, for an outcome with conditions'),
          decidedOn: date.describe('Day of the decision'),
        }),
      )
      .describe('Outcomes decided in the case'),
  })
  .meta({ id: 'MyCase' });
export const myCaseList = listOf(myCaseOut, 'MyCaseList');

export const publicationRule = z.object({
  published: z.boolean().describe('Whether outcomes of this type are published on the public register'),
  text: z.string().max(2000).describe('Public text shown for outcomes of this type'),
  duration: z
    .enum(['days', 'while_in_force', 'indefinite'])
    .describe('How long a published outcome stays public: a number of days, while in force, or indefinitely'),
  durationDays: z
    .number()
    .int()
    .min(1)
    .max(36_500)
    .nullable()
    .describe('Days an outcome stays public (when duration is days)'),
});
export const settingsOut = z
  .object({
    publication: z
      .object(
        Object.fromEntries(
          OUTCOME_TYPES.map((t) => [
            t,
            publicationRule.describe(`Whether and how ${t.replace(/_/g, ' ')} outcomes are published`),
          ]),
        ) as Record<(typeof OUTCOME_TYPES)[number], typeof publicationRule>,
      )
      .describe('For each type of outcome, whether and how long it shows on the public register'),
    notifySteps: z.array(z.enum(NOTIFY_STEPS)).describe('Steps at which the respondent is notified by e-mail'),
    version: z
      .number()
      .int()
      .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
  })
  .meta({ id: 'DisciplineSettings' });
export const settingsBody = settingsOut
  .superRefine((v, ctx) => {
    for (const [type, rule] of Object.entries(v.publication)) {
      if (rule.duration === 'days' && !rule.durationDays)
        ctx.addIssue({
          code: 'custom',
          path: ['publication', type, 'durationDays'],
          message: 'a period in days needs its number of days',
        });
      if (rule.published && !rule.text.trim())
        ctx.addIssue({
          code: 'custom',
          path: ['publication', type, 'text'],
          message: 'a published outcome needs its public text',
        });
    }
  })
  .meta({ id: 'DisciplineSettingsUpdate' });
