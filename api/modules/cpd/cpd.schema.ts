import { z } from 'zod';
import { listOf, listQuery } from '../../http/schemas.js';

const date = z.iso.date();
const credits = z.number().min(0).max(1000).multipleOf(0.01);
const positiveCredits = z.number().positive().max(1000).multipleOf(0.01);
const code = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'a category code (lower-case letters, digits and hyphens)');
const versionField = z.number().int().min(1);

// ---- rules and settings ----

export const categoryLimit = z.object({ min: credits.nullable(), max: credits.nullable() });

export const ruleSetOut = z
  .object({
    tierCode: z.string(),
    tierName: z.record(z.string(), z.string()),
    requiredCredits: z.number(),
    validityMonths: z.number().int(),
    minStructured: z.number(),
    carryOverCap: z.number(),
    proRate: z.boolean(),
    categories: z.array(
      z.object({
        code: z.string(),
        name: z.record(z.string(), z.string()),
        structured: z.boolean(),
        min: z.number(),
        max: z.number().nullable(),
        overridden: z.boolean(),
      }),
    ),
    version: z.number().int().nullable(),
  })
  .meta({ id: 'CpdRuleSet' });
export const ruleSetList = listOf(ruleSetOut, 'CpdRuleSetList');

export const ruleSetBody = z
  .object({
    requiredCredits: z.number().int().min(0).max(1000),
    minStructured: credits,
    carryOverCap: credits,
    proRate: z.boolean(),
    categoryLimits: z.record(code, categoryLimit).default({}),
    /** The version of the rule set you read (omit when creating the tier's first rule set). */
    version: versionField.nullable().optional(),
  })
  .meta({ id: 'CpdRuleSetUpdate' });
export const tierCodeParams = z.object({ tierCode: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/) });

export const settingsOut = z
  .object({
    selfDeclaredAutoAccept: z.boolean(),
    auditBlocksRenewal: z.boolean(),
    auditResponseDays: z.number().int(),
    creditsPerHour: z.number(),
    version: z.number().int().nullable(),
  })
  .meta({ id: 'CpdSettings' });
export const settingsBody = z
  .object({
    selfDeclaredAutoAccept: z.boolean(),
    auditBlocksRenewal: z.boolean(),
    auditResponseDays: z.number().int().min(1).max(180),
    creditsPerHour: z.number().positive().max(10).multipleOf(0.01),
    version: versionField.nullable().optional(),
  })
  .meta({ id: 'CpdSettingsUpdate' });

// ---- providers and activities ----

export const providerOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    contactEmail: z.string().nullable(),
    status: z.enum(['approved', 'suspended']),
    approvedFrom: z.string(),
    accountIds: z.array(z.uuid()),
    version: z.number().int(),
  })
  .meta({ id: 'CpdProvider' });
export const providerList = listOf(providerOut, 'CpdProviderList');
export const providerBody = z
  .object({
    name: z.string().trim().min(2).max(300),
    contactEmail: z.email().max(254).nullable().optional(),
    approvedFrom: date,
  })
  .meta({ id: 'CpdProviderCreate' });
export const providerPatch = z
  .object({
    name: z.string().trim().min(2).max(300).optional(),
    contactEmail: z.email().max(254).nullable().optional(),
    status: z.enum(['approved', 'suspended']).optional(),
    version: versionField,
  })
  .meta({ id: 'CpdProviderUpdate' });
export const providerAccountBody = z.object({ accountId: z.uuid() }).meta({ id: 'CpdProviderAccountAdd' });

export const activityOut = z
  .object({
    id: z.uuid(),
    providerId: z.uuid(),
    providerName: z.string(),
    title: z.string(),
    categoryCode: z.string(),
    credits: z.number(),
    startsOn: z.string(),
    endsOn: z.string(),
    structured: z.boolean(),
    status: z.enum(['proposed', 'approved', 'refused']),
    attendees: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'CpdActivity' });
export const activityList = listOf(activityOut, 'CpdActivityList');
export const activityBody = z
  .object({
    providerId: z.uuid(),
    title: z.string().trim().min(3).max(300),
    categoryCode: code,
    credits: positiveCredits,
    startsOn: date,
    endsOn: date,
    structured: z.boolean().default(true),
  })
  .meta({ id: 'CpdActivityCreate' });
export const activityListQuery = listQuery(['title', 'startsOn', 'status'] as const).extend({
  providerId: z.uuid().optional(),
  status: z.enum(['proposed', 'approved', 'refused']).optional(),
});
export const activityDecisionBody = z
  .object({ decision: z.enum(['approved', 'refused']), version: versionField })
  .meta({ id: 'CpdActivityDecision' });

