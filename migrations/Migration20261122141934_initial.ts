import { Migration } from '@mikro-orm/migrations';

export class Migration20261122141934_initial extends Migration {
  override name = 'Migration20261122141934_initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "account" ("id" uuid not null, "email" varchar(254) not null, "display_name" varchar(200) not null, "password_hash" varchar(200) null, "roles" text[] not null, "status" varchar(16) not null default 'active', "locale" varchar(10) not null default 'en', "mfa_secret_sealed" text null, "mfa_enabled_at" timestamptz null, "mfa_last_step" bigint null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "account" add constraint "account_email_unique" unique ("email");`);

    this.addSql(
      `create table "audit_chain_head" ("id" smallint not null, "seq" bigint not null, "hash" varchar(64) not null, primary key ("id"));`,
    );

    this.addSql(
      `create table "audit_event" ("seq" bigint not null, "occurred_at" timestamptz not null, "actor_id" uuid null, "actor_label" varchar(254) not null, "action" varchar(100) not null, "entity_type" varchar(60) not null, "entity_id" varchar(100) null, "before" jsonb null, "after" jsonb null, "request_id" varchar(64) null, "prev_hash" varchar(64) not null, "hash" varchar(64) not null, primary key ("seq"));`,
    );
    this.addSql(
      `create index "audit_event_entity_type_entity_id_index" on "audit_event" ("entity_type", "entity_id");`,
    );
    this.addSql(`create index "audit_event_occurred_at_index" on "audit_event" ("occurred_at");`);

    this.addSql(
      `create table "council" ("id" smallint not null, "code" varchar(8) not null, "name" varchar(200) not null, "name_native" varchar(200) null, "country" varchar(2) not null, "domain" varchar(200) not null, "default_locale" varchar(10) not null, "locales" text[] not null, "settings" jsonb not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );

    this.addSql(
      `create table "cpd_category" ("id" uuid not null, "code" varchar(40) not null, "name" jsonb not null, "min_credits" int not null default 0, "max_credits" int null, "structured" boolean not null default true, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "cpd_category" add constraint "cpd_category_code_unique" unique ("code");`);

    this.addSql(
      `create table "outbox_message" ("id" uuid not null, "idempotency_key" varchar(200) not null, "template" varchar(80) not null, "locale" varchar(10) not null, "to_address" varchar(254) not null, "subject" varchar(300) not null, "text_body" text not null, "html_body" text not null, "status" varchar(16) not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "outbox_message" add constraint "outbox_message_idempotency_key_unique" unique ("idempotency_key");`,
    );
    this.addSql(
      `create index "outbox_message_status_next_attempt_at_index" on "outbox_message" ("status", "next_attempt_at");`,
    );

    this.addSql(
      `create table "password_reset" ("token_hash" varchar(64) not null, "account_id" uuid not null, "purpose" varchar(16) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("token_hash"));`,
    );
    this.addSql(`create index "password_reset_account_id_index" on "password_reset" ("account_id");`);

    this.addSql(
      `create table "rate_limit_bucket" ("key" varchar(200) not null, "window_start" timestamptz not null, "hits" int not null, primary key ("key"));`,
    );

    this.addSql(
      `create table "mfa_recovery_code" ("code_hash" varchar(64) not null, "account_id" uuid not null, "created_at" timestamptz not null, "used_at" timestamptz null, primary key ("code_hash"));`,
    );
    this.addSql(`create index "mfa_recovery_code_account_id_index" on "mfa_recovery_code" ("account_id");`);

    this.addSql(
      `create table "refresh_token" ("token_hash" varchar(64) not null, "family_id" uuid not null, "account_id" uuid not null, "issued_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, "user_agent" varchar(300) null, primary key ("token_hash"));`,
    );
    this.addSql(`create index "refresh_token_family_id_index" on "refresh_token" ("family_id");`);
    this.addSql(`create index "refresh_token_account_id_index" on "refresh_token" ("account_id");`);

    this.addSql(
      `create table "signing_key" ("kid" varchar(64) not null, "purpose" varchar(16) not null, "generation" int not null, "public_jwk" jsonb not null, "private_key_sealed" text not null, "created_at" timestamptz not null, "retired_at" timestamptz null, primary key ("kid"));`,
    );
    this.addSql(
      `alter table "signing_key" add constraint "signing_key_purpose_generation_unique" unique ("purpose", "generation");`,
    );

    this.addSql(
      `create table "tier" ("id" uuid not null, "code" varchar(40) not null, "name" jsonb not null, "rank" int not null, "protected_title" jsonb not null, "requirements" jsonb not null, "validity_months" int not null, "cpd_credits_per_cycle" int not null, "can_supervise" boolean not null default false, "four_eyes_approval" boolean not null default false, "active" boolean not null default true, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "tier" add constraint "tier_code_unique" unique ("code");`);

    this.addSql(
      `alter table "password_reset" add constraint "password_reset_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "mfa_recovery_code" add constraint "mfa_recovery_code_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "refresh_token" add constraint "refresh_token_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "password_reset" drop constraint "password_reset_account_id_foreign";`);
    this.addSql(`alter table "mfa_recovery_code" drop constraint "mfa_recovery_code_account_id_foreign";`);
    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_account_id_foreign";`);

    this.addSql(`drop table if exists "account" cascade;`);
    this.addSql(`drop table if exists "audit_chain_head" cascade;`);
    this.addSql(`drop table if exists "audit_event" cascade;`);
    this.addSql(`drop table if exists "council" cascade;`);
    this.addSql(`drop table if exists "cpd_category" cascade;`);
    this.addSql(`drop table if exists "outbox_message" cascade;`);
    this.addSql(`drop table if exists "password_reset" cascade;`);
    this.addSql(`drop table if exists "rate_limit_bucket" cascade;`);
    this.addSql(`drop table if exists "mfa_recovery_code" cascade;`);
    this.addSql(`drop table if exists "refresh_token" cascade;`);
    this.addSql(`drop table if exists "signing_key" cascade;`);
    this.addSql(`drop table if exists "tier" cascade;`);
  }
}
