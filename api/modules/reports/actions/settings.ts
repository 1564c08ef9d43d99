import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthContext } from '../../../http/authenticate.js';
import { DEFAULT_SMALL_CELL } from '../reports.rules.js';

/** The council's small-cell threshold N (council setting reportSmallCellThreshold, default 5). */
export async function smallCellThreshold(em: EntityManager): Promise<number> {
  const [row] = await em.execute<{ n: string | null }[]>(
    `select settings->>'reportSmallCellThreshold' as n from council where id = 1`,
  );
  const n = Number(row?.n ?? NaN);
  return Number.isInteger(n) && n >= 2 ? n : DEFAULT_SMALL_CELL;
}

/**
 * Whether this caller gets exact small counts in JSON. Admins do (to check data quality); every
 * other role, and every CSV export, gets suppressed figures.
 */
export const exactFiguresFor = (auth: AuthContext | null): boolean => !!auth?.roles.includes('admin');
