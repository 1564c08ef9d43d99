/**
 * The demo employer (demo mode, first start): an organisation for the demo employer account, with
 * a few licences of the demo register on its watchlist (including, when there is one, a suspended
 * or conditioned licence, so the screens show more than "active").
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../api/shared/ids.js';

export const DEMO_EMPLOYER = {
  name: 'Mekong Family Services (demo)',
  identifier: 'DEMO-EMP-001',
  contactEmail: 'alerts@employer.demo.registry.localhost',
};

export async function seedDemoEmployer(tx: EntityManager, now: Date, employerEmail: string): Promise<void> {
  const orgId = newId();
  await tx.execute(
    `insert into employer_organisation (id, name, identifier, contact_email, country, sector, locale, status, created_at, updated_at, version)
     values (?, ?, ?, ?, 'VN', 'social_services', 'en', 'active', ?, ?, 1) on conflict do nothing`,
    [orgId, DEMO_EMPLOYER.name, DEMO_EMPLOYER.identifier, DEMO_EMPLOYER.contactEmail, now, now],
  );
  await tx.execute(
    `insert into employer_member (account_id, organisation_id, created_at) select id, ?, ? from account where email = ? on conflict do nothing`,
    [orgId, now, employerEmail],
  );
  // Up to four licences on the public register, the unusual ones first.
  await tx.execute(
    `insert into watch_entry (id, organisation_id, licence_id, licence_number, label, created_by, created_at)
     select gen_random_uuid(), ?, l.id, l.number, 'Staff ' || lpad((row_number() over ())::text, 3, '0'), null, ?
     from (select id, number from licence where status <> 'pending'
           order by (status <> 'active') desc, exists (select 1 from licence_condition c where c.licence_id = licence.id) desc, number limit 4) l
     on conflict do nothing`,
    [orgId, now],
  );
}
