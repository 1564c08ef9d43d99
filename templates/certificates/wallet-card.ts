/**
 * The wallet card: ID-1 credit-card size (85.60 × 53.98 mm), front only — council, the holder's
 * name in Latin and native script, protected title, licence number, tier, valid-until and the QR code.
 */
import type { CertificateLayout } from './layout.js';
import { COLOURS } from './format.js';

const MM = 72 / 25.4;
const W = 85.6 * MM;
const H = 53.98 * MM;

export const walletCardLayout: CertificateLayout = {
  size: [W, H],
  draw(c, d) {
    const { doc } = c;
    // header band with the council
    doc.save().rect(0, 0, W, 26).fill(COLOURS.navy).restore();
    c.text(d.council.name, {
      x: 8,
      y: d.council.nameNative ? 11 : 16,
      size: 7.5,
      weight: 'bold',
      color: '#ffffff',
      maxWidth: W - 16,
    });
    if (d.council.nameNative)
      c.text(d.council.nameNative, { x: 8, y: 21, size: 6, color: '#ffffff', maxWidth: W - 16 });

    const q = 74;
    const left = 8;
    const textWidth = W - q - left - 10;
    let y = 42;
    c.text(d.holder.name, { x: left, y, size: 10.5, weight: 'bold', color: COLOURS.ink, maxWidth: textWidth });
    if (d.holder.nameNative) {
      y += 14;
      c.text(d.holder.nameNative, { x: left, y, size: 9, color: COLOURS.ink, maxWidth: textWidth });
    }
    y += 12;
    c.text(d.licence.protectedTitle, {
      x: left,
      y,
      size: 6.5,
      weight: 'bold',
      color: COLOURS.navy,
      maxWidth: textWidth,
    });
    if (d.licence.protectedTitleNative && d.licence.protectedTitleNative !== d.licence.protectedTitle) {
      y += 8.5;
      c.text(d.licence.protectedTitleNative, { x: left, y, size: 6, color: COLOURS.navy, maxWidth: textWidth });
    }

    const rows: [string, string][] = [
      [d.say('pdf.certificate.numberShort'), d.licence.number],
      [d.say('pdf.certificate.tier'), d.licence.tierNameNative ?? d.licence.tierName],
      [d.say('pdf.certificate.validUntil'), d.longDate(d.licence.validUntil)],
    ];
    let ry = H - 36;
    for (const [label, value] of rows) {
      c.text(label, { x: left, y: ry, size: 5.5, color: COLOURS.muted });
      c.text(value, { x: left + 38, y: ry, size: 6.5, weight: 'bold', color: COLOURS.ink, maxWidth: textWidth - 38 });
      ry += 9;
    }
    c.qr(d.verifyUrl, W - q - 5, H - q - 5, q, 'L');
  },
};
