import { Migration } from '@mikro-orm/migrations';

export class Migration20261122153540_renewals extends Migration {
  override name = 'Migration20261122153540_renewals';

  override up(): void | Promise<void> {
    this.addSql(`alter table "outbox_message" add "vars" jsonb null;`);
    this.addSql(`alter table "outbox_message" alter column "html_body" drop not null;`);
    this.addSql(`alter table "outbox_message" alter column "subject" drop not null;`);
    this.addSql(`alter table "outbox_message" alter column "text_body" drop not null;`);

    this.addSql(`drop index "licence_status_index";`);
    this.addSql(`create index "licence_status_valid_until_index" on "licence" ("status", "valid_until");`);

    this.addSql(
      `alter table "tier" add "renewal" jsonb not null default '{"windowDays":90,"reminderDays":[90,60,30,7,1,0],"graceDays":30,"practiseInGrace":true,"lateFee":0}'::jsonb;`,
    );
    this.addSql(`alter table "tier" alter column "renewal" drop default;`);
    this.addSql(
      `alter table "outbox_message" add constraint "outbox_message_rendered_or_vars" check ("subject" is not null or "vars" is not null);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "licence_status_valid_until_index";`);
    this.addSql(`create index "licence_status_index" on "licence" ("status");`);

    this.addSql(`alter table "outbox_message" drop constraint if exists "outbox_message_rendered_or_vars";`);
    this.addSql(`alter table "outbox_message" drop column "vars";`);
    this.addSql(`alter table "outbox_message" alter column "subject" set not null;`);
    this.addSql(`alter table "outbox_message" alter column "text_body" set not null;`);
    this.addSql(`alter table "outbox_message" alter column "html_body" set not null;`);

    this.addSql(`alter table "tier" drop column "renewal";`);
  }
}
