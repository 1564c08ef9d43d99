import { Migration } from '@mikro-orm/migrations';

export class Migration20261122185841_discipline extends Migration {
  override name = 'Migration20261122185841_discipline';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "discipline_settings" ("id" smallint not null, "publication" jsonb not null, "notify_steps" jsonb not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );

    this.addSql(
      `create table "discipline_case" ("id" uuid not null, "reference" varchar(40) not null, "stage" varchar(20) not null, "stage_since" date not null, "source" varchar(10) not null, "complainant_name" varchar(200) not null, "complainant_email" varchar(254) null, "complainant_phone" varchar(40) null, "complainant_relationship" varchar(200) null, "respondent_name" varchar(300) not null, "respondent_licence_number" varchar(40) null, "registrant_id" uuid null, "licence_id" uuid null, "category" varchar(40) not null, "allegation" text not null, "received_on" date not null, "assigned_to" uuid null, "hearing_on" date null, "disclosed_summary" text null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(
      `alter table "discipline_case" add constraint "discipline_case_reference_unique" unique ("reference");`,
    );
    this.addSql(`create index "discipline_case_registrant_id_index" on "discipline_case" ("registrant_id");`);
    this.addSql(`create index "discipline_case_licence_id_index" on "discipline_case" ("licence_id");`);
    this.addSql(
      `create index "discipline_case_stage_received_on_index" on "discipline_case" ("stage", "received_on");`,
    );

    this.addSql(
      `create table "discipline_sanction" ("id" uuid not null, "case_id" uuid not null, "licence_id" uuid null, "type" varchar(24) not null, "status" varchar(12) not null, "starts_on" date not null, "ends_on" date null, "lifted_on" date null, "conditions_text" text null, "reasons" text not null, "decided_on" date not null, "licence_condition_id" uuid null, "replaces" uuid null, "replaced_by" uuid null, "public_text" text null, "published_from" date null, "published_until" date null, "publication_state" varchar(12) not null, "created_by" uuid null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "discipline_sanction_case_id_index" on "discipline_sanction" ("case_id");`);
    this.addSql(`create index "discipline_sanction_licence_id_index" on "discipline_sanction" ("licence_id");`);
    this.addSql(`create index "discipline_sanction_status_type_index" on "discipline_sanction" ("status", "type");`);
    this.addSql(
      `create index "discipline_sanction_publication_state_index" on "discipline_sanction" ("publication_state");`,
    );

    this.addSql(
      `create table "discipline_panel_member" ("id" uuid not null, "case_id" uuid not null, "member_key" varchar(300) not null, "account_id" uuid null, "external_name" varchar(200) null, "external_email" varchar(254) null, "role" varchar(20) not null, "assigned_at" timestamptz not null, "removed_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "discipline_panel_member_case_id_index" on "discipline_panel_member" ("case_id");`);

    this.addSql(
      `create table "discipline_conflict" ("id" uuid not null, "case_id" uuid not null, "member_key" varchar(300) not null, "account_id" uuid null, "external_name" varchar(200) null, "external_email" varchar(254) null, "reason" text not null, "declared_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "discipline_conflict_case_id_index" on "discipline_conflict" ("case_id");`);
    this.addSql(`create index "discipline_conflict_member_key_index" on "discipline_conflict" ("member_key");`);

    this.addSql(
      `create table "discipline_case_event" ("id" uuid not null, "case_id" uuid not null, "kind" varchar(20) not null, "stage" varchar(20) not null, "to_stage" varchar(20) null, "on_date" date not null, "note" text null, "disclosed" boolean not null, "data" jsonb null, "actor_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "discipline_case_event_case_id_index" on "discipline_case_event" ("case_id");`);

    this.addSql(
      `alter table "discipline_case" add constraint "discipline_case_registrant_id_foreign" foreign key ("registrant_id") references "registrant" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "discipline_case" add constraint "discipline_case_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "discipline_sanction" add constraint "discipline_sanction_case_id_foreign" foreign key ("case_id") references "discipline_case" ("id");`,
    );
    this.addSql(
      `alter table "discipline_sanction" add constraint "discipline_sanction_licence_id_foreign" foreign key ("licence_id") references "licence" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "discipline_panel_member" add constraint "discipline_panel_member_case_id_foreign" foreign key ("case_id") references "discipline_case" ("id");`,
    );

    this.addSql(
      `alter table "discipline_conflict" add constraint "discipline_conflict_case_id_foreign" foreign key ("case_id") references "discipline_case" ("id");`,
    );

    this.addSql(
      `alter table "discipline_case_event" add constraint "discipline_case_event_case_id_foreign" foreign key ("case_id") references "discipline_case" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "discipline_sanction" drop constraint "discipline_sanction_case_id_foreign";`);
    this.addSql(`alter table "discipline_panel_member" drop constraint "discipline_panel_member_case_id_foreign";`);
    this.addSql(`alter table "discipline_conflict" drop constraint "discipline_conflict_case_id_foreign";`);
    this.addSql(`alter table "discipline_case_event" drop constraint "discipline_case_event_case_id_foreign";`);

    this.addSql(`drop table if exists "discipline_settings" cascade;`);
    this.addSql(`drop table if exists "discipline_case" cascade;`);
    this.addSql(`drop table if exists "discipline_sanction" cascade;`);
    this.addSql(`drop table if exists "discipline_panel_member" cascade;`);
    this.addSql(`drop table if exists "discipline_conflict" cascade;`);
    this.addSql(`drop table if exists "discipline_case_event" cascade;`);
  }
}
