/**
 * The access analyzer: the access matrix and instance boot check of docs/DESIGN.md §5, plus the
 * building blocks the synth-time guards use. Pure: typed topology in, typed report out.
 */
export type { AccessDecision, AccessReport, AccessRow, InstanceBootCheck, Origin, PrincipalLabel, ScriptFetch } from "./types";
export { DenyingHop } from "./types";
export { analyzeAccess, MATRIX_ACTIONS } from "./analyze";
export { bootChecks, checkInstanceBoot, firstUnfetchableScript } from "./boot-check";
export { adminManagementAccess, type ManagementAccess, type ManagementCheck } from "./management";
export { EndpointReach, type EndpointBucket, type ReachCheck } from "./endpoint-reach";
