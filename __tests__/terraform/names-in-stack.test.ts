/**
 * The name templates of config/names.ts are the names the stack really carries: each template's
 * value shows up at every attribute it says it feeds, so the config check and the limit test
 * (validate.test.ts) look at the names Terraform gets. Runs without terraform.
 */
import { NAMES, PROJECT_MAX_LENGTH } from "../../config/names";
import { parseScenario } from "../../config/load";
import { synthScenario } from "../support/scenario";
import { ROOT } from "../support/scenario";
import { ALL_NAME_TEMPLATES, LONGEST_NAMES_CONFIG, LONGEST_PROJECT, placesOf, scenariosToValidate } from "./configs";

describe("generated names in the synthesized stack", () => {
  const scenario = parseScenario(LONGEST_NAMES_CONFIG, ROOT, "longest names");
  const { tf } = synthScenario(scenario);

  test.each(ALL_NAME_TEMPLATES.map((t) => [t.what, t] as const))("%s is built by its template at every attribute it feeds", (_what, t) => {
    for (const [feed, places] of placesOf(t, scenario.config, tf)) {
      expect({ feed, found: places.length > 0 }).toEqual({ feed, found: true });
    }
  });

  test("the longest accepted project makes the flow-log role's name_prefix exactly its limit, the tightest of all", () => {
    expect(LONGEST_PROJECT).toHaveLength(PROJECT_MAX_LENGTH);
    expect(PROJECT_MAX_LENGTH).toBe(27);
    const roles = Object.values(tf.resource.aws_iam_role).map((r) => String(r.name_prefix));
    expect(roles).toContain(`${LONGEST_PROJECT}-flow-logs-`);
    expect(NAMES.flowLogRole.build({ project: LONGEST_PROJECT })).toHaveLength(NAMES.flowLogRole.limit);
  });

  test("every config terraform validate runs on loads, and the labels are unique module names", () => {
    const labels = scenariosToValidate().map((s) => s.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const label of labels) expect(label).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});
