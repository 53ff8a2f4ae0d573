/** Test helper: finds rows of an access report. */
import { bootChecks } from "../../../analysis/access";
import type { Topology } from "../../../analysis/topology/model";
import type { AccessReport, AccessRow, InstanceBootCheck } from "../../../testing";

/** The rows of one principal, origin and action (every resource). */
export function rowsOf(report: AccessReport, principal: string, origin: string, action: string): AccessRow[] {
  return report.access.filter((row) => row.principal === principal && row.origin === origin && row.action === action);
}

/** The single decision of a principal/origin/action on a bucket-level action, or of every object for object actions. */
export function decisionsOf(report: AccessReport, principal: string, origin: string, action: string): string[] {
  return [...new Set(rowsOf(report, principal, origin, action).map((row) => row.decision))];
}

/** The origins where a principal's action is allowed. */
export function allowedOrigins(report: AccessReport, principal: string, action: string): string[] {
  return [
    ...new Set(
      report.access
        .filter((row) => row.principal === principal && row.action === action && row.decision === "Allow")
        .map((row) => row.origin),
    ),
  ];
}

/**
 * What the administrator must keep from outside the VPC to manage the bucket: every bucket policy action (read, change,
 * delete), and uploading scripts.
 */
const MANAGEMENT_ACTIONS = ["s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutObject"];

/** The administrator's (`admin`, the deployer's) rows from the internet on the management actions, in that order. */
export function managementRows(report: AccessReport): AccessRow[] {
  return MANAGEMENT_ACTIONS.flatMap((action) => rowsOf(report, "admin", "internet", action));
}

/** The boot check of one instance, by name, as the synth-time guards compute it. */
export function bootCheckOf(topology: Topology, name: string): InstanceBootCheck | undefined {
  return bootChecks(topology).find((check) => check.name === name);
}
