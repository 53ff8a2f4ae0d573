/**
 * The review command as a function: arguments in, `{ stdout, stderr, exitCode }` out, no
 * process-wide side effects, so that tests run it in-process. `cli/review.ts` only wires it
 * to the process.
 *
 * Exit codes: 0 ok; 1 a finding at or above `--fail-on`; 2 bad arguments or bad input (one line
 * on stderr naming the file), including an input with no S3 bucket to review unless `--allow-empty`
 * (so that a CI gate fed the wrong file fails); 3 an internal error while analyzing a stack (one line, no trace).
 * With `--baseline OLD` or `--diff` (the access diff, `diff-run.ts`), 1 also when `--fail-on-widening`
 * is given and a change ends in Allow, and `--fail-on` counts only the findings the change adds.
 */
import { resolve } from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { version } from "../../package.json";
import { reviewStack, type AccessAnalyzer } from "./analyze";
import { DIFF_FORMATS, type DiffFormat } from "./diff-model";
import { diffGates, renderDiff, runDiff } from "./diff-run";
import { renderDot } from "./dot";
import { displayPath, oneLine, ReviewInputError, resolveInput, type StackInput } from "./input";
import { renderJson } from "./json";
import { renderMarkdown } from "./markdown";
import { renderMermaid } from "./mermaid";
import { atOrAbove, FAIL_ON_LEVELS, FORMATS, type FailOn, type Format, type StackReview } from "./model";
import { renderSarif } from "./sarif";
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

/** Parsed options. */
export interface ReviewOptions {
  readonly input: string;
  readonly format: Format;
  readonly failOn?: FailOn;
  readonly s3GbMonth: number;
  /** Text format: every access row on its own line instead of the matrix. */
  readonly verbose: boolean;
  /** Accept an input with no S3 bucket (nothing to evaluate) instead of exiting 2. */
  readonly allowEmpty: boolean;
  /** The access diff: compare INPUT with this OLD input. */
  readonly baseline?: string;
  /** The access diff of one plan: its planned values against its prior state. */
  readonly diff: boolean;
  /** The access diff: exit 1 when a change ends in Allow. */
  readonly failOnWidening: boolean;
}

/** Default S3 traffic for the cost note when `--s3-gb-month` is not given. */
export const DEFAULT_S3_GB_MONTH = 100;

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;
const EXIT_INTERNAL = 3;

/** Runs `review ARGS` (ARGS without the node and script paths). */
export function review(args: readonly string[], environment: ReviewEnvironment = {}): ReviewResult {
  const parsed = parseArguments(args);
  if ("result" in parsed) return parsed.result;
  const options = parsed.options;
  const cwd = environment.cwd ?? process.cwd();
  if (options.baseline !== undefined || options.diff) return reviewChange(options, cwd, environment);
  const notes: string[] = [];
  let inputs: StackInput[];
  let reviews: StackReview[];
  try {
    inputs = resolveInput(options.input, cwd);
    notes.push(`reading ${options.input} (${inputs.length} stack${inputs.length === 1 ? "" : "s"})`);
    reviews = inputs.map((input) => analyze(input, options, environment.analyzer));
    if (!options.allowEmpty) requireSomethingToReview(options.input, cwd, reviews);
  } catch (error) {
    return failure(error, notes);
  }
  const env = environment.env ?? process.env;
  const color = options.format === "text" && environment.stdoutIsTTY === true && (env["NO_COLOR"] ?? "") === "";
  const width = textWidth(environment);
  const stdout = renderReviews(reviews, options.format, { color, width, verbose: options.verbose });
  const failing = options.failOn === undefined ? [] : reviews.flatMap((r) => r.findings).filter((finding) => atOrAbove(finding.severity, options.failOn as FailOn));
  if (options.failOn !== undefined) notes.push(failing.length === 0 ? `no finding at or above ${options.failOn}` : `${failing.length} finding${failing.length === 1 ? "" : "s"} at or above ${options.failOn}: exit 1`);
  return { stdout, stderr: notes.length === 0 ? "" : `${notes.join("\n")}\n`, exitCode: failing.length > 0 ? EXIT_FINDINGS : EXIT_OK };
}

/** `review NEW --baseline OLD` and `review PLAN --diff`: the access diff (`diff-run.ts`). */
function reviewChange(options: ReviewOptions, cwd: string, environment: ReviewEnvironment): ReviewResult {
  if (!(DIFF_FORMATS as readonly string[]).includes(options.format)) {
    return { stdout: "", stderr: `error: --format ${options.format} does not show a diff; with ${options.diff ? "--diff" : "--baseline"} use one of ${DIFF_FORMATS.join(", ")}\n`, exitCode: EXIT_USAGE };
  }
  let outcome: ReturnType<typeof runDiff>;
  try {
    const request = { input: options.input, allowEmpty: options.allowEmpty, ...(options.baseline === undefined ? {} : { baseline: options.baseline }) };
    outcome = runDiff(request, cwd, { analyze: (input) => analyze(input, options, environment.analyzer), requireBucket: (input, reviews) => requireSomethingToReview(input, cwd, reviews) });
  } catch (error) {
    return failure(error, []);
  }
  const stdout = renderDiff(outcome.review, options.format as DiffFormat, textWidth(environment), version);
  const gates = diffGates(outcome.review, { failOnWidening: options.failOnWidening, ...(options.failOn === undefined ? {} : { failOn: options.failOn }) });
  const notes = [...outcome.notes, ...gates.notes];
  return { stdout, stderr: `${notes.join("\n")}\n`, exitCode: gates.failed ? EXIT_FINDINGS : EXIT_OK };
}

