/**
 * `review` on synthesized stacks: the default scenario and config/multi-endpoint.json, each
 * synthesized once by the real app (`dist/main.js`) into a temp `cdktf.out`, then reviewed
 * in-process through `review(args)` in every format. Golden snapshots pin the output; the key
 * facts of the design are asserted on their own, so that a snapshot is never the only check.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccessReport } from "../../analysis/access/types";
import { reviewStack } from "../../cli/review/analyze";
import { resolveInput } from "../../cli/review/input";
import type { StackReview } from "../../cli/review/model";
import { review, type ReviewResult } from "../../cli/review/run";
import { CONFIG_DIR, ROOT } from "../support/paths";
import { sharedAccessAnalyzer } from "../support/shared-analyzer";
import { describeWithTool } from "../support/system-tool";

interface JsonStack {
  stack: string;
  file: string;
  access: { origin: string; principal: string; action: string; resource: string; decision: string; because: string }[];
  instances: { name: string; canFetchScripts: boolean; path: string[] }[];
  findings: { id: string; severity: string; address: string; message: string; fix: string }[];
  cost: { natUsdPerMonth: number | null; gbPerMonth: number; note: string };
}

const FORMATS = ["text", "markdown", "json", "sarif", "mermaid", "dot"] as const;
const workspaces: string[] = [];

/**
 * Synthesizes a config into `<tmp>/cdktf.out` with the real app (`dist/main.js`) and resolves `<tmp>`, the cwd
 * for review. Asynchronous, so that the configs synthesize side by side.
 */
function synthesize(config?: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "review-"));
  workspaces.push(dir);
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: join(dir, "cdktf.out") };
  if (config === undefined) delete env["VPCE_CONFIG"];
  else env["VPCE_CONFIG"] = config;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "dist", "main.js")], { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (status) =>
      status === 0 ? resolve(dir) : reject(new Error(`synth of ${config ?? "the default"} failed (${status}): ${stderr}`)),
    );
  });
}

const reviewed = new Map<string, ReviewResult>();
/** The three stacks are reviewed in every format: each access matrix is computed once. */
const sharedAnalyzer = sharedAccessAnalyzer();

/** `review ARGS` in `cwd`, in-process; memoized, as several tests read the same output. */
function reviewIn(cwd: string, ...args: string[]): ReviewResult {
  const key = JSON.stringify([cwd, args]);
  const known = reviewed.get(key);
  if (known !== undefined) return known;
  const result = review(args, { cwd, stdoutIsTTY: false, env: {}, analyzer: sharedAnalyzer });
  reviewed.set(key, result);
  return result;
}

/** What `review --format FORMAT` prints for `<cwd>/cdktf.out`. */
function printed(cwd: string, format: (typeof FORMATS)[number]): string {
  return reviewIn(cwd, "--format", format).stdout;
}

const analyses = new Map<string, StackReview[]>();

/** The analysis of `<cwd>/cdktf.out`, once per folder, for the tests of the diagram's data. */
function analysisOf(cwd: string): StackReview[] {
  const known = analyses.get(cwd);
  if (known !== undefined) return known;
  // The S3 traffic feeds only the cost note, which these tests do not read.
  const reviews = resolveInput("cdktf.out", cwd).map((input) => reviewStack(input, { s3GbMonth: 100 }));
  analyses.set(cwd, reviews);
  return reviews;
}

function stacksOf(result: ReviewResult): JsonStack[] {
  return (JSON.parse(result.stdout) as { stacks: JsonStack[] }).stacks;
}

function decisionOf(stack: JsonStack, origin: string, principal: string, action: string): string[] {
  return [
    ...new Set(stack.access.filter((r) => r.origin === origin && r.principal === principal && r.action === action).map((r) => r.decision)),
  ];
}

