import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes every licence write paid for and no query needs: licence_period's (licence_id), which the
 * unique (licence_id, valid_from) covers, and licence_event's (licence_id) and as-of index, which
 * licence_event_recorded_idx (licence_id, created_at desc, id desc, made by an earlier migration and
 * now declared on the entity) covers for every lookup. A 100,000-row register import writes 200,000
 * fewer index entries.
 */
export class Migration20261126013609_licence_indexes extends Migration {
  override name = 'Migration20261126013609_licence_indexes';

  override up(): void | Promise<void> {
    this.addSql(`drop index "licence_period_licence_id_index";`);

    this.addSql(`drop index "licence_event_as_of_idx";`);
    this.addSql(`drop index "licence_event_licence_id_index";`);
  }

  override down(): void | Promise<void> {
    this.addSql(
      `create index "licence_event_as_of_idx" on "licence_event" ("licence_id", "effective_date" desc, "created_at" desc, "id" desc) include ("to_status");`,
    );
    this.addSql(`create index "licence_event_licence_id_index" on "licence_event" ("licence_id");`);

    this.addSql(`create index "licence_period_licence_id_index" on "licence_period" ("licence_id");`);
  }
}
