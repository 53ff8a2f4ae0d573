/**
 * VPCE-004: instances behind an S3 endpoint install packages (`dnf`/`yum`, or cloud-config
 * `packages` / `package_update` / `package_upgrade`, in user data) or run
 * Amazon Linux, but the endpoint policy does not allow `s3:GetObject` on the region's Amazon
 * Linux 2023 repository bucket (`al2023-repos-<region>-de612dc2/*`): package installs fail.
 */
import { al2023RepoBucket, partitionOf } from "../../aws-facts";
import type { InstanceModel, Topology } from "../../topology/model";
import { eachPolicy, type ReadDocument } from "../check";
import type { EndpointSubject } from "../subjects";
import { instancesBehind, userDataText } from "../support/instances";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { askProbe } from "../support/policy";
import { RuleStatus, type RuleOutcome } from "../types";

const PACKAGE_MANAGER = /(^|[\s;&|(`])(sudo\s+)?(dnf|yum)\s/m;
/** cloud-config that makes cloud-init run the package manager. */
const CLOUD_CONFIG_PACKAGES = /^\s*(package_update|package_upgrade):\s*true\b|^\s*packages:\s*(\[\s*\S|\r?\n\s*-)/m;
const AMAZON_LINUX_AMI = /al2023-ami|amzn2?-ami|amazon-linux|ami-amazon-linux/i;

export const amazonLinuxRepos = eachPolicy(
  "endpoint",
  {
    skip: (subject, topology) =>
      repoUsers(subject, topology).length === 0 ? "no instance behind it installs packages or runs Amazon Linux" : undefined,
    absent: { status: RuleStatus.COMPLIANT, detail: "no endpoint policy: full access" },
  },
  checkEndpoint,
);

function repoUsers({ endpoint }: EndpointSubject, topology: Topology): InstanceModel[] {
  return instancesBehind(topology, endpoint).filter((instance) => needsRepos(topology, instance));
}

function checkEndpoint(subject: EndpointSubject, read: ReadDocument, topology: Topology): RuleOutcome {
  const { endpoint } = subject;
  const users = repoUsers(subject, topology);
  if (endpoint.region === undefined) return unknown(endpoint.address, "the endpoint's region is not known");
  const resource = `arn:${partitionOf(endpoint.region)}:s3:::${al2023RepoBucket(endpoint.region)}/core/mirrors/latest/x86_64/mirror.list`;
  const answer = askProbe({ action: "s3:GetObject", resource, context: {}, endpointPolicy: read.document });
  if (answer.kind === "refused") return unknown(endpoint.address, "the endpoint policy could not be evaluated");
  if (answer.result.decision === "Allow") return compliant(endpoint.address);
  return nonCompliant(
    endpoint.address,
    `s3:GetObject on ${al2023RepoBucket(endpoint.region)} is not allowed; needed by ${users.map((i) => i.name).join(", ")}`,
  );
}

/** The instance runs dnf/yum at boot, or its AMI looks like Amazon Linux. */
function needsRepos(topology: Topology, instance: InstanceModel): boolean {
  const userData = userDataText(instance);
  if (typeof userData === "string" && (PACKAGE_MANAGER.test(userData) || CLOUD_CONFIG_PACKAGES.test(userData))) return true;
  const ami = instance.values["ami"];
  if (typeof ami !== "string") return false;
  const source = topology.resources.find((r) => r.mode === "data" && ami.includes(`${r.address}.`));
  return AMAZON_LINUX_AMI.test(JSON.stringify(source?.values ?? ami));
}
