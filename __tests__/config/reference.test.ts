import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { configReference, configReferenceTable } from "../support/config-reference";
import { ROOT } from "../support/scenario";

const README = join(ROOT, "README.md");
const SECTION = /(<!-- config-reference:start[^>]*-->\n)([\s\S]*?)\n(<!-- config-reference:end -->)/;

describe("the README's config reference is generated from the schema", () => {
  test("every field of the schema is documented", () => {
    expect(configReference().undocumented).toEqual([]);
  });

  test("the README holds exactly the generated table (UPDATE_README=1 rewrites it)", () => {
    const readme = readFileSync(README, "utf8");
    const section = SECTION.exec(readme);
    expect(section).not.toBeNull();
    const generated = configReferenceTable();
    if (process.env.UPDATE_README === "1") {
      writeFileSync(
        README,
        readme.replace(SECTION, (_all, start: string, _table: string, end: string) => `${start}${generated}\n${end}`),
      );
      return;
    }
    expect(section?.[2]).toBe(generated);
  });

  test("defaults come from the schema itself: a changed default changes the table", () => {
    const rows = new Map(configReference().rows.map((row) => [row.path, row]));
    expect(rows.get("network.azCount")?.default).toBe("`2`");
    expect(rows.get("instances[].instanceType")?.default).toBe("`t3.micro`");
    expect(rows.get("project")?.default).toBe("— (required)");
    expect(rows.get("network.natGateways")?.type).toBe("`single` | `per-az` | `none`");
  });
});