/** A config no example uses: three tiers, two groups, two instances. */
const UNSEEN = {
  project: "unseen",
  region: "eu-west-1",
  network: { cidr: "10.42.0.0/16", azCount: 2, natGateways: "single", tiers: [{ name: "front" }, { name: "back" }, { name: "tools" }] },
  bucket: { scriptsDir: join(ROOT, "scripts") },
  endpointGroups: [
    { name: "fetchers", tiers: ["front", "back"], access: "read" },
    { name: "shippers", tiers: ["tools"], access: "read-write" },
  ],
  instances: [
    { name: "api", tier: "back" },
    { name: "builder", tier: "tools" },
  ],
};

let defaultDir: string;
let multiDir: string;
let unseenDir: string;

beforeAll(async () => {
  const configDir = mkdtempSync(join(tmpdir(), "review-config-"));
  workspaces.push(configDir);
  const unseenConfig = join(configDir, "unseen.json");
  writeFileSync(unseenConfig, JSON.stringify(UNSEEN));
  [defaultDir, multiDir, unseenDir] = await Promise.all([
    synthesize(),
    synthesize(join(CONFIG_DIR, "multi-endpoint.json")),
    synthesize(unseenConfig),
  ]);
}, 30_000);

afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true });
});

describe("review of the default scenario", () => {
  let stack: JsonStack;
  beforeAll(() => {
    const result = reviewIn(defaultDir, "--format", "json");
    expect(result.exitCode).toBe(0);
    [stack] = stacksOf(result) as [JsonStack];
  });

  test("prints exactly the DESIGN §5 keys per stack, plus file and cost", () => {
    expect(Object.keys(stack).sort()).toEqual(["access", "cost", "file", "findings", "instances", "stack"]);
    expect(stack.stack).toBe("vpce-demo");
    expect(stack.file).toBe("cdktf.out/stacks/vpce-demo/cdk.tf.json");
    // The DESIGN §5 keys, plus the Terraform addresses the row is about (issue #12).
    const allowed = ["action", "address", "because", "decision", "origin", "originAddress", "principal", "principalAddress", "resource"];
    for (const row of stack.access) {
      expect(Object.keys(row).filter((key) => !allowed.includes(key))).toEqual([]);
      expect(row).toEqual(
        expect.objectContaining({
          action: expect.any(String),
          because: expect.any(String),
          decision: expect.any(String),
          origin: expect.any(String),
          principal: expect.any(String),
          resource: expect.any(String),
          address: expect.any(String),
        }),
      );
    }
  });

  test("allows web to GetObject through endpoint:readers", () => {
    expect(decisionOf(stack, "endpoint:readers", "instance:web", "s3:GetObject")).toEqual(["Allow"]);
  });

  test("denies web's GetObject through the NAT explicitly", () => {
    expect(decisionOf(stack, "nat", "instance:web", "s3:GetObject")).toEqual(["ExplicitDeny"]);
  });

  test("allows PutObject through a VPC origin only via endpoint:publishers (the admin is exempt)", () => {
    const puts = stack.access.filter((r) => r.action === "s3:PutObject" && r.decision === "Allow" && r.principal !== "admin");
    expect(puts.length).toBeGreaterThan(0);
    expect(new Set(puts.map((r) => r.origin))).toEqual(new Set(["endpoint:publishers"]));
  });

  test("lets the admin manage the bucket policy from the internet", () => {
    expect(decisionOf(stack, "internet", "admin", "s3:PutBucketPolicy")).toEqual(["Allow"]);
  });

  test("boot check: web fetches its scripts through the readers endpoint", () => {
    const web = stack.instances.find((i) => i.name === "web");
    expect(web?.canFetchScripts).toBe(true);
    expect(web?.path[web.path.length - 1]).toMatch(/readers/);
  });

  test("has no high finding, so --fail-on high exits 0", () => {
    expect(stack.findings.filter((f) => f.severity === "high")).toEqual([]);
    expect(reviewIn(defaultDir, "--fail-on", "high").exitCode).toBe(0);
  });

  test("prices the NAT path for --s3-gb-month", () => {
    const [priced] = stacksOf(reviewIn(defaultDir, "--format", "json", "--s3-gb-month", "1000"));
    expect(priced?.cost).toMatchObject({ gbPerMonth: 1000, natUsdPerMonth: 45 });
  });

  test("notes what it reads on stderr", () => {
    expect(reviewIn(defaultDir, "--format", "json").stderr).toBe("reading cdktf.out (1 stack)\n");
  });

  test.each(FORMATS)("%s output matches its snapshot", (format) => {
    expect(printed(defaultDir, format)).toMatchSnapshot();
  });
});

