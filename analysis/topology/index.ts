/**
 * The topology reader: Terraform JSON or `terraform show -json` output in, a typed Topology out.
 * Pure: the caller reads and parses the file.
 */
export type {
  
  
  
  
  PolicyRead,
  
  
  
  
  
  
  Topology,
} from "./model";
export { TopologyInputError } from "./errors";
export { readTerraformJson,  } from "./read-terraform";
export { readPlanJson } from "./read-plan";
export { detectInput, readAny,  } from "./detect";
