import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where and when the figures were measured. */
export const RunInfo = z.object({
  /** The day the run ended, YYYY-MM-DD. */
  date: z.string(),
  cpu: z.string(),
  cores: z.number().int().positive(),
  node: z.string(),
  chromium: z.string(),
  /** The database the server ran on: Postgres, or the embedded PGlite. */
  database: z.string(),
  /**
   * The parts `BENCH_ONLY` limited the run to, comma-separated (a string, not an array, so the
   * file is written as the formatter wants it); the other figures are from `earlier`.
   */
  only: z.string().optional(),
});
export type RunInfo = z.infer<typeof RunInfo>;

/** metric → number; null for a figure the run could not take (JSON has no NaN). */
const Figures = z.record(z.string(), z.number().nullable());

const CurrentFile = z.object({
  run: RunInfo.optional(),
  earlier: RunInfo.optional(),
  figures: Figures,
});

/** The results of `npm run bench` as bench/results.json holds them. */
export type Results = {
  /** The latest run. */
  run?: RunInfo | undefined;
  /** The last full run, when the latest measured only some parts. */
  earlier?: RunInfo | undefined;
  figures: Record<string, number | null>;
};

export const resultsPath = fileURLToPath(new URL('../results.json', import.meta.url));
export const resultsMarkdownPath = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

/**
 * Reads results as written by any version of the bench: `{ run, figures }`, or a plain
 * metric → number object with no run information.
 */
export function parseResults(json: unknown): Results {
  const current = CurrentFile.safeParse(json);
  if (current.success) return current.data;
  const plain = Figures.safeParse(json);
  if (plain.success) return { figures: plain.data };
  throw new Error(`bench/results.json is neither { run, figures } nor metric → number`);
}

/** The results at `path`; none when the file is missing. */
export function readResults(path = resultsPath): Results {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { figures: {} };
  }
  return parseResults(JSON.parse(text));
}

export function writeResults(results: Results, path = resultsPath): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
