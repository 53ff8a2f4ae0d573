import { Testing } from "cdktf";
import { type AccessMode, BucketAccessPolicy } from "../../modules/bucket-access-policy";
import type { EndpointGroupSpec } from "../../modules/gateway-endpoints";
import { buildBase, resourceNamed, statementsOf } from "../support/constructs";

interface Options {
  mode?: AccessMode;
  exemptDeployer?: boolean;
  admins?: string[];
  trusted?: string[];
  groups?: EndpointGroupSpec[];
}

function statements(options: Options = {}): Array<Record<string, unknown>> {
  const json = Testing.synthScope((scope) => {
    const base = buildBase(scope, { groups: options.groups });
    new BucketAccessPolicy(scope, "BucketPolicy", {
      ...base,
      mode: options.mode ?? "vpce",
      deployer: options.exemptDeployer === false ? undefined : base.identity,
      adminPrincipalArns: options.admins,
      trustedEndpointIds: options.trusted,
    });
  });
  return statementsOf(resourceNamed(json, "aws_s3_bucket_policy", /^BucketPolicy/));
}

const bySid = (list: Array<Record<string, unknown>>, sid: string) => list.find((s) => s.Sid === sid);

describe("BucketAccessPolicy", () => {
  test("is TLS-only", () => {
    expect(bySid(statements(), "DenyInsecureTransport")).toMatchObject({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  test("vpce mode denies s3:* on the bucket AND its objects unless the request comes through a scenario endpoint", () => {
    const deny = bySid(statements(), "DenyOutsideScenarioEndpoints");
    expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Action: "s3:*" });
    expect(deny?.Resource).toEqual([expect.stringMatching(/\.arn}$/), expect.stringMatching(/\.arn}\/\*$/)]);
    expect(deny?.Condition).toMatchObject({
      StringNotEquals: {
        "aws:SourceVpce": [
          expect.stringMatching(/aws_vpc_endpoint\.Endpoints_readers_\w+\.id/),
          expect.stringMatching(/aws_vpc_endpoint\.Endpoints_publishers_\w+\.id/),
        ],
      },
    });
  });

  test("the lockout guard exempts the deployer (session issuer ARN) and admins by aws:PrincipalArn", () => {
    const deny = bySid(statements({ admins: ["arn:aws:iam::111122223333:role/platform-admin"] }), "DenyOutsideScenarioEndpoints");
    expect(deny?.Condition).toMatchObject({
      ArnNotLike: {
        "aws:PrincipalArn": [
          expect.stringMatching(/data\.aws_iam_session_context\.Deployer_Session_\w+\.issuer_arn/),
          "arn:aws:iam::111122223333:role/platform-admin",
        ],
      },
    });
  });

  test("without the deployer and admins no one is exempt (the guards refuse such a stack)", () => {
    const deny = bySid(statements({ exemptDeployer: false }), "DenyOutsideScenarioEndpoints");
    expect(deny?.Condition).not.toHaveProperty("ArnNotLike");
  });

  test("trusted external endpoints join the allow-list", () => {
    const deny = bySid(statements({ trusted: ["vpce-1a2b3c4d"] }), "DenyOutsideScenarioEndpoints");
    expect((deny?.Condition as { StringNotEquals: { "aws:SourceVpce": string[] } }).StringNotEquals["aws:SourceVpce"]).toContain(
      "vpce-1a2b3c4d",
    );
  });

  test("vpc mode ties requests to the VPC with aws:SourceVpc", () => {
    const deny = bySid(statements({ mode: "vpc" }), "DenyOutsideVpc");
    expect(deny?.Condition).toMatchObject({
      StringNotEquals: { "aws:SourceVpc": [expect.stringMatching(/aws_vpc\.Network_Vpc_\w+\.id/)] },
    });
  });

  test("denies object writes through the read-only group's endpoint only", () => {
    const deny = bySid(statements(), "DenyWritesThroughReadOnlyEndpoints");
    expect(deny).toMatchObject({ Effect: "Deny", Action: expect.arrayContaining(["s3:PutObject*", "s3:DeleteObject*"]) });
    expect(deny?.Condition).toEqual({ StringEquals: { "aws:SourceVpce": [expect.stringMatching(/Endpoints_readers_/)] } });
  });

  test("no read-only deny when every group may write; read-write is still denied the object changes it is not granted", () => {
    const all = statements({ groups: [{ name: "rw", tiers: ["app"], access: "read-write" }] });
    expect(bySid(all, "DenyWritesThroughReadOnlyEndpoints")).toBeUndefined();
    const deny = bySid(all, "DenyUngrantedWritesThroughRw");
    expect(deny?.Action).toEqual(expect.arrayContaining(["s3:DeleteObject*", "s3:PutObjectAcl", "s3:PutObjectRetention"]));
    expect(deny?.Action).not.toContain("s3:PutObject");
    expect(deny?.Action).not.toContain("s3:PutObject*");
  });

  test("never denies an action the group is granted: a granted s3:DeleteObjectTagging turns s3:DeleteObject* into concrete names", () => {
    // GIVEN readers is granted s3:GetObject and s3:DeleteObjectTagging (the example)
    const list = statements({
      groups: [{ name: "readers", tiers: ["app"], access: { actions: ["s3:GetObject", "s3:DeleteObjectTagging"] } }],
    });
    // WHEN its deny is derived THEN it names s3:DeleteObject but no entry that matches s3:DeleteObjectTagging
    const deny = bySid(list, "DenyUngrantedWritesThroughReaders");
    expect(deny?.Action).toEqual(expect.arrayContaining(["s3:PutObject*", "s3:DeleteObject", "s3:DeleteObjectVersion"]));
    expect(deny?.Action).not.toContain("s3:DeleteObject*");
    expect(deny?.Action).not.toContain("s3:DeleteObjectTagging");
    expect(bySid(list, "DenyWritesThroughReadOnlyEndpoints")).toBeUndefined();
  });

  test("no write deny at all for a group granted s3:*", () => {
    const list = statements({ groups: [{ name: "all", tiers: ["app"], access: { actions: ["s3:*"] } }] });
    expect(list.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "DenyOutsideScenarioEndpoints"]);
  });

  test("endpoints with equal denies share one statement", () => {
    const list = statements({
      groups: [
        { name: "a", tiers: ["app"], access: "read" },
        { name: "b", tiers: ["ops"], access: { actions: ["s3:ListBucket"] } },
      ],
    });
    expect(bySid(list, "DenyWritesThroughReadOnlyEndpoints")?.Condition).toEqual({
      StringEquals: { "aws:SourceVpce": [expect.stringMatching(/Endpoints_a_/), expect.stringMatching(/Endpoints_b_/)] },
    });
  });

  test("grants nothing: every statement is a Deny", () => {
    expect(statements().every((s) => s.Effect === "Deny")).toBe(true);
  });
});
