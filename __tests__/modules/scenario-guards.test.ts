import { Testing, TerraformStack } from "cdktf";
import { BootInstance } from "../../modules/boot-instance";
import { BucketAccessPolicy } from "../../modules/bucket-access-policy";
import { type EndpointGroupSpec, GatewayEndpoints } from "../../modules/gateway-endpoints";
import { ScenarioGuards } from "../../modules/scenario-guards";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { type Base, SCRIPTS, buildBase } from "../support/constructs";
import { scenarioOf, synthScenario } from "../support/scenario";

interface Variant {
  groups?: EndpointGroupSpec[];
  exemptDeployer?: boolean;
  instanceTier?: string;
  admins?: string[];
  /** Changes the stack after it is built, to reach states the constructs never produce. */
  tamper?: (base: Base & { policy: BucketAccessPolicy; stack: TerraformStack }) => void;
}

/** A scenario assembled from the constructs, with ScenarioGuards attached as a user would. */
function synthWithGuards(variant: Variant = {}): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, "guarded");
  new AwsProvider(stack, "Aws", { region: "us-east-1" });
  const base = buildBase(stack, { groups: variant.groups });
  const policy = new BucketAccessPolicy(stack, "BucketPolicy", {
    ...base,
    mode: "vpce",
    deployer: variant.exemptDeployer === false ? undefined : base.identity,
    adminPrincipalArns: variant.admins,
  });
  new BootInstance(stack, "web", { project: "g", region: "us-east-1", ...base, tier: variant.instanceTier ?? "app", scripts: SCRIPTS });
  variant.tamper?.({ ...base, policy, stack });
  stack.node.addValidation(new ScenarioGuards(stack));
  return Testing.synth(stack, true);
}

/**
 * The error a synth throws (the synth itself asserted to throw), so that several assertions on one
 * refusal share one synth: the same variant is refused with the same error every time.
 */
function refusalOf(synth: () => unknown): () => never {
  let error: unknown;
  expect(() => {
    try {
      synth();
    } catch (thrown) {
      error = thrown;
      throw thrown;
    }
  }).toThrow();
  return () => {
    throw error;
  };
}

/** web's tier is in a group whose endpoint allows s3:PutObject only: the endpoint policy refuses the script read. */
let writersOnly: (() => never) | undefined;
const writersOnlyRefusal = (): (() => never) =>
  (writersOnly ??= refusalOf(() =>
    synthWithGuards({ groups: [{ name: "writers", tiers: ["app"], access: { actions: ["s3:PutObject"] } }] }),
  ));

describe("ScenarioGuards", () => {
  test("passes the secure scenario", () => {
    expect(() => synthWithGuards()).not.toThrow();
  });

  test("refuses an instance that cannot fetch its scripts, naming the instance, the script and the hop", () => {
    // GIVEN the instance's tier is in no endpoint group: its requests leave through the NAT gateway
    const synth = () => synthWithGuards({ groups: [{ name: "publishers", tiers: ["ops"], access: "read-write" }] });
    // THEN the bucket policy's private-path deny stops them, and synthesis is refused
    expect(synth).toThrow(
      new RegExp(
        String.raw`instance "web" cannot fetch its boot script bootstrap\/00-prepare\.sh: the request goes ` +
          ".* → the NAT gateway and is refused: denied by bucket policy statement " +
          '"DenyOutsideScenarioEndpoints"',
      ),
    );
  });

  test("refuses an instance whose endpoint policy does not allow reading its scripts", () => {
    const synth = writersOnlyRefusal();
    expect(synth).toThrow(/instance "web" cannot fetch its boot script .*endpoint/);
  });

  test("refuses a bucket policy that would lock out the deployer and every admin", () => {
    expect(() => synthWithGuards({ exemptDeployer: false })).toThrow(
      new RegExp(
        String.raw`Bucket policy locks out its administrators \(statement "DenyOutsideScenarioEndpoints" ` +
          String.raw`\(when StringNotEquals aws:SourceVpce\) denies the deploying identity .*recovery then ` +
          "needs the root user",
      ),
    );
  });

  test("refuses a bucket policy that exempts admins but not the deploying identity", () => {
    const synth = () => synthWithGuards({ exemptDeployer: false, admins: ["arn:aws:iam::111122223333:role/platform-admin"] });
    expect(synth).toThrow(
      new RegExp(
        String.raw`Bucket policy locks out its administrators \(statement "DenyOutsideScenarioEndpoints" ` +
          String.raw`\(when StringNotEquals aws:SourceVpce and ArnNotLike aws:PrincipalArn\) denies the ` +
          String.raw`deploying identity \$\{data\.aws_iam_session_context\.Deployer_Session_\w+\.issuer_arn\}`,
      ),
    );
  });

  test("refuses a route table that carries two S3 endpoint routes", () => {
    const synth = () =>
      synthWithGuards({
        tamper: ({ stack, network, bucket }) => {
          new GatewayEndpoints(stack, "Extra", {
            region: "us-east-1",
            network,
            bucket,
            groups: [{ name: "shadow", tiers: ["app"], access: "read" }],
          });
        },
      });
    expect(synth).toThrow(/aws_route_table\.Network_app_Az0_RouteTable_\w+: .*(two|several|more than one) S3 (gateway )?endpoints?/i);
  });

  test("refuses a bucket policy that conditions on aws:SourceIp while requests arrive through endpoints", () => {
    const synth = () =>
      synthWithGuards({
        tamper: ({ policy, bucket }) => {
          policy.policy.addOverride(
            "policy",
            JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Sid: "OfficeOnly",
                  Effect: "Deny",
                  Principal: "*",
                  Action: "s3:*",
                  Resource: [bucket.bucketArn, `${bucket.bucketArn}/*`],
                  Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
                },
              ],
            }),
          );
        },
      });
    expect(synth).toThrow(/aws:SourceIp/);
  });

  test("refuses a bucket in another region than its endpoints", () => {
    const synth = () => synthWithGuards({ tamper: ({ bucket }) => bucket.bucket.addOverride("region", "eu-west-1") });
    expect(synth).toThrow(/eu-west-1/);
  });
});

