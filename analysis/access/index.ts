/**
 * The access analyzer: the access matrix and instance boot check of docs/DESIGN.md §5, plus the
 * building blocks the synth-time guards use. Pure: typed topology in, typed report out.
 */
export type {  AccessReport, AccessRow,     } from "./types";
export { analyzeAccess, MATRIX_ACTIONS } from "./analyze";
export { bootChecks, checkInstanceBoot, firstUnfetchableScript } from "./boot-check";
export { adminManagementAccess,   } from "./management";
export { EndpointReach, type EndpointBucket,  } from "./endpoint-reach";
