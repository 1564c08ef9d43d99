/**
 * CPD core: the rules per tier and the council's CPD settings, who may see what, a person's
 * progress in their current cycle, exemptions, and the compliance answer renewals ask for.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/authenticate.js';
import { ForbiddenError, NotFoundError, ValidationError, VersionConflictError } from '../../shared/errors.js';
import { isStaff } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { CpdCategory, Tier } from '../council/index.js';
import { addMonthsMinusDay } from '../../shared/dates.js';
import { ownRegistrantId, Registrant } from '../registrants/index.js';
import { CpdExemption, CpdRuleSet, CpdSettings } from './cpd.entity.js';
import {
  carryOver,
  cpdProgress,
  inclusiveDays,
  type CountableRecord,
  type CpdProgress,
  type CpdRules,
} from './cpd.rules.js';
import type { exemptionBody, ruleSetBody, settingsBody } from './cpd.schema.js';

export const iso = (d: Date): string => d.toISOString().slice(0, 10);

// ---- settings ----

export type CpdSettingsValues = {
  selfDeclaredAutoAccept: boolean;
  auditBlocksRenewal: boolean;
  auditResponseDays: number;
  creditsPerHour: number;
  version: number | null;
};
export const DEFAULT_CPD_SETTINGS: CpdSettingsValues = {
  selfDeclaredAutoAccept: false,
  auditBlocksRenewal: true,
  auditResponseDays: 14,
  creditsPerHour: 1,
  version: null,
};

export async function readCpdSettings(em: EntityManager): Promise<CpdSettingsValues> {
  const s = await em.findOne(CpdSettings, { id: 1 });
  if (!s) return DEFAULT_CPD_SETTINGS;
  return {
    selfDeclaredAutoAccept: s.selfDeclaredAutoAccept,
    auditBlocksRenewal: s.auditBlocksRenewal,
    auditResponseDays: s.auditResponseDays,
    creditsPerHour: Number(s.creditsPerHour),
    version: s.version,
  };
}

/** Makes sure the settings row exists and locks it (serialises audit draws and settings edits). */
export async function lockCpdSettings(tx: EntityManager, now: Date): Promise<void> {
  await tx.execute(
    `insert into cpd_settings (id, self_declared_auto_accept, audit_blocks_renewal, audit_response_days, credits_per_hour, updated_at, version)
     values (1, ?, ?, ?, ?, ?, 1) on conflict (id) do nothing`,
    [
      DEFAULT_CPD_SETTINGS.selfDeclaredAutoAccept,
      DEFAULT_CPD_SETTINGS.auditBlocksRenewal,
      DEFAULT_CPD_SETTINGS.auditResponseDays,
      DEFAULT_CPD_SETTINGS.creditsPerHour,
      now,
    ],
  );
  await tx.execute(`select id from cpd_settings where id = 1 for update`);
}

// ---- rules ----

/** A tier's rules: credits from the tier, category limits from the categories unless the tier's rule set overrides them. */
export async function rulesForTier(
  em: EntityManager,
  tierCode: string,
): Promise<{ rules: CpdRules; validityMonths: number; structuredCategories: Set<string> } | null> {
  const tier = await em.findOne(Tier, { code: tierCode });
  if (!tier) return null;
  const [set, categories] = await Promise.all([
    em.findOne(CpdRuleSet, { tierCode }),
    em.find(CpdCategory, {}, { orderBy: { code: 'asc' } }),
  ]);
  const limits = set?.categoryLimits ?? {};
  return {
    validityMonths: tier.validityMonths,
    structuredCategories: new Set(categories.filter((c) => c.structured).map((c) => c.code)),
    rules: {
      requiredCredits: tier.cpdCreditsPerCycle,
      minStructured: set ? Number(set.minStructured) : 0,
      carryOverCap: set ? Number(set.carryOverCap) : 0,
      proRate: set ? set.proRate : true,
      categories: categories.map((c) => ({
        code: c.code,
        name: c.name.en ?? c.code,
        min: limits[c.code]?.min ?? c.minCredits,
        max: limits[c.code]?.max ?? c.maxCredits ?? null,
      })),
    },
  };
}

