/**
 * The "before" of a saved plan (`review PLAN --diff`), as a document the plan reader reads like a
 * state: the plan's `prior_state`, completed by the `before` values of its `resource_changes`. The
 * plan itself is the "after" (`planned_values`). Pure: parsed JSON in, parsed JSON out.
 */
import { configAddress, MAX_MODULE_DEPTH } from "../topology/plan-config";
import { moduleResources, type PlannedResource } from "../topology/read-plan";
import { asRecord, asString } from "../topology/values";

/** Where the before came from: the prior state, the changes' `before` values, or nowhere (every managed resource is created). */
export type PlanBeforeSource = "prior_state" | "resource_changes" | "none";

/** The before document, with where its managed resources came from. */
export interface PlanBefore {
  readonly doc: Record<string, unknown>;
  readonly source: PlanBeforeSource;
}

/** Why a document has no before and after to compare. */
export interface NoPlanBefore {
  readonly reason: string;
}

/**
 * The before of a `terraform show -json` plan.
 * - A state (`values` and no `planned_values`) has no before and after: a reason.
 * - The configuration is kept (provider regions), except the `user_data` of an instance whose
 *   planned hash differs from its prior one: that text is the new one, and the old one is unknown.
 */
export function planBefore(doc: unknown): PlanBefore | NoPlanBefore {
  const plan = asRecord(doc);
  if (plan === undefined || typeof plan["format_version"] !== "string")
    return { reason: 'not terraform show -json output (no "format_version" string at the top level)' };
  if (plan["planned_values"] === undefined)
    return { reason: "a state, not a saved plan: it has no planned values to compare with (run terraform show -json on a plan file)" };
  const prior = moduleResources(asRecord(asRecord(asRecord(plan["prior_state"])?.["values"])?.["root_module"])).map(withModuleAddress);
  const seen = new Set(prior.map((resource) => asString(resource["address"])));
  const fromChanges = changedBefores(plan["resource_changes"]).filter((resource) => !seen.has(asString(resource["address"])));
  const managed = (list: readonly Record<string, unknown>[]): boolean => list.some((resource) => resource["mode"] !== "data");
  const source: PlanBeforeSource = managed(prior) ? "prior_state" : managed(fromChanges) ? "resource_changes" : "none";
  const resources = [...prior, ...fromChanges];
  const configuration = withoutChangedUserData(plan["configuration"], changedUserData(resources, plannedByAddress(plan)));
  const before: Record<string, unknown> = { format_version: plan["format_version"], values: { root_module: moduleOf(resources) } };
  if (configuration !== undefined) before["configuration"] = configuration;
  if (plan["variables"] !== undefined) before["variables"] = plan["variables"];
  return { doc: before, source };
}

/** A resource of a module tree with its module's address kept on it (`module_address`). */
function withModuleAddress({ raw, modulePrefix }: PlannedResource): Record<string, unknown> {
  return modulePrefix === "" ? raw : { ...raw, module_address: modulePrefix.slice(0, -1) };
}

/** Resources as the prior state would hold them, from the changes' non-null `before` values. */
function changedBefores(changes: unknown): Record<string, unknown>[] {
  return (Array.isArray(changes) ? changes : []).flatMap((item) => {
    const change = asRecord(item);
    const values = asRecord(asRecord(change?.["change"])?.["before"]);
    if (change === undefined || values === undefined || typeof change["address"] !== "string") return [];
    const kept = ["address", "module_address", "mode", "type", "name", "index", "provider_name"].filter((key) => change[key] !== undefined);
    return [{ ...Object.fromEntries(kept.map((key) => [key, change[key]])), values }];
  });
}

/** A root module holding the resources, those of child modules in one child per module address. */
function moduleOf(resources: readonly Record<string, unknown>[]): Record<string, unknown> {
  const root: Record<string, unknown>[] = [];
  const children = new Map<string, Record<string, unknown>[]>();
  for (const resource of resources) {
    const module = asString(resource["module_address"]);
    if (module === undefined) root.push(resource);
    else children.set(module, [...(children.get(module) ?? []), resource]);
  }
  return { resources: root, child_modules: [...children].map(([address, list]) => ({ address, resources: list })) };
}

function plannedByAddress(plan: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const planned = moduleResources(asRecord(asRecord(plan["planned_values"])?.["root_module"]));
  return new Map(planned.map(({ raw }) => [asString(raw["address"]) ?? "", raw]));
}

/** Configuration addresses of instances whose `user_data` the plan changes. */
function changedUserData(before: readonly Record<string, unknown>[], planned: ReadonlyMap<string, Record<string, unknown>>): Set<string> {
  const changed = new Set<string>();
  for (const resource of before) {
    const address = asString(resource["address"]);
    if (resource["type"] !== "aws_instance" || address === undefined) continue;
    const old = asRecord(resource["values"])?.["user_data"];
    const now = asRecord(planned.get(address)?.["values"])?.["user_data"];
    if (old !== now) changed.add(configAddress(address));
  }
  return changed;
}

/** The configuration without the `user_data` expression of the given configuration addresses. */
function withoutChangedUserData(configuration: unknown, addresses: ReadonlySet<string>): unknown {
  const config = asRecord(configuration);
  if (config === undefined || addresses.size === 0) return configuration;
  return { ...config, root_module: stripModule(asRecord(config["root_module"]), "", addresses, 0) };
}

function stripModule(
  module: Record<string, unknown> | undefined,
  prefix: string,
  addresses: ReadonlySet<string>,
  depth: number,
): Record<string, unknown> | undefined {
  if (module === undefined || depth > MAX_MODULE_DEPTH) return module;
  const resources = (Array.isArray(module["resources"]) ? module["resources"] : []).map((item) => {
    const resource = asRecord(item);
    const expressions = asRecord(resource?.["expressions"]);
    if (resource === undefined || expressions === undefined || !addresses.has(`${prefix}${asString(resource["address"]) ?? ""}`))
      return item;
    const { user_data: _dropped, ...rest } = expressions;
    return { ...resource, expressions: rest };
  });
  const calls = Object.fromEntries(
    Object.entries(asRecord(module["module_calls"]) ?? {}).map(([name, call]) => {
      const record = asRecord(call);
      return [
        name,
        record === undefined
          ? call
          : { ...record, module: stripModule(asRecord(record["module"]), `${prefix}module.${name}.`, addresses, depth + 1) },
      ];
    }),
  );
  return { ...module, resources, module_calls: calls };
}
