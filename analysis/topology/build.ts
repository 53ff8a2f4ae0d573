/** Assembles a Topology from raw resources, whichever reader produced them. */
import { buildBuckets } from "./buckets";
import { createContext, type BuildContext, type BuildInput } from "./context";
import { buildEndpoints } from "./endpoints";
import { buildInstances } from "./instances";
import { buildRoles } from "./iam";
import { buildKmsKeys } from "./kms";
import type { RouteModel, RouteTableModel, S3EndpointModel, Topology } from "./model";
import { buildNetwork } from "./network";
import { endpointsByRouteTable } from "./relations";

/**
 * Builds the topology. Besides the routes written in the input, each route table associated with
 * an S3 gateway endpoint gets the route AWS adds for it: destination the endpoint's prefix list
 * (`${<endpoint>.prefix_list_id}`, or the plan's known `pl-...`), target the endpoint, kind `endpoint`, address the endpoint's.
 */
export function buildTopology(input: BuildInput): Topology {
  const context = createContext(input);
  const network = buildNetwork(context);
  const endpoints = buildEndpoints(context);
  const accountRef = firstRef(context, "aws_caller_identity", "account_id");
  const topology: Topology = {
    name: input.name,
    format: input.format,
    resources: input.resources,
    ...network,
    routeTables: withEndpointRoutes(context, network.routeTables, endpoints),
    endpoints,
    buckets: buildBuckets(context),
    kmsKeys: buildKmsKeys(context),
    roles: buildRoles(context),
    instances: buildInstances(context),
    deployerArnRefs: context.resolver
      .ofType("aws_iam_session_context", "data")
      .map((session) => context.resolver.ref(session, "issuer_arn")),
    ...(accountRef === undefined ? {} : { accountRef }),
  };
  return input.defaultRegion === undefined ? topology : { ...topology, region: input.defaultRegion };
}

function firstRef(context: BuildContext, dataType: string, attribute: string): string | undefined {
  const source = context.resolver.ofType(dataType, "data")[0];
  return source === undefined ? undefined : context.resolver.ref(source, attribute);
}

function withEndpointRoutes(
  context: BuildContext,
  tables: readonly RouteTableModel[],
  endpoints: readonly S3EndpointModel[],
): RouteTableModel[] {
  const byTable = endpointsByRouteTable(endpoints);
  return tables.map((table) => {
    const extra = byTable.get(table.ref);
    return extra === undefined
      ? table
      : { ...table, routes: [...table.routes, ...extra.map((endpoint) => endpointRoute(context, endpoint))] };
  });
}

function endpointRoute(context: BuildContext, endpoint: S3EndpointModel): RouteModel {
  const raw = context.resolver.get(endpoint.address);
  const destination = raw === undefined ? "unknown" : context.resolver.ref(raw, "prefix_list_id");
  return { destination, target: endpoint.ref, targetKind: "endpoint", address: endpoint.address, targetAddress: endpoint.address };
}
