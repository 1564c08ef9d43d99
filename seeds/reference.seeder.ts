/**
 * Reference data every registry needs: the council profile, the default tier ladder and the CPD
 * categories. Idempotent: it inserts what is missing and never overwrites a council's own changes.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_RENEWAL, type TierRequirements } from '../api/modules/council/index.js';
import { newId } from '../api/shared/ids.js';

const req = (r: Partial<TierRequirements>): TierRequirements => ({
  minQualificationLevel: null,
  accreditedProgramme: false,
  foreignQualificationAccepted: true,
  supervisedHours: 0,
  supervisedPeriodMonths: null,
  examRequired: false,
  monthsAtPreviousTier: 0,
  previousTier: null,
  ethicsDeclaration: true,
  fitnessDeclaration: true,
  ...r,
});

export const DEFAULT_TIERS = [
  {
    code: 'para',
    rank: 1,
    validityMonths: 24,
    cpdCreditsPerCycle: 20,
    canSupervise: false,
    name: { en: 'Para-social worker', vi: 'Cộng tác viên công tác xã hội' },
    protectedTitle: { en: 'Registered Para-Social Worker', vi: 'Cộng tác viên công tác xã hội đã đăng ký' },
    requirements: req({ minQualificationLevel: 'certificate', accreditedProgramme: true }),
  },
  {
    code: 'provisional',
    rank: 2,
    validityMonths: 24,
    cpdCreditsPerCycle: 40,
    canSupervise: false,
    name: { en: 'Provisional social worker', vi: 'Nhân viên công tác xã hội tập sự' },
    protectedTitle: { en: 'Provisional Social Worker', vi: 'Nhân viên công tác xã hội tập sự' },
    requirements: req({ minQualificationLevel: 'bachelor', accreditedProgramme: true }),
  },
  {
    code: 'licensed',
    rank: 3,
    validityMonths: 36,
    cpdCreditsPerCycle: 60,
    canSupervise: true,
    name: { en: 'Licensed social worker', vi: 'Nhân viên công tác xã hội được cấp phép' },
    protectedTitle: { en: 'Licensed Social Worker', vi: 'Nhân viên công tác xã hội' },
    requirements: req({
      minQualificationLevel: 'bachelor',
      accreditedProgramme: true,
      supervisedHours: 2000,
      supervisedPeriodMonths: 36,
      examRequired: true,
      monthsAtPreviousTier: 12,
      previousTier: 'provisional',
    }),
  },
  {
    code: 'specialist',
    rank: 4,
    validityMonths: 36,
    cpdCreditsPerCycle: 60,
    canSupervise: true,
    fourEyesApproval: true,
    name: { en: 'Specialist social worker / supervisor', vi: 'Nhân viên công tác xã hội chuyên sâu / giám sát viên' },
    protectedTitle: { en: 'Specialist Social Worker', vi: 'Chuyên gia công tác xã hội' },
    requirements: req({
      minQualificationLevel: 'master',
      accreditedProgramme: true,
      supervisedHours: 1000,
      supervisedPeriodMonths: 24,
      monthsAtPreviousTier: 36,
      previousTier: 'licensed',
    }),
  },
];

export const DEFAULT_CPD_CATEGORIES = [
  {
    code: 'ethics',
    name: { en: 'Ethics and professional conduct', vi: 'Đạo đức nghề nghiệp' },
    minCredits: 6,
    maxCredits: null,
    structured: true,
  },
  {
    code: 'supervision',
    name: { en: 'Supervision', vi: 'Giám sát chuyên môn' },
    minCredits: 0,
    maxCredits: 20,
    structured: true,
  },
  {
    code: 'practice-skills',
    name: { en: 'Practice skills', vi: 'Kỹ năng thực hành' },
    minCredits: 10,
    maxCredits: null,
    structured: true,
  },
  {
    code: 'research',
    name: { en: 'Research and evidence', vi: 'Nghiên cứu và bằng chứng' },
    minCredits: 0,
    maxCredits: 15,
    structured: true,
  },
  {
    code: 'self-directed',
    name: { en: 'Self-directed learning', vi: 'Tự học' },
    minCredits: 0,
    maxCredits: 20,
    structured: false,
  },
];

export async function seedReference(em: EntityManager, now: Date): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.execute(
      `insert into council (id, code, name, name_native, country, domain, default_locale, locales, settings, updated_at, version)
       values (1, 'VN', 'National Social Work Council', 'Hội đồng Công tác xã hội Quốc gia', 'VN', 'registry.localhost', 'en', '{en,vi}', '{}'::jsonb, ?, 1)
       on conflict (id) do nothing`,
      [now],
    );
    for (const t of DEFAULT_TIERS) {
      await tx.execute(
        `insert into tier (id, code, name, rank, protected_title, requirements, validity_months, cpd_credits_per_cycle, can_supervise, four_eyes_approval, renewal, active, updated_at, version)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, 1) on conflict (code) do nothing`,
        [
          newId(),
          t.code,
          JSON.stringify(t.name),
          t.rank,
          JSON.stringify(t.protectedTitle),
          JSON.stringify(t.requirements),
          t.validityMonths,
          t.cpdCreditsPerCycle,
          t.canSupervise,
          'fourEyesApproval' in t ? t.fourEyesApproval : false,
          JSON.stringify(DEFAULT_RENEWAL),
          now,
        ],
      );
    }
    for (const c of DEFAULT_CPD_CATEGORIES) {
      await tx.execute(
        `insert into cpd_category (id, code, name, min_credits, max_credits, structured, version) values (?, ?, ?, ?, ?, ?, 1) on conflict (code) do nothing`,
        [newId(), c.code, JSON.stringify(c.name), c.minCredits, c.maxCredits, c.structured],
      );
    }
  });
}
