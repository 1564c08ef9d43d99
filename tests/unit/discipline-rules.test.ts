import { describe, expect, it } from 'vitest';
import {
  CASE_TRANSITIONS,
  DEFAULT_PUBLICATION_POLICY,
  assertCaseTransition,
  canMoveCase,
  checkOutcomeInput,
  inForceOn,
  publicationWindow,
  renderPublicText,
  sanctionedStatusOn,
  stageAllowsOutcome,
  statusAfterSuspension,
  strictestOn,
  type SanctionFact,
} from '../../api/modules/discipline/discipline.rules.js';

describe('case stage table', () => {
  it.each([
    ['intake', 'investigation'],
    ['intake', 'closed'],
    ['investigation', 'interim_order'],
    ['interim_order', 'hearing'],
    ['investigation', 'hearing'],
    ['hearing', 'decision'],
    ['decision', 'appeal'],
    ['decision', 'closed'],
    ['appeal', 'closed'],
  ])('allows %s → %s', (from, to) => expect(canMoveCase(from as never, to)).toBe(true));
  it.each([
    ['intake', 'decision'],
    ['investigation', 'decision'],
    ['hearing', 'closed'],
    ['closed', 'intake'],
    ['appeal', 'decision'],
  ])('refuses %s → %s', (from, to) => {
    expect(() => assertCaseTransition(from as never, to)).toThrow(`The case cannot go from '${from}' to '${to}'`);
  });
  it('ends at closed', () => expect(CASE_TRANSITIONS.closed).toEqual([]));
  it('records interim suspensions only in the interim order stage and outcomes at decision or on appeal', () => {
    expect(stageAllowsOutcome('interim_order', 'interim_suspension')).toBe(true);
    expect(stageAllowsOutcome('decision', 'interim_suspension')).toBe(false);
    expect(stageAllowsOutcome('hearing', 'suspension')).toBe(false);
    expect(stageAllowsOutcome('decision', 'warning')).toBe(true);
    expect(stageAllowsOutcome('appeal', 'conditions')).toBe(true);
  });
});

describe('overlapping sanctions resolve to the strictest', () => {
  const s = (
    type: SanctionFact['type'],
    startsOn: string,
    endsOn: string | null,
    status: SanctionFact['status'] = 'in_force',
    liftedOn: string | null = null,
  ): SanctionFact => ({ type, startsOn, endsOn, status, liftedOn });
  const all = [
    s('conditions', '2027-01-01', null),
    s('suspension', '2027-02-01', '2027-02-10'),
    s('suspension', '2027-02-05', '2027-02-20'),
    s('removal', '2027-03-01', null),
  ];
  it('takes removal over suspension over conditions, day by day', () => {
    expect(sanctionedStatusOn(all, '2026-12-31')).toBeNull();
    expect(strictestOn(all, '2027-01-15')?.type).toBe('conditions');
    expect(sanctionedStatusOn(all, '2027-01-15')).toBeNull();
    expect(sanctionedStatusOn(all, '2027-02-01')).toBe('suspended');
    expect(sanctionedStatusOn(all, '2027-02-15')).toBe('suspended'); // the first has ended, the second covers the day
    expect(sanctionedStatusOn(all, '2027-02-21')).toBeNull();
    expect(sanctionedStatusOn(all, '2027-03-01')).toBe('revoked');
    expect(sanctionedStatusOn([...all, s('suspension', '2027-02-25', '2027-04-01')], '2027-03-10')).toBe('revoked');
  });
  it('ignores stayed and replaced sanctions, and lifted ones from the day they are lifted', () => {
    expect(inForceOn(s('suspension', '2027-01-01', '2027-12-31', 'stayed'), '2027-02-01')).toBe(false);
    expect(inForceOn(s('suspension', '2027-01-01', '2027-12-31', 'replaced'), '2027-02-01')).toBe(false);
    expect(inForceOn(s('conditions', '2027-01-01', null, 'lifted', '2027-03-01'), '2027-02-28')).toBe(true);
    expect(inForceOn(s('conditions', '2027-01-01', null, 'lifted', '2027-03-01'), '2027-03-01')).toBe(false);
  });
});

describe('where a licence goes when its suspension ends', () => {
  it('active while the period runs, grace within the grace days, lapsed after', () => {
    expect(statusAfterSuspension('2027-06-30', 30, '2027-06-30', false)).toBe('active');
    expect(statusAfterSuspension('2027-06-30', 30, '2027-07-01', false)).toBe('grace');
    expect(statusAfterSuspension('2027-06-30', 30, '2027-07-30', false)).toBe('grace');
    expect(statusAfterSuspension('2027-06-30', 30, '2027-07-31', false)).toBe('lapsed');
    expect(statusAfterSuspension('2027-06-30', 30, '2027-09-01', true)).toBe('grace'); // a renewal submitted in time holds it in grace
  });
});

describe('outcome input', () => {
  it('names the field at fault', () => {
    expect(() =>
      checkOutcomeInput({ type: 'suspension', startsOn: '2027-02-10', endsOn: '2027-02-01', licenceId: 'x' }),
    ).toThrow('endsOn: is before startsOn');
    expect(() => checkOutcomeInput({ type: 'suspension', startsOn: '2027-02-10', licenceId: 'x' })).toThrow(/^endsOn/);
    expect(() => checkOutcomeInput({ type: 'conditions', startsOn: '2027-02-10', licenceId: 'x' })).toThrow(
      /^conditionsText/,
    );
    expect(() => checkOutcomeInput({ type: 'removal', startsOn: '2027-02-10' })).toThrow(/^licenceId/);
    expect(() => checkOutcomeInput({ type: 'warning', startsOn: '2027-02-10' })).not.toThrow();
  });
});

describe('publication windows', () => {
  it('warnings for a year, conditions and suspensions while in force, removal indefinitely, advice never', () => {
    const p = DEFAULT_PUBLICATION_POLICY;
    expect(publicationWindow(p.warning, { startsOn: '2027-01-01', endsOn: null })).toEqual({
      from: '2027-01-01',
      until: '2027-12-31',
    });
    expect(publicationWindow(p.suspension, { startsOn: '2027-01-01', endsOn: '2027-03-31' })).toEqual({
      from: '2027-01-01',
      until: '2027-03-31',
    });
    expect(publicationWindow(p.conditions, { startsOn: '2027-01-01', endsOn: null })).toEqual({
      from: '2027-01-01',
      until: null,
    });
    expect(publicationWindow(p.removal, { startsOn: '2027-01-01', endsOn: null })).toEqual({
      from: '2027-01-01',
      until: null,
    });
    expect(publicationWindow(p.advice, { startsOn: '2027-01-01', endsOn: null })).toBeNull();
  });
  it('fills the public text', () => {
    expect(
      renderPublicText(DEFAULT_PUBLICATION_POLICY.suspension.text, {
        type: 'suspension',
        from: '2027-01-01',
        until: '2027-03-31',
        conditions: null,
        caseRef: 'FTP-1',
      }),
    ).toBe('Suspended from 2027-01-01 to 2027-03-31.');
  });
});
