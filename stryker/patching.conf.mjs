// Mutation group "patching": the Patch Manager, maintenance window and AWS Backup rules the patching depends on
// (model/patchManager.ts), SigmaPatching's argument checks, approval rule, runbook and IAM documents, and the sigma:patching
// config reader. Run: npm run mutation -- patching.
import { linesOf, mutationGroup } from "./base.mjs";

export default mutationGroup("patching", {
    mutate: [
        "model/patchManager.ts",
        linesOf("components/operations/sigmaPatching.ts", /^export function validatePatchingArgs\(/),
        linesOf("components/operations/sigmaPatching.ts", /^export function ubuntuApprovalRule\(/),
        linesOf("components/operations/sigmaPatching.ts", /^export function windowRolePolicy\(/),
        linesOf("components/operations/sigmaPatching.ts", /^export function runbookRolePolicy\(/),
        linesOf("components/operations/sigmaPatching.ts", /^export function patchFailurePattern\(/),
        linesOf("stacks/config/operations.ts", /^export function readPatching\(/),
    ],
    testFiles: [
        "test/model/patchManager.test.ts",
        "test/components/operations/sigmaPatching.test.ts",
        "test/stacks/patching.test.ts",
    ],
});
