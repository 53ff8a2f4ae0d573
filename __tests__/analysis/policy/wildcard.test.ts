/**
 * Wildcard matching for actions, resources and `StringLike`/`ArnLike`
 * (IAM JSON policy elements: Resource — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html;
 * IAM JSON policy elements: Condition operators —
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
import { matchesArn, matchesWildcard, type Template } from "../../../analysis/policy/wildcard";

describe("matchesWildcard", () => {
  it.each([
    ["*", "", true],
    ["*", "arn:aws:s3:::b/k", true],
    ["arn:aws:s3:::b/*", "arn:aws:s3:::b/", true],
    ["arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c", true],
    ["arn:aws:s3:::b/*", "arn:aws:s3:::b", false],
    ["arn:aws:s3:::b*", "arn:aws:s3:::b/k", true],
    ["arn:aws:*:::b", "arn:aws:s3:x:y:::b", true],
    ["arn:aws:*:::b", "arn:aws:s3:x:y:b", false],
    ["a?c", "abc", true],
    ["a?c", "ac", false],
    ["a?c", "abbc", false],
    ["*.sh", "boot.sh", true],
    ["*.sh", "boot.shx", false],
    ["a*b*c", "aXXbYYc", true],
    ["a*b*c", "aXXcYYb", false],
    ["Bucket", "bucket", false],
    ["a.b", "aXb", false],
    ["(x)+[y]", "(x)+[y]", true],
  ])("%s against %s is %s", (pattern, value, expected) => {
    expect(matchesWildcard(pattern, value)).toBe(expected);
  });

  it("compares case-insensitively when asked, as for actions", () => {
    expect(matchesWildcard("s3:get*", "S3:GetObject", { ignoreCase: true })).toBe(true);
    expect(matchesWildcard("s3:get*", "S3:GetObject")).toBe(false);
  });

  it("keeps wildcards inert in literal parts", () => {
    const template: Template = [
      { text: "b/", literal: false },
      { text: "*", literal: true },
    ];
    expect(matchesWildcard(template, "b/*")).toBe(true);
    expect(matchesWildcard(template, "b/x")).toBe(false);
  });

  it("answers on patterns that make backtracking regular expressions explode", () => {
    // No duration is asserted: a backtracking matcher would not finish this at all (2^30 paths).
    expect(matchesWildcard(`${"*a".repeat(30)}*b`, "a".repeat(5000))).toBe(false);
    expect(matchesWildcard(`${"*a".repeat(30)}*b`, `${"a".repeat(5000)}b`)).toBe(true);
  });
});

describe("matchesArn", () => {
  /** A template whose single part has wildcards active. */
  const arn = (text: string): Template => [{ text, literal: false }];

  it.each([
    ["arn:aws:iam::111122223333:role/*", "arn:aws:iam::111122223333:role/ec2-boot", true],
    ["arn:aws:iam::*:role/ec2-boot", "arn:aws:iam::444455556666:role/ec2-boot", true],
    // Each component is matched separately, so * does not cross a colon.
    ["arn:aws:iam::*", "arn:aws:iam::111122223333:role/x", false],
    ["arn:aws:iam::*:*", "arn:aws:iam::111122223333:role/x", true],
    ["arn:aws:s3:::b/*", "arn:aws:s3:::b/a:b", true],
    ["arn:aws:iam::111122223333:role/?i", "arn:aws:iam::111122223333:role/ci", true],
    ["arn:aws:iam::111122223333:role/ci", "arn:aws:iam::111122223333:role/CI", false],
    ["*", "arn:aws:iam::111122223333:role/ci", true],
    ["${aws_iam_role.web.arn}", "${aws_iam_role.web.arn}", true],
    ["arn:aws:iam::111122223333:role/web", "${aws_iam_role.web.arn}", false],
  ])("%s against %s is %s", (pattern, value, expected) => {
    expect(matchesArn(arn(pattern), value)).toBe(expected);
  });
});
