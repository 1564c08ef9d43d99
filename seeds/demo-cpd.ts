/**
 * Demo CPD data (demo mode, first start): rule sets for the default tiers, an approved provider
 * with an activity and the demo provider account, and CPD records for the demo supervisor (who
 * holds a licence): provider-verified, self-declared accepted (together meeting the licensed tier's
 * requirement), and one waiting for review.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../api/shared/ids.js';

const RULES: Record<string, { minStructured: number; carryOverCap: number }> = {
  para: { minStructured: 10, carryOverCap: 0 },
  provisional: { minStructured: 25, carryOverCap: 5 },
  licensed: { minStructured: 40, carryOverCap: 10 },
  specialist: { minStructured: 40, carryOverCap: 10 },
};

const daysAgo = (now: Date, n: number) => new Date(now.getTime() - n * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoCpd(
  tx: EntityManager,
  now: Date,
  providerAccountEmail: string,
  holderEmail: string,
): Promise<void> {
  for (const [tierCode, r] of Object.entries(RULES)) {
    await tx.execute(
      `insert into cpd_rule_set (id, tier_code, min_structured, carry_over_cap, pro_rate, category_limits, updated_at, version)
       select ?, code, ?, ?, true, '{}'::jsonb, ?, 1 from tier where code = ? on conflict (tier_code) do nothing`,
      [newId(), r.minStructured, r.carryOverCap, now, tierCode],
    );
  }
  const providerId = newId();
  await tx.execute(
    `insert into cpd_provider (id, name, contact_email, status, approved_from, created_at, version) values (?, 'Hanoi Social Work Training Centre (demo)', 'cpd@training.example', 'approved', ?, ?, 1)`,
    [providerId, daysAgo(now, 400), now],
  );
  await tx.execute(
    `insert into cpd_provider_account (provider_id, account_id, created_at) select ?, id, ? from account where email = ?`,
    [providerId, now, providerAccountEmail],
  );
  const activityId = newId();
  const held = daysAgo(now, 120);
  await tx.execute(
    `insert into cpd_activity (id, provider_id, title, category_code, credits, starts_on, ends_on, structured, status, decided_at, created_at, version)
     values (?, ?, 'Ethics in child protection practice', 'ethics', 6, ?, ?, true, 'approved', ?, ?, 1)`,
    [activityId, providerId, held, held, now, now],
  );
  await tx.execute(
    `insert into cpd_activity (id, provider_id, title, category_code, credits, starts_on, ends_on, structured, status, created_at, version)
     values (?, ?, 'Motivational interviewing, level 2', 'practice-skills', 12, ?, ?, true, 'proposed', ?, 1)`,
    [newId(), providerId, daysAgo(now, -30), daysAgo(now, -28), now],
  );
  const [holder] = await tx.execute<{ id: string }[]>(
    `select r.id from registrant r join account a on a.id = r.account_id where a.email = ?`,
    [holderEmail],
  );
  if (!holder) return;
  const rec = (o: {
    source: 'provider' | 'self';
    activity?: string;
    title: string;
    provider: string;
    category: string;
    on: string;
    hours: number | null;
    credits: number;
    structured: boolean;
    status: string;
    reflection?: string;
  }) =>
    tx.execute(
      `insert into cpd_record (id, registrant_id, source, activity_id, title, provider_name, category_code, completed_on, hours, credits, structured, reflection, status, decided_at, created_at, version)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
      [
        newId(),
        holder.id,
        o.source,
        o.activity ?? null,
        o.title,
        o.provider,
        o.category,
        o.on,
        o.hours,
        o.credits,
        o.structured,
        o.reflection ?? null,
        o.status,
        o.status === 'pending' ? null : now,
        now,
      ],
    );
  await rec({
    source: 'provider',
    activity: activityId,
    title: 'Ethics in child protection practice',
    provider: 'Hanoi Social Work Training Centre (demo)',
    category: 'ethics',
    on: held,
    hours: null,
    credits: 6,
    structured: true,
    status: 'accepted',
  });
  await rec({
    source: 'self',
    title: 'Family group conferencing workshop',
    provider: 'UNICEF Viet Nam (demo)',
    category: 'practice-skills',
    on: daysAgo(now, 300),
    hours: 14,
    credits: 14,
    structured: true,
    status: 'accepted',
    reflection: 'Practised running family group conferences; I now prepare families separately before the conference.',
  });
  await rec({
    source: 'self',
    title: 'Reading: trauma-informed supervision',
    provider: 'Self-directed',
    category: 'self-directed',
    on: daysAgo(now, 200),
    hours: 8,
    credits: 8,
    structured: false,
    status: 'accepted',
    reflection: 'Read three papers on trauma-informed supervision and changed how I debrief after home visits.',
  });
  // Earlier in the cycle: enough, with the above, to meet the licensed tier's 60 credits, so the demo renewal can be approved.
  await rec({
    source: 'self',
    title: 'Supervising newly qualified social workers',
    provider: 'Viet Nam Association of Social Work (demo)',
    category: 'supervision',
    on: daysAgo(now, 500),
    hours: 12,
    credits: 12,
    structured: true,
    status: 'accepted',
    reflection: 'Set up fortnightly supervision with two new colleagues using a written agreement.',
  });
  await rec({
    source: 'self',
    title: 'Child protection risk assessment',
    provider: 'Hanoi Social Work Training Centre (demo)',
    category: 'practice-skills',
    on: daysAgo(now, 650),
    hours: 16,
    credits: 16,
    structured: true,
    status: 'accepted',
    reflection: 'Applied the structured risk framework to three open cases and shared the results with the team.',
  });
  await rec({
    source: 'self',
    title: 'Evaluating community programmes',
    provider: 'University of Labour and Social Affairs (demo)',
    category: 'research',
    on: daysAgo(now, 800),
    hours: 6,
    credits: 6,
    structured: true,
    status: 'accepted',
    reflection: 'Learnt to read programme evaluations critically; used it to review our parenting group.',
  });
  await rec({
    source: 'self',
    title: 'Peer supervision group (quarterly)',
    provider: 'Ha Noi social work peer group',
    category: 'supervision',
    on: daysAgo(now, 20),
    hours: 6,
    credits: 6,
    structured: true,
    status: 'pending',
    reflection: 'Case discussion on safeguarding thresholds; agreed a shared checklist with colleagues.',
  });
}
