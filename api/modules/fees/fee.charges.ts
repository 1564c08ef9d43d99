/**
 * What other modules ask of fees, inside their own transactions: which fees are in force, charge a
 * submission (an invoice, numbered gap-free), and whether an unpaid invoice holds a step.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConflictError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { queueEmail } from '../notifications/index.js';
import type { LocalisedText } from '../council/index.js';
import { Fee, Invoice, InvoiceLine } from './fee.entity.js';
import { addDays } from '../../shared/dates.js';
import { LANGUAGES, t as message } from '../../shared/i18n.js';
import {
  balance,
  FEE_KINDS,
  blocksAt,
  feeIntlLocale,
  feeLangOf,
  formatLongDate,
  documentNumber,
  formatMoney,
  taxOn,
  type FeeKind,
  type PayBefore,
  type PayerType,
} from './fee.rules.js';

/** Days an invoice may stay unpaid before it is overdue. */
export const PAYMENT_TERM_DAYS = 30;

/** A message in every language with a catalogue, as a fee's stored name holds it. */
const inEveryLanguage = (key: string): LocalisedText => Object.fromEntries(LANGUAGES.map((l) => [l, message(l, key)]));

/** Default fee names, in every language (the council may rename a fee). */
export const KIND_NAMES = Object.fromEntries(
  FEE_KINDS.map((k) => [k, inEveryLanguage(`pdf.invoice.kinds.${k}`)]),
) as Record<FeeKind, LocalisedText>;
export const TAX_NAME: LocalisedText = inEveryLanguage('pdf.invoice.tax');

/**
 * The fee in force on `on` for a kind: the one for this scope (tier or programme level) if the
 * council set one, otherwise the one for every scope; null when the council charges nothing.
 */
export async function feeInForce(em: EntityManager, kind: FeeKind, scope: string, on: string): Promise<Fee | null> {
  const fees = await em.find(
    Fee,
    {
      kind,
      scope: { $in: scope ? [scope, ''] : [''] },
      effectiveFrom: { $lte: on },
      $or: [{ effectiveUntil: null }, { effectiveUntil: { $gt: on } }],
    },
    { orderBy: { scope: 'desc', effectiveFrom: 'desc' } },
  );
  return fees[0] ?? null;
}

/** The next number in a gap-free series: the counter row is locked by the caller's transaction until it commits. */
export async function nextNumber(tx: EntityManager, prefix: 'INV' | 'RCT' | 'CN', now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const [row] = await tx.execute<{ last: number }[]>(
    `insert into fee_number_counter (scope, last) values (?, 1)
     on conflict (scope) do update set last = fee_number_counter.last + 1 returning last`,
    [`${prefix}-${year}`],
  );
  return documentNumber(prefix, year, row!.last);
}

export type ChargeRequest = {
  subjectType: string;
  subjectId: string;
  /** The fees charged, in order (e.g. renewal, then the late renewal fee). */
  kinds: FeeKind[];
  scope: string;
  /** The submission date: the fees in force on it apply. */
  on: string;
  payer: { type: PayerType; id: string };
  billedTo: string;
  email: string | null;
  description: string;
  now: Date;
  /** The registry's address, for the link in the e-mail that tells the payer. */
  publicUrl: string;
};

/** The language the payer reads: a registrant's account language, otherwise the council's. */
async function payerLocale(
  tx: EntityManager,
  payer: ChargeRequest['payer'],
): Promise<{ locale: string; council: string }> {
  const [row] = await tx.execute<{ locale: string | null; council_locale: string; council: string }[]>(
    `select (select a.locale from registrant r join account a on a.id = r.account_id where r.id = ? and ? = 'registrant') as locale,
            c.default_locale as council_locale, c.name as council
       from council c where c.id = 1`,
    [payer.id, payer.type],
  );
  return { locale: row?.locale ?? row?.council_locale ?? 'en', council: row?.council ?? 'Social Work Registry' };
}

/**
 * Charges a submission: one invoice with a line per fee (and its tax), or null when none of the
 * kinds has a fee. Charging the same subject again returns the invoice it already has.
 */
