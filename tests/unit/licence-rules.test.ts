import { describe, expect, it } from 'vitest';
import {
  APPLICATION_TRANSITIONS,
  LICENCE_TRANSITIONS,
  assertApplicationTransition,
  assertLicenceTransition,
  canMoveLicence,
  checkRequirements,
  formatLicenceNumber,
  hasValidCheckDigit,
  luhnCheckDigit,
  monthsBefore,
  type EligibilityFacts,
  type TierRequirementsInput,
} from '../../api/modules/licences/licence.rules.js';

describe('licence state table', () => {
  const legal: [string, string][] = [
    ['pending', 'active'],
    ['active', 'grace'],
    ['grace', 'lapsed'],
    ['active', 'suspended'],
    ['suspended', 'active'],
    ['active', 'revoked'],
    ['active', 'surrendered'],
    ['lapsed', 'active'],
    ['grace', 'active'],
    ['suspended', 'grace'],
    ['suspended', 'lapsed'],
    ['lapsed', 'revoked'],
    ['grace', 'suspended'],
  ];
  const illegal: [string, string][] = [
    ['pending', 'lapsed'],
    ['lapsed', 'suspended'],
    ['revoked', 'active'],
    ['surrendered', 'active'],
    ['suspended', 'surrendered'],
    ['active', 'pending'],
    ['active', 'lapsed'],
  ];
  it.each(legal)('allows %s → %s', (from, to) => expect(canMoveLicence(from as never, to)).toBe(true));
  it.each(illegal)('refuses %s → %s', (from, to) => {
    expect(canMoveLicence(from as never, to)).toBe(false);
    expect(() => assertLicenceTransition(from as never, to)).toThrow(`cannot go from '${from}' to '${to}'`);
  });
  it('ends revoked and surrendered licences for good', () => {
    expect(LICENCE_TRANSITIONS.revoked).toEqual([]);
    expect(LICENCE_TRANSITIONS.surrendered).toEqual([]);
  });
});

describe('application state table', () => {
  it('allows the request-information loop and final decisions', () => {
    expect(() => assertApplicationTransition('under_review', 'information_requested')).not.toThrow();
    expect(() => assertApplicationTransition('information_requested', 'resubmitted')).not.toThrow();
    expect(() => assertApplicationTransition('resubmitted', 'under_review')).not.toThrow();
    expect(() => assertApplicationTransition('under_review', 'approved')).not.toThrow();
  });
  it('refuses skipping review and reopening decisions', () => {
    expect(() => assertApplicationTransition('submitted', 'approved')).toThrow();
    expect(() => assertApplicationTransition('draft', 'under_review')).toThrow();
    expect(() => assertApplicationTransition('rejected', 'under_review')).toThrow();
    expect(APPLICATION_TRANSITIONS.approved).toEqual([]);
  });
});

describe('licence numbers', () => {
  it('formats with a Luhn check digit', () => {
    const n = formatLicenceNumber('{country}-SW-{yy}-{seq:6}-{check}', { country: 'VN', year: 2026, seq: 123 });
    expect(n).toMatch(/^VN-SW-26-000123-\d$/);
    expect(Number(n.at(-1))).toBe(luhnCheckDigit('26000123'));
    expect(hasValidCheckDigit(n)).toBe(true);
  });
  it('detects a mistyped digit', () => {
    const n = formatLicenceNumber('{country}-SW-{yy}-{seq:6}-{check}', { country: 'VN', year: 2026, seq: 4521 });
    const typo = n.replace('004521', '004531');
    expect(hasValidCheckDigit(typo)).toBe(false);
  });
  it('knows the standard Luhn example', () => expect(luhnCheckDigit('7992739871')).toBe(3));
});

