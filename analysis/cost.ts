/**
 * Cost note for the review: what S3 traffic costs through a NAT gateway (data processing, per GB)
 * against an S3 gateway endpoint, which has no hourly or data processing charge. Pure: no I/O.
 *
 * Only the NAT gateway's data processing charge is compared. Its hourly charge, cross-AZ transfer
 * and the S3 request charges are left out: the hourly charge stays as long as anything else uses
 * the NAT, and the others are the same on both paths.
 */

/** Where the prices come from. */
export const NAT_PRICE_SOURCE_URL = "https://aws.amazon.com/vpc/pricing/";

/** When the table below was put together (UTC). Prices change: check the source before relying on them. */
export const NAT_PRICES_TAKEN_ON = "2026-11-28";

/** The NAT gateway data processing price of one region. */
export interface NatDataPrice {
  readonly usdPerGb: number;
  /** Who states this figure, and when it was read. */
  readonly evidence: string;
}

/**
 * NAT gateway data processing, USD per GB, per region. Only regions whose figure could be backed
 * by a source on {@link NAT_PRICES_TAKEN_ON} are listed; any other region gets no price rather
 * than a guess. The AWS page renders its per-region table dynamically, so the figures come from
 * its worked example and from pages quoting it.
 */
export const NAT_DATA_PROCESSING_USD_PER_GB: Readonly<Record<string, NatDataPrice>> = {
  "us-east-1": {
    usdPerGb: 0.045,
    evidence: "AWS Price List API (AmazonEC2, NatGateway-Bytes) as transcribed with effective date 2025-10-01; the figure quoted for N. Virginia throughout",
  },
  "us-east-2": {
    usdPerGb: 0.045,
    evidence: "the pricing example on the AWS VPC pricing page (US East, Ohio: \"$0.045 per GB\"), as transcribed on 2026-09-20",
  },
  "us-west-2": {
    usdPerGb: 0.045,
    evidence: "the same rate as N. Virginia and Ohio for US West (Oregon), as listed in 2026 NAT pricing guides citing the AWS page",
  },
  "ap-southeast-1": {
    usdPerGb: 0.059,
    evidence: "Asia Pacific (Singapore) \"$0.059/hr and $0.059/GB\", as quoted from the AWS VPC pricing page in 2026",
  },
};

/** An S3 gateway endpoint has no hourly charge and no data processing charge. */
export const GATEWAY_ENDPOINT_USD_PER_GB = 0;

/** The comparison for one region and one monthly volume. */
export interface CostEstimate {
  /** The region priced, when known. */
  readonly region?: string;
  readonly gbPerMonth: number;
  /** NAT data processing price for the region; null when the region has no price in the table. */
  readonly natUsdPerGb: number | null;
  /** `gbPerMonth × natUsdPerGb`, rounded to cents; null without a price. */
  readonly natUsdPerMonth: number | null;
  /** Always 0: gateway endpoints are free. */
  readonly endpointUsdPerMonth: number;
  /** What moving the traffic from the NAT to the endpoint saves per month; null without a price. */
  readonly savingUsdPerMonth: number | null;
  readonly source: string;
  readonly takenOn: string;
  /** One sentence for people. */
  readonly note: string;
}

/** What the configuration has, to say which path its S3 traffic takes. */
export interface S3Paths {
  readonly natGateways: number;
  readonly s3GatewayEndpoints: number;
}

/**
 * Compares NAT data processing with the free S3 gateway endpoint for `gbPerMonth` GB of S3 traffic.
 * @param region AWS region code, e.g. `us-east-1`; undefined when the input does not state it
 * @param gbPerMonth S3 traffic per month in GB; must be finite and not negative
 * @param paths when given, the note ends with a sentence on the configuration's own path to S3
 */
export function estimateS3Cost(region: string | undefined, gbPerMonth: number, paths?: S3Paths): CostEstimate {
  if (!Number.isFinite(gbPerMonth) || gbPerMonth < 0) throw new RangeError(`gbPerMonth must be a finite number >= 0, got ${gbPerMonth}`);
  const price = region === undefined ? undefined : NAT_DATA_PROCESSING_USD_PER_GB[region];
  const base = { gbPerMonth, endpointUsdPerMonth: GATEWAY_ENDPOINT_USD_PER_GB * gbPerMonth, source: NAT_PRICE_SOURCE_URL, takenOn: NAT_PRICES_TAKEN_ON };
  const regional = region === undefined ? {} : { region };
  if (price === undefined) {
    const what = region === undefined ? "unknown region" : `unknown region "${region}"`;
    const note = `${what}: no price for NAT gateway data processing (see ${NAT_PRICE_SOURCE_URL}); the S3 gateway endpoint is free.${pathSentence(paths)}`;
    return { ...regional, ...base, natUsdPerGb: null, natUsdPerMonth: null, savingUsdPerMonth: null, note };
  }
  const natUsdPerMonth = roundCents(gbPerMonth * price.usdPerGb);
  const note =
    `${formatGb(gbPerMonth)} GB/month of S3 traffic: ${formatUsd(natUsdPerMonth)}/month of NAT gateway data processing ` +
    `(${region}, $${price.usdPerGb}/GB) vs $0.00 through the S3 gateway endpoint (no hourly or data charge). ` +
    `Prices: ${NAT_PRICE_SOURCE_URL}, taken ${NAT_PRICES_TAKEN_ON}.${pathSentence(paths)}`;
  return { ...regional, ...base, natUsdPerGb: price.usdPerGb, natUsdPerMonth, savingUsdPerMonth: natUsdPerMonth, note };
}

function pathSentence(paths: S3Paths | undefined): string {
  if (paths === undefined) return "";
  if (paths.s3GatewayEndpoints > 0) return " This configuration routes S3 traffic of the endpoints' route tables through S3 gateway endpoints.";
  if (paths.natGateways > 0) return " This configuration has no S3 gateway endpoint: private subnets reach S3 through the NAT gateway.";
  return " This configuration has neither a NAT gateway nor an S3 gateway endpoint.";
}

/** `$4.50`, `$1,234.56`. */
export function formatUsd(usd: number): string {
  return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function formatGb(gb: number): string {
  return gb.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

function roundCents(usd: number): number {
  return Math.round(usd * 100) / 100;
}