// ---- who may see what ----

export type CpdScope = { staff: true } | { staff: false; registrantId: string | null; providerIds: string[] };

export async function cpdScope(em: EntityManager, auth: AuthContext): Promise<CpdScope> {
  if (isStaff(auth.roles)) return { staff: true };
  const registrantId = auth.roles.includes('social_worker') ? await ownRegistrantId(em, auth) : null;
  const providerIds = auth.roles.includes('cpd_provider')
    ? (
        await em.execute<{ provider_id: string }[]>(
          `select provider_id from cpd_provider_account where account_id = ?`,
          [auth.accountId],
        )
      ).map((r) => r.provider_id)
    : [];
  return { staff: false, registrantId, providerIds };
}

export function assertOwnRegistrant(scope: CpdScope, registrantId: string): void {
  if (!scope.staff && scope.registrantId !== registrantId) throw new ForbiddenError('This is not your record');
}

export function assertProvider(scope: CpdScope, providerId: string): void {
  if (!scope.staff && !scope.providerIds.includes(providerId))
    throw new ForbiddenError("This is not one of your provider's activities");
}

// ---- progress ----

type CycleRow = { licence_id: string; number: string; tier_code: string; valid_from: string; valid_until: string };

/** The licence period a CPD cycle follows: the given licence's (or the person's current licence's) period containing asOf, else the latest before it. */
async function cycleFor(
  em: EntityManager,
  by: { registrantId: string } | { licenceId: string },
  asOf: string,
): Promise<CycleRow | null> {
  const where =
    'licenceId' in by ? 'l.id = ?' : `l.registrant_id = ? and l.status not in ('revoked', 'surrendered', 'pending')`;
  const rows = await em.execute<CycleRow[]>(
    `select l.id as licence_id, l.number, l.tier_code, to_char(p.valid_from, 'YYYY-MM-DD') as valid_from, to_char(p.valid_until, 'YYYY-MM-DD') as valid_until
       from licence l join licence_period p on p.licence_id = l.id
      where ${where} and p.valid_from <= ?
      order by p.valid_from desc limit 1`,
    ['licenceId' in by ? by.licenceId : by.registrantId, asOf],
  );
  return rows[0] ?? null;
}

export type ProgressResult = CpdProgress & {
  registrantId: string;
  licenceId: string | null;
  licenceNumber: string | null;
  tierCode: string | null;
  asOf: string;
  hasRequirement: boolean;
  pending: number;
};

/**
 * A person's CPD on `asOf` in the cycle of their licence period. `providerOnly` counts only
 * provider-verified records (an audit passes automatically when those alone meet the requirement).
 */
