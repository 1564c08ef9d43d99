/**
 * The glyphs a certificate really carries, read back out of the generated PDF (content stream +
 * embedded subset font), against HarfBuzz's own shaping of the same text with the same font file.
 * Subset glyph ids are mapped back to the font's ids by comparing outlines, so the check proves
 * which glyph is drawn where, not just that some glyphs are there.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import * as hb from 'harfbuzzjs';
import PDFDocument from 'pdfkit';
import {
  certificateLanguage,
  renderCertificatePdf,
  type CertificateData,
} from '../../api/modules/certificates/certificate.pdf.js';
import { fontFile, scriptRuns, type Script } from '../../api/shared/pdf-text.js';
import { embeddedFonts, textBlocks, type TextBlock } from '../support/pdf-inspect.js';

type Reference = { gid: number; xAdvance: number; xOffset: number; yOffset: number }[];

/** HarfBuzz straight from the font file, script and direction guessed from the text itself. */
function harfbuzz(file: string, text: string): { glyphs: Reference; upem: number } {
  const bytes = readFileSync(file);
  const face = new hb.Face(
    new hb.Blob(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer),
  );
  const font = new hb.Font(face);
  const buffer = new hb.Buffer();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  hb.shape(font, buffer);
  const pos = buffer.getGlyphPositions();
  return {
    glyphs: buffer.getGlyphInfos().map((g, i) => ({
      gid: g.codepoint,
      xAdvance: pos[i]!.xAdvance,
      xOffset: pos[i]!.xOffset,
      yOffset: pos[i]!.yOffset,
    })),
    upem: face.upem,
  };
}

function data(nameNative: string): CertificateData {
  return {
    council: { name: 'National Council of Social Work', nameNative: null },
    holder: { name: 'Test Holder', nameNative },
    licence: {
      number: 'XX-SW-26-000001-3',
      tierName: 'Licensed social worker',
      tierNameNative: null,
      protectedTitle: 'Social Worker',
      protectedTitleNative: null,
      validFrom: '2026-01-01',
      validUntil: '2028-12-31',
    },
    issue: { issuedAt: new Date('2026-01-02T00:00:00Z'), sequence: 1 },
    verifyUrl: 'https://registry.example/verify?c=abc.def.ghi',
    verifyPage: 'https://registry.example/verify',
    ...certificateLanguage('en'),
  };
}

/** Why a drawn text block is not the reference run (null when it is). */
function mismatch(
  block: TextBlock,
  embedded: fontkit.Font,
  original: fontkit.Font,
  ref: { glyphs: Reference; upem: number },
): string | null {
  if (block.glyphs.length !== ref.glyphs.length)
    return `${block.glyphs.length} glyphs drawn, HarfBuzz gives ${ref.glyphs.length}`;
  const s = block.size / ref.upem;
  const x0 = block.glyphs[0]!.x - ref.glyphs[0]!.xOffset * s;
  const y0 = block.glyphs[0]!.y - ref.glyphs[0]!.yOffset * s;
  let pen = 0;
  for (const [i, r] of ref.glyphs.entries()) {
    const d = block.glyphs[i]!;
    const drawnOutline = embedded.getGlyph(d.cid).path.toSVG();
    const refOutline = original.getGlyph(r.gid).path.toSVG();
    if (drawnOutline !== refOutline) return `glyph ${i}: drawn outline is not glyph ${r.gid}`;
    if (embedded.getGlyph(d.cid).advanceWidth !== original.getGlyph(r.gid).advanceWidth)
      return `glyph ${i}: advance differs`;
    const ex = x0 + (pen + r.xOffset) * s;
    const ey = y0 + r.yOffset * s;
    if (Math.abs(d.x - ex) > 0.02 || Math.abs(d.y - ey) > 0.02)
      return `glyph ${i} (${r.gid}) at ${d.x.toFixed(3)},${d.y.toFixed(3)}; HarfBuzz puts it at ${ex.toFixed(3)},${ey.toFixed(3)}`;
    pen += r.xAdvance;
  }
  return null;
}

/** Renders a certificate with this native name and checks some block of its script's font is exactly HarfBuzz's run. */
async function checkRendered(script: Script, text: string, pdf?: Buffer) {
  const bytes = pdf ?? (await renderCertificatePdf('certificate', data(text)));
  const file = fontFile(script, 'regular');
  const original = fontkit.create(readFileSync(file));
  const ref = harfbuzz(file, text.normalize('NFC'));
  const fonts = embeddedFonts(bytes);
  const psName = original.postscriptName;
  const candidates = textBlocks(bytes).filter((b) => fonts.get(b.font)!.baseFont.endsWith(`+${psName}`));
  expect(candidates.length, `no text drawn in ${psName}`).toBeGreaterThan(0);
  const reasons = candidates.map((b) => mismatch(b, fontkit.create(fonts.get(b.font)!.file), original, ref));
  return { matched: reasons.includes(null), reasons, ref };
}

