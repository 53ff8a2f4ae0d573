/**
 * The pure access diff (issue #13): typed access reports and findings in, typed changes out. Rows
 * are matched by origin, principal, action and resource; a decision change, an appearing and a
 * disappearing row are changes; a change of reason alone is not.
 */
import type { AccessRow, Hop, InstanceBootCheck, Reason } from "../../../analysis/access/types";
import { changeKind, diffStack, isEmptyDiff, joinDiffs, type StackFacts } from "../../../analysis/diff/access-diff";
import type { Finding } from "../../../analysis/rules/types";

const ARN = "arn:aws:s3:::scripts";

function row(
  principal: AccessRow["principal"],
  action: string,
  decision: AccessRow["decision"],
  because = `${decision} because`,
): AccessRow {
  return {
    origin: "endpoint:readers",
    originAddress: "aws_vpc_endpoint.readers",
    principal,
    action,
    resource: `${ARN}/boot/*`,
    decision,
    reason: reasonOf(because),
    because,
  };
}

/** A typed reason that stands for the sentence. */
function reasonOf(because: string): Reason {
  return { kind: "unknown", value: because };
}

const SUBNET_A: Hop = { kind: "subnet", address: "aws_subnet.a", label: "a" };
const endpoint = (name: string): Hop => ({ kind: "endpoint", address: `aws_vpc_endpoint.${name}`, label: name });

function facts(access: AccessRow[], instances: InstanceBootCheck[] = [], findings: Finding[] = []): StackFacts {
  return { stack: "s", report: { stack: "s", access, instances }, findings };
}

const boot = (name: string, canFetchScripts: boolean, path: Hop[]): InstanceBootCheck => ({ name, canFetchScripts, path, scripts: [] });
const finding = (id: string, address: string): Finding => ({
  id,
  severity: "high",
  address,
  message: `${id} on ${address}`,
  fix: "fix it",
});

