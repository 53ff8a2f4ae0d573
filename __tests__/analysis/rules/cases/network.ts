import { block, put, remove } from "../fixtures";
import type { RuleCase } from "./describe";

const SG = "aws_security_group.web";
const EGRESS = "aws_vpc_security_group_egress_rule.https_to_s3";
const VPC = "aws_vpc.main";
const sg = { security_group_id: "${aws_security_group.web.id}", description: "test rule" };

export const NETWORK_CASES: RuleCase[] = [
  {
    id: "NET-001",
    name: "a VPC ingress rule from 0.0.0.0/0",
    change: (d) =>
      put(d, "aws_vpc_security_group_ingress_rule", "ssh", {
        ...sg,
        ip_protocol: "tcp",
        from_port: 22,
        to_port: 22,
        cidr_ipv4: "0.0.0.0/0",
      }),
    address: "aws_vpc_security_group_ingress_rule.ssh",
    status: "NON_COMPLIANT",
    detail: /0\.0\.0\.0\/0/,
  },
  {
    id: "NET-001",
    name: "an inline ingress from ::/0",
    change: (d) => {
      block(d, "aws_security_group", "web")["ingress"] = [
        { protocol: "tcp", from_port: 443, to_port: 443, ipv6_cidr_blocks: ["::/0"], description: "https" },
      ];
    },
    address: SG,
    status: "NON_COMPLIANT",
    detail: /ingress\[0\].*::\/0/,
  },
  {
    id: "NET-001",
    name: "a classic ingress rule",
    change: (d) =>
      put(d, "aws_security_group_rule", "ssh", {
        type: "ingress",
        security_group_id: "${aws_security_group.web.id}",
        protocol: "tcp",
        from_port: 22,
        to_port: 22,
        cidr_blocks: ["0.0.0.0/0"],
      }),
    address: "aws_security_group_rule.ssh",
    status: "NON_COMPLIANT",
  },
  {
    id: "NET-001",
    name: "an ingress from a private range",
    change: (d) =>
      put(d, "aws_vpc_security_group_ingress_rule", "vpc", {
        ...sg,
        ip_protocol: "tcp",
        from_port: 22,
        to_port: 22,
        cidr_ipv4: "10.0.0.0/16",
      }),
    address: "aws_vpc_security_group_ingress_rule.vpc",
    status: "COMPLIANT",
  },
  {
    id: "NET-001",
    name: "the source from a variable",
    change: (d) =>
      put(d, "aws_vpc_security_group_ingress_rule", "ssh", {
        ...sg,
        ip_protocol: "tcp",
        from_port: 22,
        to_port: 22,
        cidr_ipv4: "${var.admin_cidr}",
      }),
    address: "aws_vpc_security_group_ingress_rule.ssh",
    status: "UNKNOWN",
  },

  {
    id: "NET-002",
    name: "all traffic out to the internet",
    change: (d) => put(d, "aws_vpc_security_group_egress_rule", "all", { ...sg, ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" }),
    address: "aws_vpc_security_group_egress_rule.all",
    status: "NON_COMPLIANT",
    detail: /all traffic/,
  },
  {
    id: "NET-002",
    name: "an inline all-ports egress",
    change: (d) => {
      block(d, "aws_security_group", "web")["egress"] = [
        { protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"], description: "all" },
      ];
    },
    address: SG,
    status: "NON_COMPLIANT",
  },
  {
    id: "NET-002",
    name: "HTTPS out to the internet",
    change: (d) =>
      put(d, "aws_vpc_security_group_egress_rule", "https", {
        ...sg,
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: "0.0.0.0/0",
      }),
    address: "aws_vpc_security_group_egress_rule.https",
    status: "COMPLIANT",
  },
  {
    id: "NET-002",
    name: "the protocol from a variable",
    change: (d) => put(d, "aws_vpc_security_group_egress_rule", "all", { ...sg, ip_protocol: "${var.protocol}", cidr_ipv4: "0.0.0.0/0" }),
    address: "aws_vpc_security_group_egress_rule.all",
    status: "UNKNOWN",
  },

  {
    id: "NET-003",
    name: "a rule without description",
    change: (d) => {
      delete block(d, "aws_vpc_security_group_egress_rule", "https_to_s3")["description"];
    },
    address: EGRESS,
    status: "NON_COMPLIANT",
  },
  {
    id: "NET-003",
    name: "an inline rule without description",
    change: (d) => {
      block(d, "aws_security_group", "web")["egress"] = [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/8"] }];
    },
    address: SG,
    status: "NON_COMPLIANT",
    detail: /egress\[0\]/,
  },
  {
    id: "NET-003",
    name: "inline rules from a variable",
    change: (d) => {
      block(d, "aws_security_group", "web")["ingress"] = "${var.ingress_rules}";
    },
    address: SG,
    status: "UNKNOWN",
  },

  { id: "NET-004", name: "no flow log", change: (d) => remove(d, "aws_flow_log", "main"), address: VPC, status: "NON_COMPLIANT" },
  {
    id: "NET-004",
    name: "a flow log naming the VPC by its known id (as a state or a re-plan holds it)",
    change: (d) => {
      block(d, "aws_vpc", "main")["id"] = "vpc-0a1b2c3d4e5f60718";
      block(d, "aws_flow_log", "main")["vpc_id"] = "vpc-0a1b2c3d4e5f60718";
    },
    address: VPC,
    status: "COMPLIANT",
  },
  {
    id: "NET-004",
    name: "a flow log naming another VPC's id",
    change: (d) => {
      block(d, "aws_vpc", "main")["id"] = "vpc-0a1b2c3d4e5f60718";
      block(d, "aws_flow_log", "main")["vpc_id"] = "vpc-0ffffffffffffffff";
    },
    address: VPC,
    status: "NON_COMPLIANT",
  },
  {
    id: "NET-005",
    name: "the default group adopted by the VPC's known id",
    change: (d) => {
      block(d, "aws_vpc", "main")["id"] = "vpc-0a1b2c3d4e5f60718";
      block(d, "aws_default_security_group", "main")["vpc_id"] = "vpc-0a1b2c3d4e5f60718";
    },
    address: VPC,
    status: "COMPLIANT",
  },
  {
    id: "NET-004",
    name: "a flow log for a VPC given by variable",
    change: (d) => {
      block(d, "aws_flow_log", "main")["vpc_id"] = "${var.vpc_id}";
    },
    address: VPC,
    status: "UNKNOWN",
  },

  {
    id: "NET-005",
    name: "no default security group resource",
    change: (d) => remove(d, "aws_default_security_group", "main"),
    address: VPC,
    status: "NON_COMPLIANT",
  },
  {
    id: "NET-005",
    name: "the default group keeps an ingress rule",
    change: (d) => {
      block(d, "aws_default_security_group", "main")["ingress"] = [{ protocol: "-1", self: true, from_port: 0, to_port: 0 }];
    },
    address: VPC,
    status: "NON_COMPLIANT",
    detail: /1 ingress/,
  },
  {
    id: "NET-005",
    name: "an adopted group with rules unset is closed",
    change: (d) => {
      const g = block(d, "aws_default_security_group", "main");
      delete g["ingress"];
      delete g["egress"];
    },
    address: VPC,
    status: "COMPLIANT",
  },
  {
    id: "NET-005",
    name: "the default group's rules from a variable",
    change: (d) => {
      block(d, "aws_default_security_group", "main")["egress"] = "${var.egress}";
    },
    address: VPC,
    status: "UNKNOWN",
  },
];
