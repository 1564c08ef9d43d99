/**
 * Pure CPD rules: what a person's CPD counts for on a given day, and what is still missing.
 * No database, no clock: `asOf` and every fact are arguments. Dates are ISO calendar dates.
 *
 * The rules are data, per tier (see CpdRules): credits required per cycle, category minimums and
 * maximums, a structured minimum, a carry-over cap and pro-rating. The cycle is the licence period.
 *
 *  - Caps: a category's credits count up to its maximum (structured credits first).
 *  - Pro-rating: when the person is in the cycle for fewer days than a standard cycle (a shorter
 *    period, or joining part-way), the total, each category minimum and the structured minimum are
 *    scaled by days-in-cycle / standard days and rounded up to a whole credit. Maximums are not scaled.
 *  - Exemptions (parental, medical leave…): exempt days inside the cycle reduce the requirement in the
 *    same proportion (overlapping exemptions count each day once).
 *  - Carry-over: credits above the previous cycle's requirement, up to the cap, count towards this
 *    cycle's total (not towards category or structured minimums, and they are never carried twice).
 */
import { addDays } from '../../shared/dates.js';

export type CategoryRule = {
  code: string;
  name: string;
  /** Minimum credits in this category per full cycle (0 = none). */
  min: number;
  /** Maximum credits that count from this category per cycle (null = no cap). */
  max: number | null;
};

export type CpdRules = {
  /** Credits required per full cycle; 0 means the tier has no CPD requirement. */
  requiredCredits: number;
  categories: CategoryRule[];
  /** Minimum structured credits per full cycle. */
  minStructured: number;
  /** Most credits that may be carried into the next cycle. */
  carryOverCap: number;
  /** Whether a short or part-way cycle scales the requirement down. */
  proRate: boolean;
};

export type CpdCycle = {
  /** First and last day of the licence period. */
  start: string;
  end: string;
  /** Days in a standard cycle for the tier (the tier's validity). */
  standardDays: number;
  /** The day the person entered this cycle (defaults to start). */
  activeFrom?: string;
};

/** An accepted CPD record as the rules see it. */
export type CountableRecord = { category: string; credits: number; structured: boolean; date: string };

export type Exemption = { from: string; to: string };

export type CategoryProgress = {
  code: string;
  name: string;
  /** Credits recorded in the category within the cycle up to asOf. */
  earned: number;
  /** Credits that count after the category's cap. */
  counted: number;
  countedStructured: number;
  /** Minimum after pro-rating and exemptions (0 = none). */
  min: number;
  max: number | null;
  missing: number;
};

export type ProgressStatus = 'met' | 'on_track' | 'at_risk' | 'not_met';

export type CpdProgress = {
  cycle: { start: string; end: string; activeFrom: string };
  /** Fraction of a standard cycle that is required (1 = full requirement). */
  factor: number;
  exemptDays: number;
  required: number;
  requiredStructured: number;
  carriedOver: number;
  /** Credits that count, including carried-over credits. */
  counted: number;
  countedStructured: number;
  categories: CategoryProgress[];
  /** Human-readable shortfalls; empty when the requirement is met. */
  missing: string[];
  met: boolean;
  daysLeft: number;
  /** Credits expected by the end of the cycle at the rate so far. */
  projected: number;
  status: ProgressStatus;
  warnings: string[];
};

const DAY = 86_400_000;
const toTime = (d: string) => Date.parse(`${d}T00:00:00Z`);
/** Days from `from` to `to` counting both ends (0 when `to` is before `from`). */
export const inclusiveDays = (from: string, to: string): number =>
  Math.max(0, Math.round((toTime(to) - toTime(from)) / DAY) + 1);
const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);
export const round2 = (n: number): number => Math.round(n * 100) / 100;
/** Rounds a scaled requirement up to a whole credit (tolerating float noise such as 30.000000001). */
export const ceilCredits = (n: number): number => Math.max(0, Math.ceil(round2(n) - 1e-9)) || 0;

/** The number of distinct days covered by exemptions between from and to (inclusive). */
export function exemptDaysWithin(exemptions: readonly Exemption[], from: string, to: string): number {
  const clipped = exemptions
    .map((e) => ({ from: maxDate(e.from, from), to: minDate(e.to, to) }))
    .filter((e) => e.from <= e.to)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let days = 0;
  let coveredUntil: string | null = null;
  for (const e of clipped) {
    const start: string = coveredUntil && e.from <= coveredUntil ? addDays(coveredUntil, 1) : e.from;
    if (start <= e.to) days += inclusiveDays(start, e.to);
    if (!coveredUntil || e.to > coveredUntil) coveredUntil = e.to;
  }
  return days;
}

/** The share of a full cycle's requirement that applies (0…1). */
export function requirementFactor(
  rules: Pick<CpdRules, 'proRate'>,
  cycle: CpdCycle,
  exemptions: readonly Exemption[],
): { factor: number; activeFrom: string; exemptDays: number } {
  const activeFrom = maxDate(cycle.activeFrom ?? cycle.start, cycle.start);
  const inCycle = inclusiveDays(activeFrom, cycle.end);
  const exemptDays = exemptDaysWithin(exemptions, activeFrom, cycle.end);
  const base = rules.proRate ? Math.min(1, inCycle / cycle.standardDays) : 1;
  // Exempt days reduce the requirement in proportion to the days the person is in the cycle.
  const factor = inCycle === 0 ? 0 : base * ((inCycle - exemptDays) / inCycle);
  return { factor: Math.max(0, Math.min(1, factor)), activeFrom, exemptDays };
}

