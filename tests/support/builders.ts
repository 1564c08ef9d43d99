/**
 * Test builders: the records a test starts from, made through the real entities (or the licences
 * module, where a licence is issued the way an approval issues it) instead of `insert into …`
 * strings in each test. When the schema changes, the entities and this file change, and the tests
 * keep asking for "a licensee", "a licence in grace", "an accredited programme".
 *
 * Defaults describe an ordinary record; every option a test needs to vary is a named option. The one
 * place with SQL is `bulkLicensees`: thousands of people in one statement for tests about volume.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { searchKey } from '../../api/shared/names.js';
import { luhnCheckDigit } from '../../api/shared/licence-numbers.js';
import { AuthSession, RateLimitBucket, type MfaMethod } from '../../api/modules/auth/index.js';
import {
  Accreditation,
  AccreditationApplication,
  Graduate,
  GraduateUpload,
  Institution,
  Programme,
  type QualificationLevel,
} from '../../api/modules/accreditation/index.js';
import type { LocalisedText } from '../../api/modules/council/index.js';
import { Qualification, Registrant, type Sector } from '../../api/modules/registrants/index.js';
import {
  Licence,
  LicenceCondition,
  LicenceEvent,
  LicencePeriod,
  type LicenceStatus,
} from '../../api/modules/licences/index.js';
import { LicenceApplication } from '../../api/modules/applications/index.js';
import { CpdRecord } from '../../api/modules/cpd/index.js';
import { DisciplineCase, DisciplineSanction, type OutcomeType } from '../../api/modules/discipline/index.js';
import { EmployerMember } from '../../api/modules/employers/index.js';
import { MraPeer } from '../../api/modules/mra/index.js';
import { OutboxMessage } from '../../api/modules/notifications/index.js';
import type { TestApp } from './app.js';

/** What a builder needs from a test: the app's dependencies (every TestApp has them). */
type HasDeps = Pick<TestApp, 'deps'>;

/**
 * Builds in a transaction of its own, or inside the caller's (`inside`: an EntityManager whose
 * transaction the test began, for tests about concurrent transactions).
 */
