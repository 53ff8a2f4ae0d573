import fc from "fast-check";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { evaluate, PolicyError, type EvaluationInput } from "../../analysis/policy";
import { parseScenario } from "../../config/load";
import { type Problem, ProblemsError, formatProblem } from "../../config/problems";
import { hasStackTrace, printedErrorLines, runDist } from "../support/cli";
import { ROOT, synthScenario, type TerraformJson } from "../support/scenario";
import { JSON_TYPES, evaluationInput, jsonTypeOf, unknownFieldName, validConfig, validShapedConfig, valuesByType } from "./arbitraries";
import { PROBLEM_LINE, describeOutcome, parseOutcome, pathExistsOrParent, pathSegments, valueAt } from "./problem-lines";

/**
 * Config fuzzing (DESIGN §6): a config is either a clean synth whose guards' promises hold, or a
 * clean error naming JSON paths — never any other exception. Fixed seed, bounded runs.
 */
const SEED = 20261128;

/** One instance's boot check, as `analyzeAccess` reports it (analysis/access/types.ts). */
interface BootReport {
  readonly instances: readonly { readonly name: string; readonly canFetchScripts: boolean }[];
}
type Analyze = (doc: unknown, stack: string) => BootReport;

/**
 * The access analyzer, once `analysis/access/index.ts` exists: `analyzeAccess(readTerraformJson(doc, stack))`.
 * Loaded by path so that this file compiles before the analyzer lands; once the file is there, a
 * missing export is an error, not a skip.
 */
function loadAnalyzer(): Analyze | undefined {
  if (!existsSync(join(ROOT, "analysis", "access", "index.ts"))) return undefined;
  const access = require(join(ROOT, "analysis", "access")) as { analyzeAccess?: (topology: unknown) => BootReport };
  const topologyDir = join(ROOT, "analysis", "topology");
  const readers = [
    "index.ts",
    ...readdirSync(topologyDir)
      .filter((f) => f.endsWith(".ts"))
      .sort(),
  ]
    .filter((file) => existsSync(join(topologyDir, file)))
    .map((file) => (require(join(topologyDir, file)) as { readTerraformJson?: (doc: unknown, name: string) => unknown }).readTerraformJson)
    .filter((fn): fn is (doc: unknown, name: string) => unknown => typeof fn === "function");
  const analyzeAccess = access.analyzeAccess;
  if (typeof analyzeAccess !== "function" || readers.length === 0) {
    throw new Error(
      "analysis/access/index.ts exists but analyzeAccess (analysis/access) or readTerraformJson (analysis/topology) is not exported",
    );
  }
  return (doc, stack) => analyzeAccess(readers[0](doc, stack));
}

/** The lines of a cdktf validation (guard) error, or undefined when the error is not one. */
function validationLines(error: unknown): string[] | undefined {
  if (!(error instanceof Error)) return undefined;
  const match = /^(?:App-level )?[Vv]alidation failed with the following errors:\n([\s\S]*?)\n\s*\n/.exec(error.message);
  return match
    ? match[1]
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
    : undefined;
}

/** A guard refusal: each line is `[construct path] json.path: problem — fix`, as the CLI would print it. */
const GUARD_LINE = /^\[[^\]]+\] \S+: .+ — .+$/;

