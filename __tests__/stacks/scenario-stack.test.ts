import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario } from "../../config/load";
import { runDist } from "../support/cli";
import { EXISTING_VPC, existingNetwork } from "../support/existing-vpc";
import { CONFIG_DIR, type TerraformJson, policyOf, resourcesOf, scenarioOf, synthScenario } from "../support/scenario";

type Statement = Record<string, unknown> & { Sid?: string; Condition?: Record<string, Record<string, string[]>> };

/** The article's three controls, read back from the synthesized JSON. */
function controls(tf: TerraformJson) {
  const endpoints = resourcesOf(tf, "aws_vpc_endpoint");
  const routeTables = Object.keys(resourcesOf(tf, "aws_route_table"));
  const policies = Object.entries(resourcesOf(tf, "aws_s3_bucket_policy")).filter(([name]) => !name.includes("AccessLogs"));
  expect(policies).toHaveLength(1);
  return { endpoints, routeTables, bucketPolicy: policyOf(policies[0][1]).Statement as Statement[] };
}

const EXAMPLES = ["default", "single-endpoint.json", "vpc-mode.json", "multi-endpoint.json"];

/** The default scenario, synthesized once for the controls below and the ScenarioStack tests. */
const DEFAULT_SCENARIO = loadScenario({});
const DEFAULT_TF = synthScenario(DEFAULT_SCENARIO).tf;

describe.each(EXAMPLES)("the %s scenario synthesizes the article's three controls", (example) => {
  const scenario = example === "default" ? DEFAULT_SCENARIO : loadScenario({ VPCE_CONFIG: join(CONFIG_DIR, example) });
  const tf = example === "default" ? DEFAULT_TF : synthScenario(scenario).tf;
  const { config } = scenario;
  const { endpoints, routeTables, bucketPolicy } = controls(tf);

  test("route tables: each endpoint group's endpoint holds exactly its tiers' route tables, and no table is on two endpoints", () => {
    const seen = new Set<string>();
    for (const group of config.endpointGroups) {
      const [, endpoint] = Object.entries(endpoints).find(([name]) => name.includes(`_${group.name}_`)) ?? [];
      const tables = (endpoint?.route_table_ids ?? []) as string[];
      expect(tables).toHaveLength(group.tiers.length * config.network.azCount);
      for (const table of tables) {
        expect(seen.has(table)).toBe(false);
        seen.add(table);
        expect(group.tiers.some((tier) => table.includes(`Network_${tier}_Az`))).toBe(true);
      }
    }
    expect(routeTables).toHaveLength(config.network.azCount * (config.network.tiers.length + 1));
  });

  test("endpoint policies: limited to the scenario bucket (plus the AL2023 repositories)", () => {
    for (const endpoint of Object.values(endpoints)) {
      const [bucketStatement, ...rest] = policyOf(endpoint).Statement;
      expect(bucketStatement.Resource).toEqual([
        expect.stringMatching(/^\$\{aws_s3_bucket\.ScriptBucket_\w+\.arn\}$/),
        expect.stringMatching(/\.arn\}\/\*$/),
      ]);
      expect(rest.map((s) => s.Resource)).toEqual([expect.stringMatching(/^arn:aws:s3:::al2023-repos-[a-z0-9-]+-de612dc2\/\*$/)]);
    }
  });

  test("bucket policy: denies requests off the private path, except the deployer, and is TLS-only", () => {
    const privatePath = bucketPolicy.find(
      (s) => s.Sid === (config.access.mode === "vpce" ? "DenyOutsideScenarioEndpoints" : "DenyOutsideVpc"),
    );
    const key = config.access.mode === "vpce" ? "aws:SourceVpce" : "aws:SourceVpc";
    expect(privatePath?.Condition?.StringNotEquals[key].length).toBe(config.access.mode === "vpce" ? config.endpointGroups.length : 1);
    expect(privatePath?.Condition?.ArnNotLike["aws:PrincipalArn"][0]).toMatch(/aws_iam_session_context/);
    expect(bucketPolicy.find((s) => s.Sid === "DenyInsecureTransport")).toBeDefined();
  });
});

