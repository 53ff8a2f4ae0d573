/**
 * `review --format text`: the access matrix (principal × origin by action, ✓ / ✗ / ? cells with
 * numbered reasons), fitted to a width, and every row under `--verbose`. The renderer is pure, so
 * the width is a parameter: these tests pin 100 (a pipe) and 60 columns.
 */
import { join } from "node:path";
import type { AccessReport, AccessRow } from "../../analysis/access/types";
import { reviewStack } from "../../cli/review/analyze";
import { resolveInput } from "../../cli/review/input";
import type { StackReview } from "../../cli/review/model";
import { review } from "../../cli/review/run";
import { renderText } from "../../cli/review/text";
import { synthScenario, scenarioOf } from "../support/scenario";

const ESCAPES = /\u001b\[[0-9;]*m/g;

/** Printed width of each line: code points, color codes left out. */
function widths(text: string): number[] {
  return text.split("\n").map((line) => [...line.replace(ESCAPES, "")].length);
}

const FIXTURE = join(__dirname, "fixtures", "article-bare-policies.tf.json");

/** A review of the article fixture whose access report is replaced by `access`. */
function reviewWith(access: readonly AccessRow[]): StackReview {
  const [input] = resolveInput(FIXTURE, join(__dirname, "..", ".."));
  const reviewed = reviewStack(input!, { s3GbMonth: 100 });
  const report: AccessReport = { stack: reviewed.stack, access, instances: reviewed.report.instances };
  return { ...reviewed, report };
}

/** The default scenario's real review, synthesized in-process. */
function defaultReview(): StackReview {
  const { json } = synthScenario(scenarioOf({ project: "vpce-demo" }));
  const doc = JSON.parse(json) as unknown;
  return reviewStack({ name: "vpce-demo", file: "cdk.tf.json", text: json, doc }, { s3GbMonth: 100 });
}

const BUCKET = "${aws_s3_bucket.scripts.arn}";
const ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:ListBucket",
  "s3:GetBucketPolicy",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
];

/** A 100-endpoint report: four principals, 102 origins, seven actions, a reason per endpoint and action. */
function hundredGroups(): AccessRow[] {
  const origins: AccessRow["origin"][] = [
    ...Array.from({ length: 100 }, (_, i) => `endpoint:group-${String(i).padStart(3, "0")}` as const),
    "nat",
    "internet",
  ];
  const principals: AccessRow["principal"][] = ["instance:worker", "admin", "account-principal", "anonymous"];
  return principals.flatMap((principal) =>
    origins.flatMap((origin) =>
      ACTIONS.map((action, a) => ({
        origin,
        principal,
        action,
        resource: `${BUCKET}/bootstrap/00-prepare.sh`,
        decision: a % 3 === 0 ? "Allow" : "ExplicitDeny",
        reason: { kind: "statements", statements: [] },
        because:
          a % 3 === 0
            ? `allowed by endpoint policy of ${origin} statement "S${a}" (Allow)`
            : `denied by bucket policy statement "Deny${a}" (Deny)`,
      })),
    ),
  );
}

describe("the default text output is a principal × origin matrix", () => {
  let real: StackReview;
  beforeAll(() => {
    real = defaultReview();
  }, 30_000);

  test("has one line per principal and origin, not one per row group", () => {
    // GIVEN the default scenario (4 principals; 2 endpoints, nat and internet) WHEN rendered at 100 columns
    const text = renderText([real], { color: false, width: 100 });
    // THEN the matrix has 15 data lines (web is evaluated through its own endpoint only), and no line per row group
    const matrix = text
      .split("\n")
      .filter((line) => /^ {2}(instance:web|admin|account-principal|anonymous) +(endpoint:\w+|nat|internet) /.test(line));
    expect(matrix).toHaveLength(15);
    expect(text).not.toContain("ScriptBucket/bootstrap/00-prepare.sh (+2 more)");
  });

  test.each([100, 60])("fits every line into %i columns", (width) => {
    const text = renderText([real], { color: false, width });
    expect(Math.max(...widths(text))).toBeLessThanOrEqual(width);
    // Colors add escape codes, not width.
    expect(Math.max(...widths(renderText([real], { color: true, width })))).toBeLessThanOrEqual(width);
  });

  test("numbers each cell with the reason that decided it, listed below the table", () => {
    const text = renderText([real], { color: false, width: 100 });
    const line = text.split("\n").find((l) => /^ {2}instance:web +nat /.test(l)) ?? "";
    const number = /✗(\d+)/.exec(line)?.[1];
    expect(number).toBeDefined();
    const reasons = text.slice(text.indexOf("Reasons ("));
    expect(reasons).toMatch(new RegExp(`\\n +${number} {2}denied by bucket policy statement "DenyOutsideScenarioEndpoints" \\(Deny\\)`));
  });

  test("marks web's GetObject through its endpoint allowed and through the NAT denied", () => {
    const lines = renderText([real], { color: false, width: 100 }).split("\n");
    const header = lines.find((l) => l.startsWith("  PRINCIPAL")) ?? "";
    const column = header.indexOf(header.includes("GetObject") ? "GetObject" : "GO");
    expect((lines.find((l) => /^ {2}instance:web +endpoint:readers /.test(l)) ?? "")[column]).toBe("✓");
    expect((lines.find((l) => /^ {2}instance:web +nat /.test(l)) ?? "")[column]).toBe("✗");
  });
});