describe('requirement check', () => {
  const licensed: TierRequirementsInput = {
    minQualificationLevel: 'bachelor',
    accreditedProgramme: true,
    foreignQualificationAccepted: true,
    supervisedHours: 2000,
    supervisedPeriodMonths: 36,
    examRequired: true,
    monthsAtPreviousTier: 12,
    previousTier: 'provisional',
    ethicsDeclaration: true,
    fitnessDeclaration: true,
  };
  const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
    qualifications: [
      {
        id: 'q',
        level: 'bachelor',
        awardedOn: '2022-06-30',
        foreign: false,
        accredited: { accredited: true, reason: null },
        verifiedByGraduateList: true,
        label: 'BSW (2022-06-30)',
      },
    ],
    confirmedHoursSince: () => 2100,
    passedExams: ['licensed'],
    heldTierSince: (t) => (t === 'provisional' ? '2024-01-15' : null),
    declarations: { ethics: true, fitness: true },
    ...over,
  });
  const statuses = (f: EligibilityFacts) =>
    Object.fromEntries(checkRequirements('licensed', licensed, f, '2026-06-01').map((c) => [c.key, c.status]));

  it('meets every requirement when the facts do', () => {
    expect(statuses(facts())).toEqual({
      'qualification-level': 'met',
      'accredited-programme': 'met',
      'supervised-hours': 'met',
      exam: 'met',
      'time-at-previous-tier': 'met',
      'ethics-declaration': 'met',
      'fitness-declaration': 'met',
    });
  });
  it('names exactly the requirement that fails', () => {
    expect(statuses(facts({ confirmedHoursSince: () => 1999 }))['supervised-hours']).toBe('not_met');
    const checks = checkRequirements('licensed', licensed, facts({ confirmedHoursSince: () => 1999 }), '2026-06-01');
    expect(checks.filter((c) => c.status !== 'met').map((c) => [c.key, c.detail])).toEqual([
      ['supervised-hours', '1999 confirmed hours'],
    ]);
    expect(statuses(facts({ heldTierSince: () => '2025-07-01' }))['time-at-previous-tier']).toBe('not_met');
    expect(statuses(facts({ passedExams: [] })).exam).toBe('not_met');
    expect(statuses(facts({ declarations: { ethics: false, fitness: true } }))['ethics-declaration']).toBe('not_met');
  });
  it('counts supervision only within the period', () => {
    let asked: string | null = 'none';
    checkRequirements(
      'licensed',
      licensed,
      facts({
        confirmedHoursSince: (since) => {
          asked = since;
          return 0;
        },
      }),
      '2026-06-01',
    );
    expect(asked).toBe('2023-06-01');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
  });
  it('sends a foreign qualification to review, and refuses an unaccredited local one', () => {
    const foreign = facts({
      qualifications: [
        {
          id: 'f',
          level: 'master',
          awardedOn: '2020-06-01',
          foreign: true,
          accredited: null,
          verifiedByGraduateList: false,
          label: 'MSW, University of Sydney',
        },
      ],
    });
    expect(statuses(foreign)['accredited-programme']).toBe('needs_review');
    const unaccredited = facts({
      qualifications: [
        {
          id: 'u',
          level: 'bachelor',
          awardedOn: '2019-06-01',
          foreign: false,
          accredited: { accredited: false, reason: 'the programme was first accredited from 2020-01-01' },
          verifiedByGraduateList: false,
          label: 'BSW (2019)',
        },
      ],
    });
    const c = checkRequirements('licensed', licensed, unaccredited, '2026-06-01').find(
      (x) => x.key === 'accredited-programme',
    )!;
    expect(c.status).toBe('not_met');
    expect(c.detail).toContain('first accredited from 2020-01-01');
  });
  it('refuses a qualification below the minimum level', () => {
    expect(
      statuses(
        facts({
          qualifications: [
            {
              id: 'd',
              level: 'diploma',
              awardedOn: '2020-06-01',
              foreign: false,
              accredited: { accredited: true, reason: null },
              verifiedByGraduateList: true,
              label: 'Diploma',
            },
          ],
        }),
      )['qualification-level'],
    ).toBe('not_met');
  });
});
