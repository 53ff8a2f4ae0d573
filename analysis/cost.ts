/**
 * Cost note for the review: what the configuration's S3 traffic costs on the path it takes.
 * Through a NAT gateway, AWS charges per GB processed on top of the gateway's hourly charge; an
 * S3 gateway endpoint has neither charge. With no NAT gateway there is no NAT charge at all, and
 * the endpoints save nothing (they are free either way). Pure: no I/O.
 *
 * Prices come from the one table in `./nat-gateway-prices`. Cross-AZ transfer and the S3 request
 * charges are left out: they are the same on both paths.
 */
import { HOURS_PER_MONTH, NAT_PRICE_SOURCE_URL, NAT_PRICES_TAKEN_ON, natGatewayPrice, type NatGatewayPrice } from "./nat-gateway-prices";

/** An S3 gateway endpoint has no hourly charge and no data processing charge. */
const GATEWAY_ENDPOINT_USD_PER_GB = 0;

/** What the configuration has, to say which path its S3 traffic takes. */
export interface S3Paths {
  /** NAT gateways in the configuration. */
  readonly natGateways: number;
  /** S3 gateway endpoints in the configuration. */
  readonly s3GatewayEndpoints: number;
}

/** The cost of one configuration's S3 traffic for one region and one monthly volume. */
export interface CostEstimate {
  /** The region priced, when known. */
  readonly region?: string;
  readonly gbPerMonth: number;
  readonly natGateways: number;
  readonly s3GatewayEndpoints: number;
  /** NAT gateway price per hour for the region; null when the table has no figure. */
  readonly natUsdPerHour: number | null;
  /** NAT gateway data processing price for the region; null when the table has no figure. */
  readonly natUsdPerGb: number | null;
  /** Hourly charge of the configuration's NAT gateways per month (0 without NAT); null without a price. */
  readonly natHourlyUsdPerMonth: number | null;
  /** NAT data processing of `gbPerMonth` (0 without NAT: nothing is processed); null without a price. */
  readonly natUsdPerMonth: number | null;
  /** Always 0: gateway endpoints are free. */
  readonly endpointUsdPerMonth: number;
  /**
   * What the S3 gateway endpoints save (or one would save) per month: the data processing kept off the NAT; 0 without
   * NAT; null without a price.
   */
  readonly savingUsdPerMonth: number | null;
  readonly source: string;
  readonly takenOn: string;
  /** One paragraph for people. */
  readonly note: string;
}

/**
 * Prices `gbPerMonth` GB of S3 traffic on the configuration's path.
 * @param region AWS region code, e.g. `us-east-1`; undefined when the input does not state it
 * @param gbPerMonth S3 traffic per month in GB; must be finite and not negative
 * @param paths the configuration's NAT gateways and S3 gateway endpoints
 */
export function estimateS3Cost(region: string | undefined, gbPerMonth: number, paths: S3Paths): CostEstimate {
  if (!Number.isFinite(gbPerMonth) || gbPerMonth < 0) throw new RangeError(`gbPerMonth must be a finite number >= 0, got ${gbPerMonth}`);
  const base = {
    ...(region === undefined ? {} : { region }),
    gbPerMonth,
    natGateways: paths.natGateways,
    s3GatewayEndpoints: paths.s3GatewayEndpoints,
    endpointUsdPerMonth: GATEWAY_ENDPOINT_USD_PER_GB * gbPerMonth,
    source: NAT_PRICE_SOURCE_URL,
    takenOn: NAT_PRICES_TAKEN_ON,
  };
  const lookup = region === undefined ? undefined : natGatewayPrice(region);
  const price = lookup?.kind === "priced" ? lookup.price : undefined;
  const rates = { natUsdPerHour: price?.usdPerHour ?? null, natUsdPerGb: price?.usdPerGb ?? null };
  if (paths.natGateways === 0) {
    return { ...base, ...rates, natHourlyUsdPerMonth: 0, natUsdPerMonth: 0, savingUsdPerMonth: 0, note: noNatNote(paths, gbPerMonth) };
  }
  if (price === undefined) {
    const note =
      `${missingPrice(region, lookup?.kind)}; the S3 gateway endpoint is free (no hourly or data processing ` +
      `charge). ${natPathSentence(paths)}`;
    return { ...base, ...rates, natHourlyUsdPerMonth: null, natUsdPerMonth: null, savingUsdPerMonth: null, note };
  }
  const natUsdPerMonth = roundCents(gbPerMonth * price.usdPerGb);
  const natHourlyUsdPerMonth = roundCents(paths.natGateways * HOURS_PER_MONTH * price.usdPerHour);
  const note = pricedNote(region ?? "", gbPerMonth, paths, price, natUsdPerMonth, natHourlyUsdPerMonth);
  return { ...base, ...rates, natHourlyUsdPerMonth, natUsdPerMonth, savingUsdPerMonth: natUsdPerMonth, note };
}

