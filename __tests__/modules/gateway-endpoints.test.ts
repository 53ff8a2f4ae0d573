import "../support/matchers";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Testing } from "cdktf";
import { type EndpointGroupSpec, actionsFor } from "../../modules/gateway-endpoints";
import { buildBase, resourceNamed, statementsOf } from "../support/constructs";

function synthEndpoints(groups?: EndpointGroupSpec[]): string {
  return Testing.synthScope((scope) => {
    buildBase(scope, { groups });
  });
}

describe("GatewayEndpoints", () => {
  const json = synthEndpoints();

  test("makes one S3 gateway endpoint per group, associated with exactly its tiers' route tables", () => {
    // GIVEN readers on app and publishers on ops THEN each endpoint holds its tier's two route tables
    const readers = resourceNamed(json, "aws_vpc_endpoint", /_readers_/);
    expect(readers).toMatchObject({ service_name: "com.amazonaws.us-east-1.s3", vpc_endpoint_type: "Gateway" });
    expect(readers.route_table_ids).toEqual([
      expect.stringMatching(/Network_app_Az0_RouteTable/),
      expect.stringMatching(/Network_app_Az1_RouteTable/),
    ]);
    const publishers = resourceNamed(json, "aws_vpc_endpoint", /_publishers_/);
    expect(publishers.route_table_ids).toEqual([
      expect.stringMatching(/Network_ops_Az0_RouteTable/),
      expect.stringMatching(/Network_ops_Az1_RouteTable/),
    ]);
  });

  test("limits a read group's policy to Get and List on the script bucket, plus the AL2023 repositories", () => {
    const [bucket, repos] = statementsOf(resourceNamed(json, "aws_vpc_endpoint", /_readers_/));
    expect(bucket).toMatchObject({ Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"] });
    expect(bucket.Resource).toEqual([expect.stringMatching(/\.arn}$/), expect.stringMatching(/\.arn}\/\*$/)]);
    expect(repos).toMatchObject({ Action: "s3:GetObject", Resource: "arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*" });
  });

  test("a read-write group adds PutObject; explicit actions are used as given", () => {
    expect(statementsOf(resourceNamed(json, "aws_vpc_endpoint", /_publishers_/))[0].Action).toContain("s3:PutObject");
    expect(actionsFor({ actions: ["s3:GetObject"] })).toEqual(["s3:GetObject"]);
  });

  test("the AL2023 repository statement can be turned off", () => {
    const off = synthEndpoints([{ name: "narrow", tiers: ["app"], access: "read", amazonLinuxRepos: false }]);
    expect(statementsOf(resourceNamed(off, "aws_vpc_endpoint", /_narrow_/)).map((s) => s.Sid)).toEqual(["ScriptBucketAccess"]);
  });

  test("a group spanning two tiers covers all four route tables", () => {
    const wide = synthEndpoints([{ name: "all", tiers: ["app", "ops"], access: "read" }]);
    expect(wide).toHaveResourceWithProperties(VpcEndpoint, {
      route_table_ids: expect.arrayContaining([expect.stringMatching(/app_Az0/), expect.stringMatching(/ops_Az1/)]),
    });
    expect(resourceNamed(wide, "aws_vpc_endpoint", /_all_/).route_table_ids).toHaveLength(4);
  });
});
