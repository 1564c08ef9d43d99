/**
 * Daily: accreditations past their window expire (one set-based UPDATE), and the school's admins
 * and council registrars are e-mailed 180, 90 and 30 days before expiry. Idempotent: the UPDATE only
 * touches active rows, and each reminder's idempotency key (accreditation, offset, recipient) makes
 * a second run queue nothing.
 */
import type { AppDeps } from '../../deps.js';
import type { JobDefinition } from '../../jobs/job-runner.js';
import { recordAudit } from '../audit/index.js';
import { queueEmail } from '../notifications/index.js';
import { isoDate, reminderDue } from './accreditation.rules.js';

export function accreditationJobs(deps: AppDeps): JobDefinition[] {
  return [
    {
      name: 'accreditation-expiry',
      cadence: { everyMinutes: 1440, offsetMinutes: 30 },
      run: async ({ now }) => {
        const today = isoDate(now);
        return deps.orm.em.transactional(async (tx) => {
          const expired = await tx.execute<{ id: string; programme_id: string; valid_until: string }[]>(
            `update accreditation set status = 'expired', version = version + 1
             where status = 'active' and valid_until < ?
             returning id, programme_id, to_char(valid_until, 'YYYY-MM-DD') as valid_until`,
            [today],
          );
          for (const e of expired) {
            await recordAudit(tx, {
              action: 'accreditation.expired',
              entityType: 'accreditation',
              entityId: e.id,
              before: { status: 'active' },
              after: { status: 'expired', validUntil: e.valid_until },
            });
          }
          const due = await tx.execute<
            { id: string; valid_until: string; programme: string; institution: string; institution_id: string }[]
          >(
            `select a.id, to_char(a.valid_until, 'YYYY-MM-DD') as valid_until, p.name as programme, i.name as institution, i.id as institution_id
             from accreditation a join programme p on p.id = a.programme_id join institution i on i.id = p.institution_id
             where a.status = 'active' and a.valid_until between ?::date and ?::date + 180`,
            [today, today],
          );
          const staff = await tx.execute<{ id: string; email: string; display_name: string; locale: string }[]>(
            `select id, email, display_name, locale from account where status = 'active' and roles && '{registrar,admin}'::text[]`,
          );
          const council = await tx.execute<{ name: string }[]>(`select name from council where id = 1`);
          let queued = 0;
          for (const a of due) {
            const offset = reminderDue(a.valid_until, today);
            if (offset === null) continue;
            const schoolAdmins = await tx.execute<
              { id: string; email: string; display_name: string; locale: string }[]
            >(
              `select ac.id, ac.email, ac.display_name, ac.locale from institution_admin ia join account ac on ac.id = ia.account_id where ia.institution_id = ? and ac.status = 'active'`,
              [a.institution_id],
            );
            for (const r of [...schoolAdmins, ...staff]) {
              const fresh = await queueEmail(
                tx,
                {
                  idempotencyKey: `accreditation-expiry:${a.id}:${offset}:${r.id}`,
                  to: r.email,
                  template: 'accreditation-expiry',
                  locale: r.locale,
                  vars: {
                    name: r.display_name,
                    councilName: council[0]?.name ?? 'Social Work Registry',
                    programme: a.programme,
                    institution: a.institution,
                    validUntil: a.valid_until,
                    days: String(offset),
                    link: `${deps.config.publicUrl}/#/programmes`,
                  },
                },
                now,
              );
              if (fresh) queued++;
            }
          }
          return { expired: expired.length, remindersQueued: queued };
        });
      },
    },
  ];
}
