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
const version = z.number().int().min(1).describe('Version of the record you read; a concurrent change answers 409');
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
  .refine(isCurrency, 'must be an ISO 4217 currency code in capitals, e.g. VND, THB, PHP')
  .describe('ISO 4217 currency code');
const localised = z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/), z.string().trim().min(1).max(200));

export const feeCreate = z
  .object({
    kind: z.enum(FEE_KINDS).describe('What the fee is charged for'),
    scope: z
      .string()
      .trim()
      .max(40)
      .default('')
      .describe('A tier code (applications, renewals) or programme level (accreditation); empty for every one'),
    name: localised.optional().describe('Line text per language; defaults to the kind'),
    amountMinor: minor(0).describe("Amount in the currency's minor units (e.g. cents, or đồng for VND which has none)"),
    currency,
    taxRateBp: z.number().int().min(0).max(10000).default(0).describe('Tax added, in basis points (1000 = 10%)'),
    payBefore: z.enum(PAY_BEFORE).nullable().default(null).describe('Hold the application until paid'),
    effectiveFrom: isoDate.describe('The first day it applies (submissions on or after this date); not in the past'),
  })
  .meta({ id: 'FeeCreate' });

export const feeOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    kind: z.enum(FEE_KINDS).describe('What the fee is charged for'),
    scope: z.string().describe("What the fee applies to: 'all', or a tier code for a tier's licence fees"),
    name: z.record(z.string(), z.string()).describe("The fee's name by language code"),
    amountMinor: z
      .number()
      .int()
      .describe("Amount in the currency's minor units (e.g. cents, or đồng for VND which has none)"),
    currency: z.string().describe('ISO 4217 currency code'),
    formatted: z.string().describe("The amount as the caller's language writes it"),
    taxRateBp: z.number().int().describe('Tax rate in basis points (1,000 = 10%)'),
    payBefore: z
      .enum(PAY_BEFORE)
      .nullable()
      .describe("What waits for payment: the application's decision, the licence's issue, or nothing"),
    effectiveFrom: isoDate.describe('First day the fee applies'),
    effectiveUntil: isoDate.nullable().describe('Last day the fee applies (none: until replaced)'),
    inForce: z.boolean().describe('Whether the fee applies today'),
  })
  .meta({ id: 'Fee' });
export const feeListQuery = z.object({
  kind: z.enum(FEE_KINDS).optional().describe('Only fees of this kind'),
  on: isoDate.optional().describe('Only the fees in force on this date'),
});
export const feeList = listOf(feeOut, 'FeeList');

const line = z.object({
  id: z.uuid().describe('Identifier (UUID)'),
  kind: z
    .enum(['fee', 'tax', 'waiver', 'discount'])
    .describe('fee, tax, waiver or discount (waivers and discounts are negative)'),
  description: z.string().describe("What the line is for, in the reader's language"),
  amountMinor: z.number().int().describe('Amount of the line in minor units (negative for a waiver or discount)'),
  formatted: z.string().describe("The amount written out in the reader's language and the currency"),
  reason: z.string().nullable().describe('Why a waiver or discount was given'),
});
const payment = z.object({
  id: z.uuid().describe('Identifier (UUID)'),
  method: z.enum(PAYMENT_METHODS).describe('How the money was paid or refunded'),
  status: z
    .enum(['pending', 'confirmed', 'rejected'])
    .describe('pending (proof sent, not yet checked), confirmed or rejected'),
  amountMinor: z
    .number()
    .int()
    .describe("Amount in the currency's minor units (e.g. cents, or đồng for VND which has none)"),
  formatted: z.string().describe("The amount written out in the reader's language and the currency"),
  reference: z.string().nullable().describe('Bank or payment reference'),
  receivedOn: isoDate.describe('Day the money was received'),
  receiptNumber: z.string().nullable().describe('Number of the receipt issued for the payment'),
  proofDocumentId: z.uuid().nullable().describe('Proof of transfer uploaded by the payer'),
  note: z.string().nullable().describe('Note by the staff member'),
});
const refund = z.object({
  id: z.uuid().describe('Identifier (UUID)'),
  creditNoteNumber: z.string().nullable().describe('Number of the credit note issued for the refund'),
  amountMinor: z
    .number()
    .int()
    .describe("Amount in the currency's minor units (e.g. cents, or đồng for VND which has none)"),
  formatted: z.string().describe("The amount written out in the reader's language and the currency"),
  method: z.enum(PAYMENT_METHODS).describe('How the money was paid or refunded'),
  reference: z.string().nullable().describe('Bank or payment reference'),
  reason: z.string().describe('Why it was done'),
  refundedOn: isoDate.describe('Day the refund was paid'),
});

