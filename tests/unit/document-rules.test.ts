import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { activeContentProblem, sniff } from '../../api/modules/documents/document.rules.js';
import { CLEAN_PDF, HOSTILE_UPLOADS, PDF_JS_IN_OBJECT_STREAM, pdfOf, streamObject } from '../support/hostile-files.js';

const check = (bytes: Buffer) => activeContentProblem(bytes, sniff(bytes)!);

const pdfkitPdf = () =>
  new Promise<Buffer>((resolve) => {
    const doc = new PDFDocument({
      compress: true,
      info: { Title: 'Certificate <b>', Subject: 'JavaScript and JS in a title' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.fontSize(18).text('Certificate of completion: JavaScript for social workers');
    doc.link(10, 10, 100, 20, 'https://registry.example/verify');
    doc.end();
  });

describe('active content in uploads', () => {
  it.each(HOSTILE_UPLOADS)('$name is refused ($says)', ({ bytes, says }) => {
    expect(sniff(bytes)).not.toBeNull(); // each passes the magic-number check
    expect(check(bytes)).toContain(says);
  });

  it('names what it found, and where', () => {
    expect(check(HOSTILE_UPLOADS[0]!.bytes)).toBe(
      'the PDF carries JavaScript (/JavaScript), which a PDF reader could run; upload a copy without scripts (for example, printed to PDF)',
    );
    expect(check(PDF_JS_IN_OBJECT_STREAM)).toMatch(/inside a compressed/);
  });

  it('finds /JS alone inside an object stream, where a script hides behind an indirect /S', () => {
    const inner = '<< /S 7 0 R /JS (app.alert\\(1\\)) >>';
    const data = deflateSync(Buffer.from(`6 0 ${inner}`, 'latin1'));
    const pdf = pdfOf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [] /Count 0 >>',
      '<< >>',
      '<< >>',
      streamObject('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', data),
    ]);
    expect(check(pdf)).toBe(
      'the PDF carries JavaScript (/JS, inside a compressed object stream), which a PDF reader could run; upload a copy without scripts (for example, printed to PDF)',
    );
  });

  it('refuses an object stream in an encrypted PDF (it cannot be read), but not an encrypted PDF without one', () => {
    const objStm = streamObject('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', Buffer.from([1, 2, 3, 4, 5]));
    expect(check(pdfOf(['<< /Type /Catalog >>', objStm], '/Root 1 0 R /Encrypt << /Filter /Standard >>'))).toMatch(
      /cannot be checked for scripts \(the PDF is encrypted\)/,
    );
    expect(check(pdfOf(['<< /Type /Catalog >>'], '/Root 1 0 R /Encrypt << /Filter /Standard >>'))).toBeNull();
  });

  it('accepts ordinary files: a plain PDF, one made by pdfkit with compressed streams and links, images without markup', async () => {
    expect(check(CLEAN_PDF)).toBeNull();
    const made = await pdfkitPdf();
    expect(sniff(made)).toBe('pdf');
    expect(check(made)).toBeNull();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0x3c)]);
    expect(check(png)).toBeNull(); // "<" bytes alone are not markup
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xd9]);
    expect(check(jpeg)).toBeNull();
  });
});
