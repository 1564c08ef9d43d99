import { Migration } from '@mikro-orm/migrations';

export class Migration20261122183848_renewal_application extends Migration {
  override name = 'Migration20261122183848_renewal_application';

  override up(): void | Promise<void> {
    this.addSql(`alter table "licence_application" add "late_fee" numeric(10,2) null;`);
    this.addSql(`create index "licence_application_licence_id_index" on "licence_application" ("licence_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "licence_application_licence_id_index";`);
    this.addSql(`alter table "licence_application" drop column "late_fee";`);
  }
}
