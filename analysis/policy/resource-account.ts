/**
 * The account that owns the resource of a request. S3 ARNs carry no account
 * (`arn:aws:s3:::bucket`), so for S3 it must be stated: `request.resourceAccount`
 * or the `aws:ResourceAccount` context key (AWS global condition context keys,
 * aws:ResourceAccount —
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount).
 * Other ARNs (a KMS key's) carry it in their account field.
 */
import { arnAccount } from "./arn";
import type { RequestContext } from "./context";
import { PolicyError } from "./errors";
import type { EvaluationRequest } from "./types";

/** The resource's account, and whether it was only assumed. */
export interface ResourceAccount {
  /** Undefined when neither the request nor the principal names one. */
  readonly account: string | undefined;
  /** True when the input does not say, and the principal's account is taken instead. */
  readonly assumed: boolean;
}

const CONTEXT_KEY = "aws:ResourceAccount";

/**
 * The account from `request.resourceAccount`, `aws:ResourceAccount` or the resource ARN; when none
 * says, the principal's account is assumed (`assumed: true`). Throws PolicyError when two of them disagree.
 */
export function resourceAccountOf(
  request: EvaluationRequest,
  context: RequestContext,
  principalAccount: string | undefined,
): ResourceAccount {
  const stated: [string, string][] = [];
  if (request.resourceAccount !== undefined) stated.push(["request.resourceAccount", request.resourceAccount]);
  const fromContext = context.single(CONTEXT_KEY);
  if (fromContext !== undefined) stated.push([`request.context["${CONTEXT_KEY}"]`, fromContext]);
  const fromArn = arnAccount(request.resource);
  if (fromArn !== undefined && !request.resource.includes("${")) stated.push(["request.resource", fromArn]);
  const [first, ...others] = stated;
  const conflict = others.find(([, account]) => account !== first?.[1]);
  if (first !== undefined && conflict !== undefined) {
    throw new PolicyError(
      `${conflict[0]}: account "${conflict[1]}" disagrees with ${first[0]} (account "${first[1]}"); a resource has one ` +
        `owner account — make them equal or drop one`,
    );
  }
  return first === undefined ? { account: principalAccount, assumed: true } : { account: first[1], assumed: false };
}
