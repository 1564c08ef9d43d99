/** Figures for the staff dashboard: one round trip of set-based counts, and the register's trend. */
import type { AppDeps } from '../../deps.js';
import { addDays, addMonths, isoDay } from '../../shared/dates.js';
import { licencesAsOf } from './actions/as-of.js';

/** The statuses a licence on the register can have, in the order the trend chart stacks them. */
export const TREND_STATUSES = ['active', 'grace', 'suspended', 'lapsed', 'revoked', 'surrendered'] as const;
type TrendStatus = (typeof TREND_STATUSES)[number];

/** The last day of each of the 12 months up to today's (today itself for the current month). */
export function trendDates(today: string): string[] {
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  return Array.from({ length: 12 }, (_, i) => {
    const back = 11 - i;
    return back === 0 ? today : addDays(addMonths(firstOfMonth, 1 - back), -1);
  });
}

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

    /**
     * The register over the last 12 months (licences by status at each month's end, from the licence
     * history as the workforce report reads it) and the renewals due in the next 90 days, by week.
     */
    async trend() {
      const today = isoDay(deps.clock.now());
      const months = [];
      for (const asOf of trendDates(today)) {
        const counts = Object.fromEntries(TREND_STATUSES.map((st) => [st, 0])) as Record<TrendStatus, number>;
        for (const source of licencesAsOf(asOf)) {
          const rows = await em().execute<{ status: string; n: string }[]>(
            `select s.status, count(*) as n from ${source.sql} s group by s.status`,
            source.params,
          );
          for (const r of rows) if (r.status in counts) counts[r.status as TrendStatus] += Number(r.n);
        }
        months.push({ month: asOf.slice(0, 7), asOf, ...counts });
      }
      const due = await em().execute<{ week: string; n: string }[]>(
        `select to_char(date_trunc('week', valid_until), 'YYYY-MM-DD') as week, count(*) as n
           from licence where status = 'active' and valid_until between ?::date and ?::date
          group by 1 order by 1`,
        [today, addDays(today, 90)],
      );
      return { today, months, renewalsDue: due.map((d) => ({ weekOf: d.week, licences: Number(d.n) })) };
    },
  };
}
