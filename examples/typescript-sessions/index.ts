// The entry point of `pulumi up`: the program is in program.ts, so that the Automation API
// (e2e/driver.ts) can run the very same function inline. Its results are the stack outputs.
import { program } from "./program";

export const { sessionId, wordcountId, wordcountState, sessionizeJobId, webUi } = program();
