/**
 * `review NEW --baseline OLD` and `review PLAN --diff` (issue #13, the access diff): what a change
 * does to who can reach the bucket. Each case synthesizes config/multi-endpoint.json and an edit of
 * it in-process, writes both Terraform JSON documents to a temp folder and reviews them through
 * `review(args)`; each asserts the exact changed rows of the JSON contract
 * (`changes: [{ stack, origin, principal, action, resource, before, after, because }]`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { review, type ReviewResult } from "../../cli/review/run";
import type { ScenarioConfigInput } from "../../config/schema";
import { CONFIG_DIR, ROOT, scenarioOf, synthScenario } from "../support/scenario";

interface Change {
  stack: string;
  origin: string;
  principal: string;
  action: string;
  resource: string;
  before: string;
  after: string;
  because: { before: string | null; after: string | null };
}

interface DiffJson {
  planBefore?: string;
  stacks: { stack: string; baseline: string; new: string }[];
  changes: Change[];
  boot: { stack: string; instance: string; before: unknown; after: unknown }[];
  findings: { added: { stack: string; id: string; address: string }[]; removed: { stack: string; id: string; address: string }[] };
  unchanged: number;
}

type Config = Partial<ScenarioConfigInput> & { endpointGroups: { name: string; tiers: string[]; access?: unknown }[]; access: Record<string, unknown> };

/** config/multi-endpoint.json, with its scripts folder resolved from the project root. */
function multiEndpoint(): Config {
  const config = JSON.parse(readFileSync(join(CONFIG_DIR, "multi-endpoint.json"), "utf8")) as Config & { bucket: Record<string, unknown> };
  return { ...config, bucket: { ...config.bucket, scriptsDir: "scripts" } };
}

let scratch: string;
const written = new Map<string, string>();

/** Synthesizes a config in-process and writes its Terraform JSON as `<name>.tf.json`; returns the file name. */
function synthTo(name: string, config: Config, edit: (doc: Record<string, unknown>) => void = () => undefined): string {
  const file = `${name}.tf.json`;
  if (!written.has(file)) {
    const doc = JSON.parse(synthScenario(scenarioOf(config as Partial<ScenarioConfigInput>)).json) as Record<string, unknown>;
    edit(doc);
    writeFileSync(join(scratch, file), JSON.stringify(doc, null, 2));
    written.set(file, file);
  }
  return file;
}

function run(...args: string[]): ReviewResult {
  return review(args, { cwd: scratch, env: {} });
}

function diffOf(...args: string[]): DiffJson {
  const result = run(...args, "--format", "json");
  expect(result.stderr).not.toMatch(/^error:/m);
  return JSON.parse(result.stdout) as DiffJson;
}

/** A change as a compact tuple: principal, origin, action, short resource, before → after. */
function compact(change: Change): string {
  const resource = change.resource.replace(/^\$\{aws_s3_bucket\.([A-Za-z]+)_[0-9A-F]{8}\.arn\}/, "$1");
  return `${change.principal} ${change.origin} ${change.action} ${resource}: ${change.before} → ${change.after}`;
}

let base: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "review-diff-"));
  base = synthTo("base", multiEndpoint());
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("exploration", () => {
  test("prints", () => {
    const moved = multiEndpoint();
    moved.endpointGroups = [{ ...moved.endpointGroups[0]!, tiers: ["web"] }, { ...moved.endpointGroups[1]!, tiers: ["ops", "app"] }];
    const cases: Record<string, string> = {
      moved: synthTo("moved", moved),
      readWrite: synthTo("read-write", { ...multiEndpoint(), endpointGroups: multiEndpoint().endpointGroups.map((g) => (g.name === "readers" ? { ...g, access: "read-write" } : g)) }),
      s3star: synthTo("s3-star", { ...multiEndpoint(), endpointGroups: multiEndpoint().endpointGroups.map((g) => (g.name === "readers" ? { ...g, access: { actions: ["s3:GetObject", "s3:*"] } } : g)) }),
      admins: synthTo("admins", { ...multiEndpoint(), access: { ...multiEndpoint().access, adminPrincipalArns: ["arn:aws:iam::111122223333:role/break-glass"] } }),
      tags: synthTo("tags", { ...multiEndpoint(), tags: { team: "platform" } }),
    };
    for (const [name, file] of Object.entries(cases)) {
      const diff = diffOf(file, "--baseline", base);
      process.stderr.write(`\n=== ${name}: unchanged ${diff.unchanged}\n${diff.changes.map(compact).join("\n")}\nboot ${JSON.stringify(diff.boot)}\nfindings ${JSON.stringify(diff.findings)}\n`);
    }
    expect(ROOT).toBeDefined();
  });
});
