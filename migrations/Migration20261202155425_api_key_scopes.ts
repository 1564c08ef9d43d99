import { Migration } from '@mikro-orm/migrations';

/**
 * API key scopes. Keys made before scopes existed keep what integrations used them for — verifying
 * licences and keeping a watchlist — and lose managing webhooks and keys, which now takes a
 * signed-in person or a key made with that scope.
 */
export class Migration20261202155425_api_key_scopes extends Migration {
  override name = 'Migration20261202155425_api_key_scopes';

  override up(): void | Promise<void> {
    this.addSql(`alter table "employer_api_key" add "scopes" text[] not null default '{verify,watchlist}';`);
    this.addSql(`alter table "employer_api_key" alter column "scopes" drop default;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "employer_api_key" drop column "scopes";`);
  }
}
