import { z } from 'zod';
import { listOf, listQuery, rowErrorsOut } from '../../http/schemas.js';

const date = z.iso.date();
const credits = z.number().min(0).max(1000).multipleOf(0.01);
const positiveCredits = z.number().positive().max(1000).multipleOf(0.01);
const code = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'a category code (lower-case letters, digits and hyphens)');
const versionField = z
  .number()
  .int()
  .min(1)
  .describe('Version of the record you read; a concurrent change answers 409');

// ---- rules and settings ----

export const categoryLimit = z.object({
  min: credits.nullable().describe('Least credits that must come from the category (null: no minimum)'),
  max: credits.nullable().describe('Most credits that may count from the category (null: no cap)'),
});

export const ruleSetOut = z
  .object({
    tierCode: z.string().describe('Code of the licence tier'),
    tierName: z.record(z.string(), z.string()).describe("The tier's name by language code"),
    requiredCredits: z.number().describe('CPD credits a licence of this tier needs in each validity period'),
    validityMonths: z.number().int().describe("Length of the tier's licence validity period, in months"),
    minStructured: z
      .number()
      .describe('Of the required credits, how many must be structured learning (courses with an approved provider)'),
    carryOverCap: z
      .number()
      .describe('Credits beyond the requirement that may count towards the next period (at most)'),
    proRate: z
      .boolean()
      .describe(
        'Whether a period shorter than the full one (first licence, exemptions) needs proportionally fewer credits',
      ),
    categories: z
      .array(
        z.object({
          code: z.string().describe('Category code'),
          name: z.record(z.string(), z.string()).describe('Name by language code'),
          structured: z.boolean().describe('Whether the activity counts as structured learning'),
          min: z.number().describe('Least credits that must come from this category (none: no minimum)'),
          max: z.number().nullable().describe('Most credits that may count from this category (none: no cap)'),
          overridden: z
            .boolean()
            .describe("Whether the tier sets its own limits for the category (else the category's defaults apply)"),
        }),
      )
      .describe('Each CPD category with the limits that apply to the tier'),
    version: z.number().int().nullable().describe('Version of the record you read; a concurrent change answers 409'),
  })
  .meta({ id: 'CpdRuleSet' });
export const ruleSetList = listOf(ruleSetOut, 'CpdRuleSetList');

export const ruleSetBody = z
  .object({
    requiredCredits: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .describe('CPD credits a licence of this tier needs in each validity period'),
    minStructured: credits.describe(
      'Of the required credits, how many must be structured learning (courses with an approved provider)',
    ),
    carryOverCap: credits.describe('Credits beyond the requirement that may count towards the next period (at most)'),
    proRate: z
      .boolean()
      .describe(
        'Whether a period shorter than the full one (first licence, exemptions) needs proportionally fewer credits',
      ),
    categoryLimits: z
      .record(code, categoryLimit)
      .default({})
      .describe("Limits per category code, replacing the tier's"),
    /** The version of the rule set you read (omit when creating the tier's first rule set). */
    version: versionField
      .nullable()
      .optional()
      .describe('Version of the record you read; a concurrent change answers 409'),
  })
  .meta({ id: 'CpdRuleSetUpdate' });
export const tierCodeParams = z.object({ tierCode: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/) });

export const settingsOut = z
  .object({
    selfDeclaredAutoAccept: z
      .boolean()
      .describe('Whether activities a social worker declares are accepted without staff review'),
    auditBlocksRenewal: z.boolean().describe('Whether an unanswered or failed CPD audit blocks renewal'),
    auditResponseDays: z.number().int().describe('Days a selected social worker has to send evidence in an audit'),
    creditsPerHour: z.number().describe('Credits counted per hour of a self-declared activity'),
    version: z.number().int().nullable().describe('Version of the record you read; a concurrent change answers 409'),
  })
  .meta({ id: 'CpdSettings' });