function expectCleanProblems(error: unknown): readonly Problem[] {
  if (!(error instanceof ProblemsError))
    throw new Error(`expected a ProblemsError, got: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  expect(error.problems.length).toBeGreaterThan(0);
  for (const problem of error.problems) expect(formatProblem(problem)).toMatch(PROBLEM_LINE);
  return error.problems;
}

function expectGuardRefusal(error: unknown): void {
  const lines = validationLines(error);
  if (!lines)
    throw new Error(
      `synth threw something other than a guard refusal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toMatch(GUARD_LINE);
  expect(printedErrorLines(error)).toEqual(lines);
}

/** Route table reference → the endpoints it is associated with, from route_table_ids and association resources. */
function endpointsByRouteTable(tf: TerraformJson): Map<string, Set<string>> {
  const byTable = new Map<string, Set<string>>();
  const add = (table: string, endpoint: string) => byTable.set(table, (byTable.get(table) ?? new Set()).add(endpoint));
  for (const [name, endpoint] of Object.entries(tf.resource.aws_vpc_endpoint ?? {})) {
    for (const table of (endpoint.route_table_ids as string[] | undefined) ?? []) add(table, `\${aws_vpc_endpoint.${name}.id}`);
  }
  for (const association of Object.values(tf.resource.aws_vpc_endpoint_route_table_association ?? {})) {
    add(String(association.route_table_id), String(association.vpc_endpoint_id));
  }
  return byTable;
}

const analyzer = loadAnalyzer();

describe("fuzzing valid-shaped configs: a clean synth whose guards hold, or a clean refusal", () => {
  const promise = analyzer
    ? "no route table on two endpoints, and every instance can fetch its scripts (access analyzer)"
    : "no route table on two endpoints (analysis/access/index.ts not present yet: the boot check runs once it is)";
  test(`random tiers, groups, modes, instances and backends → ${promise}`, () => {
    const outcomes = { synthesized: 0, problems: 0, refused: 0 };
    fc.assert(
      fc.property(validShapedConfig, (raw) => {
        let scenario;
        try {
          scenario = parseScenario(raw, ROOT, "fuzz");
        } catch (error) {
          expectCleanProblems(error);
          outcomes.problems += 1;
          return;
        }
        let synth;
        try {
          synth = synthScenario(scenario);
        } catch (error) {
          expectGuardRefusal(error);
          outcomes.refused += 1;
          return;
        }
        outcomes.synthesized += 1;
        // THEN one endpoint per group, and no route table carries two S3 endpoint routes
        expect(Object.keys(synth.tf.resource.aws_vpc_endpoint ?? {})).toHaveLength(scenario.config.endpointGroups.length);
        for (const endpoints of endpointsByRouteTable(synth.tf).values()) expect(endpoints.size).toBe(1);
        if (analyzer) {
          const report = analyzer(JSON.parse(synth.json), scenario.config.project);
          expect(report.instances.map((i) => i.name).sort()).toEqual(scenario.config.instances.map((i) => i.name).sort());
          expect(report.instances.filter((i) => !i.canFetchScripts)).toEqual([]);
        }
      }),
      // A fixed count, never a time budget: the outcome must not depend on the machine's speed.
      // Shrinking a failure would synthesize again and again, so report the first failure as found.
      { seed: SEED, numRuns: 10, endOnFailure: true },
    );
    // The generator must reach synthesis, not only the loader.
    expect(outcomes.synthesized).toBeGreaterThanOrEqual(6);
  });
});

// ----- mutations of valid configs -----

type Segments = (string | number)[];
type Mutation =
  | { readonly kind: "drop"; readonly at: Segments }
  | { readonly kind: "wrong-type"; readonly at: Segments; readonly value: unknown }
  | { readonly kind: "unknown-key"; readonly at: Segments; readonly key: string; readonly value: unknown }
  | { readonly kind: "unknown-tier"; readonly at: Segments };

function render(segments: Segments): string {
  return segments.reduce<string>((acc, s) => (typeof s === "number" ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), "");
}

/** Every node below the root, with its path. */
function nodesOf(value: unknown, at: Segments = []): { at: Segments; value: unknown }[] {
  if (value === null || typeof value !== "object") return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => [{ at: [...at, key], value: child }, ...nodesOf(child, [...at, key])]);
}

/** Fields that have no default: dropping one must be reported at its path. */
function requiredPaths(config: Record<string, unknown>): Segments[] {
  const list = (key: string) => ((config[key] as unknown[] | undefined) ?? []) as Record<string, unknown>[];
  const tiers = ((config.network as { tiers?: unknown[] } | undefined)?.tiers ?? []) as unknown[];
  const backend = config.backend as Record<string, unknown> | undefined;
  return [
    ["project"],
    ["region"],
    ...tiers.map((_, i): Segments => ["network", "tiers", i, "name"]),
    ...list("endpointGroups").flatMap((group, g): Segments[] => [
      ["endpointGroups", g, "name"],
      ["endpointGroups", g, "tiers"],
      ...(typeof group.access === "object" ? [["endpointGroups", g, "access", "actions"]] : []),
    ]),
    ...list("instances").flatMap((_, i): Segments[] => [
      ["instances", i, "name"],
      ["instances", i, "tier"],
    ]),
    ...(backend ? [["backend", "type"]] : []),
    ...(backend?.type === "s3"
      ? [
          ["backend", "bucket"],
          ["backend", "key"],
          ["backend", "region"],
        ]
      : []),
  ];
}

