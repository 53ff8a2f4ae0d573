import { z } from "zod";
import { Problem, jsonPath, showValue } from "./problems";

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
        fix: knownFieldsFix(root, segments),
      }));
    case "invalid_type":
      return input === undefined
        ? [{ path, problem: "is required", fix: `add it (${issue.expected})` }]
        : [{ path, problem: `${showValue(input)} is not a ${issue.expected}`, fix: `give a ${issue.expected}` }];
    case "invalid_value":
      return [{ path, problem: `${showValue(input)} is not allowed`, fix: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` }];
    case "too_small":
      return [{ path, problem: `${showValue(input)} is too small`, fix: `give at least ${String(issue.minimum)}${issue.origin === "array" ? " item(s)" : ""}` }];
    case "too_big":
      return [{ path, problem: `${showValue(input)} is too big`, fix: `give at most ${String(issue.maximum)}${issue.origin === "array" ? " item(s)" : ""}` }];
    case "invalid_union":
      return fromUnion(issue, prefix, root, path, input);
    default:
      return [{ path, problem: `${showValue(input)} is not valid`, fix: issue.message }];
  }
}

/** Picks the union branch the user most likely meant: the one that got past the type check. */
function fromUnion(issue: z.core.$ZodIssueInvalidUnion, prefix: readonly PropertyKey[], root: z.ZodType, path: string, input: unknown): Problem[] {
  const discriminated = issue as { discriminator?: string; options?: readonly unknown[] };
  if (discriminated.discriminator !== undefined && input !== null && typeof input === "object") {
    const given = (input as Record<string, unknown>)[discriminated.discriminator];
    return [{ path, problem: `${showValue(given)} is not allowed`, fix: `use one of ${(discriminated.options ?? []).map((v) => JSON.stringify(v)).join(", ")}` }];
  }
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const meant = branches.find((branch) => branch.every((i) => i.code !== "invalid_type" || i.path.length > 0)) ?? branches[0];
  if (!meant) {
    return [{ path, problem: `${showValue(input)} is not valid`, fix: issue.message }];
  }
  return meant.flatMap((inner) => fromIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue, prefix, root));
}

function knownFieldsFix(root: z.ZodType, segments: readonly PropertyKey[]): string {
  const shape = shapeAt(root, segments);
  return shape ? `remove it or use one of: ${Object.keys(shape).join(", ")}` : "remove it";
}

/** Walks the schema along a JSON path to the object whose fields are allowed there. */
function shapeAt(schema: z.ZodType, segments: readonly PropertyKey[]): Record<string, z.ZodType> | undefined {
  const node = unwrap(schema);
  if (segments.length === 0) {
    return node instanceof z.ZodObject ? (node.shape as Record<string, z.ZodType>) : undefined;
  }
  const [head, ...rest] = segments;
  if (node instanceof z.ZodArray) return shapeAt(node.element as z.ZodType, rest);
  if (node instanceof z.ZodObject && typeof head === "string") {
    const child = (node.shape as Record<string, z.ZodType>)[head];
    return child ? shapeAt(child, rest) : undefined;
  }
  return undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) return unwrap(schema.unwrap() as z.ZodType);
  return schema;
}
