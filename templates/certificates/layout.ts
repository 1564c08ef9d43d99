/**
 * What a certificate layout receives and draws with. The renderer (api/modules/certificates/
 * certificate.pdf.ts) implements the canvas; layouts in this folder only use these types, so a
 * council changing a layout never reaches into the registry's code.
 */

export type FontWeight = 'regular' | 'bold';

/** Everything a layout prints. Text is printed as given (NFC-normalised when shaped). */
export type CertificateData = {
  council: { name: string; nameNative: string | null };
  holder: { name: string; nameNative: string | null };
  licence: {
    number: string;
    tierName: string;
    tierNameNative: string | null;
    protectedTitle: string;
    protectedTitleNative: string | null;
    validFrom: string;
    validUntil: string;
  };
  issue: { issuedAt: Date; sequence: number };
  /** What the QR code encodes: `${publicUrl}/verify?c=<jws>`. */
  verifyUrl: string;
  /** The verification page, printed for people without a camera. */
  verifyPage: string;
  /** The language of the certificate's fixed text (the council's), and its writing of a day. */
  lang: string;
  /** A message of the certificate in its language: `say('pdf.certificate.title')`. */
  say: (key: string, values?: Record<string, string | number>) => string;
  /** '2027-03-01' written out in the certificate's language: '1 March 2027', '1 tháng 3, 2027'. */
  longDate: (isoDate: string) => string;
};

export type TextOptions = {
  x: number;
  /** The alphabetic baseline. */
  y: number;
  size: number;
  weight?: FontWeight;
  color?: string;
  align?: 'left' | 'center' | 'right';
  /** Shrinks the text (down to 55 % of size) so it fits this width. */
  maxWidth?: number;
};

/** What a layout draws with. `doc` is the pdfkit document for lines, rectangles and colours. */
export type Canvas = {
  doc: PDFKit.PDFDocument;
  text(text: string, o: TextOptions): { width: number; size: number };
  measure(text: string, size: number, weight?: FontWeight): number;
  qr(content: string, x: number, y: number, size: number, errorCorrection: 'L' | 'M' | 'Q'): void;
};

export type CertificateLayout = {
  /** Page size in points. */
  size: [number, number];
  draw(canvas: Canvas, data: CertificateData): void;
};
