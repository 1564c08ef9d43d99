/**
 * The records the back office reads, as the API sends them (JSON: dates are ISO strings). Each type
 * names the response schema it mirrors and keeps only the fields a page reads: when a schema changes,
 * this file is where the admin UI follows.
 */

/** A localised text: `{ en: '…', vi: '…' }` (api/modules/council/council.entity.ts LocalisedText). */
export type Localised = Record<string, string>;

// ---- licensing (api/modules/applications/application.schema.ts, api/modules/licences/licence.schema.ts) ----

/** `declarations` of a licence application. */
export type Declarations = {
  ethics?: boolean;
  fitness?: boolean;
  criminalRecord?: { hasRecord: boolean; details?: string };
  employment?: { employed: boolean; employer?: string; sector?: string };
  adequateSupervision?: boolean | null;
};

/** `requirementOut`: one line of an application's eligibility check. */
export type RequirementCheck = {
  key: string;
  label: string;
  status: 'met' | 'not_met' | 'needs_review';
  detail: string;
};

/** `applicationOut` (a licence application; the list omits requirements and documents). */
export type Application = {
  id: string;
  registrantId: string;
  type: 'first_registration' | 'tier_upgrade' | 'restoration' | 'renewal';
  tierCode: string;
  status: string;
  declarations: Declarations;
  invoice: {
    id: string;
    number: string;
    status: string;
    balance: string;
    balanceMinor: number;
    payBefore: 'review' | 'approval' | null;
  } | null;
  firstApprovalBy: string | null;
  requirements?: RequirementCheck[];
  version: number;
};

/** `licenceSummaryOut` / `licenceOut`. */
export type Licence = {
  id: string;
  number: string;
  registrantId: string;
  tierCode: string;
  protectedTitle: Localised;
  status: string;
  statusSince: string;
  validUntil: string;
  version: number;
};

/** `licenceOut.conditions[]`. */
export type LicenceCondition = { id: string; text: string; startsOn: string; endsOn: string | null; public: boolean };

// ---- accreditation (api/modules/accreditation/accreditation.schema.ts) ----

/** `conditionOut`. */
export type AccreditationCondition = {
  id: string;
  text: string;
  dueDate: string;
  status: 'open' | 'met' | 'missed';
  version: number;
};

/** `accreditationOut`. */
export type Accreditation = {
  id: string;
  outcome: 'accredited' | 'accredited_with_conditions';
  status: 'active' | 'expired' | 'withdrawn';
  validFrom: string;
  validUntil: string;
  conditions: AccreditationCondition[];
  version: number;
};

/** `programmeOut`. */
export type Programme = { id: string; name: string; accreditations?: Accreditation[] };

/** `applicationOut` (an accreditation application). */
export type AccreditationApplication = {
  id: string;
  status: 'draft' | 'submitted' | 'under_review' | 'decided' | 'withdrawn';
  version: number;
};

/** `documentOut`: a stored file attached to a record. */
export type StoredDocument = { id: string; filename: string; contentType: string; sizeBytes: number };

/** `GET /api/v1/staff-directory`: a staff account to assign work to. */
export type StaffMember = { id: string; displayName: string };

// ---- reference data and operations ----

/** `tierOut` (api/modules/council/council.schema.ts). */
export type Tier = {
  name: Localised;
  protectedTitle: Localised;
  requirements: {
    minQualificationLevel: string | null;
    accreditedProgramme: boolean;
    supervisedHours: number;
    examRequired: boolean;
    monthsAtPreviousTier: number;
    previousTier: string | null;
  };
};

/** `cpdCategoryOut` (api/modules/council/council.schema.ts). */
export type CpdCategory = { code: string; name: Localised };

/** A scheduled job run (api/jobs/jobs.routes.ts). */
export type JobRun = { counts: Record<string, number> | null; error: string | null };

/** An outbox e-mail (api/modules/notifications/outbox.routes.ts). */
export type OutboxMessage = { status: string; lastError: string | null };

/** An audit event (api/modules/audit/audit.schema.ts). */
export type AuditEvent = {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  hash: string;
  prevHash: string;
};

/** A licence due for renewal (api/modules/renewals/renewal.schema.ts). */
export type RenewalDue = {
  daysToExpiry: number;
  daysToLapse: number;
  renewal: { applicationId: string; status: string; startedAt: string } | null;
};

// ---- CPD (api/modules/cpd/cpd.schema.ts) ----

/** A file attached as evidence (`evidence[]` of records and audit selections). */
export type Evidence = { id: string; filename: string };

