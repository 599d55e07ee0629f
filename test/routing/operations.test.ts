import * as assert from "assert";
import { SIGMA_LOG_FAILURES } from "../../components";
import { AwsEvent, FailureClass, FailureRouting, routeFailures } from "../../model/notificationRouting";
import { mockIdentities } from "../../offline/plan/failureRouting";
import { StackResources } from "../../offline/plan/stackResources";
import { MOCK_ACCOUNT_ID } from "../../offline/synth/mockRuntime";
import { synthesize } from "../../offline/synth/synthesize";

/**
 * Issue 15's failures follow the same route as every other (issue 11): each log alarm, and a failed agent set-up, is
 * followed link by link through the synth (alarm -> topic policy -> topic key -> subscription) to an email, with
 * model/notificationRouting.ts's own alarm and EventBridge routes.
 */
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

const logClasses: FailureClass[] = SIGMA_LOG_FAILURES.map((failure) => ({
    id: `log-${failure.id}`,
    title: `Log: ${failure.description}`,
    subjects: (stack) => {
        const groups = stack.ofType(LOG_GROUP).filter((g) => String(g.inputs.name).endsWith(`/${failure.log}`));
        return groups.length > 0 ? groups.map((g) => ({ label: `log group ${stack.nameOf(g)}`, resource: g })) : { notApplicable: "no Sigma log groups in this stack" };
    },
    routes: [{ via: "alarm", watch: { namespace: /^Sigma\/Logs\//, metricNames: [failure.metricName], fires: "above", describe: failure.metricName } }],
}));

/** State Manager's association state change, as AWS documents its fields (see test/components/operations/sigmaLogs.test.ts). */
const ASSOCIATION_FAILED: AwsEvent = {
    "version": "0", "id": "01234567-0123-0123-0123-0123456789ab", "detail-type": "EC2 State Manager Instance Association State Change",
    "source": "aws.ssm", "account": "123456789012", "time": "2026-11-22T07:00:00Z", "region": "ap-southeast-1", "resources": [],
    "detail": { "association-id": "", "instance-id": "i-0123456789abcdef0", "status": "Failed", "detailed-status": "Failed" },
};

const setupClass: FailureClass = {
    id: "logs-agent-setup-failed",
    title: "CloudWatch agent logs set-up failed on an instance",
    subjects: (stack) => {
        const associations = stack.ofType("aws:ssm/association:Association");
        return associations.length > 0 ? associations.map((a) => ({ label: `association ${a.name}`, resource: a })) : { notApplicable: "no association" };
    },
    routes: [{
        via: "eventbridge", sample: "ssm-association-failed",
        bind: (event, subject, stack) => { (event.detail as Record<string, unknown>)["association-id"] = stack.identity(subject.resource).id; },
    }],
};

describe("routing: the operations failures reach a human", function () {
    this.timeout(300000);
    for (const stack of ["dev", "prod"]) {
        describe(`stack ${stack}`, () => {
            let routing: FailureRouting[];
            before(async () => {
                const synth = await synthesize({ stack });
                const region = new StackResources(synth).stackRegion;
                routing = routeFailures(synth, { "ssm-association-failed": ASSOCIATION_FAILED },
                    { account: MOCK_ACCOUNT_ID, region, identify: mockIdentities(synth, region) }, [...logClasses, setupClass]);
            });
            for (const cls of [...logClasses, setupClass]) {
                it(`${cls.title}: delivered to an email subscription`, () => {
                    const r = routing.find((c) => c.id === cls.id)!;
                    assert.strictEqual(r.status, "delivered", JSON.stringify(r, null, 1).slice(0, 3000));
                    for (const subject of r.subjects) {
                        assert.ok(subject.endpoints.some((e) => e.protocol === "email"), `${subject.subject} reaches no email`);
                    }
                });
            }
        });
    }

    it("dev with sigma:schedule: a stop or start Scheduler gave up on reaches an email", async () => {
        const synth = await synthesize({ stack: "dev", configOverrides: { "sigma:schedule": { stop: "cron(0 19 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "Asia/Singapore" } } });
        const region = new StackResources(synth).stackRegion;
        const scheduleClass: FailureClass = {
            id: "schedule-dropped", title: "Scheduled stop or start failed",
            subjects: (stack) => stack.ofType("aws:scheduler/scheduleGroup:ScheduleGroup").map((g) => ({ label: `schedule group ${stack.nameOf(g)}`, resource: g })),
            routes: [{ via: "alarm", watch: { namespace: "AWS/Scheduler", metricNames: ["InvocationDroppedCount"], fires: "above", describe: "dropped invocations",
                dimension: (subject, stack) => ({ name: "ScheduleGroup", value: stack.nameOf(subject.resource) }) } }],
        };
        const [routing] = routeFailures(synth, {}, { account: MOCK_ACCOUNT_ID, region, identify: mockIdentities(synth, region) }, [scheduleClass]);
        assert.strictEqual(routing.subjects.length, 1);
        assert.strictEqual(routing.status, "delivered", JSON.stringify(routing, null, 1).slice(0, 2000));
        assert.ok(routing.subjects[0].endpoints.some((e) => e.protocol === "email"));
    });

    it("a log alarm without the topic would not be delivered (the route is really followed)", async () => {
        const synth = await synthesize({ stack: "dev" });
        for (const r of synth.resources) {
            if (r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && String(r.inputs.namespace).startsWith("Sigma/Logs/")) {
                r.inputs.alarmActions = [];
            }
        }
        const region = new StackResources(synth).stackRegion;
        const routing = routeFailures(synth, {}, { account: MOCK_ACCOUNT_ID, region, identify: mockIdentities(synth, region) }, logClasses);
        assert.ok(routing.every((r) => r.status === "not-delivered"), routing.map((r) => `${r.id}: ${r.status}`).join("\n"));
    });

    it("a failed run of another association is not the stack's (the rule names its own association)", async () => {
        const synth = await synthesize({ stack: "dev" });
        const region = new StackResources(synth).stackRegion;
        const other: FailureClass = { ...setupClass, routes: [{ via: "eventbridge", sample: "ssm-association-failed",
            bind: (event) => { (event.detail as Record<string, unknown>)["association-id"] = "11111111-2222-3333-4444-555555555555"; } }] };
        const [routing] = routeFailures(synth, { "ssm-association-failed": ASSOCIATION_FAILED }, { account: MOCK_ACCOUNT_ID, region, identify: mockIdentities(synth, region) }, [other]);
        assert.strictEqual(routing.status, "not-delivered");
    });
});
