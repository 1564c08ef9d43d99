/**
 * Bulk verification: up to 1,000 numbers, one answer per input in input order (duplicates answered
 * each time), from ONE set-based lookup of the public projection. Limited per organisation (or per
 * staff account) in PostgreSQL, so the limit holds across instances.
 */
import type { AppDeps } from '../../../deps.js';
import type { AuthContext } from '../../../http/authenticate.js';
import type { RateLimitState } from '../../../shared/errors.js';
import { hitRateLimit } from '../../../shared/rate-limit.js';
import { isStaff } from '../../auth/index.js';
import {
  countVerifications,
  findPublicLicences,
  normaliseLicenceNumberInput,
  type PublicLicence,
} from '../../verification/index.js';
import { employerScope } from '../employer.service.js';
import { toCsv } from '../../../shared/csv.js';

export type VerificationResult = {
  input: string;
  number: string | null;
  result: 'found' | 'not_found' | 'malformed';
  licence?: PublicLicence;
};
export type VerificationAnswer = {
  checkedAt: string;
  counts: { found: number; not_found: number; malformed: number };
  results: VerificationResult[];
};

/** The answer, and where the caller stands against its rate limit (for the RateLimit headers). */
export async function verifyNumbers(
  deps: AppDeps,
  auth: AuthContext,
  inputs: string[],
): Promise<{ answer: VerificationAnswer; rateLimit: RateLimitState }> {
  const em = deps.orm.em;
  const now = deps.clock.now();
  const key =
    isStaff(auth.roles) && !auth.organisationId
      ? `verify-bulk:staff:${auth.accountId}`
      : `verify-bulk:org:${(await employerScope(em, auth)).organisationId}`;
  const rateLimit = await hitRateLimit(
    deps.orm.em.fork(),
    key,
    { limit: deps.config.bulkVerifyLimitPerMinute, windowSeconds: 60 },
    now,
  );

  const normalised = inputs.map((i) => normaliseLicenceNumberInput(i));
  const found = await findPublicLicences(
    em,
    normalised.filter((n): n is string => n !== null),
    now.toISOString().slice(0, 10),
  );
  // Each licence found counts once per request towards its verification count (who asked is not stored).
  countVerifications(deps, found.keys());
  const counts = { found: 0, not_found: 0, malformed: 0 };
  const results = inputs.map((input, i): VerificationResult => {
    const number = normalised[i] ?? null;
    if (number === null) {
      counts.malformed++;
      return { input, number: null, result: 'malformed' };
    }
    const licence = found.get(number);
    if (!licence) {
      counts.not_found++;
      return { input, number, result: 'not_found' };
    }
    counts.found++;
    return { input, number, result: 'found', licence };
  });
  return { answer: { checkedAt: now.toISOString(), counts, results }, rateLimit };
}

export const VERIFICATION_CSV_COLUMNS = [
  'input',
  'number',
  'result',
  'name',
  'tier',
  'status',
  'practise_allowed',
  'valid_until',
  'conditions',
  'sanctions',
] as const;

/** The same answer as CSV (UTF-8 with a byte-order mark, so spreadsheets read the names right). */
export function verificationCsv(answer: VerificationAnswer): string {
  return toCsv(
    VERIFICATION_CSV_COLUMNS,
    answer.results.map((r) => {
      const l = r.licence;
      return [
        r.input,
        r.number,
        r.result,
        l?.name,
        l ? (l.tier.name.en ?? Object.values(l.tier.name)[0] ?? l.tier.code) : '',
        l?.status,
        l ? String(l.practiseAllowed) : '',
        l?.validUntil,
        l?.conditions?.map((c) => c.text).join('; '),
        l?.sanctions?.map((x) => x.type).join('; '),
      ];
    }),
  );
}
