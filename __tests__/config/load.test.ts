import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario, parseScenario } from "../../config/load";
import { NAMES, PROJECT_MAX_LENGTH } from "../../config/names";
import { ProblemsError, formatProblem } from "../../config/problems";
import { semanticProblems } from "../../config/semantic";
import { EXISTING_VPC, existingNetwork } from "../support/existing-vpc";
import { CONFIG_DIR, ROOT } from "../support/scenario";

/** Every problem line a config produces, or [] when it is valid. */
function problemsOf(config: Record<string, unknown>): string[] {
  try {
    parseScenario({ project: "cfg-test", region: "us-east-1", ...config }, ROOT);
    return [];
  } catch (error) {
    if (!(error instanceof ProblemsError)) throw error;
    return error.problems.map(formatProblem);
  }
}

describe("loading the scenario config", () => {
  test("uses the embedded default when VPCE_CONFIG is unset: the article's scenario with two endpoint groups", () => {
    // GIVEN no VPCE_CONFIG WHEN loading
    const { config, source, instanceScripts } = loadScenario({});
    // THEN the default has a read-only app group and a read-write ops group
    expect(source).toBe("embedded default");
    expect(config.project).toBe("vpce-demo");
    expect(config.endpointGroups).toEqual([
      expect.objectContaining({ name: "readers", tiers: ["app"], access: "read" }),
      expect.objectContaining({ name: "publishers", tiers: ["ops"], access: "read-write" }),
    ]);
    expect(instanceScripts.web.map((s) => s.fileName)).toEqual(["00-prepare.sh", "10-app.sh", "90-health.sh"]);
  });

  test("fills every documented default from just project and region", () => {
    const { config } = parseScenario({ project: "minimal", region: "eu-west-1" }, ROOT);
    expect(config.network).toMatchObject({ cidr: "10.0.0.0/16", azCount: 2, natGateways: "single", subnetMask: 24 });
    expect(config.bucket).toMatchObject({ encryption: "kms", scriptsDir: "scripts", keyPrefix: "bootstrap/" });
    expect(config.access).toMatchObject({ mode: "vpce", adminPrincipalArns: [], trustedEndpointIds: [] });
    expect(config.backend).toEqual({ type: "local" });
  });

  test.each(["single-endpoint.json", "vpc-mode.json", "multi-endpoint.json"])(
    "example config %s loads, resolving scriptsDir against its folder",
    (file) => {
      const { scripts } = loadScenario({ VPCE_CONFIG: join(CONFIG_DIR, file) });
      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts[0].absolutePath.startsWith(join(ROOT, "scripts"))).toBe(true);
    },
  );

  test("a relative scriptsDir resolves against the config file's folder, not the working directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "vpce-cfg-"));
    mkdirSync(join(dir, "boot"));
    writeFileSync(join(dir, "boot", "run.sh"), "#!/bin/bash\ntrue\n");
    writeFileSync(join(dir, "c.json"), JSON.stringify({ project: "relpath", region: "us-east-1", bucket: { scriptsDir: "boot" } }));
    const { scripts } = loadScenario({ VPCE_CONFIG: join(dir, "c.json") });
    expect(scripts.map((s) => s.absolutePath)).toEqual([join(dir, "boot", "run.sh")]);
  });

  test("an unreadable file and non-JSON text are problems that name VPCE_CONFIG", () => {
    expect(() => loadScenario({ VPCE_CONFIG: "/nonexistent/x.json" })).toThrow(
      /VPCE_CONFIG: cannot read config file "\/nonexistent\/x.json" \(ENOENT\)/,
    );
    const dir = mkdtempSync(join(tmpdir(), "vpce-cfg-"));
    writeFileSync(join(dir, "bad.json"), "{ project: ");
    expect(() => loadScenario({ VPCE_CONFIG: join(dir, "bad.json") })).toThrow(/is not valid JSON/);
  });
});