describe("review of config/multi-endpoint.json", () => {
  let stack: JsonStack;
  beforeAll(() => {
    [stack] = stacksOf(reviewIn(multiDir, "--format", "json")) as [JsonStack];
  });

  test("each instance reads through its own endpoint and is denied through the NAT", () => {
    for (const [instance, endpoint] of [
      ["frontend", "readers"],
      ["worker", "readers"],
      ["publisher", "publishers"],
    ]) {
      expect(decisionOf(stack, `endpoint:${endpoint}`, `instance:${instance}`, "s3:GetObject")).toEqual(["Allow"]);
      expect(decisionOf(stack, "nat", `instance:${instance}`, "s3:GetObject")).toEqual(["ExplicitDeny"]);
    }
  });

  test("allows writes only through the read-write group's endpoint", () => {
    const writes = stack.access.filter((r) => r.action === "s3:PutObject" && r.decision === "Allow" && r.principal !== "admin");
    expect(new Set(writes.map((r) => r.origin))).toEqual(new Set(["endpoint:publishers"]));
    expect(decisionOf(stack, "endpoint:readers", "instance:worker", "s3:PutObject")).toEqual(["ExplicitDeny"]);
  });

  test("every instance can boot", () => {
    expect(stack.instances.map((i) => [i.name, i.canFetchScripts]).sort()).toEqual([
      ["frontend", true],
      ["publisher", true],
      ["worker", true],
    ]);
  });

  test.each(FORMATS)("%s output matches its snapshot", (format) => {
    expect(printed(multiDir, format)).toMatchSnapshot();
  });
});

describe("review of a config never seen before (three tiers, two groups, two instances)", () => {
  let stack: JsonStack;
  beforeAll(() => {
    [stack] = stacksOf(reviewIn(unseenDir, "--format", "json")) as [JsonStack];
  });

  test("each instance reads through its own endpoint and is denied through the NAT", () => {
    expect(decisionOf(stack, "endpoint:fetchers", "instance:api", "s3:GetObject")).toEqual(["Allow"]);
    expect(decisionOf(stack, "endpoint:shippers", "instance:builder", "s3:GetObject")).toEqual(["Allow"]);
    expect(decisionOf(stack, "nat", "instance:api", "s3:GetObject")).toEqual(["ExplicitDeny"]);
    expect(decisionOf(stack, "nat", "instance:builder", "s3:GetObject")).toEqual(["ExplicitDeny"]);
  });

  test("writes are allowed only through the read-write group's endpoint", () => {
    const writes = stack.access.filter((r) => r.action === "s3:PutObject" && r.decision === "Allow" && r.principal !== "admin");
    expect(writes.length).toBeGreaterThan(0);
    expect(new Set(writes.map((r) => r.origin))).toEqual(new Set(["endpoint:shippers"]));
  });

  test("the admin manages the bucket policy from outside the VPC, and nothing is high", () => {
    expect(decisionOf(stack, "internet", "admin", "s3:PutBucketPolicy")).toEqual(["Allow"]);
    expect(stack.findings.filter((f) => f.severity === "high")).toEqual([]);
  });
});

