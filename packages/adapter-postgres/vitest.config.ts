import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'adapter-postgres',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Test files share one database server; running them one after another keeps timings honest on 2 cores.
    fileParallelism: false,
  },
});
