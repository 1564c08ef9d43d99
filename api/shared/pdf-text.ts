/**
 * Text for certificates: the committed Noto fonts (templates/fonts), one per script, and HarfBuzz
 * shaping for every run. fontkit (pdfkit's own layout engine) mis-orders Burmese pre-base vowels
 * and medials and mis-places Khmer subscripts, so pdfkit is handed a font whose `layout` returns
 * HarfBuzz's glyph ids and positions; pdfkit then subsets, embeds and positions exactly those glyphs
 * (its TJ/Tm writer honours advances and x/y offsets).
 *
 * Names are NFC-normalised, split into script runs (spaces, digits, punctuation and combining marks
 * join the run around them) and each run is drawn with its script's font.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import * as hb from 'harfbuzzjs';

export type Script = 'latin' | 'thai' | 'lao' | 'khmer' | 'myanmar';
export type Weight = 'regular' | 'bold';

export const FONT_DIR = fileURLToPath(new URL('../../templates/fonts/', import.meta.url));

const FONT_FILES: Record<Script, string> = {
  latin: 'NotoSans',
  thai: 'NotoSansThai',
  lao: 'NotoSansLao',
  khmer: 'NotoSansKhmer',
  myanmar: 'NotoSansMyanmar',
};

/** HarfBuzz script tags (ISO 15924) per script, set explicitly rather than guessed per run. */
const HB_SCRIPT: Record<Script, string> = { latin: 'Latn', thai: 'Thai', lao: 'Laoo', khmer: 'Khmr', myanmar: 'Mymr' };

export const fontFile = (script: Script, weight: Weight): string =>
  `${FONT_DIR}${FONT_FILES[script]}-${weight === 'bold' ? 'Bold' : 'Regular'}.ttf`;

/** The script a code point belongs to, or null for characters that take the script around them. */
export function scriptOf(cp: number): Script | null {
  if (cp >= 0x0e00 && cp <= 0x0e7f) return 'thai';
  if (cp >= 0x0e80 && cp <= 0x0eff) return 'lao';
  if ((cp >= 0x1780 && cp <= 0x17ff) || (cp >= 0x19e0 && cp <= 0x19ff)) return 'khmer';
  if ((cp >= 0x1000 && cp <= 0x109f) || (cp >= 0xa9e0 && cp <= 0xa9ff) || (cp >= 0xaa60 && cp <= 0xaa7f))
    return 'myanmar';
  // Neutral: spaces, ASCII digits and punctuation, general punctuation, combining marks, ZWNJ/ZWJ.
  if (
    cp <= 0x40 ||
    (cp >= 0x5b && cp <= 0x60) ||
    (cp >= 0x7b && cp <= 0xbf) ||
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x2000 && cp <= 0x206f)
  )
    return null;
  return 'latin';
}

export type ScriptRun = { script: Script; text: string };

/** NFC-normalises and splits text into runs of one script each. */
export function scriptRuns(input: string): ScriptRun[] {
  const text = input.normalize('NFC');
  const runs: ScriptRun[] = [];
  let pending = '';
  for (const ch of text) {
    const s = scriptOf(ch.codePointAt(0)!);
    const last = runs.at(-1);
    if (s === null) {
      if (last) last.text += ch;
      else pending += ch;
    } else if (last && last.script === s) {
      last.text += ch;
    } else {
      runs.push({ script: s, text: pending + ch });
      pending = '';
    }
  }
  if (pending) runs.push({ script: 'latin', text: pending });
  return runs;
}

export type ShapedGlyph = {
  gid: number;
  cluster: number;
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
};

type LoadedFont = { fk: fontkit.Font; hbFont: hb.Font; upem: number; shaped: fontkit.Font };

const loaded = new Map<string, LoadedFont>();

