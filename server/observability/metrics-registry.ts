/**
 * A small Prometheus registry: counters, gauges and histograms with fixed buckets and labels,
 * written in the text exposition format (version 0.0.4). Values are this process's own; each
 * process is scraped. See docs/operating.md for what each metric means.
 */

/** Label values by label name; a metric's series is one set of them. */
export type Labels = Record<string, string>;

type Series<T> = Map<string, { labels: Labels; value: T }>;

type Metric = {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  /** Refreshes values read at scrape time (health gauges); may be slow, so it is awaited. */
  collect?: (() => Promise<void>) | undefined;
  lines(): string[];
};

export function createRegistry() {
  const metrics: Metric[] = [];

  const register = <T extends Metric>(metric: T): T => {
    if (metrics.some((other) => other.name === metric.name)) {
      throw new Error(`metric ${metric.name} is registered twice`);
    }
    metrics.push(metric);
    return metric;
  };

  return {
    counter(name: string, help: string) {
      const series: Series<number> = new Map();
      const metric = register({
        name,
        help,
        type: 'counter' as const,
        lines: () => valueLines(name, series),
        inc(labels: Labels = {}, by = 1) {
          const entry = entryOf(series, labels, 0);
          entry.value += by;
        },
        /** The current value of one series (tests). */
        value: (labels: Labels = {}) => series.get(seriesKey(labels))?.value ?? 0,
      });
      return metric;
    },

    gauge(
      name: string,
      help: string,
      collect?: (set: (value: number, labels?: Labels) => void) => Promise<void>,
    ) {
      const series: Series<number> = new Map();
      const set = (value: number, labels: Labels = {}) => {
        entryOf(series, labels, 0).value = value;
      };
      return register({
        name,
        help,
        type: 'gauge' as const,
        collect: collect && (() => collect(set)),
        lines: () => valueLines(name, series),
        set,
        inc(labels: Labels = {}) {
          entryOf(series, labels, 0).value += 1;
        },
        dec(labels: Labels = {}) {
          entryOf(series, labels, 0).value -= 1;
        },
        value: (labels: Labels = {}) => series.get(seriesKey(labels))?.value ?? 0,
      });
    },

    /**
     * `buckets`: upper bounds, in seconds for durations, ascending; `+Inf` is added. The series
     * without labels is shown from the start, empty, so a rate over it exists before any value.
     */
    histogram(name: string, help: string, buckets: readonly number[]) {
      const series: Series<{ counts: number[]; sum: number; count: number }> = new Map();
      const empty = () => ({ counts: buckets.map(() => 0), sum: 0, count: 0 });
      entryOf(series, {}, empty());
      return register({
        name,
        help,
        type: 'histogram' as const,
        lines: () => histogramLines(name, buckets, series),
        observe(value: number, labels: Labels = {}) {
          const entry = entryOf(series, labels, empty()).value;
          buckets.forEach((bound, index) => {
            if (value <= bound) entry.counts[index] = (entry.counts[index] ?? 0) + 1;
          });
          entry.sum += value;
          entry.count += 1;
        },
        /** How many values were observed in one series (tests). */
        count: (labels: Labels = {}) => series.get(seriesKey(labels))?.value.count ?? 0,
      });
    },

    /** Every metric in the exposition format, after refreshing the ones read at scrape time. */
    async expose(): Promise<string> {
      await Promise.all(metrics.map((metric) => metric.collect?.()));
      const blocks = metrics.map((metric) =>
        [
          `# HELP ${metric.name} ${metric.help}`,
          `# TYPE ${metric.name} ${metric.type}`,
          ...metric.lines(),
        ].join('\n'),
      );
      return `${blocks.join('\n')}\n`;
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;

function entryOf<T>(series: Series<T>, labels: Labels, initial: T) {
  const key = seriesKey(labels);
  let entry = series.get(key);
  if (!entry) {
    entry = { labels, value: initial };
    series.set(key, entry);
  }
  return entry;
}

const seriesKey = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((name) => `${name}=${labels[name]}`)
    .join(',');

function valueLines(name: string, series: Series<number>): string[] {
  return [...series.values()].map(
    ({ labels, value }) => `${name}${labelText(labels)} ${formatNumber(value)}`,
  );
}

function histogramLines(
  name: string,
  buckets: readonly number[],
  series: Series<{ counts: number[]; sum: number; count: number }>,
): string[] {
  return [...series.values()].flatMap(({ labels, value }) => [
    ...buckets.map(
      (bound, index) =>
        `${name}_bucket${labelText({ ...labels, le: formatNumber(bound) })} ${value.counts[index] ?? 0}`,
    ),
    `${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${value.count}`,
    `${name}_sum${labelText(labels)} ${formatNumber(value.sum)}`,
    `${name}_count${labelText(labels)} ${value.count}`,
  ]);
}

function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** The exposition format's escapes for a label value: backslash, quote and line feed. */
const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const formatNumber = (value: number) =>
  Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
