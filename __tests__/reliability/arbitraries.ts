import fc from "fast-check";

/**
 * fast-check generators for scenario configs and evaluator inputs, shared by the fuzz tests.
 * `validConfig` builds configs that are valid by construction (the loader must accept every one);
 * `validShapedConfig` may also break cross-field rules that only the guards catch.
 */

/** The example boot scripts in `scripts/`. */
export const SCRIPT_FILES = ["00-prepare.sh", "10-app.sh", "90-health.sh"] as const;
const S3_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:ListBucket",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:Get*",
  "s3:*",
  "s3:AbortMultipartUpload",
];
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
/** A string of 0..max characters from `chars` (cheaper than fc.stringMatching). */
const charsOf = (chars: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength });
/** Names as the schema allows them: lower-case letter first, then letters, digits, hyphens, not ending in a hyphen. */
const nameOf = (maxMiddle: number) =>
  fc
    .tuple(charsOf(LOWER, 1, 1), charsOf(`${LOWER}${DIGITS}-`, 0, maxMiddle), charsOf(`${LOWER}${DIGITS}`, 1, 1))
    .map((parts) => parts.join(""));
const name = nameOf(8);
const accountId = charsOf(DIGITS, 12, 12);

const principalArn = fc
  .tuple(
    fc.oneof(accountId, fc.constant("*")),
    fc.constantFrom("role", "user"),
    charsOf(`${LOWER}ABCXYZ${DIGITS}+=,.@_-`, 1, 12),
    fc.constantFrom("", "*", "-?"),
  )
  .map(([account, kind, id, wildcard]) => `arn:aws:iam::${account}:${kind}/${id}${wildcard}`);

/** A VPC CIDR aligned to its prefix, with a subnet mask that leaves room for 3 AZs × 7 subnets. */
const network = fc
  .record({
    second: fc.integer({ min: 0, max: 255 }),
    block: fc.integer({ min: 0, max: 15 }),
    prefix: fc.constantFrom(16, 18, 20),
    extra: fc.integer({ min: 5, max: 8 }),
  })
  .map(({ second, block, prefix, extra }) => {
    const third = (block % 2 ** (prefix - 16)) * 2 ** (24 - prefix);
    return { cidr: `10.${second}.${third}.0/${prefix}`, subnetMask: Math.min(28, prefix + extra) };
  });

const groupAccess = fc.oneof(
  fc.constantFrom("read", "read-write"),
  fc.uniqueArray(fc.constantFrom(...S3_ACTIONS), { minLength: 1, maxLength: 4 }).map((actions) => ({ actions })),
);

const backend = fc.oneof(
  fc.record(
    { type: fc.constant("local"), path: fc.constantFrom("state/terraform.tfstate", "terraform.tfstate") },
    { requiredKeys: ["type"] },
  ),
  fc.record(
    {
      type: fc.constant("s3"),
      bucket: fc.constantFrom("tf-state-bkt", "my.state.bucket"),
      key: fc.constantFrom("vpce/terraform.tfstate", "a/b/c.tfstate"),
      region: fc.constantFrom(...REGIONS),
      useLockfile: fc.boolean(),
      dynamodbTable: fc.constantFrom("tf-locks", "terraform_locks"),
    },
    { requiredKeys: ["type", "bucket", "key", "region"] },
  ),
);

interface Shape {
  readonly tiers: readonly string[];
  readonly azCount: number;
  readonly natGateways: "single" | "per-az" | "none";
}

/** Groups over a random subset of the tiers: `assignment[t]` is tier t's group, or -1 for none. */
function groupsFor(tiers: readonly string[], assignment: readonly number[], accesses: readonly unknown[], repos: readonly boolean[]) {
  const chosen = assignment.every((g) => g < 0) ? [0, ...assignment.slice(1)] : assignment;
  const ids = [...new Set(chosen.filter((g) => g >= 0))];
  return ids.map((id, i) => ({
    name: `group-${id}`,
    tiers: tiers.filter((_, t) => chosen[t] === id),
    access: accesses[i % accesses.length],
    ...(repos[i % repos.length] ? {} : { amazonLinuxRepos: false }),
  }));
}

function instancesFor(shape: Shape, strict: boolean) {
  const instance = fc.record(
    {
      tier: fc.constantFrom(...shape.tiers),
      az: fc.integer({ min: 0, max: shape.azCount - 1 }),
      instanceType: fc.constantFrom("t3.micro", "t4g.small", "m7g.large", "c6i.xlarge"),
      ami: fc.constant("ami-0123456789abcdef0"),
      scripts: fc.shuffledSubarray([...SCRIPT_FILES], { minLength: 1 }),
      internetEgress: strict && shape.natGateways === "none" ? fc.constant(false) : fc.boolean(),
      rootVolumeSizeGb: fc.integer({ min: 8, max: 64 }),
      terminationProtection: fc.boolean(),
    },
    { requiredKeys: ["tier"] },
  );
  return fc.array(instance, { maxLength: 3 }).map((list) => list.map((fields, i) => ({ name: `vm-${i}`, ...fields })));
}

