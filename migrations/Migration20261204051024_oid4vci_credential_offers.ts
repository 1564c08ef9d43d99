import { Migration } from '@mikro-orm/migrations';

/**
 * Wallet issuance (OpenID4VCI, pre-authorised code): one-time credential offers, kept as hashes of
 * their code, PIN and access token, and the c_nonces handed to wallets for their key proofs.
 */
export class Migration20261204051024_oid4vci_credential_offers extends Migration {
  override name = 'Migration20261204051024_oid4vci_credential_offers';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "credential_nonce" ("nonce" varchar(64) not null, "expires_at" timestamptz not null, primary key ("nonce"));`,
    );
    this.addSql(`create index "credential_nonce_expires_at_index" on "credential_nonce" ("expires_at");`);

    this.addSql(
      `create table "credential_offer" ("id" uuid not null, "licence_id" uuid not null, "code_hash" varchar(64) not null, "tx_code_hash" varchar(64) not null, "failed_tx_codes" int not null default 0, "expires_at" timestamptz not null, "access_token_hash" varchar(64) null, "token_expires_at" timestamptz null, "issued_at" timestamptz null, "created_by" uuid not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "credential_offer_licence_id_index" on "credential_offer" ("licence_id");`);
    this.addSql(
      `alter table "credential_offer" add constraint "credential_offer_code_hash_unique" unique ("code_hash");`,
    );
    this.addSql(
      `alter table "credential_offer" add constraint "credential_offer_access_token_hash_unique" unique ("access_token_hash");`,
    );

    this.addSql(
      `alter table "credential_offer" add constraint "credential_offer_licence_id_foreign" foreign key ("licence_id") references "licence" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "credential_nonce" cascade;`);
    this.addSql(`drop table if exists "credential_offer" cascade;`);
  }
}
