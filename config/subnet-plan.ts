import { IPv4 } from "ipaddr.js";
import type { Problem } from "./problems";

/** Smallest subnet AWS allows. */
const MAX_SUBNET_MASK = 28;

/** The CIDR of every subnet: public ones first, then each private tier, one per AZ. */
export interface SubnetPlan {
  /** Public subnet CIDRs, index = AZ index. */
  readonly publicCidrs: readonly string[];
  /** Private subnet CIDRs per tier name, index = AZ index. */
  readonly tierCidrs: Readonly<Record<string, readonly string[]>>;
}

export interface SubnetPlanInput {
  readonly cidr: string;
  readonly azCount: number;
  readonly subnetMask: number;
  readonly tiers: readonly { readonly name: string }[];
}

/**
 * Carves the VPC CIDR into equal subnets of `subnetMask` bits.
 * Slot `azCount * (t + 1) + az` belongs to tier `t` so that appending a tier never moves an existing subnet.
 * Returns the problems instead when the CIDR is malformed or too small.
 */
export function planSubnets(net: SubnetPlanInput): SubnetPlan | Problem[] {
  const parsed = parseCidr(net.cidr);
  if (!parsed) {
    return [
      {
        path: "network.cidr",
        problem: `${JSON.stringify(net.cidr)} is not an IPv4 CIDR between /16 and /28`,
        fix: 'use a private range such as "10.0.0.0/16"',
      },
    ];
  }
  const { start, vpcPrefix } = parsed;
  const aligned = `${toDotted(start)}/${vpcPrefix}`;
  if (aligned !== net.cidr) {
    return [{ path: "network.cidr", problem: `${JSON.stringify(net.cidr)} has host bits set`, fix: `use ${JSON.stringify(aligned)}` }];
  }
  if (net.subnetMask <= vpcPrefix || net.subnetMask > MAX_SUBNET_MASK) {
    return [
      {
        path: "network.subnetMask",
        problem: `/${net.subnetMask} does not fit inside the VPC's /${vpcPrefix}`,
        fix: `use a value from ${vpcPrefix + 1} to ${MAX_SUBNET_MASK}`,
      },
    ];
  }
  const needed = net.azCount * (net.tiers.length + 1);
  const available = 2 ** (net.subnetMask - vpcPrefix);
  if (needed > available) {
    return [
      {
        path: "network.cidr",
        problem:
          `${net.cidr} holds ${available} /${net.subnetMask} subnets but the config needs ${needed} ` +
          `(${net.azCount} public + ${net.tiers.length} tiers × ${net.azCount} AZs)`,
        fix: "use a larger network.cidr, a longer network.subnetMask, fewer tiers or fewer AZs",
      },
    ];
  }
  const size = 2n ** BigInt(32 - net.subnetMask);
  const slot = (index: number) => `${toDotted(start + size * BigInt(index))}/${net.subnetMask}`;
  const azs = [...Array(net.azCount).keys()];
  return {
    publicCidrs: azs.map(slot),
    tierCidrs: Object.fromEntries(net.tiers.map((tier, t) => [tier.name, azs.map((az) => slot(net.azCount * (t + 1) + az))])),
  };
}

/** The network address (host bits cleared) and prefix of a dotted-quad IPv4 CIDR from /16 to /28. */
function parseCidr(cidr: string): { start: bigint; vpcPrefix: number } | undefined {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(cidr) || !IPv4.isValidCIDR(cidr)) return undefined;
  const [, vpcPrefix] = IPv4.parseCIDR(cidr);
  if (vpcPrefix < 16 || vpcPrefix > 28) return undefined;
  const bytes = IPv4.networkAddressFromCIDR(cidr).toByteArray();
  return { start: bytes.reduce((acc, byte) => (acc << 8n) + BigInt(byte), 0n), vpcPrefix };
}

function toDotted(address: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 255n)).join(".");
}
