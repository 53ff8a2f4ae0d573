import fc from "fast-check";
import { detectInput, readAny, TopologyInputError } from "../../../analysis/topology";
import type { Topology } from "../../../analysis/topology/model";
import { readPlanJson } from "../../../analysis/topology/read-plan";
import { fixture } from "./fixtures/files";

describe("readPlanJson on a plan that creates a stack (ids unknown until apply)", () => {
  let topology: Topology;
  beforeAll(() => {
    topology = readPlanJson(fixture("plan-new-stack.json"), "plan-new-stack.json");
  });

  test(
    "GIVEN counted subnets and associations by count.index WHEN read THEN each subnet gets its own table through " +
      "configuration references",
    () => {
      const app = topology.subnets.filter((subnet) => subnet.label === "app");
      expect(app.map((subnet) => [subnet.ref, subnet.routeTableRef])).toEqual([
        ["${aws_subnet.app[0].id}", "${aws_route_table.app[0].id}"],
        ["${aws_subnet.app[1].id}", "${aws_route_table.app[1].id}"],
      ]);
      expect(topology.routeTables.map((table) => table.routes[0])).toEqual([
        expect.objectContaining({ address: "aws_route.app_nat[0]", targetKind: "nat", target: "${aws_nat_gateway.main.id}" }),
        expect.objectContaining({ address: "aws_route.app_nat[1]", targetKind: "nat" }),
      ]);
    },
  );

  test("GIVEN an endpoint whose route tables are a splat WHEN read THEN it holds both tables and the policy read at plan time", () => {
    expect(topology.endpoints).toEqual([
      expect.objectContaining({
        name: "readers",
        region: "us-west-2",
        routeTableRefs: ["${aws_route_table.app[0].id}", "${aws_route_table.app[1].id}"],
      }),
    ]);
    expect(topology.endpoints[0]?.policy.address).toBe("data.aws_iam_policy_document.readers");
    expect(topology.endpoints[0]?.policy).toMatchObject({
      state: "ok",
      document: { Statement: [expect.objectContaining({ Sid: "ScriptBucketOnly" })] },
    });
  });

  test(
    "GIVEN a bucket policy document deferred to apply WHEN read THEN its statements come from the configuration, " +
      "the endpoint id it compares with unknown",
    () => {
      const [bucket] = topology.buckets;
      expect(bucket).toMatchObject({ nameRef: "acme-boot-scripts", arnRef: "arn:aws:s3:::acme-boot-scripts", objectKeys: ["boot/run.sh"] });
      // The plan lists the same references for `aws_vpc_endpoint.readers.id` and for a template around it: the value is
      // unknown, not the reference.
      expect(bucket?.policy).toMatchObject({
        state: "ok",
        document: {
          Statement: [
            expect.objectContaining({
              Sid: "DenyOutsideEndpoint",
              Effect: "Deny",
              Condition: {
                StringNotEquals: {
                  "aws:SourceVpce": [
                    expect.stringMatching(/^\$\{unknown\(a value known after apply, computed from aws_vpc_endpoint\.readers\.id/),
                  ],
                },
              },
            }),
          ],
        },
      });
    },
  );

  test("GIVEN the caller identity read at plan time WHEN read THEN the deployer and account are literal", () => {
    expect(topology.deployerArnRefs).toEqual(["arn:aws:iam::111122223333:role/deployer"]);
    expect(topology.accountRef).toBe("111122223333");
    expect(topology.instances[0]).toMatchObject({ name: "web", subnetRef: "${aws_subnet.app[0].id}", roleAddress: "aws_iam_role.web" });
    expect(topology.roles[0]?.nameRef).toBe("web-boot");
  });
});

describe("readPlanJson on a plan over existing infrastructure (ids known, a child module)", () => {
  let topology: Topology;
  beforeAll(() => {
    topology = readPlanJson(fixture("plan-existing-infra.json"), "plan-existing-infra.json");
  });

  test("GIVEN known ids WHEN read THEN refs are the literal ids and link across the module boundary", () => {
    expect(topology.subnets).toEqual([
      expect.objectContaining({
        address: "module.network.aws_subnet.private",
        ref: "subnet-0p1",
        routeTableRef: "rtb-0p1",
        vpcRef: "vpc-0a1b2c3d",
      }),
    ]);
    expect(topology.endpoints[0]).toMatchObject({
      ref: "vpce-0e1e1e1e1e1e1e1e1",
      name: "artifacts",
      routeTableRefs: ["rtb-0p1"],
      region: "eu-west-1",
    });
    expect(topology.natGatewayRefs).toEqual(["nat-0n1"]);
    expect(topology.routeTables[0]?.routes[0]).toMatchObject({ target: "nat-0n1", targetKind: "nat" });
  });

  test("GIVEN the region from a variable WHEN read THEN the provider region and the SSE-KMS key ARN are known", () => {
    expect(topology.region).toBe("eu-west-1");
    expect(topology.buckets[0]).toMatchObject({
      arnRef: "arn:aws:s3:::acme-artifacts",
      encryption: "kms",
      kmsKeyRef: topology.kmsKeys[0]?.arnRef,
    });
    expect(topology.instances[0]).toMatchObject({
      subnetRef: "subnet-0p1",
      roleAddress: "aws_iam_role.runner",
      securityGroupRefs: ["sg-0s1"],
    });
  });

  test("GIVEN the same content as a state (values instead of planned_values) WHEN read THEN the same model comes back", () => {
    const plan = fixture("plan-existing-infra.json") as Record<string, unknown>;
    const { planned_values: values, resource_changes: _changes, ...rest } = plan;
    const state = readPlanJson({ ...rest, values }, "state.json");
    expect({ ...state, name: "", resources: [] }).toEqual({ ...topology, name: "", resources: [] });
  });
});

describe("detectInput and readAny", () => {
  test("GIVEN plan JSON or Terraform JSON WHEN detected THEN each is told apart by format_version", () => {
    expect(detectInput(fixture("plan-new-stack.json"))).toBe("plan");
    expect(detectInput({ resource: {} })).toBe("terraform-json");
    expect(readAny(fixture("plan-existing-infra.json"), "p").format).toBe("plan");
  });

  test("GIVEN an unsupported plan format major version or neither format WHEN read THEN a TopologyInputError says why", () => {
    expect(() => readAny({ format_version: "2.0" }, "p.json")).toThrow(/unsupported plan format_version 2\.0/);
    expect(() => readAny({ hello: "world" }, "x.json")).toThrow(TopologyInputError);
  });

  test("GIVEN a plan with odd shapes WHEN read THEN the reader does not throw", () => {
    const odd = {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: [null, { address: 3 }, { address: "aws_vpc.v", type: "aws_vpc", values: null }],
          child_modules: [{}, null],
        },
      },
      resource_changes: "x",
      configuration: [],
    };
    expect(readPlanJson(odd, "odd").vpcRefs).toEqual(["${aws_vpc.v.id}"]);
  });

  test("GIVEN arbitrary JSON in a plan's values, changes and configuration WHEN read THEN the reader never throws", () => {
    const types = fc.constantFrom(
      "aws_vpc",
      "aws_subnet",
      "aws_route_table",
      "aws_vpc_endpoint",
      "aws_s3_bucket",
      "aws_s3_bucket_policy",
      "aws_iam_role",
      "aws_instance",
      "aws_iam_policy_document",
    );
    const resource = fc.record({
      address: fc.string({ maxLength: 12 }),
      mode: fc.constantFrom("managed", "data"),
      type: types,
      name: fc.string({ maxLength: 6 }),
      values: fc.jsonValue({ maxDepth: 3 }),
    });
    const plan = fc.record({
      format_version: fc.constant("1.2"),
      planned_values: fc.record({
        root_module: fc.record({ resources: fc.array(resource, { maxLength: 5 }), child_modules: fc.jsonValue({ maxDepth: 2 }) }),
      }),
      resource_changes: fc.jsonValue({ maxDepth: 3 }),
      configuration: fc.jsonValue({ maxDepth: 4 }),
    });
    fc.assert(
      fc.property(plan, (doc) => {
        readPlanJson(doc, "fuzz");
      }),
      { numRuns: 200 },
    );
  });
});
