/**
 * Uploads that carry something that could run: PDFs with JavaScript (plain, #-escaped, inside a
 * compressed object stream) and files whose bytes after the magic number are HTML or SVG. Each is
 * otherwise a file of the kind it claims, so only the active-content check refuses it.
 */
import { deflateSync } from 'node:zlib';
import { expect } from 'vitest';

/** A PDF from its objects (bodies without "N 0 obj"/"endobj"), with a cross-reference table and trailer. */
export function pdfOf(objects: (string | Buffer)[], trailer = '/Root 1 0 R'): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    offsets.push(length);
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(
    Buffer.from(
      `${xref}trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${length}\n%%EOF\n`,
      'latin1',
    ),
  );
  return Buffer.concat(parts);
}

/** A stream object: its dictionary entries and its (already encoded) data. */
export const streamObject = (dict: string, data: Buffer) =>
  Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);

const page = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>';

/** A plain one-page PDF (no scripts): must be accepted. */
export const CLEAN_PDF = pdfOf([
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  page,
]);

/** Opens with a JavaScript action. */
export const PDF_OPEN_ACTION_JS = pdfOf([
  '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  page,
  '<< /S /JavaScript /JS (app.alert\\("hello"\\)) >>',
]);

/** A page's additional action, the names written with #-escapes. */
export const PDF_ESCAPED_AA_JS = pdfOf([
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /AA << /O << /S /J#61va#53cript /J#53 (this.print\\(\\)) >> >> >>',
]);

/**
 * A JavaScript action inside a FlateDecode object stream: nothing in plain sight. (The check reads
 * streams, not cross-references, so the fixture's classic xref table need not point into it.)
 */
export const PDF_JS_IN_OBJECT_STREAM = (() => {
  const inner = [
    '<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A 6 0 R >>',
    '<< /S /JavaScript /JS (app.alert\\(1\\)) >>',
  ];
  const header = `5 0 6 ${inner[0]!.length + 1} `;
  const data = deflateSync(Buffer.from(`${header}${inner.join('\n')}`, 'latin1'));
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [5 0 R] >>',
    streamObject(`/Type /ObjStm /N 2 /First ${header.length} /Filter /FlateDecode`, data),
  ]);
})();

/** An object stream in a filter the check cannot read (so it could hide a script). */
export const PDF_UNREADABLE_OBJECT_STREAM = pdfOf([
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  page,
  streamObject('/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode', Buffer.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c])),
]);

/** "%PDF-" and then a web page. */
export const PDF_HTML_BODY = Buffer.from(
  '%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n',
);

/** A real PDF with an SVG document after its end. */
export const PDF_SVG_AFTER_EOF = Buffer.concat([
  CLEAN_PDF,
  Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
]);

/** A PNG signature, then a page. */
export const PNG_HTML_BODY = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('<html><script>alert(1)</script></html>'),
]);

/** A JPEG whose comment segment is a script. */
export const JPEG_SCRIPT_COMMENT = (() => {
  const comment = Buffer.from('<script>alert(1)</script>');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(comment.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xfe]), len, comment, Buffer.from([0xff, 0xd9])]);
})();

/** Every hostile upload, with the words the refusal must contain. */
export const HOSTILE_UPLOADS: { name: string; type: string; bytes: Buffer; says: string }[] = [
  { name: 'open-action.pdf', type: 'application/pdf', bytes: PDF_OPEN_ACTION_JS, says: 'JavaScript' },
  { name: 'escaped.pdf', type: 'application/pdf', bytes: PDF_ESCAPED_AA_JS, says: 'JavaScript' },
  { name: 'object-stream.pdf', type: 'application/pdf', bytes: PDF_JS_IN_OBJECT_STREAM, says: 'JavaScript' },
  { name: 'lzw.pdf', type: 'application/pdf', bytes: PDF_UNREADABLE_OBJECT_STREAM, says: 'cannot be checked' },
  { name: 'page.pdf', type: 'application/pdf', bytes: PDF_HTML_BODY, says: 'HTML or SVG' },
  { name: 'trailer.pdf', type: 'application/pdf', bytes: PDF_SVG_AFTER_EOF, says: 'HTML or SVG' },
  { name: 'page.png', type: 'image/png', bytes: PNG_HTML_BODY, says: 'HTML or SVG' },
  { name: 'comment.jpg', type: 'image/jpeg', bytes: JPEG_SCRIPT_COMMENT, says: 'HTML or SVG' },
];

export type HostileUpload = (typeof HOSTILE_UPLOADS)[number];

/** POSTs a file as the request body (how every document upload route takes it). */
export const postFile = (url: string, token: string, file: { type: string; bytes: Buffer }) =>
  fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': file.type },
    body: file.bytes,
  });

/**
 * Sends every hostile upload of the accepted kinds through `send` (one upload route) and expects
 * each refused: 422 problem+json naming the field `file` with the reason, and (with `stored`, a
 * count of what the route keeps) nothing written.
 */
export async function expectHostileUploadsRefused(
  send: (file: HostileUpload) => Promise<Response>,
  opts: { types?: string[]; stored?: () => Promise<number> } = {},
): Promise<void> {
  const types = opts.types ?? ['application/pdf', 'image/png', 'image/jpeg'];
  const before = await opts.stored?.();
  for (const file of HOSTILE_UPLOADS.filter((f) => types.includes(f.type))) {
    const res = await send(file);
    const text = await res.text();
    expect(res.status, `${file.name}: ${text}`).toBe(422);
    expect(res.headers.get('content-type'), file.name).toContain('application/problem+json');
    const body = JSON.parse(text) as { errors: { field: string; message: string }[] };
    expect(body.errors, file.name).toEqual([{ field: 'file', message: expect.stringContaining(file.says) }]);
  }
  if (opts.stored) expect(await opts.stored()).toBe(before);
}
