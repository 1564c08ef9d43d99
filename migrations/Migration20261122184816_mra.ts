import { Migration } from '@mikro-orm/migrations';

export class Migration20261122184816_mra extends Migration {
  override name = 'Migration20261122184816_mra';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "mra_peer" ("id" uuid not null, "kind" varchar(40) not null default 'council-registry', "country" varchar(2) not null, "name" varchar(200) not null, "issuer" varchar(300) not null, "base_url" varchar(300) not null, "pinned_jwks" jsonb null, "cached_jwks" jsonb null, "jwks_fetched_at" timestamptz null, "active" boolean not null default true, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`alter table "mra_peer" add constraint "mra_peer_issuer_unique" unique ("issuer");`);

    this.addSql(
      `create table "mra_lookup" ("id" uuid not null, "peer_id" uuid not null, "subject" varchar(12) not null, "question" jsonb not null, "purpose" varchar(300) not null, "outcome" varchar(12) not null, "detail" text null, "attestation" text null, "answer" jsonb null, "application_id" uuid null, "requested_by" uuid not null, "duration_ms" int not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "mra_lookup_peer_id_index" on "mra_lookup" ("peer_id");`);
    this.addSql(`create index "mra_lookup_application_id_index" on "mra_lookup" ("application_id");`);
    this.addSql(`create index "mra_lookup_created_at_index" on "mra_lookup" ("created_at");`);

    this.addSql(
      `create table "mra_seen_request" ("jti" varchar(100) not null, "issuer" varchar(300) not null, "expires_at" timestamptz not null, primary key ("jti"));`,
    );
    this.addSql(`create index "mra_seen_request_expires_at_index" on "mra_seen_request" ("expires_at");`);

    this.addSql(
      `alter table "mra_lookup" add constraint "mra_lookup_peer_id_foreign" foreign key ("peer_id") references "mra_peer" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "mra_lookup" drop constraint "mra_lookup_peer_id_foreign";`);

    this.addSql(`drop table if exists "mra_peer" cascade;`);
    this.addSql(`drop table if exists "mra_lookup" cascade;`);
    this.addSql(`drop table if exists "mra_seen_request" cascade;`);
  }
}
