import { Migration } from '@mikro-orm/migrations';

/**
 * Makes audit_event append-only and hash-chained:
 * - audit_digest(row) is the one definition of a row's hash (used by the insert trigger and by
 *   `npm run audit:verify`);
 * - the insert trigger takes the next seq and the previous hash from audit_chain_head under its row
 *   lock, so concurrent transactions append one after another and the chain never forks;
 * - UPDATE, DELETE and TRUNCATE are refused.
 */
export class Migration20261122141935_audit_chain extends Migration {
  override up(): void {
    this.addSql(`insert into audit_chain_head (id, seq, hash) values (1, 0, repeat('0', 64));`);
    this.addSql(`alter table audit_event alter column occurred_at set default clock_timestamp();`);
    this.addSql(`
      create function audit_digest(e audit_event) returns text language sql immutable as $$
        select encode(sha256(convert_to(jsonb_build_array(
          e.prev_hash, e.seq, (extract(epoch from e.occurred_at) * 1000000)::bigint, e.actor_id, e.actor_label,
          e.action, e.entity_type, e.entity_id, e.before, e.after, e.request_id)::text, 'UTF8')), 'hex')
      $$;`);
    this.addSql(`
      create function audit_event_append() returns trigger language plpgsql as $$
      declare head record;
      begin
        update audit_chain_head set seq = seq + 1 where id = 1 returning seq, hash into head;
        if not found then raise exception 'audit_chain_head is missing'; end if;
        new.seq := head.seq;
        new.prev_hash := head.hash;
        new.hash := audit_digest(new);
        update audit_chain_head set hash = new.hash where id = 1;
        return new;
      end $$;`);
    this.addSql(
      `create trigger audit_event_append before insert on audit_event for each row execute function audit_event_append();`,
    );
    this.addSql(`
      create function audit_event_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    this.addSql(
      `create trigger audit_event_no_update before update or delete on audit_event for each row execute function audit_event_refuse_change();`,
    );
    this.addSql(
      `create trigger audit_event_no_truncate before truncate on audit_event for each statement execute function audit_event_refuse_change();`,
    );
  }

  override down(): void {
    this.addSql(`drop trigger if exists audit_event_no_truncate on audit_event;`);
    this.addSql(`drop trigger if exists audit_event_no_update on audit_event;`);
    this.addSql(`drop trigger if exists audit_event_append on audit_event;`);
    this.addSql(`drop function if exists audit_event_refuse_change();`);
    this.addSql(`drop function if exists audit_event_append();`);
    this.addSql(`drop function if exists audit_digest(audit_event);`);
    this.addSql(`delete from audit_chain_head where id = 1;`);
  }
}
