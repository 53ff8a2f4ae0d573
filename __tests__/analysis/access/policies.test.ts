/**
 * How the access analysis uses a policy read: an ok document is evaluated; an unresolved one is
 * left out with a note and makes the decisions it could change Unknown; a malformed one is left
 * out with a note and treated as absent (AWS refuses it at apply); an absent endpoint policy is
 * AWS's default full access.
 */
import { analyzeAccess } from "../../../analysis/access";
import { documentUnknown, labeled, leftOutNote } from "../../../analysis/access/policies";
import type { PolicyDocument } from "../../../analysis/policy";
import type { PolicyRead } from "../../../analysis/topology/model";
import { readTerraformJson } from "../../../analysis/topology";
import { documentRead } from "../../../analysis/topology/policy-read";
import { rowsOf } from "./rows";

const READ_ONLY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "ReadScripts", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }],
};
const NO_PRINCIPAL: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };

const READS: Record<PolicyRead["state"], PolicyRead> = {
  absent: { state: "absent", address: "aws_vpc_endpoint.s3" },
  unresolved: { state: "unresolved", address: "aws_vpc_endpoint.s3", reason: "policy is the Terraform expression ${var.p}" },
  malformed: documentRead(NO_PRINCIPAL, "aws_vpc_endpoint.s3", "endpoint"),
  ok: documentRead(READ_ONLY, "aws_vpc_endpoint.s3", "endpoint"),
};

describe("a policy read as the access analysis uses it", () => {
  test.each([
    { state: "absent", evaluated: false, note: undefined, unknown: false },
    {
      state: "unresolved",
      evaluated: false,
      note: "endpoint policy of s3 is unresolved (policy is the Terraform expression ${var.p})",
      unknown: true,
    },
    {
      state: "malformed",
      evaluated: false,
      note: expect.stringMatching(/^endpoint policy of s3 is malformed \(endpointPolicy\.Statement\[0\]\.Principal: missing/),
      unknown: false,
    },
    { state: "ok", evaluated: true, note: undefined, unknown: false },
  ] as const)(
    "GIVEN a $state read WHEN the analysis uses it THEN it is evaluated: $evaluated, a note says why not where it is " +
      "held, and its document is unknown: $unknown",
    ({ state, evaluated, note, unknown }) => {
      const read = READS[state];
      expect(labeled(read, "endpoint policy of s3") !== undefined).toBe(evaluated);
      expect(leftOutNote(read, "endpoint policy of s3")).toEqual(note);
      expect(documentUnknown(read)).toBe(unknown);
    },
  );
});

/** One endpoint in front of one bucket, with the given endpoint policy attribute. */
function stack(endpointPolicy: unknown): Record<string, unknown> {
  return {
    provider: { aws: { region: "us-east-1" } },
    resource: {
      aws_vpc: { main: { cidr_block: "10.0.0.0/16" } },
      aws_route_table: { private: { vpc_id: "${aws_vpc.main.id}" } },
      aws_vpc_endpoint: {
        s3: {
          vpc_id: "${aws_vpc.main.id}",
          service_name: "com.amazonaws.us-east-1.s3",
          route_table_ids: ["${aws_route_table.private.id}"],
          ...(endpointPolicy === undefined ? {} : { policy: endpointPolicy }),
        },
      },
      aws_s3_bucket: { scripts: { bucket: "scripts" } },
    },
  };
}

describe("a request the evaluator refuses", () => {
  test(
    "GIVEN a bucket policy exempting a malformed administrator ARN WHEN that administrator's row is decided THEN it " +
      "is not evaluated and says the evaluator refuses the request",
    () => {
      const exempting = {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "OnlyAdmin",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::1234:user/ops" } },
          },
        ],
      };
      const doc = stack(undefined);
      const resource = doc["resource"] as Record<string, unknown>;
      resource["aws_s3_bucket_policy"] = { scripts: { bucket: "${aws_s3_bucket.scripts.id}", policy: JSON.stringify(exempting) } };
      const [row] = rowsOf(analyzeAccess(readTerraformJson(doc, "main.tf.json")), "admin", "internet", "s3:GetObject");
      expect(row).toMatchObject({
        decision: "Unknown",
        because: expect.stringMatching(
          /^not evaluated: the evaluator refuses the request \(request\.principal: "arn:aws:iam::1234:user\/ops"/,
        ),
      });
    },
  );
});

describe("an endpoint policy in the access matrix", () => {
  const putThroughEndpoint = (endpointPolicy: unknown) =>
    rowsOf(analyzeAccess(readTerraformJson(stack(endpointPolicy), "main.tf.json")), "account-principal", "endpoint:s3", "s3:PutObject")[0];

  test("GIVEN a well-formed read-only endpoint policy WHEN the insider writes through it THEN the endpoint policy denies", () => {
    expect(putThroughEndpoint(JSON.stringify(READ_ONLY))).toMatchObject({
      decision: "ImplicitDeny",
      because: expect.stringContaining("no statement in the endpoint policy of s3 allows s3:PutObject"),
    });
  });

  test("GIVEN no endpoint policy WHEN the insider writes through the endpoint THEN AWS's full-access default lets it through", () => {
    expect(putThroughEndpoint(undefined)).toMatchObject({
      decision: "Allow",
      because: expect.stringContaining("none: AWS's full-access default"),
    });
  });

  test("GIVEN a malformed endpoint policy WHEN the insider writes through it THEN it is treated as absent, with a note", () => {
    expect(putThroughEndpoint(JSON.stringify(NO_PRINCIPAL))).toMatchObject({
      decision: "Allow",
      because: expect.stringContaining("[endpoint policy of s3 is malformed (endpointPolicy.Statement[0].Principal: missing"),
    });
  });

  test(
    "GIVEN an endpoint policy the input does not resolve WHEN the insider writes through it THEN the decision is " + "Unknown, saying why",
    () => {
      expect(putThroughEndpoint("${jsonencode(local.p)}")).toMatchObject({
        decision: "Unknown",
        because: expect.stringMatching(/^depends on policies the input does not resolve \[endpoint policy of s3 is unresolved/),
      });
    },
  );
});
