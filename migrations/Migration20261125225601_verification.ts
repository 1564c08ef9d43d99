import { Migration } from '@mikro-orm/migrations';

export class Migration20261125225601_verification extends Migration {
  override name = 'Migration20261125225601_verification';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "licence_verification_count" ("licence_id" uuid not null, "day" date not null, "count" int not null, primary key ("licence_id", "day"));`,
    );

    this.addSql(
      `alter table "licence_verification_count" add constraint "licence_verification_count_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on delete cascade;`,
    );

    // Public register search by name: substring match on the normalised name, fast at a million rows.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create index if not exists "registrant_search_name_trgm_idx" on "registrant" using gin ("search_name" gin_trgm_ops);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "registrant_search_name_trgm_idx";`);
    this.addSql(`drop table if exists "licence_verification_count" cascade;`);
  }
}
