// Brings dist/ up to date once before any test file runs (only the bundles whose sources changed),
// so that CLI tests spawn the same bundles the README's commands run, and no two test files
// rebuild them at the same time.
module.exports = async function globalSetup() {
  const { ENTRIES, isStale } = await import("../tools/bundles.mjs");
  const stale = ENTRIES.filter(isStale);
  if (stale.length === 0) return;
  const { build } = await import("../tools/build.mjs");
  build(stale);
};
