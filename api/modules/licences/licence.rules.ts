/**
 * Pure licensing rules: the licence state table, licence numbers with a check digit, and the
 * requirement-by-requirement eligibility check for a tier. Dates are ISO calendar dates; `today`
 * is always an argument.
 */
import { IllegalTransitionError } from '../../shared/errors.js';
import { addDays, addMonthsMinusDay } from '../../shared/dates.js';
import type { TierRequirements } from '../council/index.js';
import { t as message } from '../../shared/i18n.js';

export const LICENCE_TRANSITIONS = {
  pending: ['active'],
  active: ['grace', 'suspended', 'revoked', 'surrendered'],
  grace: ['active', 'lapsed', 'suspended', 'revoked'],
  lapsed: ['active', 'revoked'],
  // A suspension that ends after the licence period ran out returns the licence to where renewal
  // would have put it meanwhile: grace or lapsed, not active.
  suspended: ['active', 'grace', 'lapsed', 'revoked'],
  revoked: [],
  surrendered: [],
} as const satisfies Record<string, readonly string[]>;
export type LicenceStatus = keyof typeof LICENCE_TRANSITIONS;

export const canMoveLicence = (from: LicenceStatus, to: string): boolean =>
  (LICENCE_TRANSITIONS[from] as readonly string[]).includes(to);

export function assertLicenceTransition(from: LicenceStatus, to: string): asserts to is LicenceStatus {
  if (!canMoveLicence(from, to)) throw new IllegalTransitionError('The licence', from, to);
}

export const APPLICATION_TRANSITIONS = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['under_review', 'withdrawn'],
  under_review: ['information_requested', 'approved', 'rejected', 'withdrawn'],
  information_requested: ['resubmitted', 'withdrawn'],
  resubmitted: ['under_review', 'withdrawn'],
  approved: [],
  rejected: [],
  withdrawn: [],
} as const satisfies Record<string, readonly string[]>;
export type LicenceApplicationStatus = keyof typeof APPLICATION_TRANSITIONS;

export function assertApplicationTransition(from: LicenceApplicationStatus, to: LicenceApplicationStatus): void {
  if (!(APPLICATION_TRANSITIONS[from] as readonly string[]).includes(to))
    throw new IllegalTransitionError('The application', from, to);
}

// ---- licence numbers (pure, in api/shared: the council module validates its number format with them) ----

export {
  luhnCheckDigit,
  DEFAULT_NUMBER_FORMAT,
  formatLicenceNumber,
  hasValidCheckDigit,
} from '../../shared/licence-numbers.js';

// ---- periods ----

/** A renewal's period starts the day after the current one ends, whenever it is approved. */
export function renewedPeriod(validUntil: string, validityMonths: number): { validFrom: string; validUntil: string } {
  const validFrom = addDays(validUntil, 1);
  return { validFrom, validUntil: addMonthsMinusDay(validFrom, validityMonths) };
}

// ---- eligibility ----

export type QualificationLevel = 'certificate' | 'diploma' | 'bachelor' | 'master' | 'doctorate';
export const LEVEL_RANK: Record<QualificationLevel, number> = {
  certificate: 1,
  diploma: 2,
  bachelor: 3,
  master: 4,
  doctorate: 5,
};

export type TierRequirementsInput = TierRequirements;

export type QualificationFact = {
  id: string;
  level: QualificationLevel;
  awardedOn: string;
  foreign: boolean;
  /** Accreditation answer for a local programme (null for a foreign qualification). */
  accredited: { accredited: boolean; reason: string | null } | null;
  /** The school's graduate list names this person: primary-source evidence. */
  verifiedByGraduateList: boolean;
  label: string;
};

export type EligibilityFacts = {
  qualifications: QualificationFact[];
  /** Confirmed supervised hours whose period ended on or after a date, by that date. */
  confirmedHoursSince: (since: string | null) => number;
  passedExams: string[];
  /** First day the person held an active licence at a tier, or null. */
  heldTierSince: (tierCode: string) => string | null;
  declarations: { ethics: boolean; fitness: boolean };
};

export type RequirementStatus = 'met' | 'not_met' | 'needs_review';
export type RequirementCheck = { key: string; label: string; status: RequirementStatus; detail: string };

/** Writes a requirement message (api.requirements.<id> of the catalogues) in the reader's language. */
export type Say = (id: string, values?: Record<string, string | number>) => string;

/** The requirement messages in English: what rules say when no reader's language is given. */
export const inEnglish: Say = (id, values) => message('en', `api.requirements.${id}`, values);

