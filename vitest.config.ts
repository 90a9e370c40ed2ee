import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // one graphql instance for type-graphql, Apollo and the tests
    alias: { graphql: "graphql/index.js" },
  },
  test: {
    pool: "forks",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