/** JSON types a field can never take: a group's `access` is a string or an object, every other field one type. */
function wrongTypesFor(at: Segments, value: unknown): readonly string[] {
  const isGroupAccess = at.length === 3 && at[0] === "endpointGroups" && at[2] === "access";
  const allowed = isGroupAccess ? ["string", "object"] : [jsonTypeOf(value)];
  return JSON_TYPES.filter((type) => !allowed.includes(type));
}

function mutationsOf(config: Record<string, unknown>): fc.Arbitrary<Mutation> {
  const nodes = nodesOf(config);
  const objects = [{ at: [] as Segments, value: config as unknown }, ...nodes].filter(
    (n) => n.value !== null && typeof n.value === "object" && !Array.isArray(n.value) && n.at[0] !== "tags",
  );
  const tierRefs = nodes.filter(
    (n) => (n.at[0] === "endpointGroups" && n.at[2] === "tiers" && n.at.length === 4) || (n.at[0] === "instances" && n.at[2] === "tier"),
  );
  const options: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom(...requiredPaths(config)).map((at): Mutation => ({ kind: "drop", at })),
    fc.tuple(fc.constantFrom(...nodes), valuesByType, fc.nat()).map(([node, values, pick]): Mutation => {
      const types = wrongTypesFor(node.at, node.value);
      return { kind: "wrong-type", at: node.at, value: values[types[pick % types.length] as keyof typeof values] };
    }),
    fc
      .tuple(fc.constantFrom(...objects), unknownFieldName, fc.jsonValue({ maxDepth: 1 }))
      .map(([node, key, value]): Mutation => ({ kind: "unknown-key", at: node.at, key, value })),
  ];
  if (tierRefs.length > 0) options.push(fc.constantFrom(...tierRefs).map((n): Mutation => ({ kind: "unknown-tier", at: n.at })));
  return fc.oneof(...options);
}

function applyMutation(config: Record<string, unknown>, mutation: Mutation): { mutated: unknown; reportedAt: string } {
  const mutated = structuredClone(config);
  const parentPath = mutation.kind === "unknown-key" ? mutation.at : mutation.at.slice(0, -1);
  const parent = valueAt(mutated, parentPath) as Record<string | number, unknown>;
  const last = mutation.at[mutation.at.length - 1];
  switch (mutation.kind) {
    case "drop":
      delete parent[last];
      return { mutated, reportedAt: render(mutation.at) };
    case "wrong-type":
      parent[last] = mutation.value;
      return { mutated, reportedAt: render(mutation.at) };
    case "unknown-key":
      parent[mutation.key] = mutation.value;
      return { mutated, reportedAt: render([...mutation.at, mutation.key]) };
    case "unknown-tier":
      parent[last] = "zz-no-such-tier";
      return { mutated, reportedAt: render(mutation.at) };
  }
}

describe("fuzzing mutations of valid configs: always a clean ProblemsError at the mutated path", () => {
  test("drop a required field, give a field the wrong JSON type, add an unknown field, or name an unknown tier", () => {
    const arbitrary = validConfig.chain((config) =>
      mutationsOf(config as Record<string, unknown>).map((mutation) => ({ config: config as Record<string, unknown>, mutation })),
    );
    const kinds: Record<string, number> = {};
    fc.assert(
      fc.property(arbitrary, ({ config, mutation }) => {
        kinds[mutation.kind] = (kinds[mutation.kind] ?? 0) + 1;
        // GIVEN a config the loader accepts
        const base = parseOutcome(config);
        if (base.kind !== "valid") throw new Error(`generator produced an invalid base config: ${describeOutcome(base)}`);
        // WHEN one mutation is applied
        const { mutated, reportedAt } = applyMutation(config, mutation);
        const outcome = parseOutcome(mutated);
        // THEN a ProblemsError whose every line starts with a path that exists in the input (or names a field of an object that does)
        if (outcome.kind !== "problems") throw new Error(`${mutation.kind} at ${reportedAt}: ${describeOutcome(outcome)}`);
        for (const line of outcome.lines) expect(line).toMatch(PROBLEM_LINE);
        for (const problem of outcome.problems)
          expect([problem.path, pathExistsOrParent(mutated, problem.path)]).toEqual([problem.path, true]);
        // AND one of them names the mutated field itself
        expect(outcome.problems.map((p) => p.path)).toContain(reportedAt);
      }),
      { seed: SEED, numRuns: 250 },
    );
    // Every kind of mutation was tried.
    expect(Object.keys(kinds).sort()).toEqual(["drop", "unknown-key", "unknown-tier", "wrong-type"]);
  });
});

