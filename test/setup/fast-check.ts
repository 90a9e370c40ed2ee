import fc from "fast-check";

// Property tests are seeded so `npm test` is repeatable; `npm run test:slow` runs them with
// PROPERTY_SCALE=100 (a hundred times the cases). FC_SEED replays another seed.
const scale = Number(process.env.PROPERTY_SCALE ?? "1");
fc.configureGlobal({
  seed: Number(process.env.FC_SEED ?? "20261206"),
  numRuns: Math.max(1, Math.round(100 * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
});
