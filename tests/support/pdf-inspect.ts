/**
 * Reading back what a generated PDF really contains: its objects and (inflated) streams, the text
 * drawn (font, size, glyph ids and their positions, from Tm/Tf/TJ), the embedded font files, and
 * the QR code (the vector modules inside the /QRCode marked-content section, decoded with jsQR).
 * Written for pdfkit's output, which is regular; not a general PDF parser.
 */
import { inflateSync } from 'node:zlib';
import jsQRModule from 'jsqr';

// jsqr is CommonJS: its function is the module itself or its `default`, depending on the loader.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

export type PdfObject = { num: number; dict: string; stream: Buffer | null };

export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const re = /(?:^|\n)(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const num = Number(m[1]);
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const s = body.indexOf('stream');
    let dict = body;
    let stream: Buffer | null = null;
    if (s >= 0 && body.startsWith('<<')) {
      dict = body.slice(0, s);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      let dataStart = start + s + 'stream'.length;
      if (text[dataStart] === '\r') dataStart++;
      if (text[dataStart] === '\n') dataStart++;
      const raw = pdf.subarray(dataStart, dataStart + length);
      stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : Buffer.from(raw);
      re.lastIndex = dataStart + length;
    } else {
      re.lastIndex = end;
    }
    objects.set(num, { num, dict, stream });
  }
  return objects;
}

const ref = (dict: string, key: string): number | null => {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : null;
};

export function mediaBox(pdf: Buffer): number[] {
  const m = /\/MediaBox \[([^\]]+)\]/.exec(pdf.toString('latin1'));
  return m ? m[1]!.trim().split(/\s+/).map(Number) : [];
}

/** The page's content stream(s), inflated. */
export function pageContent(pdf: Buffer): string {
  const objs = pdfObjects(pdf);
  const parts: string[] = [];
  for (const o of objs.values()) {
    if (!/\/Type \/Page\b/.test(o.dict)) continue;
    const c = ref(o.dict, 'Contents');
    if (c !== null) parts.push(objs.get(c)!.stream!.toString('latin1'));
  }
  return parts.join('\n');
}

export type EmbeddedFont = { resource: string; baseFont: string; widths: Map<number, number>; file: Buffer };

/** The page's fonts: resource name (F1…) → base font name, CID widths and the embedded font program. */
export function embeddedFonts(pdf: Buffer): Map<string, EmbeddedFont> {
  const objs = pdfObjects(pdf);
  const out = new Map<string, EmbeddedFont>();
  for (const o of objs.values()) {
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(o.dict);
    if (!fontDict) continue;
    for (const [, res, num] of fontDict[1]!.matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const type0 = objs.get(Number(num))!;
      const descendant = objs.get(Number(/\/DescendantFonts \[(\d+) 0 R\]/.exec(type0.dict)![1]))!;
      const descriptor = objs.get(ref(descendant.dict, 'FontDescriptor')!)!;
      const file = objs.get(ref(descriptor.dict, 'FontFile2')!)!.stream!;
      const widths = new Map<number, number>();
      const w = /\/W \[0 \[([^\]]*)\]\]/.exec(descendant.dict);
      if (w)
        w[1]!
          .trim()
          .split(/\s+/)
          .forEach((v, i) => widths.set(i, Number(v)));
      out.set(res!, { resource: res!, baseFont: /\/BaseFont \/(\S+)/.exec(type0.dict)![1]!, widths, file });
    }
  }
  return out;
}

export type DrawnGlyph = { cid: number; x: number; y: number };
export type TextBlock = { font: string; size: number; glyphs: DrawnGlyph[] };

/**
 * Every BT…ET block: its font resource, size, and each glyph's CID (the subset glyph id, as pdfkit
 * writes Identity-H) with the position the viewer places it at (text-space origin, in points).
 */
export function textBlocks(pdf: Buffer): TextBlock[] {
  const content = pageContent(pdf);
  const fonts = embeddedFonts(pdf);
  const blocks: TextBlock[] = [];
  for (const [, body] of content.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
    let font = '',
      size = 0,
      x = 0,
      y = 0;
    const glyphs: DrawnGlyph[] = [];
    const tokens =
      body!.match(/\[[^\]]*\]\s*TJ|[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ Tm|\/\w+ [-\d.]+ Tf/g) ?? [];
    for (const tok of tokens) {
      if (tok.endsWith('Tm')) {
        const n = tok.split(/\s+/).slice(0, 6).map(Number);
        x = n[4]!;
        y = n[5]!;
        continue;
      }
      if (tok.endsWith('Tf')) {
        const [name, s] = tok.split(/\s+/);
        font = name!.slice(1);
        size = Number(s);
        continue;
      }
      const widths = fonts.get(font)!.widths;
      for (const [, hex, num] of tok.matchAll(/<([0-9a-fA-F]*)>|(-?[\d.]+)/g)) {
        if (hex === undefined) {
          if (num !== undefined) x -= (Number(num) / 1000) * size;
          continue;
        }
        for (let i = 0; i < hex.length; i += 4) {
          const cid = parseInt(hex.slice(i, i + 4), 16);
          glyphs.push({ cid, x, y });
          x += ((widths.get(cid) ?? 0) / 1000) * size;
        }
      }
    }
    blocks.push({ font, size, glyphs });
  }
  return blocks;
}

/** The QR code drawn as vector modules, rebuilt as a bitmap and decoded. Null if none decodes. */
export function decodeQrFromPdf(pdf: Buffer): { data: string; modules: number } | null {
  const content = pageContent(pdf);
  const section = /\/QRCode BMC([\s\S]*?)EMC/.exec(content);
  if (!section) return null;
  const rects = [...section[1]!.matchAll(/([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re/g)].map(
    (r) => r.slice(1, 5).map(Number) as [number, number, number, number],
  );
  if (!rects.length) return null;
  const m = Math.min(...rects.map((r) => r[3]));
  const x0 = Math.min(...rects.map((r) => r[0]));
  const y0 = Math.min(...rects.map((r) => r[1]));
  const n = Math.round((Math.max(...rects.map((r) => r[0] + r[2])) - x0) / m);
  const quiet = 4,
    px = 4;
  const side = (n + 2 * quiet) * px;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [x, y, w] of rects) {
    const row = Math.round((y - y0) / m);
    const c0 = Math.round((x - x0) / m);
    const len = Math.round(w / m);
    for (let c = c0; c < c0 + len; c++) {
      for (let dy = 0; dy < px; dy++)
        for (let dx = 0; dx < px; dx++) {
          const i = (((quiet + row) * px + dy) * side + (quiet + c) * px + dx) * 4;
          rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
        }
    }
  }
  const code = jsQR(rgba, side, side);
  return code ? { data: code.data, modules: n } : null;
}
