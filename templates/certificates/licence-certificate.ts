/**
 * The licence certificate: A4 landscape, framed, the holder's name in Latin and native script,
 * the protected title and tier, the licence number and period, and the verification QR code.
 */
import type { CertificateLayout } from './layout.js';
import { COLOURS, dateOf } from './format.js';

const W = 841.89;
const H = 595.28;

export const licenceCertificateLayout: CertificateLayout = {
  size: [W, H],
  draw(c, d) {
    const { doc } = c;
    const mid = W / 2;
    // frame
    doc.save();
    doc
      .lineWidth(6)
      .strokeColor(COLOURS.navy)
      .rect(22, 22, W - 44, H - 44)
      .stroke();
    doc
      .lineWidth(1.2)
      .strokeColor(COLOURS.gold)
      .rect(34, 34, W - 68, H - 68)
      .stroke();
    doc.restore();

    // council
    c.text(d.council.name, {
      x: mid,
      y: 88,
      size: 20,
      weight: 'bold',
      color: COLOURS.navy,
      align: 'center',
      maxWidth: W - 160,
    });
    if (d.council.nameNative)
      c.text(d.council.nameNative, {
        x: mid,
        y: 112,
        size: 13,
        color: COLOURS.navy,
        align: 'center',
        maxWidth: W - 160,
      });
    doc
      .save()
      .lineWidth(0.8)
      .strokeColor(COLOURS.gold)
      .moveTo(mid - 120, 128)
      .lineTo(mid + 120, 128)
      .stroke()
      .restore();

    c.text(d.say('pdf.certificate.title'), {
      x: mid,
      y: 160,
      size: 24,
      weight: 'bold',
      color: COLOURS.ink,
      align: 'center',
    });
    c.text(d.say('pdf.certificate.certify'), { x: mid, y: 194, size: 12, color: COLOURS.muted, align: 'center' });

    // the holder, in Latin and native script
    c.text(d.holder.name, {
      x: mid,
      y: 240,
      size: 32,
      weight: 'bold',
      color: COLOURS.ink,
      align: 'center',
      maxWidth: W - 200,
    });
    let y = 240;
    if (d.holder.nameNative) {
      y += 42;
      c.text(d.holder.nameNative, { x: mid, y, size: 24, color: COLOURS.ink, align: 'center', maxWidth: W - 200 });
    }

    y += 38;
    c.text(d.say('pdf.certificate.licensedAs'), { x: mid, y, size: 12, color: COLOURS.muted, align: 'center' });
    y += 30;
    c.text(d.licence.protectedTitle, {
      x: mid,
      y,
      size: 20,
      weight: 'bold',
      color: COLOURS.navy,
      align: 'center',
      maxWidth: W - 200,
    });
    if (d.licence.protectedTitleNative && d.licence.protectedTitleNative !== d.licence.protectedTitle) {
      y += 24;
      c.text(d.licence.protectedTitleNative, {
        x: mid,
        y,
        size: 14,
        color: COLOURS.navy,
        align: 'center',
        maxWidth: W - 200,
      });
    }
    y += 22;
    const tier =
      d.licence.tierNameNative && d.licence.tierNameNative !== d.licence.tierName
        ? `${d.licence.tierName} · ${d.licence.tierNameNative}`
        : d.licence.tierName;
    c.text(tier, { x: mid, y, size: 11, color: COLOURS.muted, align: 'center', maxWidth: W - 200 });

    // details
    const rows: [string, string][] = [
      [d.say('pdf.certificate.number'), d.licence.number],
      [d.say('pdf.certificate.validFrom'), d.longDate(d.licence.validFrom)],
      [d.say('pdf.certificate.validUntil'), d.longDate(d.licence.validUntil)],
      [
        d.say('pdf.certificate.issued'),
        d.say('pdf.certificate.issuedOn', { date: d.longDate(dateOf(d.issue.issuedAt)), sequence: d.issue.sequence }),
      ],
    ];
    let ry = 470;
    for (const [label, value] of rows) {
      c.text(label, { x: 70, y: ry, size: 9, color: COLOURS.muted, maxWidth: 96 });
      c.text(value, { x: 170, y: ry, size: 11, weight: 'bold', color: COLOURS.ink, maxWidth: 330 });
      ry += 17;
    }
    c.text(d.say('pdf.certificate.check', { page: d.verifyPage }), {
      x: 70,
      y: ry + 14,
      size: 8,
      color: COLOURS.muted,
      maxWidth: 480,
    });

    // QR code (the signed licence claim)
    const q = 118;
    c.qr(d.verifyUrl, W - 70 - q, H - 58 - q, q, 'M');
  },
};
