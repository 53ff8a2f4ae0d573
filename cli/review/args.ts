/**
 * The review's arguments, parsed with commander: the options of one run, or, for help, version
 * and usage errors, what to print and the exit code (`run.ts` returns that as is).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { version } from "../../package.json";
import { ExitCode, FAIL_ON_LEVELS, FORMATS, type FailOn, type Format, type ReviewSuppression } from "./model";
import { REVIEW_CONFIG_FILE } from "./review-config";
import { collectSuppression, SUPPRESS_SYNTAX } from "./suppress-flag";

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
  /**
   * The review config file (`--config`).
   * @default - `vpce-review.json` in the folder that holds INPUT, when there is one
   */
  readonly config?: string;
  /** Suppressions given with `--suppress`, in order. */
  readonly suppress: readonly ReviewSuppression[];
}

/** What the command prints and how it exits, when parsing ends the run (help, version, a usage error). */
export interface ParseExit {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Default S3 traffic for the cost note when `--s3-gb-month` is not given. */
const DEFAULT_S3_GB_MONTH = 100;

interface Flags {
  format: Format;
  failOn?: FailOn;
  s3GbMonth: number;
  verbose?: boolean;
  allowEmpty: boolean;
  baseline?: string;
  diff?: boolean;
  failOnWidening?: boolean;
  config?: string;
  suppress?: ReviewSuppression[];
}

/** Parses the arguments (without the node and script paths). */
export function parseArguments(args: readonly string[]): { options: ReviewOptions } | { exit: ParseExit } {
  let stdout = "";
  let stderr = "";
  let options: ReviewOptions | undefined;
  const program = command()
    .exitOverride()
    .configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) })
    .action((input: string, flags: Flags) => {
      options = {
        input,
        format: flags.format,
        s3GbMonth: flags.s3GbMonth,
        verbose: flags.verbose === true,
        allowEmpty: flags.allowEmpty,
        diff: flags.diff === true,
        failOnWidening: flags.failOnWidening === true,
        suppress: flags.suppress ?? [],
        ...(flags.failOn === undefined ? {} : { failOn: flags.failOn }),
        ...(flags.baseline === undefined ? {} : { baseline: flags.baseline }),
        ...(flags.config === undefined ? {} : { config: flags.config }),
      };
    });
  try {
    program.parse([...args], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Commander has already worded the problem as one `error: ...` line (or printed the help).
    return { exit: { stdout, stderr, exitCode: error.exitCode === 0 ? ExitCode.OK : ExitCode.USAGE } };
  }
  if (options === undefined) return { exit: { stdout, stderr, exitCode: ExitCode.USAGE } };
  if (options.failOnWidening && options.baseline === undefined && !options.diff) {
    return {
      exit: {
        stdout,
        stderr: "error: option '--fail-on-widening' needs --baseline <old> or --diff (it gates an access diff)\n",
        exitCode: ExitCode.USAGE,
      },
    };
  }
  return { options };
}

function command(): Command {
  return new Command()
    .name("review")
    .description(
      "Who can do what to the bucket, from where, and why: access matrix, boot check, findings, diagram and cost note " +
        "for a cdktf.out folder, a *.tf.json file or a terraform show -json plan.",
    )
    .argument("[input]", "cdktf.out folder, Terraform JSON file or terraform show -json plan file", "cdktf.out")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .addOption(
      new Option(
        "--fail-on <severity>",
        "exit 1 when a finding at or above this severity exists, or a suppression matches no finding",
      ).choices(FAIL_ON_LEVELS),
    )
    .addOption(new Option("--verbose", "text format: list every access row on its own line instead of the matrix"))
    .addOption(
      new Option(
        "--allow-empty",
        "exit 0 even when the input holds no S3 bucket (nothing to review); without it such an input exits 2",
      ).default(false),
    )
    .addOption(
      new Option(
        "--baseline <old>",
        "access diff: compare INPUT with OLD (a cdktf.out folder, Terraform JSON or plan); stacks pair by name",
      ),
    )
    .addOption(
      new Option("--diff", "access diff of one terraform show -json plan: its planned values against its prior state").conflicts(
        "baseline",
      ),
    )
    .addOption(
      new Option(
        "--fail-on-widening",
        "with --baseline or --diff: exit 1 when a change lets someone do what they could not (ends in Allow)",
      ),
    )
    .addOption(
      new Option(
        "--config <file>",
        `review config with the suppressions (default: ${REVIEW_CONFIG_FILE} in the folder that holds INPUT, if present)`,
      ),
    )
    .addOption(
      new Option(
        `--suppress <${SUPPRESS_SYNTAX}>`,
        "acknowledge the findings of a rule on an address (* and ? as wildcards), with a reason; repeatable",
      ).argParser(collectSuppression),
    )
    .addOption(
      new Option("--s3-gb-month <gb>", "S3 traffic per month in GB, for the NAT vs endpoint cost note")
        .argParser(parseGb)
        .default(DEFAULT_S3_GB_MONTH),
    )
    .version(version);
}

function parseGb(value: string): number {
  const gb = Number(value);
  if (value.trim() === "" || !Number.isFinite(gb) || gb < 0) throw new InvalidArgumentError(`expected a number of GB >= 0, got "${value}"`);
  return gb;
}
