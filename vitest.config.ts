import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,shared,client,e2e}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser journeys and real-database suites share 2 cores: keep them from starving each other.
    maxWorkers: 2,
  },
});
