/**
 * How many times each licence was verified, per day, without storing who verified it. Each
 * instance counts in memory and adds its counts to `licence_verification_count` every few seconds
 * (and when it shuts down) in one set-based upsert. A crash loses at most the counts of the last
 * few seconds on that instance.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.js';

/** One statement per flush: the counts are added by number (no licence is read or locked). */
const FLUSH_SQL = `insert into licence_verification_count (number, day, count)
select v.number, v.day, v.n
from unnest(?::text[], ?::date[], ?::int[]) as v(number, day, n)
on conflict (number, day) do update set count = licence_verification_count.count + excluded.count`;

const SAFE = /^[A-Z0-9-]{1,40}$/;

export class VerificationCounter {
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly flushSeconds: number,
  ) {}

  /** Counts one verification of each number (as stored) today. */
  count(numbers: Iterable<string>): void {
    for (const n of numbers) this.countOne(n);
  }

  /** Counts one verification of one number (as stored) today. */
  countOne(n: string): void {
    if (!SAFE.test(n)) return;
    const k = `${this.clock.now().toISOString().slice(0, 10)}|${n}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, this.flushSeconds * 1000);
      this.timer.unref();
    }
  }

  /** Writes what this instance counted since the last flush (one statement). Safe to call any time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** Stops the timer and writes the last counts (on shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (!this.counts.size) return;
    const batch = this.counts;
    this.counts = new Map();
    const numbers: string[] = [];
    const days: string[] = [];
    const ns: number[] = [];
    for (const [k, n] of batch) {
      const [day, number] = k.split('|') as [string, string];
      days.push(day);
      numbers.push(number);
      ns.push(n);
    }
    try {
      await this.orm.em
        .fork()
        .execute(FLUSH_SQL, [`{${numbers.join(',')}}`, `{${days.join(',')}}`, `{${ns.join(',')}}`]);
    } catch (err) {
      // Put the counts back so the next flush tries again (the database may be briefly unreachable).
      for (const [k, n] of batch) this.counts.set(k, (this.counts.get(k) ?? 0) + n);
      this.log.warn({ err }, 'verification counts: flush failed; will retry');
      if (!this.timer) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.flush();
        }, this.flushSeconds * 1000);
        this.timer.unref();
      }
    }
  }
}
