/**
 * The invoice and the receipt: A4 portrait, the council, who is billed, the lines and totals,
 * and — on a receipt — the payment received. Text is set with the certificates' canvas (every
 * ASEAN script shaped, Noto fonts), in the reader's language. Councils change this file to change
 * the layout; the data it receives is InvoicePdfData, already formatted for the reader's locale.
 */
import type { Canvas } from '../certificates/layout.js';
import { t as message } from '../../api/shared/i18n.js';

export type InvoicePdfData = {
  kind: 'invoice' | 'receipt';
  lang: InvoiceLang;
  council: { name: string; nameNative: string | null; country: string };
  /** Invoice number, or receipt number on a receipt. */
  number: string;
  invoiceNumber: string;
  issuedOn: string;
  dueOn: string;
  billedTo: string;
  email: string | null;
  description: string;
  status: string;
  lines: { description: string; amount: string; note: string | null }[];
  totals: { label: keyof Labels; amount: string; strong?: boolean }[];
  receipt: null | { receivedOn: string; method: string; reference: string | null; amount: string };
  printedOn: string;
};

/** A language with a message catalogue ('en', 'vi', 'th'…). */
export type InvoiceLang = string;

type Labels = Record<(typeof LABEL_KEYS)[number], string>;

const LABEL_KEYS = [
  'invoice',
  'receipt',
  'number',
  'invoiceNumber',
  'issued',
  'due',
  'billedTo',
  'for',
  'item',
  'amount',
  'total',
  'credited',
  'paid',
  'refunded',
  'balance',
  'status',
  'received',
  'method',
  'reference',
  'amountReceived',
  'thanks',
  'printed',
  'payHow',
] as const;

/** The invoice's and receipt's labels in `lang`, from the message catalogue (pdf.invoice.*). */
export function invoiceLabels(lang: InvoiceLang): Labels {
  return Object.fromEntries(LABEL_KEYS.map((k) => [k, message(lang, `pdf.invoice.${k}`)])) as Labels;
}

export const INVOICE_PAGE: [number, number] = [595.28, 841.89];
const W = INVOICE_PAGE[0];
const M = 56;
const NAVY = '#1f3a5f';
const INK = '#1b2430';
const MUTED = '#5b6573';
const BAND = '#eef2f7';

export function drawInvoice(c: Canvas, d: InvoicePdfData): void {
  const L = invoiceLabels(d.lang);
  const { doc } = c;
  doc.rect(0, 0, W, 8).fill(NAVY);

  // council and document title
  c.text(d.council.name, { x: M, y: 64, size: 15, weight: 'bold', color: NAVY, maxWidth: W - 2 * M - 170 });
  if (d.council.nameNative)
    c.text(d.council.nameNative, { x: M, y: 82, size: 10.5, color: MUTED, maxWidth: W - 2 * M - 170 });
  c.text(d.kind === 'invoice' ? L.invoice : L.receipt, {
    x: W - M,
    y: 64,
    size: 20,
    weight: 'bold',
    color: INK,
    align: 'right',
  });
  c.text(d.number, { x: W - M, y: 84, size: 11, color: INK, align: 'right' });

  // facts
  let y = 130;
  const fact = (label: string, value: string, x: number, width: number) => {
    c.text(label, { x, y, size: 8.5, color: MUTED });
    c.text(value, { x, y: y + 14, size: 10.5, color: INK, maxWidth: width });
  };
  fact(L.billedTo, d.billedTo, M, 230);
  if (d.kind === 'receipt') fact(L.invoiceNumber, d.invoiceNumber, M + 250, 110);
  else fact(L.issued, d.issuedOn, M + 250, 110);
  fact(d.kind === 'receipt' ? L.received : L.due, d.kind === 'receipt' ? d.receipt!.receivedOn : d.dueOn, M + 370, 110);
  y += 40;
  if (d.email) c.text(d.email, { x: M, y, size: 9, color: MUTED, maxWidth: 230 });
  y += 22;
  fact(L.for, d.description, M, W - 2 * M);
  y += 48;

  // lines
  doc.rect(M, y - 14, W - 2 * M, 22).fill(BAND);
  c.text(L.item, { x: M + 8, y, size: 9, weight: 'bold', color: INK });
  c.text(L.amount, { x: W - M - 8, y, size: 9, weight: 'bold', color: INK, align: 'right' });
  y += 26;
  for (const line of d.lines) {
    c.text(line.description, { x: M + 8, y, size: 10, color: INK, maxWidth: W - 2 * M - 150 });
    c.text(line.amount, { x: W - M - 8, y, size: 10, color: INK, align: 'right' });
    if (line.note) {
      y += 14;
      c.text(line.note, { x: M + 16, y, size: 8.5, color: MUTED, maxWidth: W - 2 * M - 160 });
    }
    y += 22;
  }
  doc
    .moveTo(M, y - 10)
    .lineTo(W - M, y - 10)
    .lineWidth(0.6)
    .strokeColor('#c5ccd6')
    .stroke();
  y += 6;
  for (const t of d.totals) {
    c.text(L[t.label], {
      x: W - M - 160,
      y,
      size: 10,
      weight: t.strong ? 'bold' : 'regular',
      color: INK,
      align: 'right',
    });
    c.text(t.amount, { x: W - M - 8, y, size: 10, weight: t.strong ? 'bold' : 'regular', color: INK, align: 'right' });
    y += 18;
  }
  c.text(`${L.status}: ${d.status}`, { x: M, y: y - 18 * d.totals.length, size: 10, color: INK });

  // the payment on a receipt
  if (d.receipt) {
    y += 20;
    doc
      .rect(M, y - 16, W - 2 * M, 76)
      .lineWidth(1)
      .strokeColor(NAVY)
      .stroke();
    c.text(L.amountReceived, { x: M + 12, y: y + 2, size: 9, color: MUTED });
    c.text(d.receipt.amount, { x: M + 12, y: y + 24, size: 18, weight: 'bold', color: NAVY });
    c.text(`${L.method}: ${d.receipt.method}`, { x: M + 250, y: y + 2, size: 10, color: INK, maxWidth: 230 });
    if (d.receipt.reference)
      c.text(`${L.reference}: ${d.receipt.reference}`, { x: M + 250, y: y + 22, size: 10, color: INK, maxWidth: 230 });
    y += 90;
    c.text(L.thanks, { x: M, y, size: 10, color: INK, maxWidth: W - 2 * M });
  } else {
    y += 24;
    c.text(L.payHow, { x: M, y, size: 9.5, color: MUTED, maxWidth: W - 2 * M });
  }

  c.text(`${L.printed}: ${d.printedOn}`, { x: M, y: 800, size: 8, color: MUTED });
  c.text(d.council.country, { x: W - M, y: 800, size: 8, color: MUTED, align: 'right' });
}
