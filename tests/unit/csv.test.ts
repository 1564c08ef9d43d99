import { describe, expect, it } from 'vitest';
import { isCalendarDate } from '../../api/shared/csv.js';

describe('isCalendarDate', () => {
  it('accepts real days in the form YYYY-MM-DD, leap days only in leap years', () => {
    for (const d of ['2024-01-31', '2024-02-29', '2000-02-29', '2023-04-30', '1960-12-31', '2026-11-26'])
      expect(isCalendarDate(d), d).toBe(true);
  });
  it('refuses days that do not exist and other forms', () => {
    for (const d of [
      '2023-02-29',
      '1900-02-29',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '2024-1-01',
      '24-01-01',
      '2024/01/01',
      '2024-01-01T00:00',
      ' 2024-01-01',
      '',
    ])
      expect(isCalendarDate(d), d).toBe(false);
  });
});
