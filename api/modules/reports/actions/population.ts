/**
 * Population figures per region and year (entered by staff) and the ratio of social workers to
 * population: people holding a licence active or in grace on the as-of date, per 10,000 people, using each
 * region's latest figure for a year up to the as-of year (the year is reported with it).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { recordAudit } from '../../audit/index.js';
import { NotFoundError } from '../../../shared/errors.js';
import { PopulationFigure } from '../population.entity.js';
import type { populationBody, populationQuery } from '../reports.schema.js';
import { licencesAsOf, REPORT_SETTINGS, type AsOfMode } from './as-of.js';

const view = (p: PopulationFigure) => ({
  id: p.id,
  region: p.region,
  year: p.year,
  population: Number(p.population),
  source: p.source ?? null,
  updatedAt: p.updatedAt.toISOString(),
});

export async function listPopulation(em: EntityManager, q: z.infer<typeof populationQuery>) {
  const where: Record<string, unknown> = {};
  if (q.region) where.region = q.region;
  if (q.year) where.year = q.year;
  const items = await em.find(PopulationFigure, where, { orderBy: { region: 'asc', year: 'desc' } });
  return { items: items.map(view), total: items.length };
}

/** Sets a region's population for a year (one row per region and year; a second entry replaces it). */
export async function setPopulation(
  em: EntityManager,
  input: z.infer<typeof populationBody>,
  actorId: string | null,
  now: Date,
) {
  return em.transactional(async (tx) => {
    const [row] = await tx.execute<{ id: string; previous: string | null }[]>(
      `insert into population_figure (id, region, year, population, source, updated_by, updated_at)
       values (gen_random_uuid(), ?, ?, ?, ?, ?, ?)
       on conflict (region, year) do update set population = excluded.population, source = excluded.source, updated_by = excluded.updated_by, updated_at = excluded.updated_at
       returning id, (select population::text from population_figure where region = ? and year = ?) as previous`,
      [input.region, input.year, input.population, input.source ?? null, actorId, now, input.region, input.year],
    );
    await recordAudit(tx, {
      action: 'population-figure.set',
      entityType: 'population_figure',
      entityId: row!.id,
      before: row!.previous ? { population: Number(row!.previous) } : null,
      after: { region: input.region, year: input.year, population: input.population, source: input.source ?? null },
    });
    tx.clear();
    return view(await tx.findOneOrFail(PopulationFigure, { id: row!.id }));
  });
}

export async function deletePopulation(em: EntityManager, id: string) {
  await em.transactional(async (tx) => {
    const p = await tx.findOne(PopulationFigure, { id });
    if (!p) throw new NotFoundError('The population figure');
    await recordAudit(tx, {
      action: 'population-figure.deleted',
      entityType: 'population_figure',
      entityId: id,
      before: { region: p.region, year: p.year, population: Number(p.population) },
    });
    await tx.nativeDelete(PopulationFigure, { id });
  });
}

export async function ratioFigures(em: EntityManager, q: { asOf: string; tier?: string }, mode: AsOfMode = 'fast') {
  const year = Number(q.asOf.slice(0, 4));
  const sources = licencesAsOf(q.asOf, mode);
  const rows = await em.transactional(async (tx) => {
    for (const s of REPORT_SETTINGS) await tx.execute(s);
    // People (not licences): someone holding two licences counts once. Rows of people who have
    // held more than one licence are grouped per person (across sources); the others, per region.
    return tx.execute<{ region: string; workers: string; population: string | null; year: number | null }[]>(
      `with grouped as (${sources
        .map(
          (s) => `
         select lic.region, lic.shared_holder, case when lic.shared_holder then lic.registrant_id end as who, count(*) as n
         from ${s.sql} lic
         where lic.status in ('active', 'grace') ${q.tier ? 'and lic.tier_code = ?' : ''}
         group by 1, 2, 3`,
        )
        .join(' union all ')}
       ),
       workers as (
         select g.region, sum(case when g.shared_holder then 1 else g.n end) as n
         from (select region, shared_holder, who, sum(n) as n from grouped group by 1, 2, 3) g
         group by g.region
       ),
       pop as (
         select distinct on (region) region, population, year from population_figure where year <= ? order by region, year desc
       )
       select coalesce(w.region, p.region) as region, coalesce(w.n, 0) as workers, p.population, p.year
       from workers w full join pop p on p.region = w.region
       order by 1`,
      [...sources.flatMap((s) => [...s.params, ...(q.tier ? [q.tier] : [])]), year],
    );
  });
  return rows.map((r) => ({
    region: r.region,
    socialWorkers: Number(r.workers),
    population: r.population === null ? null : Number(r.population),
    populationYear: r.year === null ? null : Number(r.year),
  }));
}
