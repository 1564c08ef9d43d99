/** Request and response schemas of fitness-to-practise cases (also the OpenAPI document). */
import { z } from 'zod';
import { listQuery } from '../../http/schemas.js';
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
    complainantName: text(200),
    complainantEmail: z.email().max(254).optional(),
    complainantPhone: z.string().trim().max(40).optional(),
    complainantRelationship: z.string().trim().max(200).optional(),
    respondentName: text(300),
    respondentLicenceNumber: z.string().trim().max(40).optional(),
    registrantId: z.uuid().optional(),
    licenceId: z.uuid().optional(),
    category: z.enum(COMPLAINT_CATEGORIES),
    allegation: text(20_000),
    receivedOn: date.optional(),
  })
  .meta({ id: 'ComplaintCreate' });

export const caseListQuery = listQuery(['receivedOn', 'stageSince', 'reference']).extend({
  stage: caseStage.optional(),
  open: z.enum(['true', 'false']).optional(),
  assignedTo: z.uuid().optional(),
  registrantId: z.uuid().optional(),
});

export const casePatch = z
  .object({
    version: z.number().int(),
    registrantId: z.uuid().nullable().optional(),
    licenceId: z.uuid().nullable().optional(),
    assignedTo: z.uuid().nullable().optional(),
    hearingOn: date.nullable().optional(),
    category: z.enum(COMPLAINT_CATEGORIES).optional(),
    disclosedSummary: z.string().trim().max(20_000).nullable().optional(),
  })
  .meta({ id: 'CasePatch' });

export const stageBody = z
  .object({
    version: z.number().int(),
    to: caseStage,
    onDate: date.optional(),
    note: z.string().trim().max(20_000).optional(),
    disclosed: z.boolean().default(false),
  })
  .meta({ id: 'CaseStageChange' });

export const noteBody = z
  .object({ note: text(20_000), onDate: date.optional(), disclosed: z.boolean().default(false) })
  .meta({ id: 'CaseNote' });

const member = {
  accountId: z.uuid().optional(),
  externalName: z.string().trim().min(1).max(200).optional(),
  externalEmail: z.email().max(254).optional(),
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
  .object({ ...member, role: z.enum(['chair', 'member', 'lay_member', 'legal_adviser']).default('member') })
  .superRefine(oneMember)
  .meta({ id: 'PanelMemberAdd' });

export const conflictBody = z
  .object({ ...member, reason: text(2000) })
  .superRefine(oneMember)
  .meta({ id: 'ConflictDeclaration' });

export const outcomeFields = {
  type: outcomeType,
  licenceId: z.uuid().optional(),
  startsOn: date,
  endsOn: date.optional(),
  conditionsText: z.string().trim().max(5000).optional(),
  reasons: text(20_000),
};
export const outcomeBody = z.object({ version: z.number().int(), ...outcomeFields }).meta({ id: 'OutcomeRecord' });

export const appealOutcomeBody = z
  .object({
    result: z.enum(['upheld', 'stayed', 'replaced']),
    onDate: date,
    reasons: text(20_000),
    replacement: z.object(outcomeFields).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.result === 'replaced' && !v.replacement)
      ctx.addIssue({ code: 'custom', path: ['replacement'], message: 'a replaced outcome needs its replacement' });
  })
  .meta({ id: 'AppealOutcome' });

export const liftBody = z.object({ liftedOn: date, reasons: text(5000) }).meta({ id: 'SanctionLifting' });

export const sanctionOut = z
  .object({
    id: z.uuid(),
    caseId: z.uuid(),
    licenceId: z.uuid().nullable(),
    licenceNumber: z.string().nullable(),
    type: outcomeType,
    status: z.enum(['in_force', 'stayed', 'replaced', 'lifted']),
    startsOn: date,
    endsOn: date.nullable(),
    liftedOn: date.nullable(),
    conditionsText: z.string().nullable(),
    reasons: z.string(),
    decidedOn: date,
    replaces: z.uuid().nullable(),
    replacedBy: z.uuid().nullable(),
    publicText: z.string().nullable(),
    publishedFrom: date.nullable(),
    publishedUntil: date.nullable(),
    publicationState: z.enum(['unpublished', 'published', 'ended']),
    version: z.number().int(),
  })
  .meta({ id: 'Sanction' });

const eventOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  stage: caseStage,
  toStage: caseStage.nullable(),
  onDate: date,
  note: z.string().nullable(),
  disclosed: z.boolean(),
  data: z.record(z.string(), z.unknown()).nullable(),
  actorId: z.uuid().nullable(),
  recordedAt: z.iso.datetime(),
});
const panelOut = z.object({
  id: z.uuid(),
  accountId: z.uuid().nullable(),
  externalName: z.string().nullable(),
  externalEmail: z.string().nullable(),
  displayName: z.string(),
  role: z.string(),
  assignedAt: z.iso.datetime(),
});
const conflictOut = z.object({
  id: z.uuid(),
  accountId: z.uuid().nullable(),
  externalName: z.string().nullable(),
  externalEmail: z.string().nullable(),
  reason: z.string(),
  declaredAt: z.iso.datetime(),
});
const documentOut = z.object({
  id: z.uuid(),
  purpose: z.string(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.iso.datetime(),
});

export const caseSummaryOut = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    stage: caseStage,
    stageSince: date,
    source: z.enum(['public', 'staff']),
    category: z.string(),
    receivedOn: date,
    respondentName: z.string(),
    respondentLicenceNumber: z.string().nullable(),
    registrantId: z.uuid().nullable(),
    licenceId: z.uuid().nullable(),
    licenceNumber: z.string().nullable(),
    licenceStatus: z.string().nullable(),
    assignedTo: z.uuid().nullable(),
    hearingOn: date.nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'CaseSummary' });

export const caseOut = caseSummaryOut
  .extend({
    complainantName: z.string(),
    complainantEmail: z.string().nullable(),
    complainantPhone: z.string().nullable(),
    complainantRelationship: z.string().nullable(),
    allegation: z.string(),
    disclosedSummary: z.string().nullable(),
    allowedStages: z.array(caseStage),
    events: z.array(eventOut),
    panel: z.array(panelOut),
    conflicts: z.array(conflictOut),
    documents: z.array(documentOut),
    sanctions: z.array(sanctionOut),
  })
  .meta({ id: 'Case' });

export const caseList = z.object({ items: z.array(caseSummaryOut), total: z.number().int() }).meta({ id: 'CaseList' });

/** The respondent's view: only what is disclosed to them. */
export const myCaseOut = z
  .object({
    reference: z.string(),
    stage: caseStage,
    receivedOn: date,
    category: z.string(),
    summary: z.string().nullable(),
    hearingOn: date.nullable(),
    timeline: z.array(
      z.object({ onDate: date, stage: caseStage, toStage: caseStage.nullable(), note: z.string().nullable() }),
    ),
    outcomes: z.array(
      z.object({
        type: outcomeType,
        status: z.string(),
        startsOn: date,
        endsOn: date.nullable(),
        conditionsText: z.string().nullable(),
        decidedOn: date,
      }),
    ),
  })
  .meta({ id: 'MyCase' });
export const myCaseList = z.object({ items: z.array(myCaseOut), total: z.number().int() }).meta({ id: 'MyCaseList' });

export const publicationRule = z.object({
  published: z.boolean(),
  text: z.string().max(2000),
  duration: z.enum(['days', 'while_in_force', 'indefinite']),
  durationDays: z.number().int().min(1).max(36_500).nullable(),
});
export const settingsOut = z
  .object({
    publication: z.object(
      Object.fromEntries(OUTCOME_TYPES.map((t) => [t, publicationRule])) as Record<
        (typeof OUTCOME_TYPES)[number],
        typeof publicationRule
      >,
    ),
    notifySteps: z.array(z.enum(NOTIFY_STEPS)),
    version: z.number().int(),
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
