/** The council's profile and reference data (tier ladder, CPD categories). */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppDeps } from '../../deps.js';
import { NotFoundError } from '../../shared/errors.js';
import { Council, CpdCategory, Tier } from './council.entity.js';

export function councilService(deps: AppDeps) {
  const em = () => deps.orm.em as unknown as EntityManager;
  return {
    async profile() {
      const c = await em().findOne(Council, { id: 1 });
      if (!c) throw new NotFoundError('The council profile (run the reference seed)');
      return { code: c.code, name: c.name, nameNative: c.nameNative ?? null, country: c.country, domain: c.domain, defaultLocale: c.defaultLocale, locales: [...c.locales] };
    },
    async tiers() {
      const items = await em().find(Tier, {}, { orderBy: { rank: 'asc' } });
      return { items: items.map((t) => ({ ...t, requirements: t.requirements })), total: items.length };
    },
    async cpdCategories() {
      const items = await em().find(CpdCategory, {}, { orderBy: { code: 'asc' } });
      return {
        items: items.map((c) => ({ id: c.id, code: c.code, name: c.name, minCredits: c.minCredits, maxCredits: c.maxCredits ?? null, structured: c.structured })),
        total: items.length,
      };
    },
  };
}
