/**
 * Pure fitness-to-practise rules: the case stage table, outcome types and their precedence, where a
 * licence lands when a suspension ends, publication windows and the council's defaults. Dates are
 * ISO calendar dates; `today` is always an argument.
 */
import { IllegalTransitionError, ValidationError } from '../../shared/errors.js';
import { addDays } from '../../shared/dates.js';

// ---- case stages ----

export const CASE_TRANSITIONS = {
  intake: ['investigation', 'closed'],
  investigation: ['interim_order', 'hearing', 'closed'],
  interim_order: ['investigation', 'hearing'],
  hearing: ['decision'],
  decision: ['appeal', 'closed'],
  appeal: ['closed'],
  closed: [],
} as const satisfies Record<string, readonly string[]>;
export type CaseStage = keyof typeof CASE_TRANSITIONS;
export const CASE_STAGES = Object.keys(CASE_TRANSITIONS) as [CaseStage, ...CaseStage[]];

export const canMoveCase = (from: CaseStage, to: string): boolean =>
  (CASE_TRANSITIONS[from] as readonly string[]).includes(to);

export function assertCaseTransition(from: CaseStage, to: string): asserts to is CaseStage {
  if (!canMoveCase(from, to)) throw new IllegalTransitionError('The case', from, to);
}

// ---- outcomes ----

export const OUTCOME_TYPES = [
  'no_case_to_answer',
  'advice',
  'warning',
  'conditions',
  'suspension',
  'removal',
  'interim_suspension',
] as const;
export type OutcomeType = (typeof OUTCOME_TYPES)[number];

/** Outcomes that act on a licence (and so need one). */
export const ACTS_ON_LICENCE: readonly OutcomeType[] = ['conditions', 'suspension', 'removal', 'interim_suspension'];
export const SUSPENDING: readonly OutcomeType[] = ['suspension', 'interim_suspension'];

/** The stage in which an outcome may be recorded: interim orders before a hearing, the rest at decision (or on appeal, as a replacement). */
export function stageAllowsOutcome(stage: CaseStage, type: OutcomeType): boolean {
  if (type === 'interim_suspension') return stage === 'interim_order';
  return stage === 'decision' || stage === 'appeal';
}

/**
 * Precedence when sanctions overlap: removal > suspension (final or interim) > conditions > the
 * rest. The licence status follows the strictest sanction in force on the day.
 */
export const PRECEDENCE: Record<OutcomeType, number> = {
  removal: 4,
  suspension: 3,
  interim_suspension: 3,
  conditions: 2,
  warning: 1,
  advice: 0,
  no_case_to_answer: 0,
};

export type SanctionStatus = 'in_force' | 'stayed' | 'replaced' | 'lifted';

export type SanctionFact = {
  type: OutcomeType;
  status: SanctionStatus;
  startsOn: string;
  endsOn: string | null;
  liftedOn?: string | null;
};

/** Whether a sanction acts on `day`: in force (not stayed, replaced or lifted before the day) and inside its dates. */
export function inForceOn(s: SanctionFact, day: string): boolean {
  if (s.status === 'stayed' || s.status === 'replaced') return false;
  if (s.status === 'lifted' && (!s.liftedOn || s.liftedOn <= day)) return false;
  return s.startsOn <= day && (s.endsOn === null || s.endsOn >= day);
}

/** The strictest sanction in force on `day`, or null. */
export function strictestOn<T extends SanctionFact>(sanctions: T[], day: string): T | null {
  let best: T | null = null;
  for (const s of sanctions)
    if (inForceOn(s, day) && PRECEDENCE[s.type] > 0 && (!best || PRECEDENCE[s.type] > PRECEDENCE[best.type])) best = s;
  return best;
}

/** What the licence status should be on `day` because of sanctions (null: sanctions do not decide it). */
export function sanctionedStatusOn(sanctions: SanctionFact[], day: string): 'revoked' | 'suspended' | null {
  const s = strictestOn(sanctions, day);
  if (!s) return null;
  if (s.type === 'removal') return 'revoked';
  if (SUSPENDING.includes(s.type)) return 'suspended';
  return null;
}

/**
 * Where a suspended licence goes when its last suspension ends on `today`: active while its period
 * runs; if the period ended during the suspension, grace until the tier's grace days have passed
 * (or while a renewal submitted in time is being decided), then lapsed — exactly where the
 * renewal sweep would have put it had it not been suspended.
 */
export function statusAfterSuspension(
  validUntil: string,
  graceDays: number,
  today: string,
  renewalPending: boolean,
): 'active' | 'grace' | 'lapsed' {
  if (validUntil >= today) return 'active';
  if (addDays(validUntil, graceDays) >= today || renewalPending) return 'grace';
  return 'lapsed';
}

