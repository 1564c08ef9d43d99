/**
 * Demo data (demo mode only, first start only): fictional accounts for every role, with names in
 * Latin and native scripts. Passwords and staff TOTP secrets are fixed and printed at start-up so a
 * newcomer can sign in; never use demo mode for a real register.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../api/modules/auth/index.js';
import type { SecretBox } from '../api/shared/secrets.js';
import { newId } from '../api/shared/ids.js';
import { recordAudit } from '../api/modules/audit/index.js';
import { licences } from '../api/modules/licences/index.js';
import { Tier } from '../api/modules/council/index.js';
import { searchKey } from '../api/shared/names.js';
import { seedDemoCpd } from './demo-cpd.js';
import { seedDemoRegister } from './demo-register.js';
import { seedDemoEmployer } from './demo-employer.js';

export type DemoAccount = {
  email: string;
  password: string;
  displayName: string;
  roles: string[];
  locale: string;
  totpSecret?: string;
};

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'admin@demo.registry.localhost',
    password: 'demo-admin-password',
    displayName: 'Trần Văn Minh',
    roles: ['admin'],
    locale: 'en',
    totpSecret: 'JBSWY3DPEHPK3PXPADMINDEMOADMINXX',
  },
  {
    email: 'registrar@demo.registry.localhost',
    password: 'demo-registrar-password',
    displayName: 'Nguyễn Thị Lan',
    roles: ['registrar'],
    locale: 'en',
    totpSecret: 'JBSWY3DPEHPK3PXPREGISTRARDEMOREG',
  },
  {
    email: 'reviewer@demo.registry.localhost',
    password: 'demo-reviewer-password',
    displayName: 'Somchai Phongsavath (ສົມໃຈ ພົງສະຫວັດ)',
    roles: ['reviewer'],
    locale: 'en',
    totpSecret: 'JBSWY3DPEHPK3PXPREVIEWERDEMOREVI',
  },
  {
    email: 'auditor@demo.registry.localhost',
    password: 'demo-auditor-password',
    displayName: 'Siti Aminah binti Yusof',
    roles: ['auditor'],
    locale: 'en',
    totpSecret: 'JBSWY3DPEHPK3PXPAUDITORDEMOAUDIT',
  },
  {
    email: 'worker@demo.registry.localhost',
    password: 'demo-worker-password',
    displayName: 'Sok Dara (សុខ តារា)',
    roles: ['social_worker'],
    locale: 'en',
  },
  {
    email: 'supervisor@demo.registry.localhost',
    password: 'demo-supervisor-password',
    displayName: 'Phạm Thu Hà',
    roles: ['social_worker'],
    locale: 'en',
  },
  {
    email: 'employer@demo.registry.localhost',
    password: 'demo-employer-password',
    displayName: 'Aung Kyaw (အောင်ကျော်)',
    roles: ['employer'],
    locale: 'en',
  },
  {
    email: 'school@demo.registry.localhost',
    password: 'demo-school-password',
    displayName: 'Pimchanok Srisuk (พิมพ์ชนก ศรีสุข)',
    roles: ['school_admin'],
    locale: 'en',
  },
  {
    email: 'provider@demo.registry.localhost',
    password: 'demo-provider-password',
    displayName: 'Vũ Đức Anh (CPD provider)',
    roles: ['cpd_provider'],
    locale: 'en',
  },
];

/** Loads the demo accounts once (marked in the council settings); returns whether it loaded them now. */
export async function seedDemo(em: EntityManager, box: SecretBox, now: Date): Promise<boolean> {
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  return em.transactional(async (tx) => {
    const [council] = await tx.execute<{ settings: Record<string, unknown> }[]>(
      `select settings from council where id = 1 for update`,
    );
    if (!council) throw new Error('Run the reference seed before the demo seed');
    if (council.settings.demoLoadedAt) return false;
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      const id = newId();
      await tx.execute(
        `insert into account (id, email, display_name, password_hash, roles, status, locale, mfa_secret_sealed, mfa_enabled_at, created_at, updated_at, version)
         values (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, 1) on conflict (email) do nothing`,
        [
          id,
          a.email,
          a.displayName,
          hashes[i],
          `{${a.roles.join(',')}}`,
          a.locale,
          a.totpSecret ? box.seal(a.totpSecret, `totp:${id}`) : null,
          a.totpSecret ? now : null,
          now,
          now,
        ],
      );
      await recordAudit(tx, {
        action: 'demo.account-created',
        entityType: 'account',
        entityId: id,
        after: { email: a.email, roles: a.roles },
      });
    }
    const bsw = await seedDemoSchools(tx, now);
    await seedDemoPeople(tx, box, now, bsw);
    await seedDemoCpd(tx, now, 'provider@demo.registry.localhost', 'supervisor@demo.registry.localhost');
    await seedDemoRegister(tx, box, now);
    await seedDemoEmployer(tx, now, 'employer@demo.registry.localhost');
    await seedDemoFees(tx, now);
    await tx.execute(
      `update council set settings = settings || jsonb_build_object('demoLoadedAt', ?::text), name = name || ' (demo)' where id = 1`,
      [now.toISOString()],
    );
    return true;
  });
}

