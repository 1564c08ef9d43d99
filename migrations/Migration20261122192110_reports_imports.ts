import { Migration } from '@mikro-orm/migrations';

export class Migration20261122192110_reports_imports extends Migration {
  override name = 'Migration20261122192110_reports_imports';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "import_job" ("id" uuid not null, "filename" varchar(255) not null, "file_sha256" varchar(64) not null, "encoding" varchar(20) not null, "data" bytea not null, "status" varchar(12) not null, "total" int not null, "processed" int not null, "dry_run" jsonb not null, "result" jsonb null, "errors" jsonb not null, "failure" text null, "created_by" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "committed_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "import_job_file_sha256_index" on "import_job" ("file_sha256");`);
    this.addSql(`create index "import_job_created_at_index" on "import_job" ("created_at");`);

    this.addSql(
      `create table "population_figure" ("id" uuid not null, "region" varchar(120) not null, "year" int not null, "population" bigint not null, "source" varchar(300) null, "updated_by" uuid null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "population_figure" add constraint "population_figure_region_year_unique" unique ("region", "year");`,
    );

    this.addSql(
      `create index "licence_event_as_of_idx" on "licence_event" ("licence_id", "effective_date" desc, "created_at" desc, "id" desc) include ("to_status");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "import_job" cascade;`);
    this.addSql(`drop table if exists "population_figure" cascade;`);

    this.addSql(`drop index "licence_event_as_of_idx";`);
  }
}