export const settingsBody = z
  .object({
    selfDeclaredAutoAccept: z
      .boolean()
      .describe('Whether activities a social worker declares are accepted without staff review'),
    auditBlocksRenewal: z.boolean().describe('Whether an unanswered or failed CPD audit blocks renewal'),
    auditResponseDays: z
      .number()
      .int()
      .min(1)
      .max(180)
      .describe('Days a selected social worker has to send evidence in an audit'),
    creditsPerHour: z
      .number()
      .positive()
      .max(10)
      .multipleOf(0.01)
      .describe('Credits counted per hour of a self-declared activity'),
    version: versionField
      .nullable()
      .optional()
      .describe('Version of the record you read; a concurrent change answers 409'),
  })
  .meta({ id: 'CpdSettingsUpdate' });

// ---- providers and activities ----

export const providerOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    name: z.string().describe("The provider's name"),
    contactEmail: z.string().nullable().describe('E-mail address of the provider'),
    status: z.enum(['approved', 'suspended']).describe('approved, or suspended (its activities no longer count)'),
    approvedFrom: z.string().describe("Day from which the provider's activities count as approved"),
    accountIds: z.array(z.uuid()).describe('Accounts that act for the provider'),
    version: z.number().int().describe('Version of the record you read; a concurrent change answers 409'),
  })
  .meta({ id: 'CpdProvider' });
export const providerList = listOf(providerOut, 'CpdProviderList');
export const providerBody = z
  .object({
    name: z.string().trim().min(2).max(300).describe("The provider's name"),
    contactEmail: z.email().max(254).nullable().optional().describe('E-mail address of the provider'),
    approvedFrom: date.describe("Day from which the provider's activities count as approved"),
  })
  .meta({ id: 'CpdProviderCreate' });
export const providerPatch = z
  .object({
    name: z.string().trim().min(2).max(300).optional().describe("The provider's name"),
    contactEmail: z.email().max(254).nullable().optional().describe('E-mail address of the provider'),
    status: z
      .enum(['approved', 'suspended'])
      .optional()
      .describe('approved, or suspended (its activities no longer count)'),
    version: versionField.describe('Version of the record you read; a concurrent change answers 409'),
  })
  .meta({ id: 'CpdProviderUpdate' });
export const providerAccountBody = z
  .object({ accountId: z.uuid().describe('The account (cpd_provider role) to let act for the provider') })
  .meta({ id: 'CpdProviderAccountAdd' });

export const activityOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    providerId: z.uuid().describe('The provider offering the activity'),
    providerName: z.string().describe('Name of the provider'),
    title: z.string().describe('Title of the activity'),
    categoryCode: z.string().describe('CPD category of the activity'),
    credits: z.number().describe('CPD credits the activity gives'),
    startsOn: z.string().describe('First day'),
    endsOn: z.string().describe('Last day'),
    structured: z.boolean().describe('Whether the activity counts as structured learning'),
    status: z
      .enum(['proposed', 'approved', 'refused'])
      .describe('proposed (awaiting staff approval), approved or refused'),
    attendees: z.number().int().describe("Number of attendees recorded from the provider's rosters"),
    version: z.number().int().describe('Version of the record you read; a concurrent change answers 409'),
  })
  .meta({ id: 'CpdActivity' });
export const activityList = listOf(activityOut, 'CpdActivityList');
export const activityBody = z
  .object({
    providerId: z.uuid().describe('The provider offering the activity'),
    title: z.string().trim().min(3).max(300).describe('Title of the activity'),
    categoryCode: code.describe('CPD category of the activity'),
    credits: positiveCredits.describe('CPD credits the activity gives'),
    startsOn: date.describe('First day'),
    endsOn: date.describe('Last day'),
    structured: z.boolean().default(true).describe('Whether the activity counts as structured learning'),
  })
  .meta({ id: 'CpdActivityCreate' });
export const activityListQuery = listQuery(['title', 'startsOn', 'status'] as const).extend({
  providerId: z.uuid().optional().describe('The provider offering the activity'),
  status: z.enum(['proposed', 'approved', 'refused']).optional().describe('Only activities in this status'),
});
export const activityDecisionBody = z
  .object({
    decision: z.enum(['approved', 'refused']).describe('approve the activity, or refuse it'),
    version: versionField,
  })
  .meta({ id: 'CpdActivityDecision' });

