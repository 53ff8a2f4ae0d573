/**
 * Condition operators one by one
 * (IAM JSON policy elements: Condition operators —
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html;
 * Conditions with multiple context keys or values —
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html;
 * Single-valued vs. multivalued context keys —
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 */
import { evaluateCondition, parseConditionOperator } from "../../../analysis/policy/conditions";
import { RequestContext } from "../../../analysis/policy/context";
import type { ContextValue } from "../../../analysis/policy";
import { parsePolicyString, resolvePolicyString } from "../../../analysis/policy/variables";
import type { Template } from "../../../analysis/policy/wildcard";

/** Evaluates `{ operator: { key: values } }` against a context. */
function holds(operatorName: string, key: string, values: string[], context: Record<string, ContextValue>): boolean {
  const operator = parseConditionOperator(operatorName);
  if (operator === undefined) throw new Error(`unknown operator ${operatorName}`);
  const requestContext = new RequestContext(context);
  const resolved = values.map((v) => resolvePolicyString(parsePolicyString(v, true), requestContext) as Template);
  return evaluateCondition({ operator, key, values: resolved }, requestContext);
}

type Row = [operator: string, key: string, values: string[], context: Record<string, ContextValue>, expected: boolean];

const K = "aws:SourceVpce";

describe("condition operators", () => {
  it.each<Row>([
    // String operators
    ["StringEquals", K, ["vpce-1"], { [K]: "vpce-1" }, true],
    ["StringEquals", K, ["vpce-1"], { [K]: "VPCE-1" }, false],
    ["StringEquals", K, ["vpce-*"], { [K]: "vpce-1" }, false],
    ["StringNotEquals", K, ["vpce-1"], { [K]: "vpce-2" }, true],
    ["StringNotEquals", K, ["vpce-1"], { [K]: "vpce-1" }, false],
    ["StringNotEquals", K, ["vpce-1", "vpce-2"], { [K]: "vpce-2" }, false],
    ["StringNotEquals", K, ["vpce-1", "vpce-2"], { [K]: "vpce-3" }, true],
    ["StringEqualsIgnoreCase", K, ["VPCE-1"], { [K]: "vpce-1" }, true],
    ["StringNotEqualsIgnoreCase", K, ["VPCE-1"], { [K]: "vpce-1" }, false],
    ["StringLike", "s3:prefix", ["home/*"], { "s3:prefix": "home/bob/" }, true],
    ["StringLike", "s3:prefix", ["home/?ob/"], { "s3:prefix": "home/bob/" }, true],
    ["StringLike", "s3:prefix", ["Home/*"], { "s3:prefix": "home/bob/" }, false],
    ["StringNotLike", "s3:prefix", ["home/*", "tmp/*"], { "s3:prefix": "etc/" }, true],
    ["StringNotLike", "s3:prefix", ["home/*", "tmp/*"], { "s3:prefix": "tmp/x" }, false],
    // Numeric operators
    ["NumericEquals", "s3:max-keys", ["10"], { "s3:max-keys": "10.0" }, true],
    ["NumericNotEquals", "s3:max-keys", ["10"], { "s3:max-keys": "11" }, true],
    ["NumericLessThan", "s3:max-keys", ["10"], { "s3:max-keys": "9" }, true],
    ["NumericLessThan", "s3:max-keys", ["10"], { "s3:max-keys": "10" }, false],
    ["NumericLessThanEquals", "s3:max-keys", ["10"], { "s3:max-keys": "10" }, true],
    ["NumericGreaterThan", "s3:max-keys", ["10"], { "s3:max-keys": "11" }, true],
    ["NumericGreaterThanEquals", "s3:max-keys", ["10"], { "s3:max-keys": "9" }, false],
    ["NumericEquals", "s3:max-keys", ["ten"], { "s3:max-keys": "10" }, false],
    // Date operators: ISO 8601 and epoch seconds
    ["DateEquals", "aws:CurrentTime", ["2025-01-31T12:00:00Z"], { "aws:CurrentTime": "1738324800" }, true],
    ["DateNotEquals", "aws:CurrentTime", ["2025-01-31T12:00:00Z"], { "aws:CurrentTime": "2025-01-31T12:00:01Z" }, true],
    ["DateLessThan", "aws:CurrentTime", ["2025-02-01"], { "aws:CurrentTime": "2025-01-31T23:59:59Z" }, true],
    ["DateLessThanEquals", "aws:CurrentTime", ["1738324800"], { "aws:CurrentTime": "2025-01-31T12:00:00Z" }, true],
    ["DateGreaterThan", "aws:TokenIssueTime", ["2025-01-01T00:00:00Z"], { "aws:TokenIssueTime": "2024-12-31T00:00:00Z" }, false],
    ["DateGreaterThanEquals", "aws:TokenIssueTime", ["2025-01-01T00:00:00Z"], { "aws:TokenIssueTime": "2025-01-01T00:00:00Z" }, true],
    ["DateEquals", "aws:CurrentTime", ["yesterday"], { "aws:CurrentTime": "2025-01-01T00:00:00Z" }, false],
    // Bool and Binary
    ["Bool", "aws:SecureTransport", ["false"], { "aws:SecureTransport": "false" }, true],
    ["Bool", "aws:SecureTransport", ["true"], { "aws:SecureTransport": "false" }, false],
    ["BinaryEquals", "key", ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="], { key: "QmluYXJ5VmFsdWVJbkJhc2U2NA==" }, true],
    // IP address operators, IPv4 and IPv6
    ["IpAddress", "aws:SourceIp", ["203.0.113.0/24"], { "aws:SourceIp": "203.0.113.77" }, true],
    ["IpAddress", "aws:SourceIp", ["203.0.113.0/24"], { "aws:SourceIp": "203.0.114.1" }, false],
    ["IpAddress", "aws:SourceIp", ["203.0.113.5"], { "aws:SourceIp": "203.0.113.5" }, true],
    ["IpAddress", "aws:SourceIp", ["2001:DB8:1234:5678::/64"], { "aws:SourceIp": "2001:db8:1234:5678::1" }, true],
    ["IpAddress", "aws:SourceIp", ["2001:DB8:1234:5678::/64"], { "aws:SourceIp": "2001:db8:1234:5679::1" }, false],
    ["IpAddress", "aws:SourceIp", ["203.0.113.0/24"], { "aws:SourceIp": "2001:db8::1" }, false],
    ["NotIpAddress", "aws:SourceIp", ["203.0.113.0/24", "198.51.100.0/24"], { "aws:SourceIp": "198.51.100.9" }, false],
    ["NotIpAddress", "aws:SourceIp", ["203.0.113.0/24", "198.51.100.0/24"], { "aws:SourceIp": "192.0.2.1" }, true],
    // ARN operators
    [
      "ArnEquals",
      "aws:PrincipalArn",
      ["arn:aws:iam::111122223333:role/ci"],
      { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci" },
      true,
    ],
    [
      "ArnLike",
      "aws:PrincipalArn",
      ["arn:aws:iam::111122223333:role/*"],
      { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci" },
      true,
    ],
    [
      "ArnLike",
      "aws:SourceArn",
      ["arn:aws:cloudtrail:*:111122223333:trail/*"],
      { "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/main" },
      true,
    ],
    [
      "ArnNotEquals",
      "aws:PrincipalArn",
      ["arn:aws:iam::111122223333:role/ci"],
      { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/web" },
      true,
    ],
    [
      "ArnNotLike",
      "aws:PrincipalArn",
      ["arn:aws:iam::111122223333:role/*"],
      { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/web" },
      false,
    ],
  ])("%s %s %j against %j is %s", (operator, key, values, context, expected) => {
    expect(holds(operator, key, values, context)).toBe(expected);
  });
});

describe("missing keys", () => {
  it.each<[string, boolean]>([
    ["StringEquals", false],
    ["StringLike", false],
    ["NumericLessThan", false],
    ["DateGreaterThan", false],
    ["Bool", false],
    ["IpAddress", false],
    ["ArnLike", false],
    ["StringNotEquals", true],
    ["StringNotLike", true],
    ["NotIpAddress", true],
    ["ArnNotLike", true],
    ["ArnNotEquals", true],
    ["NumericNotEquals", true],
    ["DateNotEquals", true],
    ["StringNotEqualsIgnoreCase", true],
    ["StringEqualsIfExists", true],
    ["StringNotEqualsIfExists", true],
    ["IpAddressIfExists", true],
    ["ArnLikeIfExists", true],
    ["BoolIfExists", true],
    ["ForAnyValue:StringEquals", false],
    ["ForAnyValue:StringNotEquals", false],
    ["ForAllValues:StringEquals", true],
    ["ForAllValues:StringNotLike", true],
    ["ForAnyValue:StringEqualsIfExists", true],
  ])("%s on a missing key is %s", (operator, expected) => {
    expect(holds(operator, "aws:SourceVpce", ["203.0.113.0/24"], {})).toBe(expected);
  });

  it("treats a key with an empty list of values as missing", () => {
    expect(holds("ForAnyValue:StringEquals", "aws:TagKeys", ["a"], { "aws:TagKeys": [] })).toBe(false);
    expect(holds("ForAllValues:StringEquals", "aws:TagKeys", ["a"], { "aws:TagKeys": [] })).toBe(true);
  });
});

describe("Null", () => {
  it.each<[string, Record<string, ContextValue>, boolean]>([
    ["true", {}, true],
    ["true", { "aws:TokenIssueTime": "2025-01-01T00:00:00Z" }, false],
    ["false", {}, false],
    ["false", { "aws:TokenIssueTime": "2025-01-01T00:00:00Z" }, true],
  ])('Null "%s" with context %j is %s', (value, context, expected) => {
    expect(holds("Null", "aws:TokenIssueTime", [value], context)).toBe(expected);
  });

  it("has no IfExists or set-qualified form", () => {
    expect(parseConditionOperator("NullIfExists")).toBeUndefined();
    expect(parseConditionOperator("ForAnyValue:Null")).toBeUndefined();
  });
});

describe("multivalued keys", () => {
  const tags = { "aws:TagKeys": ["team", "cost-center"] };

  it.each<[string, string[], boolean]>([
    ["ForAnyValue:StringEquals", ["team"], true],
    ["ForAnyValue:StringEquals", ["owner"], false],
    ["ForAllValues:StringEquals", ["team", "cost-center", "owner"], true],
    ["ForAllValues:StringEquals", ["team"], false],
    ["ForAllValues:StringLike", ["team", "cost-*"], true],
    ["ForAnyValue:StringNotEquals", ["team"], true],
    ["ForAnyValue:StringNotEquals", ["team", "cost-center"], false],
    ["ForAllValues:StringNotEquals", ["owner"], true],
    ["ForAllValues:StringNotEquals", ["team"], false],
    // Without a set qualifier: positive operators match any value; negated ones only when no value matches.
    ["StringEquals", ["team"], true],
    ["StringNotEquals", ["team"], false],
    ["StringNotEquals", ["owner"], true],
  ])("%s %j against [team, cost-center] is %s", (operator, values, expected) => {
    expect(holds(operator, "aws:TagKeys", values, tags)).toBe(expected);
  });
});

describe("parseConditionOperator", () => {
  it.each(["StringEquals", "ForAllValues:StringLikeIfExists", "NumericGreaterThanEqualsIfExists", "ArnNotLike", "Null", "BinaryEquals"])(
    "accepts %s",
    (name) => {
      expect(parseConditionOperator(name)).toBeDefined();
    },
  );

  it.each(["StringEqual", "stringequals", "ForSomeValues:StringEquals", "StringEqualsIfExist", "IfExists", "ForAnyValue:"])(
    "rejects %s",
    (name) => {
      expect(parseConditionOperator(name)).toBeUndefined();
    },
  );
});
