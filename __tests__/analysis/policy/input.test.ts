/**
 * The evaluator's input envelope: the fast check for plainly well-formed envelopes never accepts
 * what the zod schema refuses, and gives the same envelope, defaults included. Both are read through
 * validateEvaluationInput: the fast check takes only objects whose prototype is Object's, so the
 * same envelope without a prototype is read by the schema alone.
 */
import fc from "fast-check";
import { PolicyError, validateEvaluationInput } from "../../../analysis/policy";

/** Values near the schema's edges: right and wrong types, empty strings, extra keys. */
const scalar = fc.oneof(
  fc.constant(""),
  fc.constant("s3:GetObject"),
  fc.constant("s3 :x"),
  fc.constant("arn:aws:s3:::b/k"),
  fc.integer(),
  fc.constant(null),
  fc.constant(undefined),
);
const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("anonymous", "arn:aws:s3:::b/k", "s3:GetObject") },
  { weight: 1, arbitrary: scalar },
);
const actionText = fc.oneof(fc.constantFrom("s3:GetObject", "s3 :x", ":x", "s3:", "kms:Decrypt"), scalar);
/** The record, with an unknown key added one time in eight. */
function sometimesExtra<T extends object>(record: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(record, fc.integer({ min: 0, max: 7 })).map(([value, roll]) => (roll === 0 ? { ...value, extra: "x" } : value));
}
const contextValue = fc.oneof(
  fc.string(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.integer(),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 2 }),
);
const request = sometimesExtra(
  fc.record(
    {
      principal: text,
      action: actionText,
      resource: text,
      resourceAccount: scalar,
      context: fc.oneof(
        fc.constant(undefined),
        fc.constant(null),
        fc.dictionary(fc.constantFrom("aws:SourceVpce", "aws:PrincipalArn"), contextValue, { maxKeys: 2, noNullPrototype: true }),
      ),
    },
    { requiredKeys: ["principal", "action", "resource"] },
  ),
);
const envelope = sometimesExtra(
  fc.record(
    {
      request: fc.oneof(request, scalar),
      identityPolicies: fc.oneof(fc.constant(undefined), fc.constant([]), fc.constant([{ Statement: [] }]), fc.constant({})),
      resourcePolicy: fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant({ Statement: [] })),
      endpointPolicy: fc.oneof(fc.constant(undefined), fc.constant(null)),
    },
    { requiredKeys: ["request"] },
  ),
);

/** The validated input, or "refused". */
function validated(raw: unknown): unknown {
  try {
    return validateEvaluationInput(raw);
  } catch (error) {
    if (error instanceof PolicyError) return "refused";
    throw error;
  }
}

/** The schema's reading, or "refused": the envelope without a prototype, which the fast check leaves to the schema. */
function bySchema(raw: unknown): unknown {
  return validated(typeof raw === "object" && raw !== null && !Array.isArray(raw) ? Object.assign(Object.create(null), raw) : raw);
}

describe("the input envelope's fast check", () => {
  test("GIVEN any envelope WHEN the fast check accepts it THEN the schema accepts it too, with the same defaults", () => {
    fc.assert(
      fc.property(envelope, (raw) => {
        expect(validated(raw)).toEqual(bySchema(raw));
      }),
      { numRuns: 2000 },
    );
  });

  test("GIVEN the analyzer's kind of request WHEN checked THEN the fast check accepts it, filling the defaults", () => {
    const raw = { request: { principal: "anonymous", action: "s3:GetObject", resource: "arn:aws:s3:::b/k" }, identityPolicies: [] };
    expect(validateEvaluationInput(raw)).toEqual({
      request: { ...raw.request, context: {} },
      identityPolicies: [],
      resourcePolicy: null,
      endpointPolicy: null,
    });
    expect(validateEvaluationInput(raw)).toEqual(bySchema(raw));
  });

  test("GIVEN an unknown field WHEN checked THEN the fast check leaves it to the schema, which names it", () => {
    const raw = { request: { principal: "anonymous", action: "s3:GetObject", resource: "arn:aws:s3:::b/k", actor: "x" } };
    expect(() => validateEvaluationInput(raw)).toThrow(/request\.actor: unknown field/);
  });
});