export const rosterOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    activityId: z.uuid().describe('The approved activity the record comes from (none: self-declared)'),
    filename: z.string().describe('File name as uploaded'),
    status: z.enum(['validated', 'accepted']).describe('validated (checked, not yet imported) or accepted (imported)'),
    rowCount: z.number().int().describe('Rows in the file'),
    validCount: z.number().int().describe('Rows without errors'),
    errors: rowErrorsOut.describe('Errors found, each with its row and field'),
    createdAt: z.string().describe('When the record was created'),
    acceptedAt: z.string().nullable().describe('When the file was accepted'),
    importedCount: z.number().int().nullable().describe('Attendance records created from the file'),
    alreadyUploaded: z
      .boolean()
      .describe('The same file (same content) had been uploaded before; nothing was imported again'),
  })
  .meta({ id: 'CpdRoster' });
export const rosterJsonBody = z
  .object({
    rows: z
      .array(
        z.object({
          licenceNumber: z.string().max(60).describe('Licence number of the social worker'),
          fullName: z
            .string()
            .max(300)
            .optional()
            .describe('Full name of the social worker, checked against the register'),
          credits: z.number().optional().describe('CPD credits the activity gives'),
          completedOn: z.string().max(20).optional().describe('Day the activity was completed'),
        }),
      )
      .min(1)
      .max(20_000)
      .describe('One row per attendee who completed the activity'),
  })
  .meta({ id: 'CpdRosterRows' });
export const activityRosterParams = z.object({ id: z.uuid(), rosterId: z.uuid() });

// ---- records ----

/** Files uploaded as evidence (of a CPD record, or for an audit selection). */
const evidenceOut = z
  .array(
    z.object({
      id: z.uuid().describe('Identifier (UUID)'),
      filename: z.string().describe('File name as uploaded'),
      contentType: z.string().describe('Media type of the file'),
      sizeBytes: z.number().int().describe('Size in bytes'),
      uploadedAt: z.string().describe('When the file was uploaded'),
    }),
  )
  .describe('Evidence uploaded');

export const recordOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    registrantId: z.uuid().describe('The social worker (registrant)'),
    registrantName: z.string().describe('Name of the social worker'),
    source: z
      .enum(['provider', 'self'])
      .describe("provider (from an approved activity's roster) or self (declared by the social worker)"),
    activityId: z.uuid().nullable().describe('The approved activity the record comes from (none: self-declared)'),
    title: z.string().describe('Title of the activity'),
    providerName: z.string().describe('Name of the provider'),
    categoryCode: z.string().describe('CPD category of the activity'),
    completedOn: z.string().describe('Day the activity was completed'),
    hours: z.number().nullable().describe('Hours spent'),
    credits: z.number().describe('CPD credits the activity gives'),
    structured: z.boolean().describe('Whether the activity counts as structured learning'),
    reflection: z.string().nullable().describe('What the social worker learned and how it applies to their practice'),
    status: z
      .enum(['pending', 'info_requested', 'accepted', 'rejected'])
      .describe('pending, info_requested (staff asked for more), accepted or rejected'),
    decisionNote: z.string().nullable().describe('Staff note with the decision'),
    decidedAt: z.string().nullable().describe('When the decision was made'),
    createdAt: z.string().describe('When the record was created'),
    evidence: evidenceOut,
    version: z.number().int().describe('Version of the record you read; a concurrent change answers 409'),
  })
  .meta({ id: 'CpdRecord' });
