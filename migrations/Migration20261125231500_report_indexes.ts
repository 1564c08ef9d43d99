import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the workforce reports at a million licences (on the licences' and CPD's tables; the
 * reports only read them):
 * - licence_status_since_idx: the licences whose current status starts after an as-of date, the
 *   only ones reconstructed from their history;
 * - licence_event_recorded_idx: a licence's events in the order recorded, with what the as-of rule
 *   reads, so the reconstruction is an index-only scan;
 * - cpd_record_accepted_idx: accepted CPD records in person order, for engagement per cycle.
 */
export class Migration20261125231500_report_indexes extends Migration {
  override name = 'Migration20261125231500_report_indexes';

  override up(): void | Promise<void> {
    this.addSql(`create index "licence_status_since_idx" on "licence" ("status_since");`);
    this.addSql(
      `create index "licence_event_recorded_idx" on "licence_event" ("licence_id", "created_at" desc, "id" desc) include ("effective_date", "to_status");`,
    );
    this.addSql(
      `create index "cpd_record_accepted_idx" on "cpd_record" ("registrant_id", "completed_on") where "status" = 'accepted';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "cpd_record_accepted_idx";`);
    this.addSql(`drop index "licence_event_recorded_idx";`);
    this.addSql(`drop index "licence_status_since_idx";`);
  }
}