describe("sarif", () => {
  let log: {
    $schema: string;
    version: string;
    runs: {
      tool: {
        driver: {
          name: string;
          informationUri: string;
          rules: {
            id: string;
            shortDescription: { text: string };
            fullDescription: { text: string };
            help: { text: string; markdown: string };
            defaultConfiguration: { level: string };
            properties: Record<string, unknown>;
          }[];
        };
      };
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: {
          physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          logicalLocations: { fullyQualifiedName: string; kind: string }[];
        }[];
      }[];
    }[];
  };

  beforeAll(() => {
    // The article's bare policies give findings to locate.
    const result = review([join(__dirname, "fixtures", "article-bare-policies.tf.json"), "--format", "sarif"], {
      cwd: join(__dirname, "..", ".."),
      env: {},
    });
    log = JSON.parse(result.stdout) as typeof log;
  });

  test("has the fields GitHub code scanning requires", () => {
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBeTruthy();
    expect(run.tool.driver.informationUri).toMatch(/^[a-z][a-z0-9+.-]*:/);
    expect(run.tool.driver.rules.length).toBeGreaterThanOrEqual(25);
    expect(run.results.length).toBeGreaterThan(0);
    for (const result of run.results) {
      expect(result.ruleId).toMatch(/^[A-Z0-9]+-\d{3}$/);
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.message.text.length).toBeGreaterThan(0);
      expect(["error", "warning", "note"]).toContain(result.level);
      expect(result.locations[0]?.physicalLocation.artifactLocation.uri).toBe("__tests__/cli/fixtures/article-bare-policies.tf.json");
      expect(result.locations[0]?.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(result.locations[0]?.logicalLocations[0]?.kind).toBe("resource");
    }
  });

  test("describes every rule with help and a severity mapped to a level", () => {
    for (const rule of log.runs[0]!.tool.driver.rules) {
      expect(rule.shortDescription.text).toBeTruthy();
      expect(rule.fullDescription.text).toBeTruthy();
      expect(rule.help.text).toContain("Fix:");
      expect(rule.help.markdown).toContain("**Fix:**");
      expect(["error", "warning", "note"]).toContain(rule.defaultConfiguration.level);
      expect(rule.properties["security-severity"]).toMatch(/^\d+\.\d$/);
    }
  });

  test("reports the lockout as an error at the bucket policy's block", () => {
    const lockout = log.runs[0]!.results.find((r) => r.ruleId === "S3-010");
    expect(lockout?.level).toBe("error");
    expect(lockout?.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBe("aws_s3_bucket_policy.secure");
    // The fixture's aws_s3_bucket_policy "secure" block opens on this line.
    const text = readFileSync(join(__dirname, "fixtures", "article-bare-policies.tf.json"), "utf8");
    const lines = text.split("\n");
    const typeLine = lines.findIndex((l) => l.includes('"aws_s3_bucket_policy": {'));
    const blockLine = lines.findIndex((l, i) => i > typeLine && l.includes('"secure": {')) + 1;
    expect(lockout?.locations[0]?.physicalLocation.region.startLine).toBe(blockLine);
  });

  test("points at the synthesized file relative to the working directory", () => {
    const sarif = JSON.parse(printed(defaultDir, "sarif")) as typeof log;
    expect(
      sarif.runs[0]?.results.every(
        (r) => r.locations[0]?.physicalLocation.artifactLocation.uri === "cdktf.out/stacks/vpce-demo/cdk.tf.json",
      ),
    ).toBe(true);
  });
});

