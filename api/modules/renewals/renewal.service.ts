/**
 * Renewals as people see them: the staff list of licences due and at risk (set-based, one query a
 * page), and the registrant's own renewal status with the reminders the registry sent.
 */
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { DEFAULT_RENEWAL, Tier } from '../council/index.js';
import { Licence } from '../licences/index.js';
import { formatMoney, renewalFees } from '../fees/index.js';
import { ownRegistrantId } from '../registrants/index.js';
import { renewalWindow } from './renewal.rules.js';
import type { renewalsQuery } from './renewal.schema.js';
import { requestedLanguage } from '../../http/request-context.js';
import {
  formatDate,
  LANGUAGES,
  languageMeta,
  languageOf,
  t as message,
  type MessageValues,
} from '../../shared/i18n.js';

const OPEN_STATUSES = ['draft', 'submitted', 'under_review', 'information_requested', 'resubmitted'] as const;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const reminderKey = (licenceId: string, validUntil: string, days: number) =>
  `licence-renewal:${licenceId}:${validUntil}:${days}`;

type CaseRow = {
  id: string;
  number: string;
  registrant_id: string;
  full_name: string;
  email: string | null;
  tier_code: string;
  status: 'active' | 'grace';
  valid_until: string;
  grace_ends_on: string;
  days_to_expiry: number;
  days_to_lapse: number;
  app_id: string | null;
  app_status: string | null;
  app_created_at: Date | null;
  reminders_sent: number;
  last_reminder_at: Date | null;
  total: string;
};

