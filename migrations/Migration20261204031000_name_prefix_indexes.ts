import { Migration } from '@mikro-orm/migrations';

/**
 * Public name search reads the names that begin with what was typed in name order from these
 * indexes and stops at the 21st (byte order, "C": what a prefix range and its ordering need; the id
 * settles the order among people of the same name, so the walk never reads a whole group of namesakes),
 * so a common name such as "Nguyen Van An" costs a short index walk instead of a trigram scan of
 * hundreds of thousands of candidates.
 */
export class Migration20261204031000_name_prefix_indexes extends Migration {
  override name = 'Migration20261204031000_name_prefix_indexes';

  override up(): void | Promise<void> {
    this.addSql(`create index "registrant_search_name_prefix_idx" on "registrant" ("search_name" collate "C", "id");`);
    this.addSql(
      `create index "registrant_native_name_prefix_idx" on "registrant" ((normalize("full_name_native", NFC) collate "C"), "id") where "full_name_native" is not null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "registrant_native_name_prefix_idx";`);
    this.addSql(`drop index if exists "registrant_search_name_prefix_idx";`);
  }
}
