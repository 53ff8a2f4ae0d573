import { PolicyError } from "./errors";
import type { ContextValue } from "./types";

/**
 * The request context with case-insensitive key lookup: AWS treats condition key
 * names case-insensitively, so `aws:sourcevpce` and `aws:SourceVpce` are one key.
 */
export class RequestContext {
  private readonly values: ReadonlyMap<string, readonly string[]>;

  /** Throws PolicyError when two keys differ only in case: which value wins would be a guess. */
  constructor(context: Readonly<Record<string, ContextValue>>) {
    const values = new Map<string, readonly string[]>();
    const spelled = new Map<string, string>();
    for (const [key, value] of Object.entries(context)) {
      const folded = key.toLowerCase();
      const earlier = spelled.get(folded);
      if (earlier !== undefined) {
        throw new PolicyError(
          `request.context: keys "${earlier}" and "${key}" name the same condition key (key names are case-insensitive); keep one`,
        );
      }
      spelled.set(folded, key);
      values.set(folded, typeof value === "string" ? [value] : [...value]);
    }
    this.values = values;
  }

  /** All values of a key; undefined when the key is absent or has no values (an empty set counts as absent). */
  get(key: string): readonly string[] | undefined {
    const found = this.values.get(key.toLowerCase());
    return found === undefined || found.length === 0 ? undefined : found;
  }

  /**
   * The value of a single-valued key, for policy variables. Multivalued keys
   * cannot be policy variables (IAM User Guide, "Single-valued vs. multivalued
   * context keys"), so a key with several values yields undefined.
   */
  single(key: string): string | undefined {
    const found = this.get(key);
    return found !== undefined && found.length === 1 ? found[0] : undefined;
  }
}