export async function chargeFor(tx: EntityManager, req: ChargeRequest): Promise<Invoice | null> {
  const existing = await tx.findOne(Invoice, { subjectType: req.subjectType, subjectId: req.subjectId });
  if (existing) return existing;
  const fees = (await Promise.all(req.kinds.map((k) => feeInForce(tx, k, req.scope, req.on)))).filter(
    (f): f is Fee => f !== null,
  );
  if (!fees.length) return null;
  const currency = fees[0]!.currency;
  if (fees.some((f) => f.currency !== currency))
    throw new ConflictError(
      `The fees for this submission are in different currencies; ask the council to fix its fee schedule`,
    );
  const lines: Array<Omit<InvoiceLine, 'id' | 'invoice'>> = [];
  for (const f of fees) {
    lines.push({
      position: lines.length + 1,
      kind: 'fee',
      feeId: f.id,
      description: f.name,
      amountMinor: f.amountMinor,
      reason: null,
      createdBy: null,
      createdAt: req.now,
    } as Omit<InvoiceLine, 'id' | 'invoice'>);
    const tax = taxOn(f.amountMinor, f.taxRateBp);
    if (tax > 0)
      lines.push({
        position: lines.length + 1,
        kind: 'tax',
        feeId: f.id,
        description: Object.fromEntries(
          Object.entries(TAX_NAME).map(([l, t]) => [l, `${t} ${f.taxRateBp / 100}% (${f.name[l] ?? f.name.en ?? ''})`]),
        ),
        amountMinor: tax,
        reason: null,
        createdBy: null,
        createdAt: req.now,
      } as Omit<InvoiceLine, 'id' | 'invoice'>);
  }
  const payBefore: PayBefore | null = fees.some((f) => f.payBefore === 'review')
    ? 'review'
    : fees.some((f) => f.payBefore === 'approval')
      ? 'approval'
      : null;
  const total = lines.reduce((s, l) => s + l.amountMinor, 0);
  const invoice = tx.create(Invoice, {
    number: await nextNumber(tx, 'INV', req.now),
    payerType: req.payer.type,
    payerId: req.payer.id,
    billedTo: req.billedTo,
    email: req.email,
    subjectType: req.subjectType,
    subjectId: req.subjectId,
    description: req.description,
    currency,
    status: total > 0 ? 'open' : 'paid',
    totalMinor: total,
    payBefore,
    issuedOn: req.on,
    dueOn: addDays(req.on, PAYMENT_TERM_DAYS),
    createdAt: req.now,
  });
  for (const l of lines) tx.create(InvoiceLine, { ...l, invoice });
  await tx.flush();
  if (req.email && total > 0) {
    const { locale, council } = await payerLocale(tx, req.payer);
    const lang = feeLangOf(locale);
    await queueEmail(
      tx,
      {
        idempotencyKey: `invoice:${invoice.id}:issued`,
        to: req.email,
        template: 'invoice-issued',
        locale: lang,
        vars: {
          name: req.billedTo,
          councilName: council,
          number: invoice.number,
          description: req.description,
          total: formatMoney(total, currency, feeIntlLocale(lang)),
          dueOn: formatLongDate(invoice.dueOn, lang),
          hold: payBefore ? message(lang, `pdf.invoice.hold.${payBefore}`) : '',
          link: `${req.publicUrl}/#/my-fees`,
        },
      },
      req.now,
    );
  }
  await recordAudit(tx, {
    action: 'invoice.issued',
    entityType: 'invoice',
    entityId: invoice.id,
    after: {
      number: invoice.number,
      subject: `${req.subjectType}:${req.subjectId}`,
      totalMinor: total,
      currency,
      fees: fees.map((f) => f.id),
    },
  });
  return invoice;
}

/** Refuses a step (review, approval) while the subject's invoice asks to be paid first. */
export async function assertPaidBefore(
  tx: EntityManager,
  subjectType: string,
  subjectId: string,
  step: PayBefore,
): Promise<void> {
  const inv = await tx.findOne(Invoice, { subjectType, subjectId });
  if (!inv || !blocksAt(inv, step)) return;
  throw new ConflictError(
    `Invoice ${inv.number} must be paid before the application is ${step === 'review' ? 'reviewed' : 'approved'} (${formatMoney(balance(inv), inv.currency, 'en')} due)`,
    'invoice',
  );
}

/** The fee and late fee a renewal would be charged on a day, for the renewal panel. */
export async function renewalFees(em: EntityManager, tierCode: string, on: string) {
  const [fee, late] = await Promise.all([
    feeInForce(em, 'renewal', tierCode, on),
    feeInForce(em, 'late_renewal', tierCode, on),
  ]);
  const out = (f: Fee | null) =>
    f ? { amountMinor: f.amountMinor + taxOn(f.amountMinor, f.taxRateBp), currency: f.currency } : null;
  return { fee: out(fee), lateFee: out(late) };
}
