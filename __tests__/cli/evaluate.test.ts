/**
 * The `evaluate` CLI end to end: the bundle built with the project's esbuild
 * script, run as `node dist/cli/evaluate.js FILE|-` (docs/DESIGN.md §5 contract).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ARTICLE_VPCE_BUCKET_POLICY, BUCKET } from "../analysis/policy/fixtures";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "cli", "evaluate.js");

/** The docs/DESIGN.md §5 example: the instance role reads its script through the readers endpoint. */
const article = {
  request: {
    principal: "arn:aws:sts::111122223333:assumed-role/ec2-boot/i-0abc",
    action: "s3:GetObject",
    resource: `${BUCKET}/boot.sh`,
    resourceAccount: "111122223333",
    context: {
      "aws:PrincipalArn": "arn:aws:iam::111122223333:role/ec2-boot",
      "aws:SourceVpce": "vpce-1a2b3c4d",
      "aws:SecureTransport": "true",
    },
  },
  identityPolicies: [
    { Version: "2012-10-17", Statement: [] },
    { Version: "2012-10-17", Statement: [{ Sid: "ReadScripts", Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/*` }] },
  ],
  resourcePolicy: ARTICLE_VPCE_BUCKET_POLICY,
  endpointPolicy: {
    Statement: [{ Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [BUCKET, `${BUCKET}/*`] }],
  },
};

let workDir = "";

function writeInput(name: string, content: unknown): string {
  const file = join(workDir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

function run(args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { input: stdin, encoding: "utf8", timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  // jest's global setup builds dist/ once for every test file; rebuilding here while other
  // files run their bundles could hand them a half-written file, so build only if it is missing.
  if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, "tools", "build.mjs")], { cwd: ROOT, stdio: "pipe" });
  workDir = mkdtempSync(join(tmpdir(), "evaluate-cli-"));
}, 60_000);

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe("evaluate CLI", () => {
  it("prints the decision and decisive statements for a file", () => {
    // GIVEN the article's scenario in a file WHEN evaluated
    const { status, stdout, stderr } = run([writeInput("article.json", article)]);
    // THEN it allows, naming the identity statement and the endpoint gate, exactly in the contract's shape
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      decision: "Allow",
      decisive: [
        { policy: "identity", index: 0, sid: "ReadScripts" },
        { policy: "endpoint", index: 0 },
      ],
    });
  });

  it("reads stdin when the file is -", () => {
    // GIVEN the same scenario through the NAT (no aws:SourceVpce, no endpoint policy)
    const viaNat = { ...article, endpointPolicy: null, request: { ...article.request, context: { "aws:SecureTransport": "true" } } };
    const { status, stdout } = run(["-"], JSON.stringify(viaNat));
    // THEN the bucket policy's Deny decides
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      decision: "ExplicitDeny",
      decisive: [{ policy: "resource", index: 0, sid: "Access-to-specific-VPCE-only" }],
    });
  });

  it("keeps to the contract's fields only", () => {
    const { stdout } = run(["-"], JSON.stringify({ ...article, resourcePolicy: null, endpointPolicy: null }));
    const output = JSON.parse(stdout) as { decision: string; decisive: Record<string, unknown>[] };
    expect(Object.keys(output).sort()).toEqual(["decision", "decisive"]);
    expect(["Allow", "ImplicitDeny", "ExplicitDeny"]).toContain(output.decision);
    for (const statement of output.decisive) {
      expect(Object.keys(statement).every((key) => ["policy", "index", "sid"].includes(key))).toBe(true);
    }
  });

  it("prints ImplicitDeny with no decisive statements when nothing allows", () => {
    const { status, stdout } = run(["-"], JSON.stringify({ ...article, identityPolicies: [] }));
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ decision: "ImplicitDeny", decisive: [] });
  });

  it("exits 1 naming the statement and field of a malformed policy, without a stack trace", () => {
    const malformed = {
      ...article,
      resourcePolicy: {
        Statement: [
          { ...[article.resourcePolicy.Statement].flat()[0], Condition: { StringNotEqual: { "aws:SourceVpce": "vpce-1a2b3c4d" } } },
        ],
      },
    };
    const { status, stdout, stderr } = run([writeInput("malformed.json", malformed)]);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(
      new RegExp(
        String.raw`resourcePolicy\.Statement\[0\]\.Condition\.StringNotEqual: unknown condition operator ` +
          String.raw`"StringNotEqual" \(statement Sid "Access-to-specific-VPCE-only"\)`,
      ),
    );
    expect(stderr).not.toContain("    at ");
  });

  it("exits 1 naming a malformed request field", () => {
    const { status, stderr } = run(["-"], JSON.stringify({ ...article, request: { ...article.request, action: 42 } }));
    expect(status).toBe(1);
    expect(stderr).toMatch(/request\.action: expected a string/);
    expect(stderr).not.toContain("    at ");
  });

  it("states the resource account it assumed when the input does not give one", () => {
    // GIVEN the article's request without resourceAccount (S3 ARNs carry no account) WHEN evaluated
    const { resourceAccount: _omitted, ...request } = article.request;
    const { status, stdout } = run(["-"], JSON.stringify({ ...article, request }));
    // THEN the principal's own account is assumed, and the output says so
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ decision: "Allow", assumed: { resourceAccount: "111122223333" } });
  });

  it("names the AWS rule that refuses bucket policy management from outside the owner's account", () => {
    // GIVEN an anonymous PutBucketPolicy under a bucket policy that allows everyone everything (S3 API Reference, PutBucketPolicy)
    const open = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: [BUCKET, `${BUCKET}/*`] }],
    };
    const request = {
      principal: "anonymous",
      action: "s3:PutBucketPolicy",
      resource: BUCKET,
      resourceAccount: "111122223333",
      context: {},
    };
    const { status, stdout } = run(["-"], JSON.stringify({ request, identityPolicies: [], resourcePolicy: open, endpointPolicy: null }));
    // THEN it is refused, and the output names the rule rather than a statement
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ decision: "ImplicitDeny", decisive: [], rule: "bucket-owner-account-only" });
  });

  it("exits 1 naming a malformed principal ARN and its JSON path", () => {
    // GIVEN a request principal missing a colon (arn:aws:iam:ACCOUNT:role/x) WHEN evaluated
    const { status, stdout, stderr } = run(
      ["-"],
      JSON.stringify({ ...article, request: { ...article.request, principal: "arn:aws:iam:111122223333:role/x" } }),
    );
    // THEN exit 1, one line naming the field and the value
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^evaluate: request\.principal: "arn:aws:iam:111122223333:role\/x" is not a well-formed ARN/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 1 on input that is not JSON", () => {
    const { status, stderr } = run([writeInput("broken.json", "{ not json")]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/broken\.json is not valid JSON/);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toContain("    at ");
  });

  it("exits 1 when the file cannot be read", () => {
    const { status, stderr } = run([join(workDir, "missing.json")]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/cannot read .*missing\.json/);
  });
});