function load(script: Script, weight: Weight): LoadedFont {
  const file = fontFile(script, weight);
  let f = loaded.get(file);
  if (f) return f;
  const bytes = readFileSync(file);
  const fk = fontkit.create(bytes) as fontkit.Font;
  const blob = new hb.Blob(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const face = new hb.Face(blob, 0);
  const hbFont = new hb.Font(face);
  const upem = face.upem;
  f = { fk, hbFont, upem, shaped: fk };
  f.shaped = shapedFontFor(f, script);
  loaded.set(file, f);
  return f;
}

// One HarfBuzz buffer, reused: shaping is synchronous, so no two calls ever share it at once.
let sharedBuffer: hb.Buffer | null = null;

/** HarfBuzz shaping of one run in font units (glyph ids are the font's own; clusters are UTF-16 offsets). */
export function shape(script: Script, weight: Weight, text: string): ShapedGlyph[] {
  const { hbFont } = load(script, weight);
  const buffer = (sharedBuffer ??= new hb.Buffer());
  buffer.clearContents();
  buffer.addText(text.normalize('NFC'));
  buffer.setDirection(hb.Direction.LTR);
  buffer.setScript(HB_SCRIPT[script]);
  buffer.guessSegmentProperties();
  hb.shape(hbFont, buffer);
  const infos = buffer.getGlyphInfos();
  const pos = buffer.getGlyphPositions();
  return infos.map((g, i) => ({
    gid: g.codepoint,
    cluster: g.cluster,
    xAdvance: pos[i]!.xAdvance,
    yAdvance: pos[i]!.yAdvance,
    xOffset: pos[i]!.xOffset,
    yOffset: pos[i]!.yOffset,
  }));
}

/**
 * A fontkit font whose layout is HarfBuzz's. pdfkit accepts any object with `layout` as a font
 * source; everything else (subsetting, metrics, embedding) comes from the real fontkit font
 * through the prototype. Returns fresh objects on every call: pdfkit scales them in place.
 */
function shapedFontFor(f: Omit<LoadedFont, 'shaped'>, script: Script): fontkit.Font {
  const weight: Weight = /Bold/.test(f.fk.postscriptName) ? 'bold' : 'regular';
  const shapedFont = Object.create(f.fk) as fontkit.Font & { layout: (text: string) => unknown };
  shapedFont.layout = (text: string) => {
    const full = text.normalize('NFC');
    const glyphs = shape(script, weight, full);
    const clusterStarts = [...new Set(glyphs.map((g) => g.cluster))].sort((a, b) => a - b);
    const seen = new Set<number>();
    const outGlyphs = glyphs.map((g) => {
      const first = !seen.has(g.cluster);
      seen.add(g.cluster);
      const next = clusterStarts.find((c) => c > g.cluster) ?? full.length;
      const codePoints = first ? Array.from(full.slice(g.cluster, next), (c) => c.codePointAt(0)!) : [];
      return { id: g.gid, advanceWidth: f.fk.getGlyph(g.gid).advanceWidth, codePoints };
    });
    const positions = glyphs.map((g) => ({
      xAdvance: g.xAdvance,
      yAdvance: g.yAdvance,
      xOffset: g.xOffset,
      yOffset: g.yOffset,
    }));
    return {
      glyphs: outGlyphs,
      positions,
      get advanceWidth() {
        return positions.reduce((w, p) => w + p.xAdvance, 0);
      },
    };
  };
  return shapedFont;
}

/** The pdfkit font source (registered per document) for a script and weight. */
export function pdfFontSource(script: Script, weight: Weight): fontkit.Font {
  return load(script, weight).shaped;
}

export const fontName = (script: Script, weight: Weight): string => `${FONT_FILES[script]}-${weight}`;

/** Loads every certificate font once (start-up or first use), so the first PDF is not slow. */
export function preloadCertificateFonts(): void {
  for (const s of Object.keys(FONT_FILES) as Script[]) for (const w of ['regular', 'bold'] as const) load(s, w);
}
