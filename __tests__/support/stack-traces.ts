/**
 * cdktf records a full stack trace for every token it creates (`captureStackTrace`, kept for its
 * own error messages and never written to the synthesized JSON). Under jest each of those traces is
 * formatted by jest's source-map support, which maps every frame to its TypeScript source: that is
 * about 40% of a synth's CPU time in a test. This runs `fn` with V8's own frame format in this realm
 * and restores jest's formatter afterwards; an error that escapes `fn` is formatted when it is first
 * read, after the restore, so a failing test still shows mapped frames.
 */
export function withPlainStackTraces<T>(fn: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = plainStackTrace;
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** V8's default format: the error, then one `at` line per frame. */
function plainStackTrace(error: Error, frames: NodeJS.CallSite[]): string {
  return `${String(error)}${frames.map((frame) => `\n    at ${String(frame)}`).join("")}`;
}
