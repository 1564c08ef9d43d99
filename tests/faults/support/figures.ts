/** Each case prints its figures, and they are gathered in one JSON file for the run's record. */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { logDir } from './instance.js';

export const figuresFile = path.join(logDir, 'figures.jsonl');

export function report(name: string, figures: Record<string, unknown>): void {
  mkdirSync(logDir, { recursive: true });
  appendFileSync(figuresFile, JSON.stringify({ case: name, ...figures }) + '\n');
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  const lines = Object.entries(figures).map(
    ([k, v]) => `  ${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
  );
  console.log(`\n[faults] ${name}\n${lines.join('\n')}\n`);
}

/** Milliseconds, rounded for reading. */
export const ms = (n: number) => Math.round(n);

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