export function renewalService(deps: AppDeps) {
  const em = () => deps.orm.em;

  return {
    /** Licences in their renewal window or grace, soonest to lapse first; at risk = no renewal submitted. */
    async cases(q: z.infer<typeof renewalsQuery>) {
      const today = isoDay(deps.clock.now());
      const filters: string[] = [];
      const params: unknown[] = [today, today, today];
      if (q.tierCode) {
        filters.push('and l.tier_code = ?');
        params.push(q.tierCode);
      }
      if (q.view === 'at_risk')
        filters.push(
          q.started === true
            ? `and a.status = 'draft'`
            : q.started === false
              ? 'and a.id is null'
              : `and (a.id is null or a.status = 'draft')`,
        );
      params.push(q.perPage, (q.page - 1) * q.perPage);
      const rows = await em().execute<CaseRow[]>(
        `select l.id, l.number, r.id as registrant_id, r.full_name, coalesce(r.email, acc.email) as email, l.tier_code, l.status,
                to_char(l.valid_until, 'YYYY-MM-DD') as valid_until,
                to_char(l.valid_until + (t.renewal->>'graceDays')::int, 'YYYY-MM-DD') as grace_ends_on,
                (l.valid_until - ?::date) as days_to_expiry,
                (l.valid_until + (t.renewal->>'graceDays')::int - ?::date + 1) as days_to_lapse,
                a.id as app_id, a.status as app_status, a.created_at as app_created_at,
                rem.sent::int as reminders_sent, rem.last_at as last_reminder_at,
                count(*) over () as total
         from licence l
         join tier t on t.code = l.tier_code
         join registrant r on r.id = l.registrant_id
         left join account acc on acc.id = r.account_id
         left join lateral (
           select x.id, x.status, x.created_at from licence_application x
           where x.licence_id = l.id and x.type = 'renewal' and x.status in ('draft', 'submitted', 'under_review', 'information_requested', 'resubmitted')
           order by x.created_at desc limit 1
         ) a on true
         left join lateral (
           select count(*) filter (where m.status = 'sent') as sent, max(m.sent_at) as last_at from outbox_message m
           where m.idempotency_key in (select 'licence-renewal:' || l.id || ':' || l.valid_until || ':' || d from jsonb_array_elements_text(t.renewal->'reminderDays') d)
         ) rem on true
         where l.status in ('active', 'grace') and l.valid_until - (t.renewal->>'windowDays')::int <= ?::date
         ${filters.join(' ')}
         order by l.valid_until + (t.renewal->>'graceDays')::int, l.number
         limit ? offset ?`,
        params,
      );
      return {
        total: Number(rows[0]?.total ?? 0),
        items: rows.map((r) => ({
          id: r.id,
          number: r.number,
          registrantId: r.registrant_id,
          registrantName: r.full_name,
          email: r.email,
          tierCode: r.tier_code,
          status: r.status,
          validUntil: r.valid_until,
          graceEndsOn: r.grace_ends_on,
          daysToExpiry: Number(r.days_to_expiry),
          daysToLapse: Number(r.days_to_lapse),
          renewal: r.app_id
            ? {
                applicationId: r.app_id,
                status: r.app_status as (typeof OPEN_STATUSES)[number],
                startedAt: new Date(r.app_created_at!).toISOString(),
              }
            : null,
          remindersSent: Number(r.reminders_sent),
          lastReminderAt: r.last_reminder_at ? new Date(r.last_reminder_at).toISOString() : null,
        })),
      };
    },

    /** The signed-in registrant's current licences and where each stands in its renewal cycle. */
    async mine(auth: AuthContext) {
      const registrantId = await ownRegistrantId(em(), auth);
      if (!registrantId) return { items: [] };
      const today = isoDay(deps.clock.now());
      const licences = await em().find(
        Licence,
        { registrant: registrantId, status: { $in: ['active', 'grace', 'suspended', 'lapsed'] } },
        { orderBy: { validUntil: 'desc' } },
      );
      const tiers = new Map((await em().find(Tier, {})).map((t) => [t.code, t]));
      // Open renewal applications, read like the staff list reads them (the applications module owns the rows).
      const apps = (
        await em().execute<
          { id: string; licence_id: string | null; status: string; version: number; created_at: Date }[]
        >(
          `select id, licence_id, status, version, created_at from licence_application
           where registrant_id = ? and type = 'renewal' and status in (${OPEN_STATUSES.map(() => '?').join(', ')})
           order by created_at desc`,
          [registrantId, ...OPEN_STATUSES],
        )
      ).map((a) => ({
        id: a.id,
        licenceId: a.licence_id,
        status: a.status,
        version: a.version,
        createdAt: new Date(a.created_at),
      }));
      // Notices and reasons in the reader's language (the UI sends its language as Accept-Language).
      const lang = languageOf(requestedLanguage([...LANGUAGES]) ?? 'en');
      const say = (id: string, values?: MessageValues) => message(lang, `api.renewals.${id}`, values);
      const day = (iso: string) => formatDate(lang, iso);
      const items = [];
      for (const l of licences) {
        const rules = tiers.get(l.tierCode)?.renewal ?? DEFAULT_RENEWAL;
        const w = renewalWindow(l.validUntil, rules, today);
        const app = apps.find((a) => a.licenceId === l.id) ?? null;
        const keys = rules.reminderDays.map((d) => reminderKey(l.id, l.validUntil, d));
        // The fees a renewal submitted today is charged (the late fee only after expiry).
        const fees = await renewalFees(em(), l.tierCode, today);
        const money = (f: { amountMinor: number; currency: string } | null) =>
          f ? { ...f, formatted: formatMoney(f.amountMinor, f.currency, languageMeta(lang).intl) } : null;
        const sent = keys.length
          ? await em().execute<
              {
                idempotency_key: string;
                status: 'pending' | 'sent' | 'failed';
                created_at: Date;
                sent_at: Date | null;
              }[]
            >(
              `select idempotency_key, status, created_at, sent_at from outbox_message where idempotency_key in (${keys.map(() => '?').join(', ')}) order by created_at`,
              keys,
            )
          : [];
        const cannotRenewReason =
          l.status === 'suspended'
            ? say('suspended')
            : l.status === 'lapsed' || w.stage === 'lapsed'
              ? say('lapsed')
              : w.stage === 'not_open'
                ? say('opensOn', { date: day(w.opensOn) })
                : app
                  ? say('inProgress')
                  : null;
        let notice: { level: 'info' | 'warning' | 'blocking'; text: string } | null = null;
        if (app?.status === 'draft')
          notice = {
            level: 'blocking',
            text: say(w.stage === 'grace' ? 'draftGrace' : 'draft', {
              number: l.number,
              date: day(w.stage === 'grace' ? w.graceEndsOn : w.expiresOn),
            }),
          };
        else if (app?.status === 'information_requested')
          notice = {
            level: 'blocking',
            text: say('informationRequested', { number: l.number }),
          };
        else if (!app && l.status === 'grace')
          notice = {
            level: 'blocking',
            text: fees.lateFee
              ? say('graceLateFee', {
                  number: l.number,
                  expired: day(w.expiresOn),
                  until: day(w.graceEndsOn),
                  fee: money(fees.lateFee)!.formatted,
                })
              : say('grace', { number: l.number, expired: day(w.expiresOn), until: day(w.graceEndsOn) }),
          };
        else if (!app && w.stage === 'open')
          notice = {
            level: w.daysToExpiry <= 30 ? 'warning' : 'info',
            text: say('open', { number: l.number, date: day(w.expiresOn), days: w.daysToExpiry }),
          };
        else if (app)
          notice = {
            level: 'info',
            text: say('status', { number: l.number, status: say(`statuses.${app.status}`) }),
          };
        items.push({
          licenceId: l.id,
          number: l.number,
          tierCode: l.tierCode,
          tierName: l.tierName,
          status: l.status,
          validUntil: l.validUntil,
          window: w,
          practiseInGrace: rules.practiseInGrace,
          fee: money(fees.fee),
          lateFee: money(fees.lateFee),
          canRenew: cannotRenewReason === null,
          cannotRenewReason,
          renewal: app
            ? {
                applicationId: app.id,
                status: app.status as (typeof OPEN_STATUSES)[number],
                version: app.version,
                startedAt: app.createdAt.toISOString(),
              }
            : null,
          notice,
          reminders: sent.map((m) => ({
            daysBefore: Number(m.idempotency_key.split(':').pop()),
            status: m.status,
            queuedAt: new Date(m.created_at).toISOString(),
            sentAt: m.sent_at ? new Date(m.sent_at).toISOString() : null,
          })),
        });
      }
      return { items };
    },
  };
}