/** A bad input (exit 2) or an internal error (exit 3), after the notes so far; rethrows anything else. */
function failure(error: unknown, notes: readonly string[]): ReviewResult {
  if (error instanceof ReviewInputError) return { stdout: "", stderr: `${[...notes, `error: ${oneLine(error.message)}`].join("\n")}\n`, exitCode: EXIT_USAGE };
  if (error instanceof InternalError) return { stdout: "", stderr: `${[...notes, `error: ${error.message}`].join("\n")}\n`, exitCode: EXIT_INTERNAL };
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

function analyze(input: StackInput, options: ReviewOptions, analyzer: AccessAnalyzer | undefined): StackReview {
  try {
    return reviewStack(input, { s3GbMonth: options.s3GbMonth, ...(analyzer === undefined ? {} : { analyzer }) });
  } catch (error) {
    if (error instanceof ReviewInputError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InternalError(`${input.file}: internal error while analyzing (${oneLine(reason)}); please report it with this input`);
  }
}

/** Renders reviewed stacks in one format (what `review` prints on stdout). */
export function renderReviews(reviews: readonly StackReview[], format: Format, text: TextOptions = { color: false }): string {
  switch (format) {
    case "text":
      return renderText(reviews, text);
    case "markdown":
      return renderMarkdown(reviews);
    case "json":
      return renderJson(reviews);
    case "sarif":
      return renderSarif(reviews, version);
    case "mermaid":
      return renderMermaid(reviews.map((r) => r.diagram));
    case "dot":
      return renderDot(reviews.map((r) => r.diagram));
  }
}

/** Parses the arguments with commander; help, version and usage errors come back as a finished result. */
function parseArguments(args: readonly string[]): { options: ReviewOptions } | { result: ReviewResult } {
  let stdout = "";
  let stderr = "";
  let options: ReviewOptions | undefined;
  const program = new Command()
    .name("review")
    .description("Who can do what to the bucket, from where, and why: access matrix, boot check, findings, diagram and cost note for a cdktf.out folder, a *.tf.json file or a terraform show -json plan.")
    .argument("[input]", "cdktf.out folder, Terraform JSON file or terraform show -json plan file", "cdktf.out")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .addOption(new Option("--fail-on <severity>", "exit 1 when a finding at or above this severity exists").choices(FAIL_ON_LEVELS))
    .addOption(new Option("--verbose", "text format: list every access row on its own line instead of the matrix"))
    .addOption(new Option("--allow-empty", "exit 0 even when the input holds no S3 bucket (nothing to review); without it such an input exits 2").default(false))
    .addOption(new Option("--baseline <old>", "access diff: compare INPUT with OLD (a cdktf.out folder, Terraform JSON or plan); stacks pair by name"))
    .addOption(new Option("--diff", "access diff of one terraform show -json plan: its planned values against its prior state").conflicts("baseline"))
    .addOption(new Option("--fail-on-widening", "with --baseline or --diff: exit 1 when a change lets someone do what they could not (ends in Allow)"))
    .addOption(new Option("--s3-gb-month <gb>", "S3 traffic per month in GB, for the NAT vs endpoint cost note").argParser(parseGb).default(DEFAULT_S3_GB_MONTH))
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) })
    .action((input: string, flags: { format: Format; failOn?: FailOn; s3GbMonth: number; verbose?: boolean; allowEmpty: boolean; baseline?: string; diff?: boolean; failOnWidening?: boolean }) => {
      options = {
        input,
        format: flags.format,
        s3GbMonth: flags.s3GbMonth,
        verbose: flags.verbose === true,
        allowEmpty: flags.allowEmpty,
        diff: flags.diff === true,
        failOnWidening: flags.failOnWidening === true,
        ...(flags.failOn === undefined ? {} : { failOn: flags.failOn }),
        ...(flags.baseline === undefined ? {} : { baseline: flags.baseline }),
      };
    });
  try {
    program.parse([...args], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Commander has already worded the problem as one `error: ...` line (or printed the help).
    return { result: { stdout, stderr, exitCode: error.exitCode === 0 ? EXIT_OK : EXIT_USAGE } };
  }
  if (options === undefined) return { result: { stdout, stderr, exitCode: EXIT_USAGE } };
  if (options.failOnWidening && options.baseline === undefined && !options.diff) {
    return { result: { stdout, stderr: "error: option '--fail-on-widening' needs --baseline <old> or --diff (it gates an access diff)\n", exitCode: EXIT_USAGE } };
  }
  return { options };
}

function parseGb(value: string): number {
  const gb = Number(value);
  if (value.trim() === "" || !Number.isFinite(gb) || gb < 0) throw new InvalidArgumentError(`expected a number of GB >= 0, got "${value}"`);
  return gb;
}
