import { Migration } from '@mikro-orm/migrations';

export class Migration20261122150825_licensing extends Migration {
  override name = 'Migration20261122150825_licensing';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "licence_number_counter" ("scope" varchar(20) not null, "last" int not null, primary key ("scope"));`,
    );

    this.addSql(
      `create table "registrant" ("id" uuid not null, "account_id" uuid null, "full_name" varchar(300) not null, "full_name_native" varchar(300) null, "search_name" varchar(600) not null, "date_of_birth" date not null, "sex" varchar(12) not null, "nationality" varchar(2) not null, "national_id_sealed" text not null, "national_id_hash" varchar(64) not null, "national_id_last4" varchar(4) not null, "email" varchar(254) null, "phone" varchar(40) null, "address" text null, "region" varchar(120) not null, "employer" varchar(300) null, "sector" varchar(20) not null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "registrant" add constraint "registrant_account_id_unique" unique ("account_id");`);
    this.addSql(`create index "registrant_search_name_index" on "registrant" ("search_name");`);
    this.addSql(
      `alter table "registrant" add constraint "registrant_nationality_national_id_hash_unique" unique ("nationality", "national_id_hash");`,
    );

    this.addSql(
      `create table "qualification" ("id" uuid not null, "registrant_id" uuid not null, "programme_id" uuid null, "student_id" varchar(60) null, "foreign" boolean not null, "awarding_institution" varchar(300) not null, "country" varchar(2) not null, "level" varchar(20) not null, "title" varchar(300) not null, "awarded_on" date not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "qualification_registrant_id_index" on "qualification" ("registrant_id");`);

    this.addSql(
      `create table "licence_application" ("id" uuid not null, "registrant_id" uuid not null, "type" varchar(20) not null, "tier_code" varchar(40) not null, "status" varchar(24) not null, "declarations" jsonb not null, "information_request" text null, "applicant_note" text null, "decision_reason" text null, "first_approval_by" uuid null, "first_approval_at" timestamptz null, "decided_by" uuid null, "decided_at" timestamptz null, "licence_id" uuid null, "created_at" timestamptz not null, "submitted_at" timestamptz null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "licence_application_registrant_id_index" on "licence_application" ("registrant_id");`);
    this.addSql(`create index "licence_application_status_index" on "licence_application" ("status");`);

    this.addSql(
      `create table "licence" ("id" uuid not null, "number" varchar(40) not null, "registrant_id" uuid not null, "tier_code" varchar(40) not null, "tier_name" jsonb not null, "protected_title" jsonb not null, "status" varchar(12) not null, "status_since" date not null, "valid_until" date not null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "licence" add constraint "licence_number_unique" unique ("number");`);
    this.addSql(`create index "licence_registrant_id_index" on "licence" ("registrant_id");`);
    this.addSql(`create index "licence_status_index" on "licence" ("status");`);

    this.addSql(
      `create table "licence_period" ("id" uuid not null, "licence_id" uuid not null, "valid_from" date not null, "valid_until" date not null, "kind" varchar(12) not null, "application_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "licence_period_licence_id_index" on "licence_period" ("licence_id");`);
    this.addSql(
      `alter table "licence_period" add constraint "licence_period_licence_id_valid_from_unique" unique ("licence_id", "valid_from");`,
    );

    this.addSql(
      `create table "licence_event" ("id" uuid not null, "licence_id" uuid not null, "from_status" varchar(12) not null, "to_status" varchar(12) not null, "effective_date" date not null, "reason" text not null, "legal_basis" text null, "actor_id" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "licence_event_licence_id_index" on "licence_event" ("licence_id");`);

    this.addSql(
      `create table "licence_condition" ("id" uuid not null, "licence_id" uuid not null, "text" text not null, "starts_on" date not null, "ends_on" date null, "public" boolean not null, "created_by" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "licence_condition_licence_id_index" on "licence_condition" ("licence_id");`);

    this.addSql(
      `create table "identity_change" ("id" uuid not null, "registrant_id" uuid not null, "field" varchar(20) not null, "new_value_sealed" text not null, "reason" text not null, "status" varchar(10) not null, "requested_by" uuid not null, "decided_by" uuid null, "decision_note" text null, "created_at" timestamptz not null, "decided_at" timestamptz null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "identity_change_registrant_id_index" on "identity_change" ("registrant_id");`);

    this.addSql(
      `create table "exam_result" ("id" uuid not null, "registrant_id" uuid not null, "exam_code" varchar(40) not null, "taken_on" date not null, "passed" boolean not null, "score" int null, "recorded_by" uuid null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "exam_result_registrant_id_index" on "exam_result" ("registrant_id");`);
    this.addSql(
      `alter table "exam_result" add constraint "exam_result_registrant_id_exam_code_taken_on_unique" unique ("registrant_id", "exam_code", "taken_on");`,
    );

    this.addSql(
      `create table "supervision_entry" ("id" uuid not null, "supervisee_id" uuid not null, "supervisor_id" uuid not null, "supervisor_licence_id" uuid not null, "period_start" date not null, "period_end" date not null, "hours" numeric(7,2) not null, "description" text not null, "status" varchar(10) not null, "dispute_reason" text null, "decided_at" timestamptz null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "supervision_entry_supervisee_id_index" on "supervision_entry" ("supervisee_id");`);
    this.addSql(`create index "supervision_entry_supervisor_id_index" on "supervision_entry" ("supervisor_id");`);

    this.addSql(
      `alter table "registrant" add constraint "registrant_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "qualification" add constraint "qualification_registrant_id_foreign" foreign key ("registrant_id") references "registrant" ("id");`,
    );
    this.addSql(
      `alter table "qualification" add constraint "qualification_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "licence_application" add constraint "licence_application_registrant_id_foreign" foreign key ("registrant_id") references "registrant" ("id");`,
    );

    this.addSql(
      `alter table "licence" add constraint "licence_registrant_id_foreign" foreign key ("registrant_id") references "registrant" ("id");`,
    );

    this.addSql(
      `alter table "licence_period" add constraint "licence_period_licence_id_foreign" foreign key ("licence_id") references "licence" ("id");`,
    );

    this.addSql(
      `alter table "licence_event" add constraint "licence_event_licence_id_foreign" foreign key ("licence_id") references "licence" ("id");`,
    );

    this.addSql(
      `alter table "licence_condition" add constraint "licence_condition_licence_id_foreign" foreign key ("licence_id") references "licence" ("id");`,
    );

    this.addSql(
      `alter table "identity_change" add constraint "identity_change_registrant_id_foreign" foreign key ("registrant_id") references "registrant" ("id");`,
    );

    this.addSql(
      `alter table "exam_result" add constraint "exam_result_registrant_id_foreign" foreign key ("registrant_id") references "registrant" ("id");`,
    );

    this.addSql(
      `alter table "supervision_entry" add constraint "supervision_entry_supervisee_id_foreign" foreign key ("supervisee_id") references "registrant" ("id");`,
    );
    this.addSql(
      `alter table "supervision_entry" add constraint "supervision_entry_supervisor_id_foreign" foreign key ("supervisor_id") references "registrant" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "qualification" drop constraint "qualification_registrant_id_foreign";`);
    this.addSql(`alter table "licence_application" drop constraint "licence_application_registrant_id_foreign";`);
    this.addSql(`alter table "licence" drop constraint "licence_registrant_id_foreign";`);
    this.addSql(`alter table "identity_change" drop constraint "identity_change_registrant_id_foreign";`);
    this.addSql(`alter table "exam_result" drop constraint "exam_result_registrant_id_foreign";`);
    this.addSql(`alter table "supervision_entry" drop constraint "supervision_entry_supervisee_id_foreign";`);
    this.addSql(`alter table "supervision_entry" drop constraint "supervision_entry_supervisor_id_foreign";`);
    this.addSql(`alter table "licence_period" drop constraint "licence_period_licence_id_foreign";`);
    this.addSql(`alter table "licence_event" drop constraint "licence_event_licence_id_foreign";`);
    this.addSql(`alter table "licence_condition" drop constraint "licence_condition_licence_id_foreign";`);

    this.addSql(`drop table if exists "licence_number_counter" cascade;`);
    this.addSql(`drop table if exists "registrant" cascade;`);
    this.addSql(`drop table if exists "qualification" cascade;`);
    this.addSql(`drop table if exists "licence_application" cascade;`);
    this.addSql(`drop table if exists "licence" cascade;`);
    this.addSql(`drop table if exists "licence_period" cascade;`);
    this.addSql(`drop table if exists "licence_event" cascade;`);
    this.addSql(`drop table if exists "licence_condition" cascade;`);
    this.addSql(`drop table if exists "identity_change" cascade;`);
    this.addSql(`drop table if exists "exam_result" cascade;`);
    this.addSql(`drop table if exists "supervision_entry" cascade;`);
  }
}
