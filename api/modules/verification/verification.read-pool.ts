/**
 * The public register's own small connection pool (node-postgres), separate from the ORM's: the
 * hot lookup path runs one named statement on it, planned once per connection (generic plan), with
 * no ORM or query building in between. It may point at a read replica (PUBLIC_READ_DATABASE_URL);
 * by default it uses the registry's database. Idle connections close by themselves.
 */
import pg from 'pg';
import type { AppDeps } from '../../deps.js';
import { boundStatements } from '../../shared/query-bound.js';

const pools = new WeakMap<AppDeps, pg.Pool>();

export function publicReadPool(deps: AppDeps): pg.Pool {
  let pool = pools.get(deps);
  if (!pool) {
    const url =
      deps.config.publicReadDatabaseUrl ??
      (deps.orm.config.get('clientUrl') as string | undefined) ??
      deps.config.databaseUrl;
    if (!url) throw new Error('public register: no database URL for the read pool');
    // Each connection plans the lookup once and reuses the plan (the statement's shape never changes).
    pool = new pg.Pool({
      connectionString: url,
      max: deps.config.publicReadPoolMax,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: deps.config.dbConnectTimeoutMs,
      allowExitOnIdle: true,
      options: '-c plan_cache_mode=force_generic_plan',
    });
    pool.on('error', (err) => deps.log.warn({ err }, 'public register read pool: idle connection error'));
    // Lookups only: every statement gets DB_QUERY_TIMEOUT_MS, so a silent database gives 503, not a hang.
    pool.on('connect', (client) => boundStatements(client, () => deps.config.dbQueryTimeoutMs));
    pools.set(deps, pool);
  }
  return pool;
}

/** Closes the read pool (on shutdown). */
export async function closePublicReadPool(deps: AppDeps): Promise<void> {
  const pool = pools.get(deps);
  pools.delete(deps);
  await pool?.end();
}
