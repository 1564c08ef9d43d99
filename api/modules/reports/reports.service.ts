/**
 * Workforce reports for the Road Map's Annex 2 indicators. Each report computes exact figures
 * set-based, then applies small-cell suppression (reports.rules.ts) unless the caller may see
 * exact figures; CSV exports are always suppressed.
 */
import type { AppDeps } from '../../deps.js';
import { csvCell, per10000, suppressOne, suppressPartition, type Cell } from './reports.rules.js';
import { toCsv } from '../../shared/csv.js';
import type { ActivityQuery, RatioQuery, WorkforceQuery, YearsQuery } from './reports.schema.js';
import { smallCellThreshold } from './actions/settings.js';
import { suppressWorkforce, workforceFigures, WORKFORCE_DIMENSIONS } from './actions/workforce.js';
import { activityFigures, cpdFigures, programmeFigures, supervisionFigures } from './actions/trends.js';
import { ratioFigures } from './actions/population.js';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const monthsBack = (today: string, n: number) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const t = new Date(Date.UTC(y, m - 1 - n, 1));
  return t.toISOString().slice(0, 7);
};

export function reportService(deps: AppDeps) {
  const em = () => deps.orm.em;
  const today = () => iso(deps.clock.now());
  const years = (q: YearsQuery) => {
    const toYear = q.toYear ?? Number(today().slice(0, 4));
    return { fromYear: q.fromYear ?? Math.min(toYear, toYear - 4), toYear };
  };

  const svc = {
    async workforce(q: WorkforceQuery, exact: boolean) {
      const asOf = q.asOf ?? today();
      const [f, n] = await Promise.all([workforceFigures(em(), { ...q, asOf }), smallCellThreshold(em())]);
      if (exact) return { asOf, threshold: n, suppressed: false, total: f.total, dimensions: f.dimensions };
      return { asOf, threshold: n, suppressed: true, ...suppressWorkforce(f, n) };
    },

    async activity(q: ActivityQuery, exact: boolean) {
      const to = q.to ?? today().slice(0, 7);
      const from = q.from ?? (q.to ? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}` : monthsBack(today(), 11));
      const [rows, n] = await Promise.all([
        activityFigures(em(), { from, to, tier: q.tier, region: q.region }),
        smallCellThreshold(em()),
      ]);
      // Each month's figures are independent counts with no published total: primary suppression.
      const s = (v: number): Cell => (exact ? v : suppressOne(v, n));
      return {
        from,
        to,
        threshold: n,
        suppressed: !exact,
        rows: rows.map((r) => ({
          month: r.month,
          newRegistrations: s(r.newRegistrations),
          renewals: s(r.renewals),
          lapses: s(r.lapses),
          sanctions: s(r.sanctions),
        })),
      };
    },

    async cpd(q: YearsQuery, exact: boolean) {
      const [rows, n] = await Promise.all([
        cpdFigures(em(), { ...years(q), region: q.region }),
        smallCellThreshold(em()),
      ]);
      return {
        threshold: n,
        suppressed: !exact,
        rows: rows.map((r) => {
          if (exact) return r;
          // engaged + not engaged = registered: a partition.
          const p = suppressPartition([r.engaged, r.notEngaged], r.registered, n);
          const shown = p.cells.every((c) => c !== null) && p.total !== null;
          return {
            year: r.year,
            registered: p.total,
            engaged: p.cells[0]!,
            notEngaged: p.cells[1]!,
            percentEngaged: shown ? r.percentEngaged : null,
          };
        }),
      };
    },

    async supervision(q: YearsQuery, exact: boolean) {
      const [rows, n] = await Promise.all([
        supervisionFigures(em(), { ...years(q), region: q.region }),
        smallCellThreshold(em()),
      ]);
      return {
        threshold: n,
        suppressed: !exact,
        rows: rows.map((r) => {
          if (exact) return r;
          const p = suppressPartition([r.adequate, r.notAdequate, r.unanswered], r.total, n);
          const shown = p.cells[0] !== null && p.cells[1] !== null;
          return {
            year: r.year,
            adequate: p.cells[0]!,
            notAdequate: p.cells[1]!,
            unanswered: p.cells[2]!,
            total: p.total,
            percentAdequate: shown ? r.percentAdequate : null,
          };
        }),
      };
    },

    async ratio(q: RatioQuery, exact: boolean) {
      const asOf = q.asOf ?? today();
      const [rows, n] = await Promise.all([ratioFigures(em(), { asOf, tier: q.tier }), smallCellThreshold(em())]);
      const workers = rows.reduce((a, r) => a + r.socialWorkers, 0);
      const regionsWithFigures = rows.filter((r) => r.population !== null);
      const popTotal =
        regionsWithFigures.length === rows.length && rows.length
          ? regionsWithFigures.reduce((a, r) => a + r.population!, 0)
          : null;
      const figureYears = [...new Set(regionsWithFigures.map((r) => r.populationYear))];
      const s = exact
        ? { cells: rows.map((r) => r.socialWorkers) as Cell[], total: workers as Cell }
        : suppressPartition(
            rows.map((r) => r.socialWorkers),
            workers,
            n,
          );
      return {
        asOf,
        threshold: n,
        suppressed: !exact,
        rows: rows.map((r, i) => ({
          ...r,
          socialWorkers: s.cells[i] as Cell,
          per10000: s.cells[i] === null ? null : per10000(r.socialWorkers, r.population),
        })),
        national: {
          region: 'all',
          socialWorkers: s.total,
          population: popTotal,
          populationYear: figureYears.length === 1 ? (figureYears[0] ?? null) : null,
          per10000: s.total === null ? null : per10000(workers, popTotal),
        },
      };
    },

    async programmes(q: YearsQuery, exact: boolean) {
      const [rows, n] = await Promise.all([programmeFigures(em(), years(q)), smallCellThreshold(em())]);
      // Programmes are not people; graduates are.
      return {
        threshold: n,
        suppressed: !exact,
        rows: rows.map((r) => ({ ...r, graduates: exact ? r.graduates : suppressOne(r.graduates, n) })),
      };
    },
  };

  /** CSV exports: always suppressed; a withheld cell reads "<N". */
  const csv = {
    async workforce(q: WorkforceQuery) {
      const r = await svc.workforce(q, false);
      const rows: unknown[][] = [['total', 'all', csvCell(r.total, r.threshold)]];
      for (const d of WORKFORCE_DIMENSIONS)
        for (const b of r.dimensions[d]) rows.push([d, b.key, csvCell(b.count, r.threshold)]);
      return { filename: `workforce-${r.asOf}.csv`, text: toCsv([`as_of=${r.asOf}`, 'value', 'licences'], rows) };
    },
    async activity(q: ActivityQuery) {
      const r = await svc.activity(q, false);
      const c = (v: Cell) => csvCell(v, r.threshold);
      return {
        filename: `activity-${r.from}-${r.to}.csv`,
        text: toCsv(
          ['month', 'new_registrations', 'renewals', 'lapses', 'sanctions'],
          r.rows.map((x) => [x.month, c(x.newRegistrations), c(x.renewals), c(x.lapses), c(x.sanctions)]),
        ),
      };
    },
    async cpd(q: YearsQuery) {
      const r = await svc.cpd(q, false);
      const c = (v: Cell) => csvCell(v, r.threshold);
      return {
        filename: 'cpd-engagement.csv',
        text: toCsv(
          ['year', 'registered', 'engaged', 'not_engaged', 'percent_engaged'],
          r.rows.map((x) => [x.year, c(x.registered), c(x.engaged), c(x.notEngaged), x.percentEngaged ?? '']),
        ),
      };
    },
    async supervision(q: YearsQuery) {
      const r = await svc.supervision(q, false);
      const c = (v: Cell) => csvCell(v, r.threshold);
      return {
        filename: 'supervision-adequacy.csv',
        text: toCsv(
          ['year', 'adequate', 'not_adequate', 'unanswered', 'total', 'percent_adequate'],
          r.rows.map((x) => [
            x.year,
            c(x.adequate),
            c(x.notAdequate),
            c(x.unanswered),
            c(x.total),
            x.percentAdequate ?? '',
          ]),
        ),
      };
    },
    async ratio(q: RatioQuery) {
      const r = await svc.ratio(q, false);
      const line = (x: {
        region: string;
        socialWorkers: Cell;
        population: number | null;
        populationYear: number | null;
        per10000: number | null;
      }) => [
        x.region,
        csvCell(x.socialWorkers, r.threshold),
        x.population ?? '',
        x.populationYear ?? '',
        x.per10000 ?? '',
      ];
      return {
        filename: `workforce-ratio-${r.asOf}.csv`,
        text: toCsv(
          ['region', 'social_workers', 'population', 'population_year', 'per_10000'],
          [...r.rows.map(line), line(r.national)],
        ),
      };
    },
    async programmes(q: YearsQuery) {
      const r = await svc.programmes(q, false);
      return {
        filename: 'programmes-graduates.csv',
        text: toCsv(
          ['year', 'accredited_programmes', 'graduates'],
          r.rows.map((x) => [x.year, x.accreditedProgrammes, csvCell(x.graduates, r.threshold)]),
        ),
      };
    },
  };

  return { ...svc, csv };
}