describe("diffStack", () => {
  test("reports a decision change with both reasons, and counts the rows that kept theirs", () => {
    // GIVEN PutObject denied before and allowed after, GetObject allowed on both sides with another reason
    const before = facts([
      row("admin", "s3:GetObject", "Allow", "old reason"),
      row("admin", "s3:PutObject", "ExplicitDeny", "denied by DenyWrites"),
    ]);
    const after = facts([
      row("admin", "s3:GetObject", "Allow", "new reason"),
      row("admin", "s3:PutObject", "Allow", "allowed by AllowWrites"),
    ]);
    // WHEN diffed
    const diff = diffStack("s", before, after);
    // THEN only PutObject changed, a widening, with the reason of each side
    expect(diff.changes).toEqual([
      {
        stack: "s",
        origin: "endpoint:readers",
        originAddress: "aws_vpc_endpoint.readers",
        principal: "admin",
        action: "s3:PutObject",
        resource: `${ARN}/boot/*`,
        before: "ExplicitDeny",
        after: "Allow",
        because: { before: "denied by DenyWrites", after: "allowed by AllowWrites" },
        reasons: { before: reasonOf("denied by DenyWrites"), after: reasonOf("allowed by AllowWrites") },
      },
    ]);
    expect(changeKind(diff.changes[0]!)).toBe("widening");
    expect(diff.unchanged).toBe(1);
  });

  test("an appearing row comes from absent, a disappearing one goes to absent, after the rows of the new side", () => {
    const diff = diffStack("s", facts([row("anonymous", "s3:GetObject", "ImplicitDeny")]), facts([row("admin", "s3:GetObject", "Allow")]));
    expect(
      diff.changes.map((c) => `${c.principal} ${c.before} → ${c.after} ${String(c.because.before)}|${String(c.because.after)}`),
    ).toEqual(["admin absent → Allow null|Allow because", "anonymous ImplicitDeny → absent ImplicitDeny because|null"]);
    expect(diff.changes.map(changeKind)).toEqual(["widening", "other"]);
  });

  test(
    "Allow to Unknown is a narrowing, Unknown to Allow a widening, a deny to Unknown uncertain, and a deny to " +
      "another deny none of them",
    () => {
      expect(changeKind({ before: "Allow", after: "Unknown" })).toBe("narrowing");
      expect(changeKind({ before: "Unknown", after: "Allow" })).toBe("widening");
      expect(changeKind({ before: "ImplicitDeny", after: "ExplicitDeny" })).toBe("other");
      expect(changeKind({ before: "Allow", after: "absent" })).toBe("narrowing");
      // A deny (or no row) turning Unknown may now be allowed; an Unknown settling on a deny is not a widening.
      expect(changeKind({ before: "ExplicitDeny", after: "Unknown" })).toBe("uncertain");
      expect(changeKind({ before: "absent", after: "Unknown" })).toBe("uncertain");
      expect(changeKind({ before: "Unknown", after: "ExplicitDeny" })).toBe("other");
    },
  );

  test("rows with the same key on one side are paired in order, none lost", () => {
    const twice = [row("admin", "s3:GetObject", "Allow"), row("admin", "s3:GetObject", "ImplicitDeny")];
    const diff = diffStack("s", facts(twice), facts([row("admin", "s3:GetObject", "Allow")]));
    expect(diff.unchanged).toBe(1);
    expect(diff.changes.map((c) => `${c.before} → ${c.after}`)).toEqual(["ImplicitDeny → absent"]);
  });

  test("a boot check changes when the instance can no longer fetch, or fetches by another path", () => {
    const before = facts([], [boot("web", true, [SUBNET_A, endpoint("readers")]), boot("old", true, [])]);
    const after = facts([], [boot("web", true, [SUBNET_A, endpoint("publishers")]), boot("new", false, [])]);
    expect(diffStack("s", before, after).boot).toEqual([
      {
        stack: "s",
        instance: "web",
        before: { canFetchScripts: true, path: [SUBNET_A, endpoint("readers")] },
        after: { canFetchScripts: true, path: [SUBNET_A, endpoint("publishers")] },
      },
      { stack: "s", instance: "new", before: "absent", after: { canFetchScripts: false, path: [] } },
      { stack: "s", instance: "old", before: { canFetchScripts: true, path: [] }, after: "absent" },
    ]);
  });

  test("findings are added and removed by rule id and address", () => {
    const diff = diffStack(
      "s",
      facts([], [], [finding("S3-005", "aws_s3_bucket_policy.p"), finding("S3-010", "aws_s3_bucket.b")]),
      facts([], [], [finding("S3-010", "aws_s3_bucket.b"), finding("S3-010", "aws_s3_bucket.c")]),
    );
    expect(diff.findings.added.map((f) => `${f.id} ${f.address}`)).toEqual(["S3-010 aws_s3_bucket.c"]);
    expect(diff.findings.removed.map((f) => `${f.id} ${f.address}`)).toEqual(["S3-005 aws_s3_bucket_policy.p"]);
  });

  test("a stack only one side has: every row appears; identical sides: an empty diff", () => {
    const only = facts([row("admin", "s3:GetObject", "Allow")]);
    expect(diffStack("s", undefined, only).changes.map((c) => c.before)).toEqual(["absent"]);
    const same = diffStack("s", only, only);
    expect(isEmptyDiff(same)).toBe(true);
    expect(joinDiffs([same, same]).unchanged).toBe(2);
  });

  // Its speed is measured by `npm run bench` (the diff of two 100-group configs), never by a test.
  test(
    "GIVEN two reports of 100 000 rows differing in one WHEN diffed THEN exactly that row changes and the rest " + "count as unchanged",
    () => {
      const rows = Array.from({ length: 100_000 }, (_, i) => ({ ...row("admin", `s3:Action${i}`, "Allow") }));
      const diff = diffStack("s", facts(rows), facts(rows.map((r, i) => (i === 5 ? { ...r, decision: "ExplicitDeny" as const } : r))));
      expect(diff.changes.map((change) => [change.action, change.before, change.after])).toEqual([["s3:Action5", "Allow", "ExplicitDeny"]]);
      expect(diff.unchanged).toBe(99_999);
    },
  );
});
