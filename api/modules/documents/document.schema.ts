import { z } from 'zod';

/** A stored file as the API shows it (documentView): what it is, its name, type, size and digest. */
export const documentOut = z
  .object({
    id: z.uuid().describe('Identifier (UUID)'),
    purpose: z
      .string()
      .describe('What the document is (self-study report, evidence, site visit report, response, decision…)'),
    filename: z.string().describe('File name as uploaded'),
    contentType: z.string().describe('Media type of the file'),
    sizeBytes: z.number().int().describe('Size in bytes'),
    sha256: z.string().describe("SHA-256 of the file's content (hex)"),
    uploadedAt: z.iso.datetime().describe('When the file was uploaded'),
  })
  .meta({ id: 'Document' });