describe("ScenarioGuards: granted means reachable", () => {
  const GRANTS_TAG_DELETE: EndpointGroupSpec[] = [
    { name: "readers", tiers: ["app"], access: { actions: ["s3:GetObject", "s3:DeleteObjectTagging"] } },
    { name: "publishers", tiers: ["ops"], access: "read-write" },
  ];

  test("passes a group granted s3:DeleteObjectTagging: the bucket policy does not deny it through the group's endpoint", () => {
    // GIVEN readers is granted a read and one object-changing action WHEN synthesized with the guards THEN nothing refuses it
    expect(() => synthWithGuards({ groups: GRANTS_TAG_DELETE })).not.toThrow();
  });

  test(
    "refuses a bucket policy that denies through an endpoint an action its group is granted, naming the group, the " +
      "action and the statement",
    () => {
      // GIVEN a bucket policy that still denies s3:DeleteObject* through readers, whose group is granted s3:DeleteObjectTagging
      const synth = () =>
        synthWithGuards({
          groups: GRANTS_TAG_DELETE,
          tamper: ({ policy, bucket, endpoints }) => {
            policy.policy.addOverride(
              "policy",
              JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                  {
                    Sid: "DenyWritesThroughReadOnlyEndpoints",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["s3:PutObject*", "s3:DeleteObject*"],
                    Resource: `${bucket.bucketArn}/*`,
                    Condition: { StringEquals: { "aws:SourceVpce": [endpoints.forGroup("readers").endpointId] } },
                  },
                ],
              }),
            );
          },
        });
      // THEN synthesis is refused at the endpoint
      expect(synth).toThrow(
        new RegExp(
          String.raw`aws_vpc_endpoint\.Endpoints_readers_\w+: endpoint group "readers" is granted ` +
            String.raw`s3:DeleteObjectTagging on aws_s3_bucket\.\w+, but through its endpoint it is denied by ` +
            String.raw`bucket policy statement "DenyWritesThroughReadOnlyEndpoints" \(Deny\)`,
        ),
      );
    },
  );
});

describe("ScenarioGuards: the boot fix follows the gate that refuses", () => {
  test("a tier in no endpoint group and no NAT gateway: the fix is to add the tier to an endpoint group", () => {
    // GIVEN natGateways none and web's tier routed by no endpoint: its route table has no route to S3
    const scenario = scenarioOf({
      network: { natGateways: "none" },
      endpointGroups: [{ name: "publishers", tiers: ["ops"], access: "read-write" }],
      instances: [{ name: "web", tier: "app" }],
    });
    // WHEN synthesized THEN the missing route is named, and the fix is routing, not a policy change
    const synth = refusalOf(() => synthScenario(scenario));
    expect(synth).toThrow(/no route to S3 .* — add the instance's tier to an endpoint group/);
    expect(synth).not.toThrow(/allow s3:GetObject/);
  });

  test("an endpoint policy that does not allow the read: the fix is to allow it in that endpoint policy", () => {
    const synth = writersOnlyRefusal();
    expect(synth).toThrow(/— allow s3:GetObject on the script in the endpoint policy of writers \(the endpoint group's access\)/);
  });

  test("a role policy that does not allow the read: the fix is to allow it in the instance role's policy", () => {
    const synth = () =>
      synthWithGuards({
        tamper: ({ stack }) => {
          // GIVEN web's role policy allows listing only
          const rolePolicy = stack.node
            .findAll()
            .find((c): c is IamRolePolicy => c instanceof IamRolePolicy && c.node.path.includes("/web/"));
          rolePolicy?.addOverride(
            "policy",
            JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }] }),
          );
        },
      });
    expect(synth).toThrow(/— allow s3:GetObject on the script in the instance role's policy/);
  });
});

describe("the scenario stack runs the guards", () => {
  test("moving the instance's tier out of every endpoint group makes synth fail, naming the instance", () => {
    const scenario = scenarioOf({
      endpointGroups: [{ name: "publishers", tiers: ["ops"], access: "read-write" }],
      instances: [{ name: "web", tier: "app" }],
    });
    expect(() => synthScenario(scenario)).toThrow(/instance "web" cannot fetch its boot script/);
  });

  test("the default scenario and a three-tier variant pass", () => {
    expect(() => synthScenario(scenarioOf())).not.toThrow();
    expect(() =>
      synthScenario(
        scenarioOf({
          network: { tiers: [{ name: "web" }, { name: "app" }, { name: "data" }] },
          endpointGroups: [
            { name: "front", tiers: ["web", "app"] },
            { name: "back", tiers: ["data"], access: "read-write" },
          ],
          instances: [
            { name: "api", tier: "app" },
            { name: "etl", tier: "data" },
          ],
        }),
      ),
    ).not.toThrow();
  });
});
