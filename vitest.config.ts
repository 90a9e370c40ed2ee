import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // one graphql instance for type-graphql, Apollo and the tests
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    pool: "forks",
    include: ["test/**/*.test.ts"],
    // the long crash loops run with `npm run test:slow` (vitest.slow.config.ts)
    exclude: [...configDefaults.exclude, "test/slow/**"],
    setupFiles: ["test/setup/fast-check.ts"],
    // every process a test starts (API, worker, CLI) shares this data key, as a deployment's processes do
    env: { DATA_ENCRYPTION_KEY: "OQgG4VmNgN1ileP5kAQOmaQRhjWhREbX2LZID/UELfg=" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
