import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Scans verify online by default; no test may reach the real Cencori. Tests of verification
    // pass their own env (CENCORI_API_URL pointing at test/helpers/fake-cencori.ts).
    env: { CENCORI_SCAN_OFFLINE: '1' },
  },
});
