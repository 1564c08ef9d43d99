import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import type { LocalisedText } from '../council/index.js';
import type { FeeKind, InvoiceStatus, PayerType, PaymentMethod, PaymentStatus, PayBefore } from './fee.rules.js';

/**
 * One fee in the council's schedule: what a kind of submission costs (for a tier or programme level,
 * or for all), in integer minor units of an ISO 4217 currency, from `effectiveFrom` until the day a
 * later fee for the same thing takes over (`effectiveUntil`, exclusive). A fee is never edited: a new
 * amount is a new row, so every invoice can be traced to the fee that applied on its submission date.
 */
export const FeeSchema = defineEntity({
  name: 'Fee',
  tableName: 'fee',
  indexes: [{ properties: ['kind', 'effectiveFrom'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    kind: p.string().length(30).$type<FeeKind>(),
    /** The tier (applications, renewals) or programme level (accreditation) it applies to; empty = every one. */
    scope: p.string().length(40).default(''),
    name: p.json<LocalisedText>(),
    amountMinor: p.bigint('number'),
    currency: p.string().length(3),
    /** Tax added to the amount, in basis points (1000 = 10%); 0 = no tax. */
    taxRateBp: p.integer().default(0),
    /** Whether an application with this fee waits for payment before review or approval. */
    payBefore: p.string().length(10).$type<PayBefore>().nullable(),
    effectiveFrom: p.date(),
    effectiveUntil: p.date().nullable(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime(),
  },
});
export class Fee extends FeeSchema.class {}
FeeSchema.setClass(Fee);

/** An invoice: numbered gap-free per year, for one payer (a registrant, a school, a CPD provider), for one chargeable thing. */
export const InvoiceSchema = defineEntity({
  name: 'Invoice',
  tableName: 'invoice',
  indexes: [{ properties: ['status', 'dueOn'] }, { properties: ['payerType', 'payerId'] }],
  uniques: [{ properties: ['subjectType', 'subjectId'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    number: p.string().length(24).unique(),
    /** Who pays: their accounts see and pay the invoice. */
    payerType: p.string().length(20).$type<PayerType>(),
    payerId: p.uuid(),
    /** Who is billed, as written on the invoice (the payer's name when issued). */
    billedTo: p.string().length(300),
    email: p.string().length(320).nullable(),
    /** What was charged for: e.g. licence_application and its id. */
    subjectType: p.string().length(40),
    subjectId: p.uuid(),
    description: p.string().length(300),
    currency: p.string().length(3),
    status: p.string().length(12).$type<InvoiceStatus>(),
    /** Sum of the lines (charges, tax, waivers and discounts). */
    totalMinor: p.bigint('number'),
    /** Cancelled by credit notes. */
    creditedMinor: p.bigint('number').default(0),
    /** Confirmed payments. */
    paidMinor: p.bigint('number').default(0),
    /** Money paid back. */
    refundedMinor: p.bigint('number').default(0),
    payBefore: p.string().length(10).$type<PayBefore>().nullable(),
    issuedOn: p.date(),
    dueOn: p.date(),
    voidReason: p.text().nullable(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class Invoice extends InvoiceSchema.class {}
InvoiceSchema.setClass(Invoice);

/** A line: a fee charged (with the fee it came from), its tax, or a waiver or discount (negative, with a reason). */
export const InvoiceLineSchema = defineEntity({
  name: 'InvoiceLine',
  tableName: 'invoice_line',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    invoice: () => p.manyToOne(Invoice).ref().index(),
    position: p.integer(),
    kind: p.string().length(12).$type<'fee' | 'tax' | 'waiver' | 'discount'>(),
    feeId: p.uuid().nullable(),
    description: p.json<LocalisedText>(),
    amountMinor: p.bigint('number'),
    reason: p.text().nullable(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime(),
  },
});
export class InvoiceLine extends InvoiceLineSchema.class {}
InvoiceLineSchema.setClass(InvoiceLine);

/**
 * Money received against an invoice: recorded by staff (transfer, cash, cheque), reported by the
 * payment provider (online), or claimed by the payer with proof of transfer (pending until staff
 * match it). A confirmed payment has a receipt number, gap-free per year.
 */
export const PaymentSchema = defineEntity({
  name: 'Payment',
  tableName: 'payment',
  indexes: [{ properties: ['status', 'receivedOn'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    invoice: () => p.manyToOne(Invoice).ref().index(),
    method: p.string().length(16).$type<PaymentMethod>(),
    status: p.string().length(10).$type<PaymentStatus>(),
    amountMinor: p.bigint('number'),
    currency: p.string().length(3),
    reference: p.string().length(200).nullable(),
    receivedOn: p.date(),
    /** The provider's id for an online payment (a Checkout Session): one payment per session, however often it is reported. */
    providerRef: p.string().length(255).nullable().unique(),
    proofDocumentId: p.uuid().nullable(),
    receiptNumber: p.string().length(24).nullable().unique(),
    note: p.text().nullable(),
    recordedBy: p.uuid().nullable(),
    confirmedBy: p.uuid().nullable(),
    confirmedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});
export class Payment extends PaymentSchema.class {}
PaymentSchema.setClass(Payment);

/**
 * Money going back: a refund, optionally with a credit note (numbered) that cancels that much of
 * the charge. A refund without a credit note pays back credit held (an overpayment).
 */
export const RefundSchema = defineEntity({
  name: 'Refund',
  tableName: 'refund',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    invoice: () => p.manyToOne(Invoice).ref().index(),
    creditNoteNumber: p.string().length(24).nullable().unique(),
    amountMinor: p.bigint('number'),
    currency: p.string().length(3),
    method: p.string().length(16).$type<PaymentMethod>(),
    reference: p.string().length(200).nullable(),
    reason: p.text(),
    refundedOn: p.date(),
    recordedBy: p.uuid(),
    createdAt: p.datetime(),
  },
});
export class Refund extends RefundSchema.class {}
RefundSchema.setClass(Refund);

/** Every provider event received, by its id: a replayed event is recognised and changes nothing. */
export const PaymentEventSchema = defineEntity({
  name: 'PaymentEvent',
  tableName: 'payment_event',
  properties: {
    provider: p.string().length(20).primary(),
    eventId: p.string().length(255).primary(),
    type: p.string().length(100),
    outcome: p.string().length(200),
    receivedAt: p.datetime(),
  },
});
export class PaymentEvent extends PaymentEventSchema.class {}
PaymentEventSchema.setClass(PaymentEvent);

/** Gap-free numbering of invoices, receipts and credit notes: one counter row per series and year. */
export const FeeNumberCounterSchema = defineEntity({
  name: 'FeeNumberCounter',
  tableName: 'fee_number_counter',
  properties: {
    scope: p.string().length(20).primary(),
    last: p.integer(),
  },
});
export class FeeNumberCounter extends FeeNumberCounterSchema.class {}
FeeNumberCounterSchema.setClass(FeeNumberCounter);
