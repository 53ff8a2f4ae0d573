/** Tells plan JSON from Terraform JSON, and reads either. */
import type { Topology } from "./model";
import { readPlanJson } from "./read-plan";
import { readTerraformJson } from "./read-terraform";
import { asRecord } from "./values";

/** The kind of a parsed input document. */
export type InputKind = "plan" | "terraform-json";

/**
 * `plan` for `terraform show -json` output (a top-level `format_version` string), else
 * `terraform-json`; whether that really is Terraform JSON is the reader's check.
 */
export function detectInput(doc: unknown): InputKind {
  const record = asRecord(doc);
  return record !== undefined && typeof record["format_version"] === "string" ? "plan" : "terraform-json";
}

/**
 * Reads a parsed plan or Terraform JSON document.
 * @throws TopologyInputError when it is neither
 */
export function readAny(doc: unknown, name: string): Topology {
  return detectInput(doc) === "plan" ? readPlanJson(doc, name) : readTerraformJson(doc, name);
}
