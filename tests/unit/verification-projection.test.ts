import { describe, expect, it } from 'vitest';
import {
  normaliseLicenceNumberInput,
  projectRow,
  publicLicenceSchema,
  publicRegisterSettingsFrom,
  DEFAULT_PUBLIC_REGISTER,
} from '../../api/modules/verification/verification.projection.js';
import { searchTerms } from '../../api/modules/verification/verification.service.js';

const row = {
  number: 'VN-SW-26-000123-7',
  full_name: 'Nguyễn Văn An',
  full_name_native: null,
  tier_code: 'licensed',
  tier_name: { en: 'Licensed social worker' },
  protected_title: { en: 'Social Worker' },
  status: 'grace',
  practise_in_grace: false,
  valid_from: '2023-01-01',
  valid_until: '2025-12-31',
  status_since: '2026-01-01',
  conditions: [{ text: 'Supervised practice', since: '2025-01-01' }],
  sanctions: null,
  // anything else a statement might return never reaches the projection
  date_of_birth: '1990-01-01',
  email: 'x@example.org',
  id: '0b6b1f2e-5a7e-4d3c-9f59-8a0f4c1c2d3e',
};

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
    const p = projectRow(row as never, DEFAULT_PUBLIC_REGISTER);
    expect(Object.keys(p).sort()).toEqual([
      'conditions',
      'name',
      'nativeName',
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
    const p = projectRow({ ...row, status: 'active' } as never, s);
    expect(p).toMatchObject({
      number: row.number,
      name: row.full_name,
      status: 'active',
      practiseAllowed: true,
      validUntil: '2025-12-31',
      validFrom: null,
      statusSince: null,
      conditions: null,
      sanctions: null,
      nativeName: null,
      tier: { code: 'licensed', title: null },
    });
    expect(publicRegisterSettingsFrom({})).toBe(DEFAULT_PUBLIC_REGISTER);
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
