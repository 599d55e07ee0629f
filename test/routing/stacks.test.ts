import * as assert from "assert";
import { FAILURE_CLASSES, FailureRouting } from "../../model/notificationRouting";
import { failureRouting } from "../../offline/plan/failureRouting";
import { synthesize } from "../../offline/synth/synthesize";

/**
 * Issue 11, "Every failure reaches a human": for each stack, every failure class that applies reaches an email
 * subscription, followed link by link through the synth (model/notificationRouting.ts with AWS's sample events from
 * model/awsSampleEvents/). The classes that do not apply are listed with the reason the topology gives.
 */
const NOT_APPLICABLE: Record<string, Record<string, string>> = {
    // single-az: one instance, daily backups into its own vault, no copy and no vault lock.
    dev: {
        "copy-job-failed": "no backup plan rule copies recovery points (no copyActions)",
        "backup-delete-vault-lock": "no vault of this stack has a vault lock to remove",
        // sigma:backup.consistency defaults to crash: no DLM policy (test/routing/consistentSnapshots.test.ts follows application mode)
        "dlm-copy-failed": "no DLM policy copies to another region",
        "dlm-policy-error": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
        "dlm-post-script-failed": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
        "dlm-pre-script-failed": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
        "dlm-snapshot-failed": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
    },
    // multi-az: instances, hourly backups copied to the DR vault, a vault lock, patching: every class applies but the
    // consistent snapshots of application mode.
    prod: {
        // sigma:backup.consistency defaults to crash: no DLM policy (test/routing/consistentSnapshots.test.ts follows application mode)
        "dlm-copy-failed": "no DLM policy copies to another region",
        "dlm-policy-error": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
        "dlm-post-script-failed": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
        "dlm-pre-script-failed": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
        "dlm-snapshot-failed": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
    },
    // dr-region: a vault receiving prod's copies and a restore function; no instance until a restore, no plan of its
    // own (prod's copy jobs and their failures are prod's), no restore test.
    dr: {
        "backup-job-failed": "no backup plan in this stack",
        "backup-job-aborted": "no backup plan in this stack",
        "backup-job-expired": "no backup plan in this stack",
        "copy-job-failed": "no backup plan in this stack",
        "rpo-breach": "no backup plan in this stack",
        "restore-test-validation-failed": "no restore testing plan in this stack",
        "restore-test-over-rto": "no restore testing plan in this stack",
        "instance-status-check": "no EC2 instance in this stack",
        "instance-cpu": "no EC2 instance in this stack",
        // sigma:backup.consistency defaults to crash: no DLM policy (test/routing/consistentSnapshots.test.ts follows application mode)
        "dlm-copy-failed": "no DLM policy copies to another region",
        "dlm-policy-error": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
        "dlm-post-script-failed": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
        "dlm-pre-script-failed": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
        "dlm-snapshot-failed": "no Data Lifecycle Manager policy in this stack (sigma:backup.consistency crash)",
        "patch-run-failed": "no patch maintenance window in this stack (sigma:patching off or no instance)",
        "patch-run-skipped": "no patch maintenance window in this stack (sigma:patching off or no instance)",
        "patch-run-timed-out": "no patch maintenance window in this stack (sigma:patching off or no instance)",
        "patch-task-failed": "no patch maintenance window in this stack (sigma:patching off or no instance)",
        "patch-task-timed-out": "no patch maintenance window in this stack (sigma:patching off or no instance)",
        "patch-window-disabled": "no patch maintenance window in this stack (sigma:patching off or no instance)",
    },
};

/** The class's routing as a person reads it when the test fails. */
function explain(r: FailureRouting): string {
    return [`${r.title}: ${r.status}${r.reason ? ` - ${r.reason}` : ""}`,
        ...r.subjects.map((s) => `  ${s.subject}: ${s.delivered ? s.endpoints.map((e) => `${e.protocol} ${e.endpoint}`).join(", ") : `BROKEN ${s.brokenLink}`}`)].join("\n");
}

describe("routing: every failure reaches a human, in every stack", function () {
    this.timeout(300000);

    for (const stack of Object.keys(NOT_APPLICABLE)) {
        describe(`stack ${stack}`, () => {
            let routing: FailureRouting[];
            before(async () => {
                routing = failureRouting(await synthesize({ stack }));
            });

            it("does not apply exactly the classes its topology rules out, each with its reason", () => {
                const notApplicable = Object.fromEntries(routing.filter((r) => r.status === "not-applicable").map((r) => [r.id, r.reason]));
                assert.deepStrictEqual(notApplicable, NOT_APPLICABLE[stack]);
            });

            for (const cls of FAILURE_CLASSES) {
                if (NOT_APPLICABLE[stack][cls.id] !== undefined) {
                    continue;
                }
                it(`${cls.title}: delivered to an email subscription`, () => {
                    const r = routing.find((c) => c.id === cls.id)!;
                    assert.strictEqual(r.status, "delivered", explain(r));
                    for (const subject of r.subjects) {
                        assert.ok(subject.endpoints.some((e) => e.protocol === "email"), `${subject.subject} reaches no email subscription:\n${explain(r)}`);
                    }
                });
            }
        });
    }
});
