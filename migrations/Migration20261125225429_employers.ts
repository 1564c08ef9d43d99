import { Migration } from '@mikro-orm/migrations';

export class Migration20261125225429_employers extends Migration {
  override name = 'Migration20261125225429_employers';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "employer_organisation" ("id" uuid not null, "name" varchar(200) not null, "identifier" varchar(80) null, "contact_email" varchar(254) not null, "country" varchar(2) not null, "sector" varchar(40) not null, "locale" varchar(10) not null default 'en', "status" varchar(12) not null default 'active', "webhook_url" varchar(500) null, "webhook_secret_sealed" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(
      `alter table "employer_organisation" add constraint "employer_organisation_identifier_unique" unique ("identifier");`,
    );

    this.addSql(
      `create table "employer_member" ("account_id" uuid not null, "organisation_id" uuid not null, "created_at" timestamptz not null, primary key ("account_id"));`,
    );
    this.addSql(`create index "employer_member_organisation_id_index" on "employer_member" ("organisation_id");`);

    this.addSql(
      `create table "employer_api_key" ("id" uuid not null, "key_id" varchar(24) not null, "organisation_id" uuid not null, "name" varchar(100) not null, "secret_hash" varchar(64) not null, "created_by" uuid not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, "revoked_by" uuid null, primary key ("id"));`,
    );
    this.addSql(`alter table "employer_api_key" add constraint "employer_api_key_key_id_unique" unique ("key_id");`);
    this.addSql(`create index "employer_api_key_organisation_id_index" on "employer_api_key" ("organisation_id");`);

    this.addSql(
      `create table "watch_entry" ("id" uuid not null, "organisation_id" uuid not null, "licence_id" uuid not null, "licence_number" varchar(40) not null, "label" varchar(200) null, "created_by" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "watch_entry_licence_id_index" on "watch_entry" ("licence_id");`);
    this.addSql(
      `alter table "watch_entry" add constraint "watch_entry_organisation_id_licence_id_unique" unique ("organisation_id", "licence_id");`,
    );

    this.addSql(
      `create table "watch_notification" ("id" uuid not null, "organisation_id" uuid not null, "watch_entry_id" uuid not null, "event_key" varchar(80) not null, "type" varchar(40) not null, "licence_number" varchar(40) not null, "payload" jsonb not null, "created_at" timestamptz not null, "webhook_status" varchar(12) not null, "attempts" int not null default 0, "next_attempt_at" timestamptz null, "last_error" text null, "last_status_code" int null, "delivered_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `create index "watch_notification_webhook_status_next_attempt_at_index" on "watch_notification" ("webhook_status", "next_attempt_at");`,
    );
    this.addSql(
      `create index "watch_notification_organisation_id_created_at_index" on "watch_notification" ("organisation_id", "created_at");`,
    );
    this.addSql(
      `alter table "watch_notification" add constraint "watch_notification_watch_entry_id_event_key_unique" unique ("watch_entry_id", "event_key");`,
    );

    this.addSql(
      `create table "watch_scan_cursor" ("id" smallint not null, "scanned_to" timestamptz not null, primary key ("id"));`,
    );

    this.addSql(
      `alter table "employer_member" add constraint "employer_member_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "employer_member" add constraint "employer_member_organisation_id_foreign" foreign key ("organisation_id") references "employer_organisation" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "employer_api_key" add constraint "employer_api_key_organisation_id_foreign" foreign key ("organisation_id") references "employer_organisation" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "watch_entry" add constraint "watch_entry_organisation_id_foreign" foreign key ("organisation_id") references "employer_organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "watch_entry" add constraint "watch_entry_licence_id_foreign" foreign key ("licence_id") references "licence" ("id");`,
    );

    this.addSql(
      `alter table "watch_notification" add constraint "watch_notification_organisation_id_foreign" foreign key ("organisation_id") references "employer_organisation" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "watch_notification" add constraint "watch_notification_watch_entry_id_foreign" foreign key ("watch_entry_id") references "watch_entry" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "employer_member" drop constraint "employer_member_organisation_id_foreign";`);
    this.addSql(`alter table "employer_api_key" drop constraint "employer_api_key_organisation_id_foreign";`);
    this.addSql(`alter table "watch_entry" drop constraint "watch_entry_organisation_id_foreign";`);
    this.addSql(`alter table "watch_notification" drop constraint "watch_notification_organisation_id_foreign";`);
    this.addSql(`alter table "watch_notification" drop constraint "watch_notification_watch_entry_id_foreign";`);

    this.addSql(`drop table if exists "employer_organisation" cascade;`);
    this.addSql(`drop table if exists "employer_member" cascade;`);
    this.addSql(`drop table if exists "employer_api_key" cascade;`);
    this.addSql(`drop table if exists "watch_entry" cascade;`);
    this.addSql(`drop table if exists "watch_notification" cascade;`);
    this.addSql(`drop table if exists "watch_scan_cursor" cascade;`);
  }
}
