/**
 * The deploy suite's phases for one example config, in order: synth, plan + review, cdktf deploy,
 * gap probes, read-back, state review, re-plan, (tier move), termination protection off, cdktf destroy.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MotoServer } from "./moto";
import type { DeployTools } from "./tools";
import type { CommandResult } from "./processes";
import {
  type Json,
  type JsonObject,
  type SynthOutcome,
  awsCli,
  cdktf,
  emulatorEnv,
  fixUpStack,
  readJson,
  review,
  synth,
  terraform,
  writeDerivedConfig,
} from "./workspace";
import { type EmulatorGap, appendedSince, emulatorOverride, fillPlaceholders, gapsFor, loadGaps, probeValues, sizeOf } from "./emulator";
import {
  type ResourceChange,
  type StateResource,
  byAddress,
  canonical,
  configExpressions,
  configuredDifferences,
  realChanges,
  resolveTemplate,
  resolveValue,
  stateResources,
} from "./terraform-json";
import {
  type StackReview,
  bootCheck,
  decisions,
  findingDelta,
  firstDifference,
  onlyStack,
  refinedByPlan,
  unresolve,
} from "./review-compare";
import { loadExpectations, type Expectations } from "./expectations";
import { ScenarioConfigSchema } from "../../config/schema";

/** An example config of config/, and what the suite does with it beyond the common phases. */
export interface ConfigCase {
  readonly name: string;
  readonly file: string;
  /** Move this tier to another endpoint group, synth and deploy: endpoints change in place only. */
  readonly moveTier?: { readonly tier: string; readonly to: string };
}

export const CONFIGS: readonly ConfigCase[] = [
  { name: "default", file: "default.json" },
  { name: "single-endpoint", file: "single-endpoint.json" },
  { name: "vpc-mode", file: "vpc-mode.json" },
  { name: "multi-endpoint", file: "multi-endpoint.json", moveTier: { tier: "app", to: "publishers" } },
];

/** What the suite shares across configs. */
export interface SuiteContext {
  readonly tools: DeployTools;
  readonly root: string;
  readonly work: string;
  readonly cliConfig: string;
  readonly moto: MotoServer;
  /** True once another worker failed: stop before the next phase. */
  readonly stopped: () => boolean;
}

/** Raised in a worker that stops because another one failed. */
export class StoppedError extends Error {}

/** One config's run: its folders, environment and what earlier phases learned. */
interface Run {
  readonly config: ConfigCase;
  readonly project: string;
  readonly dir: string;
  readonly outdir: string;
  readonly stackDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: string;
  configEdits: ((config: JsonObject) => void)[];
  synthOutcome?: SynthOutcome;
  planReview?: StackReview;
  synthReview?: StackReview;
  liftedPolicy?: { bucket: string; policy: string };
}

/** Fails with the command's output tail unless it exited with one of the statuses. */
function expectStatus(result: CommandResult, what: string, statuses: readonly number[] = [0]): void {
  if (result.status !== null && statuses.includes(result.status)) return;
  const tail = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-25).join("\n");
  throw new Error(`${what} exited ${result.status} (expected ${statuses.join(" or ")}):\n${tail}`);
}

