/**
 * A small demo register (demo mode, first start) so that the public register, the reports and the
 * employer screens have something to show: licence holders from across the region, with names in
 * their own scripts, at every tier, with licences that are active, in their renewal window, past
 * their expiry (the renewal job moves them to grace or lapsed at start), one practising under a
 * published condition, one suspended by a published fitness-to-practise decision, and one open case.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SecretBox } from '../api/shared/secrets.js';
import { newId } from '../api/shared/ids.js';
import { searchKey } from '../api/shared/names.js';
import { Tier } from '../api/modules/council/index.js';
import { licences } from '../api/modules/licences/index.js';
import { applySanctions, sweepPublication } from '../api/modules/discipline/index.js';

type Person = {
  name: string;
  native: string | null;
  sex: 'female' | 'male';
  nationality: string;
  region: string;
  sector: string;
  dob: string;
  tier: string;
  daysLeft: number;
};

/** daysLeft: days from the demo's start to the end of the licence period (negative: already ended). */
export const DEMO_REGISTER: Person[] = [
  {
    name: 'Nguyen Van An',
    native: 'Nguyễn Văn An',
    sex: 'male',
    nationality: 'VN',
    region: 'Hà Nội',
    sector: 'social_welfare',
    dob: '1988-03-14',
    tier: 'licensed',
    daysLeft: 700,
  },
  {
    name: 'Tran Thi Mai',
    native: 'Trần Thị Mai',
    sex: 'female',
    nationality: 'VN',
    region: 'Huế',
    sector: 'health',
    dob: '1992-07-02',
    tier: 'licensed',
    daysLeft: 25,
  },
  {
    name: 'Le Hoang Nam',
    native: 'Lê Hoàng Nam',
    sex: 'male',
    nationality: 'VN',
    region: 'Đà Nẵng',
    sector: 'education',
    dob: '1990-11-30',
    tier: 'provisional',
    daysLeft: 400,
  },
  {
    name: 'Vo Thi Thu',
    native: 'Võ Thị Thu',
    sex: 'female',
    nationality: 'VN',
    region: 'Thành phố Hồ Chí Minh',
    sector: 'justice',
    dob: '1985-01-19',
    tier: 'specialist',
    daysLeft: 900,
  },
  {
    name: 'Dang Minh Chau',
    native: 'Đặng Minh Châu',
    sex: 'female',
    nationality: 'VN',
    region: 'Cần Thơ',
    sector: 'social_welfare',
    dob: '1996-05-08',
    tier: 'para',
    daysLeft: -10,
  },
  {
    name: 'Bui Quoc Huy',
    native: 'Bùi Quốc Huy',
    sex: 'male',
    nationality: 'VN',
    region: 'Hải Phòng',
    sector: 'health',
    dob: '1983-09-22',
    tier: 'licensed',
    daysLeft: -60,
  },
  {
    name: 'Somchai Srisai',
    native: 'สมชาย ศรีสาย',
    sex: 'male',
    nationality: 'TH',
    region: 'Hà Nội',
    sector: 'health',
    dob: '1987-04-03',
    tier: 'licensed',
    daysLeft: 500,
  },
  {
    name: 'Kanya Thongchai',
    native: 'กัญญา ทองชัย',
    sex: 'female',
    nationality: 'TH',
    region: 'Thành phố Hồ Chí Minh',
    sector: 'social_welfare',
    dob: '1991-12-12',
    tier: 'provisional',
    daysLeft: 80,
  },
  {
    name: 'Sok Chenda',
    native: 'សុខ ចិន្តា',
    sex: 'female',
    nationality: 'KH',
    region: 'Cần Thơ',
    sector: 'education',
    dob: '1994-02-27',
    tier: 'provisional',
    daysLeft: 300,
  },
  {
    name: 'Chan Vuthy',
    native: 'ចាន់ វុទ្ធី',
    sex: 'male',
    nationality: 'KH',
    region: 'Hà Nội',
    sector: 'social_welfare',
    dob: '1989-06-16',
    tier: 'licensed',
    daysLeft: 650,
  },
  {
    name: 'Souksavanh Phommachanh',
    native: 'ສຸກສະຫວັນ ພົມມະຈັນ',
    sex: 'female',
    nationality: 'LA',
    region: 'Huế',
    sector: 'health',
    dob: '1993-08-09',
    tier: 'para',
    daysLeft: 200,
  },
  {
    name: 'Khamla Vongsa',
    native: 'ຄຳຫລ້າ ວົງສາ',
    sex: 'male',
    nationality: 'LA',
    region: 'Đà Nẵng',
    sector: 'social_welfare',
    dob: '1986-10-01',
    tier: 'licensed',
    daysLeft: 15,
  },
  {
    name: 'Aung Min Thu',
    native: 'အောင်မင်းသူ',
    sex: 'male',
    nationality: 'MM',
    region: 'Hà Nội',
    sector: 'justice',
    dob: '1984-03-25',
    tier: 'specialist',
    daysLeft: 820,
  },
  {
    name: 'Thandar Win',
    native: 'သန္တာဝင်း',
    sex: 'female',
    nationality: 'MM',
    region: 'Thành phố Hồ Chí Minh',
    sector: 'health',
    dob: '1995-01-05',
    tier: 'provisional',
    daysLeft: 550,
  },
  {
    name: 'Maria Santos',
    native: null,
    sex: 'female',
    nationality: 'PH',
    region: 'Hà Nội',
    sector: 'social_welfare',
    dob: '1990-09-17',
    tier: 'licensed',
    daysLeft: 1000,
  },
  {
    name: 'Siti Nurhaliza binti Ahmad',
    native: null,
    sex: 'female',
    nationality: 'MY',
    region: 'Đà Nẵng',
    sector: 'education',
    dob: '1992-04-21',
    tier: 'licensed',
    daysLeft: 450,
  },
  {
    name: 'Budi Santoso',
    native: null,
    sex: 'male',
    nationality: 'ID',
    region: 'Hải Phòng',
    sector: 'social_welfare',
    dob: '1987-07-07',
    tier: 'para',
    daysLeft: 350,
  },
  {
    name: 'Pham Duc Long',
    native: 'Phạm Đức Long',
    sex: 'male',
    nationality: 'VN',
    region: 'Hà Nội',
    sector: 'social_welfare',
    dob: '1989-02-02',
    tier: 'licensed',
    daysLeft: 600,
  },
  {
    name: 'Hoang Thi Lan',
    native: 'Hoàng Thị Lan',
    sex: 'female',
    nationality: 'VN',
    region: 'Huế',
    sector: 'social_welfare',
    dob: '1991-05-30',
    tier: 'licensed',
    daysLeft: 750,
  },
  {
    name: 'Ngo Thanh Tam',
    native: 'Ngô Thanh Tâm',
    sex: 'female',
    nationality: 'VN',
    region: 'Cần Thơ',
    sector: 'health',
    dob: '1994-10-10',
    tier: 'provisional',
    daysLeft: 120,
  },
];

