/**
 * The topology reader on values as real Terraform writes them (issue #12, class B): unset blocks as
 * `[]` or `null`, templates around references, `count` / `for_each` instance keys, templated tags.
 * Plan format: https://developer.hashicorp.com/terraform/internals/json-format
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readTerraformJson } from "../../../analysis/topology";
import type { Topology } from "../../../analysis/topology/model";
import { readPlanJson } from "../../../analysis/topology/read-plan";
import { unknownReason } from "../../../analysis/topology/unknown";

const PLAN = JSON.parse(readFileSync(join(__dirname, "..", "..", "cli", "fixtures", "boot-plan.json"), "utf8")) as unknown;

function statementsOf(topology: Topology, address: string): { Resource?: unknown; Condition?: unknown }[] {
  const policy = [...topology.buckets.map((b) => b.policy), ...topology.endpoints.map((e) => e.policy)].find(
    (read) => read.address === address,
  );
  const statement = policy?.state === "ok" ? policy.document.Statement : undefined;
  return (Array.isArray(statement) ? statement : statement === undefined ? [] : [statement]) as { Resource?: unknown }[];
}

describe("unset nested blocks", () => {
  test("GIVEN a planned aws_instance with launch_template: [] and volume_tags: null WHEN read THEN neither is set", () => {
    const topology = readPlanJson(PLAN, "boot-plan");
    const web = topology.instances.find((instance) => instance.address === "aws_instance.web[0]");
    expect(web?.values).not.toHaveProperty("launch_template");
    expect(web?.values).not.toHaveProperty("volume_tags");
    expect(web?.values["metadata_options"]).toEqual([expect.objectContaining({ http_tokens: "required" })]);
    expect((web?.values["root_block_device"] as Record<string, unknown>[])[0]).not.toHaveProperty("tags");
  });

  test("GIVEN Terraform JSON with launch_template: [] and network_interface: null WHEN read THEN neither is set", () => {
    const topology = readTerraformJson(
      { resource: { aws_instance: { web: { ami: "ami-1", launch_template: [], network_interface: null } } } },
      "x",
    );
    expect(topology.instances[0]?.values).toEqual({ ami: "ami-1" });
  });
});

describe("templates around references", () => {
  test(
    'GIVEN a plan whose endpoint policy lists aws_s3_bucket.scripts.arn and "${aws_s3_bucket.scripts.arn}/*", known ' +
      "after apply WHEN read THEN both are unknown values naming the reference, not the bare ARN",
    () => {
      const topology = readPlanJson(PLAN, "boot-plan");
      const [statement] = statementsOf(topology, "data.aws_iam_policy_document.endpoint");
      expect(statement?.Resource).toHaveLength(2);
      for (const resource of statement?.Resource as string[])
        expect(unknownReason(resource)).toMatch(/^a value known after apply, computed from aws_s3_bucket\.scripts\.arn/);
    },
  );

  test(
    "GIVEN Terraform JSON templates WHEN read THEN literal + resolved reference is resolved, a part over a variable " +
      "makes the value unknown, and IAM policy variables stay",
    () => {
      const policy = {
        Version: "2012-10-17",
        Statement: [
          { Sid: "Known", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "${aws_s3_bucket.b.arn}/*" },
          { Sid: "Variable", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "${var.bucket_arn}/*" },
          {
            Sid: "PolicyVariable",
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: "${aws_s3_bucket.b.arn}/home/$${aws:username}/*",
          },
        ],
      };
      const topology = readTerraformJson(
        {
          resource: {
            aws_s3_bucket: { b: { bucket: "acme" } },
            aws_s3_bucket_policy: { p: { bucket: "${aws_s3_bucket.b.id}", policy: JSON.stringify(policy) } },
          },
        },
        "x",
      );
      const [known, variable, policyVariable] = statementsOf(topology, "aws_s3_bucket_policy.p");
      expect(known?.Resource).toBe("arn:aws:s3:::acme/*");
      expect(unknownReason(variable?.Resource as string)).toMatch(/var\.bucket_arn/);
      expect(policyVariable?.Resource).toBe("arn:aws:s3:::acme/home/${aws:username}/*");
    },
  );
});

describe("plan values of attribute-as-block arguments", () => {
  test(
    "GIVEN a route table whose route's gateway_id is known after apply WHEN read THEN the route targets the " +
      "internet gateway of the configuration's reference",
    () => {
      const topology = readPlanJson(PLAN, "boot-plan");
      const table = topology.routeTables.find((candidate) => candidate.address === "aws_route_table.public");
      expect(table?.routes).toEqual([
        expect.objectContaining({
          destination: "0.0.0.0/0",
          targetKind: "igw",
          target: "${aws_internet_gateway.igw.id}",
          targetAddress: "aws_internet_gateway.igw",
        }),
      ]);
    },
  );
});

describe("count and for_each instances", () => {
  test(
    "GIVEN two counted instances tagged Name = web and a for_each endpoint WHEN read THEN the instances are web[0] " +
      "and web[1] and the endpoint keeps its EndpointGroup tag",
    () => {
      const topology = readPlanJson(PLAN, "boot-plan");
      expect(topology.instances.map((instance) => [instance.address, instance.name])).toEqual([
        ["aws_instance.edge", "edge"],
        ["aws_instance.web[0]", "web[0]"],
        ["aws_instance.web[1]", "web[1]"],
      ]);
      expect(topology.endpoints.map((endpoint) => [endpoint.address, endpoint.name])).toEqual([
        ['aws_vpc_endpoint.s3["readers"]', "readers"],
      ]);
    },
  );

  test(
    "GIVEN untagged for_each endpoints and a templated Name tag WHEN read THEN names keep the instance key and " + "never hold ${...}",
    () => {
      const plan = {
        format_version: "1.2",
        planned_values: {
          root_module: {
            resources: [
              {
                address: 'aws_vpc_endpoint.s3["a"]',
                mode: "managed",
                type: "aws_vpc_endpoint",
                name: "s3",
                index: "a",
                values: { service_name: "com.amazonaws.us-east-1.s3", vpc_endpoint_type: "Gateway" },
              },
              {
                address: 'aws_vpc_endpoint.s3["b"]',
                mode: "managed",
                type: "aws_vpc_endpoint",
                name: "s3",
                index: "b",
                values: { service_name: "com.amazonaws.us-east-1.s3", vpc_endpoint_type: "Gateway" },
              },
            ],
          },
        },
      };
      expect(readPlanJson(plan, "p").endpoints.map((endpoint) => endpoint.name)).toEqual(['s3["a"]', 's3["b"]']);
      const json = readTerraformJson(
        { resource: { aws_subnet: { app: { cidr_block: "10.0.1.0/24", tags: { Name: "${var.project}-app" } } } } },
        "x",
      );
      expect(json.subnets[0]?.label).toBe("app");
    },
  );
});

describe("user data in plans", () => {
  test(
    "GIVEN a planned aws_instance whose user_data the provider keeps as a SHA-1 hash WHEN read THEN the user data " +
      "is the configuration's text, not the hash",
    () => {
      const topology = readPlanJson(PLAN, "boot-plan");
      const web = topology.instances.find((instance) => instance.address === "aws_instance.web[0]");
      expect(web?.userData).toBe("#!/bin/sh\naws s3 cp --region us-east-1 s3://acme-boot-scripts/boot/run.sh /tmp/run.sh\n");
    },
  );
});

describe("templated bucket names (subs0/micro writes `${resource.random_pet.p.id}`)", () => {
  test(
    "GIVEN a bucket named from a random_pet with the resource. prefix WHEN read THEN its name and a policy naming " +
      "it agree, without the prefix",
    () => {
      const document = {
        Statement: [
          { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::${resource.aws_s3_bucket.b.bucket}/*" },
        ],
      };
      const topology = readTerraformJson(
        {
          resource: {
            random_pet: { p: {} },
            aws_s3_bucket: { b: { bucket: "docker-me-${resource.random_pet.p.id}" } },
            aws_s3_bucket_policy: { b: { bucket: "${resource.aws_s3_bucket.b.bucket}", policy: JSON.stringify(document) } },
          },
        },
        "x",
      );
      const [bucket] = topology.buckets;
      expect(bucket).toMatchObject({ nameRef: "docker-me-${random_pet.p.id}", arnRef: "arn:aws:s3:::docker-me-${random_pet.p.id}" });
      expect(statementsOf(topology, "aws_s3_bucket_policy.b")[0]?.Resource).toBe("arn:aws:s3:::docker-me-${random_pet.p.id}/*");
    },
  );
});
