import { findMetric, type Metric, type MetricSection, metricSections } from './metrics.ts';
import type { Results, RunInfo } from './results-file.ts';

/** How a figure stands against its budget. */
export type Verdict = 'met' | 'missed' | 'not recorded' | 'no budget';

export function verdict(metric: Metric, value: number | null | undefined): Verdict {
  if (metric.budget === undefined) return 'no budget';
  if (value === null || value === undefined) return 'not recorded';
  return value <= metric.budget ? 'met' : 'missed';
}

/**
 * bench/RESULTS.md for `results`: the run's machine and date, then each figure beside its
 * budget and its floor, section by section as `sections` orders them; figures the table does
 * not know come last, so a new one is never dropped. Tables are padded as the formatter wants.
 */
export function renderResults(
  results: Results,
  sections: readonly MetricSection[] = metricSections,
): string {
  const { figures } = results;
  const value = (metric: string) => figures[metric];
  const known = new Set(sections.flatMap((section) => section.metrics.map((m) => m.metric)));
  const budgeted = sections.flatMap((section) => section.metrics.filter((m) => m.budget));
  const verdicts = budgeted.map((m) => ({
    metric: m.metric,
    verdict: verdict(m, value(m.metric)),
  }));
  const named = (which: Verdict) =>
    verdicts.filter((v) => v.verdict === which).map((v) => `\`${v.metric}\``);
  const missed = named('missed');
  const unrecorded = named('not recorded');

  const lines = [
    '# Benchmark results',
    '',
    '`npm run bench` writes this file from `bench/results.json`, and `npm run bench:report`',
    'writes it again from that file alone. Do not edit it: what each figure measures, its budget',
    'and its floor are in `bench/lib/metrics.ts`.',
    '',
    runLine(results),
    '',
    `Budgets met: ${named('met').length} of ${budgeted.length}.` +
      (missed.length > 0 ? ` Missed: ${missed.join(', ')}.` : '') +
      (unrecorded.length > 0 ? ` Not recorded: ${unrecorded.join(', ')}.` : ''),
    '',
    'A budget is met when the figure is at most the budget. A floor is the same input, stream',
    'or reload measured in the same run with no app in the way (a bare page, a bare `node:http`',
    'server): what the browser, the network stack or the kernel alone takes on that machine.',
    'Figures from about a hundred samples move by about a frame from run to run.',
  ];
  for (const section of sections) {
    lines.push('', `## ${section.title}`, '');
    lines.push(
      ...table(
        ['metric', 'what', 'figure', 'budget', 'floor', 'result'],
        section.metrics.map((m) => {
          const result = verdict(m, value(m.metric));
          return [
            `\`${m.metric}\``,
            m.description,
            show(value(m.metric), m),
            m.budget === undefined ? '—' : `≤ ${withUnit(m.budget, m)}`,
            m.floor === undefined ? '—' : show(value(m.floor), findMetric(m.floor) ?? m),
            result === 'no budget' ? '' : result,
          ];
        }),
      ),
    );
  }
  const others = Object.keys(figures)
    .filter((metric) => !known.has(metric))
    .sort();
  if (others.length > 0) {
    lines.push('', '## Other figures', '', 'Not yet described in `bench/lib/metrics.ts`.', '');
    lines.push(
      ...table(
        ['metric', 'figure'],
        others.map((metric) => [`\`${metric}\``, String(value(metric) ?? '—')]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

function runLine({ run, earlier }: Results): string {
  if (!run) return 'The machine and the date of this run were not recorded.';
  const line = `Measured on ${describeRun(run)}; server, browser and load on one machine, over loopback.`;
  if (!run.only) return line;
  const rest = earlier ? `on ${describeRun(earlier)}` : 'in an earlier run';
  return `${line} That run measured only ${run.only}; the other figures were measured ${rest}.`;
}

function describeRun(run: RunInfo): string {
  return `${run.date}: ${run.cpu}, ${run.cores} cores, Node ${run.node}, Chromium ${run.chromium}, ${run.database}`;
}

function show(value: number | null | undefined, metric: Metric): string {
  return value === null || value === undefined ? '—' : withUnit(value, metric);
}

function withUnit(value: number, metric: Metric): string {
  return metric.unit === 'count' ? String(value) : `${value} ${metric.unit}`;
}

/** A Markdown table with every column padded to its widest cell, as Biome formats one. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((cell, i) =>
    Math.max(3, cell.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
