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
