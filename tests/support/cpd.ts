/** CPD test helpers. */
import { randomUUID } from 'node:crypto';
import type { TestApp, TestAccount } from './app.js';

/** A registrant with an active licensed-tier licence for 2025-01-01 … 2027-12-31, optionally linked to an account. */
export async function licensee(
  t: TestApp,
  opts: {
    account?: TestAccount;
    name?: string;
    region?: string;
    sector?: string;
    tier?: string;
    from?: string;
    until?: string;
    status?: string;
  } = {},
) {
  const r = randomUUID(),
    l = randomUUID();
  const number = `VN-SW-25-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}-${Math.floor(Math.random() * 10)}`;
  const name = opts.name ?? 'Tran Thi Mai';
  await t.sql(
    `insert into registrant (id, account_id, full_name, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, email, region, sector, created_at, version)
               values (?, ?, ?, lower(?), '1990-01-01', 'female', 'VN', 'x', ?, '1234', ?, ?, ?, now(), 1)`,
    [
      r,
      opts.account?.id ?? null,
      name,
      name,
      randomUUID(),
      opts.account?.email ?? `${r.slice(0, 8)}@example.org`,
      opts.region ?? 'Hue',
      opts.sector ?? 'health',
    ],
  );
  await t.sql(
    `insert into licence (id, number, registrant_id, tier_code, tier_name, protected_title, status, status_since, valid_until, created_at, version)
               values (?, ?, ?, ?, '{"en":"Licensed social worker"}', '{"en":"Licensed Social Worker"}', ?, ?, ?, now(), 1)`,
    [
      l,
      number,
      r,
      opts.tier ?? 'licensed',
      opts.status ?? 'active',
      opts.from ?? '2025-01-01',
      opts.until ?? '2027-12-31',
    ],
  );
  await t.sql(
    `insert into licence_period (id, licence_id, valid_from, valid_until, kind, created_at) values (?, ?, ?, ?, 'initial', now())`,
    [randomUUID(), l, opts.from ?? '2025-01-01', opts.until ?? '2027-12-31'],
  );
  return { registrantId: r, licenceId: l, number };
}
