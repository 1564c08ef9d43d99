import { Migration } from '@mikro-orm/migrations';

/**
 * Each licence's place in the council's credential status lists (W3C Bitstring Status List):
 * given once, from a sequence, never reused. Kept out of the entity: only the credentials read it.
 */
export class Migration20261203071500_licence_status_index extends Migration {
  override name = 'Migration20261203071500_licence_status_index';

  override up(): void | Promise<void> {
    this.addSql(`create sequence "licence_status_index_seq" minvalue 0 start with 0;`);
    this.addSql(
      `alter table "licence" add "status_index" integer not null default nextval('licence_status_index_seq');`,
    );
    this.addSql(`alter sequence "licence_status_index_seq" owned by "licence"."status_index";`);
    this.addSql(`alter table "licence" add constraint "licence_status_index_unique" unique ("status_index");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "licence" drop column "status_index";`);
  }
}