export const recordList = listOf(recordOut, 'CpdRecordList');
export const recordListQuery = listQuery(['completedOn', 'createdAt', 'status'] as const).extend({
  status: z
    .enum(['pending', 'info_requested', 'accepted', 'rejected'])
    .optional()
    .describe('Only records in this status'),
  registrantId: z.uuid().optional().describe('The social worker (registrant)'),
  source: z.enum(['provider', 'self']).optional().describe('Only records from this source'),
});
export const recordBody = z
  .object({
    title: z.string().trim().min(3).max(300).describe('Title of the activity'),
    providerName: z.string().trim().min(2).max(300).describe('Name of the provider'),
    categoryCode: code.describe('CPD category of the activity'),
    completedOn: date.describe('Day the activity was completed'),
    hours: z.number().positive().max(500).multipleOf(0.25).describe('Hours spent'),
    structured: z.boolean().default(false).describe('Whether the activity counts as structured learning'),
    reflection: z
      .string()
      .trim()
      .min(20, 'write at least a few sentences of reflection')
      .max(5000)
      .describe('What the social worker learned and how it applies to their practice'),
  })
  .meta({ id: 'CpdRecordCreate' });
export const recordResubmitBody = z
  .object({
    reflection: z.string().trim().min(20).max(5000).optional().describe('The reflection, rewritten as staff asked'),
    version: versionField,
  })
  .meta({ id: 'CpdRecordResubmit' });
export const recordDecisionBody = z
  .object({
    decision: z.enum(['accepted', 'rejected', 'info_requested']).describe('The staff decision'),
    note: z.string().trim().max(2000).optional().describe('Note'),
    version: versionField.describe('Version of the record you read; a concurrent change answers 409'),
  })
  .refine((b) => b.decision === 'accepted' || (b.note?.length ?? 0) >= 3, {
    path: ['note'],
    message: 'give the reason (or what is needed)',
  })
  .meta({ id: 'CpdRecordDecision' });
export const fileName = z.object({ filename: z.string().max(255).optional() });
export const recordEvidenceParams = z.object({ id: z.uuid(), documentId: z.uuid() });

// ---- progress ----

export const progressOut = z
  .object({
    registrantId: z.uuid().describe('The social worker (registrant)'),
    licenceId: z.uuid().nullable().describe('The licence the progress is counted for'),
    licenceNumber: z.string().nullable().describe('Licence number of the social worker'),
    tierCode: z.string().nullable().describe('Code of the licence tier'),
    asOf: z.string().describe('Day the progress is counted at (default: today)'),
    hasRequirement: z.boolean().describe("Whether the licence's tier requires CPD"),
    cycle: z
      .object({
        start: z.string().describe('First day of the period'),
        end: z.string().describe('Last day of the period'),
        activeFrom: z.string().describe('First day that counts (later than start for a first licence or after a gap)'),
      })
      .nullable()
      .describe('The current validity period'),
    factor: z.number().describe('Share of the full requirement that applies (1 = all; less when pro-rated)'),
    exemptDays: z.number().int().describe('Days of the period covered by an exemption'),
    required: z.number().describe('Credits required in the period'),
    requiredStructured: z.number().describe('Structured credits required in the period'),
    carriedOver: z.number().describe('Credits carried over from the previous period'),
    counted: z.number().describe('Credits that count towards the requirement'),
    countedStructured: z.number().describe('Structured credits that count'),
    categories: z
      .array(
        z.object({
          code: z.string().describe('Category code'),
          name: z.string().describe("The category's name in the reader's language"),
          earned: z.number().describe('Credits earned in the category'),
          counted: z.number().describe('Credits that count towards the requirement'),
          countedStructured: z.number().describe('Structured credits that count'),
          min: z.number().describe('Least credits that must come from this category (none: no minimum)'),
          max: z.number().nullable().describe('Most credits that may count from this category (none: no cap)'),
          missing: z.number().describe('Credits still needed'),
        }),
      )
      .describe('Credits per CPD category'),
    missing: z.array(z.string()).describe('Credits still needed'),
    met: z.boolean().describe('Whether the requirement is met'),
    daysLeft: z.number().int().describe('Days left in the period'),
    projected: z.number().describe("Credits expected by the period's end at the rate earned so far"),
    status: z
      .enum(['met', 'on_track', 'at_risk', 'not_met'])
      .describe('met; on_track or at_risk by the rate so far; not_met once the period has ended short'),
    warnings: z.array(z.string()).describe('What stands in the way of meeting the requirement, in words'),
    pending: z.number().describe('Credits in records awaiting a decision'),
  })
  .meta({ id: 'CpdProgress' });
