/**
 * `--suppress RULE=ADDRESS:REASON` (repeatable): a suppression given on the command line, as in
 * `--suppress 'S3-004=aws_s3_bucket.ScriptBucket_7411736E:replication is out of scope'`.
 *
 * The rule id ends at the first `=` (ids have none). The address ends at the first `:` outside a
 * double-quoted `for_each` key (`aws_instance.web["a:b"]`), since a Terraform address has a `:`
 * nowhere else; the reason is the rest and may hold any character. Applies to every stack.
 */
import { InvalidArgumentError } from "commander";
import type { ReviewSuppression } from "./model";
import { unknownRuleFix } from "./review-config";

/** The syntax, as the help shows it. */
export const SUPPRESS_SYNTAX = "rule=address:reason";

/**
 * Parses one `--suppress` value.
 * @throws InvalidArgumentError saying which part is missing or wrong and how to write it
 */
function parseSuppressFlag(text: string): ReviewSuppression {
  const equals = text.indexOf("=");
  if (equals < 0) throw new InvalidArgumentError(`no "=" after the rule id; write ${SUPPRESS_SYNTAX}, e.g. S3-004=aws_s3_bucket.x:why`);
  const rule = text.slice(0, equals).trim();
  const ruleFix = unknownRuleFix(rule);
  if (ruleFix !== undefined) throw new InvalidArgumentError(`rule "${rule}" is not a rule of the pack; ${ruleFix}`);
  const rest = text.slice(equals + 1);
  const colon = addressEnd(rest);
  const address = rest.slice(0, colon < 0 ? rest.length : colon).trim();
  if (address === "")
    throw new InvalidArgumentError(`no address after "${rule}="; write ${SUPPRESS_SYNTAX}, e.g. ${rule}=aws_s3_bucket.x:why`);
  const reason = colon < 0 ? "" : rest.slice(colon + 1).trim();
  if (reason === "")
    throw new InvalidArgumentError(`no reason after "${rule}=${address}"; a suppression needs one: ${rule}=${address}:why it is accepted`);
  return { rule, address, reason, source: { kind: "flag" } };
}

/** Commander's collector for the repeatable flag. */
export function collectSuppression(text: string, previous: readonly ReviewSuppression[] = []): ReviewSuppression[] {
  return [...previous, parseSuppressFlag(text)];
}

/** The index of the first `:` outside a double-quoted string (with `\` escapes), or -1. */
function addressEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === "\\") i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === ":" && !quoted) return i;
  }
  return -1;
}
