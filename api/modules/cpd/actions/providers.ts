/**
 * CPD providers, their activities and attendance rosters. The council approves providers and
 * their activities; a provider's accounts upload rosters (CSV or JSON) for approved activities.
 * A roster is validated row by row first; accepting it gives each matched registrant one verified
 * record per activity (re-importing creates no duplicates).
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { z } from 'zod';
import type { AppDeps } from '../../../deps.js';
import type { AuthContext } from '../../../http/authenticate.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.js';
import { csvRecords, decodeUtf8, isCalendarDate } from '../../../shared/csv.js';
import { searchKey } from '../../../shared/names.js';
import { recordAudit } from '../../audit/index.js';
import { Account } from '../../auth/index.js';
import { CpdCategory } from '../../council/index.js';
import { chargeFor } from '../../fees/index.js';
import { CpdActivity, CpdProvider, CpdRoster, type RosterError, type RosterRow } from '../cpd.entity.js';
import { assertProvider, cpdScope, iso } from '../cpd.service.js';
import type { activityBody, activityListQuery, providerBody, providerPatch, rosterJsonBody } from '../cpd.schema.js';
import { isoDay } from '../../../shared/dates.js';

export const MAX_ROSTER_ROWS = 20_000;
export const MAX_ROSTER_BYTES = 5 * 1024 * 1024;
export const ROSTER_COLUMNS = ['licence_number', 'full_name', 'credits', 'completed_on'] as const;

type RawRow = { line: number; licenceNumber: string; fullName?: string; credits?: string; completedOn?: string };
type Holder = {
  number: string;
  registrant_id: string;
  full_name: string;
  full_name_native: string | null;
  status: string;
};

/** Pure row validation against the activity and the licence holders found for the numbers in the file. */
export function validateRosterRows(
  rows: RawRow[],
  activity: { credits: number; startsOn: string; endsOn: string },
  holders: Map<string, Holder>,
): { rows: RosterRow[]; errors: RosterError[] } {
  const errors: RosterError[] = [];
  const valid: RosterRow[] = [];
  const seenNumber = new Map<string, number>();
  const seenPerson = new Map<string, number>();
  for (const r of rows) {
    const before = errors.length;
    const err = (field: string, reason: string) => errors.push({ row: r.line, field, reason });
    const number = r.licenceNumber.trim().toUpperCase();
    const holder = number ? holders.get(number) : undefined;
    if (!number) err('licence_number', 'is empty');
    else if (!holder) err('licence_number', `no licence with number "${r.licenceNumber.slice(0, 60)}"`);
    else if (holder.status === 'revoked') err('licence_number', 'this licence is revoked');
    if (holder && r.fullName && r.fullName.trim()) {
      const given = searchKey(r.fullName);
      if (
        given !== searchKey(holder.full_name) &&
        (!holder.full_name_native || given !== searchKey(holder.full_name_native))
      )
        err('full_name', 'does not match the name of the licence holder');
    }
    let credits = activity.credits;
    if (r.credits !== undefined && r.credits.trim() !== '') {
      const c = Number(r.credits);
      if (!Number.isFinite(c) || c <= 0) err('credits', `"${r.credits.slice(0, 20)}" is not a positive number`);
      else if (c > activity.credits) err('credits', `is more than the activity's ${activity.credits} credits`);
      else if (Math.round(c * 100) !== c * 100) err('credits', 'has more than two decimal places');
      else credits = c;
    }
    let completedOn = activity.endsOn;
    if (r.completedOn !== undefined && r.completedOn.trim() !== '') {
      if (!isCalendarDate(r.completedOn.trim()))
        err('completed_on', `"${r.completedOn.slice(0, 20)}" is not a date in the form YYYY-MM-DD`);
      else if (r.completedOn.trim() < activity.startsOn || r.completedOn.trim() > activity.endsOn)
        err('completed_on', `is outside the activity's dates (${activity.startsOn} to ${activity.endsOn})`);
      else completedOn = r.completedOn.trim();
    }
    let duplicate = false;
    if (number) {
      const first = seenNumber.get(number);
      if (first) {
        err('licence_number', `duplicates row ${first}`);
        duplicate = true;
      } else seenNumber.set(number, r.line);
    }
    if (holder && !duplicate) {
      const firstPerson = seenPerson.get(holder.registrant_id);
      if (firstPerson) err('licence_number', `the same person as row ${firstPerson} (another licence number)`);
      else seenPerson.set(holder.registrant_id, r.line);
    }
    if (errors.length === before && holder)
      valid.push({ row: r.line, licenceNumber: number, registrantId: holder.registrant_id, credits, completedOn });
  }
  return { rows: valid, errors };
}

