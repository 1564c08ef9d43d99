/**
 * A drawing surface over any pdfkit document: text in every supported script, shaped by HarfBuzz
 * in the committed Noto fonts (pdf-text.ts), and vector QR codes. Certificates, wallet cards, CPD
 * transcripts, invoices and receipts are all drawn with it. Pure: no database, no clock.
 */
import QRCode from 'qrcode';
import { fontName, pdfFontSource, scriptRuns, type Script, type Weight } from './pdf-text.js';
import type { Canvas } from '../../templates/certificates/layout.js';

/** Draws the QR modules as filled rectangles (one per horizontal run of dark modules), inside a /QRCode marked-content section. */
function drawQr(
  doc: PDFKit.PDFDocument,
  content: string,
  x: number,
  y: number,
  size: number,
  errorCorrection: 'L' | 'M' | 'Q',
): void {
  const qr = QRCode.create(content, { errorCorrectionLevel: errorCorrection });
  const n = qr.modules.size;
  const quiet = 4;
  const m = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  doc.markContent('QRCode');
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + (quiet + start) * m, y + (quiet + r) * m, (c - start) * m, m);
    }
  }
  doc.fill('#000000');
  doc.endMarkedContent();
  doc.restore();
}

/**
 * pdfkit lays text out word by word unless OpenType features are given; an (empty) feature list
 * makes it hand the whole run to the font, so HarfBuzz shapes each run in one piece.
 */
const WHOLE_RUN = { features: [] as PDFKit.Mixins.OpenTypeFeatures[] };

/** A canvas over any pdfkit document: text in every supported script, shaped by HarfBuzz, in the committed Noto fonts. */
export function shapedCanvas(doc: PDFKit.PDFDocument): Canvas {
  const used = new Set<string>();
  const useFont = (script: Script, weight: Weight, size: number) => {
    const name = fontName(script, weight);
    if (!used.has(name)) {
      doc.registerFont(name, pdfFontSource(script, weight) as unknown as string);
      used.add(name);
    }
    doc.font(name).fontSize(size);
  };
  const measure = (text: string, size: number, weight: Weight = 'regular') => {
    let w = 0;
    for (const run of scriptRuns(text)) {
      useFont(run.script, weight, size);
      w += doc.widthOfString(run.text, WHOLE_RUN);
    }
    return w;
  };
  return {
    doc,
    measure,
    text(text, o) {
      const weight = o.weight ?? 'regular';
      let size = o.size;
      let width = measure(text, size, weight);
      if (o.maxWidth && width > o.maxWidth) {
        size = Math.max(o.size * 0.55, (o.size * o.maxWidth) / width);
        width = measure(text, size, weight);
      }
      const align = o.align ?? 'left';
      let x = align === 'center' ? o.x - width / 2 : align === 'right' ? o.x - width : o.x;
      doc.fillColor(o.color ?? '#000000');
      for (const run of scriptRuns(text)) {
        useFont(run.script, weight, size);
        doc.text(run.text, x, o.y, { ...WHOLE_RUN, lineBreak: false, baseline: 'alphabetic' });
        x += doc.widthOfString(run.text, WHOLE_RUN);
      }
      return { width, size };
    },
    qr: (content, x, y, size, ec) => drawQr(doc, content, x, y, size, ec),
  };
}
