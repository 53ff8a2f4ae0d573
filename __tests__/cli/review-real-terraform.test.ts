/**
 * Plans and states as real Terraform writes them (issue #12, class B). `fixtures/boot-plan.json` is
 * genuine `terraform show -json` output of terraform 1.11.4 with hashicorp/aws 5.100.0, planned
 * offline from `fixtures/terraform/boot-plan.tf`: one line; unset blocks are `[]`; values known only
 * after apply are `null` with their references in `configuration` (a template such as
 * `"${aws_s3_bucket.scripts.arn}/*"` lists the same references as the bare attribute); `count` and
 * `for_each` instances (`aws_instance.web[0]`, `aws_vpc_endpoint.s3["readers"]`).
 * Terraform's JSON output format: https://developer.hashicorp.com/terraform/internals/json-format
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { review } from "../../cli/review/run";
import { runDist } from "../support/cli";
import { ROOT } from "../support/scenario";

const PLAN = "__tests__/cli/fixtures/boot-plan.json";
const PLAN_TEXT = readFileSync(join(ROOT, PLAN), "utf8");

interface JsonStack {
  readonly access: {
    origin: string;
    principal: string;
    action: string;
    resource: string;
    decision: string;
    because: string;
    address?: string;
    principalAddress?: string;
    originAddress?: string;
  }[];
  readonly instances: { name: string; address?: string; path: string[]; scripts: { decision: string; because: string }[] }[];
  readonly findings: { id: string; severity: string; address: string; message: string }[];
}

function reviewJson(file: string, cwd = ROOT): JsonStack {
  const result = review([file, "--format", "json"], { cwd, env: {} });
  expect(result.stderr).not.toMatch(/^error:/m);
  return (JSON.parse(result.stdout) as { stacks: JsonStack[] }).stacks[0] as JsonStack;
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "review-real-terraform-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("plans saved in other encodings", () => {
  const utf16be = (text: string): Buffer => {
    const le = Buffer.from(text, "utf16le");
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0];
    return le;
  };
  test.each([
    [
      "UTF-16LE with a BOM (PowerShell's terraform show -json > plan.json)",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PLAN_TEXT, "utf16le")]),
    ],
    ["UTF-16BE with a BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(PLAN_TEXT)])],
    ["UTF-8 with a BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PLAN_TEXT, "utf8")])],
  ])("GIVEN the plan saved as %s WHEN reviewed THEN the report is the UTF-8 file's", (_name, bytes) => {
    const file = join(scratch, "boot-plan.json");
    writeFileSync(file, bytes);
    const { access, instances, findings } = reviewJson(PLAN);
    expect(reviewJson(file)).toMatchObject({ access, instances, findings });
  });

  test("GIVEN an evaluate input saved as UTF-16LE with a BOM WHEN evaluated THEN it is decided like the UTF-8 text", () => {
    const input = {
      request: { principal: "anonymous", action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: {} },
      identityPolicies: [],
      resourcePolicy: { Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] },
      endpointPolicy: null,
    };
    const file = join(scratch, "evaluate.json");
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(input), "utf16le")]));
    const result = runDist("cli/evaluate.js", [file]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: "Allow" });
  });
});

describe("an unset nested block is [] in plan JSON", () => {
  test(
    "GIVEN instances whose plan has launch_template: [] WHEN reviewed THEN no EC2 rule is downgraded to 'may come " +
      "from the launch template'",
    () => {
      const { findings } = reviewJson(PLAN);
      expect(findings.filter((finding) => /launch template/.test(finding.message))).toEqual([]);
      // EC2-007 is judged on the instance itself: monitoring is off.
      expect(findings.filter((finding) => finding.id === "EC2-007").map((finding) => [finding.severity, finding.address])).toEqual([
        ["low", "aws_instance.edge"],
        ["low", "aws_instance.web[0]"],
        ["low", "aws_instance.web[1]"],
      ]);
    },
  );
});

describe("a template around a reference is that template", () => {
  test(
    'GIVEN an endpoint policy on aws_s3_bucket.scripts.arn and "${aws_s3_bucket.scripts.arn}/*", known after apply ' +
      "WHEN reviewed THEN reads through the endpoint are Unknown with the reason, not a definite deny",
    () => {
      const { access, instances } = reviewJson(PLAN);
      const read = access.find(
        (row) => row.principal === "instance:web[0]" && row.origin === "endpoint:readers" && row.action === "s3:GetObject",
      );
      expect(read).toMatchObject({
        decision: "Unknown",
        because: expect.stringMatching(/a value known after apply, computed from aws_s3_bucket\.scripts\.arn/),
      });
      expect(instances.find((check) => check.name === "web[0]")?.scripts[0]).toMatchObject({
        decision: "Unknown",
        because: expect.stringMatching(/aws_s3_bucket\.scripts\.arn/),
      });
      // No row states a definite decision that rests on the unknown ARN.
      expect(access.filter((row) => row.decision !== "Unknown" && /unknown|known after apply/.test(row.because))).toEqual([]);
    },
  );

  test('GIVEN the same plan WHEN reviewed THEN S3-007 does not claim the Deny misses the objects (its Resource holds "${arn}/*")', () => {
    expect(reviewJson(PLAN).findings.map((finding) => finding.id)).not.toContain("S3-007");
  });
});

describe("count and for_each instances", () => {
  test(
    "GIVEN aws_instance.web with count = 2 and aws_vpc_endpoint.s3 with for_each WHEN reviewed THEN each instance " +
      "keeps its key and every entry carries its address",
    () => {
      const { access, instances, findings } = reviewJson(PLAN);
      expect(instances.map((check) => [check.name, check.address])).toEqual([
        ["edge", "aws_instance.edge"],
        ["web[0]", "aws_instance.web[0]"],
        ["web[1]", "aws_instance.web[1]"],
      ]);
      expect(new Set(access.map((row) => row.principal))).toEqual(
        new Set(["instance:edge", "instance:web[0]", "instance:web[1]", "admin", "account-principal", "anonymous"]),
      );
      expect(access.every((row) => row.address === "aws_s3_bucket.scripts")).toBe(true);
      expect(access.find((row) => row.principal === "instance:web[1]")).toMatchObject({ principalAddress: "aws_instance.web[1]" });
      expect(access.find((row) => row.origin === "endpoint:readers")).toMatchObject({ originAddress: 'aws_vpc_endpoint.s3["readers"]' });
      expect(findings.every((finding) => finding.address !== "")).toBe(true);
    },
  );
});

describe("SARIF on a one-line plan", () => {
  test(
    "GIVEN terraform show -json output (one line) WHEN rendered as SARIF THEN each result's region spans its own " +
      "resource's JSON object, with the address as logical location",
    () => {
      expect(PLAN_TEXT.trimEnd().includes("\n")).toBe(false);
      const result = review([PLAN, "--format", "sarif"], { cwd: ROOT, env: {} });
      const results =
        (
          JSON.parse(result.stdout) as {
            runs: {
              results: {
                locations: {
                  physicalLocation: { region: { startLine: number; startColumn: number; charOffset: number; charLength: number } };
                  logicalLocations: { fullyQualifiedName: string; kind: string }[];
                }[];
              }[];
            }[];
          }
        ).runs[0]?.results ?? [];
      expect(results.length).toBeGreaterThan(3);
      const byAddress = new Map<string, string>();
      for (const { locations } of results) {
        const [location] = locations;
        const region = location?.physicalLocation.region;
        const address = location?.logicalLocations[0]?.fullyQualifiedName ?? "";
        expect(location?.logicalLocations[0]?.kind).toBe("resource");
        expect(region).toMatchObject({ startLine: 1, startColumn: (region?.charOffset ?? 0) + 1 });
        const span = PLAN_TEXT.slice(region?.charOffset, (region?.charOffset ?? 0) + (region?.charLength ?? 0));
        expect((JSON.parse(span) as { address: string }).address).toBe(address);
        byAddress.set(address, `${region?.charOffset}`);
      }
      // Different resources, different regions.
      expect(new Set(byAddress.values()).size).toBe(byAddress.size);
    },
  );
});

describe("a plan fragment", () => {
  test("GIVEN planned_values without format_version WHEN reviewed THEN the error says it looks like a plan without format_version", () => {
    const plan = JSON.parse(PLAN_TEXT) as { planned_values: unknown };
    const file = join(scratch, "fragment.json");
    writeFileSync(file, JSON.stringify({ planned_values: plan.planned_values }));
    const result = review([file], { cwd: scratch, env: {} });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: fragment\.json: looks like a plan but has no format_version: /m);
    expect(result.stderr).not.toMatch(/no resource/);
  });
});

describe("human-facing paths and labels", () => {
  test(
    "GIVEN an instance routed to an internet gateway whose id is known after apply WHEN reviewed THEN the path " +
      "names aws_internet_gateway.igw, and no path or name holds ${...}",
    () => {
      const { instances, access } = reviewJson(PLAN);
      expect(instances.find((check) => check.name === "edge")?.path).toEqual([
        "subnet public (aws_subnet.public)",
        "route table aws_route_table.public",
        "internet gateway aws_internet_gateway.igw",
      ]);
      const shown = [...instances.flatMap((check) => [check.name, ...check.path]), ...access.flatMap((row) => [row.origin, row.principal])];
      expect(shown.filter((text) => text.includes("${"))).toEqual([]);
    },
  );
});

describe("an input with nothing to review", () => {
  const write = (name: string, doc: unknown): string => {
    writeFileSync(join(scratch, name), JSON.stringify(doc));
    return name;
  };

  test(
    "GIVEN Terraform JSON without any aws_s3_bucket WHEN reviewed with --fail-on low THEN exit 2 with one line " +
      "naming the file and what is missing",
    () => {
      const file = write("network.tf.json", { resource: { aws_vpc: { main: { cidr_block: "10.0.0.0/16" } } } });
      const result = review([file, "--fail-on", "low"], { cwd: scratch, env: {} });
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.split("\n").filter((line) => line.startsWith("error:"))).toEqual([
        "error: network.tf.json: no aws_s3_bucket among its 1 resource and data blocks, so there is nothing to review " +
          "(is this the right file?); pass --allow-empty to accept it",
      ]);
    },
  );

  test("GIVEN a plan with no resources WHEN reviewed THEN exit 2 naming it; with --allow-empty THEN exit 0", () => {
    const file = write("empty-plan.json", { format_version: "1.2", planned_values: { root_module: {} } });
    const refused = review([file, "--fail-on", "low"], { cwd: scratch, env: {} });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^error: empty-plan\.json: no resource or data block, so there is nothing to review/m);
    expect(review([file, "--fail-on", "low", "--allow-empty"], { cwd: scratch, env: {} }).exitCode).toBe(0);
  });
});
