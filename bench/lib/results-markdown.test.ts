import { describe, expect, test } from 'vitest';
import { findMetric, type MetricSection, metricSections } from './metrics.ts';
import { parseResults } from './results-file.ts';
import { renderResults } from './results-markdown.ts';

const sections: MetricSection[] = [
  {
    title: 'Typing',
    metrics: [
      {
        metric: 'echo.p95_ms',
        description: 'Enter until painted',
        unit: 'ms',
        budget: 16,
        floor: 'echo.floor_p95_ms',
      },
      { metric: 'echo.floor_p95_ms', description: 'floor: a bare page', unit: 'ms' },
      { metric: 'switch.p95_ms', description: 'a click until painted', unit: 'ms', budget: 33 },
      { metric: 'rows', description: 'rows mounted', unit: 'count', budget: 40 },
    ],
  },
];

const run = {
  date: '2026-12-02',
  cpu: 'AMD EPYC',
  cores: 2,
  node: 'v20.20.2',
  chromium: '156.0.8078.114',
  database: 'Postgres',
};

/** The table row of `metric` in `markdown`, split into trimmed cells. */
function row(markdown: string, metric: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| \`${metric}\` `));
  if (!line) throw new Error(`no row for ${metric}`);
  return line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

describe('bench/RESULTS.md', () => {
  test('a figure within its budget is met, one over it missed, and the summary names the miss', () => {
    const markdown = renderResults(
      { run, figures: { 'echo.p95_ms': 16, 'switch.p95_ms': 33.1, rows: 8 } },
      sections,
    );
    expect(row(markdown, 'echo.p95_ms')).toEqual([
      '`echo.p95_ms`',
      'Enter until painted',
      '16 ms',
      '≤ 16 ms',
      '—',
      'met',
    ]);
    expect(row(markdown, 'switch.p95_ms').at(-1)).toBe('missed');
    expect(row(markdown, 'rows').slice(2)).toEqual(['8', '≤ 40', '—', 'met']);
    expect(markdown).toContain('Budgets met: 2 of 3. Missed: `switch.p95_ms`.');
  });

  test('a floor measured in the same run stands beside the figure it bounds', () => {
    const markdown = renderResults(
      { run, figures: { 'echo.p95_ms': 9.4, 'echo.floor_p95_ms': 9.7 } },
      sections,
    );
    expect(row(markdown, 'echo.p95_ms').slice(2)).toEqual(['9.4 ms', '≤ 16 ms', '9.7 ms', 'met']);
    expect(row(markdown, 'echo.floor_p95_ms').slice(2)).toEqual(['9.7 ms', '—', '—', '']);
  });

  test('a figure the run did not take is shown as not recorded, never as met', () => {
    const markdown = renderResults({ run, figures: { 'echo.p95_ms': 9.4, rows: null } }, sections);
    expect(row(markdown, 'switch.p95_ms').slice(2)).toEqual(['—', '≤ 33 ms', '—', 'not recorded']);
    expect(row(markdown, 'rows').at(-1)).toBe('not recorded');
    expect(markdown).toContain('Budgets met: 1 of 3. Not recorded: `switch.p95_ms`, `rows`.');
  });

  test('the machine and date head the page, and a partial run says which parts it measured and when the rest were', () => {
    const full = renderResults({ run, figures: {} }, sections);
    expect(full).toContain(
      'Measured on 2026-12-02: AMD EPYC, 2 cores, Node v20.20.2, Chromium 156.0.8078.114, Postgres',
    );
    expect(full).not.toContain('measured only');
    const partial = renderResults(
      { run: { ...run, date: '2026-12-04', only: 'open, sync' }, earlier: run, figures: {} },
      sections,
    );
    expect(partial).toContain(
      'That run measured only open, sync; the other figures were measured on 2026-12-02: AMD EPYC',
    );
  });

  test('a results file of plain metric → number still renders, without machine or date', () => {
    const results = parseResults({ 'echo.p95_ms': 9.4 });
    const markdown = renderResults(results, sections);
    expect(markdown).toContain('The machine and the date of this run were not recorded.');
    expect(row(markdown, 'echo.p95_ms')[2]).toBe('9.4 ms');
  });

  test('a figure the table does not describe yet is still listed', () => {
    const markdown = renderResults({ run, figures: { 'new.metric_ms': 3 } }, sections);
    expect(markdown).toContain('## Other figures');
    expect(row(markdown, 'new.metric_ms')).toEqual(['`new.metric_ms`', '3']);
  });

  test('every column of a table is padded to its widest cell', () => {
    const markdown = renderResults({ run, figures: { 'echo.p95_ms': 9.4 } }, sections);
    const tableLines = markdown.split('\n').filter((line) => line.startsWith('|'));
    const lengths = new Set(tableLines.map((line) => line.length));
    expect(lengths.size).toBe(1);
  });
});

describe('the metrics table', () => {
  const all = metricSections.flatMap((section) => section.metrics);

  test('names each metric once', () => {
    const names = all.map((m) => m.metric);
    expect(new Set(names).size).toBe(names.length);
  });

  test('pairs figures only with floors it describes, which have no budget of their own', () => {
    for (const metric of all) {
      if (metric.floor === undefined) continue;
      expect(findMetric(metric.floor), metric.metric).toBeDefined();
      expect(findMetric(metric.floor)?.budget, metric.floor).toBeUndefined();
    }
  });
});
