import { z } from 'zod';
import { publicLicenceSchema } from './verification.projection.js';

export const SEARCH_MIN = 3;

export const licenceNumberParams = z.object({
  number: z.string().max(200).meta({
    description: 'Licence number as printed (case, full-width characters and surrounding spaces are tolerated)',
    example: 'VN-SW-26-000123-7',
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
    }),
});

export const publicSearchResult = z
  .object({
    items: z.array(publicLicenceSchema),
    truncated: z.boolean().meta({ description: 'More licences match than are returned: refine the name' }),
  })
  .strict()
  .meta({ id: 'PublicLicenceSearchResult' });

export const verificationCountOut = z
  .object({
    total: z.number().int(),
    last30Days: z.number().int(),
    byDay: z.array(z.object({ day: z.string(), count: z.number().int() })),
  })
  .meta({
    id: 'LicenceVerificationCount',
    description:
      'Public verifications of a licence (who verified is not recorded); the last few seconds may not be counted yet',
  });

export const verifyPageQuery = z.object({
  q: z.string().max(200).optional(),
  c: z.string().max(4000).optional(),
  lang: z.string().max(10).optional(),
});
export const verifyNumberPageQuery = z.object({ lang: z.string().max(10).optional() });
