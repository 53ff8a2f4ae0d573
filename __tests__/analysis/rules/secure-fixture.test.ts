/** Every rule passes the secure fixture, and actually looks at it (not all NOT_APPLICABLE). */
import { RULES } from "../../../analysis/rules/registry";
import { runRules } from "../../../analysis/rules/run";
import { outcomes, secureDoc, topologyOf } from "./fixtures";

describe("the secure fixture", () => {
  it.each(RULES.map((rule) => rule.id))("%s finds it compliant", (id) => {
    // GIVEN the secure configuration WHEN the rule runs
    const found = outcomes(id, secureDoc());
    // THEN nothing is wrong or unknown, and at least one resource was judged compliant
    expect(found.filter((o) => o.status === "NON_COMPLIANT" || o.status === "UNKNOWN")).toEqual([]);
    expect(found.some((o) => o.status === "COMPLIANT")).toBe(true);
  });

  it("raises no finding at all", () => {
    expect(runRules(topologyOf(secureDoc()))).toEqual([]);
  });
});
