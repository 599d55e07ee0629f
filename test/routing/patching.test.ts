import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { AwsEvent, FailureClass, routeFailures, SampleEvents } from "../../model/notificationRouting";
import { mockIdentities } from "../../offline/plan/failureRouting";
import { StackResources } from "../../offline/plan/stackResources";
import { MOCK_ACCOUNT_ID } from "../../offline/synth/mockRuntime";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";

/**
 * Issue 15 item 1: a patching run that fails must reach a person. AWS's own sample events of a maintenance window (a task
 * run and a window run that time out, the window disabled; model/awsSampleEvents) are bound to the stack's window and
 * followed link by link through the synth (rule pattern -> target -> topic policy -> topic key -> subscription) to an email.
 */
const EVENTS = path.join(__dirname, "..", "..", "model", "awsSampleEvents");
const SAMPLE_IDS = ["aws-sample-ssm-maintenance-window-task-timed-out", "aws-sample-ssm-maintenance-window-execution-timed-out", "aws-sample-ssm-maintenance-window-disabled"];
const SAMPLES: SampleEvents = Object.fromEntries(SAMPLE_IDS.map((id) => [id, JSON.parse(fs.readFileSync(path.join(EVENTS, `${id}.json`), "utf8")).event as AwsEvent]));
const WINDOW = "aws:ssm/maintenanceWindow:MaintenanceWindow";

const patchClass = (sample: string, status?: string, windowId?: string): FailureClass => ({
    id: `patching-${sample}${status ? `-${status}` : ""}`,
    title: `Patching: ${sample}${status ? ` (${status})` : ""}`,
    subjects: (stack) => {
        const windows = stack.ofType(WINDOW);
        return windows.length > 0 ? windows.map((w) => ({ label: `maintenance window ${w.name}`, resource: w })) : { notApplicable: "no patching window" };
    },
    routes: [{
        via: "eventbridge", sample,
        bind: (event, subject, stack) => {
            const detail = event.detail as Record<string, unknown>;
            detail["window-id"] = windowId ?? stack.identity(subject.resource).id;
            if (status !== undefined) {
                detail.status = status;
            }
        },
    }],
});

function route(synth: SynthResult, classes: FailureClass[]) {
    const region = new StackResources(synth).stackRegion;
    return routeFailures(synth, SAMPLES, { account: MOCK_ACCOUNT_ID, region, identify: mockIdentities(synth, region) }, classes);
}

describe("routing: a failed patching run reaches a human", function () {
    this.timeout(300000);
    const failures = [patchClass(SAMPLE_IDS[0]), patchClass(SAMPLE_IDS[0], "FAILED"), patchClass(SAMPLE_IDS[1]), patchClass(SAMPLE_IDS[1], "FAILED"),
        patchClass(SAMPLE_IDS[1], "SKIPPED_OVERLAPPING"), patchClass(SAMPLE_IDS[2])];
    for (const stack of ["dev", "prod"]) {
        describe(`stack ${stack}`, () => {
            let synth: SynthResult;
            before(async () => {
                synth = await synthesize({ stack });
            });
            for (const cls of failures) {
                it(`${cls.title}: delivered to an email subscription`, () => {
                    const [r] = route(synth, [cls]);
                    assert.strictEqual(r.status, "delivered", JSON.stringify(r, null, 1).slice(0, 3000));
                    assert.strictEqual(r.subjects.length, 1);
                    assert.ok(r.subjects[0].endpoints.some((e) => e.protocol === "email"), `${r.subjects[0].subject} reaches no email`);
                });
            }

            it("a successful run is not sent (the rule matches failures only)", () => {
                const [r] = route(synth, [patchClass(SAMPLE_IDS[0], "SUCCESS")]);
                assert.strictEqual(r.status, "not-delivered");
            });

            it("another window's failure is not the stack's (the rule names its own window)", () => {
                const [r] = route(synth, [patchClass(SAMPLE_IDS[0], "FAILED", "mw-11111111111111111")]);
                assert.strictEqual(r.status, "not-delivered");
            });
        });
    }

    it("without its target the route is broken (the route is really followed)", async () => {
        const synth = await synthesize({ stack: "dev" });
        synth.resources = synth.resources.filter((r) => !(r.type === "aws:cloudwatch/eventTarget:EventTarget" && r.parent?.includes("SigmaPatching")));
        const [r] = route(synth, [patchClass(SAMPLE_IDS[0])]);
        assert.strictEqual(r.status, "not-delivered");
    });

    it("the dr stack has no window, so nothing to route", async () => {
        const synth = await synthesize({ stack: "dr" });
        assert.deepStrictEqual(synth.resources.filter((r) => r.type === WINDOW), []);
        const [r] = route(synth, [patchClass(SAMPLE_IDS[0])]);
        assert.strictEqual(r.status, "not-applicable");
    });
});
