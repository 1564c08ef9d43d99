/**
 * Fees and money, pure: what is charged, what is owed, what an invoice's status is, how an amount
 * in minor units reads. Amounts are integers in ISO 4217 minor units (no floating point anywhere).
 */
import type { InvoiceLang } from '../../../templates/invoices/invoice.js';
import { languageMeta, languageOf } from '../../shared/i18n.js';

export const FEE_KINDS = [
  'first_registration',
  'tier_upgrade',
  'restoration',
  'renewal',
  'late_renewal',
  'certificate_reissue',
  'accreditation',
  'cpd_provider',
] as const;
export type FeeKind = (typeof FEE_KINDS)[number];

export const PAY_BEFORE = ['review', 'approval'] as const;
export type PayBefore = (typeof PAY_BEFORE)[number];

export const PAYMENT_METHODS = ['bank_transfer', 'cash', 'cheque', 'online'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Methods staff record by hand (online payments are reported by the provider). */
export const STAFF_METHODS = ['bank_transfer', 'cash', 'cheque'] as const;

export type PaymentStatus = 'pending' | 'confirmed' | 'rejected';

/** Who an invoice is for: a registrant (social worker), a school (accreditation) or a CPD provider. */
export const PAYER_TYPES = ['registrant', 'institution', 'cpd_provider'] as const;
export type PayerType = (typeof PAYER_TYPES)[number];

export const INVOICE_STATUSES = ['open', 'part_paid', 'paid', 'credited', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** The ISO 4217 currencies this runtime knows (Intl), upper case. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
export const isCurrency = (code: string): boolean => /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);

/**
 * ISO 4217 minor-unit exponents other than 2. (Intl's digits are CLDR's display digits, which differ
 * for some: CLDR shows MMK and LAK without decimals, ISO 4217 gives them two.)
 */
const EXPONENTS: Record<string, number> = {
  ...Object.fromEntries(
    'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'.split(' ').map((c) => [c, 0]),
  ),
  ...Object.fromEntries('BHD IQD JOD KWD LYD OMR TND'.split(' ').map((c) => [c, 3])),
  CLF: 4,
  UYW: 4,
};

/** Minor-unit digits of a currency (ISO 4217): VND 0, THB 2, KWD 3. */
export const minorDigits = (currency: string): number => EXPONENTS[currency] ?? 2;

/** The languages invoices, receipts and fee e-mails are written in, and the Intl locale each formats with (day-month-year). */
export const feeIntlLocale = (lang: InvoiceLang): string => languageMeta(lang).intl;

/** The fee language for a language tag ('vi', 'vi-VN'), English when there is none for it. */
export const feeLangOf = (locale: string | null | undefined): InvoiceLang => languageOf(locale);

/** '2027-01-02' as the language writes a date in full: "2 January 2027", "2 tháng 1, 2027". */
export const formatLongDate = (isoDate: string, lang: InvoiceLang): string =>
  new Intl.DateTimeFormat(feeIntlLocale(lang), { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );

/** An amount in minor units as the reader's locale writes it: 150000 VND → "150.000 ₫" in vi, "₫150,000" in en. */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amountMinor / 10 ** digits);
}

/** Tax on an amount at a rate in basis points, rounded half up to a whole minor unit. */
export const taxOn = (amountMinor: number, rateBp: number): number => Math.floor((amountMinor * rateBp + 5000) / 10000);

/** The money position of an invoice. */
export type Ledger = { totalMinor: number; creditedMinor: number; paidMinor: number; refundedMinor: number };

/** What is still charged (total less credit notes). */
export const owed = (l: Ledger): number => l.totalMinor - l.creditedMinor;
/** Payments kept (received less refunded). */
export const netPaid = (l: Ledger): number => l.paidMinor - l.refundedMinor;
/** Positive: still due; negative: credit held for the payer (an overpayment). */
export const balance = (l: Ledger): number => owed(l) - netPaid(l);

/** The status an invoice's ledger gives it (a void invoice stays void). */
export function invoiceStatus(l: Ledger, voided: boolean): InvoiceStatus {
  if (voided) return 'void';
  if (owed(l) === 0 && l.creditedMinor > 0) return 'credited';
  if (balance(l) <= 0) return 'paid';
  return netPaid(l) > 0 ? 'part_paid' : 'open';
}

/** Whether the invoice still stops its application at this step. */
export const blocksAt = (
  inv: Ledger & { status: InvoiceStatus; payBefore?: PayBefore | null },
  step: PayBefore,
): boolean => {
  if (inv.status === 'void' || !inv.payBefore || balance(inv) <= 0) return false;
  return inv.payBefore === 'review' || step === 'approval';
};

/** The application fee kind for an application type. */
export const feeKindFor = (applicationType: string): FeeKind | null =>
  (
    ({
      first_registration: 'first_registration',
      tier_upgrade: 'tier_upgrade',
      restoration: 'restoration',
      renewal: 'renewal',
    }) as Record<string, FeeKind>
  )[applicationType] ?? null;

/** '2026' + 7 → 'INV-2026-000007'. */
export const documentNumber = (prefix: 'INV' | 'RCT' | 'CN', year: number, seq: number): string =>
  `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