/** Fails with a sentence naming the difference. */
function expectEqual(label: string, actual: Json | readonly unknown[], expected: Json | readonly unknown[]): void {
  const difference = firstDifference(label, actual, expected);
  if (difference) throw new Error(difference);
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

export class DeploySuite {
  /** Seconds per config and phase. */
  public readonly durations: Record<string, Record<string, number>> = {};
  private readonly gaps: readonly EmulatorGap[] = loadGaps();
  private readonly expectations: Expectations = loadExpectations();
  /** Notes already printed, by any worker. */
  private static readonly notes = new Set<string>();

  constructor(private readonly ctx: SuiteContext) {}

  /** Runs every phase for one config, then resets the emulator. */
  public async runConfig(config: ConfigCase): Promise<void> {
    const example = readJson(join(this.ctx.root, "config", config.file));
    const project = String(example.project);
    const dir = join(this.ctx.work, config.name);
    mkdirSync(dir, { recursive: true });
    const outdir = join(dir, "cdktf.out");
    const run: Run = {
      config,
      project,
      dir,
      outdir,
      stackDir: join(outdir, "stacks", project),
      log: join(dir, "commands.log"),
      env: emulatorEnv(this.ctx.cliConfig, this.ctx.moto.endpoint, String(example.region)),
      configEdits: [],
    };
    this.durations[config.name] = {};
    await this.phase(run, "synth", () => this.synthAndInit(run));
    await this.phase(run, "plan-review", () => this.planAndReview(run));
    await this.phase(run, "deploy", () => this.deploy(run));
    await this.phase(run, "protect", () => this.protect(run));
    await this.phase(run, "gap-probes", () => this.probeGaps(run));
    await this.phase(run, "read-back", () => this.readBack(run));
    await this.phase(run, "state-review", () => this.stateReview(run));
    await this.phase(run, "re-plan", () => this.replan(run));
    if (config.moveTier) await this.phase(run, "move-tier", () => this.moveTier(run));
    await this.phase(run, "termination-off", () => this.terminationOff(run));
    await this.phase(run, "destroy", () => this.destroy(run));
    await this.ctx.moto.reset();
  }

  private async phase(run: Run, name: string, body: () => Promise<string | void>): Promise<void> {
    if (this.ctx.stopped()) throw new StoppedError(`[${run.config.name}] stopped before ${name}: another config failed`);
    const started = Date.now();
    console.log(`deploy: [${run.config.name}] ${name} ...`);
    let detail: string | void;
    try {
      detail = await body();
    } catch (error) {
      if (error instanceof StoppedError) throw error;
      throw new Error(`[${run.config.name}] ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    this.durations[run.config.name][name] = seconds;
    console.log(`deploy: [${run.config.name}] ${name} ok (${seconds}s)${detail ? `: ${detail}` : ""}`);
  }

  private note(text: string): void {
    if (DeploySuite.notes.has(text)) return;
    DeploySuite.notes.add(text);
    console.log(`note: ${text}`);
  }

  // ---- synth -------------------------------------------------------------------------------

  /** Synthesizes the config with the run's edits, fixes the stack up for the emulator, returns it. */
  private async synthesize(run: Run, label: string, rawOverride = false): Promise<SynthOutcome> {
    const configFile = writeDerivedConfig(this.ctx.root, run.config.file, `${run.config.name}-${label}`, (config) => {
      config.awsProviderVersion = this.ctx.tools.providerVersion;
      for (const edit of run.configEdits) edit(config);
    });
    const { result, lost } = await synth(this.ctx.root, configFile, run.outdir, run.project, run.log);
    expectStatus(result, `synth of ${configFile}`);
    if (lost.length > 0)
      throw new Error(`synth of ${configFile} removed ${lost.join(", ")} from ${run.stackDir}: a synth must keep Terraform's working data`);
    const outcome = fixUpStack(run.stackDir, this.ctx.tools.providerVersion, (tfJson) => emulatorOverride(tfJson, this.gaps, !rawOverride));
    this.note(
      `hashicorp/aws constraint relaxed to ${this.ctx.tools.providerVersion} (the mirrored version) in the suite's temporary copies`,
    );
    run.env.VPCE_CONFIG = configFile;
    run.synthOutcome = outcome;
    return outcome;
  }

  private async synthAndInit(run: Run): Promise<string> {
    await this.synthesize(run, "as-is");
    const init = await terraform(this.ctx.tools, run.stackDir, run.env, ["init", "-input=false", "-no-color"], run.log);
    expectStatus(init, "terraform init");
    // A second synth must keep the lock file, .terraform and the override (synthesize fails otherwise).
    await this.synthesize(run, "as-is");
    return `${Object.keys((this.tfJson(run).resource ?? {}) as JsonObject).length} resource types; .terraform.lock.hcl from the mirror`;
  }

  private tfJson(run: Run): JsonObject {
    if (!run.synthOutcome) throw new Error("no synth yet");
    return run.synthOutcome.tfJson;
  }

  // ---- plan + review -----------------------------------------------------------------------

  /** The synthesized JSON with the emulator override's `set` workarounds applied, as Terraform merges them. */
  private effectiveJson(run: Run): JsonObject {
    const effective = JSON.parse(JSON.stringify(this.tfJson(run))) as JsonObject;
    const resources = effective.resource as { [type: string]: { [name: string]: JsonObject } };
    for (const gap of gapsFor(this.gaps, effective)) {
      if (gap.workaround.kind !== "override") continue;
      for (const name of Object.keys(resources[gap.resourceType] ?? {})) {
        if (gap.workaround.set.count === 0) delete resources[gap.resourceType][name];
        else Object.assign(resources[gap.resourceType][name], gap.workaround.set);
      }
      if (Object.keys(resources[gap.resourceType] ?? {}).length === 0) delete resources[gap.resourceType];
    }
    return effective;
  }

  private async showJson(run: Run, args: readonly string[], file: string): Promise<JsonObject> {
    const show = await terraform(this.ctx.tools, run.stackDir, run.env, ["show", "-json", ...args], run.log);
    expectStatus(show, `terraform show -json ${args.join(" ")}`);
    writeFileSync(join(run.dir, file), show.stdout);
    return JSON.parse(show.stdout) as JsonObject;
  }

  private async reviewFile(run: Run, file: string): Promise<StackReview> {
    return onlyStack(await review(this.ctx.root, file, run.log));
  }

  private async planAndReview(run: Run): Promise<string> {
    const plan = await terraform(this.ctx.tools, run.stackDir, run.env, ["plan", "-input=false", "-no-color", "-out=plan.bin"], run.log);
    expectStatus(plan, "terraform plan");
    await this.showJson(run, ["plan.bin"], "plan.json");
    mkdirSync(join(run.dir, "effective"), { recursive: true });
    writeFileSync(join(run.dir, "effective", "cdk.tf.json"), JSON.stringify(this.effectiveJson(run)));
    const planReview = await this.reviewFile(run, join(run.dir, "plan.json"));
    const effectiveReview = await this.reviewFile(run, join(run.dir, "effective", "cdk.tf.json"));
    const synthReview = await this.reviewFile(run, join(run.stackDir, "cdk.tf.json"));
    expectEqual(
      "plan review access (vs synthesized JSON + emulator override, where that is known)",
      refinedByPlan(planReview.access, effectiveReview.access),
      effectiveReview.access,
    );
    expectEqual("plan review boot check", planReview.instances, effectiveReview.instances);
    expectEqual("plan review findings", planReview.findings, effectiveReview.findings);
    expectEqual("synthesized review access (as-is vs emulator override)", synthReview.access, effectiveReview.access);
    expectEqual("synthesized review boot check (as-is vs emulator override)", synthReview.instances, effectiveReview.instances);
    expectEqual("findings the emulator override adds", findingDelta(synthReview, effectiveReview), this.overrideFindings(run));
    run.planReview = planReview;
    run.synthReview = synthReview;
    return (
      `${planReview.access.length} access rows, ${planReview.instances.length} boot checks, ` +
      `${planReview.findings.length} findings: equal to the synthesized JSON's (with the override)`
    );
  }

  /** The findings each override workaround is expected to add (emulator-gaps.json `reviewEffect`). */
  private overrideFindings(run: Run): string[] {
    return this.gapFindings(run, (gap) => gap.reviewEffect);
  }

  /** `+ RULE address` for every resource a gap's review effect lands on. */
  private gapFindings(run: Run, effectOf: (gap: EmulatorGap) => EmulatorGap["reviewEffect"]): string[] {
    const tfJson = this.tfJson(run);
    const resources = tfJson.resource as { [type: string]: { [name: string]: JsonObject } };
    const found: string[] = [];
    for (const gap of gapsFor(this.gaps, tfJson)) {
      for (const effect of effectOf(gap) ?? []) {
        for (const [name, block] of Object.entries(resources[gap.resourceType] ?? {})) {
          const on =
            effect.on === "self"
              ? `${gap.resourceType}.${name}`
              : /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\./.exec(String(block[effect.on]))?.[1];
          found.push(`+ ${effect.rule} ${on}`);
        }
      }
    }
    return sorted(found);
  }

  // ---- deploy ------------------------------------------------------------------------------

  private async cdktfRun(run: Run, command: "deploy" | "destroy"): Promise<CommandResult> {
    // cdktf deploy/destroy synthesize first, with the run's config (VPCE_CONFIG in run.env).
    const args = [command, run.project, "--auto-approve", "--output", run.outdir];
    const result = await cdktf(this.ctx.tools, this.ctx.root, run.env, args, run.log);
    expectStatus(result, `cdktf ${args.join(" ")}`);
    return result;
  }

  private async state(run: Run, file = "state.json"): Promise<StateResource[]> {
    return stateResources(await this.showJson(run, [], file));
  }

  private async deploy(run: Run): Promise<string> {
    const plan = readJson(join(run.dir, "plan.json"));
    const creates = realChanges(plan).filter((c) => c.change.actions.includes("create")).length;
    await this.cdktfRun(run, "deploy");
    const managed = (await this.state(run)).filter((r) => r.mode === "managed");
    expectEqual("managed resources in state after cdktf deploy", managed.length, creates);
    return `cdktf deploy applied ${managed.length} resources`;
  }

  // ---- termination protection ----------------------------------------------------------------

  /** Each instance's DisableApiTermination as moto reports it, through the aws CLI. */
  private async terminationProtection(run: Run): Promise<boolean[]> {
    const instances = (await this.state(run)).filter((r) => r.mode === "managed" && r.type === "aws_instance");
    const values: boolean[] = [];
    for (const instance of instances) {
      const read = await this.awsJson(run, [
        "ec2",
        "describe-instance-attribute",
        "--instance-id",
        String(instance.values.id),
        "--attribute",
        "disableApiTermination",
      ]);
      values.push((read.DisableApiTermination as JsonObject).Value === true);
    }
    return values;
  }

  /**
   * Gap ec2-run-instances-disable-api-termination: moto drops DisableApiTermination at launch, so a
   * second cdktf deploy lets the provider set it with ModifyInstanceAttribute, as it would fix drift.
   */
  private async protect(run: Run): Promise<string> {
    const before = await this.terminationProtection(run);
    if (before.some(Boolean))
      throw new Error(
        "emulator gap ec2-run-instances-disable-api-termination: moto now keeps DisableApiTermination from " +
          "RunInstances: update emulator-gaps.json and drop the converge apply",
      );
    await this.liftPolicy(run);
    await this.cdktfRun(run, "deploy");
    expectEqual(
      "termination protection after the converge apply (aws CLI)",
      await this.terminationProtection(run),
      before.map(() => true),
    );
    return `moto launched ${before.length} instances unprotected; a second cdktf deploy turned termination protection on`;
  }

  // ---- gaps --------------------------------------------------------------------------------

  private async probeGaps(run: Run): Promise<string> {
    const values = probeValues(await this.state(run));
    const probed: string[] = [];
    for (const gap of gapsFor(this.gaps, this.tfJson(run))) {
      const probe = gap.probe;
      if (!probe) continue;
      const offset = sizeOf(this.ctx.moto.logFile);
      const result = await awsCli(
        this.ctx.tools,
        run.env,
        probe.args.map((arg) => fillPlaceholders(gap, arg, values)),
        run.log,
      );
      const text = probe.expectIn === "moto-log" ? appendedSince(this.ctx.moto.logFile, offset) : result.stderr;
      if (result.status === 0 || !gap.error || !text.includes(gap.error)) {
        throw new Error(
          `emulator gap ${gap.id} (${gap.api}) no longer shows "${gap.error}" (aws CLI exit ${result.status}): update ` +
            `emulator-gaps.json and drop its workaround`,
        );
      }
      probed.push(gap.id);
    }
    return `still present: ${probed.join(", ")}`;
  }

  // ---- read-back ---------------------------------------------------------------------------

  private async awsJson(run: Run, args: readonly string[]): Promise<JsonObject> {
    const result = await awsCli(this.ctx.tools, run.env, args, run.log);
    expectStatus(result, `aws ${args.join(" ")}`);
    return JSON.parse(result.stdout) as JsonObject;
  }

  private declared(run: Run, type: string): [string, JsonObject][] {
    return Object.entries(((this.tfJson(run).resource as JsonObject)[type] ?? {}) as { [name: string]: JsonObject });
  }

  private async readBack(run: Run): Promise<string> {
    const resources = byAddress(await this.state(run));
    const policies = await this.readBackBucketPolicies(run, resources);
    const endpoints = await this.readBackEndpoints(run, resources);
    const userData = await this.readBackUserData(run, resources);
    return (
      `${policies} bucket policies, ${endpoints} endpoint policies and route tables, ${userData} user data equal ` +
      `to the synthesized JSON`
    );
  }

  private async readBackBucketPolicies(run: Run, resources: Map<string, StateResource>): Promise<number> {
    const declared = this.declared(run, "aws_s3_bucket_policy");
    for (const [name, block] of declared) {
      const bucket = resolveTemplate(String(block.bucket), resources);
      const read = await this.awsJson(run, ["s3api", "get-bucket-policy", "--bucket", bucket]);
      const expected = canonical(JSON.parse(resolveTemplate(String(block.policy), resources)) as Json);
      expectEqual(`bucket policy of aws_s3_bucket_policy.${name} read back`, canonical(JSON.parse(String(read.Policy)) as Json), expected);
    }
    return declared.length;
  }

  private async readBackEndpoints(run: Run, resources: Map<string, StateResource>): Promise<number> {
    const declared = this.declared(run, "aws_vpc_endpoint");
    for (const [name, block] of declared) {
      const id = String(resources.get(`aws_vpc_endpoint.${name}`)?.values.id);
      const read = await this.awsJson(run, ["ec2", "describe-vpc-endpoints", "--vpc-endpoint-ids", id]);
      const endpoint = (read.VpcEndpoints as JsonObject[])[0];
      expectEqual(
        `policy of endpoint ${name} (${id})`,
        canonical(JSON.parse(String(endpoint.PolicyDocument)) as Json),
        canonical(JSON.parse(resolveTemplate(String(block.policy), resources)) as Json),
      );
      const expectedTables = sorted(resolveValue(block.route_table_ids ?? [], resources) as string[]);
      expectEqual(`route tables of endpoint ${name} (${id})`, sorted(endpoint.RouteTableIds as string[]), expectedTables);
    }
    return declared.length;
  }

  private async readBackUserData(run: Run, resources: Map<string, StateResource>): Promise<number> {
    const declared = this.declared(run, "aws_instance");
    for (const [name, block] of declared) {
      const id = String(resources.get(`aws_instance.${name}`)?.values.id);
      const read = await this.awsJson(run, ["ec2", "describe-instance-attribute", "--instance-id", id, "--attribute", "userData"]);
      const encoded = String((read.UserData as JsonObject).Value);
      const expected = resolveTemplate(String(block.user_data), resources);
      expectEqual(`user data of instance ${name} (${id}), base64-decoded`, Buffer.from(encoded, "base64").toString("utf8"), expected);
    }
    return declared.length;
  }

  // ---- state review ------------------------------------------------------------------------

  private async stateReview(run: Run): Promise<string> {
    const resources = await this.state(run);
    const stateReview = unresolve(await this.reviewFile(run, join(run.dir, "state.json")), resources);
    const planReview = run.planReview as StackReview;
    expectEqual(
      "state review matrix (origin, principal, action, resource, decision) vs plan review",
      decisions(stateReview),
      decisions(planReview),
    );
    expectEqual("state review boot check vs plan review", bootCheck(stateReview), bootCheck(planReview));
    const expected = sorted([
      ...this.gapFindings(run, (gap) => gap.stateReviewEffect),
      ...this.expectations.stateReviewFindings(run.config.name),
    ]);
    expectEqual(
      "findings the state review adds or drops (read-back gaps' stateReviewEffect + expected-differences.json)",
      findingDelta(planReview, stateReview),
      expected,
    );
    const reworded = stateReview.access.filter((row, i) => row.because !== planReview.access[i].because).length;
    return (
      `same ${stateReview.access.length}-row matrix once ARNs and ids are mapped back to references; ${reworded} ` +
      `explanations name resources by their real names`
    );
  }

  // ---- re-plan -----------------------------------------------------------------------------

  /** The script bucket's name (the bucket of the uploaded scripts). */
  private scriptBucket(resources: readonly StateResource[]): string {
    const object = resources.find((r) => r.mode === "managed" && r.type === "aws_s3_object");
    if (!object) throw new Error("no aws_s3_object in the state");
    return String(object.values.bucket);
  }

  /** Workaround for s3-object-read-under-bucket-policy: removes the script bucket's policy (and remembers it). */
  private async liftPolicy(run: Run): Promise<void> {
    const bucket = this.scriptBucket(await this.state(run, "state-before-lift.json"));
    const read = await awsCli(this.ctx.tools, run.env, ["s3api", "get-bucket-policy", "--bucket", bucket], run.log);
    if (read.status !== 0) {
      if (!read.stderr.includes("NoSuchBucketPolicy")) expectStatus(read, "aws s3api get-bucket-policy");
      return;
    }
    run.liftedPolicy = { bucket, policy: String((JSON.parse(read.stdout) as JsonObject).Policy) };
    expectStatus(
      await awsCli(this.ctx.tools, run.env, ["s3api", "delete-bucket-policy", "--bucket", bucket], run.log),
      "aws s3api delete-bucket-policy",
    );
  }

  private async restorePolicy(run: Run): Promise<void> {
    const lifted = run.liftedPolicy;
    if (!lifted) return;
    expectStatus(
      await awsCli(this.ctx.tools, run.env, ["s3api", "put-bucket-policy", "--bucket", lifted.bucket, "--policy", lifted.policy], run.log),
      "aws s3api put-bucket-policy",
    );
    run.liftedPolicy = undefined;
  }

  /** True for the lift's own effect on a plan: re-creating the script bucket's policy. */
  private isLiftArtefact(change: ResourceChange, bucket: string): boolean {
    return (
      change.type === "aws_s3_bucket_policy" &&
      change.change.actions.join() === "create" &&
      (change.change.after as JsonObject).bucket === bucket
    );
  }

  private async plan(run: Run, args: readonly string[], file: string, statuses: readonly number[]): Promise<JsonObject> {
    const result = await terraform(
      this.ctx.tools,
      run.stackDir,
      run.env,
      ["plan", "-input=false", "-no-color", "-detailed-exitcode", `-out=${file}.bin`, ...args],
      run.log,
    );
    expectStatus(result, `terraform plan ${args.join(" ")}`.trim(), statuses);
    return this.showJson(run, [`${file}.bin`], `${file}.json`);
  }

  private async replan(run: Run): Promise<string> {
    // The raw re-plan: without the read-back workarounds, the differences must be exactly the listed gaps.
    await this.synthesize(run, "as-is", true);
    const resources = await this.state(run);
    const bucket = this.scriptBucket(resources);
    await this.liftPolicy(run);
    const raw = await this.plan(run, [], "replan-raw", [0, 2]);
    await this.restorePolicy(run);
    const expressions = configExpressions(raw);
    const differences = new Set<string>();
    let artefacts = 0;
    for (const change of realChanges(raw)) {
      if (this.isLiftArtefact(change, bucket)) {
        artefacts++;
        continue;
      }
      const attributes = configuredDifferences(change, expressions.get(change.address) ?? {});
      if (attributes.length === 0)
        throw new Error(`${change.address}: ${change.change.actions.join("+")} with no configured attribute changed`);
      for (const attribute of attributes) differences.add(`${change.type}.${attribute}`);
    }
    expectEqual("re-created bucket policies (the lift's own effect)", artefacts, 1);
    const expected = gapsFor(this.gaps, this.tfJson(run))
      .filter((g) => g.workaround.kind === "ignore-changes")
      .map((g) => `${g.resourceType}.${g.attribute}`);
    expectEqual(
      "attributes moto reads back differently (emulator-gaps.json gaps worked around with ignore_changes)",
      sorted(differences),
      sorted(expected),
    );
    // With the read-back workarounds: no changes at all, in two plans that together cover every resource.
    await this.synthesize(run, "as-is");
    const objectClosure = dependents(resources, (r) => r.type === "aws_s3_object");
    const others = resources.filter((r) => r.mode === "managed" && !objectClosure.has(r.address)).map((r) => r.address);
    await this.plan(
      run,
      others.map((a) => `-target=${a}`),
      "replan-others",
      [0],
    );
    await this.liftPolicy(run);
    await this.plan(
      run,
      [...objectClosure].map((a) => `-target=${a}`),
      "replan-objects",
      [0],
    );
    await this.restorePolicy(run);
    return (
      `raw re-plan differs exactly by ${differences.size} listed read-back gaps; with their ignore_changes, ` +
      `terraform plan -detailed-exitcode exits 0 for ${others.length} + ${objectClosure.size} resources`
    );
  }

  // ---- tier move ---------------------------------------------------------------------------

  private async moveTier(run: Run): Promise<string> {
    const move = run.config.moveTier as NonNullable<ConfigCase["moveTier"]>;
    const before = run.synthReview as StackReview;
    run.configEdits.push((config) => {
      for (const group of completed(config, "endpointGroups") as unknown as { name: string; tiers: string[] }[]) {
        group.tiers = group.tiers.filter((t) => t !== move.tier);
        if (group.name === move.to) group.tiers.push(move.tier);
      }
    });
    await this.synthesize(run, "moved");
    const resources = await this.state(run);
    const bucket = this.scriptBucket(resources);
    await this.liftPolicy(run);
    const plan = await this.plan(run, [], "move", [2]);
    const expressions = configExpressions(plan);
    const updated: string[] = [];
    for (const change of realChanges(plan)) {
      if (this.isLiftArtefact(change, bucket)) continue;
      const attributes = configuredDifferences(change, expressions.get(change.address) ?? {});
      if (change.type !== "aws_vpc_endpoint" || change.change.actions.join() !== "update" || attributes.join() !== "route_table_ids") {
        throw new Error(
          `${change.address}: ${change.change.actions.join("+")} of ${attributes.join(", ")} (only in-place ` +
            `route_table_ids updates of endpoints are expected)`,
        );
      }
      updated.push(change.address);
    }
    const forbidden = ((plan.resource_changes ?? []) as unknown as ResourceChange[]).filter(
      (c) =>
        ["aws_vpc", "aws_s3_bucket", "aws_instance"].includes(c.type) && c.change.actions.some((a) => a === "delete" || a === "create"),
    );
    expectEqual(
      "VPC, bucket or instance deleted or replaced",
      forbidden.map((c) => c.address),
      [],
    );
    expectEqual("endpoints updated in place", updated.length, 2);
    const after = await this.reviewFile(run, join(run.stackDir, "cdk.tf.json"));
    const moved = this.movedInstances(run, move.tier);
    const changedBoot = bootCheck(after)
      .filter((b, i) => JSON.stringify(b) !== JSON.stringify(bootCheck(before)[i]))
      .map((b) => String((b as JsonObject).name));
    expectEqual("instances whose boot path changed", sorted(changedBoot), sorted(moved));
    for (const instance of after.instances.filter((i) => moved.includes(String(i.name)))) {
      const path = instance.path as string[];
      expectEqual(`boot path of ${String(instance.name)} ends at`, path[path.length - 1], `endpoint ${move.to}`);
    }
    const [rowsBefore, rowsAfter] = [decisions(before), decisions(after)];
    expectEqual("access rows before and after the tier move", rowsAfter.length, rowsBefore.length);
    const changedRows = rowsAfter.flatMap((row, i) => (row === rowsBefore[i] ? [] : [`${rowsBefore[i]} => ${row}`]));
    expectEqual("access rows that changed with the tier move", changedRows, this.expectations.moveTierRows(run.config.name));
    await this.cdktfRun(run, "deploy");
    const endpoints = await this.readBackEndpoints(run, byAddress(await this.state(run)));
    return (
      `${updated.join(", ")} updated in place, nothing replaced; boot path of ${moved.join(", ")} now via ` +
      `endpoint ${move.to}; ${changedRows.length} access rows changed; ${endpoints} endpoints read back`
    );
  }

  private movedInstances(run: Run, tier: string): string[] {
    const instances = completed(readJson(String(run.env.VPCE_CONFIG)), "instances") as unknown as { name: string; tier: string }[];
    return instances.filter((i) => i.tier === tier).map((i) => i.name);
  }

  // ---- termination protection off, destroy -------------------------------------------------

  private async terminationOff(run: Run): Promise<string> {
    run.configEdits.push((config) => {
      for (const instance of completed(config, "instances")) instance.terminationProtection = false;
    });
    await this.synthesize(run, "unprotected");
    await this.liftPolicy(run);
    await this.cdktfRun(run, "deploy");
    const protection = await this.terminationProtection(run);
    expectEqual(
      "termination protection after turning it off (aws CLI)",
      protection,
      protection.map(() => false),
    );
    return `README's procedure: instances[].terminationProtection = false, cdktf deploy: protection off on ${protection.length} instances`;
  }

  private async destroy(run: Run): Promise<string> {
    await this.liftPolicy(run);
    await this.cdktfRun(run, "destroy");
    const left = (await this.state(run, "state-after-destroy.json")).filter((r) => r.mode === "managed");
    expectEqual(
      "managed resources in state after cdktf destroy",
      left.map((r) => r.address),
      [],
    );
    const buckets = ((await this.awsJson(run, ["s3api", "list-buckets"])).Buckets as JsonObject[]).map((b) => String(b.Name));
    expectEqual(
      "buckets left in moto",
      buckets.filter((b) => b.startsWith(run.project)),
      [],
    );
    const tag = `Name=tag:Project,Values=${run.project}`;
    const vpcs = (await this.awsJson(run, ["ec2", "describe-vpcs", "--filters", tag])).Vpcs as JsonObject[];
    expectEqual(
      "VPCs left in moto",
      vpcs.map((v) => String(v.VpcId)),
      [],
    );
    const reservations = (
      await this.awsJson(run, [
        "ec2",
        "describe-instances",
        "--filters",
        tag,
        "Name=instance-state-name,Values=pending,running,stopping,stopped",
      ])
    ).Reservations as JsonObject[];
    expectEqual("instances left in moto", reservations.length, 0);
    return "state empty; no bucket, VPC or live instance of the project left in moto";
  }
}

/**
 * A config's list, with the schema's default filled in when the config leaves it out (as the
 * embedded default does), so that the suite can edit its entries.
 */
function completed(config: JsonObject, key: "instances" | "endpointGroups"): JsonObject[] {
  if (config[key] === undefined) config[key] = JSON.parse(JSON.stringify(ScenarioConfigSchema.parse(config)[key])) as Json;
  return config[key] as JsonObject[];
}

/** The addresses of the resources matching `seed` and of every resource that depends on them. */
function dependents(resources: readonly StateResource[], seed: (r: StateResource) => boolean): Set<string> {
  const closure = new Set(resources.filter((r) => r.mode === "managed" && seed(r)).map((r) => r.address));
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of resources) {
      if (r.mode !== "managed" || closure.has(r.address)) continue;
      if ((r.depends_on ?? []).some((d) => closure.has(d))) {
        closure.add(r.address);
        grew = true;
      }
    }
  }
  return closure;
}