describe("ScenarioStack", () => {
  const defaultTf = DEFAULT_TF;

  test(
    "three tiers in three AZs with two groups: nine private subnets, each with its own route table, endpoints " + "covering six and three",
    () => {
      // GIVEN an unseen config WHEN synthesized
      const { tf } = synthScenario(
        scenarioOf({
          network: { azCount: 3, tiers: [{ name: "web" }, { name: "app" }, { name: "data" }] },
          endpointGroups: [
            { name: "front", tiers: ["web", "app"], access: "read" },
            { name: "back", tiers: ["data"], access: "read-write" },
          ],
          instances: [
            { name: "api", tier: "app" },
            { name: "etl", tier: "data", az: 2 },
          ],
        }),
      );
      // THEN
      const subnets = Object.values(resourcesOf(tf, "aws_subnet")) as Array<{ tags: { Tier: string } }>;
      expect(subnets.filter((s) => s.tags.Tier !== "public")).toHaveLength(9);
      const associations = Object.values(resourcesOf(tf, "aws_route_table_association")).map((a) => a.route_table_id);
      expect(new Set(associations).size).toBe(12);
      const sizes = Object.values(resourcesOf(tf, "aws_vpc_endpoint"))
        .map((e) => (e.route_table_ids as string[]).length)
        .sort();
      expect(sizes).toEqual([3, 6]);
      expect(Object.keys(resourcesOf(tf, "aws_instance"))).toHaveLength(2);
    },
  );

  test("resource addresses are a contract: these stay as they are for the default scenario", () => {
    const tf = defaultTf;
    const pinned = [
      "aws_vpc.Network_Vpc_FAC8F4A5",
      "aws_subnet.Network_app_Az0_Subnet_7B3C1632",
      "aws_route_table.Network_app_Az0_RouteTable_99500EDE",
      "aws_vpc_endpoint.Endpoints_readers_8B5F0CC1",
      "aws_vpc_endpoint.Endpoints_publishers_48B525E1",
      "aws_s3_bucket.ScriptBucket_7411736E",
      "aws_s3_bucket_policy.BucketPolicy_E058A091",
      "aws_instance.Instances_web_Instance_0D473B21",
    ];
    for (const address of pinned) {
      const [type, name] = address.split(".");
      expect(resourcesOf(tf, type)).toHaveProperty([name]);
    }
  });

  test("addresses of existing resources stay stable when an unrelated group, tier and instance are added", () => {
    const before = defaultTf;
    const after = synthScenario(
      scenarioOf({
        project: "vpce-demo",
        network: { tiers: [{ name: "app" }, { name: "ops" }, { name: "batch" }] },
        endpointGroups: [
          { name: "readers", tiers: ["app"], access: "read" },
          { name: "publishers", tiers: ["ops"], access: "read-write" },
          { name: "batch", tiers: ["batch"] },
        ],
        instances: [
          { name: "web", tier: "app", scripts: ["00-prepare.sh", "10-app.sh", "90-health.sh"] },
          { name: "cron", tier: "batch" },
        ],
      }),
    ).tf;
    for (const type of ["aws_subnet", "aws_route_table", "aws_vpc_endpoint", "aws_instance"]) {
      for (const name of Object.keys(resourcesOf(before, type))) expect(resourcesOf(after, type)).toHaveProperty([name]);
    }
  });

  test(
    "local state lives beside cdktf.out (three levels up from the stack folder Terraform runs in), a given path " +
      "too; the S3 backend has encryption and locking",
    () => {
      expect(defaultTf.terraform.backend).toEqual({
        local: { path: "../../../terraform.vpce-demo.tfstate", workspace_dir: "../../../terraform.vpce-demo.tfstate.d" },
      });
      const custom = synthScenario(scenarioOf({ backend: { type: "local", path: "state/demo.tfstate" } })).tf;
      expect(custom.terraform.backend).toEqual({
        local: { path: "../../../state/demo.tfstate", workspace_dir: "../../../terraform.test-scn.tfstate.d" },
      });
      const s3 = synthScenario(
        scenarioOf({
          backend: { type: "s3", bucket: "team-state", key: "vpce/terraform.tfstate", region: "us-east-1", dynamodbTable: "tf-locks" },
        }),
      ).tf;
      expect(s3.terraform.backend).toEqual({
        s3: {
          bucket: "team-state",
          key: "vpce/terraform.tfstate",
          region: "us-east-1",
          encrypt: true,
          dynamodb_table: "tf-locks",
          use_lockfile: true,
        },
      });
    },
  );

  test("hashicorp/aws is a constraint (~> 6.25 by default, overridable), so that init takes a mirror or a newer patch", () => {
    expect(defaultTf.terraform.required_providers).toEqual({ aws: { source: "aws", version: "~> 6.25" } });
    const pinned = synthScenario(scenarioOf({ awsProviderVersion: ">= 6.25, < 7.0" })).tf;
    expect(pinned.terraform.required_providers).toEqual({ aws: { source: "aws", version: ">= 6.25, < 7.0" } });
  });

  test("outputs what a deploy made: the VPC, each group's endpoint, the bucket, each instance and role, the KMS key", () => {
    const outputs = (defaultTf as { output?: Record<string, { value: unknown }> }).output ?? {};
    expect(Object.keys(outputs).sort()).toEqual([
      "bucket_arn",
      "bucket_name",
      "endpoint_ids",
      "instance_ids",
      "kms_key_arn",
      "role_arns",
      "vpc_id",
    ]);
    expect(outputs.endpoint_ids.value).toEqual({
      readers: expect.stringMatching(/^\$\{aws_vpc_endpoint\.Endpoints_readers_\w+\.id\}$/),
      publishers: expect.stringMatching(/^\$\{aws_vpc_endpoint\.Endpoints_publishers_\w+\.id\}$/),
    });
    expect(outputs.role_arns.value).toEqual({ web: expect.stringMatching(/^\$\{aws_iam_role\.Instances_web_Role_\w+\.arn\}$/) });
    const sseS3 = synthScenario(scenarioOf({ bucket: { encryption: "s3" } })).tf as { output?: Record<string, unknown> };
    expect(sseS3.output).not.toHaveProperty("kms_key_arn");
  });

  test("the provider sets the region and default tags", () => {
    const { tf } = synthScenario(scenarioOf({ tags: { Owner: "platform" } }));
    expect(tf.provider.aws).toEqual([
      { region: "us-east-1", default_tags: [{ tags: { Project: "test-scn", ManagedBy: "cdktf", Owner: "platform" } }] },
    ]);
  });
});

