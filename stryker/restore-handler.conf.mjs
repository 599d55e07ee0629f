// Mutation group "restore-handler": the restore Lambda and the restore-metadata reading it relies on.
// Run: npm run mutation -- restore-handler (see docs/testing.md).
import { linesOf, mutationGroup } from "./base.mjs";

export default mutationGroup("restore-handler", {
    mutate: [
        "components/restore/handler.ts",
        "model/ec2RestoreMetadata.ts",
        // isBurstable decides whether CreditSpecification survives a type change; the rest of the file is facts.
        linesOf("model/ec2RestoreInstanceTypes.ts", /^export function isBurstable\(/),
    ],
    testFiles: [
        "test/components/restoreHandler*.test.ts",
        "test/model/ec2RestoreMetadata.test.ts",
        "test/mutation/restore-handler.test.ts",
    ],
});