/** A reader's language's writer of requirement messages. */
export const requirementsIn =
  (lang: string): Say =>
  (id, values) =>
    message(lang, `api.requirements.${id}`, values);

export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  t.setUTCDate(Math.min(d, last));
  return t.toISOString().slice(0, 10);
}

/** Every configured requirement of a tier, checked against the facts, each with what decided it. */
export function checkRequirements(
  tierCode: string,
  req: TierRequirementsInput,
  facts: EligibilityFacts,
  today: string,
  say: Say = inEnglish,
): RequirementCheck[] {
  const level = (l: string) => say(`levels.${l}`);
  const checks: RequirementCheck[] = [];
  const quals = facts.qualifications;

  if (req.minQualificationLevel) {
    const min = LEVEL_RANK[req.minQualificationLevel];
    const best = quals.filter((q) => LEVEL_RANK[q.level] >= min);
    checks.push({
      key: 'qualification-level',
      label: say('qualificationLevel', { level: level(req.minQualificationLevel) }),
      status: best.length ? 'met' : 'not_met',
      detail: best.length
        ? best.map((q) => q.label).join('; ')
        : quals.length
          ? say('highestDeclared', { levels: quals.map((q) => level(q.level)).join(', ') })
          : say('noQualification'),
    });
  }

  if (req.accreditedProgramme) {
    const min = req.minQualificationLevel ? LEVEL_RANK[req.minQualificationLevel] : 0;
    const relevant = quals.filter((q) => LEVEL_RANK[q.level] >= min);
    const accredited = relevant.find((q) => q.accredited?.accredited);
    const foreign = relevant.find((q) => q.foreign);
    if (accredited) {
      checks.push({
        key: 'accredited-programme',
        label: say('accreditedProgramme'),
        status: 'met',
        detail: say(accredited.verifiedByGraduateList ? 'onGraduateList' : 'notOnGraduateList', {
          qualification: accredited.label,
        }),
      });
    } else if (foreign && req.foreignQualificationAccepted) {
      checks.push({
        key: 'accredited-programme',
        label: say('accreditedProgramme'),
        status: 'needs_review',
        detail: say('foreignToRecognise', { qualification: foreign.label }),
      });
    } else {
      const why = relevant.map((q) => `${q.label}: ${q.accredited?.reason ?? say('foreignNotAccepted')}`).join('; ');
      checks.push({
        key: 'accredited-programme',
        label: say('accreditedProgramme'),
        status: 'not_met',
        detail: why || say('noQualification'),
      });
    }
  }

  if (req.supervisedHours > 0) {
    const since = req.supervisedPeriodMonths ? monthsBefore(today, req.supervisedPeriodMonths) : null;
    const hours = facts.confirmedHoursSince(since);
    checks.push({
      key: 'supervised-hours',
      label: since
        ? say('supervisedHoursSince', { hours: req.supervisedHours, date: since })
        : say('supervisedHours', { hours: req.supervisedHours }),
      status: hours >= req.supervisedHours ? 'met' : 'not_met',
      detail: say('confirmedHours', { hours }),
    });
  }

  if (req.examRequired) {
    const passed = facts.passedExams.includes(tierCode);
    checks.push({
      key: 'exam',
      label: say('exam', { tier: tierCode }),
      status: passed ? 'met' : 'not_met',
      detail: say(passed ? 'examPassed' : 'examNone'),
    });
  }

  if (req.previousTier && req.monthsAtPreviousTier > 0) {
    const since = facts.heldTierSince(req.previousTier);
    const needed = monthsBefore(today, req.monthsAtPreviousTier);
    checks.push({
      key: 'time-at-previous-tier',
      label: say('monthsAs', { months: req.monthsAtPreviousTier, tier: req.previousTier }),
      status: since && since <= needed ? 'met' : 'not_met',
      detail: since ? say('heldSince', { date: since }) : say('neverHeld', { tier: req.previousTier }),
    });
  }

  if (req.ethicsDeclaration)
    checks.push({
      key: 'ethics-declaration',
      label: say('ethicsDeclaration'),
      status: facts.declarations.ethics ? 'met' : 'not_met',
      detail: say(facts.declarations.ethics ? 'declared' : 'notDeclared'),
    });
  if (req.fitnessDeclaration)
    checks.push({
      key: 'fitness-declaration',
      label: say('fitnessDeclaration'),
      status: facts.declarations.fitness ? 'met' : 'not_met',
      detail: say(facts.declarations.fitness ? 'declared' : 'notDeclared'),
    });
  return checks;
}
