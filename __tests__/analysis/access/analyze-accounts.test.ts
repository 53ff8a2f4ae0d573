/**
 * The access matrix on account semantics: the bucket's account is the configuration's, bucket policy
 * management stays with that account (S3 API Reference, PutBucketPolicy), principals of another
 * account need both policies (IAM User Guide, "Cross-account policy evaluation logic"), and the
 * configured administrators and trusted endpoints appear as `admin:<arn>` principals and
 * `endpoint:<vpce-id>` origins.
 */
import { analyzeAccess } from "../../../analysis/access";
import type { PolicyDocument } from "../../../analysis/policy";
import { readTerraformJson } from "../../../analysis/topology";
import { documentRead } from "../../../analysis/topology/policy-read";
import { configTopology } from "../topology/fixtures/synth";
import type { AccessReport } from "../../../testing";
import { bootCheckOf, decisionsOf, rowsOf } from "./rows";

const BUCKET = "arn:aws:s3:::acme-scripts";
const OTHER_ADMIN = "arn:aws:iam::444455556666:role/ops";
const OWN_ADMIN = "arn:aws:iam::111122223333:role/breakglass";
const TRUSTED = "vpce-0abc1234def567890";

/**
 * A bucket with the given policy statements, in a configuration that names no account (its account is then the
 * documentation one, 111122223333).
 */
function bucketStack(...statements: unknown[]): Record<string, unknown> {
  return {
    provider: { aws: { region: "us-east-1" } },
    resource: {
      aws_s3_bucket: { b: { bucket: "acme-scripts" } },
      aws_s3_bucket_policy: {
        b: { bucket: "${aws_s3_bucket.b.id}", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) },
      },
    },
  };
}

/**
 * Deny s3:* unless through the trusted endpoint, exempting two administrators by aws:PrincipalArn (with no deployer in
 * the input, the first is `admin`).
 */
const privatePathDeny = {
  Sid: "DenyOutsideTrustedEndpoint",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [BUCKET, `${BUCKET}/*`],
  Condition: { StringNotEquals: { "aws:SourceVpce": [TRUSTED] }, ArnNotLike: { "aws:PrincipalArn": [OWN_ADMIN, OTHER_ADMIN] } },
};

