/**
 *   npm run db:migrate                       apply pending migrations
 *   npm run db:migration:create -- [name]    generate a migration from the entity changes
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { migrateUp, openDatabase } from '../shared/database.js';

const [command = 'up', name] = process.argv.slice(2);
const config = loadConfig();
const db = await openDatabase(config, (m) => console.log(m));
try {
  if (command === 'up') {
    const applied = await migrateUp(db.orm);
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.');
  } else if (command === 'create') {
    await migrateUp(db.orm);
    const result = await db.orm.migrator.create(undefined, false, false, name);
    if (!result.fileName) console.log('No changes: the entities match the last migration snapshot.');
    else {
      writeMigrationIndex();
      console.log(`Created migrations/${result.fileName} and listed it in migrations/index.ts`);
    }
  } else {
    console.error(`Unknown command ${command}; use 'up' or 'create'`);
    process.exitCode = 2;
  }
} finally {
  await db.close();
}

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