/** `recordOut`. */
export type CpdRecord = {
  id: string;
  title: string;
  providerName: string;
  categoryCode: string;
  hours: number | null;
  structured: boolean;
  reflection: string | null;
  status: 'pending' | 'info_requested' | 'accepted' | 'rejected';
  evidence: Evidence[];
  version: number;
};

/** `providerOut`. */
export type CpdProvider = { id: string; accountIds: string[] };

/** `activityOut`. */
export type CpdActivity = {
  id: string;
  providerName: string;
  title: string;
  categoryCode: string;
  credits: number;
  startsOn: string;
  endsOn: string;
  structured: boolean;
  status: 'proposed' | 'approved' | 'refused';
  attendees: number;
  version: number;
};

/** `auditRoundOut`. */
export type CpdAuditRound = {
  id: string;
  name: string;
  seed: string;
  rate: number;
  strata: string[];
  populationOn: string;
  responseDueOn: string;
  summary: {
    stratum: string;
    population: number;
    excluded: Record<string, number>;
    eligible: number;
    selected: number;
  }[];
  outcomes: Record<string, number>;
};

/** `selectionOut`. */
export type CpdAuditSelection = {
  id: string;
  licenceNumber: string;
  registrantName: string;
  targeted: boolean;
  targetReason: string | null;
  status: 'selected' | 'submitted' | 'extension_granted' | 'passed' | 'passed_with_advice' | 'failed';
  dueOn: string;
  autoPassed: boolean;
  responseNote: string | null;
  outcomeNote: string | null;
  evidence: Evidence[];
  version: number;
};

// ---- discipline (api/modules/discipline/discipline.schema.ts) ----

/** `caseSummaryOut`: a row of the case queue. */
export type CaseSummary = {
  id: string;
  reference: string;
  stage: string;
  stageSince: string;
  source: 'public' | 'staff';
  category: string;
  receivedOn: string;
  respondentName: string;
  respondentLicenceNumber: string | null;
  registrantId: string | null;
  licenceId: string | null;
  licenceNumber: string | null;
  licenceStatus: string | null;
  assignedTo: string | null;
  hearingOn: string | null;
  version: number;
};

/** `sanctionOut`. */
export type Sanction = {
  id: string;
  licenceNumber: string | null;
  type: string;
  status: 'in_force' | 'stayed' | 'replaced' | 'lifted';
  startsOn: string;
  endsOn: string | null;
  liftedOn: string | null;
  conditionsText: string | null;
  replaces: string | null;
  publicText: string | null;
  publishedFrom: string | null;
  publishedUntil: string | null;
  publicationState: 'unpublished' | 'published' | 'ended';
  version: number;
};

/** `caseOut`: the whole case file. */
export type DisciplineCase = CaseSummary & {
  complainantName: string;
  complainantEmail: string | null;
  allegation: string;
  disclosedSummary: string | null;
  allowedStages: string[];
  events: {
    id: string;
    kind: string;
    stage: string;
    toStage: string | null;
    onDate: string;
    note: string | null;
    disclosed: boolean;
  }[];
  panel: {
    id: string;
    accountId: string | null;
    externalEmail: string | null;
    displayName: string;
    role: string;
  }[];
  conflicts: { id: string; accountId: string | null; externalName: string | null; reason: string }[];
  documents: { id: string; filename: string }[];
  sanctions: Sanction[];
};

/** Invoices as the fees API answers them (the back office and the payer's own screen). */
export type InvoiceLine = { id: string; kind: string; description: string; formatted: string; reason: string | null };
export type Payment = {
  id: string;
  method: 'bank_transfer' | 'cash' | 'cheque' | 'online';
  status: 'pending' | 'confirmed' | 'rejected';
  amountMinor: number;
  formatted: string;
  reference: string | null;
  receivedOn: string;
  receiptNumber: string | null;
  proofDocumentId: string | null;
  note: string | null;
};
export type Refund = {
  id: string;
  creditNoteNumber: string | null;
  formatted: string;
  method: string;
  reference: string | null;
  reason: string;
  refundedOn: string;
};
export type Invoice = {
  id: string;
  number: string;
  billedTo: string;
  description: string;
  currency: string;
  status: 'open' | 'part_paid' | 'paid' | 'credited' | 'void';
  total: string;
  balance: string;
  balanceMinor: number;
  payBefore: 'review' | 'approval' | null;
  issuedOn: string;
  dueOn: string;
  overdue: boolean;
  version: number;
  voidReason: string | null;
  lines: InvoiceLine[];
  payments: Payment[];
  refunds: Refund[];
  onlinePayment: boolean;
};

export const INVOICE_STATUS_COLOUR = {
  open: 'warning',
  part_paid: 'warning',
  paid: 'success',
  credited: 'default',
  void: 'default',
} as const;
