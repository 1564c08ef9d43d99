/**
 *   npm run db:check    fails when the entities differ from migrations/.snapshot.json
 *
 * The snapshot is what `npm run db:migration:create` last generated a migration from. When an entity
 * changes and nobody generated the migration, the entities and the snapshot differ, the schema the
 * code expects is not the one the migrations build, and this check fails (CI runs it). It compares
 * entity metadata with the snapshot file only: no database is opened.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../mikro-orm.config.js';

// Nothing connects: the comparison is between the entities and the snapshot file.
const orm = new MikroORM(ormConfig({ clientUrl: 'postgres://127.0.0.1:1/unused', poolMax: 1 }));
try {
  if (await orm.migrator.checkSchema()) {
    console.error(
      'The entities differ from migrations/.snapshot.json: an entity changed without a migration.\n' +
        'Generate one with `npm run db:migration:create -- <name>` (see CONTRIBUTING.md) and commit it with the snapshot.',
    );
    process.exitCode = 1;
  } else {
    console.log('The entities match the migration snapshot.');
  }
} finally {
  await orm.close(true);
}
