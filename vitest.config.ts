import { defineConfig } from 'vitest/config';

// Three projects, run in this order by scripts/test.mjs:
//  unit         pure code, fakes allowed, fast
//  integration  real pty pairs (socat), real files, real worker threads (needs `npm run build` first)
//  e2e          the browser host driven in Debian Chromium through playwright-core
export default defineConfig({
  test: {
    projects: [
      // 30 s, not vitest's 5 s: the statistical simulations (thousands of simulated sets) and the
      // file fuzz take 1-5 s alone and several times that on a loaded 2-core runner; a timeout is no
      // assertion, and a hung test still fails
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
