import { defineConfig } from "vitest/config";

// `npm run test:slow`: the long crash loops, kept out of `npm test`.
export default defineConfig({
  resolve: {
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    pool: "forks",
    include: ["test/slow/**/*.test.ts"],
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
  },
});
