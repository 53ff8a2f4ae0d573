/**
 * The review command as a function: arguments in, `{ stdout, stderr, exitCode }` out, no
 * process-wide side effects, so that tests run it in-process. `cli/review.ts` only wires it
 * to the process.
 *
 * Exit codes: 0 ok; 1 an active (unsuppressed) finding at or above `--fail-on`, or with `--fail-on` a
 * suppression that matches no finding; 2 bad arguments, a bad review config (one line per problem) or
 * bad input (one line on stderr naming the file), including an input with no S3 bucket to review unless
 * `--allow-empty` (so that a CI gate fed the wrong file fails); 3 an internal error while analyzing a
 * stack (one line, no trace). With `--baseline OLD` or `--diff` (the access diff, `diff-run.ts`), 1 also
 * when `--fail-on-widening` is given and a change ends in Allow, and `--fail-on` counts only the active
 * findings the change adds. Suppressions (`suppress.ts`) apply to the findings of every side.
 */
import { resolve } from "node:path";
import { formatProblem } from "../../config/problems";
import { version } from "../../package.json";
import { reviewStack, type AccessAnalyzer } from "./analyze";
import { parseArguments, type ReviewOptions } from "./args";
import { DIFF_FORMATS, type DiffFormat } from "./diff-model";
import { diffGates, renderDiff, runDiff } from "./diff-run";
import { renderDot } from "./dot";
import { displayPath, oneLine, ReviewInputError, resolveInput, type StackInput } from "./input";
import { renderJson } from "./json";
import { renderMarkdown } from "./markdown";
import { renderMermaid } from "./mermaid";
import { atOrAbove, ExitCode, type FailOn, type Format, type ReviewSuppression, type StackReview, type SuppressionReport } from "./model";
import { ReviewConfigError } from "./review-config";
import { renderSarif } from "./sarif";
import { gatherSuppressions, suppressionNotes, suppressionReport, unusedGate, type GivenSuppressions } from "./suppress";
import { DEFAULT_TEXT_WIDTH, renderText, type TextOptions } from "./text";

/** What the command prints and how it exits. */
export interface ReviewResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** The process facts the command depends on. */
export interface ReviewEnvironment {
  /**
   * Folder that relative inputs and the shown file paths are relative to.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * Whether stdout is a terminal (text colors, and the text width from `stdoutColumns`).
   * @default false
   */
  readonly stdoutIsTTY?: boolean;
  /**
   * The terminal's width in columns, used when stdout is a terminal.
   * @default - 100 columns
   */
  readonly stdoutColumns?: number;
  /**
   * Environment variables (`NO_COLOR`).
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The access analyzer.
   * @default - `analyzeAccess` from `analysis/access`
   */
  readonly analyzer?: AccessAnalyzer;
}

/** Runs `review ARGS` (ARGS without the node and script paths). */
export function review(args: readonly string[], environment: ReviewEnvironment = {}): ReviewResult {
  const parsed = parseArguments(args);
  if ("exit" in parsed) return parsed.exit;
  const options = parsed.options;
  const cwd = environment.cwd ?? process.cwd();
  let given: GivenSuppressions;
  try {
    given = gatherSuppressions(options, cwd);
  } catch (error) {
    return failure(error, []);
  }
  const steps = { options, analyzer: environment.analyzer, suppressions: given.all };
  if (options.baseline !== undefined || options.diff) return reviewChange(steps, cwd, environment, given);
  const notes: string[] = [];
  let inputs: StackInput[];
  let reviews: StackReview[];
  try {
    inputs = resolveInput(options.input, cwd);
    notes.push(`reading ${options.input} (${inputs.length} stack${inputs.length === 1 ? "" : "s"})`);
    reviews = inputs.map((input) => analyze(input, steps));
    if (!options.allowEmpty) requireSomethingToReview(options.input, cwd, reviews);
  } catch (error) {
    return failure(error, notes);
  }
  const env = environment.env ?? process.env;
  const color = options.format === "text" && environment.stdoutIsTTY === true && (env["NO_COLOR"] ?? "") === "";
  const width = textWidth(environment);
  const suppressions = suppressionReport(given, reviews);
  const stdout = renderReviews(reviews, options.format, { color, width, verbose: options.verbose }, suppressions);
  notes.push(...suppressionNotes(given, suppressions));
  const failing =
    options.failOn === undefined
      ? []
      : reviews.flatMap((r) => r.findings).filter((finding) => atOrAbove(finding.severity, options.failOn as FailOn));
  if (options.failOn !== undefined)
    notes.push(
      failing.length === 0
        ? `no finding at or above ${options.failOn}`
        : `${failing.length} finding${failing.length === 1 ? "" : "s"} at or above ${options.failOn}: exit 1`,
    );
  const stale = unusedGate(suppressions, options.failOn);
  notes.push(...stale.notes);
  const exitCode = failing.length > 0 || stale.failed ? ExitCode.FINDINGS : ExitCode.OK;
  return { stdout, stderr: notes.length === 0 ? "" : `${notes.join("\n")}\n`, exitCode };
}

/** What analyzing one input takes: the options, the analyzer, and the suppressions to apply. */
interface AnalyzeSteps {
  readonly options: ReviewOptions;
  readonly analyzer: AccessAnalyzer | undefined;
  readonly suppressions: readonly ReviewSuppression[];
}