describe("bucket policy management stays with the bucket owner's account", () => {
  test(
    "GIVEN a bucket policy allowing everyone s3:* WHEN analyzed THEN anonymous callers read objects but cannot put, " +
      "get or delete the policy",
    () => {
      const report = analyzeAccess(
        readTerraformJson(
          bucketStack({ Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:*", Resource: [BUCKET, `${BUCKET}/*`] }),
          "public.tf.json",
        ),
      );
      expect(decisionsOf(report, "anonymous", "internet", "s3:GetObject")).toEqual(["Allow"]);
      for (const action of ["s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy"]) {
        const [row] = rowsOf(report, "anonymous", "internet", action);
        expect(row).toMatchObject({
          decision: "ImplicitDeny",
          because: `only identities of the bucket owner's account can call ${action}, whatever the policies allow`,
        });
      }
    },
  );
});

describe("GIVEN a bucket in a known account exempting an administrator of another account and one of its own", () => {
  let report: AccessReport;
  beforeAll(() => {
    report = analyzeAccess(readTerraformJson(bucketStack(privatePathDeny), "admins.tf.json"));
  });

  test("WHEN analyzed THEN the first exempted ARN is admin and the other one admin:<arn>", () => {
    expect([...new Set(report.access.map((row) => row.principal))]).toEqual([
      "admin",
      `admin:${OTHER_ADMIN}`,
      "account-principal",
      "anonymous",
    ]);
  });

  test("WHEN its own account's administrator acts from the internet THEN it may read and manage the policy", () => {
    expect(decisionsOf(report, "admin", "internet", "s3:GetObject")).toEqual(["Allow"]);
    expect(decisionsOf(report, "admin", "internet", "s3:PutBucketPolicy")).toEqual(["Allow"]);
  });

  test("WHEN the other account's administrator reads THEN its identity allow alone is not enough: the bucket policy must allow too", () => {
    const [row] = rowsOf(report, `admin:${OTHER_ADMIN}`, "internet", "s3:GetObject");
    expect(row).toMatchObject({
      decision: "ImplicitDeny",
      because: expect.stringMatching(/^a principal of another account \(444455556666\) also needs the bucket policy to allow s3:GetObject/),
    });
  });

  test("WHEN the other account's administrator manages the policy THEN it is refused whatever the policies say", () => {
    expect(rowsOf(report, `admin:${OTHER_ADMIN}`, "internet", "s3:DeleteBucketPolicy")[0]?.because).toMatch(
      /^only identities of the bucket owner's account can call s3:DeleteBucketPolicy/,
    );
  });

  test(
    "WHEN requests come through the trusted endpoint outside the input THEN it is an origin, endpoint:<id>, whose " + "allows are Unknown",
    () => {
      expect([...new Set(report.access.map((row) => row.origin))]).toEqual([`endpoint:${TRUSTED}`, "internet"]);
      const [row] = rowsOf(report, "account-principal", `endpoint:${TRUSTED}`, "s3:GetObject");
      expect(row).toMatchObject({
        decision: "Unknown",
        because: expect.stringMatching(
          new RegExp(
            `^unknown: the policy of ${TRUSTED} is outside the input, and the other policies allow it \\(allowed by ` +
              `insider identity policy`,
          ),
        ),
      });
      expect(decisionsOf(report, "anonymous", `endpoint:${TRUSTED}`, "s3:GetObject")).toEqual(["ImplicitDeny"]);
    },
  );
});

describe("GIVEN the other account's administrator named by the bucket policy too", () => {
  test("WHEN it reads THEN both policies allow, so it may; it still cannot manage the policy", () => {
    const grant = {
      Sid: "OpsRead",
      Effect: "Allow",
      Principal: { AWS: OTHER_ADMIN },
      Action: ["s3:GetObject", "s3:PutBucketPolicy"],
      Resource: [BUCKET, `${BUCKET}/*`],
    };
    const report = analyzeAccess(readTerraformJson(bucketStack(privatePathDeny, grant), "grant.tf.json"));
    expect(rowsOf(report, `admin:${OTHER_ADMIN}`, "internet", "s3:GetObject")[0]?.because).toMatch(
      /^allowed by administrator identity policy .* and bucket policy statement "OpsRead"/,
    );
    expect(decisionsOf(report, `admin:${OTHER_ADMIN}`, "internet", "s3:PutBucketPolicy")).toEqual(["ImplicitDeny"]);
  });
});

describe("GIVEN the project's config with adminPrincipalArns and trustedEndpointIds (the account known only at apply)", () => {
  let report: AccessReport;
  beforeAll(() => {
    report = analyzeAccess(configTopology({ access: { mode: "vpce", adminPrincipalArns: [OTHER_ADMIN], trustedEndpointIds: [TRUSTED] } }));
  });

  test(
    "WHEN analyzed THEN the administrator and the trusted endpoint have rows, the endpoints of the input keeping " + "their group names",
    () => {
      expect(new Set(report.access.map((row) => row.principal))).toEqual(
        new Set(["instance:web", "admin", `admin:${OTHER_ADMIN}`, "account-principal", "anonymous"]),
      );
      expect(new Set(report.access.map((row) => row.origin))).toEqual(
        new Set(["endpoint:readers", "endpoint:publishers", `endpoint:${TRUSTED}`, "nat", "internet"]),
      );
    },
  );

  test("WHEN the literal administrator reads THEN the decision turns on the deployer's account: Unknown, saying what each gives", () => {
    const [row] = rowsOf(report, `admin:${OTHER_ADMIN}`, "internet", "s3:GetObject");
    expect(row?.decision).toBe("Unknown");
    expect(row?.because).toMatch(
      new RegExp(
        "^unknown until apply: the bucket's account " +
          String.raw`\$\{data\.aws_caller_identity\.\w+\.account_id\} may be the principal's 444455556666 ` +
          String.raw`\(then Allow\) or another \(then ImplicitDeny: a principal of another account`,
      ),
    );
  });

  test("WHEN the deployer manages the policy THEN its rows stay definite", () => {
    expect(decisionsOf(report, "admin", "internet", "s3:PutBucketPolicy")).toEqual(["Allow"]);
  });
});

describe("GIVEN the bucket encrypted with a key of another account, named by its literal ARN", () => {
  test(
    "WHEN web boots THEN the KMS hop is cross-account: the key policy naming the role and the role policy together " + "allow kms:Decrypt",
    () => {
      // AWS KMS Developer Guide, "Allowing users in other accounts to use a KMS key" —
      // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
      const base = configTopology({});
      const keyArn = "arn:aws:kms:us-east-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab";
      const role = base.roles.find((candidate) => candidate.address === base.instances[0]?.roleAddress)!;
      const keyPolicy: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [{ Sid: "WebDecrypts", Effect: "Allow", Principal: { AWS: role.arnRef }, Action: "kms:Decrypt", Resource: "*" }],
      };
      const decrypt: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [{ Sid: "DecryptAnyKey", Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }],
      };
      const topology = {
        ...base,
        kmsKeys: base.kmsKeys.map((key) => ({ ...key, arnRef: keyArn, policy: documentRead(keyPolicy, key.address, "resource") })),
        buckets: base.buckets.map((bucket) => ({ ...bucket, kmsKeyRef: keyArn })),
        roles: base.roles.map((candidate) =>
          candidate === role
            ? { ...candidate, policies: [...candidate.policies, documentRead(decrypt, "aws_iam_role_policy.decrypt", "identity")] }
            : candidate,
        ),
      };
      const check = bootCheckOf(topology, "web");
      expect(check?.scripts[0]).toMatchObject({
        decision: "Allow",
        because: expect.stringMatching(/kms:Decrypt allowed by .*"DecryptAnyKey".*"WebDecrypts"/),
      });
    },
  );
});

describe("GIVEN an exempted administrator ARN that is malformed (arn:aws:iam:ACCOUNT:role/x, a colon missing)", () => {
  test("WHEN analyzed THEN its rows are Unknown and name the evaluator's complaint, never a silent deny", () => {
    const bad = "arn:aws:iam:111122223333:role/x";
    const deny = {
      ...privatePathDeny,
      Condition: { StringNotEquals: { "aws:SourceVpce": [TRUSTED] }, ArnNotLike: { "aws:PrincipalArn": [OWN_ADMIN, bad] } },
    };
    const report = analyzeAccess(readTerraformJson(bucketStack(deny), "malformed-admin.tf.json"));
    const [row] = rowsOf(report, `admin:${bad}`, "internet", "s3:GetObject");
    expect(row).toMatchObject({
      decision: "Unknown",
      because: expect.stringMatching(
        new RegExp(
          String.raw`^not evaluated: the evaluator refuses the request \(request\.principal: ` +
            String.raw`"arn:aws:iam:111122223333:role\/x" is not a well-formed ARN`,
        ),
      ),
    });
  });
});
