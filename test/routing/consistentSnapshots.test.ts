import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DLM_FAILURE_CLASSES, routeFailures, sampleIds } from "../../model/notificationRouting";
import { mockIdentities, SAMPLE_EVENTS_DIR } from "../../offline/plan/failureRouting";
import { StackResources } from "../../offline/plan/stackResources";
import { MOCK_ACCOUNT_ID } from "../../offline/synth/mockRuntime";
import { synthesize } from "../../offline/synth/synthesize";

/**
 * sigma:backup.consistency application: every DLM failure class of model/notificationRouting.ts (a pre or post script,
 * a snapshot, a copy, the policy entering its error state, with AWS's sample event) is followed link by link through the
 * synth (alarm or rule -> topic policy -> topic key -> subscription) to an email; in crash mode none applies.
 */
/** AWS's sample events the DLM classes name (model/awsSampleEvents/<id>.json). */
const samples = Object.fromEntries(sampleIds(DLM_FAILURE_CLASSES).map((id) =>
    [id, JSON.parse(fs.readFileSync(path.join(SAMPLE_EVENTS_DIR, `${id}.json`), "utf8")).event]));

describe("routing: consistent-snapshot failures reach a human", function () {
    this.timeout(300000);
    const cases = [
        ["dev", { consistency: "application" }],
        ["prod", { frequency: "hourly", retentionDays: 14, copyRetentionDays: 30, consistency: "application",
            copyToVaultArn: "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr" }],
    ] as const;
    for (const [stack, backup] of cases) {
        it(`${stack}, application: every DLM failure is delivered to an email subscription (the copy only where the stack copies)`, async () => {
            const synth = await synthesize({ stack, configOverrides: { "sigma:backup": backup } });
            const region = new StackResources(synth).stackRegion;
            const routing = routeFailures(synth, samples, { account: MOCK_ACCOUNT_ID, region, identify: mockIdentities(synth, region) }, DLM_FAILURE_CLASSES);
            assert.strictEqual(routing.length, 5);
            for (const r of routing) {
                if (r.id === "dlm-copy-failed" && stack === "dev") {
                    assert.strictEqual(r.status, "not-applicable", "dev copies nothing");
                    continue;
                }
                assert.strictEqual(r.status, "delivered", JSON.stringify(r, null, 1).slice(0, 3000));
                for (const subject of r.subjects) {
                    assert.ok(subject.endpoints.some((e) => e.protocol === "email"), `${subject.subject} reaches no email`);
                }
            }
        });
    }

    it("dev, crash (the default): the DLM classes do not apply", async () => {
        const synth = await synthesize({ stack: "dev" });
        const region = new StackResources(synth).stackRegion;
        const routing = routeFailures(synth, samples, { account: MOCK_ACCOUNT_ID, region, identify: mockIdentities(synth, region) }, DLM_FAILURE_CLASSES);
        assert.deepStrictEqual(routing.map((r) => r.status), DLM_FAILURE_CLASSES.map(() => "not-applicable"));
    });
});
