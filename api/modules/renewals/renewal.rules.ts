/**
 * Pure renewal rules: where a licence stands in its renewal cycle on a given day, and the renewal
 * application's checks (the period a renewal adds is the licences module's, in licence.rules.ts).
 * Dates are ISO calendar dates; `today` is always an argument.
 */
import { addDays, daysBetween } from '../../shared/dates.js';
import type { RenewalRules } from '../council/index.js';
import { inEnglish, type RequirementCheck, type Say } from '../licences/index.js';
import type { Sector } from '../registrants/index.js';

export type RenewalStage = 'not_open' | 'open' | 'grace' | 'lapsed';

export type RenewalWindow = {
  stage: RenewalStage;
  opensOn: string;
  expiresOn: string;
  graceEndsOn: string;
  /** Days until the licence expires (negative once expired). */
  daysToExpiry: number;
  /** Days until the licence lapses (the last day of grace counts). */
  daysToLapse: number;
  /** Whether a renewal submitted today is late (a late fee is recorded). */
  late: boolean;
};

/** Where a licence valid until `validUntil` stands on `today` under the tier's renewal rules. */
export function renewalWindow(validUntil: string, rules: RenewalRules, today: string): RenewalWindow {
  const opensOn = addDays(validUntil, -rules.windowDays);
  const graceEndsOn = addDays(validUntil, rules.graceDays);
  const stage: RenewalStage =
    today < opensOn ? 'not_open' : today <= validUntil ? 'open' : today <= graceEndsOn ? 'grace' : 'lapsed';
  return {
    stage,
    opensOn,
    expiresOn: validUntil,
    graceEndsOn,
    daysToExpiry: daysBetween(today, validUntil),
    daysToLapse: daysBetween(today, graceEndsOn) + 1,
    late: today > validUntil,
  };
}

export type RenewalDeclarations = {
  fitness: boolean;
  criminalRecord?: { hasRecord: boolean; details?: string };
  employment?: { employed: boolean; employer?: string; sector?: Sector };
  adequateSupervision?: boolean | null;
};

export type CpdFacts = {
  required: number;
  counted: number;
  met: boolean;
  missing: string[];
  auditBlocksRenewal: boolean;
  auditState: string | null;
};

export type RenewalFacts = {
  licenceStatus: string;
  window: RenewalWindow;
  declarations: RenewalDeclarations;
  /** null when the council has no CPD rules for the tier. */
  cpd: CpdFacts | null;
};

/** The CPD audit states a renewal can wait on, named in the reader's language. */
const AUDIT_STATES = ['selected', 'submitted', 'extension_granted', 'failed', 'unresolved'];

/** The renewal application's checks, one per requirement, in the order a reviewer reads them. */
export function renewalChecks(f: RenewalFacts, say: Say = inEnglish): RequirementCheck[] {
  const checks: RequirementCheck[] = [];
  const w = f.window;
  checks.push(
    f.licenceStatus === 'suspended'
      ? { key: 'licence', label: say('goodStanding'), status: 'not_met', detail: say('suspended') }
      : w.stage === 'not_open'
        ? {
            key: 'window',
            label: say('window'),
            status: 'not_met',
            detail: say('windowOpensOn', { date: w.opensOn }),
          }
        : w.stage === 'lapsed'
          ? {
              key: 'window',
              label: say('window'),
              status: 'not_met',
              detail: say('lapsedAfter', { date: w.graceEndsOn }),
            }
          : {
              key: 'window',
              label: say('window'),
              status: 'met',
              detail:
                w.stage === 'grace'
                  ? say('graceUntil', { date: w.graceEndsOn })
                  : say('openUntil', { date: w.expiresOn }),
            },
  );
  checks.push({
    key: 'fitness',
    label: say('fitnessDeclaration'),
    status: f.declarations.fitness ? 'met' : 'not_met',
    detail: say(f.declarations.fitness ? 'declared' : 'notDeclared'),
  });
  const cr = f.declarations.criminalRecord;
  checks.push(
    !cr
      ? { key: 'criminalRecord', label: say('criminalRecord'), status: 'not_met', detail: say('notAnswered') }
      : cr.hasRecord
        ? {
            key: 'criminalRecord',
            label: say('criminalRecord'),
            status: 'needs_review',
            detail: say('declaredDetails', { details: cr.details ?? '' }).trim(),
          }
        : { key: 'criminalRecord', label: say('criminalRecord'), status: 'met', detail: say('nothingToDeclare') },
  );
  const emp = f.declarations.employment;
  checks.push(
    !emp
      ? { key: 'employment', label: say('employment'), status: 'not_met', detail: say('notAnswered') }
      : {
          key: 'employment',
          label: say('employment'),
          status: 'met',
          detail: emp.employed
            ? `${emp.employer ? say('employedBy', { employer: emp.employer }) : say('employed')}${emp.sector ? ` (${say(`sectors.${emp.sector}`)})` : ''}`
            : say('notEmployed'),
        },
  );
  if (f.cpd) {
    const c = f.cpd;
    checks.push({
      key: 'cpd',
      label: say('cpd'),
      status: c.met ? 'met' : 'not_met',
      detail: c.met
        ? say('credits', { counted: c.counted, required: c.required })
        : say('creditsMissing', {
            counted: c.counted,
            required: c.required,
            missing: c.missing.join('; ') || say('creditsWord'),
          }),
    });
    if (c.auditBlocksRenewal)
      checks.push({
        key: 'cpdAudit',
        label: say('cpdAudit'),
        status: 'not_met',
        detail: say('cpdAuditState', {
          state: AUDIT_STATES.includes(c.auditState ?? 'unresolved')
            ? say(`auditStates.${c.auditState ?? 'unresolved'}`)
            : (c.auditState ?? ''),
        }),
      });
  }
  return checks;
}