export const progressQuery = z.object({ asOf: date.optional() });

// ---- exemptions ----

export const exemptionOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    registrantId: z.uuid().describe('The social worker (registrant)'),
    kind: z.enum(['parental', 'medical', 'other']).describe('Kind of exemption'),
    startsOn: z.string().describe('First day'),
    endsOn: z.string().describe('Last day'),
    reason: z.string().describe('Why'),
    createdAt: z.string().describe('When the record was created'),
  })
  .meta({ id: 'CpdExemption' });
export const exemptionList = listOf(exemptionOut, 'CpdExemptionList');
export const exemptionBody = z
  .object({
    registrantId: z.uuid().describe('The social worker (registrant)'),
    kind: z.enum(['parental', 'medical', 'other']).describe('Kind of exemption'),
    startsOn: date.describe('First day'),
    endsOn: date.describe('Last day'),
    reason: z.string().trim().min(3).max(2000).describe('Why'),
  })
  .meta({ id: 'CpdExemptionCreate' });
export const exemptionListQuery = z.object({ registrantId: z.uuid().optional() });

// ---- audit ----

export const stratumField = z.enum(['tier', 'region', 'sector']);
export const auditRoundBody = z
  .object({
    name: z.string().trim().min(3).max(200).describe('Name of the audit round (e.g. the year)'),
    /** The published seed; anyone with it and the report can repeat the draw. */
    seed: z
      .string()
      .trim()
      .min(8, 'use a seed of at least 8 characters')
      .max(200)
      .describe('The published seed of the random draw; with it and the report anyone can repeat the draw'),
    rate: z
      .number()
      .gt(0)
      .max(1)
      .refine((r) => Math.abs(r * 10000 - Math.round(r * 10000)) < 1e-6, 'at most 4 decimal places (e.g. 0.025)')
      .describe('Share of the eligible population to select (0–1)'),
    strata: z
      .array(stratumField)
      .max(3)
      .refine((s) => new Set(s).size === s.length, 'each field once')
      .default(['tier'])
      .describe('Characteristics to stratify the draw by (each stratum gets its share)'),
    exclusions: z
      .object({
        registeredUnderMonths: z
          .number()
          .int()
          .min(0)
          .max(120)
          .default(12)
          .describe('Leave out those licensed for fewer months than this'),
        sanctioned: z.boolean().default(true).describe('Leave out those under a sanction'),
        auditedLastRound: z.boolean().default(true).describe('Leave out those selected in the previous round'),
      })
      .default({ registeredUnderMonths: 12, sanctioned: true, auditedLastRound: true })
      .describe('Who is left out of the draw'),
    targeted: z
      .array(
        z.object({
          licenceNumber: z.string().trim().min(3).max(60).describe('Licence number of the person'),
          reason: z.string().trim().min(3).max(1000).describe('Why they are selected on purpose'),
        }),
      )
      .max(500)
      .default([])
      .describe('People to select on purpose, outside the draw'),
    responseDays: z.number().int().min(1).max(180).optional().describe('Days the selected have to answer'),
  })
  .meta({ id: 'CpdAuditRoundCreate' });

