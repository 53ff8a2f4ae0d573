/**
 * The access analyzer: the access matrix and instance boot check of docs/DESIGN.md §5, plus the
 * building blocks the synth-time guards use. Pure: typed topology in, typed report out.
 */
export { analyzeAccess } from "./analyze";
export { bootChecks, firstUnfetchableScript } from "./boot-check";
export { EndpointReach, type EndpointBucket } from "./endpoint-reach";
