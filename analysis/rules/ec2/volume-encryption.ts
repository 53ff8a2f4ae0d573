/**
 * EC2-003: an instance root or EBS block device, or an `aws_ebs_volume`, is not encrypted.
 * `aws_ebs_encryption_by_default` (enabled) in the configuration encrypts every new volume.
 */
import type { InstanceModel, RawResource, Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { UNRESOLVED, readBlocks, readBool } from "../../topology/values";
import { eachSubject } from "../check";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { RuleStatus, type RuleOutcome } from "../types";

export const volumesEncrypted = [
  eachSubject("instance", (instance, topology) => unlessByDefault(checkInstance(instance), topology)),
  eachSubject("ebs-volume", (volume, topology) => unlessByDefault(checkVolume(volume), topology)),
];

/** A plain volume is compliant when `aws_ebs_encryption_by_default` (enabled) encrypts every new one. */
function unlessByDefault(outcome: RuleOutcome, topology: Topology): RuleOutcome {
  if (outcome.status !== RuleStatus.NON_COMPLIANT) return outcome;
  const byDefault = relationsOf(topology)
    .resourcesOfType("aws_ebs_encryption_by_default")
    .find((r) => readBool(r.values["enabled"], true) === true);
  return byDefault === undefined ? outcome : compliant(outcome.address, `${byDefault.address} encrypts by default`);
}

function checkInstance(instance: InstanceModel): RuleOutcome {
  const root = readBlocks(instance.values["root_block_device"]);
  const ebs = readBlocks(instance.values["ebs_block_device"]);
  if (root === UNRESOLVED || ebs === UNRESOLVED) return unknown(instance.address, "a block device is an expression");
  if (root.length === 0 && instance.values["launch_template"] !== undefined)
    return unknown(instance.address, "the root volume comes from the launch template");
  const devices = [{ name: "root volume", block: root[0] ?? {} }, ...ebs.map((block, i) => ({ name: `ebs_block_device[${i}]`, block }))];
  const states = devices.map((d) => ({ name: d.name, encrypted: readBool(d.block["encrypted"], false) }));
  const plain = states.filter((s) => s.encrypted === false).map((s) => s.name);
  if (plain.length > 0) return nonCompliant(instance.address, `${plain.join(", ")} not encrypted`);
  if (states.some((s) => s.encrypted === UNRESOLVED)) return unknown(instance.address, "encrypted is set from an expression");
  return compliant(instance.address);
}

function checkVolume(volume: RawResource): RuleOutcome {
  const encrypted = readBool(volume.values["encrypted"], false);
  if (encrypted === UNRESOLVED) return unknown(volume.address, "encrypted is an expression");
  return encrypted ? compliant(volume.address) : nonCompliant(volume.address, "the volume is not encrypted");
}
