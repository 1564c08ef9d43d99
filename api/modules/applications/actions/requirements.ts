/**
 * An application's eligibility check, requirement by requirement, by type: a first registration or an
 * upgrade meets the tier's entry requirements; a renewal its window, declarations and CPD; a
 * restoration a lapsed licence and the declarations.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { isoDay } from '../../../shared/dates.js';
import { DEFAULT_RENEWAL, Tier } from '../../council/index.js';
import { renewalChecks, renewalWindow } from '../../renewals/index.js';
import { isQualificationAccredited } from '../../accreditation/index.js';
import { cpdComplianceFor } from '../../cpd/index.js';
import { Qualification, Registrant, qualificationViews } from '../../registrants/index.js';
import { Licence, checkRequirements, inEnglish, type RequirementCheck, type Say } from '../../licences/index.js';
import { ExamResult, LicenceApplication } from '../application.entity.js';

/**
 * Every requirement of the application's tier, checked against what the registry knows on `today`:
 * each type of application has its own checks.
 */
export async function requirementsFor(
  tx: EntityManager,
  app: LicenceApplication,
  today: string,
  say: Say = inEnglish,
): Promise<RequirementCheck[]> {
  const tier = await tx.findOne(Tier, { code: app.tierCode });
  if (!tier)
    return [{ key: 'tier', label: say('tier', { tier: app.tierCode }), status: 'not_met', detail: say('tierGone') }];
  if (app.type === 'renewal') return renewalRequirements(tx, app, tier, today, say);
  if (app.type === 'restoration') return restorationRequirements(tx, app, tier, today, say);
  return entryRequirements(tx, app, tier, today, say);
}

/**
 * A first registration or a tier upgrade: the tier's entry requirements (qualification, accredited
 * programme, supervised hours, exam, months at the previous tier, declarations).
 */
async function entryRequirements(
  tx: EntityManager,
  app: LicenceApplication,
  tier: Tier,
  today: string,
  say: Say,
): Promise<RequirementCheck[]> {
  const r = await tx.findOneOrFail(Registrant, { id: app.registrant.id });
  const quals = await tx.find(Qualification, { registrant: r.id });
  const views = await qualificationViews(tx, quals, r);
  const qualificationFacts = await Promise.all(
    views.map(async (q) => ({
      id: q.id,
      level: q.level as never,
      awardedOn: q.awardedOn,
      foreign: q.foreign,
      verifiedByGraduateList: q.verifiedByGraduateList,
      label: `${q.title}, ${q.awardingInstitution} (${q.awardedOn})`,
      accredited: q.programmeId
        ? await isQualificationAccredited(tx, q.programmeId, q.awardedOn).then((e) => ({
            accredited: e.accredited,
            reason: e.accredited ? null : e.reason,
          }))
        : null,
    })),
  );
  const hoursByPeriod = await tx.execute<{ period_end: string; hours: string }[]>(
    `select to_char(period_end, 'YYYY-MM-DD') as period_end, hours from supervision_entry where supervisee_id = ? and status = 'confirmed'`,
    [r.id],
  );
  const exams = await tx.find(ExamResult, { registrant: r.id, passed: true });
  const held = await tx.execute<{ tier_code: string; since: string }[]>(
    `select l.tier_code, to_char(min(p.valid_from), 'YYYY-MM-DD') as since from licence l join licence_period p on p.licence_id = l.id
     where l.registrant_id = ? and l.status in ('active', 'grace', 'surrendered') group by l.tier_code`,
    [r.id],
  );
  return checkRequirements(
    app.tierCode,
    tier.requirements,
    {
      qualifications: qualificationFacts,
      confirmedHoursSince: (since) =>
        hoursByPeriod.filter((h) => !since || h.period_end >= since).reduce((s, h) => s + Number(h.hours), 0),
      passedExams: exams.map((e) => e.examCode),
      heldTierSince: (code) => held.find((h) => h.tier_code === code)?.since ?? null,
      declarations: app.declarations,
    },
    today,
    say,
  );
}

/** A renewal's checks: the window, the declarations and continuing professional development. */
async function renewalRequirements(
  tx: EntityManager,
  app: LicenceApplication,
  tier: Tier,
  today: string,
  say: Say,
): Promise<RequirementCheck[]> {
  const licence = app.licenceId ? await tx.findOne(Licence, { id: app.licenceId }) : null;
  if (!licence)
    return [{ key: 'licence', label: say('licenceToRenew'), status: 'not_met', detail: say('licenceGone') }];
  // A submitted renewal is judged on the day it was submitted: the registrant did their part then.
  const judgedOn = app.submittedAt ? isoDay(app.submittedAt) : today;
  const window = renewalWindow(licence.validUntil, tier.renewal ?? DEFAULT_RENEWAL, judgedOn);
  // The CPD cycle being renewed is the period that ends on validUntil: credits count up to its
  // last day (later ones belong to the next cycle), whether the renewal is made early or in grace.
  const compliance = await cpdComplianceFor(
    tx,
    licence.id,
    judgedOn < licence.validUntil ? judgedOn : licence.validUntil,
  );
  const cpd = compliance.required > 0 || compliance.auditBlocksRenewal ? compliance : null;
  return renewalChecks({ licenceStatus: licence.status, window, declarations: app.declarations, cpd }, say);
}

/**
 * A restoration: the person met the tier's entry requirements when first licensed, so what is
 * asked again is a lapsed licence of the tier and the tier's declarations (ethics, fitness).
 */
async function restorationRequirements(
  tx: EntityManager,
  app: LicenceApplication,
  tier: Tier,
  today: string,
  say: Say,
): Promise<RequirementCheck[]> {
  const lapsed = await tx.findOne(Licence, { registrant: app.registrant.id, tierCode: tier.code, status: 'lapsed' });
  const declarationsOnly = {
    ...tier.requirements,
    minQualificationLevel: null,
    accreditedProgramme: false,
    supervisedHours: 0,
    examRequired: false,
    monthsAtPreviousTier: 0,
    previousTier: null,
  };
  return [
    lapsed
      ? {
          key: 'lapsed-licence',
          label: say('lapsedToRestore'),
          status: 'met',
          detail: say('lapsedSince', { number: lapsed.number, date: lapsed.statusSince }),
        }
      : {
          key: 'lapsed-licence',
          label: say('lapsedToRestore'),
          status: 'not_met',
          detail: say('noLapsed', { tier: tier.code }),
        },
    ...checkRequirements(
      app.tierCode,
      declarationsOnly,
      {
        qualifications: [],
        confirmedHoursSince: () => 0,
        passedExams: [],
        heldTierSince: () => null,
        declarations: app.declarations,
      },
      today,
      say,
    ),
  ];
}
