/**
 * The watchlist (roster): licence numbers an organisation follows. Adding resolves the number to a
 * licence on the public register (pending licences are not on it); a CSV import adds many at once
 * with one set-based insert. Listing shows each entry's current public register entry.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { AppDeps } from '../../../deps.js';
import type { AuthContext } from '../../../http/authenticate.js';
import { NotFoundError, ValidationError } from '../../../shared/errors.js';
import { decodeUtf8 } from '../../../shared/csv.js';
import { recordAudit } from '../../audit/index.js';
import { findPublicLicences, normaliseLicenceNumberInput } from '../../verification/index.js';
import { scopeFor } from '../employer.service.js';
import { MAX_BULK_NUMBERS, numbersFromCsv } from '../employer.rules.js';
import type * as s from '../employer.schema.js';

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

type EntryRow = { id: string; licence_number: string; label: string | null; created_at: Date };

export function watchlistService(deps: AppDeps) {
  const em = () => deps.orm.em;

  /** Resolves normalised numbers to public (non-pending) licences in one query. */
  async function resolve(tx: EntityManager, numbers: string[]) {
    if (!numbers.length) return new Map<string, string>();
    const rows = await tx.execute<{ id: string; number: string }[]>(
      `select id, number from licence where number = any(?::text[]) and status <> 'pending'`,
      [`{${numbers.join(',')}}`],
    );
    return new Map(rows.map((r) => [r.number, r.id]));
  }

  return {
    async list(auth: AuthContext, q: z.infer<typeof s.watchListQuery>, organisationId?: string) {
      const scope = await scopeFor(em(), auth, organisationId);
      const order = `${q.sort === 'addedAt' ? 'created_at' : 'licence_number'} ${q.order === 'desc' ? 'desc' : 'asc'}`;
      const filter = q.q ? ` and (licence_number ilike ? or label ilike ?)` : '';
      const like = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : '';
      const params = q.q ? [scope.organisationId, like, like] : [scope.organisationId];
      const [rows, [count]] = await Promise.all([
        em().execute<EntryRow[]>(
          `select id, licence_number, label, created_at from watch_entry where organisation_id = ?${filter} order by ${order}, id limit ? offset ?`,
          [...params, q.perPage, (q.page - 1) * q.perPage],
        ),
        em().execute<{ n: number }[]>(
          `select count(*)::int as n from watch_entry where organisation_id = ?${filter}`,
          params,
        ),
      ]);
      const licences = await findPublicLicences(
        em(),
        rows.map((r) => r.licence_number),
        isoDay(deps.clock.now()),
      );
      return {
        total: count?.n ?? 0,
        items: rows.map((r) => ({
          id: r.id,
          number: r.licence_number,
          label: r.label,
          addedAt: new Date(r.created_at).toISOString(),
          licence: licences.get(r.licence_number) ?? null,
        })),
      };
    },

    async add(auth: AuthContext, input: z.infer<typeof s.watchAdd>, organisationId?: string) {
      const scope = await scopeFor(em(), auth, organisationId);
      const number = normaliseLicenceNumberInput(input.number);
      if (!number) throw new ValidationError('number', 'is not a licence number');
      return em().transactional(async (tx) => {
        const licenceId = (await resolve(tx, [number])).get(number);
        if (!licenceId) throw new ValidationError('number', 'is not on the public register');
        const now = deps.clock.now();
        const inserted = await tx.execute<EntryRow[]>(
          `insert into watch_entry (id, organisation_id, licence_id, licence_number, label, created_by, created_at) values (gen_random_uuid(), ?, ?, ?, ?, ?, ?)
           on conflict (organisation_id, licence_id) do nothing returning id, licence_number, label, created_at`,
          [scope.organisationId, licenceId, number, input.label || null, scope.actorId, now],
        );
        if (!inserted.length) throw new ValidationError('number', 'is already on your watchlist');
        const row = inserted[0]!;
        await recordAudit(tx, {
          action: 'employer.watch-added',
          entityType: 'employer_organisation',
          entityId: scope.organisationId,
          after: { number },
        });
        const licence = (await findPublicLicences(tx, [number], isoDay(now))).get(number) ?? null;
        return { id: row.id, number, label: row.label, addedAt: new Date(row.created_at).toISOString(), licence };
      });
    },

    /** Adds every listed number that is on the register; reports the rest. One insert for all. */
    async importCsv(auth: AuthContext, file: Buffer, organisationId?: string) {
      const scope = await scopeFor(em(), auth, organisationId);
      // a file that is not UTF-8, or holds a character no text may hold, is refused whole (CsvEncodingError)
      const inputs = numbersFromCsv(decodeUtf8(file));
      if (!inputs.length)
        throw new ValidationError('file', 'holds no licence numbers (one per line, or a column named number)');
      if (inputs.length > MAX_BULK_NUMBERS * 10)
        throw new ValidationError('file', `holds more than ${MAX_BULK_NUMBERS * 10} numbers; split it`);
      const malformed: string[] = [];
      const numbers = new Set<string>();
      for (const i of inputs) {
        const n = normaliseLicenceNumberInput(i);
        if (n) numbers.add(n);
        else malformed.push(i);
      }
      return em().transactional(async (tx) => {
        const ids = await resolve(tx, [...numbers]);
        const notFound = [...numbers].filter((n) => !ids.has(n));
        const found = [...ids.entries()];
        const now = deps.clock.now();
        const inserted = found.length
          ? await tx.execute<{ id: string }[]>(
              `insert into watch_entry (id, organisation_id, licence_id, licence_number, label, created_by, created_at)
               select gen_random_uuid(), ?, x.licence_id, x.number, null, ?, ? from unnest(?::uuid[], ?::text[]) as x(licence_id, number)
               on conflict (organisation_id, licence_id) do nothing returning id`,
              [
                scope.organisationId,
                scope.actorId,
                now,
                `{${found.map(([, id]) => id).join(',')}}`,
                `{${found.map(([n]) => n).join(',')}}`,
              ],
            )
          : [];
        if (inserted.length)
          await recordAudit(tx, {
            action: 'employer.watch-imported',
            entityType: 'employer_organisation',
            entityId: scope.organisationId,
            after: { added: inserted.length },
          });
        return { added: inserted.length, alreadyWatched: found.length - inserted.length, notFound, malformed };
      });
    },

    async remove(auth: AuthContext, entryId: string, organisationId?: string) {
      const scope = await scopeFor(em(), auth, organisationId);
      await em().transactional(async (tx) => {
        const rows = await tx.execute<{ licence_number: string }[]>(
          `delete from watch_entry where id = ? and organisation_id = ? returning licence_number`,
          [entryId, scope.organisationId],
        );
        if (!rows.length) throw new NotFoundError('The watchlist entry');
        await recordAudit(tx, {
          action: 'employer.watch-removed',
          entityType: 'employer_organisation',
          entityId: scope.organisationId,
          before: { number: rows[0]!.licence_number },
        });
      });
    },
  };
}
