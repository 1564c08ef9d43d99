import { defineConfig, type Options } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { Migrator } from '@mikro-orm/migrations';
import { fileURLToPath } from 'node:url';
import { entities } from './entities.js';
import { migrationsList } from '../migrations/index.js';

const migrationsPath = fileURLToPath(new URL('../migrations', import.meta.url));

export type OrmOptions = {
  clientUrl: string;
  poolMax?: number;
  debug?: boolean;
  /** How long to wait for a connection (a new one, or a free one from the pool); unset waits as long as it takes. */
  connectTimeoutMs?: number;
  /** Called with the `pg` pool once it exists (to watch its connections). */
  onPool?: (pool: pg.Pool) => void;
};

/** ORM options for a connection URL. Migrations are an explicit list, so TS and compiled JS behave the same. */
export function ormConfig({ clientUrl, poolMax = 10, debug = false, connectTimeoutMs, onPool }: OrmOptions): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    debug,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: poolMax, idleTimeoutMillis: 30_000 },
    // Handed to node-postgres' Pool by MikroORM's PostgreSQL connection.
    driverOptions: {
      ...(connectTimeoutMs ? { connectionTimeoutMillis: connectTimeoutMs } : {}),
      ...(onPool ? { onPoolCreated: onPool } : {}),
    },
    migrations: {
      path: migrationsPath,
      pathTs: migrationsPath,
      migrationsList,
      silent: true,
      transactional: true,
      allOrNothing: true,
      snapshot: true,
      snapshotOnMigrate: false,
      snapshotName: '.snapshot',
      emit: 'ts',
      fileName: (timestamp, name) => `Migration${timestamp}${name ? '_' + name : ''}`,
    },
  });
}
