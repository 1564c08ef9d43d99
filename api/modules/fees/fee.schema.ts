import { z } from 'zod';
import { listOf, listQuery } from '../../http/schemas.js';
import {
  FEE_KINDS,
  INVOICE_STATUSES,
  PAY_BEFORE,
  PAYER_TYPES,
  PAYMENT_METHODS,
  STAFF_METHODS,
  isCurrency,
} from './fee.rules.js';

const isoDate = z.iso.date();
const version = z.number().int().min(1);
/** A whole number of minor units (no fractions, no floating point), as JSON numbers are. */
const minor = (min: number) =>
  z
    .number({ error: 'must be a whole number of minor units (e.g. cents)' })
    .int('must be a whole number of minor units (e.g. cents), not a fraction')
    .min(min, min === 0 ? 'must not be negative' : 'must be more than zero')
    .max(Number.MAX_SAFE_INTEGER);
const currency = z
  .string()
  .trim()
  .refine(isCurrency, 'must be an ISO 4217 currency code in capitals, e.g. VND, THB, PHP');
const localised = z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/), z.string().trim().min(1).max(200));

export const feeCreate = z
  .object({
    kind: z.enum(FEE_KINDS),
    scope: z
      .string()
      .trim()
      .max(40)
      .default('')
      .describe('A tier code (applications, renewals) or programme level (accreditation); empty for every one'),
    name: localised.optional().describe('Line text per language; defaults to the kind'),
    amountMinor: minor(0),
    currency,
    taxRateBp: z.number().int().min(0).max(10000).default(0).describe('Tax added, in basis points (1000 = 10%)'),
    payBefore: z.enum(PAY_BEFORE).nullable().default(null).describe('Hold the application until paid'),
    effectiveFrom: isoDate.describe('The first day it applies (submissions on or after this date); not in the past'),
  })
  .meta({ id: 'FeeCreate' });

export const feeOut = z
  .object({
    id: z.uuid(),
    kind: z.enum(FEE_KINDS),
    scope: z.string(),
    name: z.record(z.string(), z.string()),
    amountMinor: z.number().int(),
    currency: z.string(),
    formatted: z.string().describe("The amount as the caller's language writes it"),
    taxRateBp: z.number().int(),
    payBefore: z.enum(PAY_BEFORE).nullable(),
    effectiveFrom: isoDate,
    effectiveUntil: isoDate.nullable(),
    inForce: z.boolean(),
  })
  .meta({ id: 'Fee' });
export const feeListQuery = z.object({
  kind: z.enum(FEE_KINDS).optional(),
  on: isoDate.optional().describe('Only the fees in force on this date'),
});
export const feeList = listOf(feeOut, 'FeeList');

const line = z.object({
  id: z.uuid(),
  kind: z.enum(['fee', 'tax', 'waiver', 'discount']),
  description: z.string(),
  amountMinor: z.number().int(),
  formatted: z.string(),
  reason: z.string().nullable(),
});
const payment = z.object({
  id: z.uuid(),
  method: z.enum(PAYMENT_METHODS),
  status: z.enum(['pending', 'confirmed', 'rejected']),
  amountMinor: z.number().int(),
  formatted: z.string(),
  reference: z.string().nullable(),
  receivedOn: isoDate,
  receiptNumber: z.string().nullable(),
  proofDocumentId: z.uuid().nullable(),
  note: z.string().nullable(),
});
const refund = z.object({
  id: z.uuid(),
  creditNoteNumber: z.string().nullable(),
  amountMinor: z.number().int(),
  formatted: z.string(),
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().nullable(),
  reason: z.string(),
  refundedOn: isoDate,
});

export const invoiceSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  payerType: z.enum(PAYER_TYPES),
  payerId: z.uuid(),
  billedTo: z.string(),
  subjectType: z.string(),
  subjectId: z.uuid(),
  description: z.string(),
  currency: z.string(),
  status: z.enum(INVOICE_STATUSES),
  totalMinor: z.number().int(),
  balanceMinor: z.number().int().describe('Still due (negative: credit held for the payer)'),
  total: z.string(),
  balance: z.string(),
  payBefore: z.enum(PAY_BEFORE).nullable(),
  issuedOn: isoDate,
  dueOn: isoDate,
  overdue: z.boolean(),
  version: z.number().int(),
});
export const invoiceListItem = invoiceSummary.meta({ id: 'InvoiceListItem' });
export const invoiceOut = invoiceSummary
  .extend({
    creditedMinor: z.number().int(),
    paidMinor: z.number().int(),
    refundedMinor: z.number().int(),
    voidReason: z.string().nullable(),
    lines: z.array(line),
    payments: z.array(payment),
    refunds: z.array(refund),
    onlinePayment: z.boolean().describe('Whether the registry can take this payment online now'),
  })
  .meta({ id: 'Invoice' });
