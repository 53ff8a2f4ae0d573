/**
 * The evaluator's input envelope: the fast check for plainly well-formed envelopes never accepts
 * what the zod schema refuses, and gives the same envelope, defaults included.
 */
import fc from "fast-check";
import { plainEnvelope, schemaEnvelope } from "../../../analysis/policy/input";
import { PolicyError } from "../../../analysis/policy";

/** Values near the schema's edges: right and wrong types, empty strings, extra keys. */
const scalar = fc.oneof(fc.constant(""), fc.constant("s3:GetObject"), fc.constant("s3 :x"), fc.constant("arn:aws:s3:::b/k"), fc.integer(), fc.constant(null), fc.constant(undefined));
const text = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("anonymous", "arn:aws:s3:::b/k", "s3:GetObject") }, { weight: 1, arbitrary: scalar });
const actionText = fc.oneof(fc.constantFrom("s3:GetObject", "s3 :x", ":x", "s3:", "kms:Decrypt"), scalar);
/** The record, with an unknown key added one time in eight. */
function sometimesExtra<T extends object>(record: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(record, fc.integer({ min: 0, max: 7 })).map(([value, roll]) => (roll === 0 ? { ...value, extra: "x" } : value));
}
const contextValue = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 2 }), fc.integer(), fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 2 }));
const request = sometimesExtra(fc.record(
  {
    principal: text,
    action: actionText,
    resource: text,
    resourceAccount: scalar,
    context: fc.oneof(fc.constant(undefined), fc.constant(null), fc.dictionary(fc.constantFrom("aws:SourceVpce", "aws:PrincipalArn"), contextValue, { maxKeys: 2, noNullPrototype: true })),
  },
  { requiredKeys: ["principal", "action", "resource"] },
));
const envelope = sometimesExtra(fc.record(
  {
    request: fc.oneof(request, scalar),
    identityPolicies: fc.oneof(fc.constant(undefined), fc.constant([]), fc.constant([{ Statement: [] }]), fc.constant({})),
    resourcePolicy: fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant({ Statement: [] })),
    endpointPolicy: fc.oneof(fc.constant(undefined), fc.constant(null)),
  },
  { requiredKeys: ["request"] },
));

/** The schema's reading, or "refused". */
function bySchema(raw: unknown): unknown {
  try {
    return schemaEnvelope(raw);
  } catch (error) {
    if (error instanceof PolicyError) return "refused";
    throw error;
  }
}

describe("plainEnvelope", () => {
  test("GIVEN any envelope WHEN the fast check accepts it THEN the schema accepts it too, with the same defaults", () => {
    fc.assert(
      fc.property(envelope, (raw) => {
        const plain = plainEnvelope(raw);
        if (plain !== undefined) expect(plain).toEqual(bySchema(raw));
      }),
      { numRuns: 2000 },
    );
  });

  test("GIVEN the analyzer's kind of request WHEN checked THEN the fast check accepts it, filling the defaults", () => {
    const raw = { request: { principal: "anonymous", action: "s3:GetObject", resource: "arn:aws:s3:::b/k" }, identityPolicies: [] };
    expect(plainEnvelope(raw)).toEqual({ request: { ...raw.request, context: {} }, identityPolicies: [], resourcePolicy: null, endpointPolicy: null });
    expect(plainEnvelope(raw)).toEqual(bySchema(raw));
  });

  test("GIVEN an unknown field WHEN checked THEN the fast check leaves it to the schema, which names it", () => {
    const raw = { request: { principal: "anonymous", action: "s3:GetObject", resource: "arn:aws:s3:::b/k", actor: "x" } };
    expect(plainEnvelope(raw)).toBeUndefined();
    expect(() => schemaEnvelope(raw)).toThrow(/request\.actor: unknown field/);
  });
});
