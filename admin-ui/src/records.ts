/**
 * The records the back office reads, typed from the registry's OpenAPI document through the generated
 * client (clients/typescript/schema.ts): when an answer's schema changes, `npm run client` regenerates
 * it and the admin UI's type check shows every screen that must follow.
 */
import type { Schemas } from '../../clients/typescript/index';

/** A localised text: `{ en: '…', vi: '…' }` (api/modules/council/council.entity.ts LocalisedText). */
export type Localised = Record<string, string>;

/** The API's schemas, as the generated client types them. */
type S = Schemas;

// ---- licensing ----

/** `declarations` of a licence application. */
export type Declarations = S['LicenceApplication']['declarations'];
/** One line of an application's eligibility check. */
export type RequirementCheck = S['RequirementCheck'];
/** A licence application (the list omits requirements and documents). */
export type Application = Omit<S['LicenceApplication'], 'requirements' | 'documents'> &
  Partial<Pick<S['LicenceApplication'], 'requirements' | 'documents'>>;
/** A licence as lists show it (the full record adds periods, events and conditions). */
export type Licence = S['LicenceSummary'];
export type LicenceCondition = S['Licence']['conditions'][number];

// ---- accreditation ----

export type AccreditationCondition = S['AccreditationCondition'];
export type Accreditation = S['Accreditation'];
export type Programme = S['Programme'];
export type AccreditationApplication = S['AccreditationApplication'];
/** A stored file attached to a record. */
export type StoredDocument = S['Document'];
/** A staff account to assign work to (`GET /api/v1/staff-directory`). */
export type StaffMember = S['StaffDirectory']['items'][number];

// ---- reference data and operations ----

export type Tier = S['Tier'];
export type CpdCategory = S['CpdCategory'];
export type JobRun = S['JobRun'];
export type OutboxMessage = S['OutboxMessage'];
export type AuditEvent = S['AuditEvent'];
/** A licence due for renewal. */
export type RenewalDue = S['RenewalCase'];

// ---- CPD ----

/** A file attached as evidence (`evidence[]` of records and audit selections). */
export type Evidence = S['CpdRecord']['evidence'][number];
export type CpdRecord = S['CpdRecord'];
export type CpdProvider = S['CpdProvider'];
export type CpdActivity = S['CpdActivity'];
export type CpdAuditRound = S['CpdAuditRound'];
export type CpdAuditSelection = S['CpdAuditSelection'];

// ---- discipline ----

/** A row of the case queue. */
export type CaseSummary = S['CaseSummary'];
export type Sanction = S['Sanction'];
/** The whole case file. */
export type DisciplineCase = S['Case'];

// ---- fees: invoices as the back office and the payer's own screen read them ----

export type Invoice = S['Invoice'];
export type InvoiceLine = Invoice['lines'][number];
export type Payment = Invoice['payments'][number];
export type Refund = Invoice['refunds'][number];

export const INVOICE_STATUS_COLOUR = {
  open: 'warning',
  part_paid: 'warning',
  paid: 'success',
  credited: 'default',
  void: 'default',
} as const;
