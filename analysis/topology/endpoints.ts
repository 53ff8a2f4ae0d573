/**
 * S3 gateway endpoints: service name ending in `.s3`, type Gateway or unset. Route tables come from
 * `route_table_ids` and `aws_vpc_endpoint_route_table_association`; the policy is inline or an
 * `aws_vpc_endpoint_policy` (which wins, as it does in AWS).
 */
import { constructName, distinctNames, nameWithKey, refOf, type BuildContext } from "./context";
import { routeTableRefs as tableRefsOf } from "./route-tables";
import type { Address, PolicyRead, RawResource, S3EndpointModel } from "./model";
import { readPolicy } from "./policies";
import { asString, pushTo, tagValue } from "./values";

const S3_SERVICE = /\.s3(?=$|["'}\s)])/;
const LITERAL_SERVICE = /^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\.s3$/;

/** True for an `aws_vpc_endpoint` block that is an S3 gateway endpoint. */
function isS3GatewayEndpoint(endpoint: RawResource): boolean {
  const service = asString(endpoint.values["service_name"]);
  const type = asString(endpoint.values["vpc_endpoint_type"]);
  return (
    endpoint.type === "aws_vpc_endpoint" &&
    service !== undefined &&
    S3_SERVICE.test(service) &&
    (type === undefined || type.toLowerCase() === "gateway")
  );
}

/** Reads the S3 gateway endpoints. */
export function buildEndpoints(context: BuildContext): S3EndpointModel[] {
  const endpoints = context.resolver.ofType("aws_vpc_endpoint").filter(isS3GatewayEndpoint);
  const associated = associatedTables(context);
  const policies = separatePolicies(context);
  return distinctNames(
    endpoints.map((endpoint) => toEndpoint(context, endpoint, associated.get(endpoint.address) ?? [], policies.get(endpoint.address))),
  );
}

function toEndpoint(
  context: BuildContext,
  endpoint: RawResource,
  associated: readonly string[],
  separate: PolicyRead | undefined,
): S3EndpointModel {
  const { values } = endpoint;
  const vpcRef = refOf(context, values["vpc_id"], ["aws_vpc"]);
  const region = LITERAL_SERVICE.exec(asString(values["service_name"]) ?? "")?.[1];
  const routeTableRefs = [...new Set([...tableRefsOf(context, values["route_table_ids"]), ...associated])];
  return {
    address: endpoint.address,
    ref: context.resolver.ref(endpoint, "id"),
    name: tagValue(values, "EndpointGroup") ?? tagValue(values, "Name") ?? constructName(endpoint) ?? nameWithKey(endpoint),
    routeTableRefs,
    policy: separate ?? readPolicy(values["policy"], endpoint.address, "endpoint", context.reader),
    ...(vpcRef === undefined ? {} : { vpcRef }),
    ...(region === undefined ? {} : { region }),
  };
}

function associatedTables(context: BuildContext): Map<Address, string[]> {
  const byEndpoint = new Map<Address, string[]>();
  for (const association of context.resolver.ofType("aws_vpc_endpoint_route_table_association")) {
    const endpoint = context.resolver.resolveOne(association.values["vpc_endpoint_id"], ["aws_vpc_endpoint"]);
    const table = tableRefsOf(context, association.values["route_table_id"])[0];
    if (endpoint !== undefined && table !== undefined) pushTo(byEndpoint, endpoint.address, table);
  }
  return byEndpoint;
}

function separatePolicies(context: BuildContext): Map<Address, PolicyRead> {
  const byEndpoint = new Map<Address, PolicyRead>();
  for (const resource of context.resolver.ofType("aws_vpc_endpoint_policy")) {
    const endpoint = context.resolver.resolveOne(resource.values["vpc_endpoint_id"], ["aws_vpc_endpoint"]);
    if (endpoint !== undefined)
      byEndpoint.set(endpoint.address, readPolicy(resource.values["policy"], resource.address, "endpoint", context.reader));
  }
  return byEndpoint;
}
