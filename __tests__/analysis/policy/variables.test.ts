/**
 * Policy variables and Terraform references
 * (IAM policy elements: Variables and tags — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
 */
import { RequestContext } from "../../../analysis/policy/context";
import { PolicyError } from "../../../analysis/policy";
import { parsePolicyString, resolvePolicyString } from "../../../analysis/policy/variables";
import { templateText } from "../../../analysis/policy/wildcard";

const context = new RequestContext({ "aws:username": "carlossalazar", "aws:PrincipalTag/Team": "boot", "aws:TagKeys": ["a", "b"] });

function resolve(raw: string, variablesEnabled = true): string | undefined {
  const resolved = resolvePolicyString(parsePolicyString(raw, variablesEnabled), context);
  return resolved === undefined ? undefined : templateText(resolved);
}

describe("policy variables", () => {
  it.each<[string, string | undefined]>([
    ["home/${aws:username}/*", "home/carlossalazar/*"],
    ["home/${AWS:UserName}/*", "home/carlossalazar/*"],
    ["${aws:principaltag/team}", "boot"],
    ["${ aws:username , 'x' }", "carlossalazar"],
    ["home/${aws:userid, 'nobody'}", "home/nobody"],
    ["${aws:userid, 'it''s'}", "it's"],
    ["${aws:userid, 'a}b'}", "a}b"],
    ["${aws:userid}", undefined],
    // Multivalued keys cannot be policy variables.
    ["${aws:TagKeys}", undefined],
    ["${*}${?}${$}", "*?$"],
    ["${aws_vpc_endpoint.readers.id}", "${aws_vpc_endpoint.readers.id}"],
    ["${data.aws_caller_identity.current.account_id}", "${data.aws_caller_identity.current.account_id}"],
    [
      "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root",
      "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root",
    ],
    ["unterminated ${aws:username", "unterminated ${aws:username"],
  ])("%s resolves to %s", (raw, expected) => {
    expect(resolve(raw)).toBe(expected);
  });

  it("leaves variables as text when the policy Version is not 2012-10-17", () => {
    expect(resolve("home/${aws:username}/*", false)).toBe("home/${aws:username}/*");
    expect(resolve("${aws:userid}", false)).toBe("${aws:userid}");
  });

  it("marks resolved values and Terraform references literal, so their wildcards stay inert", () => {
    const parts = resolvePolicyString(parsePolicyString("a*${*}${aws_s3_bucket.b[*].arn}", true), context);
    expect(parts).toEqual([
      { text: "a*", literal: false },
      { text: "*", literal: true },
      { text: "${aws_s3_bucket.b[*].arn}", literal: true },
    ]);
  });
});

describe("RequestContext", () => {
  it("looks keys up case-insensitively", () => {
    expect(new RequestContext({ "aws:SourceVpce": "vpce-1" }).get("AWS:SOURCEVPCE")).toEqual(["vpce-1"]);
  });

  it("refuses two keys that differ only in case", () => {
    expect(() => new RequestContext({ "aws:SourceVpce": "a", "aws:sourcevpce": "b" })).toThrow(PolicyError);
    expect(() => new RequestContext({ "aws:SourceVpce": "a", "aws:sourcevpce": "b" })).toThrow(/name the same condition key/);
  });
});
