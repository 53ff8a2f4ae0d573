/** Table-driven rule cases: GIVEN the secure fixture with one change, THEN the rule says `status` at `address`. */
import type { RuleStatus } from "../../../../analysis/rules/types";
import { outcomesAt, secureDocWith, type TerraformDoc } from "../fixtures";

export interface RuleCase {
  readonly id: string;
  readonly name: string;
  readonly change: (doc: TerraformDoc) => void;
  readonly address: string;
  readonly status: RuleStatus;
  /** Key phrase of the outcome's detail. */
  readonly detail?: RegExp;
}

/** Runs the cases as one `it` each. */
export function describeCases(title: string, cases: readonly RuleCase[]): void {
  describe(title, () => {
    it.each(cases.map((c) => [`${c.id} ${c.status}: ${c.name}`, c] as const))("%s", (_name, c) => {
      // GIVEN the secure configuration with one change WHEN the rule runs
      const found = outcomesAt(c.id, secureDocWith(c.change), c.address);
      // THEN it reports the expected status at the address
      expect(found.map((o) => o.status)).toContain(c.status);
      const match = found.find((o) => o.status === c.status);
      if (c.detail !== undefined) expect(match?.detail).toMatch(c.detail);
    });
  });
}
