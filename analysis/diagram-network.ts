/**
 * Network facts the review diagram draws that the topology model does not carry as links: the
 * subnet each NAT gateway sits in (its public subnet), the internet gateway that subnet routes
 * to, the VPC's CIDR, and the numeric order of subnets by CIDR. Read from the topology's raw
 * resources; pure.
 */
import { isValidCIDR, parseCIDR } from "ipaddr.js";
import type { RouteTableModel, SubnetModel, Topology } from "./topology/model";

/** `${aws_nat_gateway.x.id}` → `aws_nat_gateway.x` (a count index dropped). */
export function addressOfRef(ref: string): string | undefined {
  const match = /^\$\{((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.[A-Za-z_]+\}$/.exec(ref);
  return match?.[1];
}

/** Sort key of a CIDR: its address as a number, then its prefix length; unknown or symbolic CIDRs sort last. */
function cidrKey(cidr: string | undefined): [number, bigint, number] {
  if (cidr === undefined || !isValidCIDR(cidr)) return [1, 0n, 0];
  const [address, prefix] = parseCIDR(cidr);
  const bytes = address.toByteArray();
  const value = bytes.reduce((sum, byte) => sum * 256n + BigInt(byte), 0n);
  return [address.kind() === "ipv4" ? 0 : 0.5, value, prefix];
}

/** Orders subnets by CIDR numerically (`10.0.2.0/24` before `10.0.10.0/24`); stable for equal or unknown CIDRs. */
export function compareCidr(a: string | undefined, b: string | undefined): number {
  const [ka, kb] = [cidrKey(a), cidrKey(b)];
  if (ka[0] !== kb[0]) return ka[0] - kb[0];
  if (ka[1] !== kb[1]) return ka[1] < kb[1] ? -1 : 1;
  return ka[2] - kb[2];
}

/** Route tables in the CIDR order of their lowest subnet; tables without subnets keep their order, last. */
export function tablesInCidrOrder(topology: Topology): RouteTableModel[] {
  const subnetsByRef = new Map(topology.subnets.map((subnet) => [subnet.ref, subnet]));
  const lowest = (table: RouteTableModel): string | undefined =>
    table.subnetRefs.map((ref) => subnetsByRef.get(ref)?.cidr).sort(compareCidr)[0];
  return topology.routeTables
    .map((table, index) => ({ table, index, cidr: lowest(table), none: table.subnetRefs.length === 0 }))
    .sort((a, b) => Number(a.none) - Number(b.none) || compareCidr(a.cidr, b.cidr) || a.index - b.index)
    .map(({ table }) => table);
}

/** The subnet a NAT gateway is placed in (`subnet_id`), by reference or literal id. */
export function natSubnet(topology: Topology, natRef: string): SubnetModel | undefined {
  const nats = topology.resources.filter((resource) => resource.type === "aws_nat_gateway" && resource.mode === "managed");
  const address = addressOfRef(natRef);
  const nat = nats.find((resource) => resource.address === address) ?? nats[topology.natGatewayRefs.indexOf(natRef)];
  const subnetId = nat?.values["subnet_id"];
  if (typeof subnetId !== "string") return undefined;
  const subnetAddress = addressOfRef(subnetId);
  return topology.subnets.find((subnet) => subnet.ref === subnetId || subnet.address === subnetAddress);
}

/** True when a subnet's route table sends the default route to an internet gateway. */
export function isPublic(topology: Topology, subnet: SubnetModel): boolean {
  return internetGatewayOf(topology, subnet) !== undefined;
}

/** The internet gateway a subnet's default route points at, if any. */
export function internetGatewayOf(topology: Topology, subnet: SubnetModel): string | undefined {
  const table = topology.routeTables.find(
    (candidate) => candidate.ref === subnet.routeTableRef || candidate.subnetRefs.includes(subnet.ref),
  );
  return table?.routes.find((route) => route.targetKind === "igw" && isDefaultRoute(route.destination))?.target;
}

export function isDefaultRoute(destination: string): boolean {
  return destination === "0.0.0.0/0" || destination === "::/0";
}

/** The CIDR of the only VPC, when the input defines exactly one with a literal CIDR. */
export function vpcCidr(topology: Topology): string | undefined {
  const vpcs = topology.resources.filter((resource) => resource.type === "aws_vpc" && resource.mode === "managed");
  const cidr = vpcs.length === 1 ? vpcs[0]?.values["cidr_block"] : undefined;
  return typeof cidr === "string" && isValidCIDR(cidr) ? cidr : undefined;
}
