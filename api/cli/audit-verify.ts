/**
 *   npm run audit:verify
 * Walks the audit chain and names the first altered or missing row. Exit code 0 when intact, 1 when
 * broken, 2 when the check could not run.
 */
import { loadConfig } from '../config.js';
import { openDatabase } from '../shared/database.js';
import { verifyAuditChain } from '../modules/audit/index.js';

const config = loadConfig();
let exit = 2;
const db = await openDatabase(config, (m) => console.error(m));
try {
  const started = Date.now();
  const result = await verifyAuditChain(db.orm);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (result.ok) {
    console.log(`ok: ${result.checked} audit rows checked in ${secs} s; the chain is intact`);
    exit = 0;
  } else {
    console.log(
      `BROKEN at row ${result.firstBrokenSeq}: ${result.reason} (${result.checked} rows before it are intact)`,
    );
    exit = 1;
  }
} catch (e) {
  console.error(`audit:verify could not run: ${(e as Error).message}`);
} finally {
  await db.close();
}
process.exit(exit);
