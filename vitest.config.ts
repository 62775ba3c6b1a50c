import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// '@clearinghouse/source' makes workspace packages resolve to their TypeScript source in tests.
const conditions = ['@clearinghouse/source', ...defaultServerConditions];
const shared = {
  resolve: { conditions },
  ssr: { resolve: { conditions } },
};

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['packages/*/test/unit/**/*.test.ts', 'packages/cli/test/*.test.ts'],
          environment: 'node',
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['packages/*/test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'browser',
          include: ['packages/web/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
