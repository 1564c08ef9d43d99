/**
 * The CPD audit draw: deterministic from a published seed, so anyone holding the selection report
 * can reproduce it. Pure (no database, no clock).
 *
 * Algorithm (version 1), as printed in every selection report:
 *  1. Start from the eligible population: everyone left after the exclusions, minus targeted people.
 *  2. Group people into strata by the chosen fields (e.g. tier|region|sector), in that order.
 *  3. In each stratum, give each person the key HMAC-SHA256(key = seed as UTF-8 bytes,
 *     message = licence number as UTF-8 bytes), written as lower-case hex.
 *  4. Sort the stratum by key (ascending; ties, which do not happen in practice, by licence number)
 *     and select the first ceil(rate × stratum size) people, where rate is in basis points
 *     (1 bp = 0.01 %) and the product is computed exactly in integers.
 */
import { createHmac } from 'node:crypto';

export const DRAW_ALGORITHM =
  'cpd-audit-draw-v1: group the eligible population into strata by the listed fields (values joined with "|"); ' +
  'in each stratum compute HMAC-SHA256(key = seed as UTF-8, message = licence number as UTF-8) in lower-case hex; ' +
  'sort ascending by that value (then by licence number); select the first ceil(rateBasisPoints × stratum size / 10000) people. ' +
  'Targeted people are added with their reason and are not part of the random draw.';

export type StratumField = 'tier' | 'region' | 'sector';
export const STRATUM_FIELDS: readonly StratumField[] = ['tier', 'region', 'sector'];

export type Candidate = { licenceNumber: string; tier: string; region: string; sector: string };

export type DrawnStratum = {
  stratum: string;
  size: number;
  selectedCount: number;
  /** Everyone in the stratum in draw order, with their key. */
  ranked: { licenceNumber: string; key: string; selected: boolean }[];
};

export const drawKey = (seed: string, licenceNumber: string): string =>
  createHmac('sha256', Buffer.from(seed, 'utf8')).update(licenceNumber, 'utf8').digest('hex');

export const stratumOf = (c: Candidate, fields: readonly StratumField[]): string =>
  fields.length ? fields.map((f) => c[f]).join('|') : 'all';

/** How many of `size` people a rate of `rateBasisPoints` selects: ceil(rate × size), exactly. */
export const selectionCount = (rateBasisPoints: number, size: number): number =>
  Math.floor((rateBasisPoints * size + 9999) / 10000);

/** Rate as a decimal fraction (e.g. 0.025) to basis points (250); at most 4 decimal places. */
export const toBasisPoints = (rate: number): number => Math.round(rate * 10000);

export function drawSample(
  population: readonly Candidate[],
  seed: string,
  rateBasisPoints: number,
  fields: readonly StratumField[],
): DrawnStratum[] {
  const strata = new Map<string, Candidate[]>();
  for (const c of population) {
    const s = stratumOf(c, fields);
    const list = strata.get(s) ?? [];
    list.push(c);
    strata.set(s, list);
  }
  return [...strata.keys()].sort().map((stratum) => {
    const people = strata.get(stratum)!;
    const ranked = people
      .map((c) => ({ licenceNumber: c.licenceNumber, key: drawKey(seed, c.licenceNumber) }))
      .sort((a, b) =>
        a.key < b.key
          ? -1
          : a.key > b.key
            ? 1
            : a.licenceNumber < b.licenceNumber
              ? -1
              : a.licenceNumber > b.licenceNumber
                ? 1
                : 0,
      );
    const n = selectionCount(rateBasisPoints, ranked.length);
    return {
      stratum,
      size: ranked.length,
      selectedCount: n,
      ranked: ranked.map((r, i) => ({ ...r, selected: i < n })),
    };
  });
}

export type ExclusionReason = 'registered_recently' | 'sanctioned' | 'audited_last_round';

export type PopulationMember = Candidate & {
  /** First day the person was licensed. */
  firstLicensedOn: string;
  sanctioned: boolean;
  auditedLastRound: boolean;
};

/** Why a person is left out of the random draw, or null. The first matching reason is reported. */
export function exclusionOf(
  m: PopulationMember,
  rules: { registeredUnderMonths: number; excludeSanctioned: boolean; excludeAuditedLastRound: boolean; asOf: string },
): ExclusionReason | null {
  if (rules.registeredUnderMonths > 0 && m.firstLicensedOn > subtractMonths(rules.asOf, rules.registeredUnderMonths))
    return 'registered_recently';
  if (rules.excludeSanctioned && m.sanctioned) return 'sanctioned';
  if (rules.excludeAuditedLastRound && m.auditedLastRound) return 'audited_last_round';
  return null;
}

/** The same day `months` months earlier (clamped to the month's last day). */
export function subtractMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}