/** `review NEW --baseline OLD` and `review PLAN --diff`: the access diff (`diff-run.ts`); suppressions apply to both sides. */
function reviewChange(steps: AnalyzeSteps, cwd: string, environment: ReviewEnvironment, given: GivenSuppressions): ReviewResult {
  const { options } = steps;
  if (!(DIFF_FORMATS as readonly string[]).includes(options.format)) {
    return {
      stdout: "",
      stderr:
        `error: --format ${options.format} does not show a diff; with ${options.diff ? "--diff" : "--baseline"} ` +
        `use one of ${DIFF_FORMATS.join(", ")}\n`,
      exitCode: ExitCode.USAGE,
    };
  }
  let outcome: ReturnType<typeof runDiff>;
  try {
    const request = {
      input: options.input,
      allowEmpty: options.allowEmpty,
      ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
    };
    outcome = runDiff(request, cwd, {
      analyze: (input) => analyze(input, steps),
      requireBucket: (input, reviews) => requireSomethingToReview(input, cwd, reviews),
    });
  } catch (error) {
    return failure(error, []);
  }
  const sides = outcome.review.stacks.flatMap((pair) =>
    [pair.baseline, pair.current].filter((side): side is StackReview => side !== undefined),
  );
  const suppressions = suppressionReport(given, sides);
  const stdout = renderDiff(outcome.review, options.format as DiffFormat, textWidth(environment), version, suppressions);
  const gates = diffGates(outcome.review, {
    failOnWidening: options.failOnWidening,
    ...(options.failOn === undefined ? {} : { failOn: options.failOn }),
  });
  const stale = unusedGate(suppressions, options.failOn);
  const notes = [...outcome.notes, ...suppressionNotes(given, suppressions), ...gates.notes, ...stale.notes];
  return { stdout, stderr: `${notes.join("\n")}\n`, exitCode: gates.failed || stale.failed ? ExitCode.FINDINGS : ExitCode.OK };
}

/** A bad input or review config (exit 2) or an internal error (exit 3), after the notes so far; rethrows anything else. */
function failure(error: unknown, notes: readonly string[]): ReviewResult {
  const fail = (lines: readonly string[], exitCode: number): ReviewResult => ({
    stdout: "",
    stderr: `${[...notes, ...lines].join("\n")}\n`,
    exitCode,
  });
  if (error instanceof ReviewInputError) return fail([`error: ${oneLine(error.message)}`], ExitCode.USAGE);
  if (error instanceof ReviewConfigError)
    return fail(
      error.problems.map((problem) => `error: ${error.file}: ${oneLine(formatProblem(problem))}`),
      ExitCode.USAGE,
    );
  if (error instanceof InternalError) return fail([`error: ${error.message}`], ExitCode.INTERNAL);
  throw error;
}

/** The text width: the terminal's columns when stdout is one, else 100. */
function textWidth(environment: ReviewEnvironment): number {
  const columns = environment.stdoutIsTTY === true ? environment.stdoutColumns : undefined;
  return columns !== undefined && columns > 0 ? columns : DEFAULT_TEXT_WIDTH;
}

/**
 * Refuses an input in which no stack holds an `aws_s3_bucket`: the review is about a bucket, and a
 * report with nothing in it must not pass a CI gate that was handed the wrong file.
 * @throws ReviewInputError naming the input and what it lacks
 */
function requireSomethingToReview(input: string, cwd: string, reviews: readonly StackReview[]): void {
  if (reviews.some((r) => r.topology.buckets.length > 0)) return;
  const shown = reviews.length === 1 && reviews[0] !== undefined ? reviews[0].file : displayPath(resolve(cwd, input), cwd);
  const resources = reviews.reduce((sum, r) => sum + r.topology.resources.length, 0);
  const what = resources === 0 ? "no resource or data block" : `no aws_s3_bucket among its ${resources} resource and data blocks`;
  throw new ReviewInputError(shown, `${what}, so there is nothing to review (is this the right file?); pass --allow-empty to accept it`);
}

/** A failure of the analysis itself (a bug), reported on one line with the file. */
class InternalError extends Error {}

function analyze(input: StackInput, { options, analyzer, suppressions }: AnalyzeSteps): StackReview {
  try {
    return reviewStack(input, { s3GbMonth: options.s3GbMonth, suppressions, ...(analyzer === undefined ? {} : { analyzer }) });
  } catch (error) {
    if (error instanceof ReviewInputError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InternalError(`${input.file}: internal error while analyzing (${oneLine(reason)}); please report it with this input`);
  }
}

/**
 * Renders reviewed stacks in one format (what `review` prints on stdout). `suppressions` is what
 * JSON and SARIF add when suppressions were given (the unused ones).
 */
function renderReviews(reviews: readonly StackReview[], format: Format, text: TextOptions, suppressions?: SuppressionReport): string {
  switch (format) {
    case "text":
      return renderText(reviews, text);
    case "markdown":
      return renderMarkdown(reviews);
    case "json":
      return renderJson(reviews, suppressions);
    case "sarif":
      return renderSarif(reviews, version, suppressions);
    case "mermaid":
      return renderMermaid(reviews.map((r) => r.diagram));
    case "dot":
      return renderDot(reviews.map((r) => r.diagram));
  }
}
