import fc from "fast-check";
import { readTerraformJson, TopologyInputError } from "../../../analysis/topology";
import type { Topology } from "../../../analysis/topology/model";
import { readPlanJson } from "../../../analysis/topology/read-plan";
import { exampleTopology } from "./fixtures/synth";

describe("readTerraformJson on the synthesized default scenario", () => {
  let topology: Topology;
  beforeAll(() => {
    topology = exampleTopology();
  });

  test("GIVEN the default config WHEN read THEN every subnet has its own route table and private tables default to the NAT", () => {
    expect(topology.vpcRefs).toHaveLength(1);
    expect(topology.subnets).toHaveLength(6);
    const tableRefs = topology.subnets.map((subnet) => subnet.routeTableRef);
    expect(new Set(tableRefs).size).toBe(6);
    expect(topology.natGatewayRefs).toHaveLength(1);
    for (const table of topology.routeTables.filter((t) => t.address.includes("_app_") || t.address.includes("_ops_"))) {
      expect(table.routes).toContainEqual(
        expect.objectContaining({ destination: "0.0.0.0/0", targetKind: "nat", target: topology.natGatewayRefs[0] }),
      );
      expect(table.subnetRefs).toHaveLength(1);
    }
  });

  test(
    "GIVEN the default config WHEN read THEN endpoint readers holds the app tables and publishers the ops tables, " + "by route table ref",
    () => {
      const byName = new Map(topology.endpoints.map((endpoint) => [endpoint.name, endpoint]));
      expect([...byName.keys()].sort()).toEqual(["publishers", "readers"]);
      const tierOf = (ref: string): string | undefined => topology.subnets.find((subnet) => subnet.routeTableRef === ref)?.label;
      expect(byName.get("readers")?.routeTableRefs.map(tierOf)).toEqual(["app", "app"]);
      expect(byName.get("publishers")?.routeTableRefs.map(tierOf)).toEqual(["ops", "ops"]);
      expect(byName.get("readers")?.region).toBe("us-east-1");
      expect(byName.get("readers")?.policy).toMatchObject({
        state: "ok",
        document: { Statement: expect.arrayContaining([expect.objectContaining({ Sid: "ScriptBucketAccess" })]) },
      });
    },
  );

  test("GIVEN the default config WHEN read THEN the route tables carry the endpoint route AWS adds", () => {
    const readers = topology.endpoints.find((endpoint) => endpoint.name === "readers");
    const table = topology.routeTables.find((t) => t.ref === readers?.routeTableRefs[0]);
    expect(table?.routes).toContainEqual({
      destination: `\${${readers?.address}.prefix_list_id}`,
      target: readers?.ref,
      targetKind: "endpoint",
      address: readers?.address,
      targetAddress: readers?.address,
    });
  });

  test("GIVEN the default config WHEN read THEN the script bucket has its policy, SSE-KMS key and three script keys", () => {
    const bucket = topology.buckets.find((b) => b.objectKeys.length > 0);
    expect(bucket?.objectKeys).toEqual(["bootstrap/00-prepare.sh", "bootstrap/10-app.sh", "bootstrap/90-health.sh"]);
    expect(bucket?.encryption).toBe("kms");
    expect(bucket?.arnRef).toBe(`\${${bucket?.address}.arn}`);
    expect(bucket?.policy.address).toMatch(/^aws_s3_bucket_policy\./);
    expect(bucket?.policy).toMatchObject({
      state: "ok",
      document: { Statement: expect.arrayContaining([expect.objectContaining({ Sid: "DenyOutsideScenarioEndpoints", Effect: "Deny" })]) },
    });
    const key = topology.kmsKeys.find((k) => k.arnRef === bucket?.kmsKeyRef);
    expect(key?.rotation).toBe(true);
    expect(key?.policy.state).toBe("ok");
  });

  test("GIVEN the default config WHEN read THEN instance web sits in an app subnet with its role, policy and user data", () => {
    const [web] = topology.instances;
    expect(web?.name).toBe("web");
    expect(topology.subnets.find((s) => s.ref === web?.subnetRef)?.label).toBe("app");
    const role = topology.roles.find((r) => r.address === web?.roleAddress);
    expect(
      role?.policies.flatMap((p) => (p.state === "ok" && Array.isArray(p.document.Statement) ? p.document.Statement : [])),
    ).toContainEqual(expect.objectContaining({ Sid: "ReadOwnBootScripts" }));
    expect(web?.userData).toContain("#cloud-config");
    expect(web?.securityGroupRefs).toHaveLength(1);
  });

  test("GIVEN the default config WHEN read THEN the deployer and account resolve through the caller identity data sources", () => {
    expect(topology.deployerArnRefs).toEqual([expect.stringMatching(/^\$\{data\.aws_iam_session_context\.\w+\.issuer_arn\}$/)]);
    expect(topology.accountRef).toMatch(/^\$\{data\.aws_caller_identity\.\w+\.account_id\}$/);
    expect(topology.region).toBe("us-east-1");
    expect(topology.format).toBe("terraform-json");
  });
});

