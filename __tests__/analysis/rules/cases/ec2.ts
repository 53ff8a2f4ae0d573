import { INSTANCE, USER_DATA, block, put } from "../fixtures";
import type { RuleCase } from "./describe";

const web = (d: Parameters<RuleCase["change"]>[0]) => block(d, "aws_instance", "web");

export const EC2_CASES: RuleCase[] = [
  {
    id: "EC2-001",
    name: "IMDSv1 allowed",
    change: (d) => {
      web(d)["metadata_options"] = { http_tokens: "optional" };
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
    detail: /optional/,
  },
  {
    id: "EC2-001",
    name: "no metadata options",
    change: (d) => {
      delete web(d)["metadata_options"];
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
  },
  {
    id: "EC2-001",
    name: "http_tokens from a variable",
    change: (d) => {
      web(d)["metadata_options"] = { http_tokens: "${var.tokens}" };
    },
    address: INSTANCE,
    status: "UNKNOWN",
  },

  {
    id: "EC2-002",
    name: "associate_public_ip_address true",
    change: (d) => {
      web(d)["associate_public_ip_address"] = true;
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
  },
  {
    id: "EC2-002",
    name: "a subnet that maps public IPs",
    change: (d) => {
      delete web(d)["associate_public_ip_address"];
      block(d, "aws_subnet", "app")["map_public_ip_on_launch"] = true;
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
    detail: /maps public IPs/,
  },
  {
    id: "EC2-002",
    name: "associate_public_ip_address from a variable",
    change: (d) => {
      web(d)["associate_public_ip_address"] = "${var.public}";
    },
    address: INSTANCE,
    status: "UNKNOWN",
  },

  {
    id: "EC2-003",
    name: "unencrypted root volume",
    change: (d) => {
      web(d)["root_block_device"] = { encrypted: false };
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
    detail: /root volume/,
  },
  {
    id: "EC2-003",
    name: "an unencrypted EBS volume",
    change: (d) => put(d, "aws_ebs_volume", "data", { availability_zone: "us-east-1a", size: 10 }),
    address: "aws_ebs_volume.data",
    status: "NON_COMPLIANT",
  },
  {
    id: "EC2-003",
    name: "encryption by default covers it",
    change: (d) => {
      web(d)["root_block_device"] = {};
      put(d, "aws_ebs_encryption_by_default", "on", { enabled: true });
    },
    address: INSTANCE,
    status: "COMPLIANT",
  },
  {
    id: "EC2-003",
    name: "encrypted from a variable",
    change: (d) => {
      web(d)["root_block_device"] = { encrypted: "${var.encrypted}" };
    },
    address: INSTANCE,
    status: "UNKNOWN",
  },

  {
    id: "EC2-004",
    name: "no instance profile",
    change: (d) => {
      delete web(d)["iam_instance_profile"];
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
  },
  {
    id: "EC2-004",
    name: "a profile name given literally",
    change: (d) => {
      web(d)["iam_instance_profile"] = "web-profile";
    },
    address: INSTANCE,
    status: "COMPLIANT",
  },
  {
    id: "EC2-004",
    name: "the profile from a variable",
    change: (d) => {
      web(d)["iam_instance_profile"] = "${var.profile}";
    },
    address: INSTANCE,
    status: "UNKNOWN",
  },

  {
    id: "EC2-005",
    name: "aws s3 cp without --region",
    change: (d) => {
      web(d)["user_data"] = "#!/bin/bash\naws s3 cp s3://scripts/boot.sh /tmp/boot.sh\n";
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
    detail: /aws s3 cp s3:\/\/scripts/,
  },
  {
    id: "EC2-005",
    name: "aws s3api without --region",
    change: (d) => {
      web(d)["user_data"] = "#!/bin/bash\naws s3api get-object --bucket b --key k /tmp/k\n";
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
  },
  {
    id: "EC2-005",
    name: "AWS_DEFAULT_REGION exported",
    change: (d) => {
      web(d)["user_data"] = "#!/bin/bash\nexport AWS_DEFAULT_REGION=us-east-1\naws s3 sync s3://scripts /opt/boot\n";
    },
    address: INSTANCE,
    status: "COMPLIANT",
  },
  {
    id: "EC2-005",
    name: "user data from file()",
    change: (d) => {
      web(d)["user_data"] = '${file("boot.sh")}';
    },
    address: INSTANCE,
    status: "UNKNOWN",
  },
  {
    id: "EC2-005",
    name: "base64 user data is decoded",
    change: (d) => {
      delete web(d)["user_data"];
      web(d)["user_data_base64"] = Buffer.from("#!/bin/bash\naws s3 cp s3://b/k /tmp/k\n").toString("base64");
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
  },

  {
    id: "EC2-006",
    name: "an access key id",
    change: (d) => {
      web(d)["user_data"] = `${USER_DATA}\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n`;
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
    detail: /access key id/,
  },
  {
    id: "EC2-006",
    name: "a private key",
    change: (d) => {
      web(d)["user_data"] =
        "#!/bin/bash\ncat > /root/key <<EOF\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\nEOF\n";
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
    detail: /private key/,
  },
  {
    id: "EC2-006",
    name: "a literal password",
    change: (d) => {
      web(d)["user_data"] = "#!/bin/bash\nmysql --user=app password=hunter2\n";
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
    detail: /password/,
  },
  {
    id: "EC2-006",
    name: "user data from templatefile()",
    change: (d) => {
      web(d)["user_data"] = '${templatefile("boot.tpl", { bucket = aws_s3_bucket.scripts.id })}';
    },
    address: INSTANCE,
    status: "UNKNOWN",
  },

  {
    id: "EC2-007",
    name: "monitoring off",
    change: (d) => {
      web(d)["monitoring"] = false;
    },
    address: INSTANCE,
    status: "NON_COMPLIANT",
  },
  {
    id: "EC2-007",
    name: "monitoring from a variable",
    change: (d) => {
      web(d)["monitoring"] = "${var.monitoring}";
    },
    address: INSTANCE,
    status: "UNKNOWN",
  },
];
