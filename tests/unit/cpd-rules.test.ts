/**
 * The CPD rules engine against hand-computed cases. The standard rules are the seed's licensed tier:
 * 60 credits per 3-year cycle (1,095 days), ethics ≥ 6, practice skills ≥ 10, supervision ≤ 20,
 * research ≤ 15, self-directed ≤ 20, ≥ 40 structured, carry-over ≤ 10, pro-rating on.
 */
import { describe, expect, it } from 'vitest';
import {
  carryOver,
  cpdProgress,
  exemptDaysWithin,
  requirementFactor,
  type CountableRecord,
  type CpdRules,
} from '../../api/modules/cpd/cpd.rules.js';
import {
  drawSample,
  exclusionOf,
  selectionCount,
  subtractMonths,
  toBasisPoints,
  type Candidate,
} from '../../api/modules/cpd/cpd.draw.js';

const RULES: CpdRules = {
  requiredCredits: 60,
  minStructured: 40,
  carryOverCap: 10,
  proRate: true,
  categories: [
    { code: 'ethics', name: 'Ethics', min: 6, max: null },
    { code: 'supervision', name: 'Supervision', min: 0, max: 20 },
    { code: 'practice-skills', name: 'Practice skills', min: 10, max: null },
    { code: 'research', name: 'Research', min: 0, max: 15 },
    { code: 'self-directed', name: 'Self-directed', min: 0, max: 20 },
  ],
};
const CYCLE = { start: '2025-01-01', end: '2027-12-31', standardDays: 1095 };
const r = (category: string, credits: number, structured = true, date = '2026-05-01'): CountableRecord => ({
  category,
  credits,
  structured,
  date,
});
const at = (records: CountableRecord[], extra: Partial<Parameters<typeof cpdProgress>[0]> = {}) =>
  cpdProgress({ rules: RULES, cycle: CYCLE, records, asOf: '2027-06-30', ...extra });

describe('counting, caps and minimums', () => {
  const cases: { name: string; records: CountableRecord[]; counted: number; structured: number; missing: string[] }[] =
    [
      {
        name: 'exactly the requirement',
        records: [r('ethics', 6), r('practice-skills', 30), r('research', 10), r('supervision', 14)],
        counted: 60,
        structured: 60,
        missing: [],
      },
      {
        name: 'supervision capped at 20, self-directed capped at 20',
        records: [r('supervision', 30), r('self-directed', 25, false), r('ethics', 6), r('practice-skills', 10)],
        counted: 56,
        structured: 36,
        missing: ['4 more credits (56 of 60)', '4 more structured credits (36 of 40)'],
      },
      {
        name: 'total met but the ethics minimum is not',
        records: [r('ethics', 2), r('practice-skills', 58)],
        counted: 60,
        structured: 60,
        missing: ['4 more credits in Ethics (2 of 6)'],
      },
      {
        name: 'a capped category counts its structured credits first',
        records: [r('research', 10, true), r('research', 10, false), r('ethics', 6), r('practice-skills', 30)],
        counted: 51,
        structured: 46,
        missing: ['9 more credits (51 of 60)'],
      },
      {
        name: 'fractional credits',
        records: [r('ethics', 6.5), r('practice-skills', 40.25), r('supervision', 13.25)],
        counted: 60,
        structured: 60,
        missing: [],
      },
      {
        name: 'only records inside the cycle and up to asOf count',
        records: [
          r('ethics', 6),
          r('practice-skills', 54),
          r('ethics', 20, true, '2024-12-31'),
          r('ethics', 20, true, '2027-07-01'),
        ],
        counted: 60,
        structured: 60,
        missing: [],
      },
    ];
  for (const c of cases) {
    it(c.name, () => {
      const p = at(c.records);
      expect(p.counted).toBe(c.counted);
      expect(p.countedStructured).toBe(c.structured);
      expect(p.missing).toEqual(c.missing);
      expect(p.met).toBe(c.missing.length === 0);
    });
  }

  it('reports each category with earned, counted and its minimum', () => {
    const p = at([r('supervision', 30), r('self-directed', 25, false)]);
    expect(p.categories.find((c) => c.code === 'supervision')).toMatchObject({
      earned: 30,
      counted: 20,
      min: 0,
      max: 20,
      missing: 0,
    });
    expect(p.categories.find((c) => c.code === 'ethics')).toMatchObject({ earned: 0, counted: 0, min: 6, missing: 6 });
  });

  it('a tier with no requirement is met with nothing recorded', () => {
    const p = cpdProgress({
      rules: { ...RULES, requiredCredits: 0, minStructured: 0, categories: [] },
      cycle: CYCLE,
      records: [],
      asOf: '2026-01-01',
    });
    expect(p).toMatchObject({ required: 0, met: true, status: 'met', missing: [] });
  });
});