describe("config errors name the JSON path, the value and the fix", () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    [
      "unknown top-level field",
      { endpointGroup: [] },
      /^endpointGroup: unknown field "endpointGroup" — remove it or use one of: project, region, network/,
    ],
    [
      "unknown nested field",
      { network: { cidrs: "10.0.0.0/16" } },
      /^network\.cidrs: unknown field "cidrs" — remove it or use one of: cidr, azCount/,
    ],
    ["bad CIDR", { network: { cidr: "10.0.0.0/33" } }, /^network\.cidr: "10\.0\.0\.0\/33" is not an IPv4 CIDR/],
    ["CIDR with host bits", { network: { cidr: "10.0.5.0/16" } }, /^network\.cidr: .* has host bits set — use "10\.0\.0\.0\/16"/],
    [
      "CIDR too small for its subnets",
      { network: { cidr: "10.0.0.0/23" } },
      /^network\.cidr: 10\.0\.0\.0\/23 holds 2 \/24 subnets but the config needs 6/,
    ],
    [
      "tier in two groups",
      {
        endpointGroups: [
          { name: "a", tiers: ["app"] },
          { name: "b", tiers: ["app", "ops"] },
        ],
      },
      new RegExp(
        String.raw`^endpointGroups\[1\]\.tiers\[0\]: tier "app" is already routed to endpoint group "a"; a ` +
          "route table can carry one S3 endpoint route — remove it from one group",
      ),
    ],
    [
      "unknown tier in a group",
      { endpointGroups: [{ name: "a", tiers: ["db"] }] },
      /^endpointGroups\[0\]\.tiers\[0\]: unknown tier "db" — define it in network\.tiers or use one of: app, ops/,
    ],
    ["unknown tier of an instance", { instances: [{ name: "web", tier: "dmz" }] }, /^instances\[0\]\.tier: unknown tier "dmz"/],
    [
      "duplicate tier names",
      { network: { tiers: [{ name: "app" }, { name: "app" }] }, endpointGroups: [{ name: "a", tiers: ["app"] }] },
      /^network\.tiers\[1\]\.name: tier "app" is already defined at network\.tiers\[0\]/,
    ],
    [
      "duplicate group names",
      {
        endpointGroups: [
          { name: "a", tiers: ["app"] },
          { name: "a", tiers: ["ops"] },
        ],
      },
      /^endpointGroups\[1\]\.name: endpoint group "a" is already defined/,
    ],
    [
      "duplicate instance names",
      {
        instances: [
          { name: "web", tier: "app" },
          { name: "web", tier: "ops" },
        ],
      },
      /^instances\[1\]\.name: instance "web" is already defined/,
    ],
    ["invalid bucket name", { bucket: { name: "My_Bucket" } }, /^bucket\.name: "My_Bucket" is not valid — is not a valid S3 bucket name/],
    [
      "invalid admin ARN",
      { access: { adminPrincipalArns: ["arn:aws:s3:::bucket"] } },
      /^access\.adminPrincipalArns\[0\]: "arn:aws:s3:::bucket" is not valid — must be an IAM role or user ARN/,
    ],
    [
      "invalid trusted endpoint id",
      { access: { trustedEndpointIds: ["vpc-123"] } },
      /^access\.trustedEndpointIds\[0\]: "vpc-123" is not valid/,
    ],
    [
      "missing script file",
      { instances: [{ name: "web", tier: "app", scripts: ["00-prepare.sh", "nope.sh"] }] },
      /^instances\[0\]\.scripts\[1\]: script "nope\.sh" not found in "scripts" — add the file or use one of: 00-prepare\.sh/,
    ],
    ["missing scripts folder", { bucket: { scriptsDir: "no-such-dir" } }, /^bucket\.scriptsDir: folder "no-such-dir" not found/],
    [
      "bucket in another region",
      { bucket: { region: "eu-west-1" } },
      new RegExp(
        String.raw`^bucket\.region: bucket region "eu-west-1" differs from the stack region "us-east-1"; S3 ` +
          "gateway endpoints reach same-region buckets only",
      ),
    ],
    ["bad enum", { access: { mode: "vpc-endpoint" } }, /^access\.mode: "vpc-endpoint" is not allowed — use one of "vpce", "vpc"/],
    [
      "bad group access",
      { endpointGroups: [{ name: "a", tiers: ["app"], access: "readonly" }] },
      /^endpointGroups\[0\]\.access: "readonly" is not allowed — use one of "read", "read-write"/,
    ],
    [
      "bad explicit action",
      { endpointGroups: [{ name: "a", tiers: ["app"], access: { actions: ["GetObject"] } }] },
      /^endpointGroups\[0\]\.access\.actions\[0\]: "GetObject" is not valid — must be an S3 action/,
    ],
    ["wrong type", { network: { azCount: "2" } }, /^network\.azCount: "2" is not a number — give a number/],
    [
      "absolute local backend path",
      { backend: { type: "local", path: "/var/state.tfstate" } },
      /^backend\.path: .* must be a relative path/,
    ],
    [
      "S3 backend without bucket",
      { backend: { type: "s3", key: "k/terraform.tfstate", region: "us-east-1" } },
      /^backend\.bucket: is required/,
    ],
    [
      "provider version that is not a constraint",
      { awsProviderVersion: "latest" },
      /^awsProviderVersion: "latest" is not valid — must be a Terraform version constraint such as "~> 6\.25"/,
    ],
    ["unknown backend type", { backend: { type: "gcs" } }, /^backend\.type: "gcs" is not allowed — use one of "local", "s3"/],
    [
      "instance AZ out of range",
      { instances: [{ name: "web", tier: "app", az: 3 }] },
      /^instances\[0\]\.az: AZ index 3 does not exist with network\.azCount 2/,
    ],
    [
      "followLatestAmi with an explicit ami",
      { instances: [{ name: "web", tier: "app", ami: "ami-0123456789abcdef0", followLatestAmi: true }] },
      /^instances\[0\]\.followLatestAmi: followLatestAmi is true but the instance has the explicit ami "ami-0123456789abcdef0"/,
    ],
    [
      "internet egress without NAT",
      { network: { natGateways: "none" }, instances: [{ name: "web", tier: "app", internetEgress: true }] },
      /^instances\[0\]\.internetEgress: internet egress needs a NAT gateway/,
    ],
  ])("%s", (_name, config, expected) => {
    const problems = problemsOf(config);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  test("missing project and region are reported together", () => {
    expect(() => parseScenario({}, ROOT)).toThrow(/project: is required[\s\S]*region: is required/);
  });

  test("a config with three problems reports all three, one line each", () => {
    const problems = problemsOf({
      network: { cidr: "10.0.0.0/23" },
      endpointGroups: [{ name: "a", tiers: ["app", "db"] }],
      instances: [{ name: "web", tier: "dmz" }],
    });
    expect(problems).toHaveLength(3);
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["endpointGroups[0].tiers[1]", "instances[0].tier", "network.cidr"]);
  });
});

