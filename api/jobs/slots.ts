/** Pure slot arithmetic: which scheduled slot a moment belongs to. */

export type Cadence = { everyMinutes: number; offsetMinutes?: number };

/** The start of the slot containing `now` (slots aligned to the UTC epoch plus an offset). */
export function slotFor(now: Date, { everyMinutes, offsetMinutes = 0 }: Cadence): Date {
  const period = everyMinutes * 60_000;
  const offset = offsetMinutes * 60_000;
  return new Date(Math.floor((now.getTime() - offset) / period) * period + offset);
}
