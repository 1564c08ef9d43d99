/**
 * DATA_KEY rotation: every secret sealed at rest is opened with the current key and sealed again
 * under the new one, and the keyed hashes of identity numbers (duplicate detection) are recomputed,
 * in one transaction. Every value is opened before anything is written: a value the current key
 * cannot open stops the rotation with its table and row, and nothing changes. Run it with the
 * registry stopped (an instance still running would go on sealing with the old key).
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { SecretBox } from '../shared/secrets.js';
import { recordAudit } from '../modules/audit/index.js';

/** Each table with a sealed column: its key column and the context the secret was sealed with. */
const SEALED: { table: string; id: string; column: string; context: (id: string) => string }[] = [
  { table: 'account', id: 'id', column: 'mfa_secret_sealed', context: (id) => `totp:${id}` },
  { table: 'signing_key', id: 'kid', column: 'private_key_sealed', context: (kid) => `signing-key:${kid}` },
  { table: 'employer_organisation', id: 'id', column: 'webhook_secret_sealed', context: (id) => `webhook:${id}` },
  { table: 'identity_change', id: 'id', column: 'new_value_sealed', context: (id) => `identity-change:${id}` },
  { table: 'registrant', id: 'id', column: 'national_id_sealed', context: (id) => `national-id:${id}` },
];

const BATCH = 1000;

export class DataKeyRotationError extends Error {}

export type RotationCounts = Record<string, number>;

/** Re-seals every secret from `current` to `next`; returns how many values each table had. */
export async function rotateDataKey(orm: MikroORM, current: SecretBox, next: SecretBox): Promise<RotationCounts> {
  const counts: RotationCounts = {};
  await orm.em.fork().transactional(async (tx) => {
    for (const { table, id, column, context } of SEALED) {
      // No other writer while the values change hands (readers go on).
      await tx.execute(`lock table ${table} in share row exclusive mode`);
      const withNationality = table === 'registrant';
      let after = '';
      let n = 0;
      for (;;) {
        const rows = await tx.execute<{ id: string; sealed: string; nationality?: string }[]>(
          `select ${id}::text as id, ${column} as sealed${withNationality ? ', nationality' : ''} from ${table}
           where ${column} is not null and ${column} <> '' and ${id}::text > ? order by ${id}::text limit ${BATCH}`,
          [after],
        );
        if (!rows.length) break;
        const values: { id: string; sealed: string; hash?: string }[] = [];
        for (const row of rows) {
          let plain: Buffer;
          try {
            plain = current.open(row.sealed, context(row.id));
          } catch {
            throw new DataKeyRotationError(
              `${table}.${column} of ${row.id} cannot be opened with the current DATA_KEY; nothing was changed`,
            );
          }
          values.push({
            id: row.id,
            sealed: next.seal(plain, context(row.id)),
            ...(withNationality
              ? { hash: next.mac(`${row.nationality}:${plain.toString('utf8').toUpperCase()}`, 'national-id') }
              : {}),
          });
        }
        if (withNationality)
          await tx.execute(
            `update registrant r set national_id_sealed = v.sealed, national_id_hash = v.hash
             from jsonb_to_recordset(?::jsonb) as v(id uuid, sealed text, hash text) where r.id = v.id`,
            [JSON.stringify(values)],
          );
        else
          await tx.execute(
            `update ${table} t set ${column} = v.sealed
             from jsonb_to_recordset(?::jsonb) as v(id text, sealed text) where t.${id}::text = v.id`,
            [JSON.stringify(values)],
          );
        n += rows.length;
        after = rows.at(-1)!.id;
      }
      counts[table] = n;
    }
    await recordAudit(tx, { action: 'data-key.rotated', entityType: 'deployment', after: counts });
  });
  return counts;
}
