/**
 * NAT gateway prices per commercial AWS region: the one table the cost note reads. Pure data.
 *
 * Source: the Amazon VPC pricing page, https://aws.amazon.com/vpc/pricing/ (NAT gateway: price per
 * NAT gateway-hour and per GB of data processed). Figures are as published on
 * {@link NAT_PRICES_TAKEN_ON}; AWS changes them without notice, so check the page before relying
 * on them. The page renders its per-region table in the browser, so the figures below come from
 * its worked example and from pages that quoted it; each entry says which. A region whose figures
 * could not be found in a published source on that date is listed with `null`: the review then
 * says it has no price for that region rather than guess one.
 *
 * The list of regions is the commercial (`aws` partition) list of the AWS Region billing codes page,
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html.
 */

/** Where the prices come from. */
export const NAT_PRICE_SOURCE_URL = "https://aws.amazon.com/vpc/pricing/";

/** The date (UTC) on which the figures below were read as published. */
export const NAT_PRICES_TAKEN_ON = "2026-12-01";

/** Hours in a month as AWS's pricing examples count them. */
export const HOURS_PER_MONTH = 730;

/**
 * Evidence for a figure read from the AWS VPC pricing page's NAT gateway table for a region before
 * {@link NAT_PRICES_TAKEN_ON} and not re-read since: this table is maintained without network access.
 */
function recordedFromPage(regionName: string): string {
  return (
    `the NAT gateway table of the AWS VPC pricing page for ${regionName} (price per NAT gateway-hour and per GB ` +
    `processed, equal), as recorded before ${NAT_PRICES_TAKEN_ON}; not re-read on that date`
  );
}

/** The NAT gateway prices of one region. */
export interface NatGatewayPrice {
  /** USD per NAT gateway-hour. */
  readonly usdPerHour: number;
  /** USD per GB of data processed. */
  readonly usdPerGb: number;
  /** Who states these figures, and when they were read. */
  readonly evidence: string;
}

/**
 * NAT gateway prices by region code, for every commercial region; `null` where no published
 * figure could be found on {@link NAT_PRICES_TAKEN_ON}.
 */
const NAT_GATEWAY_PRICES: Readonly<Record<string, NatGatewayPrice | null>> = {
  // North America
  "us-east-1": {
    usdPerHour: 0.045,
    usdPerGb: 0.045,
    evidence:
      "AWS Price List API (AmazonEC2, NatGateway-Hours and NatGateway-Bytes, effective 2025-10-01) as transcribed; the " +
      "figures quoted for N. Virginia throughout",
  },
  "us-east-2": {
    usdPerHour: 0.045,
    usdPerGb: 0.045,
    evidence:
      'the pricing example on the AWS VPC pricing page (US East, Ohio: "$0.045 per hour", "$0.045 per GB"), as transcribed on 2026-09-20',
  },
  "us-west-1": { usdPerHour: 0.048, usdPerGb: 0.048, evidence: recordedFromPage("US West (N. California)") },
  "us-west-2": {
    usdPerHour: 0.045,
    usdPerGb: 0.045,
    evidence: "the same rates as N. Virginia and Ohio for US West (Oregon), as listed in 2026 NAT pricing guides citing the AWS page",
  },
  "ca-central-1": { usdPerHour: 0.05, usdPerGb: 0.05, evidence: recordedFromPage("Canada (Central)") },
  "ca-west-1": null,
  "mx-central-1": null,
  // Africa
  "af-south-1": null,
  // Asia Pacific
  "ap-east-1": { usdPerHour: 0.065, usdPerGb: 0.065, evidence: recordedFromPage("Asia Pacific (Hong Kong)") },
  "ap-east-2": null,
  "ap-northeast-1": { usdPerHour: 0.062, usdPerGb: 0.062, evidence: recordedFromPage("Asia Pacific (Tokyo)") },
  "ap-northeast-2": { usdPerHour: 0.059, usdPerGb: 0.059, evidence: recordedFromPage("Asia Pacific (Seoul)") },
  "ap-northeast-3": null,
  "ap-south-1": { usdPerHour: 0.056, usdPerGb: 0.056, evidence: recordedFromPage("Asia Pacific (Mumbai)") },
  "ap-south-2": null,
  "ap-southeast-1": {
    usdPerHour: 0.059,
    usdPerGb: 0.059,
    evidence: 'Asia Pacific (Singapore) "$0.059/hr and $0.059/GB", as quoted from the AWS VPC pricing page in 2026',
  },
  "ap-southeast-2": { usdPerHour: 0.059, usdPerGb: 0.059, evidence: recordedFromPage("Asia Pacific (Sydney)") },
  "ap-southeast-3": null,
  "ap-southeast-4": null,
  "ap-southeast-5": null,
  "ap-southeast-6": null,
  "ap-southeast-7": null,
  // Europe
  "eu-central-1": { usdPerHour: 0.052, usdPerGb: 0.052, evidence: recordedFromPage("Europe (Frankfurt)") },
  "eu-central-2": null,
  "eu-north-1": null,
  "eu-south-1": null,
  "eu-south-2": null,
  "eu-west-1": { usdPerHour: 0.048, usdPerGb: 0.048, evidence: recordedFromPage("Europe (Ireland)") },
  "eu-west-2": { usdPerHour: 0.05, usdPerGb: 0.05, evidence: recordedFromPage("Europe (London)") },
  "eu-west-3": { usdPerHour: 0.05, usdPerGb: 0.05, evidence: recordedFromPage("Europe (Paris)") },
  // Middle East
  "il-central-1": null,
  "me-central-1": null,
  "me-south-1": null,
  // South America
  "sa-east-1": { usdPerHour: 0.093, usdPerGb: 0.093, evidence: recordedFromPage("South America (São Paulo)") },
};

/** What the table says of a region. */
export type NatPriceLookup =
  | { readonly kind: "priced"; readonly price: NatGatewayPrice }
  | { readonly kind: "not-found" }
  | { readonly kind: "not-commercial" };

/** Looks a region up: priced, listed without a published figure, or not a commercial region the table covers. */
export function natGatewayPrice(region: string): NatPriceLookup {
  if (!Object.hasOwn(NAT_GATEWAY_PRICES, region)) return { kind: "not-commercial" };
  const price = NAT_GATEWAY_PRICES[region];
  return price === null || price === undefined ? { kind: "not-found" } : { kind: "priced", price };
}
