/**
 * Properties of the evaluator that hold for any policies
 * (Policy evaluation logic — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html;
 * IAM JSON policy elements: Condition — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html;
 * IAM JSON policy elements: Action — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
 */
import fc from "fast-check";
import { evaluate, type EvaluationInput, type EvaluationResult, type PolicyDocument, type PolicyStatement } from "../../../analysis/policy";
import { inputArb, statementArb, statements } from "./arbitraries";

const RUNS = { seed: 42, numRuns: 200 };

type Kind = "identity" | "resource" | "endpoint";

/** Applies `change` to every policy document of the input. */
function mapDocuments(input: EvaluationInput, change: (doc: PolicyDocument) => PolicyDocument): EvaluationInput {
  return {
    ...input,
    identityPolicies: input.identityPolicies.map(change),
    resourcePolicy: input.resourcePolicy === null ? null : change(input.resourcePolicy),
    endpointPolicy: input.endpointPolicy === null ? null : change(input.endpointPolicy),
  };
}

function decisiveSids(result: EvaluationResult): string[] {
  return result.decisive.map((statement) => `${statement.policy}:${statement.policyIndex ?? ""}:${statement.sid ?? ""}`).sort();
}

/** Adds a statement to the policy of the given kind (creating it if absent). */
function addStatement(input: EvaluationInput, kind: Kind, statement: PolicyStatement): EvaluationInput {
  const add = (doc: PolicyDocument | null): PolicyDocument => ({
    Version: "2012-10-17",
    Statement: [...(doc === null ? [] : statements(doc)), statement],
  });
  if (kind === "identity") {
    const [first = null, ...rest] = input.identityPolicies;
    return { ...input, identityPolicies: [add(first), ...rest] };
  }
  if (kind === "resource") return { ...input, resourcePolicy: add(input.resourcePolicy) };
  // A Deny added to an absent endpoint policy would also change whether the request went through an endpoint.
  return input.endpointPolicy === null ? input : { ...input, endpointPolicy: add(input.endpointPolicy) };
}

const denyArb = fc
  .constantFrom<Kind>("identity", "resource", "endpoint")
  .chain((kind) => statementArb(kind, "Deny").map((statement) => ({ kind, statement: { ...statement, Sid: "AddedDeny" } })));

function shuffledDocument(doc: PolicyDocument): fc.Arbitrary<PolicyDocument> {
  const list = statements(doc);
  return fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }).map((shuffled) => ({ ...doc, Statement: shuffled }));
}

function shuffleArb(input: EvaluationInput): fc.Arbitrary<EvaluationInput> {
  const optional = (doc: PolicyDocument | null) => (doc === null ? fc.constant(null) : shuffledDocument(doc));
  return fc
    .record({
      identityPolicies: fc.tuple(...input.identityPolicies.map(shuffledDocument)),
      resourcePolicy: optional(input.resourcePolicy),
      endpointPolicy: optional(input.endpointPolicy),
    })
    .map((shuffled) => ({ ...input, ...shuffled }));
}

const flipCase = (text: string, upper: boolean[]): string =>
  Array.from(text, (ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch.toLowerCase())).join("");

describe("evaluator properties (fast-check, seed 42)", () => {
  it("adding a Deny never turns a non-Allow into Allow, and the Deny never grants", () => {
    fc.assert(
      fc.property(inputArb, denyArb, (input, { kind, statement }) => {
        const before = evaluate(input);
        const after = evaluate(addStatement(input, kind, statement));
        if (after.decision === "Allow") expect(before.decision).toBe("Allow");
        if (before.decision === "ExplicitDeny") expect(after.decision).toBe("ExplicitDeny");
        if (after.decision === "Allow") expect(after.decisive.map((s) => s.sid)).not.toContain("AddedDeny");
      }),
      RUNS,
    );
  });

  it("shuffling statement order never changes the decision or the decisive statements", () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => shuffleArb(input).map((shuffled) => [input, shuffled] as const)),
        ([input, shuffled]) => {
          const before = evaluate(input);
          const after = evaluate(shuffled);
          expect(after.decision).toBe(before.decision);
          expect(decisiveSids(after)).toEqual(decisiveSids(before));
        },
      ),
      RUNS,
    );
  });

  it("changing the case of condition key names never changes the decision", () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), (input, upper) => {
        const recase = (doc: PolicyDocument): PolicyDocument => ({
          ...doc,
          Statement: statements(doc).map((s) => recaseConditionKeys(s, upper)),
        });
        const context = Object.fromEntries(
          Object.entries(input.request.context).map(([key, value]) => [flipCase(key, upper.slice().reverse()), value]),
        );
        const changed = { ...mapDocuments(input, recase), request: { ...input.request, context } };
        expect(evaluate(changed)).toEqual(evaluate(input));
      }),
      RUNS,
    );
  });

  it("the case of action names never matters, in policies or in the request", () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), (input, upper) => {
        const recase = (doc: PolicyDocument): PolicyDocument => ({
          ...doc,
          Statement: statements(doc).map((s) => recaseActions(s, upper)),
        });
        const changed = { ...mapDocuments(input, recase), request: { ...input.request, action: flipCase(input.request.action, upper) } };
        expect(evaluate(changed)).toEqual(evaluate(input));
      }),
      RUNS,
    );
  });

  it("an endpoint policy only restricts: whatever it allows is allowed without it", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        if (evaluate(input).decision === "Allow") expect(evaluate({ ...input, endpointPolicy: null }).decision).toBe("Allow");
      }),
      RUNS,
    );
  });
});

function recaseConditionKeys(statement: PolicyStatement, upper: boolean[]): PolicyStatement {
  if (statement.Condition === undefined) return statement;
  const condition = Object.fromEntries(
    Object.entries(statement.Condition).map(([operator, tests]) => [
      operator,
      Object.fromEntries(Object.entries(tests).map(([key, value]) => [flipCase(key, upper), value])),
    ]),
  );
  return { ...statement, Condition: condition };
}

function recaseActions(statement: PolicyStatement, upper: boolean[]): PolicyStatement {
  const action = statement.Action;
  if (action === undefined) return statement;
  return { ...statement, Action: (Array.isArray(action) ? action : [action]).map((a) => flipCase(a, upper)) };
}
