/**
 * Register import rules (pure): the column mapping, encoding detection and row validation.
 * Natural keys: a person is nationality + national identity number; a licence is its number;
 * a qualification is (person, title, award date). Rows already on the register are "existing"
 * and change nothing, so importing the same file twice imports nothing the second time.
 */
import { csvRecords, isCalendarDate } from '../../shared/csv.js';
import { SECTORS } from '../registrants/index.js';
import type { ImportCounts, ImportRowError } from './import.entity.js';

export type ColumnSpec = { name: string; required: boolean; description: string; example: string };

export const IMPORT_COLUMNS: ColumnSpec[] = [
  {
    name: 'nationality',
    required: true,
    description: 'ISO 3166 two-letter country of the identity document',
    example: 'VN',
  },
  {
    name: 'national_id',
    required: true,
    description: "National identity number (sealed at rest; with nationality, the person's key)",
    example: '079012345678',
  },
  { name: 'full_name', required: true, description: 'Full name in Latin script', example: 'Nguyen Thi Lan' },
  {
    name: 'full_name_native',
    required: false,
    description: 'Full name in the national script',
    example: 'Nguyễn Thị Lan',
  },
  { name: 'date_of_birth', required: true, description: 'YYYY-MM-DD', example: '1988-04-12' },
  { name: 'sex', required: true, description: 'female, male, other or unspecified', example: 'female' },
  { name: 'region', required: true, description: 'Province or region of practice', example: 'Ha Noi' },
  { name: 'sector', required: true, description: SECTORS.join(', '), example: 'social_welfare' },
  { name: 'email', required: false, description: 'E-mail address', example: 'lan@example.org' },
  { name: 'phone', required: false, description: 'Telephone', example: '+84 24 1234 5678' },
  { name: 'employer', required: false, description: 'Employer', example: 'Ha Noi Social Protection Centre' },
  {
    name: 'licence_number',
    required: true,
    description: "The existing licence number (the licence's key; kept as it is)",
    example: 'VN-2019-000123',
  },
  {
    name: 'tier',
    required: true,
    description: 'Tier code configured by the council (e.g. para, provisional, licensed, specialist)',
    example: 'licensed',
  },
  {
    name: 'status',
    required: true,
    description: 'active, grace, lapsed, suspended, revoked or surrendered',
    example: 'active',
  },
  {
    name: 'valid_from',
    required: true,
    description: 'Start of the current licence period, YYYY-MM-DD',
    example: '2023-01-01',
  },
  {
    name: 'valid_until',
    required: true,
    description: 'End of the current licence period, YYYY-MM-DD',
    example: '2025-12-31',
  },
  {
    name: 'status_since',
    required: false,
    description: 'When the current status began (required unless active), YYYY-MM-DD',
    example: '',
  },
  {
    name: 'qualification_title',
    required: false,
    description: 'Qualification title (the qualification columns go together)',
    example: 'Bachelor of Social Work',
  },
  {
    name: 'qualification_level',
    required: false,
    description: 'certificate, diploma, bachelor, master or doctorate',
    example: 'bachelor',
  },
  {
    name: 'qualification_institution',
    required: false,
    description: 'Awarding institution',
    example: 'University of Labour and Social Affairs',
  },
  {
    name: 'qualification_country',
    required: false,
    description: 'ISO two-letter country of the institution',
    example: 'VN',
  },
  { name: 'qualification_awarded_on', required: false, description: 'YYYY-MM-DD', example: '2010-06-30' },
];
const REQUIRED = IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.name);
const QUALIFICATION = [
  'qualification_title',
  'qualification_level',
  'qualification_institution',
  'qualification_country',
  'qualification_awarded_on',
];
export const IMPORT_STATUSES = ['active', 'grace', 'lapsed', 'suspended', 'revoked', 'surrendered'] as const;
const LEVELS = ['certificate', 'diploma', 'bachelor', 'master', 'doctorate'];
const SEXES = ['female', 'male', 'other', 'unspecified'];

export class ImportEncodingError extends Error {}

/**
 * UTF-8 (with or without a byte-order mark) when the bytes are valid UTF-8; otherwise Windows-1252
 * (what spreadsheet programs write for "CSV" on Western-locale Windows), unless the bytes contain
 * what Windows-1252 never uses (NUL, or the five undefined bytes), which means another encoding.
 */
