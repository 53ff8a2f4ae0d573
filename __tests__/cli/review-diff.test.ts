/**
 * `review NEW --baseline OLD` and `review PLAN --diff` (issue #13, the access diff): what a change
 * does to who can reach the bucket. Each case synthesizes config/multi-endpoint.json and an edit of
 * it in-process, writes both Terraform JSON documents to a temp folder and reviews them through
 * `review(args)`; each asserts the exact changed rows of the JSON contract
 * (`changes: [{ stack, origin, principal, action, resource, before, after, because }]`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeAccess } from "../../analysis/access";
import type { Topology } from "../../analysis/topology/model";
import { review, type ReviewResult } from "../../cli/review/run";
import type { ScenarioConfigInput } from "../../config/schema";
import { describeWithRealWorld, REAL_WORLD_DIR, realWorldFiles } from "../support/real-world";
import { CONFIG_DIR, ROOT, scenarioOf, synthScenario } from "../support/scenario";
import { sharedAccessAnalyzer } from "../support/shared-analyzer";

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

type Config = Partial<ScenarioConfigInput> & {
  endpointGroups: { name: string; tiers: string[]; access?: unknown }[];
  access: Record<string, unknown>;
};

/** config/multi-endpoint.json, with its scripts folder resolved from the project root. */
function multiEndpoint(): Config {
  const config = JSON.parse(readFileSync(join(CONFIG_DIR, "multi-endpoint.json"), "utf8")) as Config & { bucket: Record<string, unknown> };
  return { ...config, bucket: { ...config.bucket, scriptsDir: "scripts" } };
}

let scratch: string;
const written = new Set<string>();
/** Terraform JSON by config: a config synthesizes to the same bytes every time (determinism.test.ts), so each is synthesized once. */
const synthesized = new Map<string, string>();

/** Synthesizes a config in-process and writes its Terraform JSON as `<name>.tf.json`; returns the file name. */
function synthTo(name: string, config: Config, edit: (doc: Record<string, unknown>) => void = () => undefined): string {
  const file = `${name}.tf.json`;
  if (!written.has(file)) {
    const key = JSON.stringify(config);
    const json = synthesized.get(key) ?? synthScenario(scenarioOf(config as Partial<ScenarioConfigInput>)).json;
    synthesized.set(key, json);
    const doc = JSON.parse(json) as Record<string, unknown>;
    edit(doc);
    writeFileSync(join(scratch, file), JSON.stringify(doc, null, 2));
    written.add(file);
  }
  return file;
}

/** The access matrix of a topology seen before is shared: most cases review the same base against an edit of it. */
const sharedAnalyzer = sharedAccessAnalyzer();

function run(...args: string[]): ReviewResult {
  return review(args, { cwd: scratch, env: {}, analyzer: sharedAnalyzer });
}

/**
 * The JSON diff of `review ARGS --format json`. The review is a function of its arguments and of the
 * files, each written once, so tests that assert on the same diff share one run.
 */
