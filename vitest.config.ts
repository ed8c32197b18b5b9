import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,shared,client,e2e,bench}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Browser journeys on a loaded 2-core machine; their own waits give up sooner (15 s), naming
    // what they waited for.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // `expect.poll` waits as long as those waits do: its default (1 s) counted a page loading
    // and reading the model catalog under a full suite as a failure.
    expect: { poll: { timeout: 15_000 } },
    // Browser journeys and real-database suites share 2 cores: keep them from starving each other.
    maxWorkers: 2,
  },
});
