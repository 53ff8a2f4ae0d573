// AWS CDK peer for `npm run bench` (issue #14): the architecture of our scenario stack written with AWS CDK's
// L2 constructs, so that our synth can be timed against AWS CDK's on the same architecture, config and size.
//
// `node app.js <scenario.json> <outdir>`: scenario.json is written by scenario.ts from our config (bench/lib/aws-cdk.mjs
// does that, compiles this folder to JavaScript, and times `node app.js` with hyperfine). Fixed env (account and
// region), fixed AZ names and no lookups: synth makes no network call.
//
// Mirrored: the VPC (public subnets, one private subnet and route table per tier per AZ, NAT gateways as the config
// says, flow logs to a KMS-encrypted log group), one S3 gateway endpoint per endpoint group on its tiers' route
// tables with its endpoint policy, the KMS keys (rotating, aliased) and the versioned, logged, owner-enforced script bucket, the bucket
// policy (TLS only, deny outside the endpoints or VPC except deployer and admins, deny ungranted writes per
// endpoint), per instance a role, instance profile, security group and instance with multipart user data fetching
// and checking its scripts, the boot scripts staged as file assets, and the outputs.
// Not mirrored (each would cost AWS CDK a Lambda-backed custom resource our stack has not): uploading the scripts
// into the bucket (BucketDeployment), EventBridge notifications, and restricting the default security group. Nor
// our synth-time guards, the Terraform backend and the provider's data sources (CDK needs none of them).
import { App, CfnOutput, Stack, Tags } from "aws-cdk-lib";
import { CURRENTLY_RECOMMENDED_FLAGS } from "aws-cdk-lib/cx-api";
import { readFileSync } from "node:fs";
import { lockDown, scriptBucket } from "./bucket";
import { bootInstances, stageScripts } from "./instances";
import { gatewayEndpoints, scenarioVpc } from "./network";
import type { PeerScenario } from "./scenario";

/** A fixed account: the env is concrete, so nothing is looked up and nothing is left to deploy time. */
const ACCOUNT = "111122223333";

const [scenarioPath, outdir] = process.argv.slice(2);
if (!scenarioPath || !outdir) {
  process.stderr.write("usage: node app.js <scenario.json> <outdir>\n");
  process.exit(2);
}
const scenario: PeerScenario = JSON.parse(readFileSync(scenarioPath, "utf8"));
const { project, region } = scenario.config;

// The feature flags `cdk init` writes into a new project's cdk.json.
const app = new App({ outdir, context: { ...CURRENTLY_RECOMMENDED_FLAGS } });
const stack = new Stack(app, project, { env: { account: ACCOUNT, region } });
Tags.of(stack).add("Project", project);
Tags.of(stack).add("ManagedBy", "aws-cdk");
for (const [key, value] of Object.entries(scenario.config.tags)) Tags.of(stack).add(key, value);

const vpc = scenarioVpc(stack, scenario);
const { bucket, key } = scriptBucket(stack, scenario);
const endpoints = gatewayEndpoints(vpc, bucket, scenario);
// Our stack exempts whoever applies the plan; with AWS CDK that is the bootstrap's CloudFormation execution role.
const deployerArn = `arn:${stack.partition}:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${region}`;
lockDown(bucket, vpc, endpoints, scenario, deployerArn);
bootInstances(stack, vpc, { bucket, key, sums: stageScripts(stack, scenario) }, scenario);

new CfnOutput(stack, "VpcId", { value: vpc.vpcId });
for (const { group, endpoint } of endpoints) new CfnOutput(stack, `${group.name}-EndpointId`, { value: endpoint.vpcEndpointId });
new CfnOutput(stack, "BucketName", { value: bucket.bucketName });
new CfnOutput(stack, "BucketArn", { value: bucket.bucketArn });
if (key) new CfnOutput(stack, "KmsKeyArn", { value: key.keyArn });

app.synth();
