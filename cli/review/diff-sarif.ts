/**
 * `review NEW --baseline OLD --format sarif`: one result per widening (level error) and per
 * narrowing (note), located like the review's SARIF (`sarif.ts`) at the NEW input: at the block of
 * the bucket the row is about, with the row's Terraform addresses as logical locations. When
 * suppressions were given, stale ones are warnings in `invocations`, as in the review's SARIF.
 */
import { changeKind, ChangeKind, type AccessChange } from "../../analysis/diff/access-diff";
import type { DiffReview, StackPair } from "./diff-model";
import { changeSentence } from "./diff-present";
import { addressesOf, withAddresses, type Addresses } from "./json";
import { indexResourceRegions, regionOf, type RegionIndex } from "./locate";
import type { SuppressionReport } from "./model";
import { INFORMATION_URI, SARIF_SCHEMA, sarifInvocations } from "./sarif";

/** The diff's two result kinds, as SARIF rules. */
const DIFF_RULES = [
  {
    id: "ACCESS-WIDENING",
    name: "AccessWidening",
    shortDescription: { text: "The change lets someone reach the bucket" },
    fullDescription: { text: "An access matrix row ends in Allow after the change and did not before (or did not exist)." },
    defaultConfiguration: { level: "error" },
  },
  {
    id: "ACCESS-NARROWING",
    name: "AccessNarrowing",
    shortDescription: { text: "The change stops an access to the bucket" },
    fullDescription: { text: "An access matrix row was Allow before the change and is not after (or no longer exists)." },
    defaultConfiguration: { level: "note" },
  },
] as const;

/** Renders the SARIF log, with a trailing newline. */
export function renderDiffSarif(review: DiffReview, toolVersion: string, suppressions?: SuppressionReport): string {
  const byStack = new Map(review.stacks.map((pair) => [pair.stack, located(pair)]));
  const results = review.diff.changes.flatMap((change) => {
    const kind = changeKind(change);
    if (kind !== ChangeKind.WIDENING && kind !== ChangeKind.NARROWING) return [];
    const at = byStack.get(change.stack);
    return at === undefined ? [] : [result(change, kind, at)];
  });
  const artifacts = review.stacks.flatMap((pair) => (pair.current === undefined ? [] : [{ location: { uri: pair.current.file } }]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "vpce-review", version: toolVersion, informationUri: INFORMATION_URI, rules: DIFF_RULES } },
        ...sarifInvocations(suppressions),
        artifacts,
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

interface Located {
  readonly pair: StackPair;
  readonly regions: RegionIndex;
  readonly addresses?: Addresses;
}

function located(pair: StackPair): Located {
  if (pair.current === undefined) return { pair, regions: new Map() };
  return { pair, regions: indexResourceRegions(pair.current.text), addresses: addressesOf(pair.current.topology) };
}

function result(change: AccessChange, kind: ChangeKind, at: Located): object {
  const named = at.addresses === undefined ? undefined : withAddresses(change, at.addresses, change.originAddress);
  const addresses = [named?.address, named?.principalAddress, named?.originAddress].filter(
    (address): address is string => address !== undefined,
  );
  const file = at.pair.current?.file ?? at.pair.baseline?.file ?? "";
  const widening = kind === ChangeKind.WIDENING;
  return {
    ruleId: widening ? "ACCESS-WIDENING" : "ACCESS-NARROWING",
    ruleIndex: widening ? 0 : 1,
    level: widening ? "error" : "note",
    message: { text: changeSentence(change, (text) => `'${text}'`) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: file },
          region: named?.address === undefined ? { startLine: 1 } : regionOf(at.regions, named.address),
        },
        ...(addresses.length === 0
          ? {}
          : { logicalLocations: addresses.map((address) => ({ fullyQualifiedName: address, kind: "resource" })) }),
      },
    ],
    partialFingerprints: {
      "accessRow/v1": [change.stack, change.origin, change.principal, change.action, change.resource, change.after].join(":"),
    },
    properties: { stack: change.stack, before: change.before, after: change.after },
  };
}