const diffs = new Map<string, DiffJson>();
function diffOf(...args: string[]): DiffJson {
  const key = JSON.stringify(args);
  const shared = diffs.get(key);
  if (shared !== undefined) return shared;
  const result = run(...args, "--format", "json");
  expect(result.stderr).not.toMatch(/^error:/m);
  const diff = JSON.parse(result.stdout) as DiffJson;
  diffs.set(key, diff);
  return diff;
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

/** multi-endpoint.json with one group changed. */
function withGroup(name: string, change: Record<string, unknown>): Config {
  const config = multiEndpoint();
  return { ...config, endpointGroups: config.endpointGroups.map((group) => (group.name === name ? { ...group, ...change } : group)) };
}

const OBJECTS = ["00-prepare.sh", "10-app.sh", "90-health.sh"].map((script) => `ScriptBucket/bootstrap/${script}`);
const FRONTEND_OBJECTS = ["00-prepare.sh", "90-health.sh"].map((script) => `ScriptBucket/bootstrap/${script}`);
const BUCKET_ACTIONS = ["s3:ListBucket", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"];
const PLATFORM_ADMIN = "admin:arn:aws:iam::111122223333:role/platform-admin";

describe("moving a tier to another endpoint group", () => {
  // GIVEN multi-endpoint.json with tier app moved from readers (read) to publishers (read-write)
  const moved = (): string => {
    const config = multiEndpoint();
    return synthTo("moved", {
      ...config,
      endpointGroups: [
        { ...config.endpointGroups[0]!, tiers: ["web"] },
        { ...config.endpointGroups[1]!, tiers: ["ops", "app"] },
      ],
    });
  };

  test("moves every row of the tier's instance from the old endpoint to the new one, and its boot path", () => {
    // WHEN diffed against the original
    const diff = diffOf(moved(), "--baseline", base);
    // THEN worker's rows leave endpoint:readers and appear on endpoint:publishers with the decisions of that endpoint
    const on = (origin: string, decisions: Record<string, string>, arrow: (d: string) => string): string[] => [
      ...["s3:GetObject", "s3:PutObject", "s3:DeleteObject"].flatMap((action) =>
        OBJECTS.map((object) => `instance:worker ${origin} ${action} ${object}: ${arrow(decisions[action] ?? "")}`),
      ),
      ...BUCKET_ACTIONS.map((action) => `instance:worker ${origin} ${action} ScriptBucket: ${arrow(decisions[action] ?? "ImplicitDeny")}`),
    ];
    expect(diff.changes.map(compact)).toEqual([
      ...on(
        "endpoint:publishers",
        { "s3:GetObject": "Allow", "s3:PutObject": "ImplicitDeny", "s3:DeleteObject": "ExplicitDeny" },
        (d) => `absent → ${d}`,
      ),
      ...on(
        "endpoint:readers",
        { "s3:GetObject": "Allow", "s3:PutObject": "ExplicitDeny", "s3:DeleteObject": "ExplicitDeny" },
        (d) => `${d} → absent`,
      ),
    ]);
    expect(diff.unchanged).toBe(207);
    // AND the boot check names the new endpoint; no finding comes or goes
    expect(diff.boot).toEqual([
      expect.objectContaining({
        instance: "worker",
        before: expect.objectContaining({ canFetchScripts: true, path: expect.arrayContaining(["endpoint readers"]) }),
        after: expect.objectContaining({ canFetchScripts: true, path: expect.arrayContaining(["endpoint publishers"]) }),
      }),
    ]);
    expect(diff.findings).toEqual({ added: [], removed: [] });
  });

  test("gives each changed row its reason on both sides, null where the row is absent", () => {
    const diff = diffOf(moved(), "--baseline", base);
    const gone = diff.changes.find((change) => change.origin === "endpoint:readers" && change.action === "s3:PutObject");
    expect(gone?.because).toEqual({ before: 'denied by bucket policy statement "DenyWritesThroughReadOnlyEndpoints" (Deny)', after: null });
    const added = diff.changes.find((change) => change.origin === "endpoint:publishers" && change.action === "s3:GetObject");
    expect(added?.because.before).toBeNull();
    expect(added?.because.after).toMatch(
      /^allowed by identity policy of role worker statement "ReadOwnBootScripts" \(Allow\), through endpoint policy of publishers/,
    );
  });
});

describe("widening a group to read-write", () => {
  const readWrite = (): string => synthTo("read-write", withGroup("readers", { access: "read-write" }));

  test("lets the admin and any account principal write through the group's endpoint: the read-only deny is gone", () => {
    // GIVEN the readers group turned from read to read-write
    // WHEN diffed against the original
    const diff = diffOf(readWrite(), "--baseline", base);
    // THEN PutObject through endpoint:readers is no longer explicitly denied; it is allowed where an identity policy grants it
    expect(diff.changes.map(compact)).toEqual([
      ...FRONTEND_OBJECTS.map((object) => `instance:frontend endpoint:readers s3:PutObject ${object}: ExplicitDeny → ImplicitDeny`),
      ...OBJECTS.map((object) => `instance:worker endpoint:readers s3:PutObject ${object}: ExplicitDeny → ImplicitDeny`),
      "admin endpoint:readers s3:PutObject ScriptBucket/bootstrap/00-prepare.sh: ExplicitDeny → Allow",
      `${PLATFORM_ADMIN} endpoint:readers s3:PutObject ScriptBucket/bootstrap/00-prepare.sh: ExplicitDeny → Unknown`,
      "account-principal endpoint:readers s3:PutObject ScriptBucket/bootstrap/00-prepare.sh: ExplicitDeny → Allow",
      "anonymous endpoint:readers s3:PutObject ScriptBucket/bootstrap/00-prepare.sh: ExplicitDeny → ImplicitDeny",
    ]);
    const insider = diff.changes.find((change) => change.principal === "account-principal");
    expect(insider?.because.before).toBe('denied by bucket policy statement "DenyWritesThroughReadOnlyEndpoints" (Deny)');
    expect(diff.boot).toEqual([]);
  });

  test("says so in the pull-request comment, one sentence per widening", () => {
    const result = run(readWrite(), "--baseline", base, "--format", "markdown");
    expect(result.exitCode).toBe(0);
    // AND each sentence names the statement that made the difference
    expect(result.stdout).toContain(
      "- This change lets `account-principal` `s3:PutObject` on `ScriptBucket/bootstrap/00-prepare.sh` via " +
        "`endpoint:readers` (bucket policy statement `DenyWritesThroughReadOnlyEndpoints` no longer applies).",
    );
    expect(result.stdout).toContain("## Widenings (2)");
    expect(result.stdout).toMatch(
      new RegExp(
        "^2 widenings, 0 narrowings, 1 possible widening, 6 other access changes, 0 boot check " +
          String.raw`changes, 0 findings added, 0 removed; 211 rows unchanged\.$`,
        "m",
      ),
    );
    expect(result.stdout).not.toContain("## Narrowings");
    // AND the exempt administrator, whose account is known only at apply, is a possible widening
    expect(result.stdout).toContain(
      "## Possible widenings (1): now Unknown, on a value the input does not give\n\n- This change may let " +
        "`admin:arn:aws:iam::111122223333:role/platform-admin` `s3:PutObject`",
    );
  });

  test("--fail-on-widening exits 1 and says how many", () => {
    const result = run(readWrite(), "--baseline", base, "--fail-on-widening");
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^2 widenings \(a change that ends in Allow\): exit 1$/m);
  });

  test("the reverse change is two narrowings, and --fail-on-widening passes it", () => {
    const result = run(base, "--baseline", readWrite(), "--fail-on-widening", "--format", "json");
    expect(result.exitCode).toBe(0);
    const diff = JSON.parse(result.stdout) as DiffJson;
    expect(diff.changes.filter((change) => change.before === "Allow").map(compact)).toEqual([
      "admin endpoint:readers s3:PutObject ScriptBucket/bootstrap/00-prepare.sh: Allow → ExplicitDeny",
      "account-principal endpoint:readers s3:PutObject ScriptBucket/bootstrap/00-prepare.sh: Allow → ExplicitDeny",
    ]);
    expect(diff.changes.filter((change) => change.after === "Allow")).toEqual([]);
  });
});

describe("adding s3:* to a group", () => {
  test("opens every object and bucket-policy action through its endpoint, and adds the policy-rewrite finding", () => {
    // GIVEN the readers group granted s3:* besides s3:GetObject
    const file = synthTo("s3-star", withGroup("readers", { access: { actions: ["s3:GetObject", "s3:*"] } }));
    // WHEN diffed against the original
    const diff = diffOf(file, "--baseline", base);
    // THEN no write through endpoint:readers is explicitly denied any more; the admins and any account principal may
    // now write and manage the policy
    const instance = (name: string, objects: readonly string[]): string[] =>
      ["s3:PutObject", "s3:DeleteObject"].flatMap((action) =>
        objects.map((object) => `instance:${name} endpoint:readers ${action} ${object}: ExplicitDeny → ImplicitDeny`),
      );
    const principal = (name: string, after: string, objectAfter = after): string[] => [
      ...["s3:PutObject", "s3:DeleteObject"].map(
        (action) => `${name} endpoint:readers ${action} ScriptBucket/bootstrap/00-prepare.sh: ExplicitDeny → ${objectAfter}`,
      ),
      ...(name === "anonymous"
        ? []
        : BUCKET_ACTIONS.slice(1).map((action) => `${name} endpoint:readers ${action} ScriptBucket: ImplicitDeny → ${after}`)),
    ];
    expect(diff.changes.map(compact)).toEqual([
      ...instance("frontend", FRONTEND_OBJECTS),
      ...instance("worker", OBJECTS),
      ...principal("admin", "Allow"),
      ...principal(PLATFORM_ADMIN, "Unknown"),
      ...principal("account-principal", "Allow"),
      ...principal("anonymous", "ImplicitDeny"),
    ]);
    expect(diff.findings.added).toEqual([
      expect.objectContaining({ id: "VPCE-005", address: "aws_vpc_endpoint.Endpoints_readers_8B5F0CC1", severity: "high" }),
    ]);
    expect(diff.findings.removed).toEqual([]);
  });
});

describe("dropping the TLS deny from the bucket policy", () => {
  test("changes no access row (the matrix asks over TLS) and adds the TLS finding", () => {
    // GIVEN the synthesized bucket policy without its aws:SecureTransport=false Deny
    const file = synthTo("no-tls", multiEndpoint(), (doc) => {
      const policies = (doc["resource"] as Record<string, Record<string, { policy: string }>>)["aws_s3_bucket_policy"] ?? {};
      const scripts = Object.entries(policies).find(([name]) => name.startsWith("BucketPolicy_"))?.[1];
      if (scripts === undefined) throw new Error("no script bucket policy");
      const policy = JSON.parse(scripts.policy) as { Statement: { Condition?: { Bool?: Record<string, string> } }[] };
      const kept = policy.Statement.filter((statement) => statement.Condition?.Bool?.["aws:SecureTransport"] !== "false");
      expect(kept.length).toBe(policy.Statement.length - 1);
      scripts.policy = JSON.stringify({ ...policy, Statement: kept });
    });
    // WHEN diffed against the original
    const diff = diffOf(file, "--baseline", base);
    // THEN the S3-005 finding is added on the bucket policy, and nothing else changes
    expect(diff.changes).toEqual([]);
    expect(diff.boot).toEqual([]);
    expect(diff.findings.added.map(({ id, address }) => `${id} ${address}`)).toEqual(["S3-005 aws_s3_bucket_policy.BucketPolicy_E058A091"]);
    expect(diff.findings.removed).toEqual([]);
  });
});

describe("changing adminPrincipalArns", () => {
  test("the replaced administrator's rows disappear and the new one's appear with the same decisions", () => {
    // GIVEN the exempt administrator platform-admin replaced by break-glass
    const file = synthTo("admins", {
      ...multiEndpoint(),
      access: { ...multiEndpoint().access, adminPrincipalArns: ["arn:aws:iam::111122223333:role/break-glass"] },
    });
    // WHEN diffed against the original
    const diff = diffOf(file, "--baseline", base);
    // THEN every platform-admin row is gone and a break-glass row stands in for each, with its decision
    const before =
      (
        JSON.parse(run(base, "--format", "json").stdout) as {
          stacks: { access: { principal: string; origin: string; action: string; resource: string; decision: string }[] }[];
        }
      ).stacks[0]?.access ?? [];
    const admins = before.filter((row) => row.principal === PLATFORM_ADMIN);
    expect(admins.length).toBe(28);
    const row = (principal: string, r: (typeof admins)[number], side: string): string =>
      compact({
        ...r,
        principal,
        stack: "",
        before: side === "before" ? r.decision : "absent",
        after: side === "after" ? r.decision : "absent",
        because: { before: null, after: null },
      });
    expect(diff.changes.map(compact)).toEqual([
      ...admins.map((r) => row("admin:arn:aws:iam::111122223333:role/break-glass", r, "after")),
      ...admins.map((r) => row(PLATFORM_ADMIN, r, "before")),
    ]);
    expect(diff.changes.some((change) => change.after === "Allow")).toBe(false);
  });
});

describe("a change that touches nothing the review reads", () => {
  test("a new tag gives no row, and --fail-on-widening exits 0", () => {
    // GIVEN the same config with one more default tag
    const file = synthTo("tagged", { ...multiEndpoint(), tags: { team: "platform" } });
    // WHEN diffed against the original with --fail-on-widening
    const result = run(file, "--baseline", base, "--fail-on-widening", "--format", "json");
    // THEN nothing changed and the gate passes
    expect(result.exitCode).toBe(0);
    const diff = JSON.parse(result.stdout) as DiffJson;
    expect(diff).toEqual({
      stacks: [{ stack: "tagged", baseline: base, new: file }],
      changes: [],
      boot: [],
      findings: { added: [], removed: [] },
      unchanged: 220,
    });
  });

  test("identical inputs give no rows in every format and exit 0", () => {
    for (const format of ["text", "markdown", "json", "sarif"]) {
      const result = run(base, "--baseline", base, "--format", format, "--fail-on-widening");
      expect(result.exitCode).toBe(0);
      if (format === "json") expect((JSON.parse(result.stdout) as DiffJson).changes).toEqual([]);
      if (format === "sarif") expect((JSON.parse(result.stdout) as { runs: { results: unknown[] }[] }).runs[0]?.results).toEqual([]);
      if (format === "text" || format === "markdown")
        expect(result.stdout).toContain("No change to who can reach the bucket: 220 rows unchanged.");
    }
  });
});

/** A `terraform show -json`-shaped plan whose prior state holds `before`'s resources and planned values `after`'s. */
function planOf(before: string, after: string, priorFrom: "prior_state" | "resource_changes"): Record<string, unknown> {
  const resources = (file: string): Record<string, unknown>[] => {
    const doc = JSON.parse(readFileSync(join(scratch, file), "utf8")) as Record<string, Record<string, Record<string, unknown>>>;
    return (["resource", "data"] as const).flatMap((block) =>
      Object.entries(doc[block] ?? {}).flatMap(([type, byName]) =>
        Object.entries(byName).map(([name, values]) => ({
          address: `${block === "data" ? "data." : ""}${type}.${name}`,
          mode: block === "data" ? "data" : "managed",
          type,
          name,
          values,
        })),
      ),
    );
  };
  const prior = resources(before);
  const planned = resources(after);
  const configuration = { provider_config: { aws: { name: "aws", expressions: { region: { constant_value: "us-west-2" } } } } };
  const plan: Record<string, unknown> = { format_version: "1.2", planned_values: { root_module: { resources: planned } }, configuration };
  if (priorFrom === "prior_state") plan["prior_state"] = { format_version: "1.0", values: { root_module: { resources: prior } } };
  else
    plan["resource_changes"] = prior.map(({ address, mode, type, name, values }) => ({
      address,
      mode,
      type,
      name,
      change: { actions: ["update"], before: values, after: {} },
    }));
  return plan;
}

describe("review PLAN --diff", () => {
  test.each(["prior_state", "resource_changes"] as const)(
    "compares the plan's before (%s) with its planned values, like --baseline does",
    (priorFrom) => {
      // GIVEN a plan from the original stack to the read-write one
      const after = synthTo("read-write", withGroup("readers", { access: "read-write" }));
      const file = `plan-${priorFrom}.json`;
      writeFileSync(join(scratch, file), JSON.stringify(planOf(base, after, priorFrom)));
      // WHEN reviewed with --diff
      const result = run(file, "--diff", "--format", "json", "--fail-on-widening");
      // THEN the changes are those of the two stacks, and the widenings fail the gate
      const diff = JSON.parse(result.stdout) as DiffJson;
      expect(diff.planBefore).toBe(priorFrom);
      expect(diff.changes.map(compact)).toEqual(diffOf(after, "--baseline", base).changes.map(compact));
      expect(diff.unchanged).toBe(211);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`before from ${priorFrom}`);
    },
  );

  test("a plan that creates everything says so, and every row appears", () => {
    // GIVEN real terraform show -json output of a plan with no prior state (only a data source)
    const plan = join(ROOT, "__tests__/cli/fixtures/boot-plan.json");
    // WHEN reviewed with --diff
    const result = run(plan, "--diff", "--format", "json");
    const rows = (
      JSON.parse(run(plan, "--format", "json").stdout) as { stacks: { access: { decision: string }[]; instances: unknown[] }[] }
    ).stacks[0];
    // THEN the note says there is nothing before, and each row of the plan's review appears
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      "The plan has no prior state and no before values in its resource changes (it creates every resource): every row appears.",
    );
    const diff = JSON.parse(result.stdout) as DiffJson;
    expect(diff.planBefore).toBe("none");
    expect(diff.changes.map((change) => `${change.before} → ${change.after}`)).toEqual(
      rows?.access.map((row) => `absent → ${row.decision}`),
    );
    expect(diff.boot.map((change) => `${change.instance}: ${String(change.before)}`)).toEqual([
      "edge: absent",
      "web[0]: absent",
      "web[1]: absent",
    ]);
    expect(diff.unchanged).toBe(0);
    expect(run(plan, "--diff").stdout.replace(/\s+/g, " ")).toContain("(it creates every resource): every row appears.");
  });

  test("a state has no before and after to compare", () => {
    const state = { format_version: "1.0", values: { root_module: { resources: [] } } };
    writeFileSync(join(scratch, "state.json"), JSON.stringify(state));
    const result = run("state.json", "--diff");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      "error: state.json: --diff needs a saved plan: a state, not a saved plan: it has no planned values to compare " +
        "with (run terraform show -json on a plan file)\n",
    );
  });

  test("Terraform JSON is refused, pointing to --baseline", () => {
    const result = run(base, "--diff");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        String.raw`^error: base\.tf\.json: --diff compares the before and after of one terraform show -json ` +
          String.raw`plan, and this is Terraform JSON; to compare two inputs, pass --baseline OLD instead\n$`,
      ),
    );
  });
});

