// A user's TypeScript, type-checked (tsc --noEmit, moduleResolution node16, no resolveJsonModule) against
// the packed library's declarations by __tests__/package/pack.test.ts. Every @ts-expect-error must be needed.
import { expect, test } from "@jest/globals";
import { Testing } from "cdktf";
import { ScenarioStack, type LoadedScenario, type ScenarioConfigInput } from "vpce-s3-lockdown";
import { accessMatchers, type AccessQuery } from "vpce-s3-lockdown/testing";

expect.extend(accessMatchers);

const config: ScenarioConfigInput = {
  project: "consumer-demo",
  region: "eu-west-1",
  endpointGroups: [{ name: "readers", tiers: ["app"], access: "read" }],
};
const stack = new ScenarioStack(Testing.app(), "consumer", { config, baseDir: __dirname });
const synth: string = Testing.synth(stack);
const write: AccessQuery = { principal: "instance:web", action: "s3:PutObject", origin: "endpoint:readers" };

export function typeErrors(scenario: LoadedScenario): void {
  new ScenarioStack(Testing.app(), "typo", {
    config: {
      project: "consumer-demo",
      region: "eu-west-1",
      // @ts-expect-error: an unknown config field is a type error
      regoin: "eu-west-1",
    },
  });
  // @ts-expect-error: config and scenario are exclusive
  new ScenarioStack(Testing.app(), "both", { config, scenario });
  // @ts-expect-error: not a severity
  expect(synth).toHaveNoFindings({ atLeast: "critical" });
  // @ts-expect-error: not a principal
  expect(synth).toAllowAccess({ principal: "root", action: "s3:GetObject" });
}

test("the stack's access", () => {
  expect(synth).toAllowAccess({
    principal: "instance:web",
    action: "s3:GetObject",
    origin: "endpoint:readers",
    resource: "bootstrap/00-hello.sh",
  });
  expect(synth).toDenyAccess(write);
  expect(synth).not.toAllowAccess(write);
  expect(synth).toBootCleanly();
  expect(synth).toHaveNoFindings({ atLeast: "high" });
});
