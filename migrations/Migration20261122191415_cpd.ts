import { Migration } from '@mikro-orm/migrations';

export class Migration20261122191415_cpd extends Migration {
  override name = 'Migration20261122191415_cpd';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "cpd_audit_round" ("id" uuid not null, "name" varchar(200) not null, "seed" varchar(200) not null, "rate_basis_points" int not null, "strata" text[] not null, "registered_under_months" int not null, "exclude_sanctioned" boolean not null, "exclude_audited_last_round" boolean not null, "population_on" date not null, "response_due_on" date not null, "previous_round_id" uuid null, "summary" jsonb not null, "report" jsonb not null, "selected_count" int not null, "created_by" uuid null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );

    this.addSql(
      `create table "cpd_provider" ("id" uuid not null, "name" varchar(300) not null, "contact_email" varchar(254) null, "status" varchar(12) not null, "approved_from" date not null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );

    this.addSql(
      `create table "cpd_activity" ("id" uuid not null, "provider_id" uuid not null, "title" varchar(300) not null, "category_code" varchar(40) not null, "credits" numeric(6,2) not null, "starts_on" date not null, "ends_on" date not null, "structured" boolean not null, "status" varchar(12) not null, "decided_by" uuid null, "decided_at" timestamptz null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "cpd_activity_provider_id_index" on "cpd_activity" ("provider_id");`);

    this.addSql(
      `create table "cpd_provider_account" ("provider_id" uuid not null, "account_id" uuid not null, "created_at" timestamptz not null, primary key ("provider_id", "account_id"));`,
    );

    this.addSql(
      `create table "cpd_roster" ("id" uuid not null, "activity_id" uuid not null, "filename" varchar(255) not null, "sha256" varchar(64) not null, "status" varchar(12) not null, "row_count" int not null, "valid_count" int not null, "errors" jsonb not null, "valid_rows" jsonb not null, "uploaded_by" uuid null, "created_at" timestamptz not null, "accepted_at" timestamptz null, "accepted_by" uuid null, "imported_count" int null, primary key ("id"));`,
    );
    this.addSql(`create index "cpd_roster_activity_id_index" on "cpd_roster" ("activity_id");`);
    this.addSql(
      `alter table "cpd_roster" add constraint "cpd_roster_activity_id_sha256_unique" unique ("activity_id", "sha256");`,
    );

    this.addSql(
      `create table "cpd_rule_set" ("id" uuid not null, "tier_code" varchar(40) not null, "min_structured" numeric(7,2) not null, "carry_over_cap" numeric(7,2) not null, "pro_rate" boolean not null, "category_limits" jsonb not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "cpd_rule_set" add constraint "cpd_rule_set_tier_code_unique" unique ("tier_code");`);

    this.addSql(
      `create table "cpd_settings" ("id" smallint not null, "self_declared_auto_accept" boolean not null, "audit_blocks_renewal" boolean not null, "audit_response_days" int not null, "credits_per_hour" numeric(5,2) not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );

    this.addSql(
      `create table "cpd_record" ("id" uuid not null, "registrant_id" uuid not null, "source" varchar(10) not null, "activity_id" uuid null, "roster_id" uuid null, "title" varchar(300) not null, "provider_name" varchar(300) not null, "category_code" varchar(40) not null, "completed_on" date not null, "hours" numeric(6,2) null, "credits" numeric(6,2) not null, "structured" boolean not null, "reflection" text null, "status" varchar(16) not null, "decision_note" text null, "decided_by" uuid null, "decided_at" timestamptz null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(
      `create index "cpd_record_registrant_id_completed_on_index" on "cpd_record" ("registrant_id", "completed_on");`,
    );
    this.addSql(`create index "cpd_record_status_index" on "cpd_record" ("status");`);
    this.addSql(
      `alter table "cpd_record" add constraint "cpd_record_activity_id_registrant_id_unique" unique ("activity_id", "registrant_id");`,
    );

    this.addSql(
      `create table "cpd_exemption" ("id" uuid not null, "registrant_id" uuid not null, "kind" varchar(20) not null, "starts_on" date not null, "ends_on" date not null, "reason" text not null, "granted_by" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "cpd_exemption_registrant_id_index" on "cpd_exemption" ("registrant_id");`);

    this.addSql(
      `create table "cpd_audit_selection" ("id" uuid not null, "round_id" uuid not null, "registrant_id" uuid not null, "licence_id" uuid not null, "licence_number" varchar(40) not null, "stratum" varchar(400) not null, "targeted" boolean not null, "target_reason" text null, "status" varchar(20) not null, "due_on" date not null, "auto_passed" boolean not null, "response_note" text null, "responded_at" timestamptz null, "outcome_note" text null, "decided_by" uuid null, "decided_at" timestamptz null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(
      `create index "cpd_audit_selection_registrant_id_status_index" on "cpd_audit_selection" ("registrant_id", "status");`,
    );
    this.addSql(
      `alter table "cpd_audit_selection" add constraint "cpd_audit_selection_round_id_registrant_id_unique" unique ("round_id", "registrant_id");`,
    );

    this.addSql(
      `alter table "cpd_activity" add constraint "cpd_activity_provider_id_foreign" foreign key ("provider_id") references "cpd_provider" ("id");`,
    );

    this.addSql(
      `alter table "cpd_provider_account" add constraint "cpd_provider_account_provider_id_foreign" foreign key ("provider_id") references "cpd_provider" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "cpd_provider_account" add constraint "cpd_provider_account_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "cpd_roster" add constraint "cpd_roster_activity_id_foreign" foreign key ("activity_id") references "cpd_activity" ("id");`,
    );

    this.addSql(
      `alter table "cpd_record" add constraint "cpd_record_registrant_id_foreign" foreign key ("registrant_id") references "registrant" ("id");`,
    );
    this.addSql(
      `alter table "cpd_record" add constraint "cpd_record_activity_id_foreign" foreign key ("activity_id") references "cpd_activity" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "cpd_exemption" add constraint "cpd_exemption_registrant_id_foreign" foreign key ("registrant_id") references "registrant" ("id");`,
    );

    this.addSql(
      `alter table "cpd_audit_selection" add constraint "cpd_audit_selection_round_id_foreign" foreign key ("round_id") references "cpd_audit_round" ("id");`,
    );
    this.addSql(
      `alter table "cpd_audit_selection" add constraint "cpd_audit_selection_registrant_id_foreign" foreign key ("registrant_id") references "registrant" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "cpd_audit_selection" drop constraint "cpd_audit_selection_round_id_foreign";`);
    this.addSql(`alter table "cpd_activity" drop constraint "cpd_activity_provider_id_foreign";`);
    this.addSql(`alter table "cpd_provider_account" drop constraint "cpd_provider_account_provider_id_foreign";`);
    this.addSql(`alter table "cpd_roster" drop constraint "cpd_roster_activity_id_foreign";`);
    this.addSql(`alter table "cpd_record" drop constraint "cpd_record_activity_id_foreign";`);

    this.addSql(`drop table if exists "cpd_audit_round" cascade;`);
    this.addSql(`drop table if exists "cpd_provider" cascade;`);
    this.addSql(`drop table if exists "cpd_activity" cascade;`);
    this.addSql(`drop table if exists "cpd_provider_account" cascade;`);
    this.addSql(`drop table if exists "cpd_roster" cascade;`);
    this.addSql(`drop table if exists "cpd_rule_set" cascade;`);
    this.addSql(`drop table if exists "cpd_settings" cascade;`);
    this.addSql(`drop table if exists "cpd_record" cascade;`);
    this.addSql(`drop table if exists "cpd_exemption" cascade;`);
    this.addSql(`drop table if exists "cpd_audit_selection" cascade;`);
  }
}
