// Builds dist/ once before any test file runs, so that CLI tests spawn the same bundle the
// README's commands run, and no two test files rebuild it at the same time.
const { execFileSync } = require("node:child_process");
const { join } = require("node:path");

module.exports = async function globalSetup() {
  execFileSync(process.execPath, [join(__dirname, "..", "tools", "build.mjs")], { stdio: "inherit" });
};