const SAMPLES: [string, Script, string][] = [
  ['Vietnamese (stacked diacritics)', 'latin', 'Nguyễn Thị Hồng Nhung'],
  ['Thai (above-base vowel and tone mark)', 'thai', 'สมศักดิ์ ใจดี'],
  ['Lao (vowel and tone marks)', 'lao', 'ສົມພອນ ແກ້ວມະນີ'],
  ['Khmer (coeng subscript ro, pre-base)', 'khmer', 'ស្រីពៅ សុខា'],
  ['Burmese (medial ya, pre-base vowel e, asat)', 'myanmar', 'ကျော်ကျော်'],
  ['Burmese (medial ra, asat)', 'myanmar', 'မြန်မာ'],
];

describe('certificate text shaping', () => {
  it.each(SAMPLES)(
    '%s: the PDF carries exactly HarfBuzz’s glyphs at HarfBuzz’s positions',
    async (_label, script, text) => {
      const { matched, reasons } = await checkRendered(script, text);
      expect(reasons, 'per candidate text block').toContain(null);
      expect(matched).toBe(true);
    },
  );

  it('normalises to NFC: a decomposed Vietnamese name is drawn with the precomposed glyphs', async () => {
    const nfd = 'Nguyễn Thị Hồng Nhung'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    const pdf = await renderCertificatePdf('certificate', data(nfd));
    const { matched } = await checkRendered('latin', 'Nguyễn Thị Hồng Nhung', pdf);
    expect(matched).toBe(true);
  });

  it('the check catches wrong shaping: pdfkit’s built-in layout misorders the Burmese pre-base vowel and medial', async () => {
    for (const text of ['ကျော်ကျော်', 'မြန်မာ']) {
      const file = fontFile('myanmar', 'regular');
      const doc = new PDFDocument({ size: 'A4', margin: 0 });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      const ended = new Promise((r) => doc.on('end', r));
      doc.registerFont('plain', file).font('plain').fontSize(24).text(text, 50, 100, { lineBreak: false });
      doc.end();
      await ended;
      const { matched, reasons, ref } = await checkRendered('myanmar', text, Buffer.concat(chunks));
      expect(matched).toBe(false);
      expect(reasons[0]).toMatch(/^glyph 0: drawn outline is not glyph/);
      // HarfBuzz puts the pre-base vowel (or medial ra) first, before the consonant it follows in memory.
      const consonant = harfbuzz(file, text[0]!).glyphs[0]!.gid;
      expect(ref.glyphs[0]!.gid).not.toBe(consonant);
      expect(ref.glyphs[1]!.gid).toBe(consonant);
    }
  });

  it('splits mixed text into script runs with their fonts, keeping spaces and marks in the run', () => {
    expect(scriptRuns('Kyaw ကျော် (Thu)')).toEqual([
      { script: 'latin', text: 'Kyaw ' },
      { script: 'myanmar', text: 'ကျော် (' },
      { script: 'latin', text: 'Thu)' },
    ]);
    expect(scriptRuns('สมชาย ใจดี')).toEqual([{ script: 'thai', text: 'สมชาย ใจดี' }]);
    expect(scriptRuns('Nguyễn'.normalize('NFD'))).toEqual([{ script: 'latin', text: 'Nguyễn' }]);
  });

  it("a council whose language is Thai gets its certificate's wording in Thai, drawn in the Thai font, with Buddhist-era dates", async () => {
    const thai = { ...data('สมชาย ใจดี'), ...certificateLanguage('th', { buddhistEra: true }) };
    expect(thai.say('pdf.certificate.title')).toBe('ใบอนุญาตประกอบวิชาชีพ');
    expect(thai.longDate('2028-12-31')).toContain('2571');
    const pdf = await renderCertificatePdf('certificate', thai);
    const thaiFonts = [...embeddedFonts(pdf).values()].filter((f) => /Thai/.test(f.baseFont));
    expect(thaiFonts.length).toBeGreaterThan(0);
    // The title and the labels are drawn with the Thai face, not with Latin glyphs or boxes.
    const thaiBlocks = textBlocks(pdf).filter((b) => thaiFonts.some((f) => f.resource === b.font));
    expect(thaiBlocks.length).toBeGreaterThanOrEqual(5);
  });
});
