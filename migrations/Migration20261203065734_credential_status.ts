import { Migration } from '@mikro-orm/migrations';

export class Migration20261203065734_credential_status extends Migration {
  override name = 'Migration20261203065734_credential_status';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "credential_status_entry" ("licence_id" uuid not null, "list_no" int not null, "list_index" int not null, "created_at" timestamptz not null, primary key ("licence_id"));`,
    );
    this.addSql(
      `alter table "credential_status_entry" add constraint "credential_status_entry_list_no_list_index_unique" unique ("list_no", "list_index");`,
    );

    this.addSql(
      `alter table "credential_status_entry" add constraint "credential_status_entry_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on update cascade on delete cascade;`,
    );
    // Hand-written: a bit inside a list of 131,072 entries (the size the bitstring lists are published at).
    this.addSql(
      `alter table "credential_status_entry" add constraint "credential_status_entry_place_check" check ("list_no" >= 1 and "list_index" >= 0 and "list_index" < 131072);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "credential_status_entry" cascade;`);
  }
}
