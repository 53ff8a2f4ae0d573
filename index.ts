/**
 * The library entry (`import … from "vpce-s3-lockdown"`): the scenario stack, its constructs, the
 * config loader, and the IAM policy evaluator that `npm run evaluate` runs. Jest matchers for access
 * assertions are in `vpce-s3-lockdown/testing`.
 */
export {
  ScenarioStack,
  STATE_ROOT_FROM_STACK_DIR,
  type ScenarioStackFromConfig,
  type ScenarioStackFromScenario,
  type ScenarioStackProps,
} from "./stacks/scenario-stack";

export { BootInstance, type BootInstanceProps } from "./modules/boot-instance";
export { BucketAccessPolicy, type AccessMode, type BucketAccessPolicyProps } from "./modules/bucket-access-policy";
export { DeployerIdentity, type DeployerIdentityProps, type IDeployerIdentity } from "./modules/deployer-identity";
export { EncryptionKey, type EncryptionKeyProps, type IEncryptionKey } from "./modules/encryption-key";
export {
  GatewayEndpoints,
  actionsFor,
  type EndpointAccess,
  type EndpointGroupSpec,
  type GatewayEndpointsProps,
  type GroupEndpoint,
  type IGatewayEndpoints,
  type IGroupEndpoint,
} from "./modules/gateway-endpoints";
export {
  Network,
  type ExistingNetworkProps,
  type ExistingSubnet,
  type INetwork,
  type NatGatewayMode,
  type NetworkProps,
  type PrivateSubnet,
  type TierSubnet,
} from "./modules/network";
export { ScenarioGuards } from "./modules/scenario-guards";
export { ScriptBucket, type BucketEncryption, type IScriptBucket, type ScriptBucketProps } from "./modules/script-bucket";

export { CONFIG_ENV, loadScenario, parseScenario, type LoadedScenario, type ScriptFile } from "./config/load";
export { formatProblem, ProblemsError, type Problem } from "./config/problems";
export {
  ScenarioConfigSchema,
  type BackendConfig,
  type EndpointGroupConfig,
  type ExistingNetworkConfig,
  type GroupAccess,
  type InstanceConfig,
  type ScenarioConfig,
  type ScenarioConfigInput,
  type TierConfig,
} from "./config/schema";

export {
  evaluate,
  PolicyError,
  type AccountRule,
  type ContextValue,
  type Decision,
  type DecisiveStatement,
  type EvaluationInput,
  type EvaluationRequest,
  type EvaluationResult,
  type PolicyDocument,
  type PolicyKind,
  type PolicyStatement,
} from "./analysis/policy";
