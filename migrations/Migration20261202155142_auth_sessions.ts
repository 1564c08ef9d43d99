import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in sessions. Access tokens name their session (`sid`); ending a session tells every instance
 * at once through NOTIFY auth_session_revoked, and a change to an account's roles or status ends all
 * of its sessions in the same transaction, whoever makes it.
 *
 * Sessions that exist at upgrade time carry no proof of a second factor, so they are ended: staff
 * sign in again with MFA, and every access token issued before has no session and is refused.
 */
export class Migration20261202155142_auth_sessions extends Migration {
  override name = 'Migration20261202155142_auth_sessions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "auth_session" ("id" uuid not null, "account_id" uuid not null, "mfa_method" varchar(16) null, "created_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" varchar(40) null, "ip" varchar(64) null, "user_agent" varchar(300) null, primary key ("id"));`,
    );
    this.addSql(`create index "auth_session_account_id_index" on "auth_session" ("account_id");`);
    this.addSql(
      `alter table "auth_session" add constraint "auth_session_account_id_foreign" foreign key ("account_id") references "account" ("id") on delete cascade;`,
    );

    this.addSql(`update "refresh_token" set "revoked_at" = now() where "revoked_at" is null;`);

    this.addSql(`create function auth_session_revoked_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('auth_session_revoked', new.id::text);
  return null;
end $$;`);
    this.addSql(`create trigger auth_session_revoked after update of revoked_at on auth_session
  for each row when (old.revoked_at is null and new.revoked_at is not null)
  execute function auth_session_revoked_notify();`);

    this.addSql(`create function account_access_changed() returns trigger language plpgsql as $$
begin
  update auth_session
     set revoked_at = now(),
         revoked_reason = case when old.status is distinct from new.status then 'account-' || new.status else 'roles-changed' end
   where account_id = new.id and revoked_at is null;
  update refresh_token set revoked_at = now() where account_id = new.id and revoked_at is null;
  return null;
end $$;`);
    this.addSql(`create trigger account_access_changed after update of roles, status on account
  for each row when (old.roles is distinct from new.roles or old.status is distinct from new.status)
  execute function account_access_changed();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists account_access_changed on account;`);
    this.addSql(`drop function if exists account_access_changed();`);
    this.addSql(`drop table if exists "auth_session" cascade;`);
    this.addSql(`drop function if exists auth_session_revoked_notify();`);
  }
}
