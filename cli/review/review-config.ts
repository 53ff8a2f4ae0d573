/**
 * The review config file, `vpce-review.json`: the suppressions of the review (docs/DESIGN.md §5,
 * "Suppressions"). It is the file `--config <file>` names, else `vpce-review.json` in the folder
 * that holds INPUT (NEW for `--baseline`, the plan for `--diff`) if there is one there. Validated
 * with zod like the scenario config (`config/`): every problem names its JSON path, the bad value
 * and the fix; a bad file is a {@link ReviewConfigError} (exit 2, nothing on stdout).
 *
 * ```json
 * { "suppressions": [ { "rule": "S3-004", "address": "aws_s3_bucket.ScriptBucket_7411736E",
 *                       "reason": "replication is out of scope: one region", "stack": "vpce-demo" } ] }
 * ```
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { ruleById, RULES } from "../../analysis/rules/registry";
import { formatProblem, type Problem } from "../../config/problems";
import { readJsonFile } from "../../config/text-file";
import { problemsFromZod } from "../../config/zod-problems";
import { displayPath, oneLine } from "./input";
import type { ReviewSuppression } from "./model";

/** The file name looked up next to INPUT. */
export const REVIEW_CONFIG_FILE = "vpce-review.json";

/** The fix for a rule id the pack does not have, or undefined when `id` is one of its rules. */
export function unknownRuleFix(id: string): string | undefined {
  return ruleById(id) === undefined ? `use the id of a rule of the pack (${RULES.map((rule) => rule.id).join(", ")})` : undefined;
}

const nonBlank = (fix: string) => z.string().refine((text) => text.trim() !== "", { message: fix });

const SuppressionEntrySchema = z.strictObject({
  rule: z.string().refine((id) => unknownRuleFix(id) === undefined, { error: (issue) => unknownRuleFix(String(issue.input)) ?? "" }),
  address: nonBlank(
    "give the finding's Terraform address as the review prints it (aws_s3_bucket.x), or a pattern with * (aws_s3_bucket.*)",
  ),
  reason: nonBlank("say why the finding is acknowledged: a suppression needs a reason"),
  stack: nonBlank("name the stack as the review prints it, or leave the field out to apply to every stack").optional(),
});

/** The config file's shape; unknown fields are errors. */
const ReviewConfigSchema = z.strictObject({ suppressions: z.array(SuppressionEntrySchema).default([]) });

/** A bad review config file: every problem of it, printed one per line as `error: <file>: <path>: <problem> — <fix>`. */
export class ReviewConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${file}: ${problems.map(formatProblem).join("; ")}`);
    this.name = "ReviewConfigError";
  }
}

/** The suppressions of the review config, with the file they came from (undefined when there is none). */
export interface ReviewConfig {
  readonly file?: string;
  readonly suppressions: readonly ReviewSuppression[];
}

/**
 * Finds and reads the review config of `input`: the `explicit` file (`--config`), else
 * `vpce-review.json` in the folder that holds `input`, else none. Paths resolve against `cwd`.
 * @throws ReviewConfigError when the file is missing (given explicitly), unreadable, not JSON or not valid
 */
export function loadReviewConfig(input: string, explicit: string | undefined, cwd: string): ReviewConfig {
  const path = explicit === undefined ? join(dirname(resolve(cwd, input)), REVIEW_CONFIG_FILE) : resolve(cwd, explicit);
  if (explicit === undefined && !existsSync(path)) return { suppressions: [] };
  const file = displayPath(path, cwd);
  return { file, suppressions: parseReviewConfig(readJson(path, file), file) };
}

/**
 * Validates a parsed review config.
 * @throws ReviewConfigError listing every problem
 */
function parseReviewConfig(raw: unknown, file: string): ReviewSuppression[] {
  const parsed = ReviewConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new ReviewConfigError(file, problemsFromZod(parsed.error.issues, ReviewConfigSchema));
  return parsed.data.suppressions.map((entry, index) => ({
    rule: entry.rule,
    address: entry.address,
    reason: entry.reason.trim(),
    ...(entry.stack === undefined ? {} : { stack: entry.stack }),
    source: { kind: "file", file, index },
  }));
}

function readJson(path: string, file: string): unknown {
  const read = readJsonFile(path);
  if (read.kind === "unreadable") {
    const fix = read.code === "ENOENT" ? "create it, or pass --config the path of an existing review config" : "make it readable";
    throw new ReviewConfigError(file, [{ path: "", problem: `cannot read it (${read.code})`, fix }]);
  }
  if (read.kind === "invalid") {
    throw new ReviewConfigError(file, [{ path: "", problem: `not valid JSON (${oneLine(read.message)})`, fix: "fix the JSON syntax" }]);
  }
  return read.value;
}
