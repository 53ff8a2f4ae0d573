import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeAccess, firstUnfetchableScript } from "../../../analysis/access";
import { relationsOf } from "../../../analysis/topology/relations";
import { readAny, readTerraformJson } from "../../../analysis/topology";
import type { Topology } from "../../../analysis/topology/model";
import { readPlanJson } from "../../../analysis/topology/read-plan";
import { documentRead } from "../../../analysis/topology/policy-read";
import { REAL_WORLD_DIR, describeWithRealWorld, realWorldFiles } from "../../support/real-world";
import { fixture } from "../topology/fixtures/files";
import { bootCheckOf, decisionsOf, managementRows, rowsOf } from "./rows";

/** The article's architecture, hand-written, with the given bucket and endpoint policies. */
function articleStack(bucketPolicy: unknown, endpointPolicy?: unknown): Record<string, unknown> {
  const text = (policy: unknown): string => (typeof policy === "string" ? policy : JSON.stringify(policy));
  return {
    provider: { aws: { region: "us-east-1" } },
    data: { aws_caller_identity: { me: {} }, aws_iam_session_context: { me: { arn: "${data.aws_caller_identity.me.arn}" } } },
    resource: {
      aws_vpc: { main: { cidr_block: "10.0.0.0/16" } },
      aws_subnet: {
        private: { vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.1.0/24" },
        public: { vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.0.0/24" },
      },
      aws_nat_gateway: { gw: { subnet_id: "${aws_subnet.public.id}" } },
      aws_route_table: {
        private: { vpc_id: "${aws_vpc.main.id}", route: [{ cidr_block: "0.0.0.0/0", nat_gateway_id: "${aws_nat_gateway.gw.id}" }] },
      },
      aws_route_table_association: { private: { subnet_id: "${aws_subnet.private.id}", route_table_id: "${aws_route_table.private.id}" } },
      aws_vpc_endpoint: {
        s3: {
          vpc_id: "${aws_vpc.main.id}",
          service_name: "com.amazonaws.us-east-1.s3",
          route_table_ids: ["${aws_route_table.private.id}"],
          ...(endpointPolicy === undefined ? {} : { policy: text(endpointPolicy) }),
        },
      },
      aws_s3_bucket: { secure: { bucket: "my_secure_bucket" } },
      aws_s3_bucket_policy: { secure: { bucket: "${aws_s3_bucket.secure.id}", policy: text(bucketPolicy) } },
    },
  };
}

/** The article's bucket policy: deny everything unless through one endpoint (or VPC), with no exemption. */
function articleBucketPolicy(key: string, value: string, sid: string): unknown {
  return {
    Version: "2012-10-17",
    Id: "Policy1415115909152",
    Statement: [
      {
        Sid: sid,
        Principal: "*",
        Action: "s3:*",
        Effect: "Deny",
        Resource: ["arn:aws:s3:::my_secure_bucket", "arn:aws:s3:::my_secure_bucket/*"],
        Condition: { StringNotEquals: { [key]: value } },
      },
    ],
  };
}

const ARTICLE_ENDPOINT_POLICY = {
  Statement: [
    {
      Sid: "Access-to-specific-bucket-only",
      Principal: "*",
      Action: ["s3:GetObject", "s3:PutObject"],
      Effect: "Allow",
      Resource: ["arn:aws:s3:::my_secure_bucket", "arn:aws:s3:::my_secure_bucket/*"],
    },
  ],
};

describe("the article's bare bucket policies", () => {
  test.each([
    ["aws:sourceVpce", "vpce-1a2b3c4d", "Access-to-specific-VPCE-only"],
    ["aws:sourceVpc", "vpc-111bbb22", "Access-to-specific-VPC-only"],
  ])(
    "GIVEN a Deny s3:* unless %s = %s with no exemption WHEN the deployer manages the bucket from the internet THEN it is locked out",
    (key, value, sid) => {
      const topology = readTerraformJson(articleStack(articleBucketPolicy(key, value, sid), ARTICLE_ENDPOINT_POLICY), "article.tf.json");
      const report = analyzeAccess(topology);
      expect(rowsOf(report, "admin", "internet", "s3:PutBucketPolicy")).toEqual([
        expect.objectContaining({
          resource: "arn:aws:s3:::my_secure_bucket",
          decision: "ExplicitDeny",
          because: `denied by bucket policy statement "${sid}" (Deny)`,
        }),
      ]);
      // The matrix's admin is the deploying identity, the session's issuer; none of its management actions is left.
      expect(topology.deployerArnRefs[0]).toBe("${data.aws_iam_session_context.me.issuer_arn}");
      const management = managementRows(report);
      expect(management).toHaveLength(4);
      expect(management.every((row) => row.decision === "ExplicitDeny")).toBe(true);
    },
  );

  test(
    "GIVEN the article's endpoint policy WHEN the insider deletes through the endpoint THEN the endpoint policy is " +
      "the gate that fails",
    () => {
      const open = {
        Version: "2012-10-17",
        Statement: [{ Sid: "Open", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::my_secure_bucket/*" }],
      };
      const report = analyzeAccess(readTerraformJson(articleStack(open, ARTICLE_ENDPOINT_POLICY), "article.tf.json"));
      expect(rowsOf(report, "account-principal", "endpoint:s3", "s3:DeleteObject")[0]?.because).toBe(
        "no statement in the endpoint policy of s3 allows s3:DeleteObject",
      );
      expect(decisionsOf(report, "anonymous", "internet", "s3:GetObject")).toEqual(["Allow"]);
    },
  );
});

describe("policies the analysis cannot use", () => {
  test(
    "GIVEN a jsonencode bucket policy WHEN analyzed THEN a row it could change is Unknown, naming the policy, never " + "a definite Allow",
    () => {
      const report = analyzeAccess(readTerraformJson(articleStack("${jsonencode({Statement = []})}"), "unresolved.tf.json"));
      const [row] = rowsOf(report, "admin", "internet", "s3:PutBucketPolicy");
      expect(row?.decision).toBe("Unknown");
      expect(row?.because).toMatch(
        /^depends on policies the input does not resolve \[bucket policy is unresolved \(policy is the Terraform expression \$\{jsonencode/,
      );
    },
  );

  test(
    "GIVEN a jsonencode bucket policy WHEN the endpoint policy refuses the action THEN the row is denied either " + "way, and says so",
    () => {
      const report = analyzeAccess(
        readTerraformJson(articleStack("${jsonencode({Statement = []})}", ARTICLE_ENDPOINT_POLICY), "unresolved.tf.json"),
      );
      const [row] = rowsOf(report, "admin", "endpoint:s3", "s3:DeleteObject");
      expect(row?.decision).toBe("Unknown");
      expect(row?.because).toMatch(/denied either way, explicitly or not depending on them/);
    },
  );

  test(
    "GIVEN a jsonencode endpoint policy WHEN the bucket policy denies off-endpoint requests THEN requests from the " +
      "internet stay definite",
    () => {
      const report = analyzeAccess(
        readTerraformJson(
          articleStack(articleBucketPolicy("aws:SourceVpce", "${aws_vpc_endpoint.s3.id}", "Deny"), "${jsonencode({Statement = []})}"),
          "unresolved.tf.json",
        ),
      );
      expect(decisionsOf(report, "account-principal", "internet", "s3:GetObject")).toEqual(["ExplicitDeny"]);
      expect(decisionsOf(report, "account-principal", "endpoint:s3", "s3:GetObject")).toEqual(["Unknown"]);
    },
  );

  test("GIVEN a malformed endpoint policy WHEN analyzed THEN it is reported and AWS's full-access default is assumed", () => {
    const malformed = { Statement: [{ Effect: "Maybe", Action: "s3:*", Resource: "*" }] };
    const report = analyzeAccess(readTerraformJson(articleStack({ Statement: [] }, malformed), "malformed.tf.json"));
    const [row] = rowsOf(report, "admin", "endpoint:s3", "s3:GetObject");
    expect(row?.decision).toBe("Allow");
    expect(row?.because).toMatch(/endpoint policy of s3 is malformed \(.*Effect.*\); full access assumed/);
  });
});

describe("analyzeAccess on plan JSON", () => {
  let existing: Topology;
  beforeAll(() => {
    existing = readPlanJson(fixture("plan-existing-infra.json"), "plan-existing-infra.json");
  });

  test(
    "GIVEN a plan over existing infrastructure WHEN analyzed THEN the runner fetches through its endpoint with " +
      "known ids, not through the NAT",
    () => {
      const report = analyzeAccess(existing);
      expect(decisionsOf(report, "instance:runner", "endpoint:artifacts", "s3:GetObject")).toEqual(["Allow"]);
      expect(decisionsOf(report, "instance:runner", "nat", "s3:GetObject")).toEqual(["ExplicitDeny"]);
      expect(report.instances).toEqual([
        expect.objectContaining({
          name: "runner",
          canFetchScripts: true,
          path: [
            { kind: "subnet", address: "module.network.aws_subnet.private", label: "private-a" },
            { kind: "route-table", address: "module.network.aws_route_table.private", label: "module.network.aws_route_table.private" },
            { kind: "endpoint", address: "aws_vpc_endpoint.s3", label: "artifacts" },
          ],
        }),
      ]);
      expect(managementRows(report).map((row) => row.decision)).toEqual(["Allow", "Allow", "Allow", "Allow"]);
    },
  );

  test("GIVEN a key policy that neither names the role nor delegates to IAM WHEN the runner boots THEN KMS is the hop that denies", () => {
    const policy = documentRead(
      {
        Version: "2012-10-17",
        Statement: [
          { Sid: "OnlyOps", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/ops" }, Action: "kms:*", Resource: "*" },
        ],
      },
      "aws_kms_key.artifacts",
      "resource",
    );
    const check = bootCheckOf({ ...existing, kmsKeys: existing.kmsKeys.map((key) => ({ ...key, policy })) }, "runner");
    expect(firstUnfetchableScript(check!)).toMatchObject({
      decision: "ImplicitDeny",
      deniedBy: { gate: "kms-key-policy" },
      because: expect.stringMatching(
        /^S3 would allow it, but KMS refuses: no statement in the key policy of aws_kms_key\.artifacts allows kms:Decrypt/,
      ),
    });
  });

  test("GIVEN a role policy without kms:Decrypt WHEN the runner boots THEN its role policy is the hop that denies, through KMS", () => {
    const roles = existing.roles.map((role) => ({
      ...role,
      policies: role.policies.map((read) =>
        documentRead(
          { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-artifacts/*" }] },
          read.address,
          "identity",
        ),
      ),
    }));
    const fetch = firstUnfetchableScript(bootCheckOf({ ...existing, roles }, "runner")!);
    expect(fetch).toMatchObject({ deniedBy: { gate: "kms-role-policy" }, because: expect.stringContaining("leaves kms:Decrypt to IAM") });
  });

  test(
    "GIVEN a plan whose bucket policy compares with an endpoint id known after apply WHEN analyzed THEN reads " +
      "through readers are Unknown and the deployer is locked out",
    () => {
      const topology = readAny(fixture("plan-new-stack.json"), "plan-new-stack.json");
      const report = analyzeAccess(topology);
      // The Deny's aws:SourceVpce value is known only after apply: whether it matches the endpoint is not in the plan.
      expect(decisionsOf(report, "instance:web", "endpoint:readers", "s3:GetObject")).toEqual(["Unknown"]);
      // Off the endpoint the key is absent, and StringNotEquals on an absent key holds whatever the value.
      expect(decisionsOf(report, "admin", "internet", "s3:PutBucketPolicy")).toEqual(["ExplicitDeny"]);
      expect(report.instances[0]?.scripts[0]).toMatchObject({
        decision: "Unknown",
        because: expect.stringMatching(/aws_vpc_endpoint\.readers\.id/),
      });
    },
  );
});

describe("topology relations", () => {
  test("GIVEN two endpoints claiming one route table WHEN asked THEN both sit on it, and only that table has several", () => {
    const topology = readTerraformJson(articleStack({ Statement: [] }), "article.tf.json");
    const [endpoint] = topology.endpoints;
    const twice = {
      ...topology,
      endpoints: [endpoint!, { ...endpoint!, address: "aws_vpc_endpoint.other", ref: "${aws_vpc_endpoint.other.id}", name: "other" }],
    };
    const table = topology.routeTables[0]!.ref;
    expect(
      relationsOf(twice)
        .endpointsOn(table)
        .map((e) => e.name),
    ).toEqual(["s3", "other"]);
    const shared = (t: typeof topology) => t.routeTables.filter((r) => relationsOf(t).endpointsOn(r.ref).length > 1).map((r) => r.ref);
    expect(shared(twice)).toEqual([table]);
    expect(shared(topology)).toEqual([]);
    expect(relationsOf(topology).endpointsOn("${aws_route_table.missing.id}")).toEqual([]);
  });
});

describeWithRealWorld("analyzeAccess on real-world Terraform JSON", () => {
  test.each(realWorldFiles(".json"))("GIVEN %s WHEN analyzed THEN it completes with a reason on every row", (file) => {
    const topology = readAny(JSON.parse(readFileSync(join(REAL_WORLD_DIR, file), "utf8")), file);
    const report = analyzeAccess(topology);
    expect(report.stack).toBe(file);
    expect(report.instances).toHaveLength(topology.instances.length);
    expect(report.access.every((row) => row.because.length > 0)).toBe(true);
    expect(report.access.length > 0).toBe(topology.buckets.length > 0);
  });
});

describe("analyzeAccess robustness", () => {
  test("GIVEN arbitrary reference-rich Terraform JSON WHEN read and analyzed THEN nothing throws", () => {
    const types = fc.constantFrom(
      "aws_vpc",
      "aws_subnet",
      "aws_route_table",
      "aws_route_table_association",
      "aws_vpc_endpoint",
      "aws_s3_bucket",
      "aws_s3_bucket_policy",
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_instance",
      "aws_iam_instance_profile",
      "aws_kms_key",
    );
    const ref = fc
      .tuple(types, fc.constantFrom("a", "b"), fc.constantFrom("id", "arn", "name", "bucket"))
      .map(([type, name, attribute]) => `\${${type}.${name}.${attribute}}`);
    const policy = fc.constantFrom(
      '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
      '{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",' +
        '"Condition":{"StringNotEquals":{"aws:SourceVpce":"${aws_vpc_endpoint.a.id}"}}}}',
      '{"Statement":[{"Effect":"Perhaps"}]}',
    );
    const value = fc.oneof(ref, policy, fc.array(ref, { maxLength: 2 }), fc.jsonValue({ maxDepth: 2 }));
    const attributes = fc.constantFrom(
      "vpc_id",
      "subnet_id",
      "route_table_id",
      "route_table_ids",
      "policy",
      "bucket",
      "role",
      "iam_instance_profile",
      "route",
      "kms_key_id",
    );
    const body = fc.dictionary(attributes, value).map((values) => ({ service_name: "com.amazonaws.us-east-1.s3", ...values }));
    const resource = fc.dictionary(types, fc.dictionary(fc.constantFrom("a", "b"), body, { maxKeys: 2 }), { maxKeys: 8 });
    fc.assert(
      fc.property(resource, (resources) => {
        const topology = readTerraformJson(
          { resource: { ...resources, aws_s3_object: { o: { bucket: "${aws_s3_bucket.a.id}", key: "boot.sh" } } } },
          "fuzz",
        );
        analyzeAccess(topology);
      }),
      { numRuns: 40 },
    );
  });
});
