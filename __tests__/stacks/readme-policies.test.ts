/** The README's example per-endpoint denies (section "Endpoint group access") are what the default config synthesizes. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, policyOf, resourcesOf, scenarioOf, synthScenario } from "../support/scenario";

function readmeStatements(): Array<Record<string, unknown>> {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Endpoint group access"));
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error("README: no json block in the Endpoint group access section");
  return JSON.parse(block) as Array<Record<string, unknown>>;
}

test("GIVEN the default config WHEN synthesized THEN its per-endpoint denies are the README's, statement for statement", () => {
  const { tf } = synthScenario(scenarioOf({ project: "vpce-demo" }), { validate: false });
  const statements = Object.values(resourcesOf(tf, "aws_s3_bucket_policy")).flatMap((resource) => policyOf(resource).Statement);
  const documented = readmeStatements();
  const sids = documented.map((statement) => statement.Sid);
  expect(statements.filter((statement) => sids.includes(statement.Sid))).toEqual(documented);
});