describe("bad arguments and inputs", () => {
  test("--baseline and --diff together name both flags", () => {
    const result = run(base, "--baseline", base, "--diff");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: option '--diff' cannot be used with option '--baseline <old>'\n$/);
  });

  test("an unreadable baseline is named as the baseline, on one line", () => {
    const result = run(base, "--baseline", "missing.tf.json");
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("error: baseline input missing.tf.json: no such file or folder\n");
  });

  test("a NEW input that is not JSON is named as NEW", () => {
    writeFileSync(join(scratch, "broken.tf.json"), "{ not json");
    const result = run("broken.tf.json", "--baseline", base);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: NEW input broken\.tf\.json: not valid JSON \(.+\)\n$/);
  });

  test("a side with no bucket is refused unless --allow-empty", () => {
    writeFileSync(join(scratch, "empty.tf.json"), JSON.stringify({ resource: {} }));
    const refused = run(base, "--baseline", "empty.tf.json");
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^error: baseline input empty\.tf\.json: no resource or data block, so there is nothing to review/);
    const accepted = run(base, "--baseline", "empty.tf.json", "--allow-empty", "--format", "json");
    expect(accepted.exitCode).toBe(0);
    const diff = JSON.parse(accepted.stdout) as DiffJson;
    expect(diff.changes.length).toBe(220);
    expect(diff.changes.every((change) => change.before === "absent")).toBe(true);
  });

  test("--fail-on-widening without a baseline, and a diagram format with one, are usage errors", () => {
    expect(run(base, "--fail-on-widening")).toEqual({
      stdout: "",
      stderr: "error: option '--fail-on-widening' needs --baseline <old> or --diff (it gates an access diff)\n",
      exitCode: 2,
    });
    const dot = run(base, "--baseline", base, "--format", "dot");
    expect(dot.exitCode).toBe(2);
    expect(dot.stderr).toBe("error: --format dot does not show a diff; with --baseline use one of text, markdown, json, sarif\n");
  });
});