describe("network.existing: bring your own VPC", () => {
  const app = EXISTING_VPC.tiers.app;
  const ops = EXISTING_VPC.tiers.ops;
  const withTiers = (tiers: Record<string, unknown>) => ({ network: existingNetwork({ tiers: tiers as never }) });
  const withNetwork = (fields: Record<string, unknown>) => ({ network: { ...existingNetwork(), ...fields } });
  const threeTiers = (tiers: Record<string, unknown>) => ({
    network: { ...existingNetwork({ tiers: tiers as never }), tiers: [{ name: "app" }, { name: "ops" }, { name: "batch" }] },
    endpointGroups: [
      { name: "readers", tiers: ["app", "batch"] },
      { name: "publishers", tiers: ["ops"], access: "read-write" },
    ],
  });
  const batch = [
    { subnetId: "subnet-0ccc0000000000001", routeTableId: "rtb-0ccc0000000000001" },
    { subnetId: "subnet-0ccc0000000000002", routeTableId: "rtb-0ccc0000000000002" },
  ];

  test("a VPC with every tier's subnets, one per AZ, is valid", () => {
    // GIVEN the default tiers of an existing VPC WHEN loaded THEN no problem
    expect(problemsOf({ network: existingNetwork() })).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, RegExp]>([
    [
      "a malformed VPC id",
      { network: existingNetwork({ vpcId: "vpc-123" }) },
      { network: existingNetwork({ vpcId: "vpc-0123abcd" }) },
      /^network\.existing\.vpcId: "vpc-123" is not valid — must be a VPC id such as vpc-0123456789abcdef0/,
    ],
    [
      "a malformed subnet id",
      withTiers({ app: [{ ...app[0], subnetId: "sub-1" }, app[1]], ops }),
      withTiers({ app, ops }),
      /^network\.existing\.tiers\.app\[0\]\.subnetId: "sub-1" is not valid — must be a subnet id such as subnet-/,
    ],
    [
      "a malformed route table id",
      withTiers({ app, ops: [ops[0], { ...ops[1], routeTableId: "rt-0bbb" }] }),
      withTiers({ app, ops }),
      /^network\.existing\.tiers\.ops\[1\]\.routeTableId: "rt-0bbb" is not valid — must be a route table id such as rtb-/,
    ],
    [
      "a tier that is not in network.tiers",
      withTiers({ app, ops, dmz: batch }),
      withTiers({ app, ops }),
      new RegExp(
        String.raw`^network\.existing\.tiers\.dmz: tier "dmz" is not in network\.tiers — use one of: app, ` +
          String.raw`ops, or add \{ "name": "dmz" \} to network\.tiers`,
      ),
    ],
    [
      "a tier of network.tiers without subnets",
      withTiers({ app }),
      withTiers({ app, ops }),
      /^network\.existing\.tiers: tier "ops" \(network\.tiers\[1\]\) has no subnets here — add "ops": \[/,
    ],
    [
      "fewer subnets than AZs",
      withTiers({ app: [app[0]], ops }),
      withTiers({ app, ops }),
      new RegExp(
        String.raw`^network\.existing\.tiers\.app: tier "app" has 1 subnet but network\.azCount is 2 — give ` +
          String.raw`one \{ "subnetId", "routeTableId" \} per AZ`,
      ),
    ],
    [
      "a subnet given twice",
      withTiers({ app, ops: [ops[0], { ...ops[1], subnetId: app[0].subnetId }] }),
      withTiers({ app, ops }),
      new RegExp(
        String.raw`^network\.existing\.tiers\.ops\[1\]\.subnetId: subnet "subnet-0aaa0000000000001" is ` +
          String.raw`already given at network\.existing\.tiers\.app\[0\] — give each tier and AZ its own subnet`,
      ),
    ],
    [
      "a route table shared by tiers of different endpoint groups",
      withTiers({ app, ops: [{ ...ops[0], routeTableId: app[0].routeTableId }, ops[1]] }),
      // Tiers of one group may share a route table: batch rides on app's.
      threeTiers({ app, ops, batch: [{ ...batch[0], routeTableId: app[0].routeTableId }, batch[1]] }),
      new RegExp(
        String.raw`^network\.existing\.tiers\.ops\[0\]\.routeTableId: route table "rtb-0aaa0000000000001" is ` +
          String.raw`also tier "app"'s \(network\.existing\.tiers\.app\[0\]\), which routes to endpoint group ` +
          '"readers", while tier "ops" routes to endpoint group "publishers"; a route table can ' +
          "carry one S3 endpoint route — give the tiers of different endpoint groups their own route " +
          "tables",
      ),
    ],
    [
      "a CIDR for the VPC it would create",
      withNetwork({ cidr: "10.1.0.0/16" }),
      withNetwork({}),
      new RegExp(
        String.raw`^network\.cidr: "10\.1\.0\.0\/16" is set, but network\.existing brings its own VPC and ` +
          String.raw`the stack creates no VPC — remove network\.cidr`,
      ),
    ],
    [
      "a subnet mask",
      withNetwork({ subnetMask: 26 }),
      withNetwork({}),
      /^network\.subnetMask: 26 is set, but network\.existing brings its own VPC and the stack creates no subnets/,
    ],
    [
      "NAT gateways",
      withNetwork({ natGateways: "per-az" }),
      withNetwork({}),
      /^network\.natGateways: "per-az" is set, but .* creates no NAT gateways \(the existing route tables keep their routes\)/,
    ],
    [
      "a flow log retention",
      withNetwork({ flowLogRetentionDays: 731 }),
      withNetwork({}),
      /^network\.flowLogRetentionDays: 731 is set, but .* creates no flow logs/,
    ],
  ])("%s is a problem naming the path, the value and the fix; its fix is valid", (_name, failing, passing, expected) => {
    expect(problemsOf(failing)).toEqual([expect.stringMatching(expected)]);
    expect(problemsOf(passing)).toEqual([]);
  });

  test("names of the network the stack does not create are not checked: the flow-log role's name_prefix does not bind the project", () => {
    // GIVEN a project one character over what the flow-log role's name_prefix allows
    const project = "p".repeat(PROJECT_MAX_LENGTH + 1);
    // THEN it is refused with a VPC the stack creates, and accepted with an existing one, where the next limit binds one character later
    expect(problemsOf({ project })).toEqual([expect.stringMatching(/^project: .* the flow-log IAM role's name_prefix/)]);
    expect(problemsOf({ project, network: existingNetwork() })).toEqual([]);
    expect(problemsOf({ project: `${project}p`, network: existingNetwork() })).toEqual([
      expect.stringMatching(/^project: .* the script bucket's bucket_prefix/),
    ]);
  });

  test("the created VPC's CIDR capacity is not checked for an existing one, and azCount still counts its AZs", () => {
    // GIVEN six AZs in an existing VPC (the default CIDR and mask would hold them anyway, so count instead)
    const six = (prefix: string) =>
      [0, 1, 2, 3, 4, 5].map((az) => ({
        subnetId: `subnet-0${prefix}0000000000000${az}`,
        routeTableId: `rtb-0${prefix}0000000000000${az}`,
      }));
    const config = {
      network: { ...existingNetwork({ tiers: { app: six("aa"), ops: six("bb") } }), azCount: 6 },
      instances: [{ name: "web", tier: "app", az: 5 }],
    };
    expect(problemsOf(config)).toEqual([]);
    expect(problemsOf({ ...config, instances: [{ name: "web", tier: "app", az: 6 }] })).toEqual([
      expect.stringMatching(/^instances\[0\]\.az: /),
    ]);
  });
});

describe("all problems at once", () => {
  test("a schema error does not hide cross-field problems elsewhere in the config", () => {
    // GIVEN a wrong type in network AND an instance in an unknown tier
    const problems = problemsOf({ network: { azCount: "2" }, instances: [{ name: "web", tier: "dmz" }] });
    // THEN both are reported
    expect(problems).toEqual([
      expect.stringMatching(/^network\.azCount: "2" is not a number/),
      expect.stringMatching(/^instances\[0\]\.tier: unknown tier "dmz"/),
    ]);
  });

  test("a cross-field check never reports on a field that already failed its schema", () => {
    const problems = problemsOf({ network: { cidr: "10.0.0.0/99" } });
    expect(problems).toHaveLength(1);
  });

  test("keys that are not plain names are quoted in paths, so every problem stays on one line", () => {
    expect(problemsOf({ "bad\nkey": 1 })).toEqual([expect.stringMatching(/^\["bad\\nkey"\]: unknown field/)]);
    expect(problemsOf({ tags: { "a b": 1 } })).toEqual([expect.stringMatching(/^tags\["a b"\]: 1 is not a string/)]);
  });
});

describe("generated names fit the limits of the attributes they feed (config/names.ts)", () => {
  const project = (length: number) => `p${"a".repeat(length - 1)}`;

  test(
    `a project of ${PROJECT_MAX_LENGTH} characters is accepted; one more exceeds the flow-log role's name_prefix, ` +
      `in one line naming the field`,
    () => {
      expect(PROJECT_MAX_LENGTH).toBe(NAMES.flowLogRole.limit - "-flow-logs-".length);
      expect(problemsOf({ project: project(PROJECT_MAX_LENGTH) })).toEqual([]);
      expect(problemsOf({ project: project(PROJECT_MAX_LENGTH + 1) })).toEqual([
        `project: "${project(28)}" is 28 characters, but the flow-log IAM role's name_prefix "<project>-flow-logs-" ` +
          `allows at most 38 — use a project name of at most 27 characters`,
      ]);
    },
  );

  test(
    "a project over several limits is one line, naming the tightest (the script bucket's bucket_prefix allows one " + "character more)",
    () => {
      expect(problemsOf({ project: project(29) })).toEqual([
        expect.stringMatching(/^project: "pa+" is 29 characters, but the flow-log IAM role's name_prefix .* at most 27 characters$/),
      ]);
      expect(problemsOf({ project: project(60) })).toHaveLength(1);
    },
  );

  test("the schema's message for a malformed project states the derived maximum", () => {
    expect(problemsOf({ project: "Vpce-Demo" })).toEqual([
      `project: "Vpce-Demo" is not valid — must be 3-${PROJECT_MAX_LENGTH} lower-case letters, digits and hyphens, starting with a letter`,
    ]);
  });

  test("tier, group and instance names at the 32-character maximum fit with the longest project", () => {
    const long = (name: string) => `${name}-${"z".repeat(31 - name.length)}`;
    expect(
      problemsOf({
        project: project(PROJECT_MAX_LENGTH),
        network: { tiers: [{ name: long("app") }] },
        endpointGroups: [{ name: long("readers"), tiers: [long("app")] }],
        instances: [{ name: long("web"), tier: long("app") }],
      }),
    ).toEqual([]);
  });

  test(
    "an instance name is checked with the project: the instance profile's name_prefix (102) binds at 92 characters " +
      "with a 8-character project",
    () => {
      // The schema caps instance names at 32, so this runs the cross-field checks on a parsed config directly, as a longer cap would.
      const { config } = parseScenario({ project: "cfg-test", region: "us-east-1" }, ROOT);
      const withInstance = (length: number) => ({ ...config, instances: [{ ...config.instances[0], name: `i${"n".repeat(length - 1)}` }] });
      expect(semanticProblems(withInstance(92))).toEqual([]);
      expect(semanticProblems(withInstance(93)).map(formatProblem)).toEqual([
        expect.stringMatching(
          new RegExp(
            String.raw`^instances\[0\]\.name: "in+\.\.\. is 93 characters; with project "cfg-test", the instance ` +
              `profile's name_prefix "<project>-<instance>-" would be 103 characters, over its limit of ` +
              "102 — use an instance name of at most 92 characters, or a shorter project$",
          ),
        ),
      ]);
    },
  );

  test("a name that would begin with a prefix AWS reserves is refused, naming the field it begins with", () => {
    expect(problemsOf({ project: "sg-demo" })).toEqual([
      'project: "sg-demo" makes the instance security group\'s name_prefix "<project>-<instance>-" begin with "sg-", ' +
        'which AWS reserves — use a project name that does not begin with "sg-"',
    ]);
    expect(problemsOf({ project: "sg-demo", instances: [] })).toEqual([]);
    expect(problemsOf({ project: "xn--demo" })).toEqual([
      expect.stringMatching(
        /^project: "xn--demo" makes the script bucket's bucket_prefix "<project>-scripts-" begin with "xn--", which AWS reserves/,
      ),
    ]);
    expect(problemsOf({ project: "xn--demo", bucket: { name: "my-scripts", accessLogs: false } })).toEqual([]);
    expect(problemsOf({ project: "sthree-demo" })).toEqual([expect.stringMatching(/^project: .* begin with "sthree-"/)]);
  });

  test("a name the stack does not build is not checked: no bucket_prefix with an exact bucket name", () => {
    // 28 characters fit the script bucket's bucket_prefix (37 - "-scripts-") only just; with bucket.name it is not built at all.
    expect(problemsOf({ project: "amzn-s3-demo-x", bucket: { name: "my-scripts", accessLogs: false } })).toEqual([]);
    expect(problemsOf({ project: "amzn-s3-demo-x" })).toHaveLength(1);
  });
});
