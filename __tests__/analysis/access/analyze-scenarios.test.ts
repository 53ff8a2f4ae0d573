import { analyzeAccess, bootChecks, firstUnfetchableScript } from "../../../analysis/access";
import { endpointsByRouteTable } from "../../../analysis/topology/relations";
import type { Topology } from "../../../analysis/topology/model";
import type { AccessReport } from "../../../testing";
import { configTopology, exampleTopology } from "../topology/fixtures/synth";
import { allowedOrigins, bootCheckOf, decisionsOf, managementRows, rowsOf } from "./rows";

describe("analyzeAccess on the default scenario", () => {
  let topology: Topology;
  let report: AccessReport;
  beforeAll(() => {
    topology = exampleTopology();
    report = analyzeAccess(topology);
  });

  test(
    "GIVEN the default config WHEN analyzed THEN instance web reads each of its scripts through endpoint readers, " +
      "S3 and KMS both allowing",
    () => {
      const rows = rowsOf(report, "instance:web", "endpoint:readers", "s3:GetObject");
      expect(rows.map((row) => row.resource.split("/").slice(-2).join("/"))).toEqual([
        "bootstrap/00-prepare.sh",
        "bootstrap/10-app.sh",
        "bootstrap/90-health.sh",
      ]);
      for (const row of rows) {
        expect(row.decision).toBe("Allow");
        expect(row.because).toMatch(/identity policy of role web statement "ReadOwnBootScripts" \(Allow\)/);
        expect(row.because).toMatch(/endpoint policy of readers statement "ScriptBucketAccess" \(Allow\)/);
        expect(row.because).toMatch(/kms:Decrypt allowed by .*"DecryptBootScriptsThroughS3"/);
      }
    },
  );

  test(
    "GIVEN the default config WHEN web fetches through the NAT THEN the bucket policy's " +
      "DenyOutsideScenarioEndpoints denies it explicitly",
    () => {
      const rows = rowsOf(report, "instance:web", "nat", "s3:GetObject");
      expect(rows).toHaveLength(3);
      expect(
        rows.every(
          (row) =>
            row.decision === "ExplicitDeny" && row.because === 'denied by bucket policy statement "DenyOutsideScenarioEndpoints" (Deny)',
        ),
      ).toBe(true);
    },
  );

  test("GIVEN the default config WHEN web writes through readers THEN the read-only endpoint's write deny refuses it", () => {
    expect(decisionsOf(report, "instance:web", "endpoint:readers", "s3:PutObject")).toEqual(["ExplicitDeny"]);
    expect(rowsOf(report, "instance:web", "endpoint:readers", "s3:PutObject")[0]?.because).toMatch(
      /"DenyWritesThroughReadOnlyEndpoints" \(Deny\)/,
    );
    expect(report.access.filter((row) => row.principal === "instance:web").map((row) => row.origin)).not.toContain("endpoint:publishers");
  });

  test("GIVEN the default config WHEN the insider writes THEN only the publishers endpoint lets PutObject through", () => {
    expect(allowedOrigins(report, "account-principal", "s3:PutObject")).toEqual(["endpoint:publishers"]);
    expect(decisionsOf(report, "account-principal", "endpoint:readers", "s3:PutObject")).toEqual(["ExplicitDeny"]);
    // read-write grants no Delete: the bucket policy denies it through publishers, whatever an identity policy allows
    expect(rowsOf(report, "account-principal", "endpoint:publishers", "s3:DeleteObject")[0]?.because).toBe(
      'denied by bucket policy statement "DenyUngrantedWritesThroughPublishers" (Deny)',
    );
  });

  test("GIVEN the default config WHEN the insider acts from the internet THEN every action is an explicit deny", () => {
    const rows = report.access.filter((row) => row.principal === "account-principal" && row.origin === "internet");
    expect(rows.map((row) => row.action)).toEqual([
      "s3:GetObject",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:ListBucket",
      "s3:GetBucketPolicy",
      "s3:PutBucketPolicy",
      "s3:DeleteBucketPolicy",
    ]);
    expect(new Set(rows.map((row) => row.decision))).toEqual(new Set(["ExplicitDeny"]));
  });

  test("GIVEN the default config WHEN the deployer manages the bucket from the internet THEN the lockout guard keeps it allowed", () => {
    expect(decisionsOf(report, "admin", "internet", "s3:PutBucketPolicy")).toEqual(["Allow"]);
    // The matrix's admin is the deployer (deployerArnRefs[0]): it keeps every bucket policy action and uploading scripts.
    expect(topology.deployerArnRefs[0]).toBeDefined();
    expect(managementRows(report).map((row) => [row.action, row.decision])).toEqual([
      ["s3:PutBucketPolicy", "Allow"],
      ["s3:GetBucketPolicy", "Allow"],
      ["s3:DeleteBucketPolicy", "Allow"],
      ["s3:PutObject", "Allow"],
    ]);
  });

  test("GIVEN the default config WHEN anonymous callers try anything from anywhere THEN nothing is allowed", () => {
    const anonymous = report.access.filter((row) => row.principal === "anonymous");
    expect(new Set(anonymous.map((row) => row.origin))).toEqual(new Set(["endpoint:readers", "endpoint:publishers", "nat", "internet"]));
    expect(anonymous.filter((row) => row.decision === "Allow")).toEqual([]);
    expect(rowsOf(report, "anonymous", "endpoint:readers", "s3:GetObject")[0]?.because).toBe(
      "no statement in the bucket policy allows s3:GetObject",
    );
    // S3 API Reference, PutBucketPolicy: only identities of the bucket owner's account may call it, whatever the policies say.
    expect(rowsOf(report, "anonymous", "endpoint:readers", "s3:PutBucketPolicy")[0]?.because).toMatch(
      /^only identities of the bucket owner's account can call s3:PutBucketPolicy/,
    );
    expect(rowsOf(report, "account-principal", "endpoint:readers", "s3:PutBucketPolicy")[0]?.because).toBe(
      "no statement in the endpoint policy of readers allows s3:PutBucketPolicy",
    );
  });

  test(
    "GIVEN the default config WHEN the boot check runs THEN web can fetch its scripts along subnet, route table and " + "endpoint readers",
    () => {
      expect(report.instances).toEqual([
        expect.objectContaining({
          name: "web",
          canFetchScripts: true,
          path: [
            { kind: "subnet", address: expect.stringMatching(/^aws_subnet\.\w+$/), label: "app" },
            {
              kind: "route-table",
              address: expect.stringMatching(/^aws_route_table\.\w+$/),
              label: expect.stringMatching(/^aws_route_table\.\w+$/),
            },
            { kind: "endpoint", address: expect.stringMatching(/^aws_vpc_endpoint\.\w+$/), label: "readers" },
          ],
        }),
      ]);
      expect(report.instances[0]?.scripts.map((script) => script.decision)).toEqual(["Allow", "Allow", "Allow"]);
      expect(bootChecks(topology)).toEqual(report.instances);
    },
  );

  test("GIVEN the default config WHEN route tables are indexed THEN each private table is routed by exactly one endpoint", () => {
    const byTable = endpointsByRouteTable(topology.endpoints);
    expect(byTable.size).toBe(4);
    expect([...byTable.values()].map((endpoints) => endpoints.map((endpoint) => endpoint.name)).sort()).toEqual([
      ["publishers"],
      ["publishers"],
      ["readers"],
      ["readers"],
    ]);
  });
});