async function write<T>(t: HasDeps, build: (em: EntityManager) => T | Promise<T>, inside?: EntityManager): Promise<T> {
  if (inside) {
    const made = await build(inside);
    await inside.flush();
    return made;
  }
  return t.deps.orm.em.fork().transactional(async (em) => {
    const made = await build(em);
    await em.flush();
    return made;
  });
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A licence number in the default format with a valid check digit, e.g. VN-SW-25-004211-3. */
export function aLicenceNumber(prefix = 'VN-SW-25'): string {
  const digits = `${prefix.replace(/\D/g, '')}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  return `${prefix}-${digits.slice(-6)}-${luhnCheckDigit(digits)}`;
}

// ---- people and licences ----

export type RegistrantOptions = {
  /** The social worker's account, when the person signs in (its e-mail becomes the registrant's). */
  account?: { id: string; email: string };
  accountId?: string | null;
  name?: string;
  nativeName?: string | null;
  dateOfBirth?: string;
  sex?: 'female' | 'male' | 'other' | 'unspecified';
  nationality?: string;
  nationalIdLast4?: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  region?: string;
  sector?: Sector;
};

/** A person on the register (identity number sealed as a placeholder; its hash is unique). */
export async function aRegistrant(t: HasDeps, o: RegistrantOptions = {}): Promise<Registrant> {
  const name = o.name ?? 'Tran Thi Mai';
  const nativeName = o.nativeName ?? null;
  return write(t, (em) =>
    em.create(Registrant, {
      account: o.account?.id ?? o.accountId ?? null,
      fullName: name,
      fullNameNative: nativeName,
      searchName: searchKey(name, nativeName),
      dateOfBirth: o.dateOfBirth ?? '1990-01-01',
      sex: o.sex ?? 'female',
      nationality: o.nationality ?? 'VN',
      nationalIdSealed: 'sealed',
      nationalIdHash: hex(32),
      nationalIdLast4: o.nationalIdLast4 ?? '1234',
      email: o.email === undefined ? (o.account?.email ?? `${hex(4)}@example.org`) : o.email,
      phone: o.phone ?? null,
      address: o.address ?? null,
      region: o.region ?? 'Hue',
      sector: o.sector ?? 'health',
      createdAt: new Date(),
    }),
  );
}

export type LicenceOptions = {
  registrantId: string;
  number?: string;
  tier?: string;
  tierName?: LocalisedText;
  protectedTitle?: LocalisedText;
  status?: LicenceStatus;
  /** First day of the (initial) period; also the status date unless `statusSince` is given. */
  from?: string;
  until?: string;
  statusSince?: string;
  /** The licence's periods; by default one initial period from `from` to `until`. */
  periods?: { kind: 'initial' | 'renewal' | 'restoration'; from: string; until: string }[];
  /** Status events in the order they were recorded (an as-of history). */
  events?: { from: string; to: string; on: string; reason?: string }[];
};

/**
 * A licence in a given state (status, period, history), written as the licences module stores it.
 * For a licence issued the way an approval issues it, go through the API or `licences.issue`.
 */
export async function aLicence(t: HasDeps, o: LicenceOptions, inside?: EntityManager): Promise<Licence> {
  const from = o.from ?? '2025-01-01';
  const until = o.until ?? '2027-12-31';
  return write(
    t,
    (em) => {
      const licence = em.create(Licence, {
        number: o.number ?? aLicenceNumber(),
        registrant: o.registrantId,
        tierCode: o.tier ?? 'licensed',
        tierName: o.tierName ?? { en: 'Licensed social worker' },
        protectedTitle: o.protectedTitle ?? { en: 'Licensed Social Worker' },
        status: o.status ?? 'active',
        statusSince: o.statusSince ?? from,
        validUntil: until,
        createdAt: new Date(),
      });
      for (const p of o.periods ?? [{ kind: 'initial' as const, from, until }])
        em.create(LicencePeriod, {
          licence,
          validFrom: p.from,
          validUntil: p.until,
          kind: p.kind,
          createdAt: new Date(),
        });
      const recorded = Date.now();
      (o.events ?? []).forEach((e, i) =>
        em.create(LicenceEvent, {
          licence,
          fromStatus: e.from,
          toStatus: e.to,
          effectiveDate: e.on,
          reason: e.reason ?? 'test',
          // Recorded one second apart, in the order given: the as-of rule reads the last one recorded.
          createdAt: new Date(recorded + i * 1000),
        }),
      );
      return licence;
    },
    inside,
  );
}

export type Licensee = { registrantId: string; licenceId: string; number: string };

/** A registrant with one licence (by default active, licensed tier, 2025-01-01 … 2027-12-31). */
export async function aLicensee(
  t: HasDeps,
  o: RegistrantOptions & Omit<LicenceOptions, 'registrantId'> = {},
): Promise<Licensee> {
  const r = await aRegistrant(t, o);
  const l = await aLicence(t, { ...o, registrantId: r.id });
  return { registrantId: r.id, licenceId: l.id, number: l.number };
}

/** The licence renewed into a new period (the period is added and the licence is valid until its end). */
export async function aRenewal(t: HasDeps, licenceId: string, period: { from: string; until: string }) {
  await write(t, async (em) => {
    const licence = await em.findOneOrFail(Licence, { id: licenceId });
    em.create(LicencePeriod, {
      licence,
      validFrom: period.from,
      validUntil: period.until,
      kind: 'renewal',
      createdAt: new Date(),
    });
    licence.validUntil = period.until;
  });
}

/** A condition on practice, public or not, open-ended unless `endsOn` is given. */
export async function aCondition(
  t: HasDeps,
  o: { licenceId: string; text: string; startsOn: string; endsOn?: string; public: boolean },
) {
  return write(t, (em) =>
    em.create(LicenceCondition, {
      licence: o.licenceId,
      text: o.text,
      startsOn: o.startsOn,
      endsOn: o.endsOn ?? null,
      public: o.public,
      createdAt: new Date(),
    }),
  );
}

/**
 * Many licensees at once, for tests about volume (sampling, rosters): one statement per table over a
 * JSON array, the only SQL among the builders. Numbers are `${prefix}-${n}` with n from 1.
 */
export async function bulkLicensees(
  t: Pick<TestApp, 'sql'>,
  prefix: string,
  people: {
    name: string;
    email?: string | null;
    region?: string;
    sector?: Sector;
    tier?: string;
    status?: LicenceStatus;
    from?: string;
    until?: string;
    /** An open public condition on practice ('Supervised practice only'). */
    condition?: boolean;
  }[],
): Promise<void> {
  const rows = people.map((p, i) => ({
    rid: randomUUID(),
    lid: randomUUID(),
    name: p.name,
    search: searchKey(p.name),
    hash: `${prefix}-${i + 1}-${hex(8)}`,
    email: p.email ?? null,
    region: p.region ?? 'Hue',
    sector: p.sector ?? 'health',
    number: `${prefix}-${String(i + 1).padStart(6, '0')}`,
    tier: p.tier ?? 'licensed',
    status: p.status ?? 'active',
    from: p.from ?? '2025-01-01',
    until: p.until ?? '2027-12-31',
    condition: p.condition ?? false,
  }));
  await t.sql(
    `with x as (select * from jsonb_to_recordset(?::jsonb) as x(rid uuid, lid uuid, name text, search text, hash text, email text,
                  region text, sector text, number text, tier text, status text, "from" date, until date, condition boolean)),
     r as (insert into registrant (id, full_name, search_name, date_of_birth, sex, nationality, national_id_sealed, national_id_hash,
                                   national_id_last4, email, region, sector, created_at, version)
           select rid, name, search, '1990-01-01', 'female', 'VN', 'sealed', hash, '0000', email, region, sector, now(), 1 from x returning id),
     l as (insert into licence (id, number, registrant_id, tier_code, tier_name, protected_title, status, status_since, valid_until, created_at, version)
           select lid, number, rid, tier, '{"en":"L"}', '{"en":"L"}', status, '2025-01-01', until, now(), 1 from x returning id),
     c as (insert into licence_condition (id, licence_id, text, starts_on, ends_on, public, created_at)
           select gen_random_uuid(), lid, 'Supervised practice only', '2026-01-01', null, true, now() from x where condition returning id)
     insert into licence_period (id, licence_id, valid_from, valid_until, kind, created_at)
     select gen_random_uuid(), lid, "from", until, 'initial', now() from x`,
    [JSON.stringify(rows)],
  );
}

// ---- CPD ----

/** A CPD record, accepted and structured unless told otherwise. */
export async function aCpdRecord(
  t: HasDeps,
  o: {
    registrantId: string;
    source?: 'provider' | 'self';
    title?: string;
    provider?: string;
    category: string;
    completedOn: string;
    credits: number;
    structured?: boolean;
    status?: 'pending' | 'info_requested' | 'accepted' | 'rejected';
  },
) {
  return write(t, (em) =>
    em.create(CpdRecord, {
      registrant: o.registrantId,
      source: o.source ?? 'self',
      title: o.title ?? 'Course',
      providerName: o.provider ?? 'Provider',
      categoryCode: o.category,
      completedOn: o.completedOn,
      credits: o.credits,
      structured: o.structured ?? true,
      status: o.status ?? 'accepted',
      createdAt: new Date(),
    }),
  );
}

// ---- applications ----

/** A licence application in a given state (for a decision through the API, create it through the API). */
export async function anApplication(
  t: HasDeps,
  o: {
    registrantId: string;
    type: LicenceApplication['type'];
    tier: string;
    status: LicenceApplication['status'];
    declarations?: LicenceApplication['declarations'];
    submittedAt?: Date | null;
  },
): Promise<LicenceApplication> {
  return write(t, (em) =>
    em.create(LicenceApplication, {
      registrant: o.registrantId,
      type: o.type,
      tierCode: o.tier,
      status: o.status,
      declarations: o.declarations ?? { ethics: true, fitness: true },
      createdAt: new Date(),
      submittedAt: o.submittedAt ?? null,
    }),
  );
}

// ---- accreditation ----

export async function anInstitution(t: HasDeps, o: { name?: string; region?: string } = {}) {
  return write(t, (em) =>
    em.create(Institution, {
      name: o.name ?? 'School of Social Work',
      kind: 'school',
      country: 'VN',
      region: o.region ?? 'Hue',
      createdAt: new Date(),
    }),
  );
}

/** A bachelor's programme (48 months, 130 credits, 400 placement hours, in person). */
export async function aProgramme(t: HasDeps, o: { institutionId: string; name: string; level?: QualificationLevel }) {
  return write(t, (em) =>
    em.create(Programme, {
      institution: o.institutionId,
      name: o.name,
      level: o.level ?? 'bachelor',
      durationMonths: 48,
      credits: 130,
      fieldPlacementHours: 400,
      deliveryMode: 'in_person',
      createdAt: new Date(),
    }),
  );
}

/** An active accreditation of the programme for a window, with the decided application behind it. */
export async function anAccreditation(t: HasDeps, o: { programmeId: string; from: string; until: string }) {
  return write(t, (em) => {
    const application = em.create(AccreditationApplication, {
      programme: o.programmeId,
      status: 'decided',
      selfStudySummary: 'Self-study',
      reviewerIds: [],
      createdAt: new Date(),
    });
    return em.create(Accreditation, {
      programme: o.programmeId,
      application,
      outcome: 'accredited',
      status: 'active',
      validFrom: o.from,
      validUntil: o.until,
      createdAt: new Date(),
    });
  });
}

/** A school's accepted graduate list: the primary-source evidence a qualification is checked against. */
export async function aGraduateList(
  t: HasDeps,
  o: {
    institutionId: string;
    programmeId: string;
    graduates: { studentId: string; fullName: string; dateOfBirth: string; graduatedOn: string }[];
  },
) {
  await write(t, (em) => {
    const upload = em.create(GraduateUpload, {
      institution: o.institutionId,
      filename: 'graduates.csv',
      sha256: hex(32),
      status: 'accepted',
      rowCount: o.graduates.length,
      validCount: o.graduates.length,
      errors: [],
      validRows: [],
      createdAt: new Date(),
    });
    for (const g of o.graduates)
      em.create(Graduate, {
        programme: o.programmeId,
        studentId: g.studentId,
        fullName: g.fullName,
        dateOfBirth: g.dateOfBirth,
        graduationDate: g.graduatedOn,
        upload,
        createdAt: new Date(),
      });
  });
}

/** A local qualification from a programme. */
export async function aQualification(
  t: HasDeps,
  o: { registrantId: string; programmeId: string; title: string; awardedOn: string; awardingInstitution: string },
) {
  return write(t, (em) =>
    em.create(Qualification, {
      registrant: o.registrantId,
      programme: o.programmeId,
      foreign: false,
      awardingInstitution: o.awardingInstitution,
      country: 'VN',
      level: 'bachelor',
      title: o.title,
      awardedOn: o.awardedOn,
      createdAt: new Date(),
    }),
  );
}

// ---- discipline ----

/** A closed case with one sanction in force on the licence, published (with its public text) or not. */
export async function aSanction(
  t: HasDeps,
  o: {
    registrantId: string;
    licenceId: string;
    type?: OutcomeType;
    publicText: string;
    published: boolean;
    from: string;
    until: string;
    decidedOn: string;
  },
) {
  return write(t, (em) => {
    const c = em.create(DisciplineCase, {
      reference: `DC-${hex(4)}`,
      stage: 'closed',
      stageSince: o.decidedOn,
      source: 'staff',
      complainantName: 'Complainant Private',
      respondentName: 'Respondent',
      registrant: o.registrantId,
      licence: o.licenceId,
      category: 'professional_conduct',
      allegation: 'Private allegation text',
      receivedOn: o.decidedOn,
      createdAt: new Date(),
    });
    return em.create(DisciplineSanction, {
      case: c,
      licence: o.licenceId,
      type: o.type ?? 'warning',
      status: 'in_force',
      startsOn: o.from,
      reasons: 'Private reasons',
      decidedOn: o.from,
      publicText: o.publicText,
      publishedFrom: o.published ? o.from : null,
      publishedUntil: o.published ? o.until : null,
      publicationState: o.published ? 'published' : 'unpublished',
      createdAt: new Date(),
    });
  });
}

// ---- accounts, sessions, limits, peers ----

/** A sign-in session of the account (for tokens a test issues itself). */
export async function aSession(t: HasDeps, o: { id: string; accountId: string; mfa: MfaMethod | null }) {
  return write(t, (em) =>
    em.create(AuthSession, { id: o.id, account: o.accountId, mfaMethod: o.mfa, createdAt: new Date() }),
  );
}

/** A rate-limit window with `hits` already counted (replacing the key's current window). */
export async function aRateLimitWindow(t: HasDeps, o: { key: string; windowStart: Date; hits: number }) {
  await write(t, (em) => em.upsert(RateLimitBucket, { key: o.key, windowStart: o.windowStart, hits: o.hits }));
}

/** The account is a member of the employer organisation. */
export async function anEmployerMember(t: HasDeps, o: { accountId: string; organisationId: string }) {
  return write(t, (em) =>
    em.create(EmployerMember, { account: o.accountId, organisation: o.organisationId, createdAt: new Date() }),
  );
}

/** A council on the trust list, with its keys pinned. */
export async function aPeer(
  t: HasDeps,
  o: { country: string; name: string; issuer: string; baseUrl: string; keys?: Record<string, unknown>[] },
) {
  return write(t, (em) =>
    em.create(MraPeer, {
      country: o.country,
      name: o.name,
      issuer: o.issuer,
      baseUrl: o.baseUrl,
      pinnedJwks: { keys: o.keys ?? [] },
      createdAt: new Date(),
    }),
  );
}

/** An e-mail waiting in the outbox (or failed), as queueEmail leaves it before the sender runs. */
export async function anOutboxMessage(
  t: HasDeps,
  o: { template: string; to: string; status: 'pending' | 'failed'; at: Date; vars?: Record<string, string> },
) {
  return write(t, (em) =>
    em.create(OutboxMessage, {
      idempotencyKey: `test-${randomUUID()}`,
      template: o.template,
      locale: 'en',
      toAddress: o.to,
      vars: o.vars ?? {},
      status: o.status,
      attempts: 0,
      nextAttemptAt: o.at,
      createdAt: o.at,
    }),
  );
}
