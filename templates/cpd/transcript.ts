/**
 * The CPD transcript layout: A4 portrait, the council's name, the holder and licence, the cycle
 * and its totals by category, then every accepted activity in date order (continuing on further
 * pages), and a QR code carrying the council's signature over the totals. Councils change this
 * file to change the transcript; the data it receives is TranscriptData.
 */
import type { Canvas } from '../certificates/layout.js';

/** Everything the transcript prints. */
export type TranscriptData = {
  council: { name: string; nameNative: string | null };
  holder: { name: string; nameNative: string | null };
  licence: { number: string; tierName: string };
  cycle: { start: string; end: string; activeFrom: string };
  asOf: string;
  totals: {
    required: number;
    counted: number;
    countedStructured: number;
    carriedOver: number;
    met: boolean;
    missing: string[];
  };
  categories: { name: string; earned: number; counted: number; min: number; max: number | null }[];
  activities: { date: string; title: string; provider: string; category: string; credits: number; verified: boolean }[];
  issuedAt: string;
  keysUrl: string;
  /** The language of the transcript's text, a message in it (`say('pdf.transcript.title')`), and its writing of a day. */
  lang: string;
  say: (key: string, values?: Record<string, string | number>) => string;
  day: (isoDate: string) => string;
};

export const TRANSCRIPT_PAGE: [number, number] = [595.28, 841.89];
const M = 48;
const W = TRANSCRIPT_PAGE[0];
const H = TRANSCRIPT_PAGE[1];
const NAVY = '#1f3a5f';
const INK = '#1a1a1a';
const MUTED = '#5f6b7a';

const num = (n: number) => (Math.round(n * 100) / 100).toString();

/**
 * `canvas` draws names, which may be in any ASEAN script (shaped, in the certificates' fonts);
 * everything else is Latin text set with `fonts`.
 */
