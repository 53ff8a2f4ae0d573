/**
 * Runs the analysis on one input document: topology, access matrix and boot check, rule pack,
 * diagram and cost note. All the work is in `analysis/`; this only wires it.
 */
import { analyzeAccess } from "../../analysis/access";
import type { AccessReport } from "../../analysis/access/types";
import { estimateS3Cost } from "../../analysis/cost";
import { buildDiagram } from "../../analysis/diagram";
import { runRules } from "../../analysis/rules/run";
import { suppressFindings } from "../../analysis/suppressions";
import { readAny, TopologyInputError } from "../../analysis/topology";
import type { Topology } from "../../analysis/topology/model";
import { oneLine, ReviewInputError, type StackInput } from "./input";
import type { ReviewSuppression, StackReview } from "./model";

/** The access analyzer's signature, injectable for tests. */
export type AccessAnalyzer = (topology: Topology) => AccessReport;

/** Options of {@link reviewStack}. */
export interface ReviewStackOptions {
  /** S3 traffic per month for the cost note, in GB. */
  readonly s3GbMonth: number;
  /**
   * The access analyzer.
   * @default - `analyzeAccess` from `analysis/access`
   */
  readonly analyzer?: AccessAnalyzer;
  /**
   * Suppressions to apply to the stack's findings.
   * @default - none
   */
  readonly suppressions?: readonly ReviewSuppression[];
}

/**
 * Reviews one document.
 * @throws ReviewInputError when the document is neither Terraform JSON nor plan JSON
 */
export function reviewStack(input: StackInput, options: ReviewStackOptions): StackReview {
  const topology = readTopology(input);
  const report = (options.analyzer ?? analyzeAccess)(topology);
  const findings = suppressFindings(input.name, runRules(topology), options.suppressions ?? []);
  return {
    stack: input.name,
    file: input.file,
    text: input.text,
    topology,
    report,
    findings: findings.active,
    suppressed: findings.suppressed,
    cost: estimateS3Cost(regionOf(topology), options.s3GbMonth, {
      natGateways: topology.natGatewayRefs.length,
      s3GatewayEndpoints: topology.endpoints.length,
    }),
    diagram: buildDiagram(topology, report),
  };
}

function readTopology(input: StackInput): Topology {
  try {
    return readAny(input.doc, input.name);
  } catch (error) {
    if (!(error instanceof TopologyInputError)) throw error;
    // The reader names the document by the name it was given; the user knows it by its file.
    const prefix = `${input.name}: `;
    const reason = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    throw new ReviewInputError(input.file, oneLine(reason));
  }
}

/** The provider's region, else an endpoint's or a bucket's. */
function regionOf(topology: Topology): string | undefined {
  return (
    topology.region ??
    topology.endpoints.find((endpoint) => endpoint.region !== undefined)?.region ??
    topology.buckets.find((bucket) => bucket.region !== undefined)?.region
  );
}