export const invoiceList = listOf(invoiceListItem, 'InvoiceList');
export const invoiceListQuery = listQuery(['issuedOn', 'dueOn', 'number', 'totalMinor'] as const).extend({
  status: z.enum(INVOICE_STATUSES).optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  payerType: z.enum(PAYER_TYPES).optional(),
  payerId: z.uuid().optional().describe('Only this payer’s invoices (a registrant, school or CPD provider id)'),
  pendingProof: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('Only invoices with proof of transfer waiting to be matched'),
});

export const paymentCreate = z
  .object({
    version,
    method: z.enum(STAFF_METHODS),
    amountMinor: minor(1),
    currency,
    receivedOn: isoDate,
    reference: z.string().trim().min(1).max(200).optional().describe('Bank reference, cheque number or till receipt'),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.method !== 'cash' && !v.reference)
      ctx.addIssue({ code: 'custom', path: ['reference'], message: `a ${v.method} payment needs its reference` });
  })
  .meta({ id: 'PaymentCreate' });

export const proofQuery = z.object({
  amountMinor: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  receivedOn: isoDate,
  reference: z.string().trim().min(1).max(200),
  filename: z.string().max(255).optional(),
});

export const proofDecision = z
  .object({
    version,
    decision: z.enum(['confirm', 'reject']),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why the proof is rejected' });
  })
  .meta({ id: 'ProofDecision' });

export const waiverCreate = z
  .object({
    version,
    kind: z.enum(['waiver', 'discount']),
    amountMinor: minor(1).optional().describe('Leave out to waive everything still due'),
    reason: z.string().trim().min(5).max(2000),
  })
  .meta({ id: 'WaiverCreate' });

export const refundCreate = z
  .object({
    version,
    amountMinor: minor(1),
    creditNote: z.boolean().describe('Cancel this much of the charge with a credit note (false: pay back credit held)'),
    method: z.enum(STAFF_METHODS),
    reference: z.string().trim().min(1).max(200).optional(),
    reason: z.string().trim().min(5).max(2000),
    refundedOn: isoDate,
  })
  .meta({ id: 'RefundCreate' });

export const voidBody = z.object({ version, reason: z.string().trim().min(5).max(2000) }).meta({ id: 'InvoiceVoid' });

export const checkoutOut = z
  .object({ url: z.url(), sessionId: z.string(), expiresAt: z.iso.datetime().nullable() })
  .meta({ id: 'Checkout' });

export const reconciliationQuery = z.object({
  date: isoDate.describe('The day (council time zone: UTC)'),
  format: z.enum(['json', 'csv']).default('json'),
});
const reconRow = z.object({
  type: z.enum(['payment', 'refund']),
  date: isoDate,
  invoiceNumber: z.string(),
  documentNumber: z.string().nullable().describe('Receipt or credit note number'),
  billedTo: z.string(),
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().nullable(),
  amountMinor: z.number().int().describe('Negative for money paid back'),
  currency: z.string(),
});
export const reconciliationOut = z
  .object({
    date: isoDate,
    rows: z.array(reconRow),
    totals: z.array(
      z.object({
        currency: z.string(),
        method: z.enum(PAYMENT_METHODS),
        receivedMinor: z.number().int(),
        refundedMinor: z.number().int(),
        netMinor: z.number().int(),
      }),
    ),
    pendingProofs: z.number().int().describe('Proofs of transfer not matched yet'),
  })
  .meta({ id: 'Reconciliation' });

export const incomeQuery = z.object({ year: z.coerce.number().int().min(2000).max(2200) });
export const incomeOut = z
  .object({
    year: z.number().int(),
    months: z.array(
      z.object({
        month: z.string().describe('YYYY-MM'),
        currency: z.string(),
        receivedMinor: z.number().int(),
        refundedMinor: z.number().int(),
        netMinor: z.number().int(),
        invoicedMinor: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'Income' });

export const receiptParams = z.object({ id: z.uuid(), paymentId: z.uuid() });
