/**
 *   openssl rand -base64 32 > new-data-key
 *   npm run data-key:rotate -- --new-key-file new-data-key      (or --new-key-file - to read standard input)
 *
 * Re-seals every secret kept in the database (signing keys, TOTP secrets, webhook secrets, identity
 * numbers and the hashes that find duplicates) from the current DATA_KEY to the new key, in one
 * transaction, under the migration lock. Stop every instance first. Afterwards set DATA_KEY to the
 * new key everywhere and start again; a local install without DATA_KEY has DATA_DIR/data-key
 * replaced (the old key is kept beside it as data-key.previous). Exit code 0 when done, 1 when
 * nothing was changed.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { resolveDataKey } from '../bootstrap.js';
import { createLogger } from '../shared/logger.js';
import { openDatabase, withMigrationLock } from '../shared/database.js';
import { SecretBox } from '../shared/secrets.js';
import { rotateDataKey } from '../ops/data-key.js';

const KEY = /^[A-Za-z0-9+/]{43}=$/;

function fail(message: string): never {
  process.stderr.write(`data-key:rotate: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const fileArg = args[args.indexOf('--new-key-file') + 1];
if (!args.includes('--new-key-file') || !fileArg)
  fail('name the new key: --new-key-file FILE (openssl rand -base64 32 > FILE), or --new-key-file - for stdin');
const newKey = readFileSync(fileArg === '-' ? 0 : fileArg, 'utf8').trim();
if (!KEY.test(newKey)) fail('the new key must be a base64-encoded 32-byte key (openssl rand -base64 32)');

const config = loadConfig();
const log = createLogger(config);
const currentKey = resolveDataKey(config, log);
if (currentKey === newKey) fail('the new key is the current DATA_KEY');

const db = await openDatabase(config, (m) => process.stderr.write(m + '\n'));
let exit = 1;
try {
  const counts = await withMigrationLock(
    db.url,
    (m) => process.stderr.write(m + '\n'),
    () => rotateDataKey(db.orm, new SecretBox(currentKey), new SecretBox(newKey)),
  );
  const summary = Object.entries(counts)
    .map(([table, n]) => `${table} ${n}`)
    .join(', ');
  console.log(`Re-sealed under the new key: ${summary}.`);
  if (config.dataKey) {
    console.log('Now set DATA_KEY to the new key on every instance (and in your backups of it), then start them.');
  } else {
    const file = path.resolve(config.dataDir, 'data-key');
    copyFileSync(file, `${file}.previous`);
    writeFileSync(file, newKey + '\n', { mode: 0o600 });
    console.log(`Wrote the new key to ${file} (the old one is in ${file}.previous for older backups).`);
  }
  exit = 0;
} catch (e) {
  process.stderr.write(`data-key:rotate: ${(e as Error).message}\n`);
} finally {
  await db.close();
}
process.exit(exit);
