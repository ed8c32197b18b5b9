import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One figure of a benchmark, with its budget: met when the value is at most `budget`. */
export type Figure = { metric: string; value: number; budget?: number | undefined; note?: string };

const resultsPath = fileURLToPath(new URL('../results.json', import.meta.url));

/** Prints the figures as a table and merges them into `bench/results.json` (metric → number). */
export function report(title: string, figures: readonly Figure[]): void {
  console.log(`\n${title}`);
  const rows = figures.map((f) => [
    f.metric,
    String(f.value),
    f.budget === undefined ? '—' : `≤ ${f.budget}`,
    f.budget === undefined ? '' : f.value <= f.budget ? 'met' : 'MISSED',
    f.note ?? '',
  ]);
  const header = ['metric', 'value', 'budget', '', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));

  let stored: Record<string, number> = {};
  try {
    stored = JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, number>;
  } catch {
    // First run, or an unreadable file: start afresh.
  }
  for (const figure of figures) stored[figure.metric] = figure.value;
  writeFileSync(resultsPath, `${JSON.stringify(stored, null, 2)}\n`);
}
