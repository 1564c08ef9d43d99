import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { sendDownload } from '../../http/download.js';
import { defineRoute, permission, roles, type RouteDef } from '../../http/routes.js';
import { idParams } from '../../http/schemas.js';
import { MAX_DOCUMENT_BYTES } from '../documents/index.js';
import { feeService, type FeeService } from './fee.service.js';
import * as s from './fee.schema.js';

/** Staff, and those who pay invoices: social workers, school administrators, CPD providers (their own). */
const STAFF_AND_PAYERS = roles(
  'admin',
  'registrar',
  'reviewer',
  'auditor',
  'social_worker',
  'school_admin',
  'cpd_provider',
);
const PAYERS = roles('social_worker', 'school_admin', 'cpd_provider');

export function feeRoutes(deps: AppDeps, fees: FeeService = feeService(deps)): RouteDef[] {
  const tags = ['Fees and payments'];
  const base = '/api/v1/invoices';
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/fees',
      access: permission('fees.read'),
      tags,
      summary: 'The fee schedule: every fee, past, in force and scheduled',
      description:
        "Staff only. Every fee with its kind, tier or level, amount in minor units and formatted in the reader's language, tax, whether it holds applications until paid, and its dates; filter by kind or by the fees in force on a date.",
      query: s.feeListQuery,
      response: { status: 200, schema: s.feeList },
      handler: ({ auth, query }) => fees.listFees(query, auth!),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/fees',
      access: permission('fees.manage'),
      tags,
      summary: 'Schedule a fee: from its first day it replaces the fee for the same kind and tier',
      description:
        'Amounts are integers in the minor unit of an ISO 4217 currency (VND has none: 500000 is 500.000 ₫; THB has two: 150000 is ฿1,500.00). Submissions on or after effectiveFrom are charged the new fee.',
      body: s.feeCreate,
      response: { status: 201, schema: s.feeOut },
      handler: ({ auth, body }) => fees.createFee(auth!, body),
    }),
    defineRoute({
      method: 'get',
      path: base,
      access: STAFF_AND_PAYERS,
      tags,
      summary:
        'Invoices (unpaid, overdue, proofs to match); a payer (social worker, school, CPD provider) sees their own',
      description:
        "Staff see every invoice (filter by status, overdue, proofs of transfer waiting, payer, or a number or name); a social worker, school administrator or CPD provider sees only the invoices of what they pay for. Amounts are minor units and formatted in the reader's language (Accept-Language, else the account's).",
      query: s.invoiceListQuery,
      response: { status: 200, schema: s.invoiceList },
      handler: ({ auth, query }) => fees.listInvoices(auth!, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/invoices/reconciliation',
      access: permission('fees.read'),
      tags,
      summary: "One day's payments and refunds with totals per method, as JSON or CSV for the accounting system",
      description:
        'Staff only. Confirmed payments received and refunds made on the day, each with the invoice, receipt or credit note number, payer, method and reference, and totals per currency and method; proofs of transfer not yet matched are counted. format=csv answers the same rows as a CSV file (minor units and decimal amounts) for the accounting system.',
      query: s.reconciliationQuery,
      response: { status: 200, schema: s.reconciliationOut, alsoAs: ['text/csv'] },
      handler: async ({ query, res }) => {
        const r = await fees.reconciliation(query);
        if (query.format === 'json') return r;
        sendDownload(res, {
          contentType: 'text/csv; charset=utf-8',
          filename: `reconciliation-${query.date}.csv`,
          body: fees.reconciliationCsv(r),
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/invoices/income',
      access: permission('fees.read'),
      tags,
      summary: 'Income per month of a year: received, refunded, net and invoiced, per currency',
      description:
        'Staff only. Per month and currency: money received (confirmed payments by date received), refunded, net, and invoiced (invoices issued, less credit notes, void ones left out).',
      query: s.incomeQuery,
      response: { status: 200, schema: s.incomeOut },
      handler: ({ query }) => fees.income(query),
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:id`,
      access: STAFF_AND_PAYERS,
      tags,
      summary: 'One invoice with its lines, payments and refunds',
      description:
        "Staff, or the payer's own accounts (403 otherwise): the lines (fees, tax, waivers), payments (with receipt numbers and proofs), refunds and credit notes, the balance (negative: credit held) and whether it can be paid online now.",
      params: idParams,
      response: { status: 200, schema: s.invoiceOut },
      handler: ({ auth, params }) => fees.getInvoice(auth!, params.id),
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:id/pdf`,
      access: STAFF_AND_PAYERS,
      tags,
      summary: "The invoice as PDF, in the reader's language",
      description:
        "The invoice as an A4 PDF in the reader's language (Accept-Language, else the account's): the council, who is billed, lines, totals, what was paid and the balance.",
      params: idParams,
      response: { status: 200, contentType: 'application/pdf' },
      raw: true,
      handler: async ({ auth, params, res }) => {
        const out = await fees.invoicePdf(auth!, params.id);
        sendDownload(res, { contentType: 'application/pdf', filename: out.filename, body: out.body });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:id/payments/:paymentId/receipt`,
      access: STAFF_AND_PAYERS,
      tags,
      summary: "The receipt for a confirmed payment as PDF, in the reader's language",
      description:
        "The official receipt for one confirmed payment, as an A4 PDF in the reader's language; a payment not confirmed yet answers 409.",
      params: s.receiptParams,
      response: { status: 200, contentType: 'application/pdf' },
      raw: true,
      handler: async ({ auth, params, res }) => {
        const out = await fees.receiptPdf(auth!, params.id, params.paymentId);
        sendDownload(res, { contentType: 'application/pdf', filename: out.filename, body: out.body });
      },
    }),
    defineRoute({
      method: 'get',
      path: `${base}/:id/payments/:paymentId/proof`,
      access: roles('admin', 'registrar', 'auditor', 'social_worker', 'school_admin', 'cpd_provider'),
      tags,
      summary: 'The proof of transfer the payer uploaded',
      description:
        'The transfer slip the payer uploaded, as it was sent (PDF, JPEG or PNG), for staff matching it with the bank statement, or for the payer.',
      params: s.receiptParams,
      response: { status: 200, contentType: 'application/octet-stream' },
      raw: true,
      handler: async ({ auth, params, res }) => {
        const doc = await fees.proofDocument(auth!, params.id, params.paymentId);
        sendDownload(res, { contentType: doc.contentType, filename: doc.filename, body: doc.data as Buffer });
      },
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/payments`,
      access: permission('payments.manage'),
      tags,
      summary: 'Record a payment received by bank transfer, cash at the counter or cheque (partial payments allowed)',
      description:
        'Paying more than is due keeps the excess as credit for a refund; paying an invoice with nothing due is refused.',
      params: idParams,
      body: s.paymentCreate,
      response: { status: 201, schema: s.invoiceOut },
      handler: ({ auth, params, body }) => fees.recordPayment(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/proof`,
      access: PAYERS,
      tags,
      summary: 'Upload proof of a bank transfer (PDF, JPEG or PNG as the body); staff match it with the bank statement',
      description:
        "The payer's proof of a bank transfer, as the body; amount (minor units), date and the bank's reference in the query. Held as a pending payment (one at a time) until staff confirm or reject it; the file is checked by its content. A paid or void invoice answers 409.",
      params: idParams,
      query: s.proofQuery,
      upload: { maxBytes: MAX_DOCUMENT_BYTES, mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'] },
      response: { status: 201, schema: s.invoiceOut },
      handler: ({ auth, params, query, body }) => fees.submitProof(auth!, params.id, query, body as Buffer),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/payments/:paymentId/decision`,
      access: permission('payments.manage'),
      tags,
      summary: 'Confirm (issues the receipt) or reject a proof of transfer',
      description:
        'Payments staff, with the invoice version read. Confirming adds the payment to the invoice and issues a receipt numbered gap-free per year; rejecting needs a note for the payer. Audited.',
      params: s.receiptParams,
      body: s.proofDecision,
      response: { status: 200, schema: s.invoiceOut },
      handler: ({ auth, params, body }) => fees.decideProof(auth!, params.id, params.paymentId, body),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/waivers`,
      access: permission('payments.manage'),
      tags,
      summary: 'Waive or discount what is due, with a reason (audited)',
      description:
        'Payments staff, with the invoice version read and a reason. Adds a negative line of up to what is still due (all of it when no amount is given); an application held until payment is released once nothing is due. Audited.',
      params: idParams,
      body: s.waiverCreate,
      response: { status: 201, schema: s.invoiceOut },
      handler: ({ auth, params, body }) => fees.waive(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/refunds`,
      access: permission('payments.manage'),
      tags,
      summary: 'Pay money back: part of the charge (with a credit note) or credit held from an overpayment',
      description:
        'Payments staff, with the invoice version read and a reason. With creditNote=true a numbered credit note cancels that much of the charge and the money is paid back; with false, credit held from an overpayment is paid back. At most what was paid and is not owed. Audited.',
      params: idParams,
      body: s.refundCreate,
      response: { status: 201, schema: s.invoiceOut },
      handler: ({ auth, params, body }) => fees.refund(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/void`,
      access: permission('payments.manage'),
      tags,
      summary: 'Void an invoice nothing was paid on, with a reason',
      description:
        'Payments staff, with the invoice version read and a reason. Only while nothing is paid on it and no proof of transfer is waiting (refund with a credit note otherwise); a void invoice cannot be paid and no longer holds its application.',
      params: idParams,
      body: s.voidBody,
      response: { status: 200, schema: s.invoiceOut },
      handler: ({ auth, params, body }) => fees.voidInvoice(auth!, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: `${base}/:id/checkout`,
      access: STAFF_AND_PAYERS,
      tags,
      summary:
        "Pay online: a hosted checkout page for what is due (the provider's page; no card data reaches the registry)",
      description:
        "Creates a hosted checkout (Stripe Checkout) for what is still due, in the payer's language, and returns its address; the payment is recorded when the provider's signed webhook reports it. 409 when online payment is not set up or nothing is due; 503 when the provider does not answer.",
      params: idParams,
      response: { status: 201, schema: s.checkoutOut },
      handler: ({ auth, params }) => fees.checkout(auth!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/payments/stripe/webhook',
      access: 'public',
      tags,
      summary: 'Stripe webhook: signed Checkout events (checkout.session.completed, async_payment_succeeded)',
      description:
        'Verified with the endpoint signing secret (Stripe-Signature); a replayed or repeated event records nothing twice. 400 when the signature does not verify.',
      upload: { maxBytes: 512 * 1024, mediaTypes: ['application/json'] },
      response: {
        status: 200,
        schema: z.object({
          received: z.boolean().describe('Whether the event was accepted'),
          outcome: z.string().describe('What the registry did with it'),
        }),
      },
      handler: ({ req, body }) => fees.receiveEvent(body as Buffer, req.headers),
    }),
  ];
}
