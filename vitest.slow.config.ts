import { defineConfig } from "vitest/config";

// `npm run test:slow`: the long crash loops, and every property test (`*.property.test.ts`)
// with a hundred times the generated cases of `npm test`.
export default defineConfig({
  resolve: {
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    pool: "forks",
    include: ["test/slow/**/*.test.ts", "test/**/*.property.test.ts"],
    setupFiles: ["test/setup/fast-check.ts"],
    env: { PROPERTY_SCALE: "100", DATA_ENCRYPTION_KEY: "OQgG4VmNgN1ileP5kAQOmaQRhjWhREbX2LZID/UELfg=" },
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
  },
});
