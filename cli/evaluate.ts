/**
 * `evaluate FILE|-`: evaluates one request against the given policies and prints
 * `{ "decision": ..., "decisive": [ { "policy", "index", "sid"? } ] }` on stdout
 * (docs/DESIGN.md §5), plus `"rule"` when an AWS rule outside the policies decided
 * and `"assumed": { "resourceAccount" }` when the input did not state the
 * resource's account. Malformed input exits 1 with a one-line message on stderr.
 */
import { Command } from "commander";
import { ask, validateEvaluationInput, type EvaluationResult } from "../analysis/policy";
import { readJsonFile } from "../config/text-file";

/** One decisive statement as the CLI contract prints it. */
interface DecisiveOutput {
  policy: string;
  index: number;
  sid?: string;
}

/** The CLI contract's output. */
interface EvaluateOutput {
  decision: string;
  decisive: DecisiveOutput[];
  rule?: string;
  assumed?: { resourceAccount?: string };
}

/** A problem the user can fix; printed as one line, without a stack trace. */
class InputError extends Error {}

/** The input document, from a file or `-` (stdin). */
function readInput(file: string): unknown {
  const shown = file === "-" ? "stdin" : file;
  const read = readJsonFile(file === "-" ? 0 : file);
  if (read.kind === "unreadable") throw new InputError(`cannot read ${shown}: ${read.message}`);
  if (read.kind === "invalid") throw new InputError(`${shown} is not valid JSON: ${read.message}`);
  return read.value;
}

/** Keeps exactly the contract's fields: identity statements are named by index, as in docs/DESIGN.md §5. */
function toOutput(result: EvaluationResult): EvaluateOutput {
  const decisive = result.decisive.map(({ policy, index, sid }) => (sid === undefined ? { policy, index } : { policy, index, sid }));
  const output: EvaluateOutput = { decision: result.decision, decisive };
  if (result.rule !== undefined) output.rule = result.rule;
  if (result.assumed !== undefined) output.assumed = { ...result.assumed };
  return output;
}

function run(file: string): void {
  const answer = ask(validateEvaluationInput(readInput(file)));
  if (answer.kind === "refused") throw new InputError(answer.problem);
  process.stdout.write(`${JSON.stringify(toOutput(answer.result), null, 2)}\n`);
}

function main(argv: readonly string[]): void {
  const program = new Command()
    .name("evaluate")
    .description("Evaluate one IAM request against identity, resource (bucket or key) and VPC endpoint policies.")
    .argument("<file>", "evaluation input JSON (docs/DESIGN.md §5), or - for stdin")
    .action((file: string) => run(file));
  try {
    program.parse([...argv]);
  } catch (error: unknown) {
    // PolicyError and InputError name the bad input; any other error is reported the same way, as one line.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`evaluate: ${message.replace(/\s*\n\s*/g, " ")}\n`);
    process.exitCode = 1;
  }
}

main(process.argv);