export async function progressOf(
  em: EntityManager,
  registrantId: string,
  asOf: string,
  opts: { licenceId?: string; providerOnly?: boolean } = {},
): Promise<ProgressResult> {
  const cycle = await cycleFor(em, opts.licenceId ? { licenceId: opts.licenceId } : { registrantId }, asOf);
  const loaded = cycle ? await rulesForTier(em, cycle.tier_code) : null;
  const pendingRows = await em.execute<{ n: number }[]>(
    `select count(*)::int as n from cpd_record where registrant_id = ? and status in ('pending', 'info_requested')`,
    [registrantId],
  );
  const pending = pendingRows[0]?.n ?? 0;
  if (!cycle || !loaded) {
    const none = cpdProgress({
      rules: { requiredCredits: 0, categories: [], minStructured: 0, carryOverCap: 0, proRate: false },
      cycle: { start: asOf, end: asOf, standardDays: 1 },
      records: [],
      asOf,
    });
    return {
      ...none,
      cycle: null as never,
      registrantId,
      licenceId: cycle?.licence_id ?? null,
      licenceNumber: cycle?.number ?? null,
      tierCode: cycle?.tier_code ?? null,
      asOf,
      hasRequirement: false,
      pending,
    };
  }
  const { rules, validityMonths } = loaded;
  const standardDays = inclusiveDays(cycle.valid_from, addMonthsMinusDay(cycle.valid_from, validityMonths));
  const previous = (
    await em.execute<{ valid_from: string; valid_until: string }[]>(
      `select to_char(valid_from, 'YYYY-MM-DD') as valid_from, to_char(valid_until, 'YYYY-MM-DD') as valid_until from licence_period
      where licence_id = ? and valid_until < ? order by valid_from desc limit 1`,
      [cycle.licence_id, cycle.valid_from],
    )
  )[0];
  const from = previous?.valid_from ?? cycle.valid_from;
  const recordRows = await em.execute<
    { category_code: string; credits: string; structured: boolean; completed_on: string }[]
  >(
    `select category_code, credits, structured, to_char(completed_on, 'YYYY-MM-DD') as completed_on from cpd_record
      where registrant_id = ? and status = 'accepted' and completed_on between ? and ?${opts.providerOnly ? ` and source = 'provider'` : ''}`,
    [registrantId, from, cycle.valid_until],
  );
  const records: CountableRecord[] = recordRows.map((r) => ({
    category: r.category_code,
    credits: Number(r.credits),
    structured: r.structured,
    date: r.completed_on,
  }));
  const exemptions = (await em.find(CpdExemption, { registrant: registrantId })).map((e) => ({
    from: e.startsOn,
    to: e.endsOn,
  }));
  let carried = 0;
  if (previous && rules.carryOverCap > 0) {
    const prevStandard = inclusiveDays(previous.valid_from, addMonthsMinusDay(previous.valid_from, validityMonths));
    const prev = cpdProgress({
      rules,
      cycle: { start: previous.valid_from, end: previous.valid_until, standardDays: prevStandard },
      records,
      exemptions,
      asOf: previous.valid_until,
    });
    carried = carryOver(prev, rules.carryOverCap);
  }
  const progress = cpdProgress({
    rules,
    cycle: { start: cycle.valid_from, end: cycle.valid_until, standardDays },
    records,
    exemptions,
    carriedOver: carried,
    asOf,
  });
  return {
    ...progress,
    registrantId,
    licenceId: cycle.licence_id,
    licenceNumber: cycle.number,
    tierCode: cycle.tier_code,
    asOf,
    hasRequirement: rules.requiredCredits > 0,
    pending,
  };
}

const UNRESOLVED = ['selected', 'submitted', 'extension_granted'];

/**
 * Audit rounds in the order they were drawn. Draws are serialised and each names the round before
 * it, so the rounds form one chain; its depth orders them without relying on clocks.
 */
export const ROUND_ORDER = `with recursive round_order as (
  select id, 1 as depth from cpd_audit_round where previous_round_id is null
  union all select r.id, o.depth + 1 from cpd_audit_round r join round_order o on r.previous_round_id = o.id)`;

/**
 * What renewals ask: is the CPD requirement of the licence's current cycle met on `asOf`, and does
 * an audit of this cycle (unresolved or failed) block renewal under the council's settings?
 */
export async function cpdComplianceFor(
  em: EntityManager,
  licenceId: string,
  asOf: string,
): Promise<{
  required: number;
  counted: number;
  met: boolean;
  missing: string[];
  auditBlocksRenewal: boolean;
  auditState: string | null;
}> {
  const rows = await em.execute<{ registrant_id: string }[]>(`select registrant_id from licence where id = ?`, [
    licenceId,
  ]);
  if (!rows[0]) throw new NotFoundError('The licence');
  const p = await progressOf(em, rows[0].registrant_id, asOf, { licenceId });
  const cycleStart = p.cycle?.start ?? asOf;
  const audit = await em.execute<{ status: string }[]>(
    `${ROUND_ORDER} select s.status from cpd_audit_selection s join cpd_audit_round r on r.id = s.round_id join round_order o on o.id = r.id
      where s.registrant_id = ? and r.population_on >= ? order by o.depth desc limit 1`,
    [rows[0].registrant_id, cycleStart],
  );
  const auditState = audit[0]?.status ?? null;
  const settings = await readCpdSettings(em);
  const blocking = auditState !== null && (UNRESOLVED.includes(auditState) || auditState === 'failed');
  return {
    required: p.required,
    counted: p.counted,
    met: p.met,
    missing: p.missing,
    auditBlocksRenewal: settings.auditBlocksRenewal && blocking,
    auditState,
  };
}

