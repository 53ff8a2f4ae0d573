// The scenario the AWS CDK peer builds, as plain JSON: our config loaded and validated by our own
// loader (every default filled in, scriptsDir made absolute) plus the facts our constructs derive
// from it (each group's allowed and denied S3 actions, the AL2023 repository bucket). bench/lib/aws-cdk.mjs
// bundles this file and runs it once before timing, so the peer applies no defaults of its own
// (one fact in one place) and its timed run does only what an AWS CDK app does: read a config, build, synth.
// Loading and validating the config is thus not in the peer's timed run, while it is in ours.
import { writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ACCESS_LEVEL_ACTIONS, OBJECT_CHANGING_ACTIONS, compactDeny, ungrantedObjectChanges } from "../../../analysis/access-levels";
import { al2023RepoBucket } from "../../../analysis/aws-facts";
import { loadScenario } from "../../../config/load";
import type { ScenarioConfig } from "../../../config/schema";

/** One endpoint group, with the actions its endpoint policy allows and the object changes the bucket policy denies through it. */
export interface PeerGroup {
  readonly name: string;
  readonly tiers: readonly string[];
  readonly actions: readonly string[];
  /** Empty when the group is granted every object-changing action. */
  readonly deniedWrites: readonly string[];
  /** True when the group is granted no object-changing action at all (the read-only deny). */
  readonly readOnly: boolean;
  readonly amazonLinuxRepos: boolean;
}

/** What app.ts reads at run time. */
export interface PeerScenario {
  readonly config: ScenarioConfig;
  /** Absolute path of the boot scripts folder. */
  readonly scriptsDir: string;
  /** The scripts each instance runs, in run order (file names in scriptsDir). */
  readonly instanceScripts: Readonly<Record<string, readonly string[]>>;
  readonly groups: readonly PeerGroup[];
  readonly amazonLinuxRepoBucket: string;
}

function peerScenario(): PeerScenario {
  const { config, scripts, instanceScripts } = loadScenario();
  const groups = config.endpointGroups.map((group) => {
    const actions: readonly string[] = typeof group.access === "string" ? ACCESS_LEVEL_ACTIONS[group.access] : group.access.actions;
    const ungranted = ungrantedObjectChanges(actions);
    return {
      name: group.name,
      tiers: group.tiers,
      actions,
      deniedWrites: compactDeny(ungranted),
      readOnly: ungranted.length === OBJECT_CHANGING_ACTIONS.length,
      amazonLinuxRepos: group.amazonLinuxRepos,
    };
  });
  // loadScenario rejects a config whose scripts folder is empty, so there is a first script.
  const scriptsDir = dirname(scripts[0]?.absolutePath ?? "");
  const byInstance = Object.fromEntries(Object.entries(instanceScripts).map(([name, list]) => [name, list.map((s) => s.fileName)]));
  return { config, scriptsDir, instanceScripts: byInstance, groups, amazonLinuxRepoBucket: al2023RepoBucket(config.region) };
}

// `node <bundle> <out.json>`, with VPCE_CONFIG selecting the config as for `npm run synth`.
const out = process.argv[2];
if (out) writeFileSync(out, `${JSON.stringify(peerScenario(), null, 2)}\n`);
