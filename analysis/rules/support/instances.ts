/** What rules need to know about an instance: its route to S3, its user data, what it uses. */
import type { BucketModel, InstanceModel, S3EndpointModel, SubnetModel, Topology } from "../../topology/model";
import { writtenDocument } from "../../topology/policy-read";
import { relationsOf } from "../../topology/relations";
import { UNRESOLVED, isExpression, type Unresolved } from "../../topology/values";
import { bucketMentions } from "./buckets";

/** The subnet the instance is launched in, when the topology knows it. */
export function subnetOf(topology: Topology, instance: InstanceModel): SubnetModel | undefined {
  return relationsOf(topology).routeOf(instance).subnet;
}

/**
 * The S3 endpoints on the route table of the instance's subnet; UNRESOLVED when the subnet or
 * its route table is not known (a variable, or the VPC's main route table).
 */
export function endpointsRouting(topology: Topology, instance: InstanceModel): S3EndpointModel[] | Unresolved {
  const { routeTable, endpoints } = relationsOf(topology).routeOf(instance);
  return routeTable === undefined ? UNRESOLVED : [...endpoints];
}

/** The instances routed through an endpoint (unresolvable routes are left out). */
export function instancesBehind(topology: Topology, endpoint: S3EndpointModel): InstanceModel[] {
  return topology.instances.filter((instance) => {
    const endpoints = endpointsRouting(topology, instance);
    return endpoints !== UNRESOLVED && endpoints.includes(endpoint);
  });
}

/** Why a rule on the user data is not evaluated when {@link userDataText} is UNRESOLVED. */
export const USER_DATA_UNKNOWN = "the user data is not known from the input (one expression, or only its hash in a plan or state)";

/**
 * The user data text as the reader gives it (`user_data`, or a literal `user_data_base64`
 * decoded). undefined when there is none; UNRESOLVED when it is one expression
 * (`${file(...)}`, `${templatefile(...)}`). Interpolations inside a literal script stay in the text.
 */
export function userDataText(instance: InstanceModel): string | undefined | Unresolved {
  const text = instance.userData;
  if (text === undefined || text === "") return undefined;
  return isWholeExpression(text) ? UNRESOLVED : text;
}

/** True when the whole string is one `${...}` interpolation. */
function isWholeExpression(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith("${") || !isExpression(trimmed)) return false;
  let depth = 0;
  for (let i = 1; i < trimmed.length; i++) {
    if (trimmed[i] === "{") depth++;
    else if (trimmed[i] === "}" && --depth === 0) return i === trimmed.length - 1;
  }
  return false;
}

/** True when the instance's user data or role policies name the bucket. */
export function instanceUsesBucket(topology: Topology, instance: InstanceModel, bucket: BucketModel): boolean {
  const userData = userDataText(instance);
  const role = instance.roleAddress === undefined ? undefined : relationsOf(topology).role(instance.roleAddress);
  const texts = [
    typeof userData === "string" ? userData : "",
    ...(role?.policies ?? []).map((p) => JSON.stringify(writtenDocument(p) ?? "")),
  ];
  const mentions = bucketMentions(topology, bucket);
  return texts.some((text) => mentions.some((mention) => text.includes(mention)));
}
