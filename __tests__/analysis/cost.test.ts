/**
 * The cost note: NAT gateway data processing against the free S3 gateway endpoint.
 */
import { estimateS3Cost, formatUsd, NAT_DATA_PROCESSING_USD_PER_GB, NAT_PRICE_SOURCE_URL, NAT_PRICES_TAKEN_ON } from "../../analysis/cost";

describe("estimateS3Cost", () => {
  test("prices 100 GB/month through a us-east-1 NAT at $0.045/GB against $0 through the endpoint", () => {
    const estimate = estimateS3Cost("us-east-1", 100);
    expect(estimate).toMatchObject({ region: "us-east-1", gbPerMonth: 100, natUsdPerGb: 0.045, natUsdPerMonth: 4.5, endpointUsdPerMonth: 0, savingUsdPerMonth: 4.5 });
    expect(estimate.note).toContain("$4.50/month of NAT gateway data processing");
    expect(estimate.note).toContain("$0.00 through the S3 gateway endpoint");
  });

  test("names the price source and the date it was taken", () => {
    const estimate = estimateS3Cost("us-east-1", 1);
    expect(estimate.source).toBe("https://aws.amazon.com/vpc/pricing/");
    expect(estimate.takenOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(estimate.note).toContain(NAT_PRICE_SOURCE_URL);
    expect(estimate.note).toContain(NAT_PRICES_TAKEN_ON);
  });

  test("gives no price for a region missing from the table", () => {
    const estimate = estimateS3Cost("xx-nowhere-1", 100);
    expect(estimate).toMatchObject({ natUsdPerGb: null, natUsdPerMonth: null, savingUsdPerMonth: null, endpointUsdPerMonth: 0 });
    expect(estimate.note).toMatch(/^unknown region "xx-nowhere-1": no price/);
  });

  test("gives no price when the region is not known", () => {
    expect(estimateS3Cost(undefined, 10).note).toMatch(/^unknown region: no price/);
  });

  test("scales linearly and rounds to cents", () => {
    expect(estimateS3Cost("ap-southeast-1", 1000).natUsdPerMonth).toBe(59);
    expect(estimateS3Cost("us-east-1", 0.1).natUsdPerMonth).toBe(0);
    expect(estimateS3Cost("us-east-1", 0).natUsdPerMonth).toBe(0);
  });

  test("refuses a negative or non-finite volume", () => {
    expect(() => estimateS3Cost("us-east-1", -1)).toThrow(/gbPerMonth/);
    expect(() => estimateS3Cost("us-east-1", Number.NaN)).toThrow(/gbPerMonth/);
  });

  test("says which path the configuration's S3 traffic takes", () => {
    expect(estimateS3Cost("us-east-1", 1, { natGateways: 1, s3GatewayEndpoints: 2 }).note).toContain("through S3 gateway endpoints");
    expect(estimateS3Cost("us-east-1", 1, { natGateways: 1, s3GatewayEndpoints: 0 }).note).toContain("through the NAT gateway");
    expect(estimateS3Cost("us-east-1", 1, { natGateways: 0, s3GatewayEndpoints: 0 }).note).toContain("neither a NAT gateway nor an S3 gateway endpoint");
  });
});

describe("the price table", () => {
  test("holds the well-known us-east-1 figure and evidence for every region", () => {
    expect(NAT_DATA_PROCESSING_USD_PER_GB["us-east-1"]?.usdPerGb).toBe(0.045);
    for (const [region, price] of Object.entries(NAT_DATA_PROCESSING_USD_PER_GB)) {
      expect(region).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
      expect(price.usdPerGb).toBeGreaterThan(0);
      expect(price.evidence.length).toBeGreaterThan(20);
    }
  });
});

describe("formatUsd", () => {
  test("writes dollars with two decimals and thousands separators", () => {
    expect(formatUsd(4.5)).toBe("$4.50");
    expect(formatUsd(1234.5)).toBe("$1,234.50");
  });
});