describe("analyzeAccess on other scenarios", () => {
  test(
    "GIVEN config/multi-endpoint.json WHEN analyzed THEN each instance reads through its own endpoint and is denied " + "through the NAT",
    () => {
      const report = analyzeAccess(exampleTopology("multi-endpoint.json"));
      const own: Record<string, string> = { frontend: "endpoint:readers", worker: "endpoint:readers", publisher: "endpoint:publishers" };
      for (const [name, origin] of Object.entries(own)) {
        expect(allowedOrigins(report, `instance:${name}`, "s3:GetObject")).toEqual([origin]);
        expect(decisionsOf(report, `instance:${name}`, "nat", "s3:GetObject")).toEqual(["ExplicitDeny"]);
      }
      expect(rowsOf(report, "instance:frontend", "endpoint:readers", "s3:GetObject")).toHaveLength(2);
      expect(report.instances.every((check) => check.canFetchScripts)).toBe(true);
    },
  );

  test(
    "GIVEN an unseen config (three tiers, two groups, two instances) WHEN analyzed THEN each instance reads through " +
      "its own endpoint only",
    () => {
      const topology = configTopology({
        network: { azCount: 2, natGateways: "per-az", tiers: [{ name: "web" }, { name: "app" }, { name: "data" }] },
        endpointGroups: [
          { name: "frontends", tiers: ["web"], access: "read" },
          { name: "backends", tiers: ["app", "data"], access: "read-write" },
        ],
        instances: [
          { name: "portal", tier: "web" },
          { name: "etl", tier: "data", az: 1, scripts: ["00-prepare.sh"] },
        ],
      });
      const report = analyzeAccess(topology);
      expect(allowedOrigins(report, "instance:portal", "s3:GetObject")).toEqual(["endpoint:frontends"]);
      expect(allowedOrigins(report, "instance:etl", "s3:GetObject")).toEqual(["endpoint:backends"]);
      expect(decisionsOf(report, "instance:etl", "nat", "s3:GetObject")).toEqual(["ExplicitDeny"]);
      expect(
        report.instances.map((check) => [check.name, check.canFetchScripts, check.path[2]?.kind, check.path[2]?.label]).sort(),
      ).toEqual([
        ["etl", true, "endpoint", "backends"],
        ["portal", true, "endpoint", "frontends"],
      ]);
    },
  );

  describe("GIVEN an instance whose tier is in no endpoint group", () => {
    let topology: Topology;
    beforeAll(() => {
      topology = configTopology({
        network: { azCount: 2, natGateways: "single", tiers: [{ name: "app" }, { name: "batch" }] },
        endpointGroups: [{ name: "readers", tiers: ["app"], access: "read" }],
        instances: [{ name: "cron", tier: "batch" }],
      });
    });

    test("WHEN checked THEN it cannot fetch its scripts: the path goes through the NAT and the bucket policy denies", () => {
      const check = bootCheckOf(topology, "cron");
      expect(check?.canFetchScripts).toBe(false);
      expect(check?.path[2]).toMatchObject({ kind: "nat", address: expect.stringMatching(/^aws_nat_gateway\./) });
      expect(firstUnfetchableScript(check!)).toMatchObject({
        key: "bootstrap/00-prepare.sh",
        decision: "ExplicitDeny",
        deniedBy: { gate: "bucket-policy" },
        because: expect.stringContaining("DenyOutsideScenarioEndpoints"),
      });
    });

    test("WHEN its route table has no route out either THEN the route is the hop that denies", () => {
      const routeTables = topology.routeTables.map((table) => ({ ...table, routes: [] }));
      const check = bootCheckOf({ ...topology, routeTables }, "cron");
      expect(check?.path[2]).toEqual({ kind: "none", label: "", gap: "no-route" });
      expect(firstUnfetchableScript(check!)).toMatchObject({
        decision: "ImplicitDeny",
        deniedBy: { gate: "route" },
        reason: { kind: "no-route" },
      });
    });
  });
});
