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
    await tx.execute(`update council set settings = settings || jsonb_build_object('demoLoadedAt', ?::text), name = name || ' (demo)' where id = 1`, [now.toISOString()]);
    return true;
  });
}
