// Before any test file runs, and once, so that no two test files build at the same time:
// - brings dist/ up to date (only the bundles whose sources changed), so that CLI tests spawn the same
//   bundles the README's commands run;
// - bundles the packages every synthesizing test file loads (see setup/dependency-bundle.js).
module.exports = async function globalSetup() {
  require("./setup/dependency-bundle").ensureDependencyBundle();
  const { ENTRIES, isStale } = await import("../tools/bundles.mjs");
  const stale = ENTRIES.filter(isStale);
  if (stale.length === 0) return;
  const { build } = await import("../tools/build.mjs");
  build(stale);
};