const stratumSummary = z.object({
  stratum: z.string().describe('The stratum (tier, region or sector value)'),
  population: z.number().int().describe('Licence holders in the stratum'),
  excluded: z.record(z.string(), z.number().int()).describe('Left out by the exclusions'),
  eligible: z.number().int().describe('Eligible for the draw'),
  selected: z.number().int().describe('Selected'),
});
export const auditRoundOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    name: z.string().describe('Name of the audit round'),
    seed: z
      .string()
      .describe('The published seed of the random draw; with it and the report anyone can repeat the draw'),
    rate: z.number().describe('Share of the eligible population to select (0–1)'),
    rateBasisPoints: z.number().int().describe('The rate in basis points (1,000 = 10%)'),
    strata: z.array(z.string()).describe('Characteristics the draw is stratified by'),
    exclusions: z
      .object({
        registeredUnderMonths: z.number().int().describe('Leave out those licensed for fewer months than this'),
        sanctioned: z.boolean().describe('Leave out those under a sanction'),
        auditedLastRound: z.boolean().describe('Leave out those selected in the previous round'),
      })
      .describe('Who was left out of the draw'),
    populationOn: z.string().describe('Day the population was taken'),
    responseDueOn: z.string().describe('Day answers are due'),
    summary: z.array(stratumSummary).describe('Counts per stratum'),
    selectedCount: z.number().int().describe('Number selected in all'),
    createdAt: z.string().describe('When the record was created'),
    outcomes: z.record(z.string(), z.number().int()).describe('Number of selections per outcome'),
  })
  .meta({ id: 'CpdAuditRound' });
export const auditRoundList = listOf(auditRoundOut, 'CpdAuditRoundList');

export const selectionOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    roundId: z.uuid().describe('The audit round'),
    roundName: z.string().describe('Name of the audit round'),
    registrantId: z.uuid().describe('The social worker (registrant)'),
    registrantName: z.string().describe('Name of the social worker'),
    licenceNumber: z.string().describe('Licence number of the social worker'),
    stratum: z.string().describe('The stratum (tier, region or sector value)'),
    targeted: z.boolean().describe('Selected on purpose rather than by the draw'),
    targetReason: z.string().nullable().describe('Why the person was selected on purpose'),
    status: z
      .enum(['selected', 'submitted', 'extension_granted', 'passed', 'passed_with_advice', 'failed'])
      .describe('Status of the selection'),
    dueOn: z.string().describe('Day the answer is due'),
    autoPassed: z
      .boolean()
      .describe('Passed at once, without review: provider-verified records alone met the requirement'),
    responseNote: z.string().nullable().describe("The social worker's answer"),
    respondedAt: z.string().nullable().describe('When the social worker answered'),
    outcomeNote: z.string().nullable().describe('Staff note with the outcome'),
    decidedAt: z.string().nullable().describe('When the decision was made'),
    evidence: evidenceOut,
    version: z.number().int().describe('Version of the record you read; a concurrent change answers 409'),
  })
  .meta({ id: 'CpdAuditSelection' });
export const selectionList = listOf(selectionOut, 'CpdAuditSelectionList');
export const selectionListQuery = listQuery(['licenceNumber', 'status', 'dueOn'] as const).extend({
  roundId: z.uuid().optional().describe('The audit round'),
  status: z.enum(['selected', 'submitted', 'extension_granted', 'passed', 'passed_with_advice', 'failed']).optional(),
});
export const auditResponseBody = z
  .object({
    note: z
      .string()
      .trim()
      .min(10, 'describe the evidence you send')
      .max(5000)
      .describe('Your answer: what the evidence shows'),
    version: versionField,
  })
  .meta({ id: 'CpdAuditResponse' });
export const auditOutcomeBody = z
  .object({
    outcome: z.enum(['passed', 'passed_with_advice', 'failed', 'extension_granted']).describe('The audit outcome'),
    note: z.string().trim().max(2000).optional().describe('Note'),
    extendedTo: date.optional().describe('New due day when more time is given'),
    version: versionField.describe('Version of the record you read; a concurrent change answers 409'),
  })
  .refine((b) => b.outcome !== 'extension_granted' || !!b.extendedTo, {
    path: ['extendedTo'],
    message: 'give the new due date',
  })
  .refine((b) => b.outcome === 'passed' || (b.note?.length ?? 0) >= 3, {
    path: ['note'],
    message: 'give the advice or the reason',
  })
  .meta({ id: 'CpdAuditOutcome' });
export const reportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
export const transcriptQuery = z.object({ asOf: date.optional() });