describe("readTerraformJson on hand-written Terraform JSON", () => {
  const handWritten = {
    provider: { aws: [{ region: "eu-central-1" }, { alias: "dr", region: "eu-west-1" }] },
    resource: {
      aws_vpc: { main: { cidr_block: "10.0.0.0/16" } },
      aws_subnet: {
        a: { vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.1.0/24", tags: { Name: "private-a" } },
        b: { vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.2.0/24" },
      },
      aws_nat_gateway: { gw: { subnet_id: "${aws_subnet.b.id}" } },
      aws_route_table: {
        private: { vpc_id: "${aws_vpc.main.id}", route: [{ cidr_block: "0.0.0.0/0", nat_gateway_id: "${aws_nat_gateway.gw.id}" }] },
        main: { vpc_id: "${aws_vpc.main.id}" },
      },
      aws_route_table_association: { a: { subnet_id: "${aws_subnet.a.id}", route_table_id: "${aws_route_table.private.id}" } },
      aws_main_route_table_association: { m: { vpc_id: "${aws_vpc.main.id}", route_table_id: "${aws_route_table.main.id}" } },
      aws_vpc_endpoint: {
        s3: {
          vpc_id: "${aws_vpc.main.id}",
          service_name: "com.amazonaws.eu-central-1.s3",
          policy: "${data.aws_iam_policy_document.endpoint.json}",
        },
      },
      aws_vpc_endpoint_route_table_association: {
        private: { vpc_endpoint_id: "${aws_vpc_endpoint.s3.id}", route_table_id: "${aws_route_table.private.id}" },
      },
      aws_s3_bucket: {
        legacy: {
          bucket: "legacy-bucket",
          policy:
            '{"Version":"2012-10-17","Statement":[{"Sid":"Tls","Effect":"Deny","Principal":"*","Action":"s3:*",' +
            '"Resource":"${aws_s3_bucket.legacy.arn}/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}',
          server_side_encryption_configuration: {
            rule: {
              apply_server_side_encryption_by_default: {
                sse_algorithm: "aws:kms",
                kms_master_key_id: "${aws_kms_alias.data.target_key_arn}",
              },
            },
          },
        },
        replica: { provider: "aws.dr", bucket_prefix: "replica-", count: 1 },
      },
      aws_s3_bucket_policy: { replica: { bucket: "${aws_s3_bucket.replica.bucket}", policy: "${jsonencode({Statement = []})}" } },
      aws_s3_object: { boot: { bucket: "${aws_s3_bucket.legacy.id}", key: "boot/a.sh" } },
      aws_kms_key: { data: { enable_key_rotation: true } },
      aws_kms_alias: { data: { name: "alias/data", target_key_id: "${aws_kms_key.data.key_id}" } },
      aws_kms_key_policy: { data: { key_id: "${aws_kms_key.data.id}", policy: "not json at all" } },
      aws_iam_role: {
        app: {
          name: "app",
          assume_role_policy: "{}",
          inline_policy: [{ name: "i", policy: '{"Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}' }],
        },
      },
      aws_iam_policy: {
        read: {
          policy: '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::legacy-bucket/$${aws:username}/*"}]}',
        },
      },
      aws_iam_role_policy_attachment: {
        read: { role: "app", policy_arn: "${aws_iam_policy.read.arn}" },
        ssm: { role: "${aws_iam_role.app.name}", policy_arn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" },
      },
      aws_iam_instance_profile: { app: { name: "app-profile", role: "${aws_iam_role.app.name}" } },
      aws_instance: {
        app: {
          subnet_id: "${aws_subnet.a.id}",
          iam_instance_profile: "app-profile",
          depends_on: ["aws_route_table_association.a"],
          tags: { Name: "app-1" },
        },
      },
    },
    data: {
      aws_iam_policy_document: {
        endpoint: {
          statement: [
            {
              sid: "OnlyLegacy",
              actions: ["s3:GetObject"],
              resources: ["arn:aws:s3:::${aws_s3_bucket.legacy.id}/*"],
              principals: [{ type: "*", identifiers: ["*"] }],
              condition: [
                { test: "StringEquals", variable: "aws:PrincipalAccount", values: ["${data.aws_caller_identity.me.account_id}"] },
              ],
            },
          ],
        },
      },
      aws_caller_identity: { me: {} },
    },
  };
  let topology: Topology;
  beforeAll(() => {
    topology = readTerraformJson(handWritten, "hand-written.tf.json");
  });

  test("GIVEN inline routes and association resources WHEN read THEN each subnet gets its explicit or main route table", () => {
    const [a, b] = topology.subnets;
    expect(a?.routeTableRef).toBe("${aws_route_table.private.id}");
    expect(a?.label).toBe("private-a");
    expect(b?.routeTableRef).toBe("${aws_route_table.main.id}");
    const privateTable = topology.routeTables.find((t) => t.address === "aws_route_table.private");
    expect(privateTable?.routes[0]).toEqual({
      destination: "0.0.0.0/0",
      target: "${aws_nat_gateway.gw.id}",
      targetKind: "nat",
      address: "aws_route_table.private",
      targetAddress: "aws_nat_gateway.gw",
    });
  });

  test("GIVEN an endpoint with an association resource and a policy document data source WHEN read THEN both are resolved", () => {
    const [endpoint] = topology.endpoints;
    expect(endpoint?.routeTableRefs).toEqual(["${aws_route_table.private.id}"]);
    expect(endpoint?.policy).toMatchObject({
      state: "ok",
      address: "data.aws_iam_policy_document.endpoint",
      document: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "OnlyLegacy",
            Effect: "Allow",
            Action: ["s3:GetObject"],
            Resource: ["arn:aws:s3:::legacy-bucket/*"],
            Principal: "*",
            Condition: { StringEquals: { "aws:PrincipalAccount": ["${data.aws_caller_identity.me.account_id}"] } },
          },
        ],
      },
    });
  });

  test(
    "GIVEN an old-style bucket WHEN read THEN its inline policy, inline SSE-KMS through an alias and objects are " +
      "read, and ARN refs become its literal ARN",
    () => {
      const legacy = topology.buckets.find((b) => b.address === "aws_s3_bucket.legacy");
      expect(legacy).toMatchObject({
        nameRef: "legacy-bucket",
        arnRef: "arn:aws:s3:::legacy-bucket",
        encryption: "kms",
        kmsKeyRef: "${aws_kms_key.data.arn}",
        objectKeys: ["boot/a.sh"],
        region: "eu-central-1",
      });
      expect(legacy?.policy).toMatchObject({
        state: "ok",
        document: { Statement: [expect.objectContaining({ Resource: "arn:aws:s3:::legacy-bucket/*" })] },
      });
    },
  );

  test("GIVEN a bucket on an aliased provider with count WHEN read THEN it takes that provider's region and is marked repeated", () => {
    const replica = topology.buckets.find((b) => b.address === "aws_s3_bucket.replica");
    expect(replica).toMatchObject({ region: "eu-west-1", encryption: "none", nameRef: "${aws_s3_bucket.replica.bucket}" });
    expect(topology.resources.find((r) => r.address === "aws_s3_bucket.replica")?.repeated).toBe(true);
    expect(topology.region).toBe("eu-central-1");
  });

  test("GIVEN a jsonencode policy and a non-JSON key policy WHEN read THEN they are unresolved with a reason", () => {
    const replica = topology.buckets.find((b) => b.address === "aws_s3_bucket.replica");
    expect(replica?.policy).toEqual({
      state: "unresolved",
      address: "aws_s3_bucket_policy.replica",
      reason: expect.stringContaining("jsonencode"),
    });
    expect(topology.kmsKeys[0]?.policy).toEqual({
      state: "unresolved",
      address: "aws_kms_key_policy.data",
      reason: expect.stringMatching(/not JSON/),
    });
  });

  test(
    "GIVEN inline, attached and AWS-managed role policies WHEN read THEN the documents are found and the managed " + "ARN is external",
    () => {
      const [role] = topology.roles;
      expect(role?.policies.map((p) => p.address)).toEqual(["aws_iam_role.app", "aws_iam_policy.read"]);
      expect(role?.externalPolicyArns).toEqual(["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
      const policy = role?.policies[1];
      const statement = policy?.state === "ok" ? policy.document.Statement : undefined;
      expect(Array.isArray(statement) ? statement[0]?.Resource : undefined).toBe("arn:aws:s3:::legacy-bucket/${aws:username}/*");
    },
  );

  test("GIVEN an instance naming its profile by literal name WHEN read THEN its role and subnet are found", () => {
    expect(topology.instances[0]).toMatchObject({ name: "app-1", subnetRef: "${aws_subnet.a.id}", roleAddress: "aws_iam_role.app" });
    expect(topology.instances[0]?.values["depends_on"]).toEqual(["aws_route_table_association.a"]);
  });

  test("GIVEN the array-of-blocks form WHEN read THEN it yields the same model as the object form", () => {
    const arrayForm = {
      provider: [{ aws: [{ region: "us-west-2" }] }],
      resource: [
        { aws_vpc: [{ v: [{ cidr_block: "10.0.0.0/16" }] }] },
        { aws_subnet: [{ s: [{ vpc_id: "${aws_vpc.v.id}", cidr_block: "10.0.0.0/24" }] }] },
        {
          aws_route_table: [
            { r: [{ vpc_id: "${aws_vpc.v.id}", route: [{ cidr_block: "0.0.0.0/0", gateway_id: "${aws_internet_gateway.i.id}" }] }] },
          ],
        },
        { aws_internet_gateway: [{ i: [{ vpc_id: "${aws_vpc.v.id}" }] }] },
        { aws_route_table_association: [{ a: [{ subnet_id: "${aws_subnet.s.id}", route_table_id: "${aws_route_table.r.id}" }] }] },
      ],
    };
    const read = readTerraformJson(arrayForm, "array.tf.json");
    expect(read.region).toBe("us-west-2");
    expect(read.subnets[0]?.routeTableRef).toBe("${aws_route_table.r.id}");
    expect(read.routeTables[0]?.routes[0]).toMatchObject({ targetKind: "igw", target: "${aws_internet_gateway.i.id}" });
  });

  test(
    "GIVEN the VPC's main route table managed as aws_default_route_table WHEN an endpoint names it through the VPC " +
      "THEN unassociated subnets and the endpoint share it",
    () => {
      const read = readTerraformJson(
        {
          resource: {
            aws_vpc: { v: { cidr_block: "10.0.0.0/16" } },
            aws_subnet: { s: { vpc_id: "${aws_vpc.v.id}", cidr_block: "10.0.0.0/24" } },
            aws_default_route_table: { main: { default_route_table_id: "${aws_vpc.v.default_route_table_id}", route: [] } },
            aws_vpc_endpoint: {
              s3: {
                vpc_id: "${aws_vpc.v.id}",
                service_name: "com.amazonaws.us-east-1.s3",
                vpc_endpoint_type: "Gateway",
                route_table_ids: ["${aws_vpc.v.default_route_table_id}"],
              },
            },
          },
        },
        "main-table.tf.json",
      );
      expect(read.subnets[0]?.routeTableRef).toBe("${aws_default_route_table.main.id}");
      expect(read.endpoints[0]?.routeTableRefs).toEqual(["${aws_default_route_table.main.id}"]);
      expect(read.routeTables[0]).toMatchObject({ vpcRef: "${aws_vpc.v.id}", subnetRefs: ["${aws_subnet.s.id}"] });
    },
  );

  test("GIVEN CDKTF metadata keys everywhere WHEN read THEN they are skipped and the construct path is kept", () => {
    const read = readTerraformJson(
      {
        "//": { metadata: {} },
        resource: { "//": {}, aws_vpc: { "//": {}, v: { "//": { metadata: { path: "stack/Net/Vpc" } }, cidr_block: "10.0.0.0/16" } } },
      },
      "meta",
    );
    expect(read.resources).toEqual([
      {
        address: "aws_vpc.v",
        mode: "managed",
        type: "aws_vpc",
        name: "v",
        values: { cidr_block: "10.0.0.0/16" },
        repeated: false,
        constructPath: "stack/Net/Vpc",
      },
    ]);
  });
});

describe("readTerraformJson input checks", () => {
  test.each([
    ["null", null],
    ["an array", [1, 2]],
    ["a string", "resource"],
    ["an object without Terraform blocks", { foo: 1 }],
  ])("GIVEN %s WHEN read THEN it throws a one-line TopologyInputError", (_label, doc) => {
    expect(() => readTerraformJson(doc, "in.json")).toThrow(TopologyInputError);
    expect(() => readTerraformJson(doc, "in.json")).toThrow(/^in\.json: not Terraform JSON \([^\n]+\)$/);
  });

  test("GIVEN only variables, outputs or empty blocks WHEN read THEN an empty topology comes back", () => {
    expect(readTerraformJson({ variable: { x: {} }, output: {} }, "v").resources).toEqual([]);
    expect(readTerraformJson({ resource: { aws_vpc: null, aws_subnet: [], aws_instance: { a: null } }, data: 3 }, "w").resources).toEqual(
      [],
    );
  });

  test("GIVEN arbitrary JSON inside the Terraform blocks WHEN read THEN the reader never throws", () => {
    const block = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 4 });
    const types = fc.constantFrom(
      "aws_vpc",
      "aws_subnet",
      "aws_route_table",
      "aws_route",
      "aws_vpc_endpoint",
      "aws_s3_bucket",
      "aws_s3_bucket_policy",
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_instance",
      "aws_kms_key",
      "aws_iam_policy_document",
    );
    const resources = fc.dictionary(
      types,
      fc.oneof(fc.dictionary(fc.string({ maxLength: 6 }), block, { maxKeys: 3 }), fc.jsonValue({ maxDepth: 3 })),
      { maxKeys: 6 },
    );
    fc.assert(
      fc.property(resources, resources, fc.jsonValue({ maxDepth: 3 }), (resource, data, provider) => {
        readTerraformJson({ resource, data, provider }, "fuzz");
      }),
      { numRuns: 300 },
    );
  });
});

