import { z } from 'zod';
import { PUBLIC_LICENCE_EXAMPLE, publicLicenceSchema } from './verification.projection.js';

export const SEARCH_MIN = 3;

export const licenceNumberParams = z.object({
  number: z.string().max(200).meta({
    description: 'Licence number as printed (case, full-width characters and surrounding spaces are tolerated)',
    example: 'VN-SW-26-000123-5',
  }),
});

export const searchQuery = z.object({
  q: z
    .string({ error: 'required: a name to search for' })
    .trim()
    .min(1, 'required: a name to search for')
    .max(100)
    .refine((v) => !/[%*_?]/.test(v), 'wildcards are not supported: type at least 3 letters of the name')
    .meta({
      description: `Name (Latin or native script), at least ${SEARCH_MIN} letters; case and diacritics are ignored`,
      example: 'Nguyen Thi Mai Anh',
    }),
});

export const publicSearchResult = z
  .object({
    items: z.array(publicLicenceSchema).meta({ description: 'Matching licences, ordered by name (at most 20)' }),
    truncated: z.boolean().meta({ description: 'More licences match than are returned: refine the name' }),
  })
  .strict()
  .meta({
    id: 'PublicLicenceSearchResult',
    example: { items: [PUBLIC_LICENCE_EXAMPLE], truncated: false },
  });

export const verificationCountOut = z
  .object({
    total: z.number().int().meta({ description: 'Verifications since counting began' }),
    last30Days: z.number().int().meta({ description: 'Verifications in the last 30 days, today included' }),
    byDay: z
      .array(
        z.object({
          day: z.string().meta({ description: 'The day (YYYY-MM-DD)' }),
          count: z.number().int().meta({ description: 'Verifications that day' }),
        }),
      )
      .meta({ description: 'Days of the last 30 with at least one verification, oldest first' }),
  })
  .meta({
    id: 'LicenceVerificationCount',
    description:
      'Public verifications of a licence (who verified is not recorded); the last few seconds may not be counted yet',
    example: {
      total: 57,
      last30Days: 4,
      byDay: [
        { day: '2026-05-04', count: 1 },
        { day: '2026-05-19', count: 3 },
      ],
    },
  });

const pageLanguage = z
  .string()
  .max(10)
  .optional()
  .meta({ description: "Language of the page, one of the council's languages (default: from Accept-Language)" });

export const verifyPageQuery = z.object({
  q: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'A licence number to look up, or at least 3 letters of a name to search for' }),
  c: z
    .string()
    .max(4000)
    .optional()
    .meta({ description: "A certificate's verification code, as in its QR code: checked against the live register" }),
  lang: pageLanguage,
});
export const verifyNumberPageQuery = z.object({ lang: pageLanguage });
