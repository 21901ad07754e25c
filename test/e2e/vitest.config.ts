import { defineConfig } from 'vitest/config';

/** The browser test: `npm run test:e2e` (needs Chromium; CHROMIUM_PATH or /usr/bin/chromium). */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    globalSetup: ['test/global-setup.ts', 'test/e2e/build-web.ts'],
    ...(process.env.DANCU_TEST_REPORT
      ? { reporters: ['default', 'json'], outputFile: { json: process.env.DANCU_TEST_REPORT } }
      : {}),
  },
});
