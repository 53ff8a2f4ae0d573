// The floor for `npm run synth`: node itself plus loading cdktf, constructs and exactly the
// provider modules the project imports (passed as arguments by bench/run.mjs, which finds them
// by scanning modules/ and stacks/ for `@cdktf/provider-aws/lib/<x>`). Nothing is synthesized.
require("cdktf");
require("constructs");
for (const name of process.argv.slice(2)) require(name);
