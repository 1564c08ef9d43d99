import { Migration } from '@mikro-orm/migrations';

/**
 * Used complaint form tokens (their SHA-256), so a token opens one case across instances; rows past
 * expires_at are removed by the hourly public clean-up job.
 */
export class Migration20261202161110_complaint_form_token extends Migration {
  override name = 'Migration20261202161110_complaint_form_token';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "complaint_form_token" ("token_hash" varchar(64) not null, "expires_at" timestamptz not null, primary key ("token_hash"));`,
    );
    this.addSql(`create index "complaint_form_token_expires_at_index" on "complaint_form_token" ("expires_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "complaint_form_token" cascade;`);
  }
}