export const providerView = (p: CpdProvider, accountIds: string[]) => ({
  id: p.id,
  name: p.name,
  contactEmail: p.contactEmail ?? null,
  status: p.status,
  approvedFrom: p.approvedFrom,
  accountIds,
  version: p.version,
});

const rosterView = (r: CpdRoster, alreadyUploaded = false) => ({
  id: r.id,
  activityId: r.activity.id,
  filename: r.filename,
  status: r.status,
  rowCount: r.rowCount,
  validCount: r.validCount,
  errors: r.errors,
  createdAt: r.createdAt.toISOString(),
  acceptedAt: r.acceptedAt?.toISOString() ?? null,
  importedCount: r.importedCount ?? null,
  alreadyUploaded,
});

export function providerActions(deps: AppDeps) {
  const em = () => deps.orm.em;

  async function accountsOf(ids: string[]) {
    if (!ids.length) return new Map<string, string[]>();
    const rows = await em().execute<{ provider_id: string; account_id: string }[]>(
      `select provider_id, account_id from cpd_provider_account where provider_id = any(?::uuid[])`,
      [`{${ids.join(',')}}`],
    );
    const m = new Map<string, string[]>();
    for (const r of rows) m.set(r.provider_id, [...(m.get(r.provider_id) ?? []), r.account_id]);
    return m;
  }

  async function activityViews(items: CpdActivity[]) {
    const ids = items.map((a) => a.id);
    const providers = new Map(
      (await em().find(CpdProvider, { id: { $in: [...new Set(items.map((a) => a.provider.id))] } })).map((p) => [
        p.id,
        p,
      ]),
    );
    const counts = ids.length
      ? new Map(
          (
            await em().execute<{ activity_id: string; n: number }[]>(
              `select activity_id, count(*)::int as n from cpd_record where activity_id = any(?::uuid[]) group by activity_id`,
              [`{${ids.join(',')}}`],
            )
          ).map((r) => [r.activity_id, r.n]),
        )
      : new Map<string, number>();
    return items.map((a) => ({
      id: a.id,
      providerId: a.provider.id,
      providerName: providers.get(a.provider.id)?.name ?? '',
      title: a.title,
      categoryCode: a.categoryCode,
      credits: Number(a.credits),
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      structured: a.structured,
      status: a.status,
      attendees: counts.get(a.id) ?? 0,
      version: a.version,
    }));
  }

  async function loadActivity(auth: AuthContext, id: string, tx: EntityManager = em()) {
    const a = await tx.findOne(CpdActivity, { id });
    if (!a) throw new NotFoundError('The activity');
    assertProvider(await cpdScope(tx, auth), a.provider.id);
    return a;
  }

  /** Stores a validated roster (nothing imported yet). The same content uploaded again returns the earlier report. */
  async function storeRoster(
    auth: AuthContext,
    activityId: string,
    filename: string,
    sha256: string,
    raw: RawRow[] | { fileError: string },
  ) {
    const activity = await loadActivity(auth, activityId);
    if (activity.status !== 'approved')
      throw new ConflictError(`Rosters are accepted for approved activities (this one is ${activity.status})`);
    const previous = await em().findOne(CpdRoster, { activity: activityId, sha256 });
    if (previous) return rosterView(previous, true);
    let result: { rows: RosterRow[]; errors: RosterError[] };
    let rowCount: number;
    if ('fileError' in raw) {
      result = { rows: [], errors: [{ row: 0, field: 'file', reason: raw.fileError }] };
      rowCount = 0;
    } else {
      if (raw.length > MAX_ROSTER_ROWS)
        throw new ValidationError(
          'file',
          `the roster has ${raw.length} rows; send at most ${MAX_ROSTER_ROWS} at a time`,
        );
      rowCount = raw.length;
      // One query finds every licence holder named in the roster.
      const numbers = [...new Set(raw.map((r) => r.licenceNumber.trim().toUpperCase()).filter(Boolean))];
      const holders = new Map<string, Holder>();
      for (let i = 0; i < numbers.length; i += 5000) {
        const found = await em().execute<Holder[]>(
          `select l.number, l.registrant_id, r.full_name, r.full_name_native, l.status
           from licence l join registrant r on r.id = l.registrant_id
           where upper(l.number) in (select jsonb_array_elements_text(?::jsonb))`,
          [JSON.stringify(numbers.slice(i, i + 5000))],
        );
        for (const h of found) holders.set(h.number.toUpperCase(), h);
      }
      result = validateRosterRows(
        raw,
        { credits: Number(activity.credits), startsOn: activity.startsOn, endsOn: activity.endsOn },
        holders,
      );
    }
    return em().transactional(async (tx) => {
      const r = tx.create(CpdRoster, {
        activity: activityId,
        filename: filename.slice(0, 255),
        sha256,
        status: 'validated',
        rowCount,
        validCount: result.rows.length,
        errors: result.errors,
        validRows: result.rows,
        uploadedBy: auth.accountId,
        createdAt: deps.clock.now(),
      });
      await tx.flush();
      await recordAudit(tx, {
        action: 'cpd-roster.validated',
        entityType: 'cpd_activity',
        entityId: activityId,
        after: { rosterId: r.id, rows: rowCount, valid: result.rows.length, errors: result.errors.length, sha256 },
      });
      return rosterView(r);
    });
  }

  return {
    async listProviders(auth: AuthContext) {
      const scope = await cpdScope(em(), auth);
      const items = await em().find(CpdProvider, scope.staff ? {} : { id: { $in: scope.providerIds } }, {
        orderBy: { name: 'asc' },
      });
      const accounts = await accountsOf(items.map((p) => p.id));
      return { items: items.map((p) => providerView(p, accounts.get(p.id) ?? [])), total: items.length };
    },

    async createProvider(input: z.infer<typeof providerBody>) {
      return em().transactional(async (tx) => {
        const p = tx.create(CpdProvider, {
          name: input.name,
          contactEmail: input.contactEmail ?? null,
          status: 'approved',
          approvedFrom: input.approvedFrom,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        // The council's approval fee for CPD providers, if it charges one, billed to the provider.
        await chargeFor(tx, {
          subjectType: 'cpd_provider',
          subjectId: p.id,
          kinds: ['cpd_provider'],
          scope: '',
          on: isoDay(deps.clock.now()),
          payer: { type: 'cpd_provider', id: p.id },
          billedTo: p.name,
          email: p.contactEmail ?? null,
          description: `CPD provider approval: ${p.name}`.slice(0, 300),
          publicUrl: deps.config.publicUrl,
          now: deps.clock.now(),
        });
        await recordAudit(tx, {
          action: 'cpd-provider.approved',
          entityType: 'cpd_provider',
          entityId: p.id,
          after: { name: p.name, approvedFrom: p.approvedFrom },
        });
        return providerView(p, []);
      });
    },

    async updateProvider(id: string, input: z.infer<typeof providerPatch>) {
      return em().transactional(async (tx) => {
        const p = await tx.findOne(CpdProvider, { id });
        if (!p) throw new NotFoundError('The provider');
        await tx.lock(p, LockMode.OPTIMISTIC, input.version);
        const before = { name: p.name, contactEmail: p.contactEmail ?? null, status: p.status };
        if (input.name !== undefined) p.name = input.name;
        if (input.contactEmail !== undefined) p.contactEmail = input.contactEmail;
        if (input.status !== undefined) p.status = input.status;
        await tx.flush();
        await recordAudit(tx, {
          action: 'cpd-provider.updated',
          entityType: 'cpd_provider',
          entityId: p.id,
          before,
          after: { name: p.name, contactEmail: p.contactEmail ?? null, status: p.status },
        });
        return providerView(p, (await accountsOf([p.id])).get(p.id) ?? []);
      });
    },

    async addProviderAccount(id: string, accountId: string) {
      return em().transactional(async (tx) => {
        const p = await tx.findOne(CpdProvider, { id });
        if (!p) throw new NotFoundError('The provider');
        const account = await tx.findOne(Account, { id: accountId });
        if (!account) throw new ValidationError('accountId', 'no such account');
        if (!account.roles.includes('cpd_provider'))
          throw new ValidationError('accountId', 'the account does not have the cpd_provider role');
        await tx.execute(
          `insert into cpd_provider_account (provider_id, account_id, created_at) values (?, ?, ?) on conflict do nothing`,
          [id, accountId, deps.clock.now()],
        );
        await recordAudit(tx, {
          action: 'cpd-provider.account-added',
          entityType: 'cpd_provider',
          entityId: id,
          after: { accountId },
        });
        return providerView(p, (await accountsOf([id])).get(id) ?? []);
      });
    },

    async listActivities(auth: AuthContext, q: z.infer<typeof activityListQuery>) {
      const scope = await cpdScope(em(), auth);
      const where: Record<string, unknown> = {};
      if (!scope.staff) where.provider = { $in: scope.providerIds };
      if (q.providerId)
        where.provider =
          scope.staff || scope.providerIds.includes(q.providerId)
            ? q.providerId
            : '00000000-0000-0000-0000-000000000000';
      if (q.status) where.status = q.status;
      if (q.q) where.title = { $ilike: `%${q.q}%` };
      const [items, total] = await em().findAndCount(CpdActivity, where, {
        orderBy: { [q.sort ?? 'startsOn']: q.sort ? q.order : 'desc' },
        limit: q.perPage,
        offset: (q.page - 1) * q.perPage,
      });
      return { items: await activityViews(items), total };
    },

    async getActivity(auth: AuthContext, id: string) {
      return (await activityViews([await loadActivity(auth, id)]))[0]!;
    },

    /** A provider proposes an activity (the council approves it); staff adding one approve it at once. */
    async createActivity(auth: AuthContext, input: z.infer<typeof activityBody>) {
      const scope = await cpdScope(em(), auth);
      assertProvider(scope, input.providerId);
      if (input.endsOn < input.startsOn) throw new ValidationError('endsOn', 'is before startsOn');
      return em().transactional(async (tx) => {
        const provider = await tx.findOne(CpdProvider, { id: input.providerId });
        if (!provider) throw new ValidationError('providerId', 'no such provider');
        if (provider.status !== 'approved') throw new ValidationError('providerId', 'the provider is suspended');
        if (!(await tx.findOne(CpdCategory, { code: input.categoryCode })))
          throw new ValidationError('categoryCode', 'there is no CPD category with this code');
        const approved = scope.staff;
        const a = tx.create(CpdActivity, {
          provider: provider.id,
          title: input.title,
          categoryCode: input.categoryCode,
          credits: input.credits,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          structured: input.structured,
          status: approved ? 'approved' : 'proposed',
          decidedBy: approved ? auth.accountId : null,
          decidedAt: approved ? deps.clock.now() : null,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: approved ? 'cpd-activity.approved' : 'cpd-activity.proposed',
          entityType: 'cpd_activity',
          entityId: a.id,
          after: {
            providerId: provider.id,
            title: a.title,
            categoryCode: a.categoryCode,
            credits: input.credits,
            startsOn: a.startsOn,
            endsOn: a.endsOn,
          },
        });
        return (await activityViews([a]))[0]!;
      });
    },

    async decideActivity(auth: AuthContext, id: string, decision: 'approved' | 'refused', version: number) {
      return em().transactional(async (tx) => {
        const a = await tx.findOne(CpdActivity, { id });
        if (!a) throw new NotFoundError('The activity');
        await tx.lock(a, LockMode.OPTIMISTIC, version);
        if (a.status !== 'proposed') throw new ConflictError(`The activity was already ${a.status}`);
        a.status = decision;
        a.decidedBy = auth.accountId;
        a.decidedAt = deps.clock.now();
        await tx.flush();
        await recordAudit(tx, {
          action: `cpd-activity.${decision}`,
          entityType: 'cpd_activity',
          entityId: a.id,
          before: { status: 'proposed' },
          after: { status: decision },
        });
        return (await activityViews([a]))[0]!;
      });
    },

    async uploadRosterCsv(auth: AuthContext, activityId: string, file: { bytes: Buffer; filename?: string }) {
      if (file.bytes.length > MAX_ROSTER_BYTES)
        throw new ValidationError('file', `the file is larger than ${MAX_ROSTER_BYTES / 1024 / 1024} MB`);
      const sha256 = createHash('sha256').update(file.bytes).digest('hex');
      // a file that is not UTF-8, or holds a character no text may hold, is refused whole (CsvEncodingError)
      const { headers, records } = csvRecords(decodeUtf8(file.bytes));
      const raw: RawRow[] | { fileError: string } = !headers.includes('licence_number')
        ? {
            fileError: `the header row has no licence_number column (columns: ${ROSTER_COLUMNS.join(', ')}; only licence_number is required)`,
          }
        : records.map(({ line, values: v }) => ({
            line,
            licenceNumber: v.licence_number ?? '',
            fullName: v.full_name,
            credits: v.credits,
            completedOn: v.completed_on,
          }));
      return storeRoster(auth, activityId, file.filename ?? 'roster.csv', sha256, raw);
    },

    async uploadRosterJson(auth: AuthContext, activityId: string, input: z.infer<typeof rosterJsonBody>) {
      const canonical = JSON.stringify(
        input.rows.map((r) => [r.licenceNumber, r.fullName ?? null, r.credits ?? null, r.completedOn ?? null]),
      );
      const sha256 = createHash('sha256').update(canonical).digest('hex');
      const raw: RawRow[] = input.rows.map((r, i) => ({
        line: i + 1,
        licenceNumber: r.licenceNumber,
        fullName: r.fullName,
        credits: r.credits === undefined ? undefined : String(r.credits),
        completedOn: r.completedOn,
      }));
      return storeRoster(auth, activityId, 'roster.json', sha256, raw);
    },

    async getRoster(auth: AuthContext, activityId: string, rosterId: string) {
      await loadActivity(auth, activityId);
      const r = await em().findOne(CpdRoster, { id: rosterId, activity: activityId });
      if (!r) throw new NotFoundError('The roster');
      return rosterView(r);
    },

    /** Imports the valid rows once: one verified record per (activity, person), set-based in chunks. */
    async acceptRoster(auth: AuthContext, activityId: string, rosterId: string) {
      await loadActivity(auth, activityId);
      return em().transactional(async (tx) => {
        const [locked] = await tx.execute<{ status: string }[]>(
          `select status from cpd_roster where id = ? and activity_id = ? for update`,
          [rosterId, activityId],
        );
        if (!locked) throw new NotFoundError('The roster');
        const roster = await tx.findOneOrFail(CpdRoster, { id: rosterId }, { populate: ['validRows'] });
        if (roster.status === 'accepted') throw new ConflictError('This roster was already accepted');
        const activity = await tx.findOneOrFail(CpdActivity, { id: activityId });
        const provider = await tx.findOneOrFail(CpdProvider, { id: activity.provider.id });
        const rows = (roster.validRows as unknown as RosterRow[]) ?? [];
        const now = deps.clock.now();
        let imported = 0;
        for (let i = 0; i < rows.length; i += 2000) {
          const chunk = rows.slice(i, i + 2000);
          const res = await tx.execute<{ id: string }[]>(
            `insert into cpd_record (id, registrant_id, source, activity_id, roster_id, title, provider_name, category_code,
                                     completed_on, hours, credits, structured, reflection, status, decided_at, created_at, version)
             select gen_random_uuid(), x.registrant_id, 'provider', ?, ?, ?, ?, ?, x.completed_on, null, x.credits, ?, null, 'accepted', ?, ?, 1
               from jsonb_to_recordset(?::jsonb) as x(registrant_id uuid, credits numeric, completed_on date)
             on conflict (activity_id, registrant_id) do nothing returning id`,
            [
              activityId,
              roster.id,
              activity.title,
              provider.name,
              activity.categoryCode,
              activity.structured,
              now,
              now,
              JSON.stringify(
                chunk.map((r) => ({ registrant_id: r.registrantId, credits: r.credits, completed_on: r.completedOn })),
              ),
            ],
          );
          imported += res.length;
        }
        roster.status = 'accepted';
        roster.acceptedAt = now;
        roster.acceptedBy = auth.accountId;
        roster.importedCount = imported;
        await tx.flush();
        await recordAudit(tx, {
          action: 'cpd-roster.accepted',
          entityType: 'cpd_activity',
          entityId: activityId,
          after: { rosterId, imported, valid: rows.length, alreadyRecorded: rows.length - imported, on: iso(now) },
        });
        return rosterView(roster);
      });
    },
  };
}