const categoryNames = async (em: EntityManager) => new Map((await em.find(CpdCategory, {})).map((c) => [c.code, c]));

export function cpdService(deps: AppDeps) {
  const em = () => deps.orm.em;
  const today = () => iso(deps.clock.now());

  async function ruleSetView(tier: Tier) {
    const [set, categories] = await Promise.all([
      em().findOne(CpdRuleSet, { tierCode: tier.code }),
      em().find(CpdCategory, {}, { orderBy: { code: 'asc' } }),
    ]);
    const limits = set?.categoryLimits ?? {};
    return {
      tierCode: tier.code,
      tierName: tier.name,
      requiredCredits: tier.cpdCreditsPerCycle,
      validityMonths: tier.validityMonths,
      minStructured: set ? Number(set.minStructured) : 0,
      carryOverCap: set ? Number(set.carryOverCap) : 0,
      proRate: set ? set.proRate : true,
      categories: categories.map((c) => ({
        code: c.code,
        name: c.name,
        structured: c.structured,
        min: limits[c.code]?.min ?? c.minCredits,
        max: limits[c.code]?.max ?? c.maxCredits ?? null,
        overridden: !!limits[c.code] && (limits[c.code]!.min !== null || limits[c.code]!.max !== null),
      })),
      version: set?.version ?? null,
    };
  }

  return {
    async ruleSets() {
      const tiers = await em().find(Tier, { active: true }, { orderBy: { rank: 'asc' } });
      const items = [];
      for (const t of tiers) items.push(await ruleSetView(t));
      return { items, total: items.length };
    },

    /** Sets a tier's CPD rules (credits per cycle on the tier itself, the rest in its rule set). */
    async setRules(tierCode: string, input: z.infer<typeof ruleSetBody>) {
      const categories = await categoryNames(em());
      for (const [code, l] of Object.entries(input.categoryLimits)) {
        if (!categories.has(code))
          throw new ValidationError(`categoryLimits.${code}`, 'there is no CPD category with this code');
        if (l.min !== null && l.max !== null && l.min > l.max)
          throw new ValidationError(`categoryLimits.${code}.min`, 'is above the maximum');
      }
      if (input.minStructured > input.requiredCredits)
        throw new ValidationError('minStructured', 'is above the credits required per cycle');
      return em().transactional(async (tx) => {
        const tier = await tx.findOne(Tier, { code: tierCode });
        if (!tier) throw new NotFoundError('The tier');
        const existing = await tx.findOne(CpdRuleSet, { tierCode });
        const before = existing
          ? {
              requiredCredits: tier.cpdCreditsPerCycle,
              minStructured: Number(existing.minStructured),
              carryOverCap: Number(existing.carryOverCap),
              proRate: existing.proRate,
              categoryLimits: existing.categoryLimits,
            }
          : null;
        if (existing) {
          if (input.version == null || input.version !== existing.version)
            throw new VersionConflictError('The CPD rules of this tier');
          existing.minStructured = input.minStructured;
          existing.carryOverCap = input.carryOverCap;
          existing.proRate = input.proRate;
          existing.categoryLimits = input.categoryLimits;
          existing.updatedAt = deps.clock.now();
        } else {
          tx.create(CpdRuleSet, {
            tierCode,
            minStructured: input.minStructured,
            carryOverCap: input.carryOverCap,
            proRate: input.proRate,
            categoryLimits: input.categoryLimits,
            updatedAt: deps.clock.now(),
          });
        }
        if (tier.cpdCreditsPerCycle !== input.requiredCredits) tier.cpdCreditsPerCycle = input.requiredCredits;
        await tx.flush();
        await recordAudit(tx, {
          action: 'cpd-rules.updated',
          entityType: 'tier',
          entityId: tier.id,
          before,
          after: {
            requiredCredits: input.requiredCredits,
            minStructured: input.minStructured,
            carryOverCap: input.carryOverCap,
            proRate: input.proRate,
            categoryLimits: input.categoryLimits,
          },
        });
        return ruleSetView(tier);
      });
    },

    settings: () => readCpdSettings(em()),

    async updateSettings(input: z.infer<typeof settingsBody>) {
      return em().transactional(async (tx) => {
        await lockCpdSettings(tx, deps.clock.now());
        const s = await tx.findOneOrFail(CpdSettings, { id: 1 });
        if (input.version != null && input.version !== s.version) throw new VersionConflictError('The CPD settings');
        const before = {
          selfDeclaredAutoAccept: s.selfDeclaredAutoAccept,
          auditBlocksRenewal: s.auditBlocksRenewal,
          auditResponseDays: s.auditResponseDays,
          creditsPerHour: Number(s.creditsPerHour),
        };
        s.selfDeclaredAutoAccept = input.selfDeclaredAutoAccept;
        s.auditBlocksRenewal = input.auditBlocksRenewal;
        s.auditResponseDays = input.auditResponseDays;
        s.creditsPerHour = input.creditsPerHour;
        s.updatedAt = deps.clock.now();
        await tx.flush();
        const { version: _v, ...after } = input;
        await recordAudit(tx, {
          action: 'cpd-settings.updated',
          entityType: 'cpd_settings',
          entityId: null,
          before,
          after,
        });
        return readCpdSettings(tx);
      });
    },

    async progress(auth: AuthContext, registrantId: string | null, asOf?: string) {
      const scope = await cpdScope(em(), auth);
      const id = registrantId ?? (scope.staff ? null : scope.registrantId);
      if (!id) throw new NotFoundError('Your registrant record');
      assertOwnRegistrant(scope, id);
      if (!(await em().findOne(Registrant, { id }))) throw new NotFoundError('The registrant');
      return progressOf(em(), id, asOf ?? today());
    },

    async exemptions(auth: AuthContext, registrantId?: string) {
      const scope = await cpdScope(em(), auth);
      const id = scope.staff ? registrantId : scope.registrantId;
      if (!scope.staff && !id) return { items: [], total: 0 };
      const items = await em().find(CpdExemption, id ? { registrant: id } : {}, {
        orderBy: { startsOn: 'desc' },
        limit: 500,
      });
      return { items: items.map(exemptionView), total: items.length };
    },

    async grantExemption(auth: AuthContext, input: z.infer<typeof exemptionBody>) {
      if (input.endsOn < input.startsOn) throw new ValidationError('endsOn', 'is before startsOn');
      return em().transactional(async (tx) => {
        if (!(await tx.findOne(Registrant, { id: input.registrantId })))
          throw new ValidationError('registrantId', 'no such registrant');
        const e = tx.create(CpdExemption, {
          registrant: input.registrantId,
          kind: input.kind,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          reason: input.reason,
          grantedBy: auth.accountId,
          createdAt: deps.clock.now(),
        });
        await tx.flush();
        await recordAudit(tx, {
          action: 'cpd-exemption.granted',
          entityType: 'registrant',
          entityId: input.registrantId,
          after: { exemptionId: e.id, kind: e.kind, startsOn: e.startsOn, endsOn: e.endsOn, reason: e.reason },
        });
        return exemptionView(e);
      });
    },
  };
}

export const exemptionView = (e: CpdExemption) => ({
  id: e.id,
  registrantId: e.registrant.id,
  kind: e.kind,
  startsOn: e.startsOn,
  endsOn: e.endsOn,
  reason: e.reason,
  createdAt: e.createdAt.toISOString(),
});
