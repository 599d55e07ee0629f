// Mutation group "stack-config": reading and validating stack config (stacks/config/*.ts: the reader, the settings
// every topology shares, instance, backup, alerts, operations and one file per topology).
// Run: npm run mutation -- stack-config (see docs/testing.md).
import { mutationGroup } from "./base.mjs";

const group = mutationGroup("stack-config", {
    mutate: ["stacks/config/*.ts"],
    testFiles: [
        "test/stacks/config.test.ts",
        "test/stacks/backupConfig.test.ts",
        "test/stacks/multiAzConfig.test.ts",
        "test/stacks/operations.test.ts",
        "test/badInputs/config.test.ts",
        "test/mutation/stackConfig.test.ts",
        "test/mutation/stackConfigReader.test.ts",
    ],
});

// Tests that run the whole program or a synth (seconds each, for every mutant they cover) are left to `npm test`:
// the bad-input table's rows run here through parseConfig, the same check without the program around it.
const SLOW_TESTS = ["the program refuses", "ends every hostile value", "operations in the synth", "dev: stops and starts", "is refused in prod with the reason", "sigma:logs.enabled false leaves dev"];
group.mochaOptions.grep = `^(?!.*(${SLOW_TESTS.map((title) => title.replace(/[.*+?^${}()|[\]\\:]/g, "\\$&")).join("|")}))`;

export default group;
