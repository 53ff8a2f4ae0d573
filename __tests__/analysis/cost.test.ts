/**
 * The cost note: what the configuration's S3 traffic costs on its own path. NAT gateway pricing
 * (hourly and per GB processed): https://aws.amazon.com/vpc/pricing/; S3 gateway endpoints have
 * no hourly or data processing charge: https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
 */
import { estimateS3Cost } from "../../analysis/cost";
import { HOURS_PER_MONTH, NAT_PRICE_SOURCE_URL, NAT_PRICES_TAKEN_ON, natGatewayPrice } from "../../analysis/nat-gateway-prices";

const NAT_AND_ENDPOINTS = { natGateways: 1, s3GatewayEndpoints: 2 };
const NAT_ONLY = { natGateways: 1, s3GatewayEndpoints: 0 };
const ENDPOINTS_ONLY = { natGateways: 0, s3GatewayEndpoints: 2 };

describe("estimateS3Cost with a NAT gateway and S3 gateway endpoints", () => {
  test("saves 100 GB/month of us-east-1 NAT data processing ($0.045/GB): $4.50 against $0 through the endpoints", () => {
    // GIVEN one NAT gateway and two endpoints in us-east-1 WHEN 100 GB/month is priced
    const estimate = estimateS3Cost("us-east-1", 100, NAT_AND_ENDPOINTS);
    // THEN the endpoints save the data processing the NAT would charge
    expect(estimate).toMatchObject({
      region: "us-east-1",
      gbPerMonth: 100,
      natUsdPerGb: 0.045,
      natUsdPerMonth: 4.5,
      endpointUsdPerMonth: 0,
      savingUsdPerMonth: 4.5,
    });
    expect(estimate.note).toContain("the endpoints save $4.50/month");
  });

  test("states the NAT gateway's hourly charge, per gateway and month (730 h × $0.045/h = $32.85)", () => {
    const estimate = estimateS3Cost("us-east-1", 100, { natGateways: 2, s3GatewayEndpoints: 1 });
    expect(estimate).toMatchObject({ natUsdPerHour: 0.045, natHourlyUsdPerMonth: 65.7 });
    expect(estimate.note).toContain("hourly charge stays for other traffic: $65.70/month (2 NAT gateways × 730 h × $0.045/h)");
  });

  test("names the price source and the date the figures were published", () => {
    const estimate = estimateS3Cost("us-east-1", 1, NAT_AND_ENDPOINTS);
    expect(estimate.source).toBe("https://aws.amazon.com/vpc/pricing/");
    expect(estimate.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(estimate.note).toContain(`Prices as published on ${NAT_PRICES_TAKEN_ON}: ${NAT_PRICE_SOURCE_URL}`);
  });

  test("scales linearly and rounds to cents", () => {
    expect(estimateS3Cost("ap-southeast-1", 1000, NAT_AND_ENDPOINTS).natUsdPerMonth).toBe(59);
    expect(estimateS3Cost("us-east-1", 0.1, NAT_AND_ENDPOINTS).natUsdPerMonth).toBe(0);
    expect(estimateS3Cost("us-east-1", 0, NAT_AND_ENDPOINTS).natUsdPerMonth).toBe(0);
  });

  test("refuses a negative or non-finite volume", () => {
    expect(() => estimateS3Cost("us-east-1", -1, NAT_AND_ENDPOINTS)).toThrow(/gbPerMonth/);
    expect(() => estimateS3Cost("us-east-1", Number.NaN, NAT_AND_ENDPOINTS)).toThrow(/gbPerMonth/);
  });
});

describe("estimateS3Cost with a NAT gateway and no endpoint", () => {
  test("prices S3 traffic through the NAT, hourly charge included, and what an endpoint would save", () => {
    const estimate = estimateS3Cost("us-east-2", 100, NAT_ONLY);
    expect(estimate).toMatchObject({ natUsdPerMonth: 4.5, natHourlyUsdPerMonth: 32.85, savingUsdPerMonth: 4.5 });
    expect(estimate.note).toContain("through the NAT gateway: $4.50/month of NAT gateway data processing");
    expect(estimate.note).toContain("on top of its hourly charge of $32.85/month (1 NAT gateway × 730 h × $0.045/h)");
    expect(estimate.note).toContain("would save $4.50/month");
  });
});

describe('estimateS3Cost without a NAT gateway (natGateways: "none")', () => {
  test("quotes no NAT cost and no saving: the endpoints are free and save nothing here", () => {
    // GIVEN endpoints and no NAT gateway, in a priced region
    const estimate = estimateS3Cost("us-east-1", 100, ENDPOINTS_ONLY);
    // THEN nothing is charged for NAT, and the note says so instead of quoting NAT processing
    expect(estimate).toMatchObject({ natUsdPerMonth: 0, natHourlyUsdPerMonth: 0, savingUsdPerMonth: 0, endpointUsdPerMonth: 0 });
    expect(estimate.note).toMatch(/^No NAT gateway, so no NAT gateway charge/);
    expect(estimate.note).not.toContain("$4.50");
  });

  test("quotes no NAT cost even where the region has no price", () => {
    expect(estimateS3Cost("eu-west-1", 100, ENDPOINTS_ONLY)).toMatchObject({ natUsdPerMonth: 0, savingUsdPerMonth: 0 });
    expect(estimateS3Cost(undefined, 100, ENDPOINTS_ONLY).note).toMatch(/^No NAT gateway/);
  });

  test("says when the configuration has neither a NAT gateway nor an endpoint", () => {
    expect(estimateS3Cost("us-east-1", 1, { natGateways: 0, s3GatewayEndpoints: 0 }).note).toContain(
      "neither a NAT gateway nor an S3 gateway endpoint",
    );
  });
});

describe("estimateS3Cost where the table has no figure", () => {
  test("says a commercial region's figures were not found, rather than guess them", () => {
    const estimate = estimateS3Cost("eu-south-2", 100, NAT_AND_ENDPOINTS);
    expect(estimate).toMatchObject({
      natUsdPerGb: null,
      natUsdPerHour: null,
      natUsdPerMonth: null,
      savingUsdPerMonth: null,
      endpointUsdPerMonth: 0,
    });
    expect(estimate.note).toMatch(
      new RegExp(`^eu-south-2: no published NAT gateway price was found for this region on ${NAT_PRICES_TAKEN_ON}`),
    );
  });

  test("prices the region of the shipped vpc-mode example (eu-west-1)", () => {
    // GIVEN config/vpc-mode.json's region, with one NAT gateway
    const estimate = estimateS3Cost("eu-west-1", 100, NAT_AND_ENDPOINTS);
    // THEN the NAT hourly and processing charges are quoted
    expect(estimate).toMatchObject({ natUsdPerGb: 0.048, natUsdPerHour: 0.048 });
    expect(estimate.natUsdPerMonth).toBeGreaterThan(0);
  });

  test("says a region outside the commercial partition is not in the table", () => {
    expect(estimateS3Cost("xx-nowhere-1", 100, NAT_AND_ENDPOINTS).note).toMatch(/^region "xx-nowhere-1" is not a commercial AWS region/);
    expect(estimateS3Cost("cn-north-1", 100, NAT_AND_ENDPOINTS).natUsdPerMonth).toBeNull();
  });

  test("gives no price when the region is not known", () => {
    expect(estimateS3Cost(undefined, 10, NAT_AND_ENDPOINTS).note).toMatch(/^unknown region: no NAT gateway price/);
  });
});

describe("the price table", () => {
  /**
   * The commercial regions of the AWS Region billing codes page
   * (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html).
   */
  const COMMERCIAL_REGIONS = [
    ...["us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1", "af-south-1"],
    ...["ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2"],
    ...["ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7"],
    ...["eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3"],
    ...["il-central-1", "me-central-1", "me-south-1", "sa-east-1"],
  ];

  test("lists every commercial region, priced or marked not found", () => {
    for (const region of COMMERCIAL_REGIONS) expect(natGatewayPrice(region).kind).not.toBe("not-commercial");
    // and no other region: the other partitions' and a made-up one are not in the table
    for (const region of ["cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1", "us-east-3"])
      expect(natGatewayPrice(region).kind).toBe("not-commercial");
  });

  test("holds the well-known us-east-1 figures and evidence for every priced region", () => {
    expect(natGatewayPrice("us-east-1")).toMatchObject({ kind: "priced", price: { usdPerHour: 0.045, usdPerGb: 0.045 } });
    for (const region of COMMERCIAL_REGIONS) {
      const lookup = natGatewayPrice(region);
      if (lookup.kind !== "priced") continue;
      const { price } = lookup;
      expect(price.usdPerHour).toBeGreaterThan(0);
      expect(price.usdPerGb).toBeGreaterThan(0);
      expect(price.evidence.length).toBeGreaterThan(20);
    }
    expect(HOURS_PER_MONTH).toBe(730);
  });
});

describe("the note's dollar amounts", () => {
  test("writes dollars with two decimals and thousands separators", () => {
    // GIVEN volumes whose us-east-1 NAT data processing ($0.045/GB) is $4.50 and $1,234.50 WHEN priced THEN the note writes them so
    expect(estimateS3Cost("us-east-1", 100, NAT_AND_ENDPOINTS).note).toContain("the endpoints save $4.50/month");
    expect(estimateS3Cost("us-east-1", 27433.34, NAT_AND_ENDPOINTS).note).toContain("the endpoints save $1,234.50/month");
  });
});