describe("the text and SARIF formats", () => {
  const readWrite = (): string => synthTo("read-write", withGroup("readers", { access: "read-write" }));

  test("text fits the terminal's width", () => {
    const result = review([readWrite(), "--baseline", base], { cwd: scratch, env: {}, stdoutIsTTY: true, stdoutColumns: 60 });
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.filter((line) => line.length > 60)).toEqual([]);
    expect(result.stdout).toContain("Widenings (2)");
    expect(result.stdout).toContain("  - This change lets account-principal s3:PutObject on");
  });

  test("SARIF has one error per widening and one note per narrowing, at the bucket's block in NEW", () => {
    const result = run(base, "--baseline", readWrite(), "--format", "sarif");
    const sarif = JSON.parse(result.stdout) as {
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
            logicalLocations: { fullyQualifiedName: string }[];
          }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]?.results ?? [];
    expect(results.map((r) => `${r.ruleId} ${r.level}`)).toEqual(["ACCESS-NARROWING note", "ACCESS-NARROWING note"]);
    const bucketLine =
      readFileSync(join(scratch, base), "utf8")
        .split("\n")
        .findIndex((line) => line.includes('"ScriptBucket_7411736E": {')) + 1;
    for (const r of results) {
      expect(r.locations[0]?.physicalLocation.artifactLocation.uri).toBe(base);
      expect(r.locations[0]?.physicalLocation.region.startLine).toBe(bucketLine);
      expect(r.locations[0]?.logicalLocations.map((l) => l.fullyQualifiedName)).toEqual([
        "aws_s3_bucket.ScriptBucket_7411736E",
        "aws_vpc_endpoint.Endpoints_readers_8B5F0CC1",
      ]);
    }
    const widening = JSON.parse(run(readWrite(), "--baseline", base, "--format", "sarif").stdout) as typeof sarif;
    expect(widening.runs[0]?.results.map((r) => `${r.ruleId} ${r.level}`)).toEqual(["ACCESS-WIDENING error", "ACCESS-WIDENING error"]);
  });
});

