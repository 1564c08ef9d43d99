import { constants as zlibConstants, inflateSync } from 'node:zlib';

/** What a file really is, from its first bytes. */
export type FileKind = 'pdf' | 'png' | 'jpeg';

export const CONTENT_TYPES: Record<FileKind, string> = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' };

/** The media types an evidence or document upload may declare (its content is checked by sniff). */
export const DOCUMENT_MEDIA_TYPES: string[] = Object.values(CONTENT_TYPES);

export function sniff(bytes: Buffer): FileKind | null {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** A safe file name to keep: no path, no control characters, bounded length. */
export function cleanFilename(name: string | undefined, kind: FileKind): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    // oxlint-disable-next-line no-control-regex -- removing control characters from a file name is the point
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  const ext = kind === 'jpeg' ? 'jpg' : kind;
  if (!base) return `document.${ext}`;
  return base;
}

/**
 * Markup a browser would run if it ever took the file for a page (a polyglot: valid PDF or image
 * bytes that are also an HTML or SVG document): HTML and SVG opening tags.
 */
const MARKUP =
  /<(?:!doctype\s+html|html|head|body|script|svg|iframe|frame|frameset|object|embed|img|meta\s+http-equiv)[\s/>]/i;

/** How far browsers look when they guess a type (the MIME Sniffing standard reads at most 1,445 bytes). */
const SNIFF_WINDOW = 1445;

/** The most a PDF's object streams may inflate to (more is refused: nothing real comes near it). */
const MAX_INFLATED_BYTES = 64 * 1024 * 1024;
/** How much of a PDF's other compressed streams is inflated and looked through (each, and in all). */
const MAX_STREAM_INFLATE = 4 * 1024 * 1024;
const MAX_INFLATED_STREAMS = 16 * 1024 * 1024;

/**
 * Why an upload carries something that could run, or null. Checked for every stored document
 * (storeDocument), after sniff:
 *
 * - all kinds: no HTML or SVG markup where a browser or a polyglot would put it — the first 1,445
 *   bytes, and the text a format carries beside its content (PNG tEXt/iTXt/zTXt chunks, JPEG comment
 *   and APPn segments) and anything after its end (PNG IEND, JPEG EOI, the PDF's last %%EOF);
 * - PDF: no JavaScript. Every JavaScript action (what /OpenAction, /AA, annotations and links
 *   run) is typed /S /JavaScript and holds the script under /JS; document-level scripts sit under
 *   /JavaScript in the /Names dictionary. Those names are looked for, #-escapes decoded: in the
 *   objects outside streams; inside object streams (/Type /ObjStm, inflated when FlateDecode — one
 *   that cannot be read, because of another filter, a predictor, encryption or damage, is refused,
 *   since it could hide them); and, for /JavaScript only, in every other stream's data, raw and
 *   (best effort, up to 4 MB each and 16 MB in all) inflated when it is zlib. Not detected: a script
 *   in a stream compressed some other way that no dictionary outside it names (only a mislabelled
 *   object stream could be that), XFA form scripts (XML inside a stream, run by few readers) and
 *   files embedded in the PDF (not opened here).
 */
export function activeContentProblem(bytes: Buffer, kind: FileKind): string | null {
  const places = [bytes.subarray(0, SNIFF_WINDOW)];
  if (kind === 'pdf') {
    const eof = bytes.lastIndexOf('%%EOF');
    if (eof >= 0) places.push(bytes.subarray(eof + 5));
  } else places.push(...(kind === 'png' ? pngTextAndTrailer(bytes) : jpegTextAndTrailer(bytes)));
  if (places.some((p) => MARKUP.test(p.toString('latin1'))))
    return 'the file contains HTML or SVG markup, which a browser could run as a page; upload the document itself (for example, printed to PDF or a plain photo)';
  return kind === 'pdf' ? pdfScriptProblem(bytes) : null;
}

/** PDF names, with #xx escapes decoded (/J#61vaScript is /JavaScript). */
const NAME = /\/([^\s()<>[\]{}/%]*)/g;
const decodeName = (name: string) =>
  name.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
const namesIn = (text: string) => [...text.matchAll(NAME)].map((m) => decodeName(m[1]!));
/**
 * Every JavaScript action names its type /JavaScript (/S /JavaScript) and document-level scripts sit
 * under the /JavaScript key of the /Names dictionary; the script itself is under /JS.
 */
