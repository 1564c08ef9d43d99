import { describe, expect, it } from 'vitest';
import { renewalChecks, renewalWindow } from '../../api/modules/renewals/renewal.rules.js';
import { renewedPeriod } from '../../api/modules/licences/licence.rules.js';
import { DEFAULT_RENEWAL } from '../../api/modules/council/council.entity.js';

const rules = { ...DEFAULT_RENEWAL, windowDays: 90, graceDays: 30 };

describe('renewal window', () => {
  it.each([
    ['2026-03-31', 'not_open', 91, 122, false],
    ['2026-04-01', 'open', 90, 121, false],
    ['2026-06-30', 'open', 0, 31, false],
    ['2026-07-01', 'grace', -1, 30, true],
    ['2026-07-30', 'grace', -30, 1, true],
    ['2026-07-31', 'lapsed', -31, 0, true],
  ])('on %s a licence valid until 2026-06-30 is %s', (today, stage, daysToExpiry, daysToLapse, late) => {
    expect(renewalWindow('2026-06-30', rules, today)).toEqual({
      stage,
      opensOn: '2026-04-01',
      expiresOn: '2026-06-30',
      graceEndsOn: '2026-07-30',
      daysToExpiry,
      daysToLapse,
      late,
    });
  });

  it('a renewed period starts the day after the old one ends, even at a month end or leap day', () => {
    expect(renewedPeriod('2026-06-30', 36)).toEqual({
      validFrom: '2026-07-01',
      validUntil: '2029-06-30',
    });
    expect(renewedPeriod('2028-02-28', 24)).toEqual({
      validFrom: '2028-02-29',
      validUntil: '2030-02-27',
    });
    expect(renewedPeriod('2026-12-31', 12)).toEqual({
      validFrom: '2027-01-01',
      validUntil: '2027-12-31',
    });
  });
});

describe('renewal checks', () => {
  const window = renewalWindow('2026-06-30', rules, '2026-06-01');
  const declarations = { fitness: true, criminalRecord: { hasRecord: false }, employment: { employed: false } };
  const status = (cs: { key: string; status: string }[]) => Object.fromEntries(cs.map((c) => [c.key, c.status]));

  it('all met in the window with clean declarations and no CPD rules', () => {
    expect(status(renewalChecks({ licenceStatus: 'active', window, declarations, cpd: null }))).toEqual({
      window: 'met',
      fitness: 'met',
      criminalRecord: 'met',
      employment: 'met',
    });
  });
  it('a declared record needs review; unfit or a suspended licence is not met', () => {
    const c = renewalChecks({
      licenceStatus: 'suspended',
      window,
      declarations: {
        ...declarations,
        fitness: false,
        criminalRecord: { hasRecord: true, details: 'a 2019 traffic offence' },
      },
      cpd: null,
    });
    expect(status(c)).toEqual({
      licence: 'not_met',
      fitness: 'not_met',
      criminalRecord: 'needs_review',
      employment: 'met',
    });
    expect(c.find((x) => x.key === 'criminalRecord')!.detail).toContain('2019 traffic offence');
  });
  it('CPD short of the requirement, and an audit that blocks renewal, are not met', () => {
    const c = renewalChecks({
      licenceStatus: 'active',
      window,
      declarations,
      cpd: {
        required: 60,
        counted: 42,
        met: false,
        missing: ['ethics: 2 more credits'],
        auditBlocksRenewal: true,
        auditState: 'awaiting evidence',
      },
    });
    expect(c.slice(-2)).toEqual([
      {
        key: 'cpd',
        label: 'Continuing professional development',
        status: 'not_met',
        detail: '42 of 60 credits; missing: ethics: 2 more credits',
      },
      { key: 'cpdAudit', label: 'CPD audit', status: 'not_met', detail: 'the CPD audit is awaiting evidence' },
    ]);
  });
  it('before the window and after the lapse it says what to do', () => {
    expect(
      renewalChecks({
        licenceStatus: 'active',
        window: renewalWindow('2026-06-30', rules, '2026-01-01'),
        declarations,
        cpd: null,
      })[0]!.detail,
    ).toBe('the renewal window opens on 2026-04-01');
    expect(
      renewalChecks({
        licenceStatus: 'lapsed',
        window: renewalWindow('2026-06-30', rules, '2026-09-01'),
        declarations,
        cpd: null,
      })[0]!.detail,
    ).toContain('apply for restoration');
  });
});