describe("--fail-on with a baseline", () => {
  test("counts only the findings the change adds", () => {
    // GIVEN s3:* added to readers (adds the high VPCE-005), and a tag-only change (adds nothing), while the original already has findings
    const star = synthTo("s3-star", withGroup("readers", { access: { actions: ["s3:GetObject", "s3:*"] } }));
    const tagged = synthTo("tagged", { ...multiEndpoint(), tags: { team: "platform" } });
    // WHEN gated with --fail-on high
    const failing = run(star, "--baseline", base, "--fail-on", "high");
    const passing = run(tagged, "--baseline", base, "--fail-on", "low");
    // THEN only the change that adds a high finding fails
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toMatch(/^1 finding added at or above high: exit 1$/m);
    expect(passing.exitCode).toBe(0);
    expect(passing.stderr).toMatch(/^no finding added at or above low$/m);
  });
});

describeWithRealWorld("the access diff of real-world Terraform JSON", () => {
  const files = realWorldFiles();
  test.each(files)("%s against itself is empty, and against the next file is a valid diff", (file) => {
    const path = join(REAL_WORLD_DIR, file);
    const same = review([path, "--baseline", path, "--allow-empty", "--format", "json"], { cwd: scratch, env: {} });
    expect(same.exitCode).toBe(0);
    expect(JSON.parse(same.stdout)).toEqual(expect.objectContaining({ changes: [], boot: [], findings: { added: [], removed: [] } }));
    const other = join(REAL_WORLD_DIR, files[(files.indexOf(file) + 1) % files.length] ?? file);
    for (const format of ["text", "markdown", "json", "sarif"]) {
      const result = review([path, "--baseline", other, "--allow-empty", "--format", format], { cwd: scratch, env: {} });
      expect([result.exitCode, result.stderr]).toEqual([0, expect.not.stringMatching(/^error:/m)]);
    }
  });
});

