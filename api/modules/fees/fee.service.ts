/**
 * Fees and payments: the fee schedule, invoices and what happens to them (payments recorded by
 * staff, proof of transfer matched, online payments reported by the provider, waivers, refunds
 * with credit notes, voiding), the invoice and receipt PDFs, the daily reconciliation and income.
 *
 * Every change to an invoice happens under its row lock (SELECT … FOR UPDATE) and, for staff, the
 * version they read: two clerks recording the same payment, or a payment racing a refund, cannot
 * both go through.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import PDFDocument from 'pdfkit';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from '../../shared/errors.js';
import { toCsv } from '../../shared/csv.js';
import { isoDay } from '../../shared/dates.js';
import { requestedLanguage } from '../../http/request-context.js';
import { LANGUAGES, t as message } from '../../shared/i18n.js';
import { Account, isStaff } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { Council } from '../council/index.js';
import { shapedCanvas } from '../../shared/pdf-canvas.js';
import { getDocumentContent, storeDocument } from '../documents/index.js';
import {
  drawInvoice,
  INVOICE_PAGE,
  type InvoiceLang,
  type InvoicePdfData,
} from '../../../templates/invoices/invoice.js';
import { Fee, Invoice, InvoiceLine, Payment, Refund } from './fee.entity.js';
import { KIND_NAMES, nextNumber } from './fee.charges.js';
import { stripeProvider, type PaymentProvider } from './fee.provider.js';
import {
  balance,
  feeIntlLocale,
  feeLangOf as langOf,
  formatLongDate,
  formatMoney,
  invoiceStatus,
  isCurrency,
  netPaid,
  owed,
  type PayerType,
  type PaymentMethod,
} from './fee.rules.js';
import type * as s from './fee.schema.js';

export function feeService(deps: AppDeps, provider: PaymentProvider | null = defaultProvider(deps)) {
  const em = () => deps.orm.em;
  const today = () => isoDay(deps.clock.now());

  /** The reader's language: what the request asks for (Accept-Language), else the account's, else the council's. */
  async function langFor(e: EntityManager, auth: AuthContext | null): Promise<InvoiceLang> {
    const asked = requestedLanguage([...LANGUAGES]);
    if (asked) return langOf(asked);
    if (auth) {
      const a = await e.findOne(Account, { id: auth.accountId }, { fields: ['locale'] });
      if (a?.locale) return langOf(a.locale);
    }
    return langOf((await e.findOne(Council, { id: 1 }))?.defaultLocale);
  }

  const money = (amountMinor: number, currency: string, lang: InvoiceLang) =>
    formatMoney(amountMinor, currency, feeIntlLocale(lang));
  const text = (t: Record<string, string>, lang: InvoiceLang) => t[lang] ?? t.en ?? Object.values(t)[0] ?? '';

  function feeView(f: Fee, lang: InvoiceLang) {
    const now = today();
    return {
      id: f.id,
      kind: f.kind,
      scope: f.scope,
      name: f.name,
      amountMinor: f.amountMinor,
      currency: f.currency,
      formatted: money(f.amountMinor, f.currency, lang),
      taxRateBp: f.taxRateBp,
      payBefore: f.payBefore ?? null,
      effectiveFrom: f.effectiveFrom,
      effectiveUntil: f.effectiveUntil ?? null,
      inForce: f.effectiveFrom <= now && (!f.effectiveUntil || f.effectiveUntil > now),
    };
  }

  function summary(inv: Invoice, lang: InvoiceLang) {
    const due = balance(inv);
    return {
      id: inv.id,
      number: inv.number,
      payerType: inv.payerType,
      payerId: inv.payerId,
      billedTo: inv.billedTo,
      subjectType: inv.subjectType,
      subjectId: inv.subjectId,
      description: inv.description,
      currency: inv.currency,
      status: inv.status,
      totalMinor: inv.totalMinor,
      balanceMinor: due,
      total: money(inv.totalMinor, inv.currency, lang),
      balance: money(due, inv.currency, lang),
      payBefore: inv.payBefore ?? null,
      issuedOn: inv.issuedOn,
      dueOn: inv.dueOn,
      overdue: inv.status !== 'void' && due > 0 && inv.dueOn < today(),
      version: inv.version,
    };
  }

  async function view(e: EntityManager, inv: Invoice, lang: InvoiceLang) {
    const [lines, payments, refunds] = await Promise.all([
      e.find(InvoiceLine, { invoice: inv.id }, { orderBy: { position: 'asc' } }),
      e.find(Payment, { invoice: inv.id }, { orderBy: { createdAt: 'asc' } }),
      e.find(Refund, { invoice: inv.id }, { orderBy: { createdAt: 'asc' } }),
    ]);
    return {
      ...summary(inv, lang),
      creditedMinor: inv.creditedMinor,
      paidMinor: inv.paidMinor,
      refundedMinor: inv.refundedMinor,
      voidReason: inv.voidReason ?? null,
      lines: lines.map((l) => ({
        id: l.id,
        kind: l.kind,
        description: text(l.description, lang),
        amountMinor: l.amountMinor,
        formatted: money(l.amountMinor, inv.currency, lang),
        reason: l.reason ?? null,
      })),
      payments: payments.map((p) => ({
        id: p.id,
        method: p.method,
        status: p.status,
        amountMinor: p.amountMinor,
        formatted: money(p.amountMinor, p.currency, lang),
        reference: p.reference ?? null,
        receivedOn: p.receivedOn,
        receiptNumber: p.receiptNumber ?? null,
        proofDocumentId: p.proofDocumentId ?? null,
        note: p.note ?? null,
      })),
      refunds: refunds.map((r) => ({
        id: r.id,
        creditNoteNumber: r.creditNoteNumber ?? null,
        amountMinor: r.amountMinor,
        formatted: money(r.amountMinor, r.currency, lang),
        method: r.method,
        reference: r.reference ?? null,
        reason: r.reason,
        refundedOn: r.refundedOn,
      })),
      onlinePayment: !!provider && inv.status !== 'void' && balance(inv) > 0,
    };
  }

  /**
   * Whom the caller pays for: their own registrant record, the schools they administer, the CPD
   * providers they act for. (Read from those modules' tables: they depend on fees, not fees on them.)
   */
  async function payersOf(e: EntityManager, auth: AuthContext): Promise<{ type: PayerType; id: string }[]> {
    return e.execute<{ type: PayerType; id: string }[]>(
      `select 'registrant' as type, id from registrant where account_id = ?
       union all select 'institution', institution_id from institution_admin where account_id = ?
       union all select 'cpd_provider', provider_id from cpd_provider_account where account_id = ?`,
      [auth.accountId, auth.accountId, auth.accountId],
    );
  }

  /** The invoice, if the caller may see it (staff: any; a social worker: their own). */
  async function load(e: EntityManager, auth: AuthContext, id: string, lock = false): Promise<Invoice> {
    const inv = await e.findOne(Invoice, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!inv) throw new NotFoundError('The invoice');
    if (
      !isStaff(auth.roles) &&
      !(await payersOf(e, auth)).some((p) => p.type === inv.payerType && p.id === inv.payerId)
    )
      throw new ForbiddenError('This invoice is not yours');
    return inv;
  }

  /** Runs a staff change on an invoice under its lock and the version the caller read; audited. */
  async function change<T>(
    auth: AuthContext,
    id: string,
    version: number,
    action: string,
    apply: (inv: Invoice, tx: EntityManager) => Promise<T>,
  ) {
    return em().transactional(async (tx) => {
      const inv = await load(tx, auth, id, true);
      if (inv.version !== version) throw new VersionConflictError(`Invoice ${inv.number}`);
      const before = { status: inv.status, balanceMinor: balance(inv) };
      const detail = await apply(inv, tx);
      inv.status = invoiceStatus(inv, inv.status === 'void');
      await tx.flush();
      await recordAudit(tx, {
        action,
        entityType: 'invoice',
        entityId: inv.id,
        before,
        after: { status: inv.status, balanceMinor: balance(inv), ...(detail as object) },
      });
      return view(tx, inv, await langFor(tx, auth));
    });
  }

  /** Confirms a payment against a (locked) invoice: receipt number, the invoice's paid total and status. */
  async function confirmPayment(tx: EntityManager, inv: Invoice, p: Payment, by: string | null) {
    const now = deps.clock.now();
    p.status = 'confirmed';
    p.receiptNumber = await nextNumber(tx, 'RCT', now);
    p.confirmedAt = now;
    p.confirmedBy = by;
    inv.paidMinor += p.amountMinor;
    inv.status = invoiceStatus(inv, inv.status === 'void');
  }

  function assertPayable(inv: Invoice, currency: string) {
    if (inv.status === 'void') throw new ConflictError(`Invoice ${inv.number} is void and cannot be paid`, 'invoice');
    if (currency !== inv.currency)
      throw new ValidationError('currency', `invoice ${inv.number} is in ${inv.currency}, not ${currency}`);
    if (balance(inv) <= 0)
      throw new ConflictError(`Invoice ${inv.number} is already paid; nothing more is due`, 'amountMinor');
  }

  async function pdf(data: InvoicePdfData, title: string, author: string): Promise<Buffer> {
    const doc = new PDFDocument({
      size: INVOICE_PAGE,
      margin: 0,
      info: { Title: title, Author: author, CreationDate: deps.clock.now() },
      lang: data.lang,
    });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    drawInvoice(shapedCanvas(doc), data);
    doc.end();
    return done;
  }

  async function pdfData(e: EntityManager, inv: Invoice, lang: InvoiceLang, payment: Payment | null) {
    const council = await e.findOneOrFail(Council, { id: 1 });
    const v = await view(e, inv, lang);
    const date = (iso: string) => formatLongDate(iso, lang);
    const m = (n: number) => money(n, inv.currency, lang);
    const totals: InvoicePdfData['totals'] = [{ label: 'total', amount: m(inv.totalMinor), strong: true }];
    if (inv.creditedMinor) totals.push({ label: 'credited', amount: m(-inv.creditedMinor) });
    if (inv.paidMinor) totals.push({ label: 'paid', amount: m(-inv.paidMinor) });
    if (inv.refundedMinor) totals.push({ label: 'refunded', amount: m(inv.refundedMinor) });
    totals.push({ label: 'balance', amount: m(balance(inv)), strong: true });
    const data: InvoicePdfData = {
      kind: payment ? 'receipt' : 'invoice',
      lang,
      council: { name: council.name, nameNative: council.nameNative ?? null, country: council.country },
      number: payment ? payment.receiptNumber! : inv.number,
      invoiceNumber: inv.number,
      issuedOn: date(inv.issuedOn),
      dueOn: date(inv.dueOn),
      billedTo: inv.billedTo,
      email: inv.email ?? null,
      description: inv.description,
      status: message(lang, `pdf.invoice.statuses.${inv.status}`),
      lines: v.lines.map((l) => ({ description: l.description, amount: l.formatted, note: l.reason })),
      totals,
      receipt: payment
        ? {
            receivedOn: date(payment.receivedOn),
            method: message(lang, `pdf.invoice.methods.${payment.method}`),
            reference: payment.reference ?? null,
            amount: m(payment.amountMinor),
          }
        : null,
      printedOn: date(today()),
    };
    return { data, council };
  }

  return {
    provider,

    async listFees(q: z.infer<typeof s.feeListQuery>, auth: AuthContext) {
      const where: Record<string, unknown> = {};
      if (q.kind) where.kind = q.kind;
      if (q.on)
        Object.assign(where, {
          effectiveFrom: { $lte: q.on },
          $or: [{ effectiveUntil: null }, { effectiveUntil: { $gt: q.on } }],
        });
      const [items, total] = await em().findAndCount(Fee, where, {
        orderBy: { kind: 'asc', scope: 'asc', effectiveFrom: 'desc' },
      });
      const lang = await langFor(em(), auth);
      return { items: items.map((f) => feeView(f, lang)), total };
    },

    /**
     * Schedules a fee: from its first day it replaces the fee for the same kind and scope (which then
     * ends the day before). Fees already in force or past are never changed; a fee is not set in the past.
     */
    async createFee(auth: AuthContext, input: z.infer<typeof s.feeCreate>) {
      if (input.effectiveFrom < today())
        throw new ValidationError('effectiveFrom', `is in the past; a new fee can start today (${today()}) or later`);
      return em().transactional(async (tx) => {
        // One schedule at a time: two managers scheduling fees at once queue here.
        await tx.execute(`select pg_catalog.set_config('lock_timeout', '5s', true)`);
        await tx.execute(`lock table fee in share row exclusive mode`);
        const other = await tx.findOne(Fee, { currency: { $ne: input.currency } }, { fields: ['currency'] });
        if (other)
          throw new ValidationError(
            'currency',
            `the council's fees are in ${other.currency}; every fee must use the same currency`,
          );
        const later = await tx.findOne(Fee, {
          kind: input.kind,
          scope: input.scope,
          effectiveFrom: { $gte: input.effectiveFrom },
        });
        if (later)
          throw new ConflictError(
            `A ${input.kind} fee${input.scope ? ` for ${input.scope}` : ''} already starts on ${later.effectiveFrom}; schedule after it`,
            'effectiveFrom',
          );
        const current = await tx.findOne(Fee, { kind: input.kind, scope: input.scope, effectiveUntil: null });
        if (current) current.effectiveUntil = input.effectiveFrom;
        const fee = tx.create(Fee, {
          kind: input.kind,
          scope: input.scope,
          name: input.name ?? KIND_NAMES[input.kind],
          amountMinor: input.amountMinor,
          currency: input.currency,
          taxRateBp: input.taxRateBp,
          payBefore: input.payBefore,
          effectiveFrom: input.effectiveFrom,
          effectiveUntil: null,
          createdBy: auth.accountId,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'fee.scheduled',
          entityType: 'fee',
          entityId: fee.id,
          before: current ? { replaces: current.id, amountMinor: current.amountMinor } : undefined,
          after: {
            kind: fee.kind,
            scope: fee.scope,
            amountMinor: fee.amountMinor,
            currency: fee.currency,
            taxRateBp: fee.taxRateBp,
            effectiveFrom: fee.effectiveFrom,
          },
        });
        return feeView(fee, await langFor(tx, auth));
      });
    },

    async listInvoices(auth: AuthContext, q: z.infer<typeof s.invoiceListQuery>) {
      const and: Record<string, unknown>[] = [];
      if (!isStaff(auth.roles)) {
        const payers = await payersOf(em(), auth);
        and.push({ $or: payers.length ? payers.map((p) => ({ payerType: p.type, payerId: p.id })) : [{ id: null }] });
      } else {
        if (q.payerType) and.push({ payerType: q.payerType });
        if (q.payerId) and.push({ payerId: q.payerId });
      }
      if (q.status) and.push({ status: q.status });
      if (q.overdue === true) and.push({ status: { $in: ['open', 'part_paid'] }, dueOn: { $lt: today() } });
      if (q.overdue === false)
        and.push({ $or: [{ status: { $nin: ['open', 'part_paid'] } }, { dueOn: { $gte: today() } }] });
      if (q.pendingProof)
        and.push({
          id: {
            $in: (
              await em().execute<{ invoice_id: string }[]>(
                `select distinct invoice_id from payment where status = 'pending'`,
              )
            ).map((r) => r.invoice_id),
          },
        });
      if (q.q) and.push({ $or: [{ number: { $ilike: `%${q.q}%` } }, { billedTo: { $ilike: `%${q.q}%` } }] });
      const where = and.length ? { $and: and } : {};
      const [items, total] = await em().findAndCount(Invoice, where, {
        orderBy: { [q.sort ?? 'issuedOn']: q.sort ? q.order : 'desc', number: 'desc' },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      const lang = await langFor(em(), auth);
      return { items: items.map((i) => summary(i, lang)), total };
    },

    async getInvoice(auth: AuthContext, id: string) {
      const inv = await load(em(), auth, id);
      return view(em(), inv, await langFor(em(), auth));
    },

    recordPayment: (auth: AuthContext, id: string, input: z.infer<typeof s.paymentCreate>) =>
      change(auth, id, input.version, 'invoice.payment-recorded', async (inv, tx) => {
        assertPayable(inv, input.currency);
        if (input.receivedOn > today()) throw new ValidationError('receivedOn', 'is in the future');
        const p = tx.create(Payment, {
          invoice: inv,
          method: input.method,
          status: 'pending',
          amountMinor: input.amountMinor,
          currency: input.currency,
          reference: input.reference ?? null,
          receivedOn: input.receivedOn,
          note: input.note ?? null,
          recordedBy: auth.accountId,
          createdAt: deps.clock.now(),
        });
        await confirmPayment(tx, inv, p, auth.accountId);
        return { paymentId: p.id, method: p.method, amountMinor: p.amountMinor, receiptNumber: p.receiptNumber };
      }),

    /** The payer's proof of a bank transfer: held as a pending payment until staff match it with the bank statement. */
    async submitProof(auth: AuthContext, id: string, q: z.infer<typeof s.proofQuery>, bytes: Buffer) {
      if (q.receivedOn > today()) throw new ValidationError('receivedOn', 'is in the future');
      return em().transactional(async (tx) => {
        const inv = await load(tx, auth, id, true);
        assertPayable(inv, inv.currency);
        if (await tx.count(Payment, { invoice: inv.id, status: 'pending' }))
          throw new ConflictError('A proof of transfer for this invoice is already waiting to be checked', 'file');
        const doc = storeDocument(tx, {
          ownerType: 'invoice',
          ownerId: inv.id,
          purpose: 'proof-of-payment',
          filename: q.filename,
          bytes,
          allowed: ['pdf', 'jpeg', 'png'],
          uploadedBy: auth.accountId,
          now: deps.clock.now(),
        });
        const p = tx.create(Payment, {
          invoice: inv,
          method: 'bank_transfer',
          status: 'pending',
          amountMinor: q.amountMinor,
          currency: inv.currency,
          reference: q.reference,
          receivedOn: q.receivedOn,
          proofDocumentId: doc.id,
          recordedBy: auth.accountId,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'invoice.proof-submitted',
          entityType: 'invoice',
          entityId: inv.id,
          after: { paymentId: p.id, amountMinor: p.amountMinor, documentId: doc.id, sha256: doc.sha256 },
        });
        return view(tx, inv, await langFor(tx, auth));
      });
    },

    decideProof: (auth: AuthContext, id: string, paymentId: string, input: z.infer<typeof s.proofDecision>) =>
      change(auth, id, input.version, `invoice.proof-${input.decision}ed`, async (inv, tx) => {
        const p = await tx.findOne(Payment, { id: paymentId, invoice: inv.id });
        if (!p) throw new NotFoundError('The payment');
        if (p.status !== 'pending') throw new ConflictError(`This payment is already ${p.status}`);
        if (input.decision === 'reject') {
          p.status = 'rejected';
          p.note = input.note ?? null;
          p.confirmedBy = auth.accountId;
          p.confirmedAt = deps.clock.now();
        } else {
          if (inv.status === 'void')
            throw new ConflictError(`Invoice ${inv.number} is void and cannot be paid`, 'invoice');
          if (input.note) p.note = input.note;
          await confirmPayment(tx, inv, p, auth.accountId);
        }
        return { paymentId: p.id, decision: input.decision, receiptNumber: p.receiptNumber ?? null };
      }),

    waive: (auth: AuthContext, id: string, input: z.infer<typeof s.waiverCreate>) =>
      change(auth, id, input.version, `invoice.${input.kind}`, async (inv, tx) => {
        if (inv.status === 'void') throw new ConflictError(`Invoice ${inv.number} is void`, 'invoice');
        const due = balance(inv);
        if (due <= 0)
          throw new ConflictError(
            `Invoice ${inv.number} has nothing due to ${input.kind === 'waiver' ? 'waive' : 'discount'}`,
          );
        const amount = input.amountMinor ?? due;
        if (amount > due)
          throw new ValidationError('amountMinor', `is more than is due (${formatMoney(due, inv.currency, 'en')})`);
        const position = (await tx.count(InvoiceLine, { invoice: inv.id })) + 1;
        tx.create(InvoiceLine, {
          invoice: inv,
          position,
          kind: input.kind,
          feeId: null,
          description:
            input.kind === 'waiver' ? { en: 'Fee waived', vi: 'Miễn phí' } : { en: 'Discount', vi: 'Giảm phí' },
          amountMinor: -amount,
          reason: input.reason,
          createdBy: auth.accountId,
          createdAt: deps.clock.now(),
        });
        inv.totalMinor -= amount;
        return { amountMinor: amount, reason: input.reason };
      }),

    refund: (auth: AuthContext, id: string, input: z.infer<typeof s.refundCreate>) =>
      change(auth, id, input.version, 'invoice.refunded', async (inv, tx) => {
        if (input.refundedOn > today()) throw new ValidationError('refundedOn', 'is in the future');
        if (input.method !== 'cash' && !input.reference)
          throw new ValidationError('reference', `a ${input.method} refund needs its reference`);
        const credited = input.creditNote ? input.amountMinor : 0;
        if (credited > owed(inv))
          throw new ValidationError('amountMinor', `a credit note cannot cancel more than is charged (${owed(inv)})`);
        const creditHeld = netPaid(inv) - (owed(inv) - credited);
        if (input.amountMinor > creditHeld)
          throw new ValidationError(
            'amountMinor',
            creditHeld <= 0
              ? 'nothing was paid that can be refunded'
              : `at most ${formatMoney(creditHeld, inv.currency, 'en')} can be paid back${input.creditNote ? '' : ' (use a credit note to refund part of the charge)'}`,
          );
        inv.creditedMinor += credited;
        inv.refundedMinor += input.amountMinor;
        const r = tx.create(Refund, {
          invoice: inv,
          creditNoteNumber: input.creditNote ? await nextNumber(tx, 'CN', deps.clock.now()) : null,
          amountMinor: input.amountMinor,
          currency: inv.currency,
          method: input.method,
          reference: input.reference ?? null,
          reason: input.reason,
          refundedOn: input.refundedOn,
          recordedBy: auth.accountId,
          createdAt: deps.clock.now(),
        });
        return { refundId: r.id, amountMinor: r.amountMinor, creditNoteNumber: r.creditNoteNumber, reason: r.reason };
      }),

    voidInvoice: (auth: AuthContext, id: string, input: z.infer<typeof s.voidBody>) =>
      change(auth, id, input.version, 'invoice.voided', async (inv, tx) => {
        if (inv.status === 'void') throw new ConflictError(`Invoice ${inv.number} is already void`);
        if (netPaid(inv) > 0)
          throw new ConflictError(`Invoice ${inv.number} has payments; refund them (with a credit note) instead`);
        if (await tx.count(Payment, { invoice: inv.id, status: 'pending' }))
          throw new ConflictError('A proof of transfer is waiting: confirm or reject it first');
        inv.status = 'void';
        inv.voidReason = input.reason;
        return { reason: input.reason };
      }),

    /** A hosted checkout for what is still due; the provider reports the payment to the webhook. */
    async checkout(auth: AuthContext, id: string) {
      if (!provider)
        throw new ConflictError('Online payment is not set up for this registry; pay by transfer or at the office');
      const inv = await load(em(), auth, id);
      assertPayable(inv, inv.currency);
      const lang = await langFor(em(), auth);
      const back = `${deps.config.publicUrl}/#/my-fees`;
      return provider.createCheckout({
        invoiceId: inv.id,
        invoiceNumber: inv.number,
        description: inv.description,
        amountMinor: balance(inv),
        currency: inv.currency,
        email: inv.email ?? null,
        locale: lang,
        successUrl: `${back}?paid=${encodeURIComponent(inv.number)}`,
        cancelUrl: back,
      });
    },

    /**
     * A provider event. Each event id is recorded once (a replay changes nothing), and a session is
     * paid once however many events report it (completed, then async succeeded, in any order). Money
     * received for a void or settled invoice is kept as credit for a refund, never refused.
     */
    async receiveEvent(rawBody: Buffer, headers: Record<string, string | string[] | undefined>) {
      if (!provider) throw new ConflictError('Online payment is not set up for this registry');
      const event = await provider.readEvent(rawBody, headers);
      return em().transactional(async (tx) => {
        const fresh = await tx.execute<{ event_id: string }[]>(
          `insert into payment_event (provider, event_id, type, outcome, received_at) values (?, ?, ?, '', ?)
           on conflict do nothing returning event_id`,
          [provider.name, event.id, event.type, deps.clock.now()],
        );
        if (!fresh.length) return { received: true, outcome: 'duplicate event: already handled' };
        const outcome = await (async () => {
          const paid = event.paid;
          if (!paid) return 'nothing to record';
          if (await tx.findOne(Payment, { providerRef: paid.sessionId }, { fields: ['id'] }))
            return 'payment already recorded';
          const inv = paid.invoiceId
            ? await tx.findOne(Invoice, { id: paid.invoiceId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
            : null;
          if (!inv) {
            deps.log.error(
              { event: event.id, session: paid.sessionId },
              'a paid checkout names no invoice of this registry',
            );
            return 'no such invoice: refund it from the provider dashboard';
          }
          if (paid.currency !== inv.currency) {
            deps.log.error({ event: event.id, invoice: inv.number }, 'a paid checkout is in another currency');
            return `currency ${paid.currency} is not the invoice's ${inv.currency}: refund it from the provider dashboard`;
          }
          const settled = inv.status === 'void' || balance(inv) <= 0;
          const p = tx.create(Payment, {
            invoice: inv,
            method: 'online',
            status: 'pending',
            amountMinor: paid.amountMinor,
            currency: paid.currency,
            reference: paid.reference,
            providerRef: paid.sessionId,
            receivedOn: isoDay(paid.receivedAt),
            note: settled ? 'Received after the invoice was settled or voided: held as credit to refund' : null,
            createdAt: deps.clock.now(),
          });
          await confirmPayment(tx, inv, p, null);
          await tx.flush();
          await recordAudit(tx, {
            action: 'invoice.paid-online',
            entityType: 'invoice',
            entityId: inv.id,
            after: {
              paymentId: p.id,
              amountMinor: p.amountMinor,
              receiptNumber: p.receiptNumber,
              session: paid.sessionId,
              status: inv.status,
              balanceMinor: balance(inv),
            },
          });
          if (settled) deps.log.warn({ invoice: inv.number }, 'online payment for a settled invoice: held as credit');
          return settled ? `recorded as credit on ${inv.number}` : `paid ${inv.number}`;
        })();
        await tx.execute(`update payment_event set outcome = ? where provider = ? and event_id = ?`, [
          outcome,
          provider.name,
          event.id,
        ]);
        return { received: true, outcome };
      });
    },

    async invoicePdf(auth: AuthContext, id: string) {
      const inv = await load(em(), auth, id);
      const lang = await langFor(em(), auth);
      const { data, council } = await pdfData(em(), inv, lang, null);
      return { filename: `${inv.number}.pdf`, body: await pdf(data, `${data.number}`, council.name) };
    },

    async receiptPdf(auth: AuthContext, id: string, paymentId: string) {
      const inv = await load(em(), auth, id);
      const p = await em().findOne(Payment, { id: paymentId, invoice: inv.id });
      if (!p) throw new NotFoundError('The payment');
      if (p.status !== 'confirmed' || !p.receiptNumber)
        throw new ConflictError('A receipt is issued once the payment is confirmed');
      const lang = await langFor(em(), auth);
      const { data, council } = await pdfData(em(), inv, lang, p);
      return { filename: `${p.receiptNumber}.pdf`, body: await pdf(data, p.receiptNumber, council.name) };
    },

    async proofDocument(auth: AuthContext, id: string, paymentId: string) {
      const inv = await load(em(), auth, id);
      const p = await em().findOne(Payment, { id: paymentId, invoice: inv.id });
      if (!p?.proofDocumentId) throw new NotFoundError('The proof of transfer');
      return getDocumentContent(em(), 'invoice', inv.id, p.proofDocumentId);
    },

    /** One day's money in and out, for matching with the bank statement and the accounting system. */
    async reconciliation(q: z.infer<typeof s.reconciliationQuery>) {
      const rows = await em().execute<
        {
          type: 'payment' | 'refund';
          date: string;
          invoice_number: string;
          document_number: string | null;
          billed_to: string;
          method: PaymentMethod;
          reference: string | null;
          amount_minor: string;
          currency: string;
        }[]
      >(
        `select 'payment' as type, to_char(p.received_on, 'YYYY-MM-DD') as date, i.number as invoice_number,
                p.receipt_number as document_number, i.billed_to, p.method, p.reference, p.amount_minor, p.currency
           from payment p join invoice i on i.id = p.invoice_id
          where p.status = 'confirmed' and p.received_on = ?
         union all
         select 'refund', to_char(r.refunded_on, 'YYYY-MM-DD'), i.number, r.credit_note_number, i.billed_to, r.method,
                r.reference, -r.amount_minor, r.currency
           from refund r join invoice i on i.id = r.invoice_id
          where r.refunded_on = ?
         order by 3, 1`,
        [q.date, q.date],
      );
      const out = rows.map((r) => ({
        type: r.type,
        date: r.date,
        invoiceNumber: r.invoice_number,
        documentNumber: r.document_number,
        billedTo: r.billed_to,
        method: r.method,
        reference: r.reference,
        amountMinor: Number(r.amount_minor),
        currency: r.currency,
      }));
      const totals = new Map<
        string,
        { currency: string; method: PaymentMethod; receivedMinor: number; refundedMinor: number }
      >();
      for (const r of out) {
        const key = `${r.currency}:${r.method}`;
        const t = totals.get(key) ?? { currency: r.currency, method: r.method, receivedMinor: 0, refundedMinor: 0 };
        if (r.amountMinor >= 0) t.receivedMinor += r.amountMinor;
        else t.refundedMinor -= r.amountMinor;
        totals.set(key, t);
      }
      const [pending] = await em().execute<{ n: string }[]>(
        `select count(*) as n from payment where status = 'pending'`,
      );
      return {
        date: q.date,
        rows: out,
        totals: [...totals.values()].map((t) => ({ ...t, netMinor: t.receivedMinor - t.refundedMinor })),
        pendingProofs: Number(pending?.n ?? 0),
      };
    },

    reconciliationCsv(r: { rows: Array<Record<string, unknown>> }) {
      return toCsv(
        [
          'type',
          'date',
          'invoice_number',
          'document_number',
          'billed_to',
          'method',
          'reference',
          'amount_minor',
          'amount',
          'currency',
        ],
        r.rows.map((row) => {
          const currency = String(row.currency);
          const amount = Number(row.amountMinor);
          return [
            row.type,
            row.date,
            row.invoiceNumber,
            row.documentNumber ?? '',
            row.billedTo,
            row.method,
            row.reference ?? '',
            amount,
            isCurrency(currency)
              ? formatMoney(amount, currency, 'en-GB')
                  .replace(/[^\d.,-]/g, '')
                  .replace(/,/g, '')
              : '',
            currency,
          ];
        }),
      );
    },

    /** Money received, refunded and invoiced per month of a year (the council's income). */
    async income(q: z.infer<typeof s.incomeQuery>) {
      const rows = await em().execute<
        { month: string; currency: string; received: string; refunded: string; invoiced: string }[]
      >(
        `with months as (
           select to_char(received_on, 'YYYY-MM') as month, currency, sum(amount_minor) as received, 0::numeric as refunded, 0::numeric as invoiced
             from payment where status = 'confirmed' and extract(year from received_on) = ? group by 1, 2
           union all
           select to_char(refunded_on, 'YYYY-MM'), currency, 0, sum(amount_minor), 0
             from refund where extract(year from refunded_on) = ? group by 1, 2
           union all
           select to_char(issued_on, 'YYYY-MM'), currency, 0, 0, sum(total_minor - credited_minor)
             from invoice where status <> 'void' and extract(year from issued_on) = ? group by 1, 2)
         select month, currency, sum(received) as received, sum(refunded) as refunded, sum(invoiced) as invoiced
           from months group by 1, 2 order by 1, 2`,
        [q.year, q.year, q.year],
      );
      return {
        year: q.year,
        months: rows.map((r) => ({
          month: r.month,
          currency: r.currency,
          receivedMinor: Number(r.received),
          refundedMinor: Number(r.refunded),
          netMinor: Number(r.received) - Number(r.refunded),
          invoicedMinor: Number(r.invoiced),
        })),
      };
    },
  };
}

function defaultProvider(deps: AppDeps): PaymentProvider | null {
  const c = deps.config.stripe;
  return c ? stripeProvider({ secretKey: c.secretKey, webhookSecret: c.webhookSecret, apiUrl: c.apiUrl }) : null;
}

export type FeeService = ReturnType<typeof feeService>;