export function decodeImport(bytes: Buffer): { text: string; encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new ImportEncodingError('the file is UTF-16; save it as "CSV UTF-8"');
  try {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
    return { text, encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    for (const b of bytes)
      if (b === 0 || b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d)
        throw new ImportEncodingError('the file is neither UTF-8 nor Windows-1252; save it as "CSV UTF-8"');
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

export type ImportRow = {
  row: number;
  nationality: string;
  nationalId: string;
  fullName: string;
  fullNameNative: string | null;
  dateOfBirth: string;
  sex: string;
  region: string;
  sector: string;
  email: string | null;
  phone: string | null;
  employer: string | null;
  licenceNumber: string;
  tier: string;
  status: string;
  validFrom: string;
  validUntil: string;
  statusSince: string;
  qualification: { title: string; level: string; institution: string; country: string; awardedOn: string } | null;
};

export type ImportContext = {
  today: string;
  tiers: Set<string>;
  personKey: (nationality: string, nationalId: string) => string;
  /** People already on the register, by person key. */
  people: Map<string, { id: string; fullName: string; dateOfBirth: string }>;
  /** Licences already on the register, by number. */
  licences: Map<string, { registrantId: string }>;
  /** Qualifications already on the register: `${registrantId}|${title}|${awardedOn}`. */
  qualifications: Set<string>;
};

export type ImportPlan = {
  rows: (ImportRow & {
    personKey: string;
    existingPersonId: string | null;
    licenceExists: boolean;
    qualificationExists: boolean;
  })[];
  errors: ImportRowError[];
  counts: ImportCounts;
  total: number;
};

export function parseImport(text: string): {
  headers: string[];
  records: { line: number; values: Record<string, string> }[];
  missing: string[];
} {
  const { headers, records } = csvRecords(text);
  return { headers, records, missing: REQUIRED.filter((c) => !headers.includes(c)) };
}

/** Validates every row; returns the rows that may be imported and a row-level error list. */
export function planImport(
  records: { line: number; values: Record<string, string> }[],
  ctx: ImportContext,
): ImportPlan {
  const errors: ImportRowError[] = [];
  const rows: ImportPlan['rows'] = [];
  const licenceRows = new Map<string, number>();
  const personInFile = new Map<string, { row: number; fullName: string; dateOfBirth: string }>();
  const newPeople = new Set<string>();
  const existingPeople = new Set<string>();
  const qualInFile = new Set<string>();
  const counts: ImportCounts = {
    rows: records.length,
    validRows: 0,
    errorRows: 0,
    registrantsNew: 0,
    registrantsExisting: 0,
    licencesNew: 0,
    licencesExisting: 0,
    qualificationsNew: 0,
    qualificationsExisting: 0,
  };
  for (const { line, values: v } of records) {
    const before = errors.length;
    const err = (field: string, reason: string) => errors.push({ row: line, field, reason });
    const g = (k: string) => (v[k] ?? '').trim();
    const date = (k: string, required = true) => {
      const s = g(k);
      if (!s) {
        if (required) err(k, 'is empty');
        return false;
      }
      if (!isCalendarDate(s)) {
        err(k, `"${s}" is not a date in the form YYYY-MM-DD`);
        return false;
      }
      return true;
    };
    for (const k of ['nationality', 'national_id', 'full_name', 'region', 'licence_number'])
      if (!g(k)) err(k, 'is empty');
    const nationality = g('nationality').toUpperCase();
    if (nationality && !/^[A-Z]{2}$/.test(nationality))
      err('nationality', `"${g('nationality')}" is not a two-letter country code`);
    const nationalId = g('national_id').replace(/\s+/g, '');
    if (nationalId && !/^[A-Za-z0-9-]{4,40}$/.test(nationalId))
      err('national_id', 'must be 4 to 40 letters, digits or hyphens');
    if (g('full_name').length > 300) err('full_name', 'is longer than 300 characters');
    if (date('date_of_birth') && (g('date_of_birth') >= ctx.today || g('date_of_birth') < '1900-01-01'))
      err('date_of_birth', 'is not a plausible date of birth');
    const sex = g('sex').toLowerCase();
    if (!SEXES.includes(sex)) err('sex', `"${g('sex')}" is not one of ${SEXES.join(', ')}`);
    const sector = g('sector').toLowerCase();
    if (!(SECTORS as readonly string[]).includes(sector))
      err('sector', `"${g('sector')}" is not one of ${SECTORS.join(', ')}`);
    if (g('email') && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(g('email')))
      err('email', `"${g('email')}" is not an e-mail address`);
    const tier = g('tier');
    if (!ctx.tiers.has(tier)) err('tier', `"${tier}" is not a tier of this council (${[...ctx.tiers].join(', ')})`);
    const status = g('status').toLowerCase();
    if (!(IMPORT_STATUSES as readonly string[]).includes(status))
      err('status', `"${g('status')}" is not one of ${IMPORT_STATUSES.join(', ')}`);
    const okFrom = date('valid_from');
    const okUntil = date('valid_until');
    if (okFrom && okUntil && g('valid_until') < g('valid_from')) err('valid_until', 'is before valid_from');
    if (okFrom && g('valid_from') > ctx.today) err('valid_from', 'is in the future');
    let statusSince = g('valid_from');
    if (status && status !== 'active') {
      if (date('status_since')) {
        statusSince = g('status_since');
        if (okFrom && statusSince < g('valid_from')) err('status_since', 'is before valid_from');
        if (statusSince > ctx.today) err('status_since', 'is in the future');
      }
    } else if (g('status_since')) date('status_since', false);
    const anyQual = QUALIFICATION.some((k) => g(k));
    if (anyQual) {
      for (const k of ['qualification_title', 'qualification_institution'])
        if (!g(k)) err(k, 'is empty (the qualification columns go together)');
      if (!LEVELS.includes(g('qualification_level').toLowerCase()))
        err('qualification_level', `"${g('qualification_level')}" is not one of ${LEVELS.join(', ')}`);
      if (!/^[A-Za-z]{2}$/.test(g('qualification_country')))
        err('qualification_country', 'is not a two-letter country code');
      if (date('qualification_awarded_on') && g('qualification_awarded_on') > ctx.today)
        err('qualification_awarded_on', 'is in the future');
    }
    // Keys: duplicates inside the file, and against the register.
    const number = g('licence_number');
    const key = nationality && nationalId ? ctx.personKey(nationality, nationalId) : '';
    const existing = key ? ctx.people.get(key) : undefined;
    if (number) {
      const first = licenceRows.get(number);
      if (first) err('licence_number', `duplicates row ${first}`);
      else licenceRows.set(number, line);
    }
    if (key) {
      const seen = personInFile.get(key);
      if (seen && (seen.fullName !== g('full_name') || seen.dateOfBirth !== g('date_of_birth')))
        err('national_id', `the same person is on row ${seen.row} with a different name or date of birth`);
      else if (!seen) personInFile.set(key, { row: line, fullName: g('full_name'), dateOfBirth: g('date_of_birth') });
      if (existing && (existing.fullName !== g('full_name') || existing.dateOfBirth !== g('date_of_birth')))
        err('national_id', 'this identity number is already on the register with a different name or date of birth');
    }
    const onRegister = number ? ctx.licences.get(number) : undefined;
    if (onRegister && onRegister.registrantId !== existing?.id)
      err('licence_number', 'this licence number already belongs to another person on the register');
    if (errors.length > before) continue;

    const qualification = anyQual
      ? {
          title: g('qualification_title'),
          level: g('qualification_level').toLowerCase(),
          institution: g('qualification_institution'),
          country: g('qualification_country').toUpperCase(),
          awardedOn: g('qualification_awarded_on'),
        }
      : null;
    const qKey = qualification ? `${existing?.id ?? key}|${qualification.title}|${qualification.awardedOn}` : '';
    const qualificationExists =
      !!qualification && ((!!existing && ctx.qualifications.has(qKey)) || qualInFile.has(qKey));
    if (qualification) qualInFile.add(qKey);
    rows.push({
      row: line,
      nationality,
      nationalId,
      fullName: g('full_name'),
      fullNameNative: g('full_name_native') || null,
      dateOfBirth: g('date_of_birth'),
      sex,
      region: g('region'),
      sector,
      email: g('email') || null,
      phone: g('phone') || null,
      employer: g('employer') || null,
      licenceNumber: number,
      tier,
      status,
      validFrom: g('valid_from'),
      validUntil: g('valid_until'),
      statusSince,
      qualification,
      personKey: key,
      existingPersonId: existing?.id ?? null,
      licenceExists: !!onRegister,
      qualificationExists,
    });
    if (existing) existingPeople.add(key);
    else newPeople.add(key);
    counts[onRegister ? 'licencesExisting' : 'licencesNew']++;
    if (qualification) counts[qualificationExists ? 'qualificationsExisting' : 'qualificationsNew']++;
  }
  counts.validRows = rows.length;
  counts.errorRows = new Set(errors.map((e) => e.row)).size;
  counts.registrantsNew = newPeople.size;
  counts.registrantsExisting = existingPeople.size;
  return { rows, errors, counts, total: records.length };
}