describe("ScenarioStack with network.existing (bring your own VPC)", () => {
  // GIVEN the default groups and instance in an existing VPC
  const scenario = scenarioOf({ network: existingNetwork() });
  const { json, tf } = synthScenario(scenario);
  const { endpoints, bucketPolicy } = controls(tf);

  test("creates no network of its own, and says which VPC it used", () => {
    for (const type of [
      "aws_vpc",
      "aws_subnet",
      "aws_route_table",
      "aws_route_table_association",
      "aws_nat_gateway",
      "aws_flow_log",
      "aws_default_security_group",
    ]) {
      expect([type, Object.keys(resourcesOf(tf, type))]).toEqual([type, []]);
    }
    expect((tf as { output?: Record<string, { value: unknown }> }).output?.vpc_id.value).toBe(EXISTING_VPC.vpcId);
  });

  test(
    "the three controls hold: each endpoint holds exactly its tiers' given route tables, its policy is the " +
      "bucket's, and the bucket policy denies off the endpoints",
    () => {
      expect(endpoints["Endpoints_readers_8B5F0CC1"]).toMatchObject({
        vpc_id: EXISTING_VPC.vpcId,
        route_table_ids: EXISTING_VPC.tiers.app.map((s) => s.routeTableId),
      });
      expect(endpoints["Endpoints_publishers_48B525E1"]).toMatchObject({
        vpc_id: EXISTING_VPC.vpcId,
        route_table_ids: EXISTING_VPC.tiers.ops.map((s) => s.routeTableId),
      });
      for (const endpoint of Object.values(endpoints))
        expect(policyOf(endpoint).Statement[0].Resource).toEqual([
          expect.stringMatching(/ScriptBucket_\w+\.arn\}$/),
          expect.stringMatching(/ScriptBucket_\w+\.arn\}\/\*$/),
        ]);
      const privatePath = bucketPolicy.find((s) => s.Sid === "DenyOutsideScenarioEndpoints");
      expect(privatePath?.Condition?.StringNotEquals["aws:SourceVpce"]).toEqual([
        "${aws_vpc_endpoint.Endpoints_readers_8B5F0CC1.id}",
        "${aws_vpc_endpoint.Endpoints_publishers_48B525E1.id}",
      ]);
      expect(resourcesOf(tf, "aws_instance")["Instances_web_Instance_0D473B21"]).toMatchObject({
        subnet_id: EXISTING_VPC.tiers.app[0].subnetId,
      });
    },
  );

  test("in vpc mode the bucket policy names the given VPC", () => {
    const vpcMode = synthScenario(scenarioOf({ network: existingNetwork(), access: { mode: "vpc" } })).tf;
    const privatePath = controls(vpcMode).bucketPolicy.find((s) => s.Sid === "DenyOutsideVpc");
    expect(privatePath?.Condition?.StringNotEquals["aws:SourceVpc"]).toEqual([EXISTING_VPC.vpcId]);
  });

  test(
    "review --format json: web reads its scripts through endpoint:readers only, and its boot check follows the " +
      "given subnet and route table",
    () => {
      // WHEN the real review reads the synthesized file
      const dir = mkdtempSync(join(tmpdir(), "vpce-byo-"));
      writeFileSync(join(dir, "cdk.tf.json"), json);
      const run = runDist("cli/review.js", [join(dir, "cdk.tf.json"), "--format", "json"]);
      expect(run.status).toBe(0);
      const [stack] = (
        JSON.parse(run.stdout) as {
          stacks: Array<{
            access: Array<Record<string, string>>;
            instances: Array<{ name: string; canFetchScripts: boolean; path: string[] }>;
            findings: unknown[];
          }>;
        }
      ).stacks;
      // THEN
      const webReads = stack.access.filter((row) => row.principal === "instance:web" && row.action === "s3:GetObject");
      expect(webReads.filter((row) => row.origin === "endpoint:readers").map((row) => row.decision)).toEqual(["Allow", "Allow", "Allow"]);
      expect(new Set(webReads.map((row) => row.origin))).toEqual(new Set(["endpoint:readers", "internet"]));
      expect(webReads.filter((row) => row.origin !== "endpoint:readers").every((row) => row.decision === "ExplicitDeny")).toBe(true);
      expect(stack.instances).toEqual([
        expect.objectContaining({
          name: "web",
          canFetchScripts: true,
          path: [
            "subnet subnet-0aaa0000000000001 (data.aws_subnet.Network_app_Az0_Subnet_7B3C1632)",
            "route table data.aws_route_table.Network_app_Az0_RouteTable_99500EDE",
            "endpoint readers",
          ],
        }),
      ]);
      expect(stack.findings).toEqual([]);
    },
  );

  test("the boot guard refuses an instance whose tier is in no endpoint group, naming the route table and the fix", () => {
    const orphan = scenarioOf({
      network: existingNetwork(),
      endpointGroups: [{ name: "publishers", tiers: ["ops"], access: "read-write" }],
    });
    expect(() => synthScenario(orphan)).toThrow(
      new RegExp(
        String.raw`instance "web" cannot fetch its boot script bootstrap\/00-prepare\.sh: the request goes ` +
          String.raw`subnet subnet-0aaa0000000000001 \(data\.aws_subnet\.Network_app_Az0_Subnet_\w+\) → route ` +
          String.raw`table data\.aws_route_table\.Network_app_Az0_RouteTable_\w+ → no S3 endpoint route \(its ` +
          String.raw`other routes are outside the input\) and is refused: .* — add the instance's tier to an ` +
          "endpoint group",
      ),
    );
    // and the same stack with its tier in a group passes the guard
    expect(() =>
      synthScenario(
        scenarioOf({ network: existingNetwork(), endpointGroups: [{ name: "publishers", tiers: ["ops", "app"], access: "read-write" }] }),
      ),
    ).not.toThrow();
  });
});