describe("cost", () => {
  test("analyzes each input once, for --baseline and for --diff", () => {
    // GIVEN an analyzer that counts its calls
    const seen: string[] = [];
    const analyzer = (topology: Topology): ReturnType<typeof analyzeAccess> => {
      seen.push(topology.name);
      return analyzeAccess(topology);
    };
    // WHEN a baseline diff and a plan diff run
    review([synthTo("tagged", { ...multiEndpoint(), tags: { team: "platform" } }), "--baseline", base, "--format", "json"], {
      cwd: scratch,
      env: {},
      analyzer,
    });
    review([join(ROOT, "__tests__/cli/fixtures/boot-plan.json"), "--diff", "--format", "json"], { cwd: scratch, env: {}, analyzer });
    // THEN each side was analyzed exactly once
    expect(seen).toEqual(["tagged", "base", "boot-plan", "boot-plan"]);
  });
});

describe("the README", () => {
  test("shows the pull-request comment of a real run: the default scenario's readers group turned read-write", () => {
    // GIVEN the default scenario in main.out and the same with readers read-write in cdktf.out, as the README's command reads them
    const write = (out: string, config: Partial<ScenarioConfigInput>): void => {
      const folder = join(scratch, out, "stacks", "vpce-demo");
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "cdk.tf.json"), synthScenario(scenarioOf({ project: "vpce-demo", ...config })).json);
    };
    write("main.out", {});
    write("cdktf.out", {
      endpointGroups: [
        { name: "readers", tiers: ["app"], access: "read-write" },
        { name: "publishers", tiers: ["ops"], access: "read-write" },
      ],
    } as Partial<ScenarioConfigInput>);
    // WHEN reviewed as the README says
    const result = run("cdktf.out", "--baseline", "main.out", "--format", "markdown");
    // THEN the README's block is that output
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const block = /````markdown\n(# Access diff\n[\s\S]*?)\n````\n/.exec(readme)?.[1];
    expect(`${block ?? ""}\n`).toBe(result.stdout);
  });
});

