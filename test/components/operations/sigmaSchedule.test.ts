import * as assert from "assert";
import { EC2_START_TARGET, EC2_STOP_TARGET, isTimeZone, runningShare, scheduleCronProblem, schedulePolicy, SigmaSchedule, SigmaScheduleArgs } from "../../../components";
import { evaluatePolicies } from "../../../model/iamPolicyEvaluation";
import { registered, registeredOne, resolve, useMocks } from "../../helpers";

const TOPIC = "arn:aws:sns:ap-southeast-1:123456789012:sigma-alarms";
const valid: SigmaScheduleArgs = {
    instanceIds: ["i-0123456789abcdef0"], stop: "cron(0 19 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "Asia/Singapore",
    alarmTopicArn: TOPIC, groupName: "sigma-test",
};
const MONDAY = new Date("2026-01-05T00:00:00Z");

describe("SigmaSchedule", () => {
    it("runs a weekday 07:00-19:00 instance 60 of 168 hours a week", () => {
        assert.strictEqual(runningShare(valid.stop, valid.start, MONDAY), 60 / 168);
        // Measured from mid-week, the state the week before left it in counts: the same share.
        assert.strictEqual(runningShare(valid.stop, valid.start, new Date("2026-01-07T12:00:00Z")), 60 / 168);
    });

    it("runs a nightly-stopped instance 22 of 24 hours, and one whose start never comes not at all", () => {
        assert.strictEqual(runningShare("cron(0 1 * * ? *)", "cron(0 3 * * ? *)", MONDAY), 22 / 24);
        assert.strictEqual(runningShare("cron(0 1 * * ? *)", "cron(0 3 1 1 ? 2027)", MONDAY), 0);
    });

    it("stops and starts the instances with Scheduler's universal EC2 targets, in the time zone, in its own group", async () => {
        const mocks = await useMocks();
        const schedule = new SigmaSchedule("dev", valid);
        await resolve(schedule.stopScheduleArn);
        const [stop, start] = [await registeredOne(mocks, "aws:scheduler/schedule:Schedule", "dev-stop"), await registeredOne(mocks, "aws:scheduler/schedule:Schedule", "dev-start")];
        assert.deepStrictEqual([stop.inputs.scheduleExpression, stop.inputs.target.arn, JSON.parse(stop.inputs.target.input)],
            [valid.stop, EC2_STOP_TARGET, { InstanceIds: ["i-0123456789abcdef0"] }]);
        assert.deepStrictEqual([start.inputs.scheduleExpression, start.inputs.target.arn], [valid.start, EC2_START_TARGET]);
        assert.ok([stop, start].every((s) => s.inputs.scheduleExpressionTimezone === "Asia/Singapore" && s.inputs.groupName === "sigma-test"));
        const alarm = await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "dev-dropped");
        assert.deepStrictEqual([alarm.inputs.namespace, alarm.inputs.metricName, alarm.inputs.dimensions, alarm.inputs.alarmActions, alarm.inputs.threshold, alarm.inputs.comparisonOperator],
            ["AWS/Scheduler", "InvocationDroppedCount", { ScheduleGroup: "sigma-test" }, [TOPIC], 0, "GreaterThanThreshold"]);
        const role = await registeredOne(mocks, "aws:iam/role:Role", "dev-scheduler");
        const trust = JSON.parse(role.inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
    });

    it("may stop and start only the scheduled instances, and grant EC2 only for AWS resources on the given keys", () => {
        const instance = "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0123456789abcdef0";
        const key = "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const doc = schedulePolicy([instance], [key]) as any;
        const can = (action: string, resource: string, context = {}) => evaluatePolicies([doc], { action, resource, context });
        assert.strictEqual(can("ec2:StopInstances", instance), "allow");
        assert.strictEqual(can("ec2:StartInstances", instance), "allow");
        assert.strictEqual(can("ec2:TerminateInstances", instance), "implicit-deny");
        assert.strictEqual(can("ec2:StopInstances", "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0123456789abcdef1"), "implicit-deny");
        assert.strictEqual(can("kms:CreateGrant", key, { "kms:GrantIsForAWSResource": "true" }), "allow");
        assert.strictEqual(can("kms:CreateGrant", key, { "kms:GrantIsForAWSResource": "false" }), "implicit-deny");
        assert.deepStrictEqual((schedulePolicy([instance], []) as any).Statement.map((s: any) => s.Sid), ["StopAndStartSigma"]);
    });

    it("reads crons and time zones as Scheduler does", () => {
        assert.strictEqual(scheduleCronProblem("cron(0 19 ? * MON-FRI *)"), undefined);
        assert.match(scheduleCronProblem("rate(1 day)")!, /not a cron expression/);
        assert.match(scheduleCronProblem("0 19 * * 1-5")!, /not a cron expression/);
        assert.ok(scheduleCronProblem("cron(0 25 ? * MON-FRI *)"));
        assert.ok(isTimeZone("Asia/Singapore") && isTimeZone("UTC"));
        assert.ok(!isTimeZone("SGT") && !isTimeZone("Asia/Atlantis"));
    });

    for (const [label, change, message] of [
        ["a rate for the stop", { stop: "rate(1 day)" }, /^[\s\S]*stop "rate\(1 day\)" is not a cron/],
        ["an hour past 23", { start: "cron(0 24 ? * MON-FRI *)" }, /start "cron\(0 24/],
        ["a time zone abbreviation", { timezone: "SGT" }, /timezone "SGT" is not an IANA time zone/],
        ["no instance", { instanceIds: [] }, /instanceIds \[\] must list at least one/],
        ["the same stop and start", { start: "cron(0 19 ? * MON-FRI *)" }, /never be stopped/],
    ] as const) {
        it(`refuses ${label} before creating anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaSchedule("dev", { ...valid, ...change } as SigmaScheduleArgs), message);
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }
});