describe("an existing VPC's subnets and route tables, looked up by the input", () => {
  const vpc = "vpc-0a1b2c3d4e5f60789";
  const endpoint = {
    service_name: "com.amazonaws.us-east-1.s3",
    vpc_endpoint_type: "Gateway",
    vpc_id: vpc,
    route_table_ids: ["rtb-0aaa0000000000001"],
  };

  test(
    "GIVEN data aws_subnet and data aws_route_table by subnet_id WHEN read THEN the literal subnet uses the literal " +
      "route table, which carries the endpoint's route",
    () => {
      // GIVEN Terraform JSON as Network.fromExisting writes it, with resources that name the literal ids
      const topology = readTerraformJson(
        {
          data: {
            aws_subnet: { app: { id: "subnet-0aaa0000000000001", vpc_id: vpc } },
            aws_route_table: { app: { route_table_id: "rtb-0aaa0000000000001", subnet_id: "subnet-0aaa0000000000001", vpc_id: vpc } },
          },
          resource: { aws_vpc_endpoint: { readers: endpoint }, aws_instance: { web: { subnet_id: "subnet-0aaa0000000000001" } } },
        },
        "byo",
      );
      // THEN
      expect(topology.subnets).toEqual([
        expect.objectContaining({
          address: "data.aws_subnet.app",
          ref: "subnet-0aaa0000000000001",
          routeTableRef: "rtb-0aaa0000000000001",
          vpcRef: vpc,
          label: "subnet-0aaa0000000000001",
        }),
      ]);
      expect(topology.routeTables).toEqual([
        expect.objectContaining({
          address: "data.aws_route_table.app",
          ref: "rtb-0aaa0000000000001",
          subnetRefs: ["subnet-0aaa0000000000001"],
          routes: [expect.objectContaining({ targetKind: "endpoint", target: "${aws_vpc_endpoint.readers.id}" })],
        }),
      ]);
      expect(topology.instances[0]?.subnetRef).toBe("subnet-0aaa0000000000001");
    },
  );

  test("GIVEN a route table looked up by another subnet WHEN read THEN a subnet it was not looked up by gets no route table", () => {
    const topology = readTerraformJson(
      {
        data: {
          aws_subnet: { app: { id: "subnet-0aaa0000000000001" }, other: { id: "subnet-0aaa0000000000009" } },
          aws_route_table: { app: { route_table_id: "rtb-0aaa0000000000001", subnet_id: "subnet-0aaa0000000000001" } },
        },
      },
      "byo",
    );
    expect(topology.subnets.find((subnet) => subnet.address === "data.aws_subnet.other")?.routeTableRef).toBeUndefined();
  });

  test("GIVEN a plan that read the lookups WHEN read THEN the table's known routes and associations count", () => {
    // GIVEN data sources as `terraform show -json` prints them after reading them at plan time
    const topology = readPlanJson(
      {
        format_version: "1.2",
        planned_values: {
          root_module: {
            resources: [
              {
                address: "data.aws_subnet.app",
                mode: "data",
                type: "aws_subnet",
                name: "app",
                values: { id: "subnet-0aaa0000000000002", vpc_id: vpc, tags: { Name: "legacy-app" } },
              },
              {
                address: "data.aws_route_table.app",
                mode: "data",
                type: "aws_route_table",
                name: "app",
                values: {
                  id: "rtb-0aaa0000000000002",
                  route_table_id: "rtb-0aaa0000000000002",
                  subnet_id: "subnet-0aaa0000000000002",
                  vpc_id: vpc,
                  associations: [{ subnet_id: "subnet-0aaa0000000000002", main: false }],
                  routes: [{ cidr_block: "0.0.0.0/0", nat_gateway_id: "nat-0123456789abcdef0" }],
                },
              },
            ],
          },
        },
      },
      "plan",
    );
    // THEN
    expect(topology.subnets).toEqual([
      expect.objectContaining({ ref: "subnet-0aaa0000000000002", routeTableRef: "rtb-0aaa0000000000002", label: "legacy-app" }),
    ]);
    expect(topology.routeTables[0]?.routes).toEqual([
      expect.objectContaining({ destination: "0.0.0.0/0", targetKind: "nat", target: "nat-0123456789abcdef0" }),
    ]);
  });
});
