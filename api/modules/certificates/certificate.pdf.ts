/**
 * Certificate PDFs: a small drawing surface (shaped multi-script text, vector QR code) handed to
 * the layouts in templates/certificates/, and the document around them. Pure: no database, no clock.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { fontName, pdfFontSource, scriptRuns, type Script, type Weight } from './certificate.text.js';
import { licenceCertificateLayout } from '../../../templates/certificates/licence-certificate.js';
import { walletCardLayout } from '../../../templates/certificates/wallet-card.js';
import type {
  Canvas,
  CertificateData,
  CertificateLayout,
  TextOptions,
} from '../../../templates/certificates/layout.js';
import type { CertificateKind } from './certificate.rules.js';

export type { Canvas, CertificateData, CertificateLayout, TextOptions };

export const LAYOUTS: Record<CertificateKind, CertificateLayout> = {
  certificate: licenceCertificateLayout,
  wallet_card: walletCardLayout,
};

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

/** Renders one certificate or wallet card to PDF bytes. */
export function renderCertificatePdf(
  kind: CertificateKind,
  data: CertificateData,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const layout = LAYOUTS[kind];
  const doc = new PDFDocument({
    size: layout.size,
    margin: 0,
    autoFirstPage: true,
    compress: options.compress ?? true,
    info: {
      Title: `${kind === 'certificate' ? 'Licence certificate' : 'Wallet card'} ${data.licence.number}`,
      Author: data.council.name,
      Subject: `${data.holder.name} — ${data.licence.protectedTitle}`,
      CreationDate: data.issue.issuedAt,
    },
    lang: 'en',
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    layout.draw(shapedCanvas(doc), data);
  } catch (e) {
    doc.end();
    return Promise.reject(e);
  }
  doc.end();
  return done;
}
