/**
 * The one expression check of Terraform JSON strings, and the readers built on it. The cases follow
 * Terraform's template syntax: `${` interpolates and `%{` is a directive; `$${` and `%%{` are their
 * literal forms. Each expected value was checked against `terraform apply` (1.11) of a JSON output.
 */
import { UNRESOLVED, isExpression, readBlock, readBool, readString, readStrings, tagValue } from "../../../analysis/topology/values";

describe("isExpression", () => {
  it.each([
    ["${aws_s3_bucket.b.arn}", "an interpolation"],
    ["arn:aws:s3:::${var.name}/*", "an interpolation inside text"],
    ["%{ if true }y%{ endif }", "a template directive"],
    ["$%{ if true }y%{ endif }", "a directive after a plain $"],
    ["%${var.x}", "an interpolation after a plain %"],
    ["$${aws:username}/${var.x}", "an escape followed by a live interpolation"],
  ])("is true for %s (%s)", (text) => {
    expect(isExpression(text)).toBe(true);
  });

  it.each([
    ["plain-name", "no template at all"],
    ["a$b%c{d}", "a lone $ or % not before {"],
    ["home/$${aws:username}/*", "an escaped interpolation: the literal ${aws:username}"],
    ['$$${"v"}', 'three $: a plain $ then the escape, Terraform prints $${"v"}'],
    ["$$${{", "three $ before two braces: still the literal $${{"],
    ["%%{ if true }y%%{ endif }", "escaped directives"],
    ["%%%{ if true }", "three %: a plain % then the escape"],
  ])("is false for %s (%s)", (text) => {
    expect(isExpression(text)).toBe(false);
  });
});

describe("the readers", () => {
  it("read a directive as unresolved, and an escaped one as the literal it is", () => {
    expect(readString("%{ if var.x }a%{ endif }")).toBe(UNRESOLVED);
    expect(readString("%%{ not a directive }")).toBe("%%{ not a directive }");
    expect(readStrings(["a", "${var.b}"])).toBe(UNRESOLVED);
    expect(readStrings(["a", "$${b}"])).toEqual(["a", "$${b}"]);
  });

  it("tell unset from unknown", () => {
    expect(readBool(undefined, true)).toBe(true);
    expect(readBool("false", true)).toBe(false);
    expect(readBool("${var.on}", false)).toBe(UNRESOLVED);
    expect(readString(null)).toBeUndefined();
    expect(readString(443)).toBe("443");
    expect(readBlock(undefined)).toEqual({});
    expect(readBlock("${var.block}")).toBe(UNRESOLVED);
    expect(readBlock([{ http_tokens: "required" }])).toEqual({ http_tokens: "required" });
  });

  it("take no name from a templated tag, and keep an escaped one", () => {
    expect(tagValue({ tags: { Name: "${var.project}-app" } }, "Name")).toBeUndefined();
    expect(tagValue({ tags: { Name: "%{ if var.x }a%{ endif }" } }, "Name")).toBeUndefined();
    expect(tagValue({ tags: { Name: "app" } }, "Name")).toBe("app");
  });
});