describe("diagram formats", () => {
  test("mermaid starts with flowchart and has one edge per route table → endpoint association", () => {
    const mermaid = printed(multiDir, "mermaid");
    expect(mermaid.startsWith("flowchart")).toBe(true);
    const nodeIds = (prefix: string): string[] => [...mermaid.matchAll(new RegExp(`^\\s+(${prefix}\\w+)`, "gm"))].map((m) => m[1]!);
    const tables = new Set(nodeIds("s0_rt_"));
    const endpoints = new Set(nodeIds("s0_vpce_"));
    const associations = mermaid.split("\n").filter((line) => {
      const match = /^\s+(\S+) -->(?:\|[^|]*\|)? (\S+)$/.exec(line);
      return match !== null && tables.has(match[1]!) && endpoints.has(match[2]!);
    });
    // multi-endpoint: 3 AZs; readers on web + app (6 route tables), publishers on ops (3).
    expect(associations).toHaveLength(9);
  });

  test("the read-write endpoint's edge to the bucket shows the writes it grants, the read-only one's none", () => {
    // GIVEN multi-endpoint: publishers is read-write, readers read-only; the publisher instance's role only reads
    const [diagram] = analysisOf(multiDir).map((r) => r.diagram);
    const id = (label: string): string | undefined => diagram?.nodes.find((n) => n.label === label)?.id;
    const toBucket = (endpoint: string) => diagram?.edges.find((e) => e.from === id(`endpoint ${endpoint}`) && e.kind === "delivery");
    // THEN each endpoint's edge into the bucket agrees with that endpoint's grants
    expect(toBucket("publishers")?.allowed).toEqual(expect.arrayContaining(["GetObject", "PutObject"]));
    expect(toBucket("readers")?.allowed).toContain("GetObject");
    expect(toBucket("readers")?.allowed).not.toContain("PutObject");
  });

  test("lists the subnets in numeric CIDR order (10.20.9.0/24 before 10.20.10.0/24)", () => {
    const subnets = (analysisOf(multiDir)[0]?.diagram.nodes ?? [])
      .filter((n) => n.kind === "subnet")
      .map((n) => n.label.split(" ").pop() ?? "");
    const numeric = (cidr: string): number =>
      cidr
        .split("/")[0]!
        .split(".")
        .reduce((sum, part) => sum * 256 + Number(part), 0);
    expect(subnets.length).toBe(9);
    expect(subnets.map(numeric)).toEqual([...subnets.map(numeric)].sort((a, b) => a - b));
  });

  describeWithTool("dot", ["-V"], "graphviz", () => {
    test.each([
      ["default", () => defaultDir],
      ["multi-endpoint", () => multiDir],
    ])("dot -Tsvg renders the %s diagram", (_name, dir) => {
      const dot = printed(dir(), "dot");
      const rendered = spawnSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" });
      expect(rendered.stderr).toBe("");
      expect(rendered.status).toBe(0);
      expect(rendered.stdout).toContain("<svg");
      expect(rendered.stdout).toContain("endpoint readers");
      expect(rendered.stdout).toContain("public subnet");
      expect(rendered.stdout).toContain("internet gateway");
    });
  });
});

describe("text colors", () => {
  test("paints decisions only on a terminal without NO_COLOR", () => {
    const tty = review([], { cwd: defaultDir, stdoutIsTTY: true, env: {}, analyzer: sharedAnalyzer });
    expect(tty.stdout).toContain("\u001b[32m");
    expect(review([], { cwd: defaultDir, stdoutIsTTY: true, env: { NO_COLOR: "1" }, analyzer: sharedAnalyzer }).stdout).not.toContain(
      "\u001b[",
    );
    expect(review([], { cwd: defaultDir, stdoutIsTTY: false, env: {}, analyzer: sharedAnalyzer }).stdout).not.toContain("\u001b[");
    // Only the text format is ever painted.
    expect(
      review(["--format", "markdown"], { cwd: defaultDir, stdoutIsTTY: true, env: {}, analyzer: sharedAnalyzer }).stdout,
    ).not.toContain("\u001b[");
  });
});

