/**
 * `terraform validate` on synthesized stacks, offline: every example config in config/, configs
 * with every name at its longest accepted length, a fixed, seeded sample of fuzzed valid configs,
 * and, for each name limit the provider enforces (config/names.ts), the longest-names stack with
 * those names at exactly their limit (valid) and one character over it (refused).
 *
 * Opt-in: it needs the terraform binary AND hashicorp/aws in a local provider mirror, because these
 * machines must not reach the Terraform registry. Point `VPCE_TF_PLUGIN_DIR` at a mirror laid out as
 * `registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/` (or put one in `~/.terraform.d/plugins`).
 * Without one it says why and skips — except in CI (`CI=true`) with `VPCE_TF_PLUGIN_DIR` set, where
 * a missing terraform or a mirror without hashicorp/aws fails.
 *
 * One `terraform init -plugin-dir=<mirror>` and one `terraform validate -json` cover everything: each
 * stack is a child module of one root (its provider block and backend dropped, so that one provider
 * process serves all; the root carries the default stack's provider block), and each diagnostic is
 * traced to its module. The mirrored version that satisfies the stacks' constraint is preferred;
 * otherwise the newest mirrored 5.x/6.x is used, the stacks' constraint is replaced with it in the
 * copies, and the test names say so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NameTemplate } from "../../config/names";
import { type TerraformJson, synthScenario } from "../support/scenario";
import { type NamedScenario, PROVIDER_CHECKED, nameOfLength, placesOf, scenariosToValidate } from "./configs";

const REQUESTED_MIRROR = process.env.VPCE_TF_PLUGIN_DIR || undefined;
const MIRRORS = [REQUESTED_MIRROR, join(process.env.HOME ?? "", ".terraform.d", "plugins")].filter((d): d is string => Boolean(d));
const TERRAFORM_ENV = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
const MUST_RUN = process.env.CI === "true" && REQUESTED_MIRROR !== undefined;

function terraformVersion(): string | undefined {
  const probe = spawnSync("terraform", ["version"], { env: TERRAFORM_ENV, encoding: "utf8", timeout: 20_000 });
  return probe.status === 0 ? probe.stdout.split("\n")[0] : undefined;
}

/** The mirrored hashicorp/aws versions of the first mirror holding any. */
function mirroredVersions(): { dir: string; versions: string[] } | undefined {
  for (const dir of MIRRORS) {
    const awsDir = join(dir, "registry.terraform.io", "hashicorp", "aws");
    const versions = existsSync(awsDir) ? readdirSync(awsDir).filter((v) => /^[56]\.\d+\.\d+$/.test(v)) : [];
    if (versions.length > 0) return { dir, versions: versions.sort(compareVersions).reverse() };
  }
  return undefined;
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** Whether a version meets a Terraform constraint such as `6.25.0`, `~> 6.25` or `>= 6.25, < 7.0`. */
export function meetsConstraint(version: string, constraint: string): boolean {
  return constraint.split(",").every((part) => {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(part);
    if (!match) return false;
    const [, op = "=", wanted] = match;
    const order = compareVersions(version, wanted);
    switch (op) {
      case "=":
        return order === 0;
      case "!=":
        return order !== 0;
      case ">":
        return order > 0;
      case ">=":
        return order >= 0;
      case "<":
        return order < 0;
      case "<=":
        return order <= 0;
      default: {
        // ~> 6.25 allows 6.25 up to 7.0; ~> 6.25.0 allows 6.25.x.
        const fixed = wanted.split(".").slice(0, -1);
        return order >= 0 && version.split(".").slice(0, fixed.length).join(".") === fixed.join(".");
      }
    }
  });
}

const version = terraformVersion();
const mirror = version ? mirroredVersions() : undefined;
const missing = !version
  ? "terraform is not on PATH (install terraform >= 1.5 to run terraform validate)"
  : !mirror
    ? `${version} found, but no local mirror holds hashicorp/aws (looked in ${MIRRORS.join(", ")}); set ` +
      `VPCE_TF_PLUGIN_DIR to a mirror to run terraform validate without the registry`
    : undefined;

interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename: string };
}