describe('carry-over', () => {
  it.each([
    [{ counted: 75, required: 60, carriedOver: 0 }, 10],
    [{ counted: 65, required: 60, carriedOver: 0 }, 5],
    [{ counted: 50, required: 60, carriedOver: 0 }, 0],
    // credits carried into the previous cycle are never carried again
    [{ counted: 70, required: 60, carriedOver: 10 }, 0],
    [{ counted: 78, required: 60, carriedOver: 10 }, 8],
  ])('previous cycle %o carries %d (cap 10)', (previous, expected) => {
    expect(carryOver(previous, 10)).toBe(expected);
  });

  it('carried credits count towards the total, not towards category or structured minimums', () => {
    const p = at([r('ethics', 6), r('practice-skills', 44)], { carriedOver: 10 });
    expect(p).toMatchObject({ counted: 60, carriedOver: 10, countedStructured: 50, met: true });
    const q = at([r('practice-skills', 20), r('self-directed', 20, false), r('ethics', 6)], { carriedOver: 10 });
    expect(q.counted).toBe(56);
    expect(q.missing).toEqual(['4 more credits (56 of 60)', '14 more structured credits (26 of 40)']);
  });
});

describe('pro-rating and exemptions', () => {
  it('a two-year period of a three-year tier needs two thirds (rounded up to whole credits)', () => {
    const p = cpdProgress({
      rules: RULES,
      cycle: { start: '2026-01-01', end: '2027-12-31', standardDays: 1095 },
      records: [],
      asOf: '2026-02-01',
    });
    // 730 / 1095 = 0.6667: 60 → 40, ethics 6 → 4, practice 10 → 6.67 → 7, structured 40 → 26.67 → 27
    expect(p.factor).toBe(0.6667);
    expect(p.required).toBe(40);
    expect(p.categories.find((c) => c.code === 'ethics')!.min).toBe(4);
    expect(p.categories.find((c) => c.code === 'practice-skills')!.min).toBe(7);
    expect(p.requiredStructured).toBe(27);
  });

  it('joining a cycle part-way is pro-rated from the day of joining', () => {
    const p = cpdProgress({
      rules: RULES,
      cycle: { ...CYCLE, activeFrom: '2026-01-01' },
      records: [r('ethics', 10, true, '2025-06-01')],
      asOf: '2026-02-01',
    });
    expect(p.required).toBe(40);
    expect(p.counted).toBe(0); // before joining: not this cycle's
  });

  it('without pro-rating the full requirement applies', () => {
    expect(
      cpdProgress({
        rules: { ...RULES, proRate: false },
        cycle: { start: '2026-01-01', end: '2027-12-31', standardDays: 1095 },
        records: [],
        asOf: '2026-02-01',
      }).required,
    ).toBe(60);
  });

  it('180 days of parental leave reduce the requirement pro rata', () => {
    const leave = [{ from: '2026-01-01', to: '2026-06-29' }];
    expect(exemptDaysWithin(leave, CYCLE.start, CYCLE.end)).toBe(180);
    const p = at([], { exemptions: leave });
    // (1095 − 180) / 1095 = 0.8356: 60 → 50.14 → 51; ethics 5.01 → 6; practice 8.36 → 9; structured 33.42 → 34
    expect(p).toMatchObject({ exemptDays: 180, required: 51, requiredStructured: 34 });
    expect(p.categories.find((c) => c.code === 'ethics')!.min).toBe(6);
    expect(p.categories.find((c) => c.code === 'practice-skills')!.min).toBe(9);
  });

  it('overlapping exemptions count each day once; days outside the cycle do not count', () => {
    expect(
      exemptDaysWithin(
        [
          { from: '2026-01-01', to: '2026-03-31' },
          { from: '2026-03-01', to: '2026-06-29' },
        ],
        CYCLE.start,
        CYCLE.end,
      ),
    ).toBe(180);
    expect(exemptDaysWithin([{ from: '2024-12-01', to: '2025-01-10' }], CYCLE.start, CYCLE.end)).toBe(10);
    expect(exemptDaysWithin([{ from: '2028-01-01', to: '2028-03-01' }], CYCLE.start, CYCLE.end)).toBe(0);
  });

  it('a whole cycle of exemption needs nothing', () => {
    const f = requirementFactor(RULES, CYCLE, [{ from: '2024-01-01', to: '2028-01-01' }]);
    expect(f.factor).toBe(0);
    expect(at([], { exemptions: [{ from: '2024-01-01', to: '2028-01-01' }] })).toMatchObject({
      required: 0,
      met: true,
    });
  });

  it('pro-rating and an exemption combine', () => {
    // 730 days in a 1095-day tier, 73 of them exempt: 730/1095 × 657/730 = 657/1095 = 0.6 → 36 credits
    const p = cpdProgress({
      rules: RULES,
      cycle: { start: '2026-01-01', end: '2027-12-31', standardDays: 1095 },
      records: [],
      exemptions: [{ from: '2026-01-01', to: '2026-03-14' }],
      asOf: '2026-04-01',
    });
    expect(p.exemptDays).toBe(73);
    expect(p.factor).toBe(0.6);
    expect(p.required).toBe(36);
  });
});