// ----- random JSON documents -----

const TOP_LEVEL = ["project", "region", "network", "bucket", "access", "endpointGroups", "instances", "backend", "tags"];

describe("fuzzing random JSON as the whole config: always a clean ProblemsError", () => {
  const documents = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    // Known sections holding random JSON, so that the errors come from deep inside the schema.
    fc.record(Object.fromEntries(TOP_LEVEL.map((key) => [key, fc.jsonValue({ maxDepth: 3 })])), { requiredKeys: [] }),
  );
  test("any JSON value is refused with problems naming a known section or a key of the document", () => {
    fc.assert(
      fc.property(documents, (doc) => {
        const outcome = parseOutcome(doc);
        if (outcome.kind !== "problems") throw new Error(`${JSON.stringify(doc)}: ${describeOutcome(outcome)}`);
        const keys = doc !== null && typeof doc === "object" && !Array.isArray(doc) ? Object.keys(doc) : [];
        for (const problem of outcome.problems) {
          const head = String(pathSegments(problem.path)[0] ?? "");
          expect([problem.path, problem.path === "" || TOP_LEVEL.includes(head) || keys.includes(head)]).toEqual([problem.path, true]);
          expect(problem.problem.length * problem.fix.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

// ----- the policy evaluator -----

const DECISIONS = ["Allow", "ImplicitDeny", "ExplicitDeny"];
const KINDS = ["identity", "resource", "endpoint"];

describe("fuzzing the policy evaluator: a decision or a PolicyError, never a crash", () => {
  test("in-process: random requests and policies give a well-formed decision or a PolicyError", () => {
    const outcomes = { decided: 0, rejected: 0 };
    fc.assert(
      fc.property(evaluationInput, (raw) => {
        const input = JSON.parse(JSON.stringify(raw)) as EvaluationInput;
        let result;
        try {
          result = evaluate(input);
        } catch (error) {
          if (!(error instanceof PolicyError))
            throw new Error(`not a PolicyError: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          expect(error.message.trim()).not.toBe("");
          outcomes.rejected += 1;
          return;
        }
        outcomes.decided += 1;
        expect(DECISIONS).toContain(result.decision);
        for (const statement of result.decisive) {
          expect(KINDS).toContain(statement.policy);
          expect(Number.isInteger(statement.index) && statement.index >= 0).toBe(true);
        }
        if (result.decision === "ImplicitDeny") expect(result.decisive).toEqual([]);
        else expect(result.decisive.length).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(outcomes.decided).toBeGreaterThanOrEqual(20);
  });

  test("through dist/cli/evaluate.js: exit 0 with {decision, decisive}, or exit 1 with one line and no stack trace", () => {
    for (const raw of fc.sample(evaluationInput, { seed: SEED, numRuns: 3 })) {
      const input = JSON.stringify(raw);
      const run = runDist("cli/evaluate.js", ["-"], { input });
      expect(hasStackTrace(run.stderr + run.stdout)).toBe(false);
      if (run.status === 0) {
        const output = JSON.parse(run.stdout) as { decision: string; decisive: { policy: string; index: number }[] };
        expect(Object.keys(output).sort()).toEqual(["decision", "decisive"]);
        expect(DECISIONS).toContain(output.decision);
        for (const statement of output.decisive) expect(KINDS).toContain(statement.policy);
      } else {
        expect([input, run.status]).toEqual([input, 1]);
        expect(run.stdout).toBe("");
        expect(run.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^evaluate: \S/)]);
      }
    }
  });
});
