import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { AwsEvent, FailureClass, PATCH_FAILURE_CLASSES, routeFailures, SampleEvents } from "../../model/notificationRouting";
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
const SAMPLE_IDS = [...new Set(PATCH_FAILURE_CLASSES.flatMap((c) => c.routes.flatMap((r) => (r.via === "eventbridge" ? [r.sample] : []))))];
const SAMPLES: SampleEvents = Object.fromEntries(SAMPLE_IDS.map((id) => [id, JSON.parse(fs.readFileSync(path.join(EVENTS, `${id}.json`), "utf8")).event as AwsEvent]));
const WINDOW = "aws:ssm/maintenanceWindow:MaintenanceWindow";
const patchClass = (id: string) => PATCH_FAILURE_CLASSES.find((c) => c.id === id) as FailureClass;

/** The model's class with its events changed after the model bound them (another status, another window). */
const variant = (cls: FailureClass, change: (detail: Record<string, unknown>) => void): FailureClass => ({
    ...cls, id: `${cls.id}-variant`,
    routes: cls.routes.map((r) => (r.via !== "eventbridge" ? r : {
        ...r, bind: (event, subject, stack) => {
            r.bind?.(event, subject, stack);
            change(event.detail as Record<string, unknown>);
        },
    })),
});

function route(synth: SynthResult, classes: FailureClass[]) {
    const region = new StackResources(synth).stackRegion;
    return routeFailures(synth, SAMPLES, { account: MOCK_ACCOUNT_ID, region, identify: mockIdentities(synth, region) }, classes);
}

describe("routing: a failed patching run reaches a human", function () {
    this.timeout(300000);
    const failures = PATCH_FAILURE_CLASSES;

    it("the model's patching classes: the three AWS samples, each failing status of a task and a run, and a disabled window", () => {
        assert.deepStrictEqual(SAMPLE_IDS.sort(), ["aws-sample-ssm-maintenance-window-disabled", "aws-sample-ssm-maintenance-window-execution-timed-out",
            "aws-sample-ssm-maintenance-window-task-timed-out"]);
        assert.deepStrictEqual(PATCH_FAILURE_CLASSES.map((c) => c.id), ["patch-task-failed", "patch-task-timed-out", "patch-run-timed-out",
            "patch-run-failed", "patch-run-skipped", "patch-window-disabled"]);
    });
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
                const [r] = route(synth, [variant(patchClass("patch-task-failed"), (detail) => { detail.status = "SUCCESS"; })]);
                assert.strictEqual(r.status, "not-delivered");
            });

            it("another window's failure is not the stack's (the rule names its own window)", () => {
                const [r] = route(synth, [variant(patchClass("patch-task-failed"), (detail) => { detail["window-id"] = "mw-11111111111111111"; })]);
                assert.strictEqual(r.status, "not-delivered");
            });
        });
    }

    it("without its target the route is broken (the route is really followed)", async () => {
        const synth = await synthesize({ stack: "dev" });
        synth.resources = synth.resources.filter((r) => !(r.type === "aws:cloudwatch/eventTarget:EventTarget" && r.parent?.includes("SigmaPatching")));
        const [r] = route(synth, [patchClass("patch-task-timed-out")]);
        assert.strictEqual(r.status, "not-delivered");
    });

    it("the dr stack has no window, so nothing to route", async () => {
        const synth = await synthesize({ stack: "dr" });
        assert.deepStrictEqual(synth.resources.filter((r) => r.type === WINDOW), []);
        const [r] = route(synth, [patchClass("patch-task-timed-out")]);
        assert.strictEqual(r.status, "not-applicable");
    });
});
