/** Test helper: finds rows of an access report. */
import type { AccessReport, AccessRow } from "../../../analysis/access";

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
  return [...new Set(report.access.filter((row) => row.principal === principal && row.action === action && row.decision === "Allow").map((row) => row.origin))];
}
