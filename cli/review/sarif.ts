/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning. One run; the driver lists every rule of
 * the pack with its help; each finding is a result located at its resource block in the input
 * file (physical location: line, column and character span, which tell resources apart in the
 * one-line output of `terraform show -json`) and at its Terraform address (logical location). Deterministic: no
 * timestamps, no absolute paths for inputs inside the working directory.
 *
 * When suppressions were given, a suppressed finding is a result with one `suppressions` entry
 * (SARIF 2.1.0 §3.27.23, §3.35: `kind` `external`, for a store outside the source, status
 * `accepted`, and the reason as `justification`), an active one has `suppressions: []` (known not
 * to be suppressed), and each stale suppression is a warning in the run's
 * `invocations[0].toolConfigurationNotifications`, located at its config file when it has one.
 */
import { RULES } from "../../analysis/rules/registry";
import type { Finding, RegisteredRule, Severity } from "../../analysis/rules/types";
import { indexResourceRegions, regionOf, type RegionIndex } from "./locate";
import { unusedSuppressionText, type ReviewSuppression, type StackReview, type SuppressionReport } from "./model";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/**
 * The tool's `informationUri`. The project has no public home yet, so this is a URN naming the
 * package rather than a made-up web address; replace it with the repository URL once published.
 */
export const INFORMATION_URI = "urn:npm:vpce-s3-lockdown:review";

type SarifLevel = "error" | "warning" | "note";

const LEVELS: Readonly<Record<Severity, SarifLevel>> = { high: "error", medium: "warning", low: "note", info: "note" };

/** GitHub's `security-severity` (0-10): high ≥ 7, medium ≥ 4, low > 0. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { high: "8.0", medium: "5.0", low: "3.0", info: "1.0" };

/** Renders the SARIF log, with a trailing newline. */
export function renderSarif(reviews: readonly StackReview[], toolVersion: string, suppressions?: SuppressionReport): string {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
  const results = reviews.flatMap((review) => {
    const regions = indexResourceRegions(review.text);
    const at = { review, regions, ruleIndex };
    return [
      ...review.findings.map((finding) => ({ ...result(finding, at), ...(suppressions === undefined ? {} : { suppressions: [] }) })),
      ...review.suppressed.map(({ finding, suppression }) => ({ ...result(finding, at), suppressions: [sarifSuppression(suppression)] })),
    ];
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "vpce-review", version: toolVersion, informationUri: INFORMATION_URI, rules: RULES.map(sarifRule) } },
        ...sarifInvocations(suppressions),
        artifacts: reviews.map((review) => ({ location: { uri: review.file } })),
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

interface ResultContext {
  readonly review: StackReview;
  readonly regions: RegionIndex;
  readonly ruleIndex: ReadonlyMap<string, number>;
}

function result(finding: Finding, { review, regions, ruleIndex }: ResultContext): object {
  const index = ruleIndex.get(finding.id);
  return {
    ruleId: finding.id,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: LEVELS[finding.severity],
    message: { text: `${finding.message} Fix: ${finding.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: review.file },
          region: regionOf(regions, finding.address),
        },
        logicalLocations: [{ fullyQualifiedName: finding.address, kind: "resource" }],
      },
    ],
    partialFingerprints: { "resourceAddress/v1": `${review.stack}:${finding.id}:${finding.address}` },
    properties: { severity: finding.severity, stack: review.stack },
  };
}

function sarifSuppression(suppression: ReviewSuppression): object {
  return { kind: "external", status: "accepted", justification: suppression.reason };
}

/**
 * The run's `invocations` when suppressions were given: one, successful, with a warning per stale
 * suppression (`toolConfigurationNotifications`: the review config is the tool's configuration).
 * Nothing without suppressions. The diff's SARIF (`diff-sarif.ts`) adds the same.
 */
export function sarifInvocations(suppressions: SuppressionReport | undefined): { invocations?: object[] } {
  if (suppressions === undefined) return {};
  const notifications = suppressions.unused.map((suppression) => ({
    descriptor: { id: "UNUSED-SUPPRESSION" },
    level: "warning",
    message: { text: `${unusedSuppressionText(suppression)}.` },
    ...(suppression.source.kind === "file"
      ? { locations: [{ physicalLocation: { artifactLocation: { uri: suppression.source.file } } }] }
      : {}),
  }));
  return { invocations: [{ executionSuccessful: true, toolConfigurationNotifications: notifications }] };
}

function sarifRule(rule: RegisteredRule): object {
  const text = `${rule.condition} ${rule.risk}\n\nFix: ${rule.fix}\n\n${rule.help}`;
  const markdown =
    `**${rule.title}** (${rule.severity})\n\n${rule.condition} ${rule.risk}\n\n**Fix:** ` +
    `${rule.fix}\n\n${rule.help}\n\n[AWS documentation](${rule.helpUri})`;
  return {
    id: rule.id,
    name: pascalCase(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.condition} ${rule.risk}` },
    helpUri: rule.helpUri,
    help: { text, markdown },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { "security-severity": SECURITY_SEVERITY[rule.severity], tags: ["security", rule.area], precision: "high" },
  };
}

/** `Bucket versioning not enabled` → `BucketVersioningNotEnabled` (SARIF rule names are identifiers). */
function pascalCase(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join("");
}
