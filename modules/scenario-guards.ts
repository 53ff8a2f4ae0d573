import type { TerraformStack } from "cdktf";
import type { IValidation } from "constructs";
import { formatProblem } from "../config/problems";
import { guardProblems } from "../cli/words/guards";
import { readTerraformJson } from "../analysis/topology";

/**
 * Refuses to synthesize a stack that would break at boot, lock out its deployer, or deny an endpoint
 * group an action it is granted, using the same analysis as `npm run review`. Add it to any stack:
 * `stack.node.addValidation(new ScenarioGuards(stack))`.
 * It runs in `npm run synth`, `cdktf synth` and `Testing.synth(stack, true)`.
 */
export class ScenarioGuards implements IValidation {
  constructor(private readonly stack: TerraformStack) {}

  public validate(): string[] {
    const topology = readTerraformJson(this.stack.toTerraform(), this.stack.node.id);
    return guardProblems(topology).map(formatProblem);
  }
}
