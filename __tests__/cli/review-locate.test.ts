/**
 * SARIF locations: the line of each resource block in Terraform JSON (object or array-of-blocks
 * form) and in plan JSON, found in one pass over the text.
 */
import { indexResourceRegions, regionOf } from "../../cli/review/locate";

/** Resource address → the 1-based line its region starts on. */
function linesOf(text: string): Map<string, number> {
  return new Map([...indexResourceRegions(text)].map(([address, region]) => [address, region.startLine]));
}

describe("indexResourceRegions: the line of each block", () => {
  test('finds `"<name>": {` under its type in object-form Terraform JSON', () => {
    // GIVEN two resources of different types with the same name, and a data source
    const text = JSON.stringify(
      {
        "//": { metadata: { version: "0.21.0" } },
        resource: { aws_s3_bucket: { main: { bucket: "b" } }, aws_vpc: { main: { cidr_block: "10.0.0.0/16" } } },
        data: { aws_caller_identity: { me: {} } },
      },
      null,
      2,
    );
    // WHEN indexed
    const lines = linesOf(text);
    // THEN each address points at the line of its own name key
    const at = (needle: string, after: string): number => {
      const all = text.split("\n");
      const start = all.findIndex((line) => line.includes(after));
      return all.findIndex((line, index) => index > start && line.includes(needle)) + 1;
    };
    expect(lines.get("aws_s3_bucket.main")).toBe(at('"main": {', '"aws_s3_bucket"'));
    expect(lines.get("aws_vpc.main")).toBe(at('"main": {', '"aws_vpc"'));
    expect(lines.get("data.aws_caller_identity.me")).toBe(at('"me": {', '"aws_caller_identity"'));
  });

  test("handles the array-of-blocks form", () => {
    const text = [
      "{",
      '  "resource": [',
      "    {",
      '      "aws_s3_bucket": [',
      "        {",
      '          "logs": [',
      '            { "bucket": "x" }',
      "          ]",
      "        }",
      "      ]",
      "    }",
      "  ]",
      "}",
    ].join("\n");
    expect(linesOf(text).get("aws_s3_bucket.logs")).toBe(6);
  });

  test("finds plan resources by the object that holds their address", () => {
    const text = [
      "{",
      '  "format_version": "1.2",',
      '  "planned_values": { "root_module": { "resources": [',
      "    {",
      '      "address": "aws_s3_bucket.b",',
      '      "type": "aws_s3_bucket"',
      "    }",
      "  ] } }",
      "}",
    ].join("\n");
    expect(linesOf(text).get("aws_s3_bucket.b")).toBe(4);
  });

  test("ignores keys deeper than resource.<type>.<name> and strings with braces or escapes", () => {
    const text = JSON.stringify(
      { resource: { aws_iam_policy: { p: { policy: '{"a": {"b": "\\"}"}}', tags: { main: { x: 1 } } } } } },
      null,
      2,
    );
    const lines = linesOf(text);
    expect([...lines.keys()]).toEqual(["aws_iam_policy.p"]);
  });

  test("never throws on text that is not JSON", () => {
    expect(() => indexResourceRegions('{"resource": {"a": [}}}} "unterminated')).not.toThrow();
  });
});

describe("regionOf", () => {
  const regions = new Map([["aws_s3_bucket.b", { startLine: 7, startColumn: 5, charOffset: 80, charLength: 20 }]]);
  const lineOf = (address: string): number => regionOf(regions, address).startLine;

  test("falls back to the enclosing resource for a sub-address, then to line 1", () => {
    expect(lineOf("aws_s3_bucket.b")).toBe(7);
    expect(lineOf("aws_s3_bucket.b.policy")).toBe(7);
    expect(lineOf("aws_vpc.missing")).toBe(1);
    expect(lineOf("vpce-demo")).toBe(1);
  });
});

describe("indexResourceRegions", () => {
  test("GIVEN a one-line plan with two resources WHEN indexed THEN each region starts at its own object and spans exactly it", () => {
    const text = JSON.stringify({
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [
            { address: "aws_s3_bucket.b", type: "aws_s3_bucket" },
            { address: 'aws_instance.web["a"]', type: "aws_instance" },
          ],
        },
      },
    });
    const regions = indexResourceRegions(text);
    for (const address of ["aws_s3_bucket.b", 'aws_instance.web["a"]']) {
      const region = regions.get(address);
      expect(region).toMatchObject({ startLine: 1, startColumn: (region?.charOffset ?? 0) + 1 });
      expect(JSON.parse(text.slice(region?.charOffset, (region?.charOffset ?? 0) + (region?.charLength ?? 0)))).toMatchObject({ address });
    }
  });

  test("GIVEN Terraform JSON WHEN indexed THEN a region runs from the block's name key to the end of its body", () => {
    const text = '{"resource": {"aws_s3_bucket": {"b": {"bucket": "x"}}}}';
    expect(indexResourceRegions(text).get("aws_s3_bucket.b")).toEqual({
      startLine: 1,
      startColumn: 33,
      charOffset: 32,
      charLength: '"b": {"bucket": "x"}'.length,
    });
  });

  test("GIVEN a finding on an instance of a counted block in Terraform JSON WHEN located THEN it falls back to the block", () => {
    const regions = indexResourceRegions('{"resource": {"aws_instance": {"web": {"count": 2}}}}');
    expect(regionOf(regions, "aws_instance.web[0]")).toEqual(regions.get("aws_instance.web"));
    expect(regionOf(regions, "aws_vpc.missing")).toEqual({ startLine: 1 });
  });
});