describe("stacks pair by name", () => {
  test("in two cdktf.out folders, a stack only NEW has is new and one only OLD has is gone", () => {
    // GIVEN new.out with stacks a and b, old.out with stacks b and c, all the same document
    const doc = readFileSync(join(scratch, base), "utf8");
    for (const [out, stack] of [
      ["new.out", "a"],
      ["new.out", "b"],
      ["old.out", "b"],
      ["old.out", "c"],
    ] as const) {
      mkdirSync(join(scratch, out, "stacks", stack), { recursive: true });
      writeFileSync(join(scratch, out, "stacks", stack, "cdk.tf.json"), doc);
    }
    // WHEN diffed
    const diff = diffOf("new.out", "--baseline", "old.out");
    // THEN b is paired and unchanged, a's rows all appear and c's all disappear
    expect(diff.stacks).toEqual([
      { stack: "a", baseline: "absent", new: "new.out/stacks/a/cdk.tf.json" },
      { stack: "b", baseline: "old.out/stacks/b/cdk.tf.json", new: "new.out/stacks/b/cdk.tf.json" },
      { stack: "c", baseline: "old.out/stacks/c/cdk.tf.json", new: "absent" },
    ]);
    expect(diff.unchanged).toBe(220);
    expect([
      ...new Set(
        diff.changes.map(
          (change) => `${change.stack} ${change.before === "absent" ? "appears" : change.after === "absent" ? "disappears" : "changes"}`,
        ),
      ),
    ]).toEqual(["a appears", "c disappears"]);
    expect(diff.changes.length).toBe(440);
    const markdown = run("new.out", "--baseline", "old.out", "--format", "markdown").stdout;
    expect(markdown).toContain("Stack `a` is new: every row of it appears.");
    expect(markdown).toContain("Stack `c` is gone: every row of it disappears.");
  });
});
