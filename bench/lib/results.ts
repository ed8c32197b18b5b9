import { writeFileSync } from 'node:fs';
import { findMetric } from './metrics.ts';
import {
  type RunInfo,
  readResults,
  resultsMarkdownPath,
  resultsPath,
  writeResults,
} from './results-file.ts';
import { renderResults } from './results-markdown.ts';

/**
 * One figure of a benchmark. Its budget and description come from the table in `metrics.ts`;
 * A `budget` given with a figure serves only a metric that table does not know yet.
 */
export type Figure = { metric: string; value: number; budget?: number | undefined; note?: string };

/** The metrics reported by this process, so a full run can drop figures no longer measured. */
const reported = new Set<string>();

/**
 * Prints the figures as a table and merges them into `bench/results.json` at once, so a run
 * that fails halfway keeps what it measured.
 */
export function report(title: string, figures: readonly Figure[]): void {
  console.log(`\n${title}`);
  const rows = figures.map((f) => {
    const budget = findMetric(f.metric)?.budget ?? f.budget;
    return [
      f.metric,
      String(f.value),
      budget === undefined ? '—' : `≤ ${budget}`,
      budget === undefined ? '' : f.value <= budget ? 'met' : 'MISSED',
      f.note ?? '',
    ];
  });
  const header = ['metric', 'value', 'budget', '', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  for (const figure of figures) {
    if (!findMetric(figure.metric)) {
      console.warn(`${figure.metric} is not in bench/lib/metrics.ts: add its description there.`);
    }
  }

  const stored = readResults();
  for (const figure of figures) {
    stored.figures[figure.metric] = Number.isFinite(figure.value) ? figure.value : null;
    reported.add(figure.metric);
  }
  writeResults(stored);
}

/**
 * Ends a run: records where and when it ran (a full run keeps only the figures it measured
 * itself) and writes bench/RESULTS.md from the results.
 */
export function finishRun(run: RunInfo): void {
  const stored = readResults();
  if (run.only) {
    // The figures not measured now are the last full run's.
    const earlier = stored.run?.only ? stored.earlier : stored.run;
    writeResults({ run, earlier, figures: stored.figures });
  } else {
    const figures = Object.entries(stored.figures).filter(([metric]) => reported.has(metric));
    writeResults({ run, figures: Object.fromEntries(figures) });
  }
  writeResultsMarkdown();
  console.log(`\nWrote ${resultsPath} and ${resultsMarkdownPath}.`);
}

/** Writes bench/RESULTS.md from bench/results.json. */
export function writeResultsMarkdown(): void {
  writeFileSync(resultsMarkdownPath, renderResults(readResults()));
}
