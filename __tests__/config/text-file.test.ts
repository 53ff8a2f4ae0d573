/**
 * One decoder for every user file (config, review input, evaluate input): UTF-8 with or without a
 * byte order mark, and UTF-16 as Windows PowerShell's `>` writes it (UTF-16LE with a BOM).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario } from "../../config/load";
import { readJsonFile } from "../../config/text-file";
import { CONFIG_DIR } from "../support/scenario";

const JSON_TEXT = '{"café": "naïve ✓"}';

/** `text` as UTF-16BE bytes. */
function utf16be(text: string): Buffer {
  const le = Buffer.from(text, "utf16le");
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1] ?? 0;
    be[i + 1] = le[i] ?? 0;
  }
  return be;
}

describe("readJsonFile", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "text-file-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ["UTF-8", Buffer.from(JSON_TEXT, "utf8")],
    ["UTF-8 with a BOM (editors)", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON_TEXT, "utf8")])],
    ["UTF-16LE with a BOM (PowerShell's >)", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON_TEXT, "utf16le")])],
    ["UTF-16BE with a BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(JSON_TEXT)])],
    ["UTF-16LE without a BOM", Buffer.from(JSON_TEXT, "utf16le")],
  ])("GIVEN JSON saved as %s WHEN read THEN the text is the JSON without a byte order mark", (name, bytes) => {
    const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
    writeFileSync(file, bytes);
    expect(readJsonFile(file)).toEqual({ kind: "ok", text: JSON_TEXT, value: { café: "naïve ✓" } });
  });

  test("GIVEN no such file WHEN read THEN unreadable, with the fs error's code and message", () => {
    const read = readJsonFile(join(dir, "missing.json"));
    expect(read).toMatchObject({ kind: "unreadable", code: "ENOENT" });
    expect(read.kind === "unreadable" && read.message).toMatch(/no such file/);
  });

  test("GIVEN text that is not JSON, or only white space WHEN read THEN invalid, saying which", () => {
    writeFileSync(join(dir, "broken.json"), '{"a": ');
    writeFileSync(join(dir, "blank.json"), " \n");
    expect(readJsonFile(join(dir, "broken.json"))).toMatchObject({ kind: "invalid", empty: false });
    expect(readJsonFile(join(dir, "blank.json"))).toMatchObject({ kind: "invalid", empty: true });
  });
});

describe("config files in other encodings", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "config-encoding-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("GIVEN a VPCE_CONFIG saved as UTF-16LE with a BOM WHEN loaded THEN it is the same scenario as the UTF-8 file", () => {
    const source = join(CONFIG_DIR, "single-endpoint.json");
    const config = JSON.parse(readFileSync(source, "utf8")) as { bucket: { scriptsDir: string } };
    const text = JSON.stringify({ ...config, bucket: { ...config.bucket, scriptsDir: join(CONFIG_DIR, "..", "scripts") } }, null, 2);
    writeFileSync(join(dir, "utf16.json"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    writeFileSync(join(dir, "utf8.json"), text);
    expect(loadScenario({ VPCE_CONFIG: join(dir, "utf16.json") }).config).toEqual(
      loadScenario({ VPCE_CONFIG: join(dir, "utf8.json") }).config,
    );
  });
});
