import { join, resolve } from "node:path";

// Apart from scenario.ts, so that a test that only spawns the bundles or reads files does not load cdktf and the providers.

/** The project root: the tests run from the source tree. */
export const ROOT = resolve(__dirname, "..", "..");
export const CONFIG_DIR = join(ROOT, "config");
