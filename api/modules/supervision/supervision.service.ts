/**
 * Supervised practice: the supervisee logs hours with a named supervisor (by licence number); the
 * supervisor must have held a licence at a tier allowed to supervise for the whole period of the
 * hours; only the named supervisor confirms or disputes. Confirmed hours count toward the next tier.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { isStaff } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { Tier } from '../council/index.js';
import { Licence } from '../licences/index.js';
import { Registrant, ownRegistrantId } from '../registrants/index.js';
import { SupervisionEntry } from './supervision.entity.js';

const days = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

export function supervisionService(deps: AppDeps) {
  const em = () => deps.orm.em;

  async function view(tx: EntityManager, e: SupervisionEntry) {
    const [supervisee, supervisor] = await Promise.all([
      tx.findOneOrFail(Registrant, { id: e.supervisee.id }),
      tx.findOneOrFail(Registrant, { id: e.supervisor.id }),
    ]);
    const licence = await tx.findOne(Licence, { id: e.supervisorLicenceId });
    return {
      id: e.id,
      superviseeId: supervisee.id,
      superviseeName: supervisee.fullName,
      supervisorId: supervisor.id,
      supervisorName: supervisor.fullName,
      supervisorLicenceNumber: licence?.number ?? '',
      periodStart: e.periodStart,
      periodEnd: e.periodEnd,
      hours: Number(e.hours),
      description: e.description,
      status: e.status,
      disputeReason: e.disputeReason ?? null,
      createdAt: e.createdAt.toISOString(),
      version: e.version,
    };
  }

  async function me(auth: AuthContext): Promise<string> {
    const id = await ownRegistrantId(em(), auth);
    if (!id) throw new ValidationError('registrant', 'create your registrant record first');
    return id;
  }

  return {
    async log(
      auth: AuthContext,
      input: {
        supervisorLicenceNumber: string;
        periodStart: string;
        periodEnd: string;
        hours: number;
        description: string;
      },
    ) {
      const superviseeId = await me(auth);
      const today = deps.clock.now().toISOString().slice(0, 10);
      if (input.periodEnd < input.periodStart) throw new ValidationError('periodEnd', 'is before periodStart');
      if (input.periodEnd > today) throw new ValidationError('periodEnd', 'is in the future');
      if (input.hours > days(input.periodStart, input.periodEnd) * 16)
        throw new ValidationError(
          'hours',
          `more than 16 hours a day across ${days(input.periodStart, input.periodEnd)} day(s)`,
        );
      const licence = await em().findOne(Licence, { number: input.supervisorLicenceNumber });
      if (!licence) throw new ValidationError('supervisorLicenceNumber', 'no licence has this number');
      if (licence.registrant.id === superviseeId)
        throw new ValidationError('supervisorLicenceNumber', 'you cannot supervise yourself');
      const tier = await em().findOne(Tier, { code: licence.tierCode });
      if (!tier?.canSupervise)
        throw new ValidationError(
          'supervisorLicenceNumber',
          `a ${licence.tierCode} licence does not allow supervising`,
        );
      // The supervisor's licence must cover the whole period, and not have been suspended, revoked,
      // surrendered or lapsed at any point in it.
      const [covered] = await em().execute<{ ok: boolean }[]>(
        `select exists (select 1 from licence_period where licence_id = ? and valid_from <= ? and valid_until >= ?) as ok`,
        [licence.id, input.periodStart, input.periodEnd],
      );
      if (!covered?.ok)
        throw new ValidationError(
          'supervisorLicenceNumber',
          `the supervisor's licence did not cover ${input.periodStart} to ${input.periodEnd}`,
        );
      // Its status on the first day (the last event up to then) must allow practice, and nothing may
      // have stopped it during the period.
      const [atStart] = await em().execute<{ to_status: string }[]>(
        `select to_status from licence_event where licence_id = ? and effective_date <= ? order by effective_date desc, created_at desc limit 1`,
        [licence.id, input.periodStart],
      );
      const [stopped] = await em().execute<{ n: string }[]>(
        `select count(*) as n from licence_event where licence_id = ? and to_status in ('suspended', 'revoked', 'surrendered', 'lapsed') and effective_date > ? and effective_date <= ?`,
        [licence.id, input.periodStart, input.periodEnd],
      );
      if (!atStart || !['active', 'grace'].includes(atStart.to_status) || Number(stopped?.n ?? 0) > 0) {
        throw new ValidationError(
          'supervisorLicenceNumber',
          "the supervisor's licence was not active for the whole period",
        );
      }
      return em().transactional(async (tx) => {
        const e = tx.create(SupervisionEntry, {
          supervisee: superviseeId,
          supervisor: licence.registrant.id,
          supervisorLicenceId: licence.id,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          hours: input.hours,
          description: input.description,
          status: 'pending',
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'supervision.logged',
          entityType: 'supervision_entry',
          entityId: e.id,
          after: {
            supervisorLicence: licence.number,
            hours: input.hours,
            periodStart: input.periodStart,
            periodEnd: input.periodEnd,
          },
        });
        return view(tx, e);
      });
    },

    async list(auth: AuthContext, q: { role?: 'supervisee' | 'supervisor'; status?: string }) {
      const where: Record<string, unknown> = {};
      if (!isStaff(auth.roles)) {
        const id = await me(auth);
        where[q.role === 'supervisor' ? 'supervisor' : 'supervisee'] = id;
      }
      if (q.status) where.status = q.status;
      const items = await em().find(SupervisionEntry, where, { orderBy: { periodStart: 'desc' }, limit: 500 });
      const views = await Promise.all(items.map((e) => view(em(), e)));
      const confirmedHours = views.filter((v) => v.status === 'confirmed').reduce((s, v) => s + v.hours, 0);
      return { items: views, total: views.length, confirmedHours };
    },

    async decide(
      auth: AuthContext,
      id: string,
      input: { decision: 'confirmed' | 'disputed'; reason?: string; version: number },
    ) {
      const myId = await me(auth);
      return em().transactional(async (tx) => {
        const e = await tx.findOne(SupervisionEntry, { id });
        if (!e) throw new NotFoundError('The supervision entry');
        if (e.supervisor.id !== myId)
          throw new ForbiddenError('Only the supervisor named in the entry can confirm or dispute it');
        await tx.lock(e, LockMode.OPTIMISTIC, input.version);
        if (e.status !== 'pending') throw new ConflictError(`The entry was already ${e.status}`);
        if (input.decision === 'disputed' && !input.reason)
          throw new ValidationError('reason', 'say why you dispute the entry');
        e.status = input.decision;
        e.disputeReason = input.decision === 'disputed' ? input.reason! : null;
        e.decidedAt = deps.clock.now();
        await tx.flush();
        await recordAudit(tx, {
          action: `supervision.${input.decision}`,
          entityType: 'supervision_entry',
          entityId: e.id,
          after: { reason: e.disputeReason ?? null },
        });
        return view(tx, e);
      });
    },
  };
}