/** Credits above the previous cycle's requirement that may be carried into the next one. */
export const carryOver = (previous: { counted: number; required: number; carriedOver: number }, cap: number): number =>
  round2(Math.max(0, Math.min(cap, previous.counted - previous.carriedOver - previous.required)));

const fmt = (n: number) => String(round2(n));

/**
 * What a person's CPD counts for on `asOf`: records dated inside the cycle (from activeFrom to
 * min(asOf, end)) count; later ones do not yet.
 */
export function cpdProgress(input: {
  rules: CpdRules;
  cycle: CpdCycle;
  records: readonly CountableRecord[];
  exemptions?: readonly Exemption[];
  carriedOver?: number;
  asOf: string;
}): CpdProgress {
  const { rules, cycle, asOf } = input;
  const exemptions = input.exemptions ?? [];
  const { factor, activeFrom, exemptDays } = requirementFactor(rules, cycle, exemptions);
  const countUntil = minDate(asOf, cycle.end);
  const inWindow = input.records.filter((r) => r.date >= activeFrom && r.date <= countUntil && r.credits > 0);
  const carriedOver = round2(Math.max(0, input.carriedOver ?? 0));

  const known = new Map(rules.categories.map((c) => [c.code, c]));
  const codes = [
    ...rules.categories.map((c) => c.code),
    ...[...new Set(inWindow.map((r) => r.category))].filter((c) => !known.has(c)).sort(),
  ];
  const categories: CategoryProgress[] = codes.map((code) => {
    const rule = known.get(code) ?? { code, name: code, min: 0, max: null };
    const mine = inWindow.filter((r) => r.category === code);
    const structuredEarned = round2(mine.filter((r) => r.structured).reduce((s, r) => s + r.credits, 0));
    const earned = round2(mine.reduce((s, r) => s + r.credits, 0));
    const counted = rule.max === null ? earned : Math.min(earned, rule.max);
    const countedStructured = Math.min(structuredEarned, counted);
    const min = rule.min > 0 ? ceilCredits(rule.min * factor) : 0;
    return {
      code,
      name: rule.name,
      earned,
      counted: round2(counted),
      countedStructured: round2(countedStructured),
      min,
      max: rule.max,
      missing: round2(Math.max(0, min - counted)),
    };
  });

  const earnedCounted = round2(categories.reduce((s, c) => s + c.counted, 0));
  const counted = round2(earnedCounted + carriedOver);
  const countedStructured = round2(categories.reduce((s, c) => s + c.countedStructured, 0));
  const required = rules.requiredCredits > 0 ? ceilCredits(rules.requiredCredits * factor) : 0;
  const requiredStructured =
    rules.minStructured > 0 ? Math.min(required, ceilCredits(rules.minStructured * factor)) : 0;

  const missing: string[] = [];
  if (counted < required) missing.push(`${fmt(required - counted)} more credits (${fmt(counted)} of ${required})`);
  for (const c of categories)
    if (c.missing > 0) missing.push(`${fmt(c.missing)} more credits in ${c.name} (${fmt(c.counted)} of ${c.min})`);
  if (countedStructured < requiredStructured)
    missing.push(
      `${fmt(requiredStructured - countedStructured)} more structured credits (${fmt(countedStructured)} of ${requiredStructured})`,
    );
  const met = missing.length === 0;

  // Projection: the rate so far over the days not exempt, carried forward over the days left.
  const daysLeft = asOf > cycle.end ? 0 : inclusiveDays(maxDate(addDays(asOf, 1), activeFrom), cycle.end);
  const elapsedFrom = activeFrom;
  const elapsed =
    asOf < activeFrom
      ? 0
      : inclusiveDays(elapsedFrom, countUntil) - exemptDaysWithin(exemptions, elapsedFrom, countUntil);
  const activeLeft =
    daysLeft === 0 ? 0 : daysLeft - exemptDaysWithin(exemptions, maxDate(addDays(asOf, 1), activeFrom), cycle.end);
  const projected = round2(counted + (elapsed > 0 ? (earnedCounted / elapsed) * activeLeft : 0));

  const warnings: string[] = [];
  let status: ProgressStatus;
  if (met) status = 'met';
  else if (daysLeft === 0) {
    status = 'not_met';
    warnings.push(`the cycle ended on ${cycle.end} with the requirement not met`);
  } else if (projected < required) {
    status = 'at_risk';
    warnings.push(
      `at the rate so far you will have about ${fmt(projected)} of ${required} credits by ${cycle.end} (${daysLeft} days left)`,
    );
  } else status = 'on_track';
  if (!met && daysLeft > 0) {
    for (const c of categories)
      if (c.missing > 0 && daysLeft <= 90)
        warnings.push(`${c.name}: ${fmt(c.missing)} credits still needed with ${daysLeft} days left`);
    if (countedStructured < requiredStructured && daysLeft <= 90)
      warnings.push(
        `structured learning: ${fmt(requiredStructured - countedStructured)} credits still needed with ${daysLeft} days left`,
      );
    if (status === 'on_track' && warnings.length) status = 'at_risk';
  }

  return {
    cycle: { start: cycle.start, end: cycle.end, activeFrom },
    factor: Math.round(factor * 10000) / 10000,
    exemptDays,
    required,
    requiredStructured,
    carriedOver,
    counted,
    countedStructured,
    categories,
    missing,
    met,
    daysLeft,
    projected,
    status,
    warnings,
  };
}

/** Record states and who moves them. */
export const RECORD_TRANSITIONS = {
  pending: ['accepted', 'rejected', 'info_requested'],
  info_requested: ['pending', 'rejected'],
  accepted: [],
  rejected: [],
} as const satisfies Record<string, readonly string[]>;
export type CpdRecordStatus = keyof typeof RECORD_TRANSITIONS;