function noNatNote(paths: S3Paths, gbPerMonth: number): string {
  if (paths.s3GatewayEndpoints === 0)
    return "This configuration has neither a NAT gateway nor an S3 gateway endpoint: there is no NAT gateway charge.";
  return (
    `No NAT gateway, so no NAT gateway charge: ${formatGb(gbPerMonth)} GB/month of S3 traffic goes through the S3 ` +
    `gateway endpoint${paths.s3GatewayEndpoints === 1 ? "" : "s"}, ` +
    "which have no hourly or data processing charge ($0.00/month). The endpoints save nothing on cost here; they keep " +
    "S3 traffic on a private path."
  );
}

function missingPrice(region: string | undefined, kind: "not-found" | "not-commercial" | "priced" | undefined): string {
  if (region === undefined) return `unknown region: no NAT gateway price (see ${NAT_PRICE_SOURCE_URL})`;
  if (kind === "not-commercial")
    return `region "${region}" is not a commercial AWS region of the price table: no NAT gateway price (see ${NAT_PRICE_SOURCE_URL})`;
  return `${region}: no published NAT gateway price was found for this region on ${NAT_PRICES_TAKEN_ON} (see ${NAT_PRICE_SOURCE_URL})`;
}

function natPathSentence(paths: S3Paths): string {
  return paths.s3GatewayEndpoints > 0
    ? "This configuration routes S3 traffic of the endpoints' route tables through S3 gateway endpoints, not the NAT gateway."
    : "This configuration has no S3 gateway endpoint: private subnets reach S3 through the NAT gateway.";
}

function pricedNote(
  region: string,
  gbPerMonth: number,
  paths: S3Paths,
  price: NatGatewayPrice,
  processing: number,
  hourly: number,
): string {
  const gb = `${formatGb(gbPerMonth)} GB/month of S3 traffic`;
  const rate = `${region}, $${price.usdPerGb}/GB`;
  const gateways = `${paths.natGateways} NAT gateway${paths.natGateways === 1 ? "" : "s"}`;
  const hours = `${formatUsd(hourly)}/month (${gateways} × ${HOURS_PER_MONTH} h × $${price.usdPerHour}/h)`;
  const sources = `Prices as published on ${NAT_PRICES_TAKEN_ON}: ${NAT_PRICE_SOURCE_URL}.`;
  if (paths.s3GatewayEndpoints > 0) {
    return (
      `${gb} through the S3 gateway endpoints costs $0.00 instead of ${formatUsd(processing)}/month of NAT gateway ` +
      `data processing (${rate}): ` +
      `the endpoints save ${formatUsd(processing)}/month. The NAT gateway's hourly charge stays for other traffic: ${hours}. ${sources}`
    );
  }
  return (
    `${gb} through the NAT gateway: ${formatUsd(processing)}/month of NAT gateway data processing (${rate}), on top of ` +
    `its hourly charge of ${hours}. ` +
    `An S3 gateway endpoint (no hourly or data processing charge) would save ${formatUsd(processing)}/month. ${sources}`
  );
}

/** `$4.50`, `$1,234.56`. */
function formatUsd(usd: number): string {
  return `$${withThousands(usd.toFixed(2))}`;
}

/** `100`, `1,500`, `0.125`: at most three decimals, trailing zeros dropped. */
function formatGb(gb: number): string {
  return withThousands(gb.toFixed(3).replace(/\.?0+$/, ""));
}

/**
 * `1234.5` → `1,234.5`: the en-US grouping, written out because `toLocaleString` loads ICU's
 * number formatting on first use, about 80 ms of a review.
 */
function withThousands(fixed: string): string {
  const [whole = "", fraction] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function roundCents(usd: number): number {
  return Math.round(usd * 100) / 100;
}
