import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The e2e suites spawn the compiled bot and CLI: build dist/ first when src/ is newer.
    globalSetup: ['test/support/build-once.ts'],
    // e2e tests start real servers on loopback; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
