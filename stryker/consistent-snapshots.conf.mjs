// Mutation group "consistent-snapshots": AWS's documented rules for DLM pre/post scripts and their SSM document
// (model/dlmScripts.ts: script limits, document shape, what a run does when a script fails), and the logic of
// SigmaConsistentSnapshots that decides a snapshot's consistency: the lock wait, the argument checks, DLM's role and the
// policy-error rule. Run: npm run mutation -- consistent-snapshots.
import { linesOf, mutationGroup } from "./base.mjs";

export default mutationGroup("consistent-snapshots", {
    mutate: [
        "model/dlmScripts.ts",
        linesOf("components/backup/sigmaConsistentSnapshots.ts", /^export function lockWaitSeconds\(/),
        linesOf("components/backup/sigmaConsistentSnapshots.ts", /^export function validateConsistentSnapshotsArgs\(/),
        linesOf("components/backup/sigmaConsistentSnapshots.ts", /^function safeIntervalHours\(/),
        linesOf("components/backup/sigmaConsistentSnapshots.ts", /^export function dlmRolePolicy\(/),
        linesOf("components/backup/sigmaConsistentSnapshots.ts", /^export function dlmPolicyErrorPattern\(/),
    ],
    testFiles: [
        "test/model/dlmScripts.test.ts",
        "test/components/backup/consistentSnapshotArgs.test.ts",
        "test/components/backup/consistentSnapshotScript.test.ts",
        "test/components/backup/dlmRolePolicy.test.ts",
        "test/stacks/consistentSnapshots.test.ts",
    ],
});
