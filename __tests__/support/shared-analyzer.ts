import { analyzeAccess } from "../../analysis/access";
import type { AccessReport } from "../../analysis/access/types";
import type { Topology } from "../../analysis/topology/model";
import type { AccessAnalyzer } from "../../cli/review/analyze";

/**
 * The real `analyzeAccess`, run once per distinct topology and its report shared after that: the
 * analysis is pure (typed data in, typed data out), and a test file that reviews the same stack in
 * every format, or the same base against several edits, would otherwise compute its access matrix
 * again for each. Everything else a review does (reading, rules, diff, rendering, exit code) still
 * runs on every call. Pass it as `review(args, { analyzer })`.
 */
export function sharedAccessAnalyzer(): AccessAnalyzer {
  const reports = new Map<string, AccessReport>();
  return (topology: Topology) => {
    const key = JSON.stringify(topology);
    let report = reports.get(key);
    if (report === undefined) {
      report = analyzeAccess(topology);
      reports.set(key, report);
    }
    return report;
  };
}