/** Fictional schools and programmes; one accredited programme, one awaiting its first application. */
/** A fee schedule in dong, in force since a year ago: submissions in the demo are invoiced. */
async function seedDemoFees(tx: EntityManager, now: Date): Promise<void> {
  const from = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  const fees: [string, number, string, string][] = [
    ['first_registration', 500_000, 'First registration fee', 'Lệ phí đăng ký lần đầu'],
    ['tier_upgrade', 300_000, 'Tier upgrade fee', 'Lệ phí nâng hạng'],
    ['restoration', 400_000, 'Restoration fee', 'Lệ phí khôi phục'],
    ['renewal', 300_000, 'Licence renewal fee', 'Lệ phí gia hạn giấy phép'],
    ['late_renewal', 150_000, 'Late renewal fee', 'Phí gia hạn trễ hạn'],
    ['certificate_reissue', 100_000, 'Certificate reissue fee', 'Phí cấp lại chứng chỉ'],
  ];
  for (const [kind, amount, en, vi] of fees)
    await tx.execute(
      `insert into fee (id, kind, scope, name, amount_minor, currency, tax_rate_bp, pay_before, effective_from, created_at)
       values (?, ?, '', ?, ?, 'VND', 0, null, ?, ?)`,
      [newId(), kind, JSON.stringify({ en, vi }), amount, from, now],
    );
}

async function seedDemoSchools(tx: EntityManager, now: Date): Promise<string> {
  let accreditedBsw = '';
  const schools = [
    {
      name: 'Hanoi University of Social Work (demo)',
      native: 'Trường Đại học Công tác Xã hội Hà Nội (demo)',
      country: 'VN',
      region: 'Hà Nội',
      admin: 'school@demo.registry.localhost',
      programmes: [
        {
          name: 'Bachelor of Social Work',
          native: 'Cử nhân Công tác xã hội',
          level: 'bachelor',
          months: 48,
          credits: 130,
          hours: 400,
          accredited: ['2022-09-01', '2027-08-31'],
        },
        {
          name: 'Master of Social Work',
          native: 'Thạc sĩ Công tác xã hội',
          level: 'master',
          months: 24,
          credits: 60,
          hours: 300,
          accredited: null,
        },
      ],
    },
    {
      name: 'Chao Phraya College of Social Welfare (demo)',
      native: 'วิทยาลัยสวัสดิการสังคมเจ้าพระยา (demo)',
      country: 'TH',
      region: 'Bangkok',
      admin: null,
      programmes: [
        {
          name: 'Diploma in Community Social Work',
          native: 'อนุปริญญางานสังคมสงเคราะห์ชุมชน',
          level: 'diploma',
          months: 24,
          credits: 70,
          hours: 240,
          accredited: ['2024-01-01', '2028-12-31'],
        },
      ],
    },
  ];
  for (const school of schools) {
    const institutionId = newId();
    await tx.execute(
      `insert into institution (id, name, name_native, kind, country, region, contact_email, created_at, version) values (?, ?, ?, 'school', ?, ?, ?, ?, 1)`,
      [institutionId, school.name, school.native, school.country, school.region, 'office@school.example', now],
    );
    if (school.admin) {
      await tx.execute(
        `insert into institution_admin (institution_id, account_id, created_at) select ?, id, ? from account where email = ?`,
        [institutionId, now, school.admin],
      );
    }
    for (const p of school.programmes) {
      const programmeId = newId();
      await tx.execute(
        `insert into programme (id, institution_id, name, name_native, level, duration_months, credits, field_placement_hours, delivery_mode, active, created_at, version)
         values (?, ?, ?, ?, ?, ?, ?, ?, 'in_person', true, ?, 1)`,
        [programmeId, institutionId, p.name, p.native, p.level, p.months, p.credits, p.hours, now],
      );
      if (!p.accredited) continue;
      if (p.level === 'bachelor') accreditedBsw = programmeId;
      const applicationId = newId();
      await tx.execute(
        `insert into accreditation_application (id, programme_id, status, self_study_summary, reviewer_ids, outcome, decision_reason, decided_at, created_at, submitted_at, version)
         values (?, ?, 'decided', 'Demo self-study report.', '{}', 'accredited', 'Demo decision: meets the council standards.', ?, ?, ?, 1)`,
        [applicationId, programmeId, now, now, now],
      );
      const accreditationId = newId();
      await tx.execute(
        `insert into accreditation (id, programme_id, application_id, outcome, status, valid_from, valid_until, created_at, version) values (?, ?, ?, 'accredited', 'active', ?, ?, ?, 1)`,
        [accreditationId, programmeId, applicationId, p.accredited[0], p.accredited[1], now],
      );
      await tx.execute(`update accreditation_application set accreditation_id = ? where id = ?`, [
        accreditationId,
        applicationId,
      ]);
    }
  }
  return accreditedBsw;
}

