/**
 * Pure report rules: small-cell suppression, age bands and CSV rendering. No database, no clock.
 *
 * Suppression: a count of people from 1 to N-1 is withheld (zero is shown: it identifies nobody).
 * Within a set of cells that add up to a published total (a partition), withholding one cell alone
 * would let a reader subtract it back out of the total, so the next-smallest non-zero cell is
 * withheld too (complementary suppression); when no second cell can be withheld, the total is
 * withheld instead. Ratios and percentages built from a withheld count are withheld with it.
 */
export const DEFAULT_SMALL_CELL = 5;

export type Cell = number | null;

/** Primary suppression of one independent count. */
export const suppressOne = (value: number, n: number): Cell => (value > 0 && value < n ? null : value);

/** Suppression of cells that sum to `total` (which is published alongside them). */
export function suppressPartition(values: number[], total: number, n: number): { cells: Cell[]; total: Cell } {
  const cells: Cell[] = values.map((v) => suppressOne(v, n));
  const hidden = cells.filter((c) => c === null).length;
  let totalOut: Cell = suppressOne(total, n);
  if (hidden === 1) {
    // The smallest shown non-zero cell becomes the complement.
    let best = -1;
    cells.forEach((c, i) => {
      if (c !== null && c > 0 && (best < 0 || c < (cells[best] as number))) best = i;
    });
    if (best >= 0) cells[best] = null;
    else totalOut = null;
  }
  return { cells, total: totalOut };
}

export const AGE_BANDS = ['under_25', '25_34', '35_44', '45_54', '55_64', '65_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The birth-date thresholds for age bands on `asOf`: born after cut[i] means younger than the band's lower bound. */
export function ageBandCuts(asOf: string): {
  under25: string;
  under35: string;
  under45: string;
  under55: string;
  under65: string;
} {
  const yearsBefore = (y: number) => {
    const [Y, M, D] = asOf.split('-').map(Number) as [number, number, number];
    const d = new Date(Date.UTC(Y - y, M - 1, D));
    // 29 February on a non-leap year rolls to 1 March, matching a birthday count.
    return d.toISOString().slice(0, 10);
  };
  return {
    under25: yearsBefore(25),
    under35: yearsBefore(35),
    under45: yearsBefore(45),
    under55: yearsBefore(55),
    under65: yearsBefore(65),
  };
}

/** A withheld count in an export reads "<N". */
export const csvCell = (c: Cell | undefined, n: number): string | number =>
  c === null || c === undefined ? `<${n}` : c;

export const per10000 = (workers: number, population: number | null): number | null =>
  population && population > 0 ? Math.round((workers * 10000 * 100) / population) / 100 : null;

export const percent = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part * 1000) / whole) / 10 : null;

export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
