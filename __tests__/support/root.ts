import { resolve } from "node:path";

/**
 * The project root: the tests run from the source tree. Kept apart from scenario.ts so that a test that
 * only spawns processes (state-safety, the CLI helpers) does not load cdktf and the stacks for it.
 */
export const ROOT = resolve(__dirname, "..", "..");
