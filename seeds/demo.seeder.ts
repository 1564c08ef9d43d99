/**
 * Demo data (demo mode only, first start only): fictional accounts for every role, with names in
 * Latin and native scripts. Passwords and staff TOTP secrets are fixed and printed at start-up so a
 * newcomer can sign in; never use demo mode for a real register.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../api/modules/auth/credentials.js';
import type { SecretBox } from '../api/shared/secrets.js';
import { newId } from '../api/shared/ids.js';
import { recordAudit } from '../api/modules/audit/index.js';

export type DemoAccount = { email: string; password: string; displayName: string; roles: string[]; locale: string; totpSecret?: string };

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@demo.registry.localhost', password: 'demo-admin-password', displayName: 'Trần Văn Minh', roles: ['admin'], locale: 'vi', totpSecret: 'JBSWY3DPEHPK3PXPADMINDEMOADMINXX' },
  { email: 'registrar@demo.registry.localhost', password: 'demo-registrar-password', displayName: 'Nguyễn Thị Lan', roles: ['registrar'], locale: 'en', totpSecret: 'JBSWY3DPEHPK3PXPREGISTRARDEMOREG' },
  { email: 'reviewer@demo.registry.localhost', password: 'demo-reviewer-password', displayName: 'Somchai Phongsavath (ສົມໃຈ ພົງສະຫວັດ)', roles: ['reviewer'], locale: 'en', totpSecret: 'JBSWY3DPEHPK3PXPREVIEWERDEMOREVI' },
  { email: 'auditor@demo.registry.localhost', password: 'demo-auditor-password', displayName: 'Siti Aminah binti Yusof', roles: ['auditor'], locale: 'en', totpSecret: 'JBSWY3DPEHPK3PXPAUDITORDEMOAUDIT' },
  { email: 'worker@demo.registry.localhost', password: 'demo-worker-password', displayName: 'Sok Dara (សុខ តារា)', roles: ['social_worker'], locale: 'en' },
  { email: 'employer@demo.registry.localhost', password: 'demo-employer-password', displayName: 'Aung Kyaw (အောင်ကျော်)', roles: ['employer'], locale: 'en' },
  { email: 'school@demo.registry.localhost', password: 'demo-school-password', displayName: 'Pimchanok Srisuk (พิมพ์ชนก ศรีสุข)', roles: ['school_admin'], locale: 'en' },
];

/** Loads the demo accounts once (marked in the council settings); returns whether it loaded them now. */
export async function seedDemo(em: EntityManager, box: SecretBox, now: Date): Promise<boolean> {
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  return em.transactional(async (tx) => {
    const [council] = await tx.execute<{ settings: Record<string, unknown> }[]>(`select settings from council where id = 1 for update`);
    if (!council) throw new Error('Run the reference seed before the demo seed');
    if (council.settings.demoLoadedAt) return false;
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      const id = newId();
      await tx.execute(
        `insert into account (id, email, display_name, password_hash, roles, status, locale, mfa_secret_sealed, mfa_enabled_at, created_at, updated_at, version)
         values (?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, 1) on conflict (email) do nothing`,
        [id, a.email, a.displayName, hashes[i], `{${a.roles.join(',')}}`, a.locale, a.totpSecret ? box.seal(a.totpSecret, `totp:${id}`) : null, a.totpSecret ? now : null, now, now],
      );
      await recordAudit(tx, { action: 'demo.account-created', entityType: 'account', entityId: id, after: { email: a.email, roles: a.roles } });
    }
    await seedDemoSchools(tx, now);
    await tx.execute(`update council set settings = settings || jsonb_build_object('demoLoadedAt', ?::text), name = name || ' (demo)' where id = 1`, [now.toISOString()]);
    return true;
  });
}

/** Fictional schools and programmes; one accredited programme, one awaiting its first application. */
async function seedDemoSchools(tx: EntityManager, now: Date): Promise<void> {
  const schools = [
    { name: 'Hanoi University of Social Work (demo)', native: 'Trường Đại học Công tác Xã hội Hà Nội (demo)', country: 'VN', region: 'Hà Nội', admin: 'school@demo.registry.localhost',
      programmes: [
        { name: 'Bachelor of Social Work', native: 'Cử nhân Công tác xã hội', level: 'bachelor', months: 48, credits: 130, hours: 400, accredited: ['2022-09-01', '2027-08-31'] },
        { name: 'Master of Social Work', native: 'Thạc sĩ Công tác xã hội', level: 'master', months: 24, credits: 60, hours: 300, accredited: null },
      ] },
    { name: 'Chao Phraya College of Social Welfare (demo)', native: 'วิทยาลัยสวัสดิการสังคมเจ้าพระยา (demo)', country: 'TH', region: 'Bangkok', admin: null,
      programmes: [{ name: 'Diploma in Community Social Work', native: 'อนุปริญญางานสังคมสงเคราะห์ชุมชน', level: 'diploma', months: 24, credits: 70, hours: 240, accredited: ['2024-01-01', '2028-12-31'] }] },
  ];
  for (const school of schools) {
    const institutionId = newId();
    await tx.execute(
      `insert into institution (id, name, name_native, kind, country, region, contact_email, created_at, version) values (?, ?, ?, 'school', ?, ?, ?, ?, 1)`,
      [institutionId, school.name, school.native, school.country, school.region, 'office@school.example', now],
    );
    if (school.admin) {
      await tx.execute(`insert into institution_admin (institution_id, account_id, created_at) select ?, id, ? from account where email = ?`, [institutionId, now, school.admin]);
    }
    for (const p of school.programmes) {
      const programmeId = newId();
      await tx.execute(
        `insert into programme (id, institution_id, name, name_native, level, duration_months, credits, field_placement_hours, delivery_mode, active, created_at, version)
         values (?, ?, ?, ?, ?, ?, ?, ?, 'in_person', true, ?, 1)`,
        [programmeId, institutionId, p.name, p.native, p.level, p.months, p.credits, p.hours, now],
      );
      if (!p.accredited) continue;
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
      await tx.execute(`update accreditation_application set accreditation_id = ? where id = ?`, [accreditationId, applicationId]);
    }
  }
}
