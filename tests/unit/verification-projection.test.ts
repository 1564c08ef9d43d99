import { describe, expect, it } from 'vitest';
import {
  dependsOnDay,
  normaliseLicenceNumberInput,
  projectRow,
  rememberLabel,
  settingsFromFields,
  settingsTag,
  publicLicenceSchema,
  publicRegisterSettingsFrom,
  DEFAULT_PUBLIC_REGISTER,
} from '../../api/modules/verification/verification.projection.js';
import { searchTerms } from '../../api/modules/verification/verification.service.js';

const NUMBER = 'VN-SW-26-000123-7';
const entry = {
  name: 'Nguyễn Văn An',
  nativeName: null,
  label: '777',
  status: 'grace',
  practiseAllowed: false,
  periodStarts: ['2023-01-01'],
  validUntil: '2025-12-31',
  statusSince: '2026-01-01',
  conditions: [{ text: 'Supervised practice', since: '2025-01-01', until: null }],
  sanctions: null,
  // anything else an entry might hold never reaches the projection
  dateOfBirth: '1990-01-01',
  email: 'x@example.org',
  id: '0b6b1f2e-5a7e-4d3c-9f59-8a0f4c1c2d3e',
};
rememberLabel('777', { code: 'licensed', name: { en: 'Licensed social worker' }, title: { en: 'Social Worker' } });

describe('licence number input', () => {
  it.each([
    [' vn-sw-26-000123-7 ', 'VN-SW-26-000123-7'],
    ['ＶＮ－ＳＷ－２６－０００１２３－７', 'VN-SW-26-000123-7'],
    ['VN–SW—26‑000123−7', 'VN-SW-26-000123-7'],
    ['SW-0000001', 'SW-0000001'],
  ])('%s → %s', (input, out) => expect(normaliseLicenceNumberInput(input)).toBe(out));

  it.each(['', 'ab', 'VN SW 26', 'VN-SW-26-000123-7; drop table licence', '%', 'x'.repeat(33), 'Nguyễn'])(
    'refuses %j',
    (input) => expect(normaliseLicenceNumberInput(input)).toBeNull(),
  );
});

describe('projection', () => {
  it('copies only allowlisted values, and the strict schema accepts exactly that', () => {
    const p = projectRow(NUMBER, entry as never, DEFAULT_PUBLIC_REGISTER, '2026-01-15');
    expect(Object.keys(p).sort()).toEqual([
      'conditions',
      'name',
      'nameNative',
      'number',
      'practiseAllowed',
      'sanctions',
      'status',
      'statusSince',
      'tier',
      'validFrom',
      'validUntil',
    ]);
    expect(p).toMatchObject({
      status: 'grace',
      practiseAllowed: false,
      sanctions: [],
      conditions: [{ text: 'Supervised practice', since: '2025-01-01' }],
    });
    expect(publicLicenceSchema.parse(p)).toEqual(p);
    expect(() => publicLicenceSchema.parse({ ...p, dateOfBirth: '1990-01-01' })).toThrow();
    expect(() => publicLicenceSchema.parse({ ...p, tier: { ...p.tier, id: 'x' } })).toThrow();
  });

  it('hides optional fields the council does not publish (null), never the core ones; unknown setting names are ignored', () => {
    const s = publicRegisterSettingsFrom({ publicRegisterFields: ['validUntil', 'dateOfBirth'] });
    const p = projectRow(NUMBER, { ...entry, status: 'active', practiseAllowed: true } as never, s, '2026-01-15');
    expect(p).toMatchObject({
      number: NUMBER,
      name: entry.name,
      status: 'active',
      practiseAllowed: true,
      validUntil: '2025-12-31',
      validFrom: null,
      statusSince: null,
      conditions: null,
      sanctions: null,
      nameNative: null,
      tier: { code: 'licensed', title: null },
    });
    expect(publicRegisterSettingsFrom({})).toBe(DEFAULT_PUBLIC_REGISTER);
  });
});

describe('what the entry shows on a given day', () => {
  const on = (over: Record<string, unknown>, day: string) =>
    projectRow(NUMBER, { ...entry, ...over } as never, DEFAULT_PUBLIC_REGISTER, day);

  it('the current period: the latest begun by then, else the first; none without periods', () => {
    const starts = { periodStarts: ['2020-01-01', '2023-01-01', '2026-01-01'] };
    expect(on(starts, '2019-06-01').validFrom).toBe('2020-01-01');
    expect(on(starts, '2022-12-31').validFrom).toBe('2020-01-01');
    expect(on(starts, '2023-01-01').validFrom).toBe('2023-01-01');
    expect(on(starts, '2030-01-01').validFrom).toBe('2026-01-01');
    expect(on({ periodStarts: ['2026-01-01'] }, '2020-01-01').validFrom).toBe('2026-01-01');
    expect(on({ periodStarts: [] }, '2020-01-01').validFrom).toBeNull();
  });

  it('conditions and sanctions in force that day only, first and last days included', () => {
    const dated = {
      conditions: [
        { text: 'A', since: '2026-01-01', until: '2026-01-31' },
        { text: 'B', since: '2026-02-01', until: null },
      ],
      sanctions: [
        { type: 'warning', text: 'W', from: '2026-01-10', until: '2026-01-20' },
        { type: 'conditions', text: 'C', from: null, until: null },
      ],
    };
    expect(on(dated, '2025-12-31')).toMatchObject({ conditions: [], sanctions: [] });
    expect(on(dated, '2026-01-10')).toMatchObject({
      conditions: [{ text: 'A', since: '2026-01-01' }],
      sanctions: [{ type: 'warning', text: 'W', from: '2026-01-10', until: '2026-01-20' }],
    });
    expect(on(dated, '2026-01-31')).toMatchObject({ conditions: [{ text: 'A', since: '2026-01-01' }], sanctions: [] });
    expect(on(dated, '2026-02-01')).toMatchObject({ conditions: [{ text: 'B', since: '2026-02-01' }], sanctions: [] });
  });

  it('says when an entry depends on the day, and tags each allowlist', () => {
    expect(dependsOnDay({ ...entry, conditions: null } as never)).toBe(false);
    expect(dependsOnDay(entry as never)).toBe(true);
    expect(dependsOnDay({ ...entry, conditions: null, periodStarts: ['2020-01-01', '2023-01-01'] } as never)).toBe(
      true,
    );
    expect(settingsFromFields(null)).toBe(DEFAULT_PUBLIC_REGISTER);
    expect(settingsFromFields('["validUntil","nonsense"]').fields).toEqual(new Set(['validUntil']));
    expect(settingsFromFields('not json')).toEqual(DEFAULT_PUBLIC_REGISTER);
    expect(settingsTag(settingsFromFields('["validUntil"]'))).not.toBe(settingsTag(DEFAULT_PUBLIC_REGISTER));
    expect(settingsTag(settingsFromFields('["validUntil","nameNative"]'))).toBe(
      settingsTag(settingsFromFields('["nameNative","validUntil"]')),
    );
  });
});

describe('name search terms', () => {
  it('needs 3 letters (counting marks of scripts such as Khmer), folds case and diacritics', () => {
    expect(searchTerms('ab')).toBeNull();
    expect(searchTerms('  a b ')).toBeNull();
    expect(searchTerms('Nguyễn Văn An')).toEqual(['nguyen', 'van', 'an']);
    expect(searchTerms('ĐẶNG')).toEqual(['dang']);
    expect(searchTerms('ដារ៉ា')).not.toBeNull();
  });
});
