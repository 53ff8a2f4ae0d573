import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Testing } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  PolicyError,
  ProblemsError,
  ScenarioStack,
  evaluate,
  parseScenario,
  type EvaluationInput,
  type ScenarioConfigInput,
} from "../../index";
import { accessMatchers, reviewSynth } from "../../testing";
import { existingNetwork } from "../support/existing-vpc";
import { ROOT } from "../support/scenario";

expect.extend(accessMatchers);

/** `Testing.synth` of a ScenarioStack built from a config object, as a library user writes it. */
function synthOf(config: Partial<ScenarioConfigInput> = {}): string {
  const stack = new ScenarioStack(Testing.app(), "matchers", {
    config: { project: "matchers", region: "us-east-1", ...config },
    baseDir: ROOT,
  });
  return Testing.synth(stack);
}

/** The failure message of an assertion that must fail. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the assertion passed, but it should have failed");
}

/** The default scenario (a read-only readers endpoint for the app tier, where web runs), synthesized once. */
const DEFAULT = synthOf();

const READ = { principal: "instance:web", action: "s3:GetObject", origin: "endpoint:readers" } as const;
const WRITE = { principal: "instance:web", action: "s3:PutObject", origin: "endpoint:readers" } as const;

describe("toAllowAccess / toDenyAccess", () => {
  // GIVEN the default scenario
  const synth = DEFAULT;

  test("an allowed read passes toAllowAccess, and fails toDenyAccess naming the allowing statements", () => {
    // WHEN / THEN
    expect(synth).toAllowAccess(READ);
    expect(synth).not.toDenyAccess(READ);
    expect(failureOf(() => expect(synth).toDenyAccess(READ))).toContain(
      "expected instance:web s3:GetObject via endpoint:readers to be denied, but it is Allow by identity policy of " +
        'role web statement "ReadOwnBootScripts", through endpoint policy of readers statement "ScriptBucketAccess"',
    );
  });

  test("a denied write passes toDenyAccess, and fails toAllowAccess naming the decision and the deciding statement", () => {
    expect(synth).toDenyAccess(WRITE);
    expect(synth).not.toAllowAccess(WRITE);
    const message = failureOf(() => expect(synth).toAllowAccess(WRITE));
    expect(message).toContain(
      "expected instance:web s3:PutObject via endpoint:readers to be allowed, but it is ExplicitDeny by bucket policy " +
        'statement "DenyWritesThroughReadOnlyEndpoints"',
    );
    // Every script object is a row: without a resource, the message says which one it speaks of.
    expect(message).toContain("/bootstrap/00-prepare.sh (and 2 more rows)");
  });

  test(".not fails with the decision too", () => {
    expect(failureOf(() => expect(synth).not.toAllowAccess(READ))).toContain(
      "expected instance:web s3:GetObject via endpoint:readers not to be allowed, but it is Allow by",
    );
  });

  test("an implicit deny is named as such, with the policy that does not grant", () => {
    const list = { principal: "instance:web", action: "s3:ListBucket", origin: "endpoint:readers" } as const;
    expect(synth).toDenyAccess(list);
    expect(failureOf(() => expect(synth).toAllowAccess(list))).toContain(
      "but it is ImplicitDeny: no statement in the identity policy of role web or the bucket policy allows s3:ListBucket",
    );
  });

  test("the old path through the NAT gateway is denied by the bucket policy", () => {
    expect(synth).toDenyAccess({ principal: "instance:web", action: "s3:GetObject", origin: "nat" });
    expect(failureOf(() => expect(synth).toAllowAccess({ principal: "instance:web", action: "s3:GetObject", origin: "nat" }))).toContain(
      'but it is ExplicitDeny by bucket policy statement "DenyOutsideScenarioEndpoints"',
    );
  });

  test("the action compares case-insensitively, as IAM does", () => {
    expect(synth).toAllowAccess({ ...READ, action: "S3:getobject" });
  });

  test("resource: the row's resource exactly, or a suffix after a '/'", () => {
    const exact = reviewSynth(synth).report.access.find(
      (row) => row.principal === "instance:web" && row.action === "s3:GetObject",
    )!.resource;
    expect(exact).toMatch(/^\$\{aws_s3_bucket\.ScriptBucket_\w+\.arn\}\/bootstrap\/00-prepare\.sh$/);
    expect(synth).toAllowAccess({ ...READ, resource: exact });
    expect(synth).toAllowAccess({ ...READ, resource: "bootstrap/00-prepare.sh" });
    expect(synth).toAllowAccess({ ...READ, resource: "00-prepare.sh" });
    // A suffix inside a name is no match: the message lists the resources there are.
    expect(failureOf(() => expect(synth).toAllowAccess({ ...READ, resource: "prepare.sh" }))).toContain(
      'no resource matching "prepare.sh" (resources: ${aws_s3_bucket.',
    );
  });

  test("origin left out: every origin of the principal must match", () => {
    expect(synth).toDenyAccess({ principal: "anonymous", action: "s3:GetObject" });
    const message = failureOf(() => expect(synth).toDenyAccess({ principal: "instance:web", action: "s3:GetObject" }));
    expect(message).toContain("expected instance:web s3:GetObject via any origin to be denied, but it is Allow by");
    expect(message).toContain("via endpoint:readers");
  });

  test("no matching row: both forms fail, naming the principals, origins or actions there are", () => {
    const unknownPrincipal = { ...READ, principal: "instance:nope" } as const;
    expect(failureOf(() => expect(synth).toAllowAccess(unknownPrincipal))).toContain(
      'the access matrix has no such row: no principal "instance:nope" (principals: instance:web, admin, account-principal, anonymous)',
    );
    expect(failureOf(() => expect(synth).not.toAllowAccess(unknownPrincipal))).toContain('no principal "instance:nope"');
    // web runs in the app tier: its requests cannot come through the publishers endpoint.
    expect(failureOf(() => expect(synth).toDenyAccess({ ...READ, origin: "endpoint:publishers" }))).toContain(
      'instance:web has no origin "endpoint:publishers" (its origins: endpoint:readers, nat, internet; all origins: ' +
        "endpoint:readers, nat, internet, endpoint:publishers)",
    );
    expect(failureOf(() => expect(synth).toDenyAccess({ ...READ, action: "s3:GetObjectAcl" }))).toContain(
      'no action "s3:GetObjectAcl" (actions: s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucket',
    );
  });

  test(
    "GIVEN an admin:<arn> row whose decision turns on the account known only at apply THEN every form fails, saying " + "it is Unknown",
    () => {
      const withAdmin = synthOf({ access: { mode: "vpce", adminPrincipalArns: ["arn:aws:iam::111122223333:role/platform-admin"] } });
      const query = {
        principal: "admin:arn:aws:iam::111122223333:role/platform-admin",
        action: "s3:GetObject",
        origin: "internet",
      } as const;
      for (const assertion of [
        () => expect(withAdmin).toAllowAccess(query),
        () => expect(withAdmin).toDenyAccess(query),
        () => expect(withAdmin).not.toAllowAccess(query),
        () => expect(withAdmin).not.toDenyAccess(query),
      ]) {
        expect(failureOf(assertion)).toMatch(/but it is Unknown: unknown until apply: the bucket's account/);
      }
    },
  );

  test("a parsed object and Testing.synthScope output are accepted too", () => {
    expect(JSON.parse(synth)).toDenyAccess(WRITE);
    const scope = Testing.synthScope((s) => {
      new S3Bucket(s, "Plain", { bucket: "plain-bucket" });
    });
    expect(scope).toDenyAccess({ principal: "anonymous", action: "s3:GetObject", origin: "internet", resource: "example-object" });
  });

  test("input that is not a stack's Terraform JSON is an error, not a pass", () => {
    expect(() => expect("not json").toAllowAccess(READ)).toThrow(/not JSON/);
    expect(() =>
      expect(new ScenarioStack(Testing.app(), "s", { config: { project: "matchers", region: "us-east-1" }, baseDir: ROOT })).toAllowAccess(
        READ,
      ),
    ).toThrow(/pass Testing\.synth\(stack\)/);
    expect(() => expect(42).not.toBootCleanly()).toThrow(/got number/);
  });
});

describe("toBootCleanly", () => {
  test("GIVEN the default scenario THEN every instance boots cleanly", () => {
    const synth = DEFAULT;
    expect(synth).toBootCleanly();
    expect(failureOf(() => expect(synth).not.toBootCleanly())).toContain(
      "every instance can fetch its scripts:\n  web: can fetch 3 scripts via subnet app",
    );
  });

  test("GIVEN web's tier in no endpoint group THEN it fails, naming the instance, the script and the hop", () => {
    // WHEN web's requests leave through the NAT gateway (the guards would refuse this stack; Testing.synth does not run them)
    const synth = synthOf({ endpointGroups: [{ name: "publishers", tiers: ["ops"], access: "read-write" }] });
    // THEN
    expect(synth).not.toBootCleanly();
    const message = failureOf(() => expect(synth).toBootCleanly());
    expect(message).toContain("expected every instance to boot cleanly, but 1 of 1 cannot fetch its scripts");
    expect(message).toContain(
      "instance web cannot fetch bootstrap/00-prepare.sh: refused at bucket policy (ExplicitDeny: denied by bucket " +
        'policy statement "DenyOutsideScenarioEndpoints" (Deny))',
    );
    expect(message).toMatch(/path: subnet app \(aws_subnet\.[\w]+\) → route table aws_route_table\.[\w]+ → nat /);
  });

  test("GIVEN a stack without instances THEN both forms fail", () => {
    const synth = synthOf({ instances: [] });
    expect(failureOf(() => expect(synth).toBootCleanly())).toContain("the stack has no aws_instance");
    expect(failureOf(() => expect(synth).not.toBootCleanly())).toContain("the stack has no aws_instance");
  });
});

describe("toHaveNoFindings", () => {
  test("GIVEN the default scenario THEN it has no findings at any severity but info", () => {
    const synth = DEFAULT;
    expect(synth).toHaveNoFindings();
    expect(synth).toHaveNoFindings({ atLeast: "high" });
    expect(failureOf(() => expect(synth).not.toHaveNoFindings())).toContain("expected findings at or above low, but there are none");
  });

  test("GIVEN a bare bucket THEN it fails listing id, address and message, high first; atLeast and except narrow it", () => {
    const synth = Testing.synthScope((s) => {
      new S3Bucket(s, "Plain", { bucket: "plain-bucket" });
    });
    const message = failureOf(() => expect(synth).toHaveNoFindings({ atLeast: "high" }));
    expect(message).toContain(
      "expected no findings at or above high, but there is 1:\n  high S3-001 aws_s3_bucket.Plain: Bucket public access block incomplete",
    );
    expect(failureOf(() => expect(synth).toHaveNoFindings())).toMatch(
      /but there are 5:\n {2}high S3-001 [^\n]+\n {2}medium S3-002 aws_s3_bucket\.Plain: /,
    );
    expect(synth).toHaveNoFindings({ atLeast: "high", except: ["S3-001"] });
  });

  test("GIVEN SSE-S3 and no access logs THEN a low finding fails the default threshold but not medium", () => {
    const synth = synthOf({ bucket: { accessLogs: false, encryption: "s3" } });
    expect(failureOf(() => expect(synth).toHaveNoFindings())).toContain("low S3-003 aws_s3_bucket.ScriptBucket_");
    expect(synth).toHaveNoFindings({ atLeast: "medium" });
  });

  test("an unknown severity is an error", () => {
    // @ts-expect-error: not a severity
    expect(() => expect(DEFAULT).toHaveNoFindings({ atLeast: "critical" })).toThrow(
      'atLeast must be one of high, medium, low, info, not "critical"',
    );
  });
});

describe("ScenarioStack from a config object", () => {
  test("validates like a config file: the same problems, as a ProblemsError", () => {
    const bad = { project: "matchers", region: "us-east-1", network: { cidr: "10.0.0.0/23" } };
    const expected = failureOf(() => parseScenario(bad, ROOT));
    let thrown: unknown;
    try {
      new ScenarioStack(Testing.app(), "bad", { config: bad, baseDir: ROOT });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemsError);
    expect((thrown as Error).message).toBe(expected);
    expect(expected).toContain("network.cidr: 10.0.0.0/23 holds 2 /24 subnets");
  });

  test("an unknown field is a type error and a config problem", () => {
    const make = () =>
      // @ts-expect-error: unknown fields are type errors
      new ScenarioStack(Testing.app(), "bad", { config: { project: "matchers", region: "us-east-1", regoin: "x" }, baseDir: ROOT });
    expect(make).toThrow(ProblemsError);
    expect(make).toThrow(/regoin/);
  });

  test("a relative bucket.scriptsDir resolves against baseDir", () => {
    const empty = mkdtempSync(join(tmpdir(), "vpce-basedir-"));
    try {
      expect(() => new ScenarioStack(Testing.app(), "s", { config: { project: "matchers", region: "us-east-1" }, baseDir: empty })).toThrow(
        `folder "scripts" not found (resolved to ${join(empty, "scripts")})`,
      );
      const stack = new ScenarioStack(Testing.app(), "s", {
        config: { project: "matchers", region: "us-east-1", bucket: { scriptsDir: "../scripts" } },
        baseDir: join(ROOT, "config"),
      });
      expect(stack.instances).toHaveLength(1);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test("baseDir defaults to the working directory", () => {
    const cwd = process.cwd();
    const empty = mkdtempSync(join(tmpdir(), "vpce-cwd-"));
    try {
      process.chdir(empty);
      expect(() => new ScenarioStack(Testing.app(), "s", { config: { project: "matchers", region: "us-east-1" } })).toThrow(
        `(resolved to ${join(process.cwd(), "scripts")})`,
      );
    } finally {
      process.chdir(cwd);
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test("neither or both of config and scenario: a clear error", () => {
    const scenario = parseScenario({ project: "matchers", region: "us-east-1" }, ROOT);
    // @ts-expect-error: neither
    expect(() => new ScenarioStack(Testing.app(), "none", {})).toThrow(
      "none: ScenarioStack got neither config nor scenario — pass { config } (a config object, with an optional baseDir) or { scenario }",
    );
    // @ts-expect-error: both
    expect(() => new ScenarioStack(Testing.app(), "both", { scenario, config: scenario.config })).toThrow(
      "both: ScenarioStack got both config and scenario",
    );
    expect(new ScenarioStack(Testing.app(), "scenario", { scenario }).instances).toHaveLength(1);
  });
});

describe("an existing VPC (network.existing)", () => {
  // GIVEN the default groups and instance in a VPC the stack does not create
  const synth = synthOf({ network: existingNetwork() });

  test("web reads its scripts through endpoint:readers, writes nothing there, and gets nothing from outside the endpoints", () => {
    expect(synth).toAllowAccess(READ);
    expect(synth).toDenyAccess(WRITE);
    expect(synth).toDenyAccess({ principal: "instance:web", action: "s3:GetObject", origin: "internet" });
    expect(synth).toBootCleanly();
    expect(synth).toHaveNoFindings();
  });

  test("with web's tier in no endpoint group it has no endpoint origin and does not boot", () => {
    const orphan = synthOf({ network: existingNetwork(), endpointGroups: [{ name: "publishers", tiers: ["ops"], access: "read-write" }] });
    expect(failureOf(() => expect(orphan).toAllowAccess(READ))).toContain('instance:web has no origin "endpoint:readers"');
    expect(failureOf(() => expect(orphan).toBootCleanly())).toContain("instance web cannot fetch bootstrap/00-prepare.sh");
  });
});

describe("the policy evaluator at the package root", () => {
  // The README's request (Evaluate one request): a bucket policy that denies everything off endpoint vpce-1a2b3c4d.
  const input: EvaluationInput = {
    request: {
      principal: "arn:aws:sts::111122223333:assumed-role/ec2-boot/i-0abc",
      action: "s3:GetObject",
      resource: "arn:aws:s3:::scripts-bkt/boot.sh",
      resourceAccount: "111122223333",
      context: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/ec2-boot", "aws:SecureTransport": "true" },
    },
    identityPolicies: [
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::scripts-bkt/*" }] },
    ],
    resourcePolicy: {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Access-to-specific-VPCE-only",
          Principal: "*",
          Action: "s3:*",
          Effect: "Deny",
          Resource: ["arn:aws:s3:::scripts-bkt", "arn:aws:s3:::scripts-bkt/*"],
          Condition: { StringNotEquals: { "aws:sourceVpce": "vpce-1a2b3c4d" } },
        },
      ],
    },
    endpointPolicy: null,
  };

  test(
    "GIVEN the README's request off the endpoint WHEN evaluated THEN the bucket policy's Deny decides, as npm run " + "evaluate prints",
    () => {
      expect(evaluate(input)).toEqual({
        decision: "ExplicitDeny",
        decisive: [{ policy: "resource", index: 0, sid: "Access-to-specific-VPCE-only" }],
      });
    },
  );

  test("GIVEN a malformed principal WHEN evaluated THEN it throws PolicyError naming the field", () => {
    expect(() => evaluate({ ...input, request: { ...input.request, principal: "arn:aws:iam:111122223333:role/x" } })).toThrow(PolicyError);
    expect(() => evaluate({ ...input, request: { ...input.request, principal: "arn:aws:iam:111122223333:role/x" } })).toThrow(
      /request\.principal/,
    );
  });
});
