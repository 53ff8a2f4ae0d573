/**
 * `review [INPUT] [--format ...] [--fail-on ...] [--s3-gb-month N] [--verbose]`: the plan review
 * (docs/DESIGN.md §5); with `--baseline OLD` or `--diff`, the access diff. All the work is in
 * `cli/review/run.ts`; this wires it to the process.
 */
import { review } from "./review/run";

const result = review(process.argv.slice(2), {
  cwd: process.cwd(),
  stdoutIsTTY: process.stdout.isTTY === true,
  stdoutColumns: process.stdout.columns,
  env: process.env,
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
