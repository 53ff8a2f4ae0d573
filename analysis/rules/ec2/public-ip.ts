/**
 * EC2-002: the instance gets a public IPv4 address: `associate_public_ip_address` is true, or it
 * is unset and the subnet maps public IPs on launch (a default subnet does, when no subnet is given).
 */
import type { InstanceModel, Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { UNRESOLVED, readBool } from "../../topology/values";
import { eachSubject } from "../check";
import { subnetOf } from "../support/instances";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

export const noPublicIp = eachSubject("instance", checkInstance);

function checkInstance(instance: InstanceModel, topology: Topology): RuleOutcome {
  const associate = instance.values["associate_public_ip_address"];
  const explicit = associate === undefined || associate === null ? undefined : readBool(associate, false);
  if (explicit === UNRESOLVED) return unknown(instance.address, "associate_public_ip_address is an expression");
  if (explicit === true) return nonCompliant(instance.address, "associate_public_ip_address is true");
  if (explicit === false) return compliant(instance.address);
  if (instance.values["network_interface"] !== undefined || instance.values["launch_template"] !== undefined) {
    return unknown(instance.address, "the address comes from a network interface or launch template");
  }
  if (instance.subnetRef === undefined)
    return nonCompliant(instance.address, "no subnet: it launches in a default subnet, which maps public IPs");
  const subnet = subnetOf(topology, instance);
  if (subnet === undefined) return unknown(instance.address, `subnet ${instance.subnetRef} is not in the configuration`);
  const mapped = readBool(relationsOf(topology).resourceAt(subnet.address)?.values["map_public_ip_on_launch"], subnet.mapPublicIpOnLaunch);
  if (mapped === UNRESOLVED) return unknown(instance.address, `${subnet.address} sets map_public_ip_on_launch from an expression`);
  return mapped ? nonCompliant(instance.address, `${subnet.address} maps public IPs on launch`) : compliant(instance.address);
}
