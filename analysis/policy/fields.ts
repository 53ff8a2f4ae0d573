/**
 * Shared helpers for reading statement fields during normalization.
 */
import { describeValue, type PolicyError, statementError, type PolicyLocation } from "./errors";

/** A list element that may be negated (`NotAction`, `NotResource`, `NotPrincipal`). */
export interface Negatable<T> {
  readonly negated: boolean;
  readonly value: T;
}

/** The statement being read: where it is, and its Sid once known (for error messages). */
export interface StatementAt {
  readonly location: PolicyLocation;
  readonly index: number;
  readonly sid: string | undefined;
}

/** A string or a non-empty array of non-empty strings, as an array. */
export function stringList(value: unknown, at: StatementAt, field: string): string[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw fail(at, field, "expected at least one value, got an empty array");
  return list.map((item, i) => {
    if (typeof item === "string" && item !== "") return item;
    const where = Array.isArray(value) ? `${field}[${i}]` : field;
    throw fail(at, where, `expected a non-empty string, got ${describeValue(item)}`);
  });
}

/** The value as a JSON object, or the error from `orElse`. */
export function asObject(value: unknown, orElse: () => PolicyError): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw orElse();
}

/** The error for a field of the statement at `at`. */
export function fail(at: StatementAt, field: string, problem: string): PolicyError {
  return statementError(at.location, at.index, at.sid, field, problem);
}
