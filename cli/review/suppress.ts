/**
 * The suppressions of one run (docs/DESIGN.md §5, "Suppressions"): gathered from the review config
 * file and the `--suppress` flags, reported when stale, and gated by `--fail-on`. Matching them
 * to findings is `analysis/suppressions.ts`; `analyze.ts` applies them to each stack.
 */
import { unusedSuppressions } from "../../analysis/suppressions";
import type { ReviewOptions } from "./args";
import { unusedSuppressionText, type FailOn, type ReviewSuppression, type StackReview, type SuppressionReport } from "./model";
import { loadReviewConfig } from "./review-config";

/** The suppressions given to one run. */
export interface GivenSuppressions {
  /** The review config file read, if any. */
  readonly file?: string;
  /** The file's suppressions, then the flags', in order. */
  readonly all: readonly ReviewSuppression[];
}

/**
 * Reads the review config of the run (`--config`, else `vpce-review.json` next to INPUT) and adds the flags.
 * @throws ReviewConfigError for a bad config file
 */
export function gatherSuppressions(options: ReviewOptions, cwd: string): GivenSuppressions {
  const config = loadReviewConfig(options.input, options.config, cwd);
  return { ...(config.file === undefined ? {} : { file: config.file }), all: [...config.suppressions, ...options.suppress] };
}

/** What the machine formats say: the unused suppressions; undefined when none was given (the output then stays as without). */
export function suppressionReport(given: GivenSuppressions, reviews: readonly StackReview[]): SuppressionReport | undefined {
  if (given.file === undefined && given.all.length === 0) return undefined;
  return { unused: unusedSuppressions(given.all, reviews) };
}

/** The notes for stderr: where the suppressions came from, and one warning per unused suppression. */
export function suppressionNotes(given: GivenSuppressions, report: SuppressionReport | undefined): string[] {
  if (report === undefined) return [];
  const fromFile = given.all.filter((suppression) => suppression.source.kind === "file").length;
  const fromFlags = given.all.length - fromFile;
  const sources = [
    ...(given.file === undefined ? [] : [`${fromFile} from ${given.file}`]),
    ...(fromFlags === 0 ? [] : [`${fromFlags} from --suppress`]),
  ];
  return [`suppressions: ${sources.join(", ")}`, ...report.unused.map((suppression) => `warning: ${unusedSuppressionText(suppression)}`)];
}

/** `--fail-on` fails on a stale suppression too: a CI gate must notice that an acknowledgement no longer applies. */
export function unusedGate(report: SuppressionReport | undefined, failOn: FailOn | undefined): { failed: boolean; notes: string[] } {
  const unused = report?.unused.length ?? 0;
  if (failOn === undefined || unused === 0) return { failed: false, notes: [] };
  return { failed: true, notes: [`${unused} unused suppression${unused === 1 ? "" : "s"} with --fail-on: exit 1`] };
}
