/**
 * Notices to the respondent through the outbox, at the steps the council's procedure lists
 * (council-configurable; default: case opened, interim order, hearing scheduled, decision, appeal
 * outcome). One idempotency key per case and step (and occurrence), so nothing is sent twice.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { queueEmail } from '../notifications/index.js';
import { DisciplineSettings } from './discipline.entity.js';
import {
  DEFAULT_NOTIFY_STEPS,
  DEFAULT_PUBLICATION_POLICY,
  type NotifyStep,
  type PublicationPolicy,
} from './discipline.rules.js';

const STEP_TEXT: Record<string, Record<NotifyStep, string>> = {
  en: {
    case_opened: 'a case has been opened',
    investigation: 'the case is being investigated',
    interim_order: 'an interim order has been made',
    hearing_scheduled: 'a hearing has been scheduled',
    decision: 'a decision has been made',
    appeal_lodged: 'an appeal has been lodged',
    appeal_outcome: 'the appeal has been decided',
    closed: 'the case is closed',
  },
  vi: {
    case_opened: 'một vụ việc đã được mở',
    investigation: 'vụ việc đang được điều tra',
    interim_order: 'đã có quyết định tạm thời',
    hearing_scheduled: 'đã lên lịch phiên điều trần',
    decision: 'đã có quyết định',
    appeal_lodged: 'đã có đơn kháng nghị',
    appeal_outcome: 'kháng nghị đã được giải quyết',
    closed: 'vụ việc đã kết thúc',
  },
};

export async function loadSettings(
  em: EntityManager,
): Promise<{ publication: PublicationPolicy; notifySteps: NotifyStep[]; version: number }> {
  const row = await em.findOne(DisciplineSettings, { id: 1 });
  if (!row) return { publication: DEFAULT_PUBLICATION_POLICY, notifySteps: DEFAULT_NOTIFY_STEPS, version: 0 };
  return {
    publication: { ...DEFAULT_PUBLICATION_POLICY, ...row.publication },
    notifySteps: row.notifySteps,
    version: row.version,
  };
}

/** Queues the notice for a step when the council's procedure lists it. Returns whether one was queued. */
export async function notifyRespondent(
  tx: EntityManager,
  c: { id: string; reference: string; registrantId: string | null },
  step: NotifyStep,
  occurrence: string,
  detail: string,
  ctx: { now: Date; publicUrl: string },
): Promise<boolean> {
  if (!c.registrantId) return false;
  const { notifySteps } = await loadSettings(tx);
  if (!notifySteps.includes(step)) return false;
  const [r] = await tx.execute<
    { full_name: string; email: string | null; locale: string | null; council: string | null }[]
  >(
    `select r.full_name, coalesce(r.email, a.email) as email, a.locale, (select name from council where id = 1) as council
     from registrant r left join account a on a.id = r.account_id where r.id = ?`,
    [c.registrantId],
  );
  if (!r?.email) return false;
  const locale = r.locale && STEP_TEXT[r.locale] ? r.locale : 'en';
  return queueEmail(
    tx,
    {
      idempotencyKey: `discipline:${c.id}:${step}:${occurrence}`,
      to: r.email,
      template: 'discipline-case-update',
      locale,
      vars: {
        name: r.full_name,
        councilName: r.council ?? 'Social Work Registry',
        reference: c.reference,
        step: STEP_TEXT[locale]![step],
        detail,
        link: `${ctx.publicUrl}/#/my-cases`,
      },
    },
    ctx.now,
  );
}
