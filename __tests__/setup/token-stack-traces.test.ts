import { Lazy, Tokenization } from "cdktf";

// The jest setup file token-stack-traces.js renders cdktf's token creation stacks cheaply; these tests keep
// it honest: tokens still record where they were created, and real errors keep jest's source-mapped stacks.

function throwHere(): never {
  throw new Error("thrown on purpose");
}

describe("stack traces under the jest setup", () => {
  test("an Error thrown in a TypeScript test has a stack that points at the TypeScript line", () => {
    // GIVEN a function that throws on line 7 of this file
    // WHEN it throws
    let stack = "";
    try {
      throwHere();
    } catch (error) {
      stack = (error as Error).stack ?? "";
    }
    // THEN the stack names this .ts file at that line (source-mapped), not the transformed output
    expect(stack).toMatch(/token-stack-traces\.test\.ts:7:\d+/);
  });

  test("a cdktf token still records the frames where it was created", () => {
    // GIVEN a lazy token created in this test
    const token = Tokenization.reverseString(Lazy.stringValue({ produce: () => "value" })).firstToken;
    // WHEN its creation stack is read
    const creationStack = token?.creationStack ?? [];
    // THEN it lists frames, one of them in this file
    expect(creationStack.some((frame) => frame.includes("token-stack-traces.test.ts"))).toBe(true);
  });
});
