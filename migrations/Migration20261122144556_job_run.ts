import { Migration } from '@mikro-orm/migrations';

export class Migration20261122144556_job_run extends Migration {
  override name = 'Migration20261122144556_job_run';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "job_run" ("job" varchar(60) not null, "slot" timestamptz not null, "instance" varchar(120) not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "outcome" varchar(16) not null, "counts" jsonb null, "error" text null, primary key ("job", "slot"));`,
    );
    this.addSql(`create index "job_run_started_at_index" on "job_run" ("started_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "job_run" cascade;`);
  }
}
