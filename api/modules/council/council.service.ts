/** The council's profile and reference data (tier ladder, CPD categories). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppDeps } from '../../deps.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { isDatabaseUnreachable } from '../../shared/db-errors.js';
import { recordAudit, updateAudited } from '../audit/index.js';
import type { z } from 'zod';
import type { councilUpdate, tierCreate, tierUpdate } from './council.schema.js';
import { formatLicenceNumber } from '../../shared/licence-numbers.js';
import { Council, CpdCategory, Tier } from './council.entity.js';
import { isLanguage, LANGUAGES, languageMeta, type DateDisplay } from '../../shared/i18n.js';

/** The zone of each ASEAN capital, for a council that has not set one. */
const CAPITAL_ZONES: Record<string, string> = {
  BN: 'Asia/Brunei',
  KH: 'Asia/Phnom_Penh',
  ID: 'Asia/Jakarta',
  LA: 'Asia/Vientiane',
  MY: 'Asia/Kuala_Lumpur',
  MM: 'Asia/Yangon',
  PH: 'Asia/Manila',
  SG: 'Asia/Singapore',
  TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh',
};

/** How the council shows dates: its time zone (settings, else its capital's) and the Thai year. */
export function dateDisplayOf(council: { country: string; settings: Record<string, unknown> }): Required<DateDisplay> {
  const { timeZone, buddhistEra } = council.settings;
  return {
    timeZone: typeof timeZone === 'string' ? timeZone : (CAPITAL_ZONES[council.country] ?? 'UTC'),
    buddhistEra: buddhistEra !== false,
  };
}

const tierSnapshot = (t: Tier) => ({
  code: t.code,
  name: t.name,
  rank: t.rank,
  protectedTitle: t.protectedTitle,
  requirements: t.requirements,
  validityMonths: t.validityMonths,
  cpdCreditsPerCycle: t.cpdCreditsPerCycle,
  canSupervise: t.canSupervise,
  fourEyesApproval: t.fourEyesApproval,
  active: t.active,
});
const tierView = (t: Tier) => ({ id: t.id, ...tierSnapshot(t), version: t.version });

async function checkPreviousTier(tx: EntityManager, code: string | null) {
  if (code && !(await tx.count(Tier, { code })))
    throw new ValidationError('requirements.previousTier', `there is no tier '${code}'`);
}

type CouncilProfile = {
  code: string;
  name: string;
  nameNative: string | null;
  country: string;
  domain: string;
  defaultLocale: string;
  locales: string[];
  languages: { code: string; name: string }[];
  timeZone: string;
  buddhistEra: boolean;
};
/** The profile last read per running app, for when the database cannot be reached. */
const lastProfile = new WeakMap<AppDeps, CouncilProfile>();

export function councilService(deps: AppDeps) {
  const em = () => deps.orm.em;
  return {
    async profile(): Promise<CouncilProfile> {
      let c: Council | null;
      try {
        c = await em().findOne(Council, { id: 1 });
      } catch (err) {
        // Public pages served from a read replica keep their heading while the primary is unreachable.
        const last = lastProfile.get(deps);
        if (!last || !isDatabaseUnreachable(err)) throw err;
        deps.log.warn({ err }, 'council profile: database unreachable; using the profile read last');
        return last;
      }
      if (!c) throw new NotFoundError('The council profile (run the reference seed)');
      const profile = {
        code: c.code,
        name: c.name,
        nameNative: c.nameNative ?? null,
        country: c.country,
        domain: c.domain,
        defaultLocale: c.defaultLocale,
        locales: [...c.locales],
        // The default first; languages whose catalogue was removed are no longer offered.
        languages: [c.defaultLocale, ...c.locales.filter((l) => l !== c.defaultLocale)]
          .filter(isLanguage)
          .map((code) => ({ code, name: languageMeta(code).name })),
        ...dateDisplayOf(c),
      };
      lastProfile.set(deps, profile);
      return profile;
    },
    async profileWithSettings() {
      const c = await em().findOneOrFail(Council, { id: 1 });
      return {
        ...(await this.profile()),
        settings: c.settings,
        version: c.version,
        availableLanguages: LANGUAGES.map((code) => ({ code, ...languageMeta(code) })).map(
          ({ code, name, englishName }) => ({ code, name, englishName }),
        ),
      };
    },

    /** Profile and settings; the example number shows what a licence number format produces. */
    async updateProfile(input: z.infer<typeof councilUpdate>) {
      const { version, settings, ...changes } = input;
      if (settings?.licenceNumberFormat) {
        const example = formatLicenceNumber(settings.licenceNumberFormat, { country: 'VN', year: 2026, seq: 123 });
        if (/[{}]/.test(example))
          throw new ValidationError('settings.licenceNumberFormat', `unknown token left in ${example}`);
      }
      if (changes.defaultLocale || changes.locales) {
        const current = await em().findOneOrFail(Council, { id: 1 });
        if (!(changes.locales ?? current.locales).includes(changes.defaultLocale ?? current.defaultLocale))
          throw new ValidationError(
            changes.defaultLocale ? 'defaultLocale' : 'locales',
            'the default language must be one of the languages offered',
          );
      }
      return em().transactional(async (tx) => {
        await updateAudited(
          tx,
          Council,
          1 as unknown as string,
          version,
          {
            entityType: 'council',
            action: 'council.updated',
            snapshot: (c) => ({
              name: c.name,
              nameNative: c.nameNative ?? null,
              domain: c.domain,
              defaultLocale: c.defaultLocale,
              locales: [...c.locales],
              settings: c.settings,
            }),
          },
          (c) => {
            tx.assign(c, changes);
            if (settings) c.settings = { ...c.settings, ...settings };
          },
        );
        return this.profileWithSettings();
      });
    },

    async tiers() {
      const items = await em().find(Tier, {}, { orderBy: { rank: 'asc' } });
      return { items: items.map((t) => ({ ...t, requirements: t.requirements })), total: items.length };
    },
    /** Adds a rung to the ladder. */
    async addTier(input: z.infer<typeof tierCreate>) {
      return em().transactional(async (tx) => {
        if (await tx.count(Tier, { code: input.code })) throw new ConflictError('A tier with this code exists', 'code');
        await checkPreviousTier(tx, input.requirements.previousTier);
        const t = tx.create(Tier, { ...input, active: true });
        await tx.flush();
        await recordAudit(tx, { action: 'tier.created', entityType: 'tier', entityId: t.id, after: tierSnapshot(t) });
        return tierView(t);
      });
    },

    /** Changes a tier's configuration. Licences already issued keep the name and title they were issued with. */
    async updateTier(id: string, input: z.infer<typeof tierUpdate>) {
      const { version, ...changes } = input;
      return em().transactional(async (tx) => {
        if (changes.requirements) await checkPreviousTier(tx, changes.requirements.previousTier);
        return tierView(
          await updateAudited(
            tx,
            Tier,
            id,
            version,
            { entityType: 'tier', action: 'tier.updated', snapshot: tierSnapshot },
            (t) => tx.assign(t, changes),
          ),
        );
      });
    },

    async cpdCategories() {
      const items = await em().find(CpdCategory, {}, { orderBy: { code: 'asc' } });
      return {
        items: items.map((c) => ({
          id: c.id,
          code: c.code,
          name: c.name,
          minCredits: c.minCredits,
          maxCredits: c.maxCredits ?? null,
          structured: c.structured,
        })),
        total: items.length,
      };
    },
  };
}
