/**
 * Records the cases need, written straight into the suite's database before the work they cause is
 * due: licences whose renewal reminders fall due today, accreditations whose expiry reminders fall
 * due today, password reset requests left in the queue, applications waiting for approval.
 */
import { randomUUID } from 'node:crypto';
import { addDays, createAccount, type Account, type Sql } from './registry.js';

const RENEWAL_REMINDER_DAYS = [90, 60, 30, 7, 1, 0];

export async function licensee(
  sql: Sql,
  opts: { email: string; validUntil: string; accountId?: string; number?: string; name?: string },
) {
  const r = randomUUID();
  const l = randomUUID();
  const name = opts.name ?? 'Tran Thi Mai';
  await sql(
    `insert into registrant (id, account_id, full_name, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, email, region, sector, created_at, version)
     values ($1, $2, $3::text, lower($3::text), '1990-01-01', 'female', 'VN', 'x', $4, '1234', $5, 'Hue', 'health', now(), 1)`,
    [r, opts.accountId ?? null, name, randomUUID(), opts.email],
  );
  const number = opts.number ?? `VN-SW-24-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}-0`;
  await sql(
    `insert into licence (id, number, registrant_id, tier_code, tier_name, protected_title, status, status_since, valid_until, created_at, version)
     values ($1, $2, $3, 'licensed', '{"en":"Licensed social worker"}', '{"en":"Licensed Social Worker"}', 'active', '2024-04-01', $4, now(), 1)`,
    [l, number, r, opts.validUntil],
  );
  await sql(
    `insert into licence_period (id, licence_id, valid_from, valid_until, kind, created_at) values ($1, $2, '2024-04-01', $3, 'initial', now())`,
    [randomUUID(), l, opts.validUntil],
  );
  return { registrantId: r, licenceId: l, number };
}

/** An institution with an accredited programme (2020 – the given end), and optionally a school admin. */
export async function accreditedProgramme(sql: Sql, validUntil: string, schoolAdmin?: Account) {
  const inst = randomUUID();
  const programme = randomUUID();
  const application = randomUUID();
  const accreditation = randomUUID();
  await sql(
    `insert into institution (id, name, kind, country, region, created_at, version) values ($1, $2, 'school', 'VN', 'Hue', now(), 1)`,
    [inst, `School ${inst.slice(0, 6)}`],
  );
  await sql(
    `insert into programme (id, institution_id, name, level, duration_months, credits, field_placement_hours, delivery_mode, active, created_at, version)
     values ($1, $2, 'Bachelor of Social Work', 'bachelor', 48, 130, 400, 'in_person', true, now(), 1)`,
    [programme, inst],
  );
  await sql(
    `insert into accreditation_application (id, programme_id, status, self_study_summary, reviewer_ids, created_at, version) values ($1, $2, 'decided', 'x', '{}', now(), 1)`,
    [application, programme],
  );
  await sql(
    `insert into accreditation (id, programme_id, application_id, outcome, status, valid_from, valid_until, created_at, version)
     values ($1, $2, $3, 'accredited', 'active', '2020-01-01', $4, now(), 1)`,
    [accreditation, programme, application, validUntil],
  );
  if (schoolAdmin)
    await sql(`insert into institution_admin (institution_id, account_id, created_at) values ($1, $2, now())`, [
      inst,
      schoolAdmin.id,
    ]);
  return { institutionId: inst, programmeId: programme, accreditationId: accreditation };
}

export type DueWork = {
  /** Idempotency keys of the e-mails the day's jobs must send. */
  keys: string[];
  /** Addresses that must each get exactly one password reset e-mail (its key holds a random token). */
  resetAddresses: string[];
  /** Licences that ended yesterday: the expiry sweep moves them to grace. */
  expiredLicenceIds: string[];
};

/**
 * A day's work: `perOffset` licences for each renewal reminder offset, accreditations 180, 90 and 30
 * days from expiry (each with a school admin; staff with the registrar or admin role are told too),
 * password reset requests waiting in the queue, and licences that ended yesterday.
 */
export async function seedDueWork(sql: Sql, today: string, staff: Account[], perOffset: number): Promise<DueWork> {
  const keys: string[] = [];
  for (const days of RENEWAL_REMINDER_DAYS) {
    for (let i = 0; i < perOffset; i++) {
      const validUntil = addDays(today, days);
      const { licenceId } = await licensee(sql, {
        email: `renewal-${days}d-${i}-${randomUUID().slice(0, 6)}@faults.example`,
        validUntil,
      });
      keys.push(`licence-renewal:${licenceId}:${validUntil}:${days}`);
    }
  }
  for (const days of [180, 90, 30]) {
    const admin = await createAccount(sql, ['school_admin']);
    const { accreditationId } = await accreditedProgramme(sql, addDays(today, days), admin);
    for (const recipient of [admin, ...staff])
      keys.push(`accreditation-expiry:${accreditationId}:${days}:${recipient.id}`);
  }
  const resetAddresses: string[] = [];
  for (let i = 0; i < 5; i++) {
    const a = await createAccount(sql, ['social_worker']);
    await sql(`insert into password_reset_request (id, email, ip, created_at) values ($1, $2, '127.0.0.1', now())`, [
      randomUUID(),
      a.email,
    ]);
    resetAddresses.push(a.email);
  }
  const expiredLicenceIds: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { licenceId } = await licensee(sql, {
      email: `expired-${i}-${randomUUID().slice(0, 6)}@faults.example`,
      validUntil: addDays(today, -1),
    });
    expiredLicenceIds.push(licenceId);
  }
  return { keys, resetAddresses, expiredLicenceIds };
}

/** `n` first-registration applications under review, each from a registrant with an e-mail address. */
export async function applicationsUnderReview(sql: Sql, n: number, programmeId: string, label: string) {
  const apps: { id: string; email: string; key: string }[] = [];
  for (let i = 0; i < n; i++) {
    const r = randomUUID();
    const a = randomUUID();
    const email = `${label}-${i}-${r.slice(0, 6)}@faults.example`;
    await sql(
      `insert into registrant (id, full_name, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash, national_id_last4, email, region, sector, created_at, version)
       values ($1, $2::text, lower($2::text), '1999-01-01', 'female', 'VN', 'x', $3, '0000', $4, 'Hue', 'health', now(), 1)`,
      [r, `Worker ${label} ${i}`, randomUUID(), email],
    );
    await sql(
      `insert into qualification (id, registrant_id, programme_id, "foreign", awarding_institution, country, level, title, awarded_on, created_at)
       values ($1, $2, $3, false, 'Hue', 'VN', 'bachelor', 'BSW', '2024-06-30', now())`,
      [randomUUID(), r, programmeId],
    );
    await sql(
      `insert into licence_application (id, registrant_id, type, tier_code, status, declarations, created_at, version)
       values ($1, $2, 'first_registration', 'provisional', 'under_review', '{"ethics":true,"fitness":true}', now(), 1)`,
      [a, r],
    );
    apps.push({ id: a, email, key: `licence-application:${a}:approved` });
  }
  return apps;
}
