import { z } from "zod";
import { type Problem, jsonPath, showValue } from "./problems";

type Issue = z.core.$ZodIssue;

/** Turns zod issues into problems that name the JSON path, the bad value and the fix. */
export function problemsFromZod(issues: readonly Issue[], root: z.ZodType): Problem[] {
  return issues.flatMap((issue) => fromIssue(issue, [], root));
}

function fromIssue(issue: Issue, prefix: readonly PropertyKey[], root: z.ZodType): Problem[] {
  const segments = [...prefix, ...issue.path];
  const path = jsonPath(segments);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        path: jsonPath([...segments, key]),
        problem: `unknown field ${JSON.stringify(key)}`,
        fix: knownFieldsFix(root, segments, input),
      }));
    case "invalid_type":
      return input === undefined
        ? [{ path, problem: "is required", fix: `add it (${issue.expected})` }]
        : [{ path, problem: `${showValue(input)} is not ${expectedType(issue.expected)}`, fix: `give ${expectedType(issue.expected)}` }];
    case "invalid_key":
      return [{ path, problem: `key ${showValue(input)} is not allowed`, fix: issue.issues.map((inner) => inner.message).join("; ") }];
    case "invalid_value":
      return [
        { path, problem: `${showValue(input)} is not allowed`, fix: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` },
      ];
    case "too_small":
      return [
        {
          path,
          problem: `${showValue(input)} is too small`,
          fix: `give at least ${String(issue.minimum)}${issue.origin === "array" ? " item(s)" : ""}`,
        },
      ];
    case "too_big":
      return [
        {
          path,
          problem: `${showValue(input)} is too big`,
          fix: `give at most ${String(issue.maximum)}${issue.origin === "array" ? " item(s)" : ""}`,
        },
      ];
    case "invalid_union":
      return fromUnion(issue, prefix, root, path, input);
    default:
      return [{ path, problem: `${showValue(input)} is not valid`, fix: issue.message }];
  }
}

/** Picks the union branch the user most likely meant: the one that got past the type check. */
function fromUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  prefix: readonly PropertyKey[],
  root: z.ZodType,
  path: string,
  input: unknown,
): Problem[] {
  const discriminated = issue as { discriminator?: string; options?: readonly unknown[] };
  if (discriminated.discriminator !== undefined && input !== null && typeof input === "object") {
    const given = (input as Record<string, unknown>)[discriminated.discriminator];
    const options = (discriminated.options ?? []).map((v) => JSON.stringify(v)).join(", ");
    return given === undefined
      ? [{ path, problem: "is required", fix: `add it: one of ${options}` }]
      : [{ path, problem: `${showValue(given)} is not allowed`, fix: `use one of ${options}` }];
  }
  const branches = issue.errors.filter((branch) => branch.length > 0);
  // A union of literals (e.g. 365 | 400 | ...): every branch rejects the value itself; list every allowed value.
  if (
    branches.length > 1 &&
    branches.every((branch) => branch.length === 1 && branch[0].code === "invalid_value" && branch[0].path.length === 0)
  ) {
    const values = branches.flatMap((branch) => (branch[0] as z.core.$ZodIssueInvalidValue).values);
    return [{ path, problem: `${showValue(input)} is not allowed`, fix: `use one of ${values.map((v) => JSON.stringify(v)).join(", ")}` }];
  }
  // The branch whose issues are all inside the value got past its type check: the user meant that one.
  const meant =
    branches.find((branch) => branch.every((i) => i.path.length > 0)) ??
    branches.find((branch) => branch.every((i) => i.code !== "invalid_type" || i.path.length > 0)) ??
    branches[0];
  if (!meant) {
    return [{ path, problem: `${showValue(input)} is not valid`, fix: issue.message }];
  }
  return meant.flatMap((inner) => fromIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue, prefix, root));
}

function knownFieldsFix(root: z.ZodType, segments: readonly PropertyKey[], input: unknown): string {
  const shape = shapeAt(root, segments, input);
  return shape ? `remove it or use one of: ${Object.keys(shape).join(", ")}` : "remove it";
}

/**
 * Walks the schema along a JSON path to the object whose fields are allowed there. At a union,
 * it follows the object branch that fits: the one whose literal fields (such as `type`) match `input`.
 */
function shapeAt(schema: z.ZodType, segments: readonly PropertyKey[], input: unknown): Record<string, z.ZodType> | undefined {
  const node = unwrap(schema);
  if (node instanceof z.ZodUnion) {
    const objects = (node.options as readonly z.ZodType[]).map(unwrap).filter((o): o is z.ZodObject => o instanceof z.ZodObject);
    const fitting =
      segments.length === 0
        ? objects.find((o) => literalsMatch(o, input))
        : objects.find((o) => typeof segments[0] === "string" && segments[0] in o.shape);
    return fitting ? shapeAt(fitting, segments, input) : undefined;
  }
  if (segments.length === 0) {
    return node instanceof z.ZodObject ? (node.shape as Record<string, z.ZodType>) : undefined;
  }
  const [head, ...rest] = segments;
  if (node instanceof z.ZodArray) return shapeAt(node.element as z.ZodType, rest, input);
  if (node instanceof z.ZodObject && typeof head === "string") {
    const child = (node.shape as Record<string, z.ZodType>)[head];
    return child ? shapeAt(child, rest, input) : undefined;
  }
  return undefined;
}

/** True when every literal field of the object schema (a discriminator) has that value in `input`. */
function literalsMatch(object: z.ZodObject, input: unknown): boolean {
  const given = input !== null && typeof input === "object" ? (input as Record<string, unknown>) : {};
  return Object.entries(object.shape as Record<string, z.ZodType>).every(([key, field]) => {
    const inner = unwrap(field);
    return !(inner instanceof z.ZodLiteral) || inner.values.has(given[key] as never);
  });
}

/** The expected JSON type with its article: "an object", "an array", "an integer", "a string". */
function expectedType(expected: string): string {
  const named: Record<string, string> = { object: "an object", record: "an object", array: "an array", int: "an integer" };
  return named[expected] ?? `a ${expected}`;
}

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) return unwrap(schema.unwrap() as z.ZodType);
  return schema;
}
