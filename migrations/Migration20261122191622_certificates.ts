import { Migration } from '@mikro-orm/migrations';

export class Migration20261122191622_certificates extends Migration {
  override name = 'Migration20261122191622_certificates';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "certificate_issuance" ("id" uuid not null, "licence_id" uuid not null, "kind" varchar(12) not null, "sequence" int not null, "issued_at" timestamptz not null, "issued_by" uuid null, "reissue_reason" text null, "kid" varchar(80) not null, "payload_hash" varchar(64) not null, "token" text not null, primary key ("id"));`,
    );
    this.addSql(`create index "certificate_issuance_licence_id_index" on "certificate_issuance" ("licence_id");`);
    this.addSql(`create index "certificate_issuance_payload_hash_index" on "certificate_issuance" ("payload_hash");`);
    this.addSql(
      `alter table "certificate_issuance" add constraint "certificate_issuance_licence_id_kind_sequence_unique" unique ("licence_id", "kind", "sequence");`,
    );

    this.addSql(
      `alter table "certificate_issuance" add constraint "certificate_issuance_licence_id_foreign" foreign key ("licence_id") references "licence" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "certificate_issuance" cascade;`);
  }
}