export const invoiceSummary = z.object({
  id: z.uuid().describe('Identifier (UUID)'),
  number: z.string().describe("The invoice's number"),
  payerType: z.enum(PAYER_TYPES).describe('Who pays: a registrant, an institution or a CPD provider'),
  payerId: z.uuid().describe('The paying registrant, institution or CPD provider'),
  billedTo: z.string().describe('Name the invoice is addressed to'),
  subjectType: z.string().describe('What the invoice is for (licence application, renewal, reissue, accreditation…)'),
  subjectId: z.uuid().describe('The record the invoice is for'),
  description: z.string().describe("What the invoice is for, in the reader's language"),
  currency: z.string().describe('ISO 4217 currency code'),
  status: z.enum(INVOICE_STATUSES).describe('Status of the invoice'),
  totalMinor: z.number().int().describe('Total in minor units, tax included, after waivers and discounts'),
  balanceMinor: z.number().int().describe('Still due (negative: credit held for the payer)'),
  total: z.string().describe("Total written out in the reader's language"),
  balance: z.string().describe('What remains to pay, written out'),
  payBefore: z
    .enum(PAY_BEFORE)
    .nullable()
    .describe("What waits for payment: the application's decision, the licence's issue, or nothing"),
  issuedOn: isoDate.describe('Day the invoice was issued'),
  dueOn: isoDate.describe('Day payment is due'),
  overdue: z.boolean().describe('Whether the invoice is unpaid after its due day'),
  version: z
    .number()
    .int()
    .describe('Version of the record; send back the one you read so a concurrent change is refused (409)'),
});
export const invoiceListItem = invoiceSummary.meta({ id: 'InvoiceListItem' });
export const invoiceOut = invoiceSummary
  .extend({
    creditedMinor: z.number().int().describe('Credited by credit notes, in minor units'),
    paidMinor: z.number().int().describe('Paid and confirmed, in minor units'),
    refundedMinor: z.number().int().describe('Refunded, in minor units'),
    voidReason: z.string().nullable().describe('Why the invoice was voided'),
    lines: z.array(line).describe("The invoice's lines"),
    payments: z.array(payment).describe('Payments received'),
    refunds: z.array(refund).describe('Refunds paid'),
    onlinePayment: z.boolean().describe('Whether the registry can take this payment online now'),
  })
  .meta({ id: 'Invoice' });
export const invoiceList = listOf(invoiceListItem, 'InvoiceList');
export const invoiceListQuery = listQuery(['issuedOn', 'dueOn', 'number', 'totalMinor'] as const).extend({
  status: z.enum(INVOICE_STATUSES).optional().describe('Only invoices in this status'),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  payerType: z.enum(PAYER_TYPES).optional().describe('Only invoices paid by this kind of payer'),
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
    method: z.enum(STAFF_METHODS).describe('How the money was paid or refunded'),
    amountMinor: minor(1).describe("Amount in the currency's minor units (e.g. cents, or đồng for VND which has none)"),
    currency,
    receivedOn: isoDate.describe('Day the money was received'),
    reference: z.string().trim().min(1).max(200).optional().describe('Bank reference, cheque number or till receipt'),
    note: z.string().trim().max(2000).optional().describe('Note by the staff member'),
  })
  .superRefine((v, ctx) => {
    if (v.method !== 'cash' && !v.reference)
      ctx.addIssue({ code: 'custom', path: ['reference'], message: `a ${v.method} payment needs its reference` });
  })
  .meta({ id: 'PaymentCreate' });

export const proofQuery = z.object({
  amountMinor: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .describe("Amount in the currency's minor units (e.g. cents, or đồng for VND which has none)"),
  receivedOn: isoDate.describe('Day the money was received'),
  reference: z.string().trim().min(1).max(200).describe('Bank or payment reference'),
  filename: z.string().max(255).optional().describe('File name of the proof'),
});

