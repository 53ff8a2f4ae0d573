// The AWS CDK peer's section of BENCHMARKS.md: what the peer builds, how it is compiled and timed, and our synth
// against it, against the floor and against bare node.

import { ratio, sec, table, usable } from "./format.mjs";

function timingTable({ synth, stock }) {
  const rows = [stock.awsCdkValidated, synth.awsCdk, synth.npmSynth, synth.buildRun, synth.dist, synth.floor, synth.bareNode];
  const head = [
    "What (default config)",
    "Median",
    "Runs",
    "AWS CDK ÷ this",
    "AWS CDK with validation ÷ this",
    "This ÷ floor",
    "This ÷ bare node",
  ];
  const cells = rows.map((r) => [
    r.name,
    usable(r) ? `${sec(r.median)} ± ${sec(r.stddev)}` : `failed: ${r?.failed ?? "not run"}`,
    String(r?.runs ?? ""),
    ratio(synth.awsCdk, r),
    ratio(stock.awsCdkValidated, r),
    ratio(r, synth.floor),
    ratio(r, synth.bareNode),
  ]);
  return table(head, cells);
}

function builtLine(peer) {
  if (!peer?.resources) return `The peer was not built: ${peer?.failed ?? "not run"}.`;
  const counts = Object.entries(peer.resources).sort();
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  return `Its template in this run: ${total} resources (${counts.map(([type, n]) => `${n} \`${type.replace("AWS::", "")}\``).join(", ")}).`;
}

/** The section's markdown. */
export function renderAwsCdkSection(report) {
  return [
    "`bench/peers/aws-cdk/` writes the default scenario with AWS CDK's L2 constructs (aws-cdk-lib " +
      "2.276): the VPC with public subnets, a private subnet and route table per tier per AZ and NAT as the config " +
      "says, flow logs to a KMS-encrypted log group, one S3 gateway endpoint per endpoint group on its tiers' route " +
      "tables with its endpoint policy, the KMS-encrypted, versioned, logged script bucket and its policy (TLS only, " +
      "deny outside the endpoints except the deployer, deny ungranted writes per endpoint), and per instance a role, " +
      "instance profile, security group and instance with multipart user data that fetches and checks its boot " +
      "scripts. It reads the same config (loaded and validated by our loader before timing, so it scales with the " +
      "config) and uses a fixed account and region, so nothing is looked up. Left out, because AWS CDK does each with a " +
      "Lambda-backed custom resource our stack has not: uploading the scripts into the bucket (they are staged as file " +
      "assets instead), EventBridge notifications and restricting the default security group. The comment at the top " +
      `of \`app.ts\` lists what is and is not mirrored. ${builtLine(report.awsCdk)}`,
    "",
    "Before timing, `bench/lib/aws-cdk.mjs` type-checks the peer with its own tsconfig (aws-cdk-lib's types are not " +
      "part of `npm test`'s type check), compiles each file to CommonJS with esbuild's transform into " +
      "`dist/peers/aws-cdk/` (no bundling: aws-cdk-lib loads from node_modules, as in an AWS CDK user's project) and " +
      "synthesizes once. hyperfine then times the whole `node dist/peers/aws-cdk/app.js` (load, construct, " +
      "`app.synth()` into a temp folder) in the same invocation as our synth paths. AWS CDK 2.276 also runs a built-in " +
      "CloudFormation validation of the template at synth, on by default, as our synth runs its guards; the target is " +
      "judged on that default run (timed with the slow commands, " +
      `${report.runs.stock} runs), and the run without it (\`CDK_VALIDATION=false\`, as \`cdk synth --no-validation\`) is ` +
      "shown beside it, so that the table says how much of the lead the validation is. " +
      "`node bench/lib/aws-cdk.mjs` runs this step alone.",
    "",
    timingTable(report),
  ].join("\n");
}
