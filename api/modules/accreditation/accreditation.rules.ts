/**
 * Pure accreditation rules: state tables, windows and the one eligibility question
 * "was this programme accredited on this graduation date?". Dates are ISO calendar dates
 * (YYYY-MM-DD); windows include their first and last day.
 */
import { IllegalTransitionError } from '../../shared/errors.js';
import { addDays, addMonths, daysBetween, isoDay } from '../../shared/dates.js';

export const APPLICATION_TRANSITIONS = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['under_review', 'withdrawn'],
  under_review: ['decided', 'withdrawn'],
  decided: [],
  withdrawn: [],
} as const satisfies Record<string, readonly string[]>;
export type ApplicationStatus = keyof typeof APPLICATION_TRANSITIONS;

export const ACCREDITATION_TRANSITIONS = {
  active: ['expired', 'withdrawn'],
  expired: [],
  withdrawn: [],
} as const satisfies Record<string, readonly string[]>;
export type AccreditationStatus = keyof typeof ACCREDITATION_TRANSITIONS;

export const CONDITION_TRANSITIONS = {
  open: ['met', 'missed'],
  met: [],
  missed: [],
} as const satisfies Record<string, readonly string[]>;
export type ConditionStatus = keyof typeof CONDITION_TRANSITIONS;

export type QualificationLevelLabel = 'certificate' | 'diploma' | 'bachelor' | 'master' | 'doctorate';

export type Outcome = 'accredited' | 'accredited_with_conditions' | 'not_accredited';

export function canTransition<T extends Record<string, readonly string[]>>(
  table: T,
  from: keyof T & string,
  to: string,
): boolean {
  return (table[from] as readonly string[]).includes(to);
}

export function assertTransition<T extends Record<string, readonly string[]>>(
  what: string,
  table: T,
  from: keyof T & string,
  to: string,
): void {
  if (!canTransition(table, from, to)) throw new IllegalTransitionError(what, from, to);
}

// ---- calendar dates ----

// The arithmetic is shared by every module (api/shared/dates.ts); these names stay for this module's callers.
export { addDays, addMonths, daysBetween, isoDay as isoDate };

// ---- windows ----

export type AccreditationWindow = {
  id: string;
  outcome: 'accredited' | 'accredited_with_conditions';
  status: AccreditationStatus;
  validFrom: string;
  validUntil: string;
  /** First day on which a withdrawn accreditation no longer applies. */
  withdrawnFrom: string | null;
};

/** The last day a window applies: its end, or the day before its withdrawal took effect. */
export function effectiveEnd(w: AccreditationWindow): string {
  if (w.withdrawnFrom && w.withdrawnFrom <= w.validUntil) return addDays(w.withdrawnFrom, -1);
  return w.validUntil;
}

export type Eligibility =
  | { accredited: true; window: AccreditationWindow }
  | { accredited: false; reason: string; nearest: AccreditationWindow | null };

/**
 * Was a qualification from this programme, awarded on `graduationDate`, accredited? True only when
 * the date falls inside a window (first and last day included) that was not withdrawn before it.
 * Conditions do not change the answer; a missed condition acts through withdrawal.
 */
export function accreditedOn(windows: readonly AccreditationWindow[], graduationDate: string): Eligibility {
  const sorted = [...windows].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  for (const w of sorted) {
    if (graduationDate >= w.validFrom && graduationDate <= effectiveEnd(w)) return { accredited: true, window: w };
  }
  if (sorted.length === 0)
    return { accredited: false, reason: 'the programme has never been accredited', nearest: null };
  const withdrawn = sorted.find(
    (w) => w.withdrawnFrom && graduationDate >= w.withdrawnFrom && graduationDate <= w.validUntil,
  );
  if (withdrawn)
    return {
      accredited: false,
      reason: `the accreditation was withdrawn from ${withdrawn.withdrawnFrom}`,
      nearest: withdrawn,
    };
  const before = sorted.filter((w) => effectiveEnd(w) < graduationDate).at(-1) ?? null;
  const after = sorted.find((w) => w.validFrom > graduationDate) ?? null;
  if (before && after)
    return {
      accredited: false,
      reason: `the date falls in a gap between accreditations (${effectiveEnd(before)} to ${after.validFrom})`,
      nearest: before,
    };
  if (after)
    return { accredited: false, reason: `the programme was first accredited from ${after.validFrom}`, nearest: after };
  return { accredited: false, reason: `the accreditation ended on ${effectiveEnd(before!)}`, nearest: before };
}

/**
 * Where a new window starts: re-accreditation decided while the current window still runs continues
 * it without a gap (the day after it ends); otherwise the window starts on the decision date.
 */
export function nextWindowStart(current: AccreditationWindow | null, decisionDate: string): string {
  if (current && current.status === 'active' && !current.withdrawnFrom && decisionDate <= current.validUntil)
    return addDays(current.validUntil, 1);
  return decisionDate;
}

/** Reminder offsets, in days before expiry. */
export const EXPIRY_REMINDER_DAYS = [180, 90, 30] as const;

/**
 * The reminder due for a window on `today`: the nearest offset already reached, or null. After
 * downtime only the most recent reminder goes out, not a burst of stale ones; each offset's
 * idempotency key stops it from going out twice.
 */
export function reminderDue(validUntil: string, today: string): number | null {
  const left = daysBetween(today, validUntil);
  if (left < 0) return null;
  const reached = EXPIRY_REMINDER_DAYS.filter((d) => left <= d);
  return reached.length ? Math.min(...reached) : null;
}