export const proofDecision = z
  .object({
    version,
    decision: z.enum(['confirm', 'reject']).describe('confirm the payment, or reject the proof'),
    note: z.string().trim().max(2000).optional().describe('Note by the staff member'),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'say why the proof is rejected' });
  })
  .meta({ id: 'ProofDecision' });

export const waiverCreate = z
  .object({
    version,
    kind: z.enum(['waiver', 'discount']).describe('waiver (nothing to pay) or discount (part of the amount)'),
    amountMinor: minor(1).optional().describe('Leave out to waive everything still due'),
    reason: z.string().trim().min(5).max(2000).describe('Why it was done'),
  })
  .meta({ id: 'WaiverCreate' });

export const refundCreate = z
  .object({
    version,
    amountMinor: minor(1).describe("Amount in the currency's minor units (e.g. cents, or đồng for VND which has none)"),
    creditNote: z.boolean().describe('Cancel this much of the charge with a credit note (false: pay back credit held)'),
    method: z.enum(STAFF_METHODS).describe('How the money was paid or refunded'),
    reference: z.string().trim().min(1).max(200).optional().describe('Bank or payment reference'),
    reason: z.string().trim().min(5).max(2000).describe('Why it was done'),
    refundedOn: isoDate.describe('Day the refund was paid'),
  })
  .meta({ id: 'RefundCreate' });

export const voidBody = z
  .object({ version, reason: z.string().trim().min(5).max(2000).describe('Why the invoice is voided') })
  .meta({ id: 'InvoiceVoid' });

export const checkoutOut = z
  .object({
    url: z.url().describe("The payment provider's checkout page to send the payer to"),
    sessionId: z.string().describe("The provider's checkout session"),
    expiresAt: z.iso.datetime().nullable().describe('When the checkout page stops accepting payment'),
  })
  .meta({ id: 'Checkout' });

export const reconciliationQuery = z.object({
  date: isoDate.describe('The day (council time zone: UTC)'),
  format: z.enum(['json', 'csv']).default('json').describe('json, or csv for a spreadsheet'),
});
const reconRow = z.object({
  type: z.enum(['payment', 'refund']).describe('payment or refund'),
  date: isoDate.describe('Day of the payment or refund'),
  invoiceNumber: z.string().describe('Number of the invoice'),
  documentNumber: z.string().nullable().describe('Receipt or credit note number'),
  billedTo: z.string().describe('Name the invoice is addressed to'),
  method: z.enum(PAYMENT_METHODS).describe('How the money was paid or refunded'),
  reference: z.string().nullable().describe('Bank or payment reference'),
  amountMinor: z.number().int().describe('Negative for money paid back'),
  currency: z.string().describe('ISO 4217 currency code'),
});
export const reconciliationOut = z
  .object({
    date: isoDate.describe('Day of the payment or refund'),
    rows: z.array(reconRow).describe('Each payment and refund of the day'),
    totals: z
      .array(
        z.object({
          currency: z.string().describe('ISO 4217 currency code'),
          method: z.enum(PAYMENT_METHODS).describe('How the money was paid or refunded'),
          receivedMinor: z.number().int().describe('Received, in minor units'),
          refundedMinor: z.number().int().describe('Refunded, in minor units'),
          netMinor: z.number().int().describe('Received less refunded, in minor units'),
        }),
      )
      .describe('Totals per currency and payment method'),
    pendingProofs: z.number().int().describe('Proofs of transfer not matched yet'),
  })
  .meta({ id: 'Reconciliation' });

export const incomeQuery = z.object({ year: z.coerce.number().int().min(2000).max(2200) });
export const incomeOut = z
  .object({
    year: z.number().int().describe('Calendar year'),
    months: z
      .array(
        z.object({
          month: z.string().describe('YYYY-MM'),
          currency: z.string().describe('ISO 4217 currency code'),
          receivedMinor: z.number().int().describe('Received, in minor units'),
          refundedMinor: z.number().int().describe('Refunded, in minor units'),
          netMinor: z.number().int().describe('Received less refunded, in minor units'),
          invoicedMinor: z
            .number()
            .int()
            .describe('Invoiced (issued less credit notes, void invoices left out), in minor units'),
        }),
      )
      .describe('Each month of the year, per currency'),
  })
  .meta({ id: 'Income' });

export const receiptParams = z.object({ id: z.uuid(), paymentId: z.uuid() });
