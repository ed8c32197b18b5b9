import { existsSync } from 'node:fs';
import { writeResultsMarkdown } from './lib/results.ts';
import { resultsMarkdownPath, resultsPath } from './lib/results-file.ts';

// `npm run bench:report`: bench/RESULTS.md again from bench/results.json, without measuring
// (after a change to the descriptions or budgets in bench/lib/metrics.ts, say).

if (!existsSync(resultsPath)) {
  console.error(`No ${resultsPath}: run \`npm run bench\` first.`);
  process.exit(1);
}
writeResultsMarkdown();
console.log(`Wrote ${resultsMarkdownPath}.`);
