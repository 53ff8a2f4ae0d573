// cdktf's jest matchers (toHaveResourceWithProperties, ...) and their types. Imported only by the
// test files that use them: loading cdktf costs every other test file a few hundred milliseconds.
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();