describe("input resolution", () => {
  test("reads a single cdk.tf.json and a folder with only a manifest.json", () => {
    const file = reviewIn(defaultDir, "cdktf.out/stacks/vpce-demo/cdk.tf.json", "--format", "json");
    expect(stacksOf(file).map((s) => s.stack)).toEqual(["vpce-demo"]);
    // A manifest that points at the stack file elsewhere.
    const alt = mkdtempSync(join(tmpdir(), "review-manifest-"));
    workspaces.push(alt);
    const manifest = {
      stacks: { "vpce-demo": { synthesizedStackPath: join(defaultDir, "cdktf.out", "stacks", "vpce-demo", "cdk.tf.json") } },
      version: "0.21.0",
    };
    writeFileSync(join(alt, "manifest.json"), JSON.stringify(manifest));
    const viaManifest = review([alt, "--format", "json"], { cwd: defaultDir, env: {}, analyzer: sharedAnalyzer });
    expect(viaManifest.exitCode).toBe(0);
    expect(stacksOf(viaManifest).map((s) => s.stack)).toEqual(["vpce-demo"]);
  });
});

describe("several stacks and failures", () => {
  test("reads every stack of a cdktf.out in name order", () => {
    // GIVEN a cdktf.out holding the default stack twice, as "b-copy" and "a-copy"
    const dir = mkdtempSync(join(tmpdir(), "review-two-"));
    workspaces.push(dir);
    for (const name of ["b-copy", "a-copy"]) {
      mkdirSync(join(dir, "cdktf.out", "stacks", name), { recursive: true });
      cpSync(join(defaultDir, "cdktf.out", "stacks", "vpce-demo", "cdk.tf.json"), join(dir, "cdktf.out", "stacks", name, "cdk.tf.json"));
    }
    // WHEN reviewed
    const result = reviewIn(dir, "--format", "json");
    // THEN both stacks are there, in name order, and the note counts them
    expect(stacksOf(result).map((s) => s.stack)).toEqual(["a-copy", "b-copy"]);
    expect(result.stderr).toBe("reading cdktf.out (2 stacks)\n");
    expect(reviewIn(dir, "--format", "mermaid").stdout.match(/subgraph s\d+_stack\[/g)).toHaveLength(2);
  });

  test("shows an instance that cannot fetch its scripts, with the hop that denied", () => {
    // GIVEN an analyzer whose boot check fails at the bucket policy
    const analyzer = (): AccessReport => ({
      stack: "vpce-demo",
      access: [],
      instances: [
        {
          name: "web",
          canFetchScripts: false,
          path: [
            { kind: "subnet", address: "app", label: "app" },
            { kind: "route-table", address: "rt", label: "rt" },
            { kind: "nat", label: "nat-1" },
          ],
          scripts: [
            {
              key: "bootstrap/10-app.sh",
              decision: "ExplicitDeny",
              deniedBy: { gate: "bucket-policy" },
              reason: { kind: "statements", statements: [] },
              because: 'denied by statement "DenyOutsideScenarioEndpoints"',
            },
          ],
        },
      ],
    });
    // WHEN rendered as text and markdown
    const text = review([], { cwd: defaultDir, env: {}, analyzer }).stdout;
    const markdown = review(["--format", "markdown"], { cwd: defaultDir, env: {}, analyzer }).stdout;
    // THEN the failure, its script and the refusing gate are shown
    expect(text).toContain("FAIL web: cannot fetch 0/1 scripts via subnet app (app) → route table rt → nat nat-1");
    expect(text).toContain("bootstrap/10-app.sh: ExplicitDeny at bucket policy");
    expect(markdown).toContain("| `web` | **no** (0/1 scripts) |");
  });

  test("an analysis that throws is an internal error: exit 3, one line naming the file", () => {
    const analyzer = (): AccessReport => {
      throw new Error("boom\n  at somewhere");
    };
    const result = review([], { cwd: defaultDir, env: {}, analyzer });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n").filter((line) => line.startsWith("error:"))).toEqual([
      "error: cdktf.out/stacks/vpce-demo/cdk.tf.json: internal error while analyzing (boom at somewhere); please report it with this input",
    ]);
  });
});
