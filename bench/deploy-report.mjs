// Rewrites BENCHMARKS.md's deploy-suite section from bench/results/deploy-phases.json; the deploy
// suite (`npm run test:deploy`) runs it after each complete run.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { updateBenchmarksDeploySection } from "./lib/deploy-section.mjs";

updateBenchmarksDeploySection(join(dirname(fileURLToPath(import.meta.url)), ".."));
