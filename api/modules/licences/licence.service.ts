/**
 * Licences: gap-free numbers, status changes through the state table with an event row each, and
 * conditions on practice. Issuing, renewing, restoring and upgrading on an approved application are
 * in actions/grants.ts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { NotFoundError, ValidationError, VersionConflictError } from '../../shared/errors.js';
import { currentScope } from '../../http/request-context.js';
import { recordAudit } from '../audit/index.js';
import { Council } from '../council/index.js';
import { assertRegistrantAccess, ownRegistrantId } from '../registrants/index.js';
import { searchKey } from '../../shared/names.js';
import { Licence, LicenceCondition, LicenceEvent, LicencePeriod } from './licence.entity.js';
import { DEFAULT_NUMBER_FORMAT, formatLicenceNumber, type LicenceStatus } from './licence.rules.js';
import type { conditionBody, licenceListQuery, statusChangeBody } from './licence.schema.js';

/**
 * The next licence number. The counter row is updated (and so locked) inside the caller's
 * transaction: concurrent approvals queue on it, and a rolled-back approval gives its number back,
 * so numbers are unique and gap-free.
 */
export async function allocateLicenceNumber(tx: EntityManager, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const [row] = await tx.execute<{ last: number }[]>(
    `insert into licence_number_counter (scope, last) values (?, 1) on conflict (scope) do update set last = licence_number_counter.last + 1 returning last`,
    [String(year)],
  );
  const council = await tx.findOneOrFail(Council, { id: 1 });
  const format = String(
    (council.settings as { licenceNumberFormat?: string }).licenceNumberFormat ?? DEFAULT_NUMBER_FORMAT,
  );
  return formatLicenceNumber(format, { country: council.country, year, seq: row!.last });
}

export async function recordLicenceEvent(
  tx: EntityManager,
  licence: Licence,
  from: string,
  to: LicenceStatus,
  effectiveDate: string,
  reason: string,
  legalBasis: string | null,
  now: Date,
) {
  tx.create(LicenceEvent, {
    licence: licence.id,
    fromStatus: from,
    toStatus: to,
    effectiveDate,
    reason,
    legalBasis,
    actorId: currentScope()?.actor?.id ?? null,
    createdAt: now,
  });
  await recordAudit(tx, {
    action: `licence.${to}`,
    entityType: 'licence',
    entityId: licence.id,
    before: { status: from },
    after: { status: to, effectiveDate, reason, legalBasis },
  });
}

export function licenceService(deps: AppDeps) {
  const em = () => deps.orm.em;

  async function detail(tx: EntityManager, l: Licence) {
    const [periods, events, conditions] = await Promise.all([
      tx.find(LicencePeriod, { licence: l.id }, { orderBy: { validFrom: 'asc' } }),
      tx.find(LicenceEvent, { licence: l.id }, { orderBy: { createdAt: 'asc' } }),
      tx.find(LicenceCondition, { licence: l.id }, { orderBy: { startsOn: 'asc' } }),
    ]);
    return {
      ...summary(l),
      periods: periods.map((p) => ({ id: p.id, validFrom: p.validFrom, validUntil: p.validUntil, kind: p.kind })),
      events: events.map((e) => ({
        id: e.id,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        effectiveDate: e.effectiveDate,
        reason: e.reason,
        legalBasis: e.legalBasis ?? null,
        actorId: e.actorId ?? null,
        recordedAt: e.createdAt.toISOString(),
      })),
      conditions: conditions.map((c) => ({
        id: c.id,
        text: c.text,
        startsOn: c.startsOn,
        endsOn: c.endsOn ?? null,
        public: c.public,
      })),
    };
  }

  return {
    detail,
    async list(q: z.infer<typeof licenceListQuery>) {
      const where: Record<string, unknown> = {};
      if (q.status) where.status = q.status;
      if (q.tierCode) where.tierCode = q.tierCode;
      if (q.registrantId) where.registrant = q.registrantId;
      if (q.region) where.registrant = { ...(q.registrantId ? { id: q.registrantId } : {}), region: q.region };
      // A licence number, or the holder's name in Latin or native script (with or without diacritics).
      if (q.q) {
        const escape = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);
        const name = searchKey(q.q);
        where.$or = [
          { number: { $ilike: `%${escape(q.q)}%` } },
          ...(name ? [{ registrant: { searchName: { $like: `%${escape(name)}%` } } }] : []),
        ];
      }
      const [items, total] = await em().findAndCount(Licence, where, {
        orderBy: { [q.sort ?? 'number']: q.order },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: items.map(summary), total };
    },

    async mine(auth: AuthContext) {
      const registrantId = await ownRegistrantId(em(), auth);
      const items = registrantId
        ? await em().find(Licence, { registrant: registrantId }, { orderBy: { createdAt: 'desc' } })
        : [];
      return { items: items.map(summary), total: items.length };
    },

    async get(auth: AuthContext, id: string) {
      const l = await em().findOne(Licence, { id });
      if (!l) throw new NotFoundError('The licence');
      await assertRegistrantAccess(em(), auth, l.registrant.id);
      return detail(em(), l);
    },

    /** Suspend, reinstate, revoke or accept a surrender, through the state table, with a reason. */
    async changeStatus(id: string, input: z.infer<typeof statusChangeBody>) {
      return em().transactional(async (tx) => {
        const l = await tx.findOne(Licence, { id });
        if (!l) throw new NotFoundError('The licence');
        await tx.lock(l, LockMode.OPTIMISTIC, input.version);
        const from = l.moveTo(input.to, input.effectiveDate);
        await recordLicenceEvent(
          tx,
          l,
          from,
          input.to,
          input.effectiveDate,
          input.reason,
          input.legalBasis ?? null,
          deps.clock.now(),
        );
        await tx.flush();
        return detail(tx, l);
      });
    },

    async addCondition(id: string, input: z.infer<typeof conditionBody>) {
      if (input.endsOn && input.endsOn < input.startsOn) throw new ValidationError('endsOn', 'is before startsOn');
      return em().transactional(async (tx) => {
        const l = await tx.findOne(Licence, { id });
        if (!l) throw new NotFoundError('The licence');
        // A condition changes the licence: take the caller's version and move it on, so a concurrent
        // editor who read the same version gets a conflict instead of silently overwriting.
        const bumped = await tx.execute<{ version: number }[]>(
          `update licence set version = version + 1 where id = ? and version = ? returning version`,
          [l.id, input.version],
        );
        if (bumped.length !== 1) throw new VersionConflictError('The licence');
        const c = tx.create(LicenceCondition, {
          licence: l.id,
          text: input.text,
          startsOn: input.startsOn,
          endsOn: input.endsOn ?? null,
          public: input.public,
          createdBy: currentScope()?.actor?.id ?? null,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'licence.condition-added',
          entityType: 'licence',
          entityId: l.id,
          after: { conditionId: c.id, text: c.text, startsOn: c.startsOn, endsOn: c.endsOn ?? null, public: c.public },
        });
        return { ...(await detail(tx, l)), version: bumped[0]!.version };
      });
    },
  };
}

export const summary = (l: Licence) => ({
  id: l.id,
  number: l.number,
  registrantId: l.registrant.id,
  tierCode: l.tierCode,
  tierName: l.tierName,
  protectedTitle: l.protectedTitle,
  status: l.status,
  statusSince: l.statusSince,
  validUntil: l.validUntil,
  version: l.version,
});