export const rosterOut = z
  .object({
    id: z.uuid(),
    activityId: z.uuid(),
    filename: z.string(),
    status: z.enum(['validated', 'accepted']),
    rowCount: z.number().int(),
    validCount: z.number().int(),
    errors: z.array(z.object({ row: z.number().int(), field: z.string(), reason: z.string() })),
    createdAt: z.string(),
    acceptedAt: z.string().nullable(),
    importedCount: z.number().int().nullable(),
    alreadyUploaded: z.boolean(),
  })
  .meta({ id: 'CpdRoster' });
export const rosterJsonBody = z
  .object({
    rows: z
      .array(
        z.object({
          licenceNumber: z.string().max(60),
          fullName: z.string().max(300).optional(),
          credits: z.number().optional(),
          completedOn: z.string().max(20).optional(),
        }),
      )
      .min(1)
      .max(20_000),
  })
  .meta({ id: 'CpdRosterRows' });
export const activityRosterParams = z.object({ id: z.uuid(), rosterId: z.uuid() });

// ---- records ----

export const recordOut = z
  .object({
    id: z.uuid(),
    registrantId: z.uuid(),
    registrantName: z.string(),
    source: z.enum(['provider', 'self']),
    activityId: z.uuid().nullable(),
    title: z.string(),
    providerName: z.string(),
    categoryCode: z.string(),
    completedOn: z.string(),
    hours: z.number().nullable(),
    credits: z.number(),
    structured: z.boolean(),
    reflection: z.string().nullable(),
    status: z.enum(['pending', 'info_requested', 'accepted', 'rejected']),
    decisionNote: z.string().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
    evidence: z.array(
      z.object({
        id: z.uuid(),
        filename: z.string(),
        contentType: z.string(),
        sizeBytes: z.number().int(),
        uploadedAt: z.string(),
      }),
    ),
    version: z.number().int(),
  })
  .meta({ id: 'CpdRecord' });
export const recordList = listOf(recordOut, 'CpdRecordList');
export const recordListQuery = listQuery(['completedOn', 'createdAt', 'status'] as const).extend({
  status: z.enum(['pending', 'info_requested', 'accepted', 'rejected']).optional(),
  registrantId: z.uuid().optional(),
  source: z.enum(['provider', 'self']).optional(),
});
export const recordBody = z
  .object({
    title: z.string().trim().min(3).max(300),
    providerName: z.string().trim().min(2).max(300),
    categoryCode: code,
    completedOn: date,
    hours: z.number().positive().max(500).multipleOf(0.25),
    structured: z.boolean().default(false),
    reflection: z.string().trim().min(20, 'write at least a few sentences of reflection').max(5000),
  })
  .meta({ id: 'CpdRecordCreate' });
export const recordResubmitBody = z
  .object({ reflection: z.string().trim().min(20).max(5000).optional(), version: versionField })
  .meta({ id: 'CpdRecordResubmit' });
export const recordDecisionBody = z
  .object({
    decision: z.enum(['accepted', 'rejected', 'info_requested']),
    note: z.string().trim().max(2000).optional(),
    version: versionField,
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
    registrantId: z.uuid(),
    licenceId: z.uuid().nullable(),
    licenceNumber: z.string().nullable(),
    tierCode: z.string().nullable(),
    asOf: z.string(),
    hasRequirement: z.boolean(),
    cycle: z.object({ start: z.string(), end: z.string(), activeFrom: z.string() }).nullable(),
    factor: z.number(),
    exemptDays: z.number().int(),
    required: z.number(),
    requiredStructured: z.number(),
    carriedOver: z.number(),
    counted: z.number(),
    countedStructured: z.number(),
    categories: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        earned: z.number(),
        counted: z.number(),
        countedStructured: z.number(),
        min: z.number(),
        max: z.number().nullable(),
        missing: z.number(),
      }),
    ),
    missing: z.array(z.string()),
    met: z.boolean(),
    daysLeft: z.number().int(),
    projected: z.number(),
    status: z.enum(['met', 'on_track', 'at_risk', 'not_met']),
    warnings: z.array(z.string()),
    pending: z.number(),
  })
  .meta({ id: 'CpdProgress' });
export const progressQuery = z.object({ asOf: date.optional() });

// ---- exemptions ----

export const exemptionOut = z
  .object({
    id: z.uuid(),
    registrantId: z.uuid(),
    kind: z.enum(['parental', 'medical', 'other']),
    startsOn: z.string(),
    endsOn: z.string(),
    reason: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'CpdExemption' });
