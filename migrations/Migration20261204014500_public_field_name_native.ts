import { Migration } from '@mikro-orm/migrations';

/**
 * The public register's optional name field is called `nameNative`, as everywhere else in the API
 * (it was `nativeName`): a council that chose it keeps it under the new name.
 */
export class Migration20261204014500_public_field_name_native extends Migration {
  override name = 'Migration20261204014500_public_field_name_native';

  override up(): void | Promise<void> {
    this.addSql(`
      update "council"
         set "settings" = jsonb_set("settings", '{publicRegisterFields}',
               (select coalesce(jsonb_agg(case when f = 'nativeName' then 'nameNative' else f end), '[]'::jsonb)
                  from jsonb_array_elements_text("settings" -> 'publicRegisterFields') as f))
       where jsonb_typeof("settings" -> 'publicRegisterFields') = 'array'
         and "settings" -> 'publicRegisterFields' @> '["nativeName"]'::jsonb;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`
      update "council"
         set "settings" = jsonb_set("settings", '{publicRegisterFields}',
               (select coalesce(jsonb_agg(case when f = 'nameNative' then 'nativeName' else f end), '[]'::jsonb)
                  from jsonb_array_elements_text("settings" -> 'publicRegisterFields') as f))
       where jsonb_typeof("settings" -> 'publicRegisterFields') = 'array'
         and "settings" -> 'publicRegisterFields' @> '["nameNative"]'::jsonb;`);
  }
}
