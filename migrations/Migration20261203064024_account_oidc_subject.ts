import { Migration } from '@mikro-orm/migrations';

export class Migration20261203064024_account_oidc_subject extends Migration {
  override name = 'Migration20261203064024_account_oidc_subject';

  override up(): void | Promise<void> {
    this.addSql(`alter table "account" add "oidc_subject" varchar(500) null;`);
    this.addSql(`alter table "account" add constraint "account_oidc_subject_unique" unique ("oidc_subject");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "account" drop constraint "account_oidc_subject_unique";`);
    this.addSql(`alter table "account" drop column "oidc_subject";`);
  }
}
