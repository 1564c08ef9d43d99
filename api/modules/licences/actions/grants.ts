/**
 * What an approved application asks of the licences module: issue a licence, renew it, restore a
 * lapsed one, or upgrade to a higher tier. Each runs in the caller's transaction (the approval's),
 * so the licence, its period and its status events commit or roll back with the decision; a new
 * number is allocated under the counter row's lock, so numbers stay gap-free and unique under
 * concurrent approvals. Periods are append-only and every status change is an event row.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ValidationError } from '../../../shared/errors.js';
import { addMonthsMinusDay, isoDay } from '../../../shared/dates.js';
import { recordAudit } from '../../audit/index.js';
import type { Tier } from '../../council/index.js';
import { Licence, LicencePeriod } from '../licence.entity.js';
import { renewedPeriod } from '../licence.rules.js';
import { allocateLicenceNumber, recordLicenceEvent } from '../licence.service.js';

/** Common to every grant: the application asking, the tier, when, and the decision's reason. */
export type GrantInput = { tier: Tier; applicationId: string; now: Date; reason: string };

/** Issues an active licence at a tier from `validFrom`, with its first period and event. */
async function issue(tx: EntityManager, input: GrantInput & { registrantId: string; validFrom: string }) {
  const number = await allocateLicenceNumber(tx, input.now);
  const validUntil = addMonthsMinusDay(input.validFrom, input.tier.validityMonths);
  const licence = tx.create(Licence, {
    number,
    registrant: input.registrantId,
    tierCode: input.tier.code,
    tierName: input.tier.name,
    protectedTitle: input.tier.protectedTitle,
    status: 'pending',
    statusSince: input.validFrom,
    validUntil,
    createdAt: input.now,
  });
  tx.create(LicencePeriod, {
    licence,
    validFrom: input.validFrom,
    validUntil,
    kind: 'initial',
    applicationId: input.applicationId,
    createdAt: input.now,
  });
  await tx.flush();
  licence.moveTo('active', input.validFrom);
  await recordLicenceEvent(tx, licence, 'pending', 'active', input.validFrom, input.reason, null, input.now);
  await recordAudit(tx, {
    action: 'licence.issued',
    entityType: 'licence',
    entityId: licence.id,
    after: { number, tier: input.tier.code, validFrom: input.validFrom, validUntil },
  });
  return licence;
}

/**
 * Renews an active licence, or one in grace: a renewal period starting the day after the current one
 * ends, and a licence in grace is active again from today.
 */
async function renew(tx: EntityManager, input: GrantInput & { licenceId: string }) {
  const licence = await tx.findOneOrFail(Licence, { id: input.licenceId });
  if (!['active', 'grace'].includes(licence.status))
    throw new ValidationError('licence', `licence ${licence.number} is ${licence.status}; it cannot be renewed`);
  const today = isoDay(input.now);
  const period = renewedPeriod(licence.validUntil, input.tier.validityMonths);
  tx.create(LicencePeriod, {
    licence,
    validFrom: period.validFrom,
    validUntil: period.validUntil,
    kind: 'renewal',
    applicationId: input.applicationId,
    createdAt: input.now,
  });
  licence.validUntil = period.validUntil;
  if (licence.status === 'grace') {
    const from = licence.moveTo('active', today);
    await recordLicenceEvent(tx, licence, from, 'active', today, `renewed late: ${input.reason}`, null, input.now);
  }
  return licence;
}

/** Restores the registrant's lapsed licence at the tier: a restoration period from today, active again. */
async function restore(tx: EntityManager, input: GrantInput & { registrantId: string }) {
  const licence = await tx.findOneOrFail(Licence, {
    registrant: input.registrantId,
    tierCode: input.tier.code,
    status: 'lapsed',
  });
  const today = isoDay(input.now);
  const validUntil = addMonthsMinusDay(today, input.tier.validityMonths);
  tx.create(LicencePeriod, {
    licence,
    validFrom: today,
    validUntil,
    kind: 'restoration',
    applicationId: input.applicationId,
    createdAt: input.now,
  });
  licence.validUntil = validUntil;
  const from = licence.moveTo('active', today);
  await recordLicenceEvent(tx, licence, from, 'active', today, `restored: ${input.reason}`, null, input.now);
  return licence;
}

/** Issues a licence at the higher tier from today; the registrant's other active licences are surrendered. */
async function upgrade(tx: EntityManager, input: GrantInput & { registrantId: string }) {
  const today = isoDay(input.now);
  const licence = await issue(tx, { ...input, validFrom: today });
  const previous = await tx.find(Licence, {
    registrant: input.registrantId,
    status: 'active',
    id: { $ne: licence.id },
  });
  for (const old of previous) {
    const from = old.moveTo('surrendered', today);
    await recordLicenceEvent(
      tx,
      old,
      from,
      'surrendered',
      today,
      `superseded by ${licence.number} (${input.tier.code})`,
      null,
      input.now,
    );
  }
  return licence;
}

/** The licences module's answer to an approved application. */
export const licences = { issue, renew, restore, upgrade };
