import { Migration } from '@mikro-orm/migrations';

/**
 * Verification counts are keyed by licence number instead of licence id, without a foreign key (see
 * verification.entity.ts: the flush no longer finds and locks every counted licence). Counts kept so
 * far are moved over; a deleted licence's counts are deleted by a statement trigger on licence.
 */
export class Migration20261202194209_verification_counts_by_number extends Migration {
  override name = 'Migration20261202194209_verification_counts_by_number';

  override up(): void | Promise<void> {
    this.addSql(`alter table "licence_verification_count" add "number" varchar(40);`);
    this.addSql(
      `update "licence_verification_count" c set "number" = l."number" from "licence" l where l."id" = c."licence_id";`,
    );
    this.addSql(
      `alter table "licence_verification_count" drop constraint "licence_verification_count_licence_id_foreign";`,
    );
    this.addSql(`alter table "licence_verification_count" drop constraint "licence_verification_count_pkey";`);
    this.addSql(`alter table "licence_verification_count" drop column "licence_id";`);
    this.addSql(`alter table "licence_verification_count" alter column "number" set not null;`);
    this.addSql(`alter table "licence_verification_count" add primary key ("number", "day");`);
    this.addSql(`create function licence_verification_count_forget() returns trigger language plpgsql as $$
begin
  delete from licence_verification_count c using old_rows o where c.number = o.number;
  return null;
end $$;`);
    this.addSql(`create trigger licence_verification_count_forget after delete on licence
  referencing old table as old_rows for each statement execute function licence_verification_count_forget();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger licence_verification_count_forget on licence;`);
    this.addSql(`drop function licence_verification_count_forget();`);
    this.addSql(`alter table "licence_verification_count" add "licence_id" uuid;`);
    this.addSql(
      `update "licence_verification_count" c set "licence_id" = l."id" from "licence" l where l."number" = c."number";`,
    );
    this.addSql(`delete from "licence_verification_count" where "licence_id" is null;`);
    this.addSql(`alter table "licence_verification_count" drop constraint "licence_verification_count_pkey";`);
    this.addSql(`alter table "licence_verification_count" drop column "number";`);
    this.addSql(`alter table "licence_verification_count" alter column "licence_id" set not null;`);
    this.addSql(
      `alter table "licence_verification_count" add constraint "licence_verification_count_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "licence_verification_count" add primary key ("licence_id", "day");`);
  }
}
