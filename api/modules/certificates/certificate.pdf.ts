/**
 * Certificate PDFs: the shared drawing surface (api/shared/pdf-canvas.ts) handed to the layouts in
 * templates/certificates/, and the document around them. Pure: no database, no clock.
 */
import PDFDocument from 'pdfkit';
import { shapedCanvas } from '../../shared/pdf-canvas.js';
import { licenceCertificateLayout } from '../../../templates/certificates/licence-certificate.js';
import { walletCardLayout } from '../../../templates/certificates/wallet-card.js';
import type {
  Canvas,
  CertificateData,
  CertificateLayout,
  TextOptions,
} from '../../../templates/certificates/layout.js';
import type { CertificateKind } from './certificate.rules.js';
import { formatDate, languageOf, t as message, type DateDisplay } from '../../shared/i18n.js';

export type { Canvas, CertificateData, CertificateLayout, TextOptions };

/** The certificate's language (a stored locale, e.g. the council's default) and how it writes messages and days. */
export function certificateLanguage(
  locale: string | null | undefined,
  display: DateDisplay = {},
): Pick<CertificateData, 'lang' | 'say' | 'longDate'> {
  const lang = languageOf(locale);
  return {
    lang,
    say: (key, values) => message(lang, key, values),
    longDate: (isoDate) => formatDate(lang, isoDate, display),
  };
}

export const LAYOUTS: Record<CertificateKind, CertificateLayout> = {
  certificate: licenceCertificateLayout,
  wallet_card: walletCardLayout,
};

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
