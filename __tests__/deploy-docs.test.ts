/** The README lists exactly the emulator gaps that the deploy suite asserts (__tests__/deploy/emulator-gaps.json). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

test("the README's emulator-gap table names exactly the gaps the deploy suite asserts", () => {
  const gaps = (
    JSON.parse(readFileSync(join(ROOT, "__tests__", "deploy", "emulator-gaps.json"), "utf8")) as { gaps: { id: string }[] }
  ).gaps.map((g) => g.id);
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("**What the emulator cannot serve**"), readme.indexOf("Not proven here at all"));
  const listed = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
  expect(gaps.length).toBeGreaterThan(0);
  expect(listed).toEqual(gaps);
});