describe("a wide matrix", () => {
  test.each([100, 60])("100 endpoint groups fit into %i columns, in one matrix row per principal and origin", (width) => {
    // GIVEN 4 principals × 102 origins × 7 actions (2,856 rows)
    const text = renderText([reviewWith(hundredGroups())], { color: false, width });
    // THEN no line is wider than the terminal, and there are 408 matrix lines per column block
    expect(Math.max(...widths(text))).toBeLessThanOrEqual(width);
    const matrixLines = text.split("\n").filter((line) => /^ {2}(instance:worker|admin|account-principal|anonymous) /.test(line));
    expect(matrixLines.length % 408).toBe(0);
    expect(matrixLines.length).toBeGreaterThan(0);
  });

  test("abbreviates the action names, with a legend, when the full names do not fit", () => {
    const text = renderText([reviewWith(hundredGroups())], { color: false, width: 60 });
    expect(text).toMatch(/^ {2}PRINCIPAL +ORIGIN +GO +PO /m);
    expect(text).toContain("GO GetObject");
    expect(text).toContain("DBP DeleteBucketPolicy");
  });

  test("keeps the full action names when they fit", () => {
    const rows = hundredGroups().filter((row) => row.action === "s3:GetObject" && row.origin === "nat");
    const text = renderText([reviewWith(rows)], { color: false, width: 100 });
    expect(text).toMatch(/^ {2}PRINCIPAL +ORIGIN +GetObject$/m);
    expect(text).not.toContain("GO GetObject");
  });

  test("wraps the action columns into blocks when even the abbreviations do not fit", () => {
    const text = renderText([reviewWith(hundredGroups())], { color: false, width: 50 });
    expect(Math.max(...widths(text))).toBeLessThanOrEqual(50);
    expect(text.split("\n").filter((line) => line.startsWith("  PRINCIPAL")).length).toBeGreaterThan(1);
  });
});

describe("decisions in the matrix", () => {
  test("shows a decision that rests on an unknown value as ?, with its reason", () => {
    // GIVEN a row whose decision is neither Allow nor a deny (the evaluator could not decide)
    const unknown = {
      origin: "nat",
      principal: "admin",
      action: "s3:GetObject",
      resource: `${BUCKET}/k`,
      decision: "Unknown",
      because: "aws:SourceVpce is not known until apply",
    } as unknown as AccessRow;
    // WHEN rendered
    const text = renderText([reviewWith([unknown])], { color: false, width: 100 });
    // THEN the cell is ?, never ✓ or ✗, and the reason is listed
    expect(text).toMatch(/^ {2}admin +nat +\?1$/m);
    expect(text).toMatch(/^ +1 {2}aws:SourceVpce is not known until apply$/m);
  });

  test("shows both decisions where the resources of one action differ", () => {
    const rows: AccessRow[] = [
      {
        origin: "nat",
        principal: "admin",
        action: "s3:GetObject",
        resource: `${BUCKET}/a`,
        decision: "Allow",
        reason: { kind: "statements", statements: [] },
        because: "allowed by A",
      },
      {
        origin: "nat",
        principal: "admin",
        action: "s3:GetObject",
        resource: `${BUCKET}/b`,
        decision: "ExplicitDeny",
        reason: { kind: "statements", statements: [] },
        because: "denied by B",
      },
    ];
    expect(renderText([reviewWith(rows)], { color: false, width: 100 })).toMatch(/^ {2}admin +nat +✓1 ✗2$/m);
  });
});

describe("--verbose", () => {
  test("lists every access row on its own line, with its resource", () => {
    // GIVEN 30 rows that share one reason (the matrix would merge them)
    const rows = hundredGroups()
      .slice(0, 30)
      .map((row) => ({ ...row, because: 'denied by bucket policy statement "DenyAll" (Deny)' }));
    const text = renderText([reviewWith(rows)], { color: false, width: 100, verbose: true });
    const listed = text.split("\n").filter((line) => /^ {2}(endpoint:|nat|internet)/.test(line));
    expect(listed).toHaveLength(30);
    expect(listed[0]).toContain("scripts/bootstrap/00-prepare.sh");
    expect(text).not.toContain("Reasons (");
  });

  test("is a flag of the command", () => {
    const cwd = join(__dirname, "..", "..");
    const plain = review([FIXTURE], { cwd, env: {} });
    const verbose = review([FIXTURE, "--verbose"], { cwd, env: {} });
    expect(verbose.exitCode).toBe(0);
    expect(verbose.stdout).toMatch(/^ {2}ORIGIN +PRINCIPAL +ACTION +RESOURCE +DECISION +BECAUSE$/m);
    expect(plain.stdout).toMatch(/^ {2}PRINCIPAL +ORIGIN /m);
  });
});

describe("the command's text width", () => {
  const cwd = join(__dirname, "..", "..");

  test("is the terminal's width on a terminal", () => {
    const result = review([FIXTURE], { cwd, env: { NO_COLOR: "1" }, stdoutIsTTY: true, stdoutColumns: 60 });
    expect(Math.max(...widths(result.stdout))).toBeLessThanOrEqual(60);
    expect(Math.max(...widths(result.stdout))).toBeGreaterThan(50);
  });

  test("is 100 columns in a pipe, whatever the columns say", () => {
    const result = review([FIXTURE], { cwd, env: {}, stdoutIsTTY: false, stdoutColumns: 60 });
    expect(Math.max(...widths(result.stdout))).toBeLessThanOrEqual(100);
    expect(Math.max(...widths(result.stdout))).toBeGreaterThan(60);
  });
});
