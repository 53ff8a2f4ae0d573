/**
 * Access assertions for jest (`import { accessMatchers } from "vpce-s3-lockdown/testing"`):
 *
 * ```ts
 * expect.extend(accessMatchers);
 * const synth = Testing.synth(stack);
 * expect(synth).toAllowAccess({ principal: "instance:web", action: "s3:GetObject", origin: "endpoint:readers" });
 * expect(synth).toDenyAccess({ principal: "instance:web", action: "s3:PutObject", origin: "endpoint:readers" });
 * expect(synth).toBootCleanly();
 * expect(synth).toHaveNoFindings({ atLeast: "high" });
 * ```
 *
 * The types merge into `@types/jest`'s global `jest.Matchers` and into the `expect` package's
 * `Matchers` (used by `import { expect } from "@jest/globals"`).
 */
import type { AccessMatchers } from "./matchers";

export {
  accessMatchers,
  type AccessMatcherFunctions,
  type AccessMatcherResult,
  type AccessMatchers,
  type AccessQuery,
  type FindingsOptions,
  type MatcherState,
} from "./matchers";
export { reviewSynth, type SynthInput, type SynthReview } from "./review";
export type {
  AccessDecision,
  AccessReport,
  AccessRow,
  InstanceBootCheck,
  Origin,
  PrincipalLabel,
  ScriptFetch,
} from "../analysis/access/types";
export type { Finding, Severity } from "../analysis/rules/types";
export type { Decision } from "../analysis/policy/types";

declare global {
  namespace jest {
    // The type parameters must be exactly @types/jest's, `{}` included.
    // biome-ignore lint/complexity/noBannedTypes: @types/jest declares `T = {}`, and a merged declaration must match it
    interface Matchers<R, T = {}> extends AccessMatchers<R> {}
  }
}

declare module "expect" {
  // The type parameters must be exactly the expect package's.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> extends AccessMatchers<R> {}
}
