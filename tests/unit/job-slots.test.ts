import { describe, expect, it } from 'vitest';
import { slotFor } from '../../api/jobs/slots.js';

describe('slotFor', () => {
  it('puts every moment of a daily slot in the same slot', () => {
    const daily = { everyMinutes: 1440, offsetMinutes: 5 };
    expect(slotFor(new Date('2026-03-01T00:05:00Z'), daily).toISOString()).toBe('2026-03-01T00:05:00.000Z');
    expect(slotFor(new Date('2026-03-01T23:59:59Z'), daily).toISOString()).toBe('2026-03-01T00:05:00.000Z');
    expect(slotFor(new Date('2026-03-02T00:04:59Z'), daily).toISOString()).toBe('2026-03-01T00:05:00.000Z');
    expect(slotFor(new Date('2026-03-02T00:05:00Z'), daily).toISOString()).toBe('2026-03-02T00:05:00.000Z');
  });
  it('aligns shorter cadences to the clock', () => {
    expect(slotFor(new Date('2026-03-01T10:14:59Z'), { everyMinutes: 15 }).toISOString()).toBe(
      '2026-03-01T10:00:00.000Z',
    );
    expect(slotFor(new Date('2026-03-01T10:15:00Z'), { everyMinutes: 15 }).toISOString()).toBe(
      '2026-03-01T10:15:00.000Z',
    );
  });
});
