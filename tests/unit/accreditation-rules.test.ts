import { describe, expect, it } from 'vitest';
import {
  ACCREDITATION_TRANSITIONS,
  APPLICATION_TRANSITIONS,
  CONDITION_TRANSITIONS,
  accreditedOn,
  addMonths,
  assertTransition,
  canTransition,
  nextWindowStart,
  reminderDue,
  type AccreditationWindow,
} from '../../api/modules/accreditation/accreditation.rules.js';

const w = (
  id: string,
  validFrom: string,
  validUntil: string,
  extra: Partial<AccreditationWindow> = {},
): AccreditationWindow => ({
  id,
  outcome: 'accredited',
  status: 'active',
  validFrom,
  validUntil,
  withdrawnFrom: null,
  ...extra,
});

describe('accreditedOn', () => {
  const first = w('a', '2020-01-01', '2024-12-31');
  const second = w('b', '2026-01-01', '2030-12-31', { outcome: 'accredited_with_conditions' });

  it('includes the first and the last day of a window', () => {
    expect(accreditedOn([first], '2020-01-01')).toMatchObject({ accredited: true, window: { id: 'a' } });
    expect(accreditedOn([first], '2024-12-31')).toMatchObject({ accredited: true, window: { id: 'a' } });
  });
  it('excludes the day before the window and the day after it', () => {
    expect(accreditedOn([first], '2019-12-31')).toMatchObject({
      accredited: false,
      reason: 'the programme was first accredited from 2020-01-01',
    });
    expect(accreditedOn([first], '2025-01-01')).toMatchObject({
      accredited: false,
      reason: 'the accreditation ended on 2024-12-31',
    });
  });
  it('answers false in a gap between windows and names the gap', () => {
    const r = accreditedOn([second, first], '2025-06-30');
    expect(r.accredited).toBe(false);
    expect(r).toMatchObject({ reason: 'the date falls in a gap between accreditations (2024-12-31 to 2026-01-01)' });
    expect(accreditedOn([second, first], '2026-01-01')).toMatchObject({ accredited: true, window: { id: 'b' } });
  });
  it('stops at the day before a withdrawal takes effect', () => {
    const withdrawn = w('c', '2020-01-01', '2024-12-31', { status: 'withdrawn', withdrawnFrom: '2022-07-01' });
    expect(accreditedOn([withdrawn], '2022-06-30')).toMatchObject({ accredited: true, window: { id: 'c' } });
    expect(accreditedOn([withdrawn], '2022-07-01')).toMatchObject({
      accredited: false,
      reason: 'the accreditation was withdrawn from 2022-07-01',
    });
  });
  it('counts an accreditation with conditions as accredited', () => {
    expect(accreditedOn([second], '2027-03-15')).toMatchObject({
      accredited: true,
      window: { outcome: 'accredited_with_conditions' },
    });
  });
  it('answers false for a programme never accredited', () => {
    expect(accreditedOn([], '2027-03-15')).toEqual({
      accredited: false,
      reason: 'the programme has never been accredited',
      nearest: null,
    });
  });
  it('counts an expired window for graduations inside it', () => {
    expect(accreditedOn([w('e', '2015-01-01', '2019-12-31', { status: 'expired' })], '2018-05-05').accredited).toBe(
      true,
    );
  });
});

describe('windows', () => {
  it('re-accreditation before expiry continues the window without a gap', () => {
    expect(nextWindowStart(w('a', '2020-01-01', '2024-12-31'), '2024-10-01')).toBe('2025-01-01');
    expect(nextWindowStart(w('a', '2020-01-01', '2024-12-31'), '2024-12-31')).toBe('2025-01-01');
  });
  it('a decision after expiry, or after withdrawal, starts on the decision date', () => {
    expect(nextWindowStart(w('a', '2020-01-01', '2024-12-31'), '2025-02-01')).toBe('2025-02-01');
    expect(
      nextWindowStart(
        w('a', '2020-01-01', '2024-12-31', { status: 'withdrawn', withdrawnFrom: '2023-01-01' }),
        '2024-06-01',
      ),
    ).toBe('2024-06-01');
    expect(nextWindowStart(null, '2024-06-01')).toBe('2024-06-01');
  });
  it('adds months with end-of-month clamping', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2025-01-01', 60)).toBe('2030-01-01');
  });
  it('sends the nearest expiry reminder reached, once per offset', () => {
    expect(reminderDue('2026-12-31', '2026-07-04')).toBe(180); // exactly 180 days before
    expect(reminderDue('2026-12-31', '2026-07-05')).toBe(180);
    expect(reminderDue('2026-12-31', '2026-07-03')).toBeNull(); // 181 days before
    expect(reminderDue('2026-12-31', '2026-10-15')).toBe(90);
    expect(reminderDue('2026-12-31', '2026-12-31')).toBe(30);
    expect(reminderDue('2026-12-31', '2027-01-01')).toBeNull();
  });
});

describe('state tables', () => {
  it('allows the application journey and nothing else', () => {
    expect(canTransition(APPLICATION_TRANSITIONS, 'draft', 'submitted')).toBe(true);
    expect(canTransition(APPLICATION_TRANSITIONS, 'submitted', 'under_review')).toBe(true);
    expect(canTransition(APPLICATION_TRANSITIONS, 'under_review', 'decided')).toBe(true);
    expect(canTransition(APPLICATION_TRANSITIONS, 'draft', 'decided')).toBe(false);
    expect(canTransition(APPLICATION_TRANSITIONS, 'decided', 'withdrawn')).toBe(false);
    expect(() => assertTransition('The application', APPLICATION_TRANSITIONS, 'withdrawn', 'submitted')).toThrow(
      "cannot go from 'withdrawn' to 'submitted'",
    );
  });
  it('ends accreditations and conditions only once', () => {
    expect(canTransition(ACCREDITATION_TRANSITIONS, 'active', 'withdrawn')).toBe(true);
    expect(canTransition(ACCREDITATION_TRANSITIONS, 'expired', 'active')).toBe(false);
    expect(canTransition(CONDITION_TRANSITIONS, 'open', 'missed')).toBe(true);
    expect(canTransition(CONDITION_TRANSITIONS, 'met', 'missed')).toBe(false);
  });
});
