import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
    // CI asks for a JSON report beside the usual output, to print one summary line.
    reporters: process.env.DANCU_TEST_REPORT
      ? ['default', ['json', { outputFile: process.env.DANCU_TEST_REPORT }]]
      : ['default'],
  },
});
