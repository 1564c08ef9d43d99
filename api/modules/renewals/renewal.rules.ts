/**
 * Pure renewal rules: where a licence stands in its renewal cycle on a given day, and the renewal
 * application's checks (the period a renewal adds is the licences module's, in licence.rules.ts).
 * Dates are ISO calendar dates; `today` is always an argument.
 */
import { addDays, daysBetween } from '../../shared/dates.js';
import type { RenewalRules } from '../council/index.js';
import type { RequirementCheck } from '../licences/index.js';
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

/** The renewal application's checks, one per requirement, in the order a reviewer reads them. */
export function renewalChecks(f: RenewalFacts): RequirementCheck[] {
  const checks: RequirementCheck[] = [];
  const w = f.window;
  checks.push(
    f.licenceStatus === 'suspended'
      ? { key: 'licence', label: 'Licence in good standing', status: 'not_met', detail: 'the licence is suspended' }
      : w.stage === 'not_open'
        ? {
            key: 'window',
            label: 'Renewal window',
            status: 'not_met',
            detail: `the renewal window opens on ${w.opensOn}`,
          }
        : w.stage === 'lapsed'
          ? {
              key: 'window',
              label: 'Renewal window',
              status: 'not_met',
              detail: `the licence lapsed after ${w.graceEndsOn}; apply for restoration`,
            }
          : {
              key: 'window',
              label: 'Renewal window',
              status: 'met',
              detail:
                w.stage === 'grace' ? `in grace until ${w.graceEndsOn} (late renewal)` : `open until ${w.expiresOn}`,
            },
  );
  checks.push({
    key: 'fitness',
    label: 'Fitness to practise declaration',
    status: f.declarations.fitness ? 'met' : 'not_met',
    detail: f.declarations.fitness ? 'declared' : 'not declared',
  });
  const cr = f.declarations.criminalRecord;
  checks.push(
    !cr
      ? { key: 'criminalRecord', label: 'Criminal record declaration', status: 'not_met', detail: 'not answered' }
      : cr.hasRecord
        ? {
            key: 'criminalRecord',
            label: 'Criminal record declaration',
            status: 'needs_review',
            detail: `declared: ${cr.details ?? ''}`.trim(),
          }
        : { key: 'criminalRecord', label: 'Criminal record declaration', status: 'met', detail: 'nothing to declare' },
  );
  const emp = f.declarations.employment;
  checks.push(
    !emp
      ? { key: 'employment', label: 'Current employment', status: 'not_met', detail: 'not answered' }
      : {
          key: 'employment',
          label: 'Current employment',
          status: 'met',
          detail: emp.employed
            ? `employed${emp.employer ? ` by ${emp.employer}` : ''}${emp.sector ? ` (${emp.sector})` : ''}`
            : 'not currently employed as a social worker',
        },
  );
  if (f.cpd) {
    const c = f.cpd;
    checks.push({
      key: 'cpd',
      label: 'Continuing professional development',
      status: c.met ? 'met' : 'not_met',
      detail: c.met
        ? `${c.counted} of ${c.required} credits`
        : `${c.counted} of ${c.required} credits; missing: ${c.missing.join('; ') || 'credits'}`,
    });
    if (c.auditBlocksRenewal)
      checks.push({
        key: 'cpdAudit',
        label: 'CPD audit',
        status: 'not_met',
        detail: `the CPD audit is ${c.auditState ?? 'unresolved'}`,
      });
  }
  return checks;
}
