import { Migration } from '@mikro-orm/migrations';

export class Migration20261202155622_password_reset_requests extends Migration {
  override name = 'Migration20261202155622_password_reset_requests';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "password_reset_request" ("id" uuid not null, "email" varchar(254) not null, "ip" varchar(64) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "password_reset_request_created_at_index" on "password_reset_request" ("created_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "password_reset_request" cascade;`);
  }
}