describe('projection and warnings', () => {
  it('10 credits in the first year of three projects 30: at risk', () => {
    const p = cpdProgress({
      rules: RULES,
      cycle: CYCLE,
      records: [r('ethics', 10, true, '2025-03-01')],
      asOf: '2025-12-31',
    });
    expect(p.daysLeft).toBe(730);
    expect(p.projected).toBe(30);
    expect(p.status).toBe('at_risk');
    expect(p.warnings[0]).toContain('about 30 of 60 credits by 2027-12-31 (730 days left)');
  });

  it('25 credits in the first year projects 75: on track', () => {
    const p = cpdProgress({
      rules: RULES,
      cycle: CYCLE,
      records: [r('ethics', 6, true, '2025-03-01'), r('practice-skills', 19, true, '2025-09-01')],
      asOf: '2025-12-31',
    });
    expect(p.projected).toBe(75);
    expect(p).toMatchObject({ status: 'on_track', warnings: [] });
  });

  it('close to the end, a missing category minimum is a warning even when the total is on track', () => {
    const p = cpdProgress({
      rules: RULES,
      cycle: CYCLE,
      records: [r('practice-skills', 60, true, '2026-01-01')],
      asOf: '2027-11-01',
    });
    expect(p.daysLeft).toBe(60);
    expect(p.status).toBe('at_risk');
    expect(p.warnings).toEqual(['Ethics: 6 credits still needed with 60 days left']);
  });

  it('after the cycle ends unmet, the status is not met', () => {
    const p = cpdProgress({ rules: RULES, cycle: CYCLE, records: [r('ethics', 6)], asOf: '2028-01-05' });
    expect(p).toMatchObject({ daysLeft: 0, status: 'not_met', met: false });
  });
});

describe('audit draw', () => {
  const population: Candidate[] = Array.from({ length: 400 }, (_, i) => ({
    licenceNumber: `VN-SW-25-${String(i + 1).padStart(6, '0')}-0`,
    tier: i % 4 === 0 ? 'provisional' : 'licensed',
    region: i % 2 ? 'Hue' : 'Ha Noi',
    sector: 'health',
  }));
  const selected = (d: ReturnType<typeof drawSample>) =>
    d.flatMap((s) => s.ranked.filter((x) => x.selected).map((x) => x.licenceNumber)).sort();

  it('the same seed and population select exactly the same people, whatever the input order', () => {
    const a = drawSample(population, 'published-seed-2026', 500, ['tier', 'region']);
    const b = drawSample([...population].reverse(), 'published-seed-2026', 500, ['tier', 'region']);
    expect(selected(a)).toEqual(selected(b));
    expect(selected(a)).toHaveLength(20);
  });

  it('a different seed selects different people', () => {
    const a = selected(drawSample(population, 'seed-a', 500, ['tier']));
    const b = selected(drawSample(population, 'seed-b', 500, ['tier']));
    expect(a).not.toEqual(b);
  });

  it('takes ceil(rate × size) from each stratum', () => {
    const d = drawSample(population, 's', 250, ['tier', 'region']);
    // provisional: i % 4 == 0 → all even → Ha Noi 100; licensed Ha Noi 100, licensed Hue 200
    expect(d.map((s) => [s.stratum, s.size, s.selectedCount])).toEqual([
      ['licensed|Ha Noi', 100, 3],
      ['licensed|Hue', 200, 5],
      ['provisional|Ha Noi', 100, 3],
    ]);
    expect(selectionCount(250, 100)).toBe(3);
    expect(selectionCount(500, 100)).toBe(5);
    expect(selectionCount(500, 101)).toBe(6);
    expect(selectionCount(500, 0)).toBe(0);
    expect(selectionCount(10000, 7)).toBe(7);
    expect(toBasisPoints(0.025)).toBe(250);
    expect(toBasisPoints(0.05)).toBe(500);
  });

  it('exclusions: registered recently, sanctioned, audited in the last round', () => {
    const base = {
      licenceNumber: 'X',
      tier: 't',
      region: 'r',
      sector: 's',
      firstLicensedOn: '2020-01-01',
      sanctioned: false,
      auditedLastRound: false,
    };
    const rules = {
      registeredUnderMonths: 12,
      excludeSanctioned: true,
      excludeAuditedLastRound: true,
      asOf: '2026-03-31',
    };
    expect(subtractMonths('2026-03-31', 1)).toBe('2026-02-28');
    expect(exclusionOf(base, rules)).toBeNull();
    expect(exclusionOf({ ...base, firstLicensedOn: '2025-04-01' }, rules)).toBe('registered_recently');
    expect(exclusionOf({ ...base, firstLicensedOn: '2025-03-31' }, rules)).toBeNull();
    expect(exclusionOf({ ...base, sanctioned: true }, rules)).toBe('sanctioned');
    expect(exclusionOf({ ...base, auditedLastRound: true }, rules)).toBe('audited_last_round');
    expect(exclusionOf({ ...base, auditedLastRound: true }, { ...rules, excludeAuditedLastRound: false })).toBeNull();
  });
});
