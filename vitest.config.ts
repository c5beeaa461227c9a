import { defineConfig } from 'vitest/config';

// Module tests run against a real database: PGlite by default, PostgreSQL when TEST_DB=pg.
// globalSetup migrates one template database once; each test file clones it (see server/test/).
export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'web/**/*.test.ts', 'web/**/*.test.tsx'],
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
