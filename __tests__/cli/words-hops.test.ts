/**
 * The words of typed hops and refusing gates (cli/words/hops.ts): what the review JSON's
 * `path` and `deniedBy`, the text formats, the matchers and the guards' refusals say.
 */
import type { Hop } from "../../analysis/access/types";
import { deniedByText, hopText, pathText, pathWords, scriptBecause } from "../../cli/words/hops";

const SUBNET: Hop = { kind: "subnet", address: "aws_subnet.app", label: "app" };
const TABLE: Hop = { kind: "route-table", address: "aws_route_table.app", label: "aws_route_table.app" };
const endpoint = (name: string): Hop => ({ kind: "endpoint", address: `aws_vpc_endpoint.${name}`, label: name });

describe("pathWords", () => {
  test("words each hop by its kind: subnet with its address, route table, endpoint, NAT and internet gateway", () => {
    // GIVEN a route through a subnet and its table to an endpoint, and the gateways of a default route
    const path = [SUBNET, TABLE, endpoint("readers")];
    // WHEN worded
    // THEN each hop reads as the review has always shown it
    expect(pathWords(path)).toEqual(["subnet app (aws_subnet.app)", "route table aws_route_table.app", "endpoint readers"]);
    expect(hopText({ kind: "nat", address: "aws_nat_gateway.nat", label: "aws_nat_gateway.nat" })).toBe("nat aws_nat_gateway.nat");
    expect(hopText({ kind: "internet-gateway", label: "igw-0abc" })).toBe("internet gateway igw-0abc");
  });

  test("two endpoints on one route table read as one hop naming the conflict", () => {
    // GIVEN a route table that two S3 endpoints are associated with
    const path = [SUBNET, TABLE, endpoint("readers"), endpoint("publishers")];
    // WHEN worded
    // THEN the two endpoint hops are one entry, saying that AWS refuses the second
    expect(pathWords(path)).toEqual([
      "subnet app (aws_subnet.app)",
      "route table aws_route_table.app",
      "endpoints readers, publishers (two S3 endpoint routes on one route table: AWS refuses the second)",
    ]);
  });

  test("a route that ends short of S3 says why", () => {
    expect(pathWords([{ kind: "none", label: "", gap: "no-subnet" }])).toEqual(["no subnet"]);
    expect(pathWords([{ kind: "none", label: "aws_subnet.gone", gap: "subnet-outside-input" }])).toEqual([
      "subnet aws_subnet.gone (not in the input)",
    ]);
    expect(pathText([SUBNET, { kind: "none", label: "", gap: "no-route-table" }])).toBe(
      "subnet app (aws_subnet.app) → no route table in the input",
    );
    expect(pathText([SUBNET, TABLE, { kind: "none", label: "", gap: "no-route" }])).toBe(
      "subnet app (aws_subnet.app) → route table aws_route_table.app → no route to S3",
    );
  });

  test("a caller may word a kind its own way, as the guards word the NAT gateway", () => {
    const nat: Hop = { kind: "nat", address: "aws_nat_gateway.nat", label: "aws_nat_gateway.nat" };
    expect(pathWords([SUBNET, nat], (hop) => (hop.kind === "nat" ? "the NAT gateway" : hopText(hop)))).toEqual([
      "subnet app (aws_subnet.app)",
      "the NAT gateway",
    ]);
  });
});

describe("deniedByText and scriptBecause", () => {
  test("an endpoint policy that refuses is named by its own label; other hops by their kind", () => {
    expect(
      deniedByText({
        gate: "endpoint-policy",
        policy: { kind: "endpoint", address: "aws_vpc_endpoint.readers", label: "endpoint policy of readers" },
      }),
    ).toBe("endpoint policy of readers");
    expect(deniedByText({ gate: "kms-role-policy" })).toBe("role policy (KMS)");
    expect(deniedByText({ gate: "bucket-owner-account" })).toBe("S3 (bucket owner's account only)");
    expect(deniedByText(undefined)).toBe("unknown");
  });

  test("a script no route reaches is refused by the route, worded from the instance's path", () => {
    const path = [SUBNET, TABLE, { kind: "none", label: "", gap: "no-route" } as const];
    expect(
      scriptBecause({ path }, { key: "a.sh", decision: "ImplicitDeny", deniedBy: { gate: "route" }, reason: { kind: "no-route" } }),
    ).toBe("no route from subnet app (aws_subnet.app) → route table aws_route_table.app → no route to S3 reaches S3");
    expect(
      scriptBecause({ path }, { key: "a.sh", decision: "Allow", reason: { kind: "statements", statements: [] }, because: "allowed by X" }),
    ).toBe("allowed by X");
  });
});