const SCRIPT_NAMES = new Set(['JS', 'JavaScript']);
/** Only names that are /JS or /JavaScript as written, or carry #-escapes, need a closer look. */
const SCRIPT_NAME_CANDIDATE = /\/(JS|JavaScript|[^\s()<>[\]{}/%#]*#[^\s()<>[\]{}/%]*)(?=[\s()<>[\]{}/%]|$)/g;
const scriptNameIn = (text: string): string | null => {
  for (const m of text.matchAll(SCRIPT_NAME_CANDIDATE)) {
    const name = decodeName(m[1]!);
    if (SCRIPT_NAMES.has(name)) return name;
  }
  return null;
};
/** In stream data only the long name is looked for: a short one like /JS turns up in binary data by chance. */
const LONG_NAME = /\/[A-Za-z0-9#]{10,40}/g;
const hasJavaScriptName = (data: Buffer) =>
  (data.toString('latin1').match(LONG_NAME) ?? []).some((n) => decodeName(n.slice(1)) === 'JavaScript');
/** A zlib header (RFC 1950): deflate, and the check bits right. */
const looksDeflated = (b: Buffer) => b.length > 2 && (b[0]! & 0x0f) === 8 && ((b[0]! << 8) | b[1]!) % 31 === 0;

const scriptFound = (where: string) =>
  `the PDF carries JavaScript${where}, which a PDF reader could run; upload a copy without scripts (for example, printed to PDF)`;
const uncheckable = (why: string) =>
  `the PDF has a compressed object stream that cannot be checked for scripts (${why}); upload a copy saved without it (for example, printed to PDF)`;

function pdfScriptProblem(bytes: Buffer): string | null {
  const text = bytes.toString('latin1');
  const encrypted = /\/Encrypt\b/.test(text);
  const bodies: [number, number][] = [];
  let objectBudget = MAX_INFLATED_BYTES;
  let streamBudget = MAX_INFLATED_STREAMS;
  // Every "stream" keyword after a dictionary, including any inside another stream's data (a body
  // is not skipped, so a stream hidden inside a fake one is still found).
  for (const m of text.matchAll(/>>\s*stream(?:\r\n|\n|\r)/g)) {
    const start = m.index + m[0].length;
    const header = text.lastIndexOf(' obj', m.index);
    const dict = text.slice(Math.max(0, header, m.index - 1024 * 1024), m.index + 2);
    const length = /\/Length\s+(\d+)(?![\d\s]*R)/.exec(dict);
    let end = length ? start + Number(length[1]) : -1;
    if (end < 0 || end > text.length || !/^\s*endstream/.test(text.slice(end, end + 20)))
      end = text.indexOf('endstream', start);
    if (end < 0) end = text.length;
    bodies.push([start, end]);
    const body = bytes.subarray(start, end);
    const names = namesIn(dict);
    const objectStream = names.includes('ObjStm');
    if (hasJavaScriptName(body)) return scriptFound(' (/JavaScript)');
    // Objects inside an object stream are ordinary dictionaries: every name counts, /JS too.
    const filters = names.filter((n) => n.endsWith('Decode') || ['AHx', 'A85', 'LZW', 'Fl', 'RL', 'Crypt'].includes(n));
    if (objectStream) {
      if (encrypted) return uncheckable('the PDF is encrypted');
      if (names.includes('Predictor')) return uncheckable('it uses a predictor');
      if (filters.length > 1 || (filters.length === 1 && filters[0] !== 'FlateDecode' && filters[0] !== 'Fl'))
        return uncheckable(`its filter is ${filters.join(', ')}`);
      let content = body;
      if (filters.length === 1) {
        try {
          content = inflateSync(body, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: objectBudget });
        } catch (e) {
          return uncheckable(
            (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'it inflates too far' : 'it does not inflate',
          );
        }
        objectBudget -= content.length;
      }
      const hidden = scriptNameIn(content.toString('latin1'));
      if (hidden) return scriptFound(` (/${hidden}, inside a compressed object stream)`);
    } else if (looksDeflated(body) && streamBudget > 0) {
      // Best effort for other compressed streams (an object stream whose dictionary was not read right
      // still shows /JavaScript here); one too large to inflate within the budget is left unread.
      try {
        const content = inflateSync(body, {
          finishFlush: zlibConstants.Z_SYNC_FLUSH,
          maxOutputLength: Math.min(streamBudget, MAX_STREAM_INFLATE),
        });
        streamBudget -= content.length;
        if (hasJavaScriptName(content)) return scriptFound(' (/JavaScript, inside a compressed stream)');
      } catch {
        /* not zlib after all, or too large: not read */
      }
    }
  }
  // The objects outside any stream's data: every name counts.
  let outside = '';
  let at = 0;
  for (const [start, end] of bodies.sort((a, b) => a[0] - b[0])) {
    if (start > at) outside += text.slice(at, start);
    at = Math.max(at, end);
  }
  outside += text.slice(at);
  const direct = scriptNameIn(outside);
  return direct ? scriptFound(` (/${direct})`) : null;
}

/** A zlib stream inflated within the budget, or null (damaged or too large: then it is not shown by viewers either). */
function inflated(data: Buffer): Buffer | null {
  try {
    return inflateSync(data, { maxOutputLength: 1024 * 1024 });
  } catch {
    return null;
  }
}

/** A PNG's text chunks (tEXt, iTXt and zTXt, inflated) and whatever follows its IEND chunk. */
function pngTextAndTrailer(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length));
    if (type === 'tEXt') out.push(data);
    else if (type === 'zTXt') out.push(inflated(data.subarray(data.indexOf(0) + 2)) ?? data);
    else if (type === 'iTXt') {
      const k = data.indexOf(0);
      const compressed = data[k + 1] === 1;
      const lang = data.indexOf(0, k + 3);
      const text = data.subarray(data.indexOf(0, lang + 1) + 1);
      out.push(data, ...(compressed ? [inflated(text) ?? text] : []));
    }
    at += 12 + length;
    if (type === 'IEND') {
      out.push(bytes.subarray(at));
      break;
    }
  }
  return out;
}

/** A JPEG's comment and APPn segments, and whatever follows its EOI marker. */
function jpegTextAndTrailer(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 2;
  while (at + 1 < bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      out.push(bytes.subarray(at + 2));
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) break;
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xfe || (marker >= 0xe0 && marker <= 0xef)) out.push(bytes.subarray(at + 4, at + 2 + length));
    at += 2 + length;
    if (marker === 0xda) {
      // entropy-coded data runs to the next marker (0xff00 is a stuffed byte, 0xffd0–0xffd7 restart markers)
      while (
        at + 1 < bytes.length &&
        !(bytes[at] === 0xff && bytes[at + 1] !== 0 && (bytes[at + 1]! < 0xd0 || bytes[at + 1]! > 0xd7))
      )
        at++;
    }
  }
  return out;
}
