/**
 * The topology reader: Terraform JSON or `terraform show -json` output in, a typed Topology out.
 * Pure: the caller reads and parses the file.
 */
export type {
  Address,
  BucketModel,
  InstanceModel,
  KmsKeyModel,
  PolicyRead,
  RawResource,
  RoleModel,
  RouteModel,
  RouteTableModel,
  S3EndpointModel,
  SubnetModel,
  Topology,
} from "./model";
export { TopologyInputError } from "./errors";
export { readTerraformJson, TERRAFORM_JSON_KEYS } from "./read-terraform";
export { readPlanJson } from "./read-plan";
export { detectInput, readAny, type InputKind } from "./detect";
export { wholeReference, referencesIn, refExpression, refTarget, type Reference } from "./references";
