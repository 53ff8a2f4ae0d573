/**
 * The real-world Terraform JSON written by other projects. It is kept outside the repository, in
 * `../shared/fixtures/real-world/` beside a checkout (see its README), so a plain clone lacks it.
 * Tests that read it go through `describeWithRealWorld`: where the folder is absent they skip with
 * one notice, and in CI (`CI=true`, where shared/ is checked out beside the repo) they fail.
 * No cdktf import, so that the analysis tests that use it load fast.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const REAL_WORLD_DIR = join(__dirname, "..", "..", "..", "shared", "fixtures", "real-world");

const present = existsSync(REAL_WORLD_DIR);
let warned = false;

/** The file names in the folder ending in `suffix`, sorted; none when it is absent. */
export function realWorldFiles(suffix = ".json"): string[] {
  return present
    ? readdirSync(REAL_WORLD_DIR)
        .filter((name) => name.endsWith(suffix))
        .sort()
    : [];
}

/** `describe` when the fixtures are there; otherwise a skip with a notice, or in CI one failing test. */
export function describeWithRealWorld(name: string, body: () => void): void {
  if (present) {
    describe(name, () => {
      test("the real-world fixtures are there", () => expect(realWorldFiles().length).toBeGreaterThanOrEqual(5));
      body();
    });
    return;
  }
  if (process.env.CI === "true") {
    describe(name, () => {
      test("the real-world fixtures are there", () => {
        throw new Error(`${REAL_WORLD_DIR} is missing: CI checks shared/ out beside the repository`);
      });
    });
    return;
  }
  if (!warned) console.warn(`SKIPPED: real-world fixtures not found at ${REAL_WORLD_DIR} (they live in shared/, beside a checkout)`);
  warned = true;
  // The body is not run: its test tables would be empty, which jest refuses.
  test.skip(`${name} (needs the real-world fixtures)`, () => undefined);
}