/**
 * The demo social worker: a graduate of the accredited demo BSW (on the school's graduate list),
 * ready to apply as a provisional social worker. The demo supervisor holds a licensed-tier licence
 * that ends about six weeks after the demo is created, so its renewal window is open.
 */
async function seedDemoPeople(tx: EntityManager, box: SecretBox, now: Date, bsw: string): Promise<void> {
  const people = [
    {
      email: 'worker@demo.registry.localhost',
      name: 'Sok Dara',
      native: 'សុខ តារា',
      dob: '1999-02-11',
      sex: 'female',
      nationality: 'KH',
      id: 'KH-N0112233',
      region: 'Hà Nội',
      studentId: 'HN-2020-0042',
      tier: null,
    },
    {
      email: 'supervisor@demo.registry.localhost',
      name: 'Pham Thu Ha',
      native: 'Phạm Thu Hà',
      dob: '1985-09-23',
      sex: 'female',
      nationality: 'VN',
      id: '001185009876',
      region: 'Hà Nội',
      studentId: 'HN-2003-0007',
      tier: 'licensed',
    },
  ];
  const uploadId = newId();
  await tx.execute(
    `insert into graduate_upload (id, institution_id, filename, sha256, status, row_count, valid_count, errors, valid_rows, created_at, accepted_at, imported_count)
     select ?, institution_id, 'demo-graduates.csv', ?, 'accepted', 2, 2, '[]', '[]', ?, ?, 2 from programme where id = ?`,
    [uploadId, 'demo'.padEnd(64, '0'), now, now, bsw],
  );
  for (const person of people) {
    const registrantId = newId();
    await tx.execute(
      `insert into registrant (id, account_id, full_name, full_name_native, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, email, region, sector, created_at, version)
       select ?, id, ?, ?, ?, ?, ?, ?, ?, ?, ?, email, ?, 'social_welfare', ?, 1 from account where email = ?`,
      [
        registrantId,
        person.name,
        person.native,
        searchKey(person.name, person.native),
        person.dob,
        person.sex,
        person.nationality,
        box.seal(person.id, `national-id:${registrantId}`),
        box.mac(`${person.nationality}:${person.id.toUpperCase()}`, 'national-id'),
        person.id.slice(-4),
        person.region,
        now,
        person.email,
      ],
    );
    const graduated = person.tier ? '2022-12-20' : '2024-06-30';
    await tx.execute(
      `insert into graduate (id, programme_id, student_id, full_name, date_of_birth, graduation_date, upload_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [newId(), bsw, person.studentId, person.name, person.dob, graduated, uploadId, now],
    );
    await tx.execute(
      `insert into qualification (id, registrant_id, programme_id, student_id, "foreign", awarding_institution, country, level, title, awarded_on, created_at)
       select ?, ?, p.id, ?, false, i.name, i.country, p.level, p.name, ?, ? from programme p join institution i on i.id = p.institution_id where p.id = ?`,
      [newId(), registrantId, person.studentId, graduated, now, bsw],
    );
    if (person.tier) {
      const tier = await tx.findOneOrFail(Tier, { code: person.tier });
      const start = new Date(now.getTime() + 46 * 86_400_000);
      start.setUTCMonth(start.getUTCMonth() - tier.validityMonths);
      await licences.issue(tx, {
        registrantId,
        tier,
        validFrom: start.toISOString().slice(0, 10),
        applicationId: newId(),
        now,
        reason: 'Demo licence',
      });
    }
  }
}
