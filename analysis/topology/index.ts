/**
 * The topology reader: Terraform JSON or `terraform show -json` output in, a typed Topology out.
 * Pure: the caller reads and parses the file.
 */
export { TopologyInputError } from "./errors";
export { readTerraformJson } from "./read-terraform";
export { detectInput, readAny } from "./detect";