export function drawTranscript(
  doc: PDFKit.PDFDocument,
  d: TranscriptData,
  fonts: { regular: string; bold: string },
  qrPng: Buffer,
  canvas: Pick<Canvas, 'text'>,
): void {
  const text = (
    s: string,
    x: number,
    y: number,
    o: { size?: number; bold?: boolean; color?: string; width?: number; align?: 'left' | 'right' | 'center' } = {},
  ) =>
    doc
      .font(o.bold ? fonts.bold : fonts.regular)
      .fontSize(o.size ?? 10)
      .fillColor(o.color ?? INK)
      .text(s, x, y, { width: o.width, align: o.align ?? 'left', lineBreak: !!o.width });
  /** Text that is not all Latin (Thai, Khmer, Lao, Burmese…) is shaped by the canvas on one line, shrunk to fit. */
  const latin = (s: string) => /^[\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]*$/u.test(s);
  const write = (
    s: string,
    x: number,
    y: number,
    o: { size?: number; bold?: boolean; color?: string; width?: number; align?: 'left' | 'right' | 'center' } = {},
  ) => {
    if (latin(s)) return void text(s, x, y, o);
    const size = o.size ?? 10;
    const ax = o.align === 'right' && o.width ? x + o.width : o.align === 'center' && o.width ? x + o.width / 2 : x;
    canvas.text(s, {
      x: ax,
      y: y + size * 1.07,
      size,
      weight: o.bold ? 'bold' : 'regular',
      color: o.color ?? INK,
      align: o.align ?? 'left',
      ...(o.width ? { maxWidth: o.width } : {}),
    });
  };
  const say = d.say;

  // header
  doc.rect(0, 0, W, 8).fill(NAVY);
  text(d.council.name, M, 32, { size: 16, bold: true, color: NAVY, width: W - 2 * M - 110 });
  if (d.council.nameNative)
    canvas.text(d.council.nameNative, { x: M, y: 63, size: 11, color: NAVY, maxWidth: W - 2 * M - 110 });
  write(say('pdf.transcript.title'), M, 84, { size: 13, bold: true });
  doc.image(qrPng, W - M - 96, 24, { width: 96, height: 96 });

  let y = 120;
  const row = (label: string, value: string) => {
    write(label, M, y, { size: 9, color: MUTED, width: 115 });
    write(value, M + 120, y, { size: 10, width: W - 2 * M - 240 });
    y += Math.max(
      16,
      doc
        .font(fonts.regular)
        .fontSize(10)
        .heightOfString(value, { width: W - 2 * M - 240 }) + 4,
    );
  };
  write(say('pdf.transcript.name'), M, y, { size: 9, color: MUTED, width: 115 });
  canvas.text(d.holder.name, { x: M + 120, y: y + 9, size: 10, color: INK, maxWidth: W - 2 * M - 240 });
  y += 16;
  if (d.holder.nameNative && d.holder.nameNative !== d.holder.name) {
    canvas.text(d.holder.nameNative, { x: M + 120, y: y + 10, size: 11, color: INK, maxWidth: W - 2 * M - 240 });
    y += 20;
  }
  row(say('pdf.transcript.licence'), `${d.licence.number} (${d.licence.tierName})`);
  row(
    say('pdf.transcript.cycle'),
    say(d.cycle.activeFrom !== d.cycle.start ? 'pdf.transcript.cycleFrom' : 'pdf.transcript.cycleDates', {
      start: d.day(d.cycle.start),
      end: d.day(d.cycle.end),
      from: d.day(d.cycle.activeFrom),
    }),
  );
  row(
    say('pdf.transcript.credits'),
    say(d.totals.carriedOver ? 'pdf.transcript.creditsCarried' : 'pdf.transcript.creditsLine', {
      counted: num(d.totals.counted),
      required: num(d.totals.required),
      structured: num(d.totals.countedStructured),
      carried: num(d.totals.carriedOver),
    }),
  );
  row(
    say('pdf.transcript.standing'),
    d.totals.met ? say('pdf.transcript.met') : say('pdf.transcript.notMet', { missing: d.totals.missing.join('; ') }),
  );
  row(say('pdf.transcript.asOf'), d.day(d.asOf));

  // totals by category
  y += 8;
  write(say('pdf.transcript.byCategory'), M, y, { size: 11, bold: true, color: NAVY });
  y += 18;
  const cols = [M, M + 220, M + 300, M + 370, M + 440];
  ['category', 'earned', 'counted', 'minimum', 'maximum'].forEach((h, i) =>
    write(say(`pdf.transcript.columns.${h}`), cols[i]!, y, { size: 8, bold: true, color: MUTED, width: 66 }),
  );
  y += 14;
  for (const c of d.categories) {
    write(c.name, cols[0]!, y, { size: 9, width: 210 });
    text(num(c.earned), cols[1]!, y, { size: 9 });
    text(num(c.counted), cols[2]!, y, { size: 9 });
    text(c.min ? num(c.min) : '–', cols[3]!, y, { size: 9 });
    text(c.max === null ? '–' : num(c.max), cols[4]!, y, { size: 9 });
    y += 14;
  }

  // activities
  y += 12;
  write(say('pdf.transcript.activities'), M, y, { size: 11, bold: true, color: NAVY });
  y += 18;
  const acts = [M, M + 70, M + 300, M + 400, M + 460];
  const head = () => {
    ['date', 'activity', 'provider', 'category', 'credits'].forEach((h, i) =>
      write(say(`pdf.transcript.columns.${h}`), acts[i]!, y, { size: 8, bold: true, color: MUTED, width: 56 }),
    );
    y += 14;
  };
  head();
  if (!d.activities.length) {
    write(say('pdf.transcript.none'), M, y, { size: 9, color: MUTED, width: W - 2 * M });
    y += 14;
  }
  for (const a of d.activities) {
    if (y > H - 80) {
      doc.addPage({ size: TRANSCRIPT_PAGE, margin: 0 });
      y = M;
      head();
    }
    const title = a.verified ? say('pdf.transcript.verifiedTitle', { title: a.title }) : a.title;
    write(d.day(a.date), acts[0]!, y, { size: 8.5, width: 66 });
    write(title, acts[1]!, y, { size: 8.5, width: 222 });
    write(a.provider, acts[2]!, y, { size: 8.5, width: 95 });
    write(a.category, acts[3]!, y, { size: 8.5, width: 58 });
    text(num(a.credits), acts[4]!, y, { size: 8.5, width: 40, align: 'right' });
    y += latin(title) ? Math.max(14, doc.heightOfString(title, { width: 222 }) + 4) : 14;
  }

  // footer on the last page
  write(
    say('pdf.transcript.footer', { date: d.day(d.issuedAt), council: d.council.name, keys: d.keysUrl }),
    M,
    H - 56,
    { size: 7.5, color: MUTED, width: W - 2 * M },
  );
}
