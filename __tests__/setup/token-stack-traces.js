// cdktf records where every Lazy and Intrinsic token was created (a full stack, at each creation), for the
// rare error message that names it. Under jest, rendering each of those stacks goes through jest's
// source-map formatter, frame by frame: about a quarter of the CPU time of a test file that synthesizes
// stacks. Those records are plain objects, never errors, so they get V8's plain frame list here; a real
// Error (a failed assertion, a thrown refusal) still goes to jest's formatter and keeps its source-mapped
// stack. Jest installs its formatter on the worker's own Error, which test code can't see: hence vm.
const WorkerError = require("node:vm").runInThisContext("Error");

Error.prepareStackTrace = (error, frames) =>
  error instanceof Error ? WorkerError.prepareStackTrace(error, frames) : `Error${frames.map((frame) => `\n    at ${frame}`).join("")}`;
