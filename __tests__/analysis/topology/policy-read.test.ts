/**
 * A policy read: absent, unresolved, malformed (the evaluator's normalizer refuses it) or ok,
 * decided once when the topology reader reads it.
 */
import type { PolicyDocument } from "../../../analysis/policy";
import { readTerraformJson } from "../../../analysis/topology";
import { documentRead, writtenDocument } from "../../../analysis/topology/policy-read";

const BUCKET_ONLY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "ReadScripts", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::scripts/*" }],
};

/** A bucket and an endpoint with the given policy attributes (omitted when undefined). */
function stack(bucketPolicy: unknown, endpointPolicy: unknown): Record<string, unknown> {
  return {
    provider: { aws: { region: "us-east-1" } },
    resource: {
      aws_vpc: { main: { cidr_block: "10.0.0.0/16" } },
      aws_vpc_endpoint: {
        s3: {
          vpc_id: "${aws_vpc.main.id}",
          service_name: "com.amazonaws.us-east-1.s3",
          ...(endpointPolicy === undefined ? {} : { policy: endpointPolicy }),
        },
      },
      aws_s3_bucket: { scripts: { bucket: "scripts" } },
      ...(bucketPolicy === undefined
        ? {}
        : { aws_s3_bucket_policy: { scripts: { bucket: "${aws_s3_bucket.scripts.id}", policy: bucketPolicy } } }),
    },
  };
}

describe("reading a policy", () => {
  test("GIVEN a bucket without policy and an endpoint without policy WHEN read THEN both are absent at their own address", () => {
    const topology = readTerraformJson(stack(undefined, undefined), "main.tf.json");
    expect(topology.buckets[0]?.policy).toEqual({ state: "absent", address: "aws_s3_bucket.scripts" });
    expect(topology.endpoints[0]?.policy).toEqual({ state: "absent", address: "aws_vpc_endpoint.s3" });
  });

  test("GIVEN a bucket policy written as jsonencode(...) WHEN read THEN it is unresolved, saying why, at the policy resource", () => {
    const topology = readTerraformJson(stack("${jsonencode(local.policy)}", undefined), "main.tf.json");
    expect(topology.buckets[0]?.policy).toEqual({
      state: "unresolved",
      address: "aws_s3_bucket_policy.scripts",
      reason: expect.stringContaining("jsonencode"),
    });
  });

  test(
    "GIVEN an endpoint policy statement without Principal WHEN read THEN it is malformed with the normalizer's " +
      "complaint, and the document is kept as written",
    () => {
      const written = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };
      const topology = readTerraformJson(stack(undefined, JSON.stringify(written)), "main.tf.json");
      const policy = topology.endpoints[0]!.policy;
      expect(policy).toMatchObject({
        state: "malformed",
        address: "aws_vpc_endpoint.s3",
        problem: expect.stringMatching(/^endpointPolicy\.Statement\[0\]\.Principal: missing/),
      });
      expect(writtenDocument(policy)).toEqual(written);
    },
  );

  test("GIVEN an aws_kms_key_policy without a policy WHEN read THEN the key's policy is unresolved, not AWS's default key policy", () => {
    const topology = readTerraformJson(
      { resource: { aws_kms_key: { k: {} }, aws_kms_key_policy: { k: { key_id: "${aws_kms_key.k.id}", policy: "" } } } },
      "main.tf.json",
    );
    expect(topology.kmsKeys[0]?.policy).toEqual({
      state: "unresolved",
      address: "aws_kms_key_policy.k",
      reason: "the aws_kms_key_policy has no policy",
    });
  });

  test("GIVEN a well-formed bucket policy WHEN read THEN it is ok, with its normalized statements", () => {
    const topology = readTerraformJson(stack(JSON.stringify(BUCKET_ONLY), undefined), "main.tf.json");
    const policy = topology.buckets[0]!.policy;
    expect(policy).toMatchObject({ state: "ok", address: "aws_s3_bucket_policy.scripts", document: BUCKET_ONLY });
    expect(policy.state === "ok" ? policy.normalized.statements.map((statement) => statement.sid) : []).toEqual(["ReadScripts"]);
  });
});

describe("judging a written document", () => {
  test(
    "GIVEN one document WHEN judged as a resource policy and as an identity policy THEN the kind decides: ok as the " +
      "first, malformed as the second",
    () => {
      expect(documentRead(BUCKET_ONLY, "aws_s3_bucket_policy.b", "resource").state).toBe("ok");
      expect(documentRead(BUCKET_ONLY, "aws_iam_policy.p", "identity")).toMatchObject({
        state: "malformed",
        problem: expect.stringContaining("an identity policy cannot name a principal"),
      });
    },
  );

  test("GIVEN the same document object WHEN judged twice THEN it is normalized once", () => {
    const first = documentRead(BUCKET_ONLY, "aws_s3_bucket_policy.a", "resource");
    const second = documentRead(BUCKET_ONLY, "aws_s3_bucket_policy.b", "resource");
    expect(first.state === "ok" && second.state === "ok" && first.normalized === second.normalized).toBe(true);
    expect(second.address).toBe("aws_s3_bucket_policy.b");
  });

  test("GIVEN absent and unresolved reads WHEN asked for the written document THEN there is none", () => {
    expect(writtenDocument({ state: "absent", address: "aws_s3_bucket.b" })).toBeUndefined();
    expect(writtenDocument({ state: "unresolved", address: "aws_s3_bucket_policy.b", reason: "a variable" })).toBeUndefined();
    expect(writtenDocument(documentRead(BUCKET_ONLY, "aws_s3_bucket_policy.b", "resource"))).toBe(BUCKET_ONLY);
  });
});
