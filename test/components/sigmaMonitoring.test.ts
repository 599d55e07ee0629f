import * as assert from "assert";
import {
    alarmTopicKeyPolicy, backupFailurePattern, CWAGENT_NAMESPACE, cloudWatchAgentConfig, emailProblem, instanceAlarmSpecs,
    SigmaInstance, SigmaMonitoring, SigmaMonitoringArgs,
} from "../../components";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

const valid: SigmaMonitoringArgs = {
    alarmEmails: ["ops@example.com", "oncall@example.com"],
    instanceIds: ["i-0123456789abcdef0", "i-0123456789abcdef1"],
    agentConfigParameterName: "/sigma/test/cloudwatch-agent",
    loadBalancerArnSuffix: "app/web/0123456789abcdef",
    targetGroupArnSuffix: "targetgroup/web/0123456789abcdef",
};

describe("SigmaMonitoring", () => {
    it("encrypts the alarm topic with a rotating customer-managed key whose policy names no wildcard principal", async () => {
        const mocks = await useMocks();
        const monitoring = new SigmaMonitoring("mon", valid);
        await resolve(monitoring.topicArn);
        const key = await registeredOne(mocks, "aws:kms/key:Key", "mon-alarms");
        assert.strictEqual(key.inputs.enableKeyRotation, true);
        const topic = await registeredOne(mocks, "aws:sns/topic:Topic", "mon-alarms");
        assert.strictEqual(topic.inputs.kmsMasterKeyId, key.state.arn);
        const policy = JSON.parse(key.inputs.policy);
        const principals = policy.Statement.flatMap((s: any) => [s.Principal.AWS, s.Principal.Service].flat()).filter(Boolean);
        assert.deepStrictEqual(principals, ["arn:aws:iam::123456789012:root", "cloudwatch.amazonaws.com", "events.amazonaws.com"]);
        assert.ok(policy.Statement.every((s: any) => s.Action.every((a: string) => a.startsWith("kms:") && !a.includes("*"))), "actions are named");
    });

    it("subscribes every email address to the topic", async () => {
        const mocks = await useMocks();
        const monitoring = new SigmaMonitoring("mon", valid);
        const topicArn = await resolve(monitoring.topicArn);
        const subscriptions = await registered(mocks, "aws:sns/topicSubscription:TopicSubscription");
        assert.deepStrictEqual(subscriptions.map((s) => [s.inputs.topic, s.inputs.protocol, s.inputs.endpoint]),
            [[topicArn, "email", "ops@example.com"], [topicArn, "email", "oncall@example.com"]]);
    });

    it("gives every alarm the topic as its action", async () => {
        const mocks = await useMocks();
        const monitoring = new SigmaMonitoring("mon", valid);
        const topicArn = await resolve(monitoring.topicArn);
        const alarms = await registered(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm");
        // per instance: CPU, 2 status checks, memory, 2 disks; plus 3 load balancer alarms
        assert.strictEqual(alarms.length, 2 * 6 + 3);
        for (const alarm of alarms) {
            assert.deepStrictEqual(alarm.inputs.alarmActions, [topicArn], `${alarm.name} alarms to the topic`);
            assert.deepStrictEqual(alarm.inputs.okActions, [topicArn], `${alarm.name} reports recovery`);
        }
    });

    it("uses the issue's thresholds by default", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaMonitoring("mon", valid).topicArn);
        const alarm = async (name: string) => (await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", name)).inputs;
        const cpu = await alarm("mon-0-cpu");
        assert.deepStrictEqual([cpu.namespace, cpu.metricName, cpu.threshold, cpu.comparisonOperator, cpu.dimensions],
            ["AWS/EC2", "CPUUtilization", 80, "GreaterThanThreshold", { InstanceId: "i-0123456789abcdef0" }]);
        const memory = await alarm("mon-1-memory");
        assert.deepStrictEqual([memory.namespace, memory.metricName, memory.threshold, memory.dimensions],
            [CWAGENT_NAMESPACE, "mem_used_percent", 80, { InstanceId: "i-0123456789abcdef1" }]);
        const disk = await alarm("mon-0-disk-var-lib-mysql");
        assert.deepStrictEqual([disk.metricName, disk.threshold, disk.dimensions], ["disk_used_percent", 80, { InstanceId: "i-0123456789abcdef0", path: "/var/lib/mysql" }]);
        assert.strictEqual(disk.insufficientDataActions.length, 1, "a silent agent notifies too");
        assert.deepStrictEqual((await alarm("mon-0-status-system")).metricName, "StatusCheckFailed_System");
        assert.deepStrictEqual((await alarm("mon-0-status-instance")).metricName, "StatusCheckFailed_Instance");
        const unhealthy = await alarm("mon-unhealthy-hosts");
        assert.deepStrictEqual([unhealthy.metricName, unhealthy.threshold, unhealthy.dimensions],
            ["UnHealthyHostCount", 0, { LoadBalancer: valid.loadBalancerArnSuffix, TargetGroup: valid.targetGroupArnSuffix }]);
        const rate = await alarm("mon-5xx-rate");
        assert.strictEqual(rate.threshold, 5);
        assert.deepStrictEqual(rate.metricQueries.map((q: any) => q.id), ["requests", "elb5xx", "target5xx", "rate"]);
        const latency = await alarm("mon-response-time");
        assert.deepStrictEqual([latency.metricName, latency.extendedStatistic, latency.threshold], ["TargetResponseTime", "p95", 5]);
    });

    it("takes thresholds as args", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaMonitoring("mon", { ...valid, cpuThresholdPercent: 90, diskThresholdPercent: 70, http5xxRatePercent: 2, evaluationMinutes: 10 }).topicArn);
        const cpu = await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "mon-0-cpu");
        assert.deepStrictEqual([cpu.inputs.threshold, cpu.inputs.evaluationPeriods], [90, 10]);
        assert.strictEqual((await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "mon-1-disk-root")).inputs.threshold, 70);
        assert.strictEqual((await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "mon-5xx-rate")).inputs.threshold, 2);
    });

    it("names alarms after the instances when names are given", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaMonitoring("mon", { ...valid, instanceNames: ["app-1", "db"] }).topicArn);
        const cpu = await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "mon-db-cpu");
        assert.deepStrictEqual(cpu.inputs.dimensions, { InstanceId: "i-0123456789abcdef1" });
        assert.strictEqual(cpu.inputs.alarmDescription, "Sigma instance db i-0123456789abcdef1: average CPU above 80%");
    });

    it("creates no load balancer alarms without a load balancer", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaMonitoring("mon", { ...valid, loadBalancerArnSuffix: undefined, targetGroupArnSuffix: undefined }).topicArn);
        const alarms = await registered(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm");
        assert.ok(alarms.every((a) => a.inputs.namespace !== "AWS/ApplicationELB" && !a.inputs.metricQueries), "only instance alarms");
    });

    it("sends AWS Backup failures to the topic through EventBridge, which the topic policy admits by rule ARN", async () => {
        const mocks = await useMocks();
        const topicArn = await resolve(new SigmaMonitoring("mon", valid).topicArn);
        const rule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "mon-backup-failures");
        assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern), backupFailurePattern());
        const target = await registeredOne(mocks, "aws:cloudwatch/eventTarget:EventTarget", "mon-backup-failures");
        assert.deepStrictEqual([target.inputs.rule, target.inputs.arn], [rule.state.name, topicArn]);
        const topicPolicy = JSON.parse((await registeredOne(mocks, "aws:sns/topicPolicy:TopicPolicy", "mon-alarms")).inputs.policy);
        const events = topicPolicy.Statement.find((s: any) => s.Principal.Service === "events.amazonaws.com");
        assert.deepStrictEqual(events.Condition, { ArnEquals: { "aws:SourceArn": rule.state.arn } });
    });

    it("stores the CloudWatch agent config in the named SSM parameter", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaMonitoring("mon", valid).agentConfigParameterName);
        const parameter = await registeredOne(mocks, "aws:ssm/parameter:Parameter", "mon-cloudwatch-agent");
        assert.strictEqual(parameter.inputs.name, valid.agentConfigParameterName);
        assert.deepStrictEqual(JSON.parse(parameter.inputs.value), cloudWatchAgentConfig(["/", "/var/lib/mysql"]));
    });

    const rows: Array<[string, Partial<SigmaMonitoringArgs>, RegExp]> = [
        ["a bad email", { alarmEmails: ["ops@"] }, /alarmEmails\[0\] "ops@" is not an email address; e\.g\. ops@example\.com/],
        ["no emails", { alarmEmails: [] }, /alarmEmails \[\] must list at least one address/],
        ["no instances", { instanceIds: [] }, /instanceIds \[\] must list at least one instance/],
        ["a load balancer without its target group", { targetGroupArnSuffix: undefined }, /loadBalancerArnSuffix "app\/web\/0123456789abcdef" and targetGroupArnSuffix undefined go together/],
        ["a CPU threshold over 100", { cpuThresholdPercent: 120 }, /cpuThresholdPercent 120 must be a percentage above 0 and below 100/],
        ["names that do not match the instances", { instanceNames: ["app"] }, /instanceNames \["app"\] must give one distinct name \(letters, digits, -\) per instanceIds entry/],
        ["a relative parameter name", { agentConfigParameterName: "cloudwatch-agent" }, /agentConfigParameterName "cloudwatch-agent" is not an SSM parameter path/],
    ];
    for (const [label, change, message] of rows) {
        it(`refuses ${label} before creating anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaMonitoring("mon", { ...valid, ...change }), message);
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }

    it("builds alarm specs and the key policy as pure functions", () => {
        const specs = instanceAlarmSpecs({ cpu: 80, memory: 80, disk: 80, minutes: 5, diskPaths: ["/", "/data"] });
        assert.deepStrictEqual(specs.map((s) => s.key), ["cpu", "status-instance", "status-system", "memory", "disk-root", "disk-data"]);
        assert.strictEqual(emailProblem("a.b+c@example.co.uk"), undefined);
        assert.ok(emailProblem("not an email"));
        const policy = JSON.parse(JSON.stringify(alarmTopicKeyPolicy("aws", "111122223333")));
        assert.ok(policy.Statement.every((s: any) => JSON.stringify(s.Principal) !== "\"*\"" && !JSON.stringify(s.Principal).includes("\"*\"")));
    });
});

describe("SigmaInstance with the CloudWatch agent", () => {
    it("installs the agent at boot from the parameter and may read only that parameter and publish only to CWAgent", async () => {
        const mocks = await useMocks();
        const sigma = new SigmaInstance("app", {
            subnetId: "subnet-0123456789abcdef0", securityGroupIds: ["sg-0123456789abcdef0"], amiId: "ami-0123456789abcdef0",
            cloudWatchAgentConfigParameter: "/sigma/test/cloudwatch-agent",
        });
        await resolve(sigma.instanceId);
        const instance = await registeredOne(mocks, "aws:ec2/instance:Instance", "app-instance");
        assert.match(instance.inputs.userData, /ctl=\/opt\/aws\/amazon-cloudwatch-agent\/bin\/amazon-cloudwatch-agent-ctl/);
        assert.match(instance.inputs.userData, /"\$ctl" -a fetch-config -m ec2 -s -c "ssm:\/sigma\/test\/cloudwatch-agent"/);
        const policy = JSON.parse((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "app-cloudwatch-agent")).inputs.policy);
        assert.deepStrictEqual(policy.Statement.map((s: any) => [s.Action, s.Resource, s.Condition]), [
            [["cloudwatch:PutMetricData"], ["*"], { StringEquals: { "cloudwatch:namespace": "CWAgent" } }],
            [["ssm:GetParameter"], ["arn:aws:ssm:ap-southeast-1:123456789012:parameter/sigma/test/cloudwatch-agent"], undefined],
        ]);
    });

    it("adds neither without the parameter", async () => {
        const mocks = await useMocks();
        const sigma = new SigmaInstance("app", { subnetId: "subnet-0123456789abcdef0", securityGroupIds: ["sg-0123456789abcdef0"], amiId: "ami-0123456789abcdef0" });
        await resolve(sigma.instanceId);
        assert.doesNotMatch((await registeredOne(mocks, "aws:ec2/instance:Instance", "app-instance")).inputs.userData, /cloudwatch/i);
        assert.strictEqual((await registered(mocks, "aws:iam/rolePolicy:RolePolicy")).length, 1);
    });
});
