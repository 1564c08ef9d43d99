import { Migration } from '@mikro-orm/migrations';

export class Migration20261122144809_accreditation extends Migration {
  override name = 'Migration20261122144809_accreditation';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "document" ("id" uuid not null, "owner_type" varchar(60) not null, "owner_id" uuid not null, "purpose" varchar(60) not null, "filename" varchar(255) not null, "content_type" varchar(100) not null, "size_bytes" int not null, "sha256" varchar(64) not null, "data" bytea not null, "uploaded_by" uuid null, "uploaded_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "document_owner_type_owner_id_index" on "document" ("owner_type", "owner_id");`);

    this.addSql(
      `create table "institution" ("id" uuid not null, "name" varchar(300) not null, "name_native" varchar(300) null, "kind" varchar(30) not null, "country" varchar(2) not null, "region" varchar(120) not null, "contact_email" varchar(254) null, "contact_phone" varchar(40) null, "address" text null, "website" varchar(300) null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );

    this.addSql(
      `create table "graduate_upload" ("id" uuid not null, "institution_id" uuid not null, "filename" varchar(255) not null, "sha256" varchar(64) not null, "status" varchar(12) not null, "row_count" int not null, "valid_count" int not null, "errors" jsonb not null, "valid_rows" jsonb not null, "uploaded_by" uuid null, "created_at" timestamptz not null, "accepted_at" timestamptz null, "accepted_by" uuid null, "imported_count" int null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "graduate_upload" add constraint "graduate_upload_institution_id_sha256_unique" unique ("institution_id", "sha256");`,
    );

    this.addSql(
      `create table "institution_admin" ("institution_id" uuid not null, "account_id" uuid not null, "created_at" timestamptz not null, primary key ("institution_id", "account_id"));`,
    );

    this.addSql(
      `create table "programme" ("id" uuid not null, "institution_id" uuid not null, "name" varchar(300) not null, "name_native" varchar(300) null, "level" varchar(20) not null, "duration_months" int not null, "credits" int not null, "field_placement_hours" int not null, "delivery_mode" varchar(20) not null, "active" boolean not null default true, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "programme_institution_id_index" on "programme" ("institution_id");`);

    this.addSql(
      `create table "graduate" ("id" uuid not null, "programme_id" uuid not null, "student_id" varchar(60) not null, "full_name" varchar(300) not null, "date_of_birth" date not null, "graduation_date" date not null, "upload_id" uuid not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "graduate" add constraint "graduate_programme_id_student_id_unique" unique ("programme_id", "student_id");`,
    );

    this.addSql(
      `create table "accreditation_application" ("id" uuid not null, "programme_id" uuid not null, "status" varchar(20) not null, "self_study_summary" text not null, "reviewer_ids" text[] not null, "site_visit_date" date null, "site_visit_findings" text null, "outcome" varchar(30) null, "decision_reason" text null, "decided_at" timestamptz null, "decided_by" uuid null, "accreditation_id" uuid null, "created_by" uuid null, "created_at" timestamptz not null, "submitted_at" timestamptz null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(
      `create index "accreditation_application_programme_id_index" on "accreditation_application" ("programme_id");`,
    );
    this.addSql(`create index "accreditation_application_status_index" on "accreditation_application" ("status");`);

    this.addSql(
      `create table "accreditation" ("id" uuid not null, "programme_id" uuid not null, "application_id" uuid not null, "outcome" varchar(30) not null, "status" varchar(20) not null, "valid_from" date not null, "valid_until" date not null, "withdrawn_from" date null, "withdrawal_reason" text null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "accreditation_programme_id_index" on "accreditation" ("programme_id");`);
    this.addSql(`create index "accreditation_status_valid_until_index" on "accreditation" ("status", "valid_until");`);

    this.addSql(
      `create table "accreditation_condition" ("id" uuid not null, "accreditation_id" uuid not null, "text" text not null, "due_date" date not null, "status" varchar(10) not null, "resolved_at" timestamptz null, "note" text null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(
      `create index "accreditation_condition_accreditation_id_index" on "accreditation_condition" ("accreditation_id");`,
    );

    this.addSql(
      `alter table "graduate_upload" add constraint "graduate_upload_institution_id_foreign" foreign key ("institution_id") references "institution" ("id");`,
    );

    this.addSql(
      `alter table "institution_admin" add constraint "institution_admin_institution_id_foreign" foreign key ("institution_id") references "institution" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "institution_admin" add constraint "institution_admin_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "programme" add constraint "programme_institution_id_foreign" foreign key ("institution_id") references "institution" ("id");`,
    );

    this.addSql(
      `alter table "graduate" add constraint "graduate_programme_id_foreign" foreign key ("programme_id") references "programme" ("id");`,
    );
    this.addSql(
      `alter table "graduate" add constraint "graduate_upload_id_foreign" foreign key ("upload_id") references "graduate_upload" ("id");`,
    );

    this.addSql(
      `alter table "accreditation_application" add constraint "accreditation_application_programme_id_foreign" foreign key ("programme_id") references "programme" ("id");`,
    );

    this.addSql(
      `alter table "accreditation" add constraint "accreditation_programme_id_foreign" foreign key ("programme_id") references "programme" ("id");`,
    );
    this.addSql(
      `alter table "accreditation" add constraint "accreditation_application_id_foreign" foreign key ("application_id") references "accreditation_application" ("id");`,
    );

    this.addSql(
      `alter table "accreditation_condition" add constraint "accreditation_condition_accreditation_id_foreign" foreign key ("accreditation_id") references "accreditation" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "graduate_upload" drop constraint "graduate_upload_institution_id_foreign";`);
    this.addSql(`alter table "institution_admin" drop constraint "institution_admin_institution_id_foreign";`);
    this.addSql(`alter table "programme" drop constraint "programme_institution_id_foreign";`);
    this.addSql(`alter table "graduate" drop constraint "graduate_upload_id_foreign";`);
    this.addSql(`alter table "graduate" drop constraint "graduate_programme_id_foreign";`);
    this.addSql(
      `alter table "accreditation_application" drop constraint "accreditation_application_programme_id_foreign";`,
    );
    this.addSql(`alter table "accreditation" drop constraint "accreditation_programme_id_foreign";`);
    this.addSql(`alter table "accreditation" drop constraint "accreditation_application_id_foreign";`);
    this.addSql(
      `alter table "accreditation_condition" drop constraint "accreditation_condition_accreditation_id_foreign";`,
    );

    this.addSql(`drop table if exists "document" cascade;`);
    this.addSql(`drop table if exists "institution" cascade;`);
    this.addSql(`drop table if exists "graduate_upload" cascade;`);
    this.addSql(`drop table if exists "institution_admin" cascade;`);
    this.addSql(`drop table if exists "programme" cascade;`);
    this.addSql(`drop table if exists "graduate" cascade;`);
    this.addSql(`drop table if exists "accreditation_application" cascade;`);
    this.addSql(`drop table if exists "accreditation" cascade;`);
    this.addSql(`drop table if exists "accreditation_condition" cascade;`);
  }
}