/** Input checks for an outcome, each naming its field. */
export function checkOutcomeInput(input: {
  type: OutcomeType;
  startsOn: string;
  endsOn?: string | null;
  conditionsText?: string | null;
  licenceId?: string | null;
}): void {
  if (input.endsOn && input.endsOn < input.startsOn) throw new ValidationError('endsOn', 'is before startsOn');
  if (input.type === 'suspension' && !input.endsOn)
    throw new ValidationError('endsOn', 'a suspension needs its last day');
  if (input.type === 'removal' && input.endsOn) throw new ValidationError('endsOn', 'a removal has no end date');
  if (input.type === 'conditions' && !input.conditionsText?.trim())
    throw new ValidationError('conditionsText', 'conditions of practice need their text');
  if (ACTS_ON_LICENCE.includes(input.type) && !input.licenceId)
    throw new ValidationError('licenceId', `a ${input.type.replace(/_/g, ' ')} acts on a licence: name one`);
}

// ---- publication ----

export type PublicationRule = {
  published: boolean;
  /** Public text; {{type}}, {{from}}, {{until}}, {{conditions}}, {{case}} are filled in. */
  text: string;
  /** 'days': for durationDays after the start; 'while_in_force': until the sanction ends; 'indefinite': no end. */
  duration: 'days' | 'while_in_force' | 'indefinite';
  durationDays: number | null;
};
export type PublicationPolicy = Record<OutcomeType, PublicationRule>;

export const DEFAULT_PUBLICATION_POLICY: PublicationPolicy = {
  no_case_to_answer: { published: false, text: '', duration: 'indefinite', durationDays: null },
  advice: { published: false, text: '', duration: 'indefinite', durationDays: null },
  warning: { published: true, text: 'Warning issued by the council on {{from}}.', duration: 'days', durationDays: 365 },
  conditions: {
    published: true,
    text: 'Practising under conditions from {{from}}: {{conditions}}',
    duration: 'while_in_force',
    durationDays: null,
  },
  suspension: {
    published: true,
    text: 'Suspended from {{from}} to {{until}}.',
    duration: 'while_in_force',
    durationDays: null,
  },
  interim_suspension: {
    published: true,
    text: 'Interim suspension from {{from}} while a case is decided.',
    duration: 'while_in_force',
    durationDays: null,
  },
  removal: {
    published: true,
    text: 'Removed from the register on {{from}}.',
    duration: 'indefinite',
    durationDays: null,
  },
};

/** The publication window of a sanction under a rule; null when it is not published. `until` is the last public day. */
export function publicationWindow(
  rule: PublicationRule,
  s: { startsOn: string; endsOn: string | null },
): { from: string; until: string | null } | null {
  if (!rule.published) return null;
  if (rule.duration === 'indefinite') return { from: s.startsOn, until: null };
  if (rule.duration === 'while_in_force') return { from: s.startsOn, until: s.endsOn };
  return { from: s.startsOn, until: addDays(s.startsOn, Math.max(1, rule.durationDays ?? 1) - 1) };
}

export function renderPublicText(
  template: string,
  vars: { type: string; from: string; until: string | null; conditions: string | null; caseRef: string },
): string {
  return template
    .replace(/\{\{\s*type\s*\}\}/g, vars.type)
    .replace(/\{\{\s*from\s*\}\}/g, vars.from)
    .replace(/\{\{\s*until\s*\}\}/g, vars.until ?? '')
    .replace(/\{\{\s*conditions\s*\}\}/g, vars.conditions ?? '')
    .replace(/\{\{\s*case\s*\}\}/g, vars.caseRef)
    .trim();
}

// ---- notifications ----

export const NOTIFY_STEPS = [
  'case_opened',
  'investigation',
  'interim_order',
  'hearing_scheduled',
  'decision',
  'appeal_lodged',
  'appeal_outcome',
  'closed',
] as const;
export type NotifyStep = (typeof NOTIFY_STEPS)[number];
export const DEFAULT_NOTIFY_STEPS: NotifyStep[] = [
  'case_opened',
  'interim_order',
  'hearing_scheduled',
  'decision',
  'appeal_outcome',
];

// ---- panel ----

/** A panel member is a staff account or a named external (lay) member identified by e-mail. */
export const memberKey = (m: { accountId?: string | null; externalEmail?: string | null }): string =>
  m.accountId ? `account:${m.accountId}` : `external:${(m.externalEmail ?? '').trim().toLowerCase()}`;