/** The stack as a child module: no provider block (the root's serves it), no backend (a child's is ignored). */
function asChildModule(tf: TerraformJson, providerVersion: string): TerraformJson {
  const copy = structuredClone(tf) as Partial<TerraformJson> & {
    terraform: { backend?: unknown; required_providers?: { aws?: { version?: unknown } } };
  };
  delete copy.provider;
  delete copy.terraform.backend;
  const aws = copy.terraform.required_providers?.aws;
  if (!aws || typeof aws.version !== "string") throw new Error("the stack has no terraform.required_providers.aws.version");
  aws.version = providerVersion;
  return copy as TerraformJson;
}

/** Every resource address each resource depends on, directly or not (from its `${type.name.…}` references). */
function upstreamOf(tf: TerraformJson): Map<string, Set<string>> {
  const direct = new Map<string, string[]>();
  for (const [type, byName] of Object.entries(tf.resource)) {
    for (const [name, body] of Object.entries(byName)) {
      direct.set(
        `${type}.${name}`,
        [...JSON.stringify(body).matchAll(/\$\{(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\./g)].map((m) => m[1]),
      );
    }
  }
  const closure = new Map<string, Set<string>>();
  const visit = (address: string): Set<string> => {
    const known = closure.get(address);
    if (known) return known;
    const found = new Set<string>();
    closure.set(address, found);
    for (const dep of direct.get(address) ?? []) for (const up of [dep, ...visit(dep)]) found.add(up);
    return found;
  };
  for (const address of direct.keys()) visit(address);
  return closure;
}

/** Groups templates so that within a group no template's resources are upstream of another's. */
function overLimitWaves<P extends { found: readonly { address: string }[] }>(tf: TerraformJson, places: readonly P[]): P[][] {
  const upstream = upstreamOf(tf);
  const above = (p: P) => new Set(p.found.flatMap((f) => [...(upstream.get(f.address) ?? [])]));
  const clash = (a: P, b: P) => a.found.some((f) => above(b).has(f.address)) || b.found.some((f) => above(a).has(f.address));
  const waves: P[][] = [];
  for (const p of places) {
    const wave = waves.find((w) => w.every((q) => !clash(p, q)));
    if (wave) wave.push(p);
    else waves.push([p]);
  }
  return waves;
}

/** The module a diagnostic is about, from its address (`module.<label>.…`) or its file (`<label>/cdk.tf.json`). */
function moduleOf(d: Diagnostic): string | undefined {
  return /^module\.([^.]+)\./.exec(d.address ?? "")?.[1] ?? /^([^/]+)\//.exec(d.range?.filename ?? "")?.[1];
}

const TITLE = "terraform validate (opt-in: terraform and a local provider mirror)";
if (missing !== undefined && !MUST_RUN) {
  console.warn(`SKIPPED: terraform validate: ${missing}`);
  // Nothing is synthesized for a skipped run.
  describe.skip(TITLE, () => test("every example, longest-name and fuzzed config", () => undefined));
} else
  describe(TITLE, () => {
    if (missing !== undefined) {
      test("requires terraform and a provider mirror in CI when VPCE_TF_PLUGIN_DIR is set", () => {
        throw new Error(`terraform validate is required in CI (VPCE_TF_PLUGIN_DIR=${REQUESTED_MIRROR}): ${missing}`);
      });
      return;
    }

    const scenarios = scenariosToValidate();
    const synthesized = scenarios.map((s) => ({ ...s, tf: synthScenario(s.scenario, { validate: s.guards }).tf }));
    const constraint = String((synthesized[0].tf.terraform.required_providers as { aws: { version: string } }).aws.version);
    const satisfying = mirror?.versions.find((v) => meetsConstraint(v, constraint));
    const providerVersion = satisfying ?? mirror?.versions[0] ?? "";
    const which = satisfying ? `the pinned (${constraint})` : `a mirrored (not the pinned ${constraint})`;

    // The name-limit controls, copies of the longest-names stack: one with every provider-checked name
    // at exactly its limit; and copies with the names one character over, the templates spread over
    // them so that no over-limit resource is downstream of another (terraform does not validate a
    // resource whose dependency failed).
    const longest = synthesized.find((s) => s.label === "longest_names") ?? synthesized[0];
    const control = (templates: ReadonlyArray<readonly [string, NameTemplate]>, extra: number) => {
      const tf = structuredClone(longest.tf);
      const places = templates.map(([id, t]) => {
        const found = [...placesOf(t, longest.scenario.config, tf).values()].flat();
        for (const place of found) place.set(nameOfLength(t, place.parts, t.limit + extra));
        return { id, t, found };
      });
      return { tf, places };
    };
    const atLimit = control(PROVIDER_CHECKED, 0);
    const overLimit = overLimitWaves(longest.tf, atLimit.places).map((wave, i) => ({
      label: `names_over_limit_${i}`,
      ...control(
        wave.map((p) => [p.id, p.t] as const),
        1,
      ),
    }));
    const overOf = (t: NameTemplate) => {
      const over = overLimit.find((o) => o.places.some((p) => p.t === t));
      return { label: over?.label ?? "", found: over?.places.find((p) => p.t === t)?.found ?? [] };
    };

    let diagnostics: Diagnostic[] = [];
    beforeAll(() => {
      const root = mkdtempSync(join(tmpdir(), "vpce-tf-"));
      const modules: Record<string, { source: string }> = {};
      const write = (label: string, tf: TerraformJson) => {
        mkdirSync(join(root, label));
        writeFileSync(join(root, label, "cdk.tf.json"), JSON.stringify(asChildModule(tf, providerVersion), null, 2));
        modules[label] = { source: `./${label}` };
      };
      for (const s of synthesized) write(s.label, s.tf);
      write("names_at_limit", atLimit.tf);
      for (const over of overLimit) write(over.label, over.tf);
      const provider = (synthesized[0].tf as TerraformJson & { provider: unknown }).provider;
      writeFileSync(
        join(root, "main.tf.json"),
        JSON.stringify(
          { terraform: { required_providers: { aws: { source: "aws", version: providerVersion } } }, provider, module: modules },
          null,
          2,
        ),
      );
      const init = spawnSync("terraform", ["init", "-backend=false", "-input=false", `-plugin-dir=${mirror?.dir}`], {
        cwd: root,
        env: TERRAFORM_ENV,
        encoding: "utf8",
        timeout: 120_000,
      });
      if (init.status !== 0) throw new Error(`terraform init failed in ${root}:\n${init.stderr}`);
      const validate = spawnSync("terraform", ["validate", "-json"], {
        cwd: root,
        env: TERRAFORM_ENV,
        encoding: "utf8",
        timeout: 300_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      if (!validate.stdout.trim().startsWith("{"))
        throw new Error(`terraform validate gave no JSON in ${root} (exit ${validate.status}):\n${validate.stderr}`);
      const result = JSON.parse(validate.stdout) as { diagnostics: Diagnostic[] };
      diagnostics = result.diagnostics.filter((d) => d.severity === "error");
    });

    const errorsOf = (label: string) =>
      diagnostics.filter((d) => moduleOf(d) === label).map((d) => `${d.address ?? d.range?.filename}: ${d.summary}`);

    test.each(synthesized.map((s) => [s.label, s] as const))(
      `%s is valid Terraform for ${which} hashicorp/aws ${providerVersion}`,
      (label, s: NamedScenario) => {
        expect({ config: s.raw, errors: errorsOf(label) }).toEqual({ config: s.raw, errors: [] });
      },
    );

    test("terraform reports no error outside the stacks' modules", () => {
      const labels = new Set([...synthesized.map((s) => s.label), "names_at_limit", ...overLimit.map((o) => o.label)]);
      expect(diagnostics.filter((d) => !labels.has(moduleOf(d) ?? "")).map((d) => d.summary)).toEqual([]);
    });

    test.each(atLimit.places.map((p) => [p.t.what, p.id, p, overOf(p.t)] as const))(
      `%s (NAMES.%s): at its limit the provider accepts it, one character over it refuses it`,
      (_what, _id, at, over) => {
        expect(at.found.length).toBeGreaterThan(0);
        // No error anywhere in the at-limit copy: terraform skips resources downstream of a failed one.
        expect(errorsOf("names_at_limit")).toEqual([]);
        for (const place of over.found) {
          const attribute = new RegExp(`(^|\\W)${place.attribute}(\\W|$)`);
          const refused = diagnostics.filter((d) => d.address === `module.${over.label}.${place.address}` && attribute.test(d.summary));
          expect({ place: `${place.address}.${place.attribute}`, refused: refused.length > 0 }).toEqual({
            place: `${place.address}.${place.attribute}`,
            refused: true,
          });
        }
      },
    );
  });