function configFor(shape: Shape, strict: boolean) {
  return fc.record(
    {
      project: nameOf(12).filter((p) => p.length >= 3),
      region: fc.constantFrom(...REGIONS),
      network: fc.record({ net: network, flowLogRetentionDays: fc.constantFrom(365, 400, 3653) }).map(({ net, ...rest }) => ({
        ...net,
        ...rest,
        azCount: shape.azCount,
        natGateways: shape.natGateways,
        tiers: shape.tiers.map((tier) => ({ name: tier })),
      })),
      endpointGroups: fc
        .record({
          assignment: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: shape.tiers.length, maxLength: shape.tiers.length }),
          accesses: fc.array(groupAccess, { minLength: 1, maxLength: 4 }),
          repos: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        })
        .map(({ assignment, accesses, repos }) => groupsFor(shape.tiers, assignment, accesses, repos)),
      instances: instancesFor(shape, strict),
      bucket: fc.record(
        {
          encryption: fc.constantFrom("kms", "s3"),
          keyPrefix: fc.constantFrom("bootstrap/", "", "boot/v1/"),
          accessLogs: fc.boolean(),
          forceDestroy: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      access: fc.record(
        {
          mode: fc.constantFrom("vpce", "vpc"),
          adminPrincipalArns: fc.array(principalArn, { maxLength: 3 }),
          trustedEndpointIds: fc.array(
            charsOf(`${DIGITS}abcdef`, 17, 17).map((hex) => `vpce-${hex}`),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: [] },
      ),
      backend,
      // Tag keys may hold "." and ":", but a dotted key makes an ambiguous JSON path (`tags.a.b`); keep them plain here.
      tags: fc.dictionary(
        fc.tuple(charsOf("ABCTeam", 1, 1), charsOf(`${LOWER}${DIGITS}_-`, 0, 10)).map((parts) => parts.join("")),
        fc.string({ maxLength: 20 }),
        { maxKeys: 3 },
      ),
    },
    { requiredKeys: ["project", "region", "network", "endpointGroups", "instances"] },
  );
}

const shape: fc.Arbitrary<Shape> = fc.record({
  tiers: fc.uniqueArray(name, { minLength: 1, maxLength: 6 }),
  azCount: fc.integer({ min: 1, max: 3 }),
  natGateways: fc.constantFrom("single" as const, "per-az" as const, "none" as const),
});

/** Configs the loader must accept: every cross-field rule holds. Guards may still refuse some at synth. */
export const validConfig = shape.chain((s) => configFor(s, true));

/** Valid-shaped configs: like `validConfig`, but an instance may also ask for internet egress without a NAT gateway. */
export const validShapedConfig = shape.chain((s) => configFor(s, false));

/** A field name no schema object has: `zz` then letters and digits. */
export const unknownFieldName = charsOf(`${LOWER}ABCXYZ${DIGITS}`, 1, 8).map((tail) => `zz${tail}`);

/** A JSON value of a given JSON type. */
export type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object";
export const JSON_TYPES: readonly JsonType[] = ["null", "boolean", "number", "string", "array", "object"];

/** One sample per JSON type, so that a mutation can pick a value of any type but the field's own. */
export const valuesByType: fc.Arbitrary<Record<JsonType, unknown>> = fc.record({
  null: fc.constant(null),
  boolean: fc.boolean(),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  string: fc.string({ maxLength: 12 }),
  array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
});

/** The JSON type of a value. */
export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value as JsonType;
}

// ----- evaluator inputs -----

/** Mostly a well-formed value, sometimes anything. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: bad });

const conditionKey = fc.constantFrom(
  "aws:SourceVpce",
  "aws:SourceVpc",
  "aws:PrincipalArn",
  "aws:SecureTransport",
  "aws:SourceIp",
  "s3:prefix",
  "kms:ViaService",
  "aws:PrincipalTag/team",
);
const conditionOperator = fc
  .tuple(
    fc.constantFrom("", "ForAllValues:", "ForAnyValue:"),
    fc.constantFrom(
      "StringEquals",
      "StringNotEquals",
      "StringLike",
      "StringNotLike",
      "ArnLike",
      "ArnNotEquals",
      "Bool",
      "IpAddress",
      "NotIpAddress",
      "Null",
      "NumericLessThan",
      "DateGreaterThan",
      "StringEqualsIgnoreCase",
      "Bogus",
    ),
    fc.constantFrom("", "IfExists"),
  )
  .map(([set, op, ifExists]) => `${set}${op}${ifExists}`);
const conditionValue = mostly(
  fc.constantFrom(
    "vpce-1a2b3c4d",
    "vpc-111bbb22",
    "true",
    "false",
    "10.0.0.0/8",
    "arn:aws:iam::111122223333:role/*",
    "${aws:username}",
    "42",
    "2020-01-01T00:00:00Z",
  ),
  fc.string({ maxLength: 8 }),
);
const stringOrList = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));
const action = mostly(
  fc.constantFrom("s3:GetObject", "s3:PutObject", "s3:*", "s3:Get*", "s3:List?ucket", "kms:Decrypt", "*", "S3:getobject"),
  fc.string({ maxLength: 10 }),
);
const resource = mostly(
  fc.constantFrom(
    "arn:aws:s3:::scripts-bkt",
    "arn:aws:s3:::scripts-bkt/*",
    "*",
    "arn:aws:s3:::scripts-bkt/${aws:username}/*",
    "arn:aws:kms:us-east-1:111122223333:key/*",
  ),
  fc.string({ maxLength: 10 }),
);
const principal = mostly(
  fc.constantFrom(
    "*",
    { AWS: "*" },
    { AWS: "111122223333" },
    { AWS: "arn:aws:iam::111122223333:root" },
    { AWS: ["arn:aws:iam::111122223333:role/ec2-boot"] },
    { Service: "ec2.amazonaws.com" },
  ),
  fc.jsonValue({ maxDepth: 1 }),
);
const condition = fc.dictionary(conditionOperator, fc.dictionary(conditionKey, stringOrList(conditionValue), { minKeys: 1, maxKeys: 2 }), {
  maxKeys: 2,
});

/**
 * A statement shaped for its policy kind: identity statements name no principal, resource and
 * endpoint statements do; one of Action/NotAction and one of Resource/NotResource.
 */
