/**
 * The before of a saved plan (`review PLAN --diff`): the prior state, completed by the `before`
 * values of the resource changes; a state has none. Terraform's JSON output format:
 * https://developer.hashicorp.com/terraform/internals/json-format
 */
import { planBefore } from "../../../analysis/diff/plan-before";

const HASH_OLD = "a".repeat(40);
const HASH_NEW = "b".repeat(40);

function instance(address: string, userData: string): Record<string, unknown> {
  return { address, mode: "managed", type: "aws_instance", name: address.split(".")[1], values: { user_data: userData } };
}

const configuration = {
  provider_config: { aws: { name: "aws", expressions: { region: { constant_value: "eu-west-1" } } } },
  root_module: {
    resources: [
      { address: "aws_instance.web", expressions: { user_data: { constant_value: "#!/bin/sh\nnew" } } },
      { address: "aws_instance.same", expressions: { user_data: { constant_value: "#!/bin/sh\nsame" } } },
    ],
  },
};

describe("planBefore", () => {
  test("takes the prior state's resources, keeping module addresses, with the configuration and variables", () => {
    const plan = {
      format_version: "1.2",
      planned_values: { root_module: { resources: [] } },
      prior_state: {
        values: {
          root_module: {
            resources: [{ address: "aws_vpc.main", mode: "managed", type: "aws_vpc", name: "main", values: {} }],
            child_modules: [
              {
                address: "module.net",
                resources: [{ address: "module.net.aws_subnet.a", mode: "managed", type: "aws_subnet", name: "a", values: {} }],
              },
            ],
          },
        },
      },
      variables: { region: { value: "eu-west-1" } },
      configuration,
    };
    const before = planBefore(plan);
    expect("doc" in before && before.source).toBe("prior_state");
    if (!("doc" in before)) return;
    expect(before.doc["variables"]).toEqual(plan.variables);
    const root = (
      before.doc["values"] as {
        root_module: { resources: { address: string }[]; child_modules: { address: string; resources: { address: string }[] }[] };
      }
    ).root_module;
    expect(root.resources.map((r) => r.address)).toEqual(["aws_vpc.main"]);
    expect(root.child_modules.map((m) => [m.address, m.resources.map((r) => r.address)])).toEqual([
      ["module.net", ["module.net.aws_subnet.a"]],
    ]);
    expect(before.doc["planned_values"]).toBeUndefined();
  });

  test("without a prior state, takes the non-null before values of the resource changes", () => {
    const plan = {
      format_version: "1.2",
      planned_values: { root_module: { resources: [] } },
      resource_changes: [
        {
          address: "aws_s3_bucket.b",
          mode: "managed",
          type: "aws_s3_bucket",
          name: "b",
          change: { actions: ["update"], before: { bucket: "old" }, after: { bucket: "new" } },
        },
        {
          address: "aws_s3_bucket.c",
          mode: "managed",
          type: "aws_s3_bucket",
          name: "c",
          change: { actions: ["create"], before: null, after: { bucket: "c" } },
        },
      ],
    };
    const before = planBefore(plan);
    expect("doc" in before && before.source).toBe("resource_changes");
    if (!("doc" in before)) return;
    expect((before.doc["values"] as { root_module: { resources: unknown[] } }).root_module.resources).toEqual([
      { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", name: "b", values: { bucket: "old" } },
    ]);
  });

  test("a plan that creates everything has no before: source none", () => {
    const before = planBefore({
      format_version: "1.2",
      planned_values: {},
      resource_changes: [{ address: "aws_s3_bucket.c", change: { before: null } }],
    });
    expect("doc" in before && before.source).toBe("none");
  });

  test("drops the user_data expression of an instance whose user data the plan changes: the old text is unknown", () => {
    // GIVEN web's user data hash changes and same's does not
    const plan = {
      format_version: "1.2",
      planned_values: { root_module: { resources: [instance("aws_instance.web", HASH_NEW), instance("aws_instance.same", HASH_OLD)] } },
      prior_state: {
        values: { root_module: { resources: [instance("aws_instance.web", HASH_OLD), instance("aws_instance.same", HASH_OLD)] } },
      },
      configuration,
    };
    // WHEN the before is taken
    const before = planBefore(plan);
    if (!("doc" in before)) throw new Error("expected a before");
    // THEN web keeps no user_data expression, same keeps its own
    const resources = (before.doc["configuration"] as typeof configuration).root_module.resources;
    expect(resources.map((r) => [r.address, Object.keys(r.expressions)])).toEqual([
      ["aws_instance.web", []],
      ["aws_instance.same", ["user_data"]],
    ]);
    expect(configuration.root_module.resources[0]?.expressions.user_data).toBeDefined();
  });

  test("a state, or something else, has no before and after", () => {
    expect(planBefore({ format_version: "1.0", values: { root_module: {} } })).toEqual({
      reason: expect.stringMatching(/^a state, not a saved plan/),
    });
    expect(planBefore({ resource: {} })).toEqual({ reason: expect.stringMatching(/no "format_version"/) });
  });
});
