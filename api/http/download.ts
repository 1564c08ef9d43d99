/** Sending a file for download, the same way for every route that serves one. */
import type { Response } from 'express';

/**
 * Sends `body` as an attachment: its media type, its name (RFC 6266: an ASCII fallback and the
 * UTF-8 name, so names in any script survive) and no caching outside the user's own browser.
 */
export function sendDownload(
  res: Response,
  file: { contentType: string; filename: string; body: Buffer | string },
): void {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.setHeader('Content-Type', file.contentType);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(file.body);
}
