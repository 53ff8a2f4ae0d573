import { readFileSync } from "node:fs";
import { join } from "node:path";
import { detectInput, readAny } from "../../../analysis/topology";
import type { Topology } from "../../../analysis/topology/model";
import { writtenDocument } from "../../../analysis/topology/policy-read";
import { REAL_WORLD_DIR, describeWithRealWorld } from "../../support/real-world";

/** Reads one of the real-world inputs (see its README for where each comes from). */
function realWorld(file: string): Topology {
  const doc: unknown = JSON.parse(readFileSync(join(REAL_WORLD_DIR, file), "utf8"));
  expect(detectInput(doc)).toBe("terraform-json");
  return readAny(doc, file);
}

function countOf(topology: Topology, type: string, mode: "managed" | "data" = "managed"): number {
  return topology.resources.filter((resource) => resource.type === type && resource.mode === mode).length;
}

describeWithRealWorld("readAny on real-world Terraform JSON written by others", () => {
  test(
    "GIVEN aws-samples ec2RuntimeMonitor (CDKTF synth, provider-less) WHEN read THEN the README's resource counts " +
      "and role attachments come back",
    () => {
      const topology = realWorld("aws-samples__ec2RuntimeMonitor__cdk.tf.json");
      expect([
        countOf(topology, "aws_iam_role"),
        countOf(topology, "aws_iam_policy"),
        countOf(topology, "aws_iam_role_policy_attachment"),
      ]).toEqual([7, 7, 13]);
      expect([topology.vpcRefs.length, topology.subnets.length, topology.kmsKeys.length, topology.roles.length]).toEqual([1, 2, 1, 7]);
      expect(topology.roles.flatMap((role) => role.externalPolicyArns)).toContain(
        "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
      );
      expect(topology.deployerArnRefs).toEqual([expect.stringMatching(/^\$\{data\.aws_iam_session_context\./)]);
      expect(topology.region).toBeUndefined();
    },
  );

  test(
    "GIVEN aws-ia vpc_endpoints (142 counted endpoints, jsonencode policies) WHEN read THEN only the S3 gateway " +
      "endpoint is modelled, its policy unresolved",
    () => {
      const topology = realWorld("aws-ia__terraform-aws-vpc_endpoints__main_generated.tf.json");
      expect(countOf(topology, "aws_vpc_endpoint")).toBe(142);
      expect(topology.resources.every((resource) => resource.repeated)).toBe(true);
      expect(topology.endpoints.map((endpoint) => endpoint.address)).toEqual(["aws_vpc_endpoint.s3_gateway"]);
      expect(topology.endpoints[0]?.policy).toMatchObject({ state: "unresolved", reason: expect.stringContaining("jsonencode") });
    },
  );

  test(
    "GIVEN subs0 micro (policy document data sources, resource. prefixes) WHEN read THEN both bucket policies " +
      "resolve to documents naming each bucket's ARN",
    () => {
      const topology = realWorld("subs0__micro__example.tf.json");
      expect([
        countOf(topology, "aws_s3_bucket"),
        countOf(topology, "aws_iam_role"),
        countOf(topology, "aws_iam_policy_document", "data"),
      ]).toEqual([2, 4, 10]);
      for (const bucket of topology.buckets) {
        expect(bucket.policy.address).toMatch(/^data\.aws_iam_policy_document\./);
        expect(JSON.stringify(writtenDocument(bucket.policy))).toContain(`"${bucket.arnRef}/*"`);
      }
      expect(
        topology.roles.every(
          (role) => role.policies.length === 1 && role.policies[0] !== undefined && writtenDocument(role.policies[0]) !== undefined,
        ),
      ).toBe(true);
      expect(topology.region).toBe("us-east-2");
    },
  );

  test(
    "GIVEN brennanwilkes aaa_test (everything as arrays of blocks) WHEN read THEN subnets, route tables and " + "associations are linked",
    () => {
      const topology = realWorld("brennanwilkes__aaa_test__terraform.tf.json");
      expect([
        topology.vpcRefs.length,
        topology.subnets.length,
        topology.routeTables.length,
        topology.internetGatewayRefs.length,
        topology.buckets.length,
      ]).toEqual([1, 2, 2, 1, 1]);
      expect([
        countOf(topology, "aws_route"),
        countOf(topology, "aws_route_table_association"),
        countOf(topology, "aws_security_group"),
      ]).toEqual([1, 2, 1]);
      expect(topology.subnets.every((subnet) => subnet.routeTableRef !== undefined)).toBe(true);
      expect(topology.region).toBe("us-west-2");
    },
  );

  test("GIVEN checkov's CDKTF 0.15 example (metadata with checkov skips) WHEN read THEN the bucket and data source are read", () => {
    const topology = realWorld("bridgecrewio__checkov__terraform_json-examples-cdk.tf.json");
    expect([
      countOf(topology, "aws_s3_bucket"),
      countOf(topology, "aws_s3_bucket_versioning"),
      countOf(topology, "aws_caller_identity", "data"),
    ]).toEqual([1, 1, 1]);
    expect(topology.buckets[0]?.encryption).toBe("none");
    expect(topology.resources.every((resource) => !("//" in resource.values))).toBe(true);
  });
});
