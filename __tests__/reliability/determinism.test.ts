import { readdirSync } from "node:fs";
import { hostname, tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { type LoadedScenario, loadScenario } from "../../config/load";
import { CONFIG_DIR, ROOT, synthScenario } from "../support/scenario";

/**
 * Determinism: the same config gives the same bytes, and the output carries nothing of the machine
 * it was made on (paths, time, host, user), so that a plan reviewed here is the plan applied there.
 */

/** The embedded default plus every example in config/ (default.json is the embedded default itself). */
const EXAMPLES: readonly [string, () => LoadedScenario][] = [
  ["the embedded default", () => loadScenario({})],
  ...readdirSync(CONFIG_DIR)
    .filter((file) => file.endsWith(".json") && file !== "default.json")
    .sort()
    .map((file): [string, () => LoadedScenario] => [`config/${file}`, () => loadScenario({ VPCE_CONFIG: join(CONFIG_DIR, file) })]),
];

const firstSynths = new Map<string, string>();

/** The first synth of an example, made once: the embedded default's is compared with default.json's and with its own second synth. */
function firstSynthOf(name: string, load: () => LoadedScenario): string {
  const json = firstSynths.get(name) ?? synthScenario(load()).json;
  firstSynths.set(name, json);
  return json;
}

/** Words too common to prove a leak when they appear (a user named "root", a host named "vm"). */
const COMMON_WORDS = new Set([
  "root",
  "admin",
  "user",
  "users",
  "ubuntu",
  "runner",
  "node",
  "app",
  "default",
  "test",
  "localhost",
  "ec2-user",
  "build",
  "ci",
  "docker",
  "vm",
  "host",
  "main",
  "web",
  "ops",
  "data",
]);

/** Machine-specific strings worth looking for: distinctive enough that a match is a leak, not a coincidence. */
function machineMarkers(): string[] {
  const names = [hostname(), hostname().split(".")[0], userInfo().username];
  return [...new Set(names)].filter((name) => name.length >= 4 && !COMMON_WORDS.has(name.toLowerCase()));
}

describe("determinism: every example synthesizes to the same bytes, with nothing of this machine in them", () => {
  test("there is more than the default to check", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(4);
  });

  test("VPCE_CONFIG=config/default.json gives the embedded default's bytes (its scripts resolve against config/ either way)", () => {
    const embedded = firstSynthOf("the embedded default", () => loadScenario({}));
    expect(synthScenario(loadScenario({ VPCE_CONFIG: join(CONFIG_DIR, "default.json") })).json === embedded).toBe(true);
  });

  test.each(EXAMPLES)("%s: two in-process synths are byte-identical and machine-free", (name, load) => {
    // GIVEN the same config loaded twice WHEN each is synthesized in a fresh app
    const first = firstSynthOf(name, load);
    const second = synthScenario(load()).json;
    // THEN the Terraform JSON is the same, byte for byte
    expect(second === first).toBe(true);
    // AND it holds no absolute local path, timestamp, host name or user name
    expect(first).not.toContain(ROOT);
    expect(first).not.toContain(tmpdir());
    expect(first).not.toMatch(/(^|[^\w$}])\/(tmp|home|Users)\//);
    expect(first).not.toMatch(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    for (const marker of machineMarkers()) expect(first).not.toMatch(new RegExp(`\\b${marker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`));
  });
});
