/**
 * Expected review differences that are not emulator gaps, per config (expected-differences.json): what the
 * review of the applied state reports differently from the plan's, and which access rows a tier move changes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface ExpectationsFile {
  readonly stateReviewFindings: { readonly [config: string]: readonly string[] };
  readonly moveTierRows: { readonly [config: string]: readonly string[] };
}

/** Lookups into expectations.json; a config missing from it expects no difference. */
export interface Expectations {
  stateReviewFindings(config: string): string[];
  moveTierRows(config: string): string[];
}

/** Reads __tests__/deploy/expected-differences.json. */
export function loadExpectations(): Expectations {
  const file = JSON.parse(readFileSync(join(__dirname, "expected-differences.json"), "utf8")) as ExpectationsFile;
  return {
    stateReviewFindings: (config) => [...(file.stateReviewFindings[config] ?? [])].sort(),
    moveTierRows: (config) => [...(file.moveTierRows[config] ?? [])],
  };
}