const wellFormedStatement = (withPrincipal: boolean) =>
  fc
    .record(
      {
        Sid: charsOf(`${LOWER}${DIGITS}ABC`, 1, 8),
        Effect: fc.constantFrom("Allow", "Deny"),
        who: principal,
        negatePrincipal: fc.boolean(),
        what: stringOrList(action),
        negateAction: fc.boolean(),
        where: stringOrList(resource),
        negateResource: fc.boolean(),
        Condition: condition,
      },
      { requiredKeys: ["Effect", "who", "what", "where"] },
    )
    .map(({ who, negatePrincipal, what, negateAction, where, negateResource, ...rest }) => ({
      ...rest,
      ...(withPrincipal ? { [negatePrincipal ? "NotPrincipal" : "Principal"]: who } : {}),
      [negateAction ? "NotAction" : "Action"]: what,
      [negateResource ? "NotResource" : "Resource"]: where,
    }));

/** Any combination of statement fields, mostly malformed. */
const anyStatement = fc.record(
  {
    Sid: fc.oneof(charsOf(`${LOWER}${DIGITS}`, 0, 8), fc.jsonValue({ maxDepth: 0 })),
    Effect: fc.oneof(fc.constantFrom("Allow", "Deny"), fc.jsonValue({ maxDepth: 0 })),
    Principal: principal,
    NotPrincipal: principal,
    Action: stringOrList(action),
    NotAction: stringOrList(action),
    Resource: stringOrList(resource),
    NotResource: stringOrList(resource),
    Condition: fc.oneof(condition, fc.jsonValue({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
);

const policyOf = (withPrincipal: boolean) => {
  const statement = mostly(wellFormedStatement(withPrincipal), anyStatement);
  return mostly(
    fc.record(
      {
        Version: mostly(fc.constantFrom("2012-10-17", "2008-10-17"), fc.constant("2020")),
        Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })),
      },
      { requiredKeys: ["Statement"] },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
};

const request = fc.record(
  {
    principal: mostly(
      fc.constantFrom(
        "anonymous",
        "arn:aws:sts::111122223333:assumed-role/ec2-boot/i-0abc",
        "arn:aws:iam::111122223333:user/alice",
        "arn:aws:iam::444455556666:role/other",
        "ec2.amazonaws.com",
      ),
      fc.string({ maxLength: 10 }),
    ),
    action: mostly(
      fc.constantFrom("s3:GetObject", "s3:PutObject", "s3:ListBucket", "kms:Decrypt", "S3:getObject"),
      fc.string({ maxLength: 10 }),
    ),
    resource: mostly(
      fc.constantFrom("arn:aws:s3:::scripts-bkt", "arn:aws:s3:::scripts-bkt/boot.sh", "arn:aws:kms:us-east-1:111122223333:key/k1"),
      fc.string({ maxLength: 10 }),
    ),
    resourceAccount: mostly(fc.constantFrom("111122223333", "444455556666"), fc.string({ maxLength: 4 })),
    context: fc.dictionary(conditionKey, mostly(stringOrList(conditionValue), fc.jsonValue({ maxDepth: 0 })), { maxKeys: 4 }),
  },
  { requiredKeys: ["principal", "action", "resource"] },
);

/** Evaluator inputs: mostly well-formed envelopes with random (sometimes malformed) policies, sometimes any JSON. */
export const evaluationInput = mostly(
  fc.record(
    {
      request,
      identityPolicies: fc.array(policyOf(false), { maxLength: 2 }),
      resourcePolicy: fc.oneof(fc.constant(null), policyOf(true)),
      endpointPolicy: fc.oneof(fc.constant(null), policyOf(true)),
    },
    { requiredKeys: ["request"] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);
