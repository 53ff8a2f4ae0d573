// A user's jest test, in plain CommonJS JavaScript with no transform: the packed library, installed
// in a fresh project with its published peers. __tests__/package/pack.test.ts copies this folder
// there and runs jest on it.
const { Testing } = require("cdktf");
const { join } = require("node:path");
const { ScenarioStack, loadScenario } = require("vpce-s3-lockdown");
const { accessMatchers } = require("vpce-s3-lockdown/testing");

expect.extend(accessMatchers);

const READ = { principal: "instance:web", action: "s3:GetObject", origin: "endpoint:readers" };
const WRITE = { principal: "instance:web", action: "s3:PutObject", origin: "endpoint:readers" };

describe("a user's stack", () => {
  // GIVEN a config object; its scripts come from ./scripts, since baseDir defaults to the working directory
  const stack = new ScenarioStack(Testing.app(), "consumer", { config: { project: "consumer-demo", region: "eu-west-1" } });
  // WHEN synthesized with the guards
  const synth = Testing.synth(stack, true);

  test("the library and its peers load from this project's node_modules", () => {
    for (const name of [
      "vpce-s3-lockdown",
      "vpce-s3-lockdown/testing",
      "cdktf",
      "constructs",
      "@cdktf/provider-aws/lib/vpc-endpoint",
      "zod",
    ]) {
      expect(require.resolve(name)).toMatch(new RegExp(`^${__dirname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/node_modules/`));
    }
  });

  test("web reads its script through the readers endpoint, and cannot write there or read through the NAT gateway", () => {
    expect(synth).toAllowAccess({ ...READ, resource: "bootstrap/00-hello.sh" });
    expect(synth).toDenyAccess(WRITE);
    expect(synth).toDenyAccess({ ...READ, origin: "nat" });
  });

  test("a failing assertion names the decision and the deciding statement", () => {
    expect(() => expect(synth).toAllowAccess(WRITE)).toThrow(
      "expected instance:web s3:PutObject via endpoint:readers to be allowed, but it is ExplicitDeny by bucket policy " +
        'statement "DenyWritesThroughReadOnlyEndpoints"',
    );
  });

  test("every instance boots cleanly, and nothing high is found", () => {
    expect(synth).toBootCleanly();
    expect(synth).toHaveNoFindings({ atLeast: "high" });
  });

  test("the embedded default config reads the example scripts shipped in the package", () => {
    const scenario = loadScenario({});
    expect(scenario.scripts.map((script) => script.absolutePath)).toEqual(
      ["00-prepare.sh", "10-app.sh", "90-health.sh"].map((name) => join(__dirname, "node_modules", "vpce-s3-lockdown", "scripts", name)),
    );
    expect(Testing.synth(new ScenarioStack(Testing.app(), "default", { scenario }), true)).toBootCleanly();
  });

  test("an unknown config field is refused, as in a config file", () => {
    expect(
      () => new ScenarioStack(Testing.app(), "typo", { config: { project: "consumer-demo", region: "eu-west-1", regoin: "x" } }),
    ).toThrow(/regoin/);
  });
});
