import { Migration } from '@mikro-orm/migrations';

export class Migration20261202195734_webhook_secret_rotation extends Migration {
  override name = 'Migration20261202195734_webhook_secret_rotation';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table "employer_organisation" add "webhook_previous_secret_sealed" text null, add "webhook_previous_secret_until" timestamptz null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      `alter table "employer_organisation" drop column "webhook_previous_secret_sealed", drop column "webhook_previous_secret_until";`,
    );
  }
}