const addDays = (now: Date, n: number) => new Date(now.getTime() + n * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoRegister(tx: EntityManager, box: SecretBox, now: Date): Promise<void> {
  const tiers = new Map((await tx.find(Tier, {})).map((t) => [t.code, t]));
  const issued: { id: string; number: string; person: Person }[] = [];
  for (const [i, person] of DEMO_REGISTER.entries()) {
    const tier = tiers.get(person.tier);
    if (!tier) continue;
    const registrantId = newId();
    const nationalId = `${person.nationality}-DEMO-${String(1000 + i)}`;
    await tx.execute(
      `insert into registrant (id, account_id, full_name, full_name_native, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, email, region, sector, created_at, version)
       values (?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, 1)`,
      [
        registrantId,
        person.name,
        person.native,
        searchKey(person.name, person.native),
        person.dob,
        person.sex,
        person.nationality,
        box.seal(nationalId, `national-id:${registrantId}`),
        box.mac(`${person.nationality}:${nationalId}`, 'national-id'),
        nationalId.slice(-4),
        person.region,
        person.sector,
        now,
      ],
    );
    // A period that ends `daysLeft` from now: it started validityMonths before the day after that.
    const end = new Date(addDays(now, person.daysLeft + 1) + 'T00:00:00Z');
    end.setUTCMonth(end.getUTCMonth() - tier.validityMonths);
    const licence = await licences.issue(tx, {
      registrantId,
      tier,
      validFrom: end.toISOString().slice(0, 10),
      applicationId: newId(),
      now,
      reason: 'Demo register',
    });
    await tx.flush();
    issued.push({ id: licence.id, number: licence.number, person });
  }
  const byName = (name: string) => issued.find((l) => l.person.name === name);

  // A public condition on a licence (for example set when it was granted).
  const conditioned = byName('Le Hoang Nam');
  if (conditioned) {
    await tx.execute(
      `insert into licence_condition (id, licence_id, text, starts_on, ends_on, public, created_by, created_at) values (?, ?, ?, ?, ?, true, null, ?)`,
      [
        newId(),
        conditioned.id,
        'Practises only under the supervision of a licensed social worker',
        addDays(now, -90),
        addDays(now, 275),
        now,
      ],
    );
  }

  // A fitness-to-practise case decided with a suspension, published on the register while it lasts.
  const suspended = byName('Pham Duc Long');
  if (suspended) {
    const caseId = await demoCase(tx, now, suspended, {
      stage: 'closed',
      category: 'boundaries',
      allegation: 'Accepted gifts of money from a family he was supporting.',
    });
    const sanctionId = newId();
    await tx.execute(
      `insert into discipline_sanction (id, case_id, licence_id, type, status, starts_on, ends_on, reasons, decided_on, public_text, published_from, published_until, publication_state, created_at, version)
       values (?, ?, ?, 'suspension', 'in_force', ?, ?, 'The panel found the allegation proved; a six-month suspension protects the public.', ?, ?, ?, ?, 'unpublished', ?, 1)`,
      [
        sanctionId,
        caseId,
        suspended.id,
        addDays(now, -30),
        addDays(now, 150),
        addDays(now, -35),
        `Suspended from ${addDays(now, -30)} to ${addDays(now, 150)} after a fitness-to-practise hearing.`,
        addDays(now, -30),
        addDays(now, 150),
        now,
      ],
    );
    await applySanctions(tx, addDays(now, 0), now, [suspended.id]);
    await sweepPublication(tx, addDays(now, 0), now, [sanctionId]);
  }

  // An open case (under investigation): confidential, not on the public register.
  const investigated = byName('Somchai Srisai');
  if (investigated)
    await demoCase(tx, now, investigated, {
      stage: 'investigation',
      category: 'competence',
      allegation: 'Case notes for three families were not kept for six weeks.',
    });
}

async function demoCase(
  tx: EntityManager,
  now: Date,
  l: { id: string; number: string; person: Person },
  c: { stage: string; category: string; allegation: string },
): Promise<string> {
  const year = now.getUTCFullYear();
  const [row] = await tx.execute<{ last: number }[]>(
    `insert into licence_number_counter (scope, last) values (?, 1) on conflict (scope) do update set last = licence_number_counter.last + 1 returning last`,
    [`ftp-case:${year}`],
  );
  const id = newId();
  const received = addDays(now, -120);
  await tx.execute(
    `insert into discipline_case (id, reference, stage, stage_since, source, complainant_name, complainant_email, respondent_name, respondent_licence_number, registrant_id, licence_id, category, allegation, received_on, created_at, version)
     select ?, ?, ?, ?, 'staff', 'Demo complainant', null, ?, ?, registrant_id, id, ?, ?, ?, ?, 1 from licence where id = ?`,
    [
      id,
      `FTP-${year}-${String(row!.last).padStart(5, '0')}`,
      c.stage,
      addDays(now, -40),
      l.person.name,
      l.number,
      c.category,
      c.allegation,
      received,
      now,
      l.id,
    ],
  );
  await tx.execute(
    `insert into discipline_case_event (id, case_id, kind, stage, to_stage, on_date, note, disclosed, created_at) values (?, ?, 'opened', 'intake', null, ?, 'Entered from the demo data', false, ?)`,
    [newId(), id, received, now],
  );
  return id;
}
