/**
 * The objects a request is about: an instance's own scripts (the objects its role policy names,
 * or every uploaded object when it names none), and a bucket's representative object.
 */
import { matchesWildcard } from "../policy";
import type { PolicyStatement } from "../policy/types";
import { statementsOf } from "./policies";
import type { BucketModel, RoleModel } from "../topology/model";
import type { AccessScope } from "./scope";

/** One object in one bucket. */
export interface ScriptObject {
  readonly bucket: BucketModel;
  readonly key: string;
  /** `<bucket ARN ref>/<key>`. */
  readonly arn: string;
}

/** The script objects of an instance whose role is given (or of any instance: every uploaded object). */
export function scriptObjects(scope: AccessScope, role: RoleModel | undefined): ScriptObject[] {
  const named = role === undefined ? [] : scope.buckets.flatMap((bucket) => namedKeys(bucket, role).map((key) => objectOf(bucket, key)));
  if (named.length > 0) return named;
  return scope.buckets.flatMap((bucket) => bucket.objectKeys.map((key) => objectOf(bucket, key)));
}

/** The representative object of a bucket: its first uploaded object, else an example key. */
export function representativeObject(bucket: BucketModel): ScriptObject {
  return objectOf(bucket, bucket.objectKeys[0] ?? "example-object");
}

function objectOf(bucket: BucketModel, key: string): ScriptObject {
  return { bucket, key, arn: `${bucket.arnRef}/${key}` };
}

/** Keys of the bucket that the role's Allow statements for s3:GetObject name (wildcards matched against uploaded keys). */
function namedKeys(bucket: BucketModel, role: RoleModel): string[] {
  const prefix = `${bucket.arnRef}/`;
  const keys = new Set<string>();
  for (const statement of role.policies.flatMap((policy) => statementsOf(policy))) {
    if (statement.Effect !== "Allow" || !allowsGetObject(statement)) continue;
    for (const resource of listOf(statement.Resource)) {
      if (!resource.startsWith(prefix)) continue;
      const pattern = resource.slice(prefix.length);
      if (!/[*?]/.test(pattern)) keys.add(pattern);
      else for (const key of bucket.objectKeys) if (matchesWildcard(pattern, key)) keys.add(key);
    }
  }
  return [...keys];
}

function allowsGetObject(statement: PolicyStatement): boolean {
  return listOf(statement.Action).some((action) => matchesWildcard(action, "s3:GetObject", { ignoreCase: true }));
}

function listOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}