export const exemptionList = listOf(exemptionOut, 'CpdExemptionList');
export const exemptionBody = z
  .object({
    registrantId: z.uuid(),
    kind: z.enum(['parental', 'medical', 'other']),
    startsOn: date,
    endsOn: date,
    reason: z.string().trim().min(3).max(2000),
  })
  .meta({ id: 'CpdExemptionCreate' });
export const exemptionListQuery = z.object({ registrantId: z.uuid().optional() });

// ---- audit ----

export const stratumField = z.enum(['tier', 'region', 'sector']);
export const auditRoundBody = z
  .object({
    name: z.string().trim().min(3).max(200),
    /** The published seed; anyone with it and the report can repeat the draw. */
    seed: z.string().trim().min(8, 'use a seed of at least 8 characters').max(200),
    rate: z
      .number()
      .gt(0)
      .max(1)
      .refine((r) => Math.abs(r * 10000 - Math.round(r * 10000)) < 1e-6, 'at most 4 decimal places (e.g. 0.025)'),
    strata: z
      .array(stratumField)
      .max(3)
      .refine((s) => new Set(s).size === s.length, 'each field once')
      .default(['tier']),
    exclusions: z
      .object({
        registeredUnderMonths: z.number().int().min(0).max(120).default(12),
        sanctioned: z.boolean().default(true),
        auditedLastRound: z.boolean().default(true),
      })
      .default({ registeredUnderMonths: 12, sanctioned: true, auditedLastRound: true }),
    targeted: z
      .array(z.object({ licenceNumber: z.string().trim().min(3).max(60), reason: z.string().trim().min(3).max(1000) }))
      .max(500)
      .default([]),
    responseDays: z.number().int().min(1).max(180).optional(),
  })
  .meta({ id: 'CpdAuditRoundCreate' });

const stratumSummary = z.object({
  stratum: z.string(),
  population: z.number().int(),
  excluded: z.record(z.string(), z.number().int()),
  eligible: z.number().int(),
  selected: z.number().int(),
});
export const auditRoundOut = z
  .object({
    id: z.uuid(),
    name: z.string(),
    seed: z.string(),
    rate: z.number(),
    rateBasisPoints: z.number().int(),
    strata: z.array(z.string()),
    exclusions: z.object({
      registeredUnderMonths: z.number().int(),
      sanctioned: z.boolean(),
      auditedLastRound: z.boolean(),
    }),
    populationOn: z.string(),
    responseDueOn: z.string(),
    summary: z.array(stratumSummary),
    selectedCount: z.number().int(),
    createdAt: z.string(),
    outcomes: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'CpdAuditRound' });
export const auditRoundList = listOf(auditRoundOut, 'CpdAuditRoundList');

export const selectionOut = z
  .object({
    id: z.uuid(),
    roundId: z.uuid(),
    roundName: z.string(),
    registrantId: z.uuid(),
    registrantName: z.string(),
    licenceNumber: z.string(),
    stratum: z.string(),
    targeted: z.boolean(),
    targetReason: z.string().nullable(),
    status: z.enum(['selected', 'submitted', 'extension_granted', 'passed', 'passed_with_advice', 'failed']),
    dueOn: z.string(),
    autoPassed: z.boolean(),
    responseNote: z.string().nullable(),
    respondedAt: z.string().nullable(),
    outcomeNote: z.string().nullable(),
    decidedAt: z.string().nullable(),
    evidence: z.array(
      z.object({
        id: z.uuid(),
        filename: z.string(),
        contentType: z.string(),
        sizeBytes: z.number().int(),
        uploadedAt: z.string(),
      }),
    ),
    version: z.number().int(),
  })
  .meta({ id: 'CpdAuditSelection' });
export const selectionList = listOf(selectionOut, 'CpdAuditSelectionList');
export const selectionListQuery = listQuery(['licenceNumber', 'status', 'dueOn'] as const).extend({
  roundId: z.uuid().optional(),
  status: z.enum(['selected', 'submitted', 'extension_granted', 'passed', 'passed_with_advice', 'failed']).optional(),
});
export const auditResponseBody = z
  .object({ note: z.string().trim().min(10, 'describe the evidence you send').max(5000), version: versionField })
  .meta({ id: 'CpdAuditResponse' });
export const auditOutcomeBody = z
  .object({
    outcome: z.enum(['passed', 'passed_with_advice', 'failed', 'extension_granted']),
    note: z.string().trim().max(2000).optional(),
    extendedTo: date.optional(),
    version: versionField,
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
