/** Figures for the staff dashboard: one round trip of set-based counts. */
import type { AppDeps } from '../../deps.js';

export function dashboardService(deps: AppDeps) {
  const em = () => deps.orm.em;
  return {
    async summary() {
      const [row] = await em().execute<
        {
          name: string | null;
          accounts: string;
          by_role: Record<string, number> | null;
          audit_total: string;
          audit_24h: string;
          pending: string;
          failed: string;
        }[]
      >(
        `select (select name from council where id = 1) as name,
                (select count(*) from account) as accounts,
                (select jsonb_object_agg(role, n) from (select unnest(roles) as role, count(*) as n from account group by 1) r) as by_role,
                (select seq from audit_chain_head where id = 1) as audit_total,
                (select count(*) from audit_event where occurred_at > ?::timestamptz - interval '24 hours') as audit_24h,
                (select count(*) from outbox_message where status = 'pending') as pending,
                (select count(*) from outbox_message where status = 'failed') as failed`,
        [deps.clock.now()],
      );
      return {
        council: { name: row?.name ?? '' },
        accounts: { total: Number(row?.accounts ?? 0), byRole: row?.by_role ?? {} },
        audit: { total: Number(row?.audit_total ?? 0), last24h: Number(row?.audit_24h ?? 0) },
        outbox: { pending: Number(row?.pending ?? 0), failed: Number(row?.failed ?? 0) },
      };
    },
  };
}
