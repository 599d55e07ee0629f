import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    alarmTopicArnProblem, alarmTopicKeyPolicy, alarmTopicPolicy, auditTrailBucketPolicy, BACKUP_DESTRUCTIVE_CALLS, backupChangePattern,
    backupFailurePattern, CWAGENT_NAMESPACE, cloudWatchAgentConfig, emailProblem, instanceAlarmSpecs, KEY_DESTRUCTIVE_CALLS,
    keyChangePattern, MYSQL_PROCSTAT_DIMENSIONS, optOutReasonProblem, recoveryPointAlarmSpec, restoreFailurePattern, SigmaAuditTrail, SigmaInstance,
    SigmaMonitoring, SigmaMonitoringArgs,
} from "../../components";
import { eventPatternMatches } from "../../model/eventPattern";
import { evaluatePolicies } from "../../model/iamPolicyEvaluation";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

const EVENTS = path.resolve(__dirname, "..", "..", "model", "awsSampleEvents");
/** One of AWS's sample events (model/awsSampleEvents/<id>.json, each with its source). */
const sample = (id: string): Record<string, any> => JSON.parse(fs.readFileSync(path.join(EVENTS, `${id}.json`), "utf8")).event;
const ALARM_TOPIC = "arn:aws:sns:ap-southeast-1:123456789012:sigma-alarms";

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
        assert.deepStrictEqual(principals, ["arn:aws:iam::123456789012:root", "events.amazonaws.com", "cloudwatch.amazonaws.com", "backup.amazonaws.com"]);
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
        // per instance: CPU, 2 status checks, memory, 2 disks, MySQL not running; plus 3 load balancer alarms
        assert.strictEqual(alarms.length, 2 * 7 + 3);
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

    it("sends AWS Backup failures to the topic through EventBridge, which the topic policy admits by the account's rule ARNs", async () => {
        const mocks = await useMocks();
        const topicArn = await resolve(new SigmaMonitoring("mon", valid).topicArn);
        for (const [name, pattern] of [["mon-backup-failures", backupFailurePattern()], ["mon-restore-failures", restoreFailurePattern()]] as const) {
            const rule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", name);
            assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern), pattern);
            const target = await registeredOne(mocks, "aws:cloudwatch/eventTarget:EventTarget", name);
            assert.deepStrictEqual([target.inputs.rule, target.inputs.arn, target.inputs.roleArn], [rule.state.name, topicArn, undefined]);
        }
        const topicPolicy = JSON.parse((await registeredOne(mocks, "aws:sns/topicPolicy:TopicPolicy", "mon-alarms")).inputs.policy);
        const events = topicPolicy.Statement.find((s: any) => s.Principal.Service === "events.amazonaws.com");
        assert.deepStrictEqual(events.Condition, { ArnLike: { "aws:SourceArn": "arn:aws:events:ap-southeast-1:123456789012:rule/*" } });
    });

    it("stores the CloudWatch agent config in the named SSM parameter", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaMonitoring("mon", valid).agentConfigParameterName!);
        const parameter = await registeredOne(mocks, "aws:ssm/parameter:Parameter", "mon-cloudwatch-agent");
        assert.strictEqual(parameter.inputs.name, valid.agentConfigParameterName);
        assert.deepStrictEqual(JSON.parse(parameter.inputs.value), cloudWatchAgentConfig(["/", "/var/lib/mysql"]));
    });

    it("has the agent count mysqld processes, on the dimensions the alarm names", () => {
        const config = cloudWatchAgentConfig(["/", "/var/lib/mysql"]) as any;
        assert.deepStrictEqual(config.metrics.metrics_collected.procstat, [{ exe: "mysqld", measurement: ["pid_count"] }]);
        // the alarm's dimensions: append_dimensions' InstanceId, the exe selector and the translator's default pid_finder
        assert.deepStrictEqual(Object.keys(config.metrics.append_dimensions), ["InstanceId"]);
        assert.strictEqual(config.agent.omit_hostname, true, "no host dimension");
        assert.deepStrictEqual(MYSQL_PROCSTAT_DIMENSIONS, { exe: "mysqld", pid_finder: "native" });
    });

    it("alarms on each agent-watched instance when MySQL is not running, to the topic, missing data breaching", async () => {
        const mocks = await useMocks();
        const monitoring = new SigmaMonitoring("mon", { ...valid, instanceNames: ["app-1", "app-2"] });
        const topicArn = await resolve(monitoring.topicArn);
        const alarms = (await registered(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm")).filter((a) => a.inputs.metricName === "procstat_lookup_pid_count");
        assert.deepStrictEqual(alarms.map((a) => a.name), ["mon-app-1-mysql-not-running", "mon-app-2-mysql-not-running"]);
        alarms.forEach((alarm, i) => {
            const a = alarm.inputs;
            assert.deepStrictEqual(a.dimensions, { InstanceId: valid.instanceIds![i], exe: "mysqld", pid_finder: "native" });
            assert.deepStrictEqual([a.namespace, a.statistic, a.period, a.evaluationPeriods, a.threshold, a.comparisonOperator, a.treatMissingData],
                [CWAGENT_NAMESPACE, "Maximum", 60, 5, 1, "LessThanThreshold", "breaching"]);
            assert.deepStrictEqual([a.alarmActions, a.okActions, a.insufficientDataActions], [[topicArn], [topicArn], [topicArn]]);
            assert.match(a.alarmDescription, new RegExp(`^Sigma instance app-${i + 1} ${valid.instanceIds![i]}: MySQL not running`));
        });
        // the other instance alarms keep their operator and missing-data handling
        const cpu = (await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "mon-app-1-cpu")).inputs;
        assert.deepStrictEqual([cpu.comparisonOperator, cpu.treatMissingData], ["GreaterThanThreshold", "missing"]);
        const evaluation = (await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "mon-app-1-memory")).inputs.evaluationPeriods;
        assert.strictEqual(alarms[0].inputs.evaluationPeriods, evaluation, "evaluated like the other sustained instance alarms");
    });

    const rows: Array<[string, Partial<SigmaMonitoringArgs>, RegExp]> = [
        ["a bad email", { alarmEmails: ["ops@"] }, /alarmEmails\[0\] "ops@" is not an email address; e\.g\. ops@example\.com/],
        ["no emails", { alarmEmails: [] }, /alarmEmails \[\] must list at least one address/],
        ["no emails and no reason", { alarmEmails: [], alarmEmailsOptOut: undefined }, /alarmEmails \[\] must list at least one address, or alarmEmailsOptOut must say who hears the alarms/],
        ["an opt-out beside addresses", { alarmEmailsOptOut: "on-call is paged through the oncall topic" }, /alarmEmailsOptOut "on-call is paged through the oncall topic" opts out of alarm mail, but alarmEmails lists 2/],
        ["an opt-out that is a flag", { alarmEmails: [], alarmEmailsOptOut: "true" }, /alarmEmailsOptOut "true" must say why nobody gets alarm mail/],
        ["a FIFO extra topic", { alarmTopicArns: [`${ALARM_TOPIC}.fifo`] }, /alarmTopicArns\[0\] ".*\.fifo" is a FIFO topic/],
        ["five extra topics", { alarmTopicArns: [1, 2, 3, 4, 5].map((n) => `${ALARM_TOPIC}-${n}`) }, /alarmTopicArns lists 5 topics; at most 4 fit/],
        ["a vault without its backup interval", { backupVaultName: "SigmaBackupVault-test" }, /backupVaultName "SigmaBackupVault-test" and backupIntervalHours undefined go together/],
        ["a weekly backup interval", { backupVaultName: "v", backupIntervalHours: 168 }, /backupIntervalHours 168 must be a whole number of hours from 1 to 84/],
        ["a function name with a space", { functionNames: ["restore sigma"] }, /functionNames \["restore sigma"\] must list distinct Lambda function names/],
        ["a watched key by alias", { watchedKeyArns: ["arn:aws:kms:ap-southeast-1:123456789012:alias/sigma"] }, /watchedKeyArns\[0\] ".*alias\/sigma" is not a KMS key ARN/],
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
        assert.deepStrictEqual(specs.map((s) => s.key), ["cpu", "status-instance", "status-system", "memory", "disk-root", "disk-data", "mysql-not-running"]);
        assert.deepStrictEqual(instanceAlarmSpecs({ cpu: 80, memory: 80, disk: 80, minutes: 5, diskPaths: ["/"], agent: false }).map((s) => s.key),
            ["cpu", "status-instance", "status-system"], "without the agent, no agent alarms (MySQL's included)");
        assert.strictEqual(emailProblem("a.b+c@example.co.uk"), undefined);
        assert.ok(emailProblem("not an email"));
        const policy = JSON.parse(JSON.stringify(alarmTopicKeyPolicy("aws", "ap-southeast-1", "111122223333")));
        assert.ok(policy.Statement.every((s: any) => JSON.stringify(s.Principal) !== "\"*\"" && !JSON.stringify(s.Principal).includes("\"*\"")));
    });
});

describe("SigmaMonitoring: every failure of a stack reaches its one topic", () => {
    const watched = "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    it("watches no instance in a stack without one (dr), and no memory, disk or MySQL process without the agent (dev)", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaMonitoring("dr", { alarmEmails: ["ops@example.com"] }).topicArn);
        assert.deepStrictEqual((await registered(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm")).map((a) => a.name), []);
        assert.strictEqual((await registered(mocks, "aws:ssm/parameter:Parameter")).length, 0);
        await resolve(new SigmaMonitoring("dev", { alarmEmails: ["ops@example.com"], instanceIds: ["i-0123456789abcdef0"], instanceNames: ["appdb"] }).topicArn);
        const alarms = (await registered(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm")).map((a) => a.inputs.metricName).sort();
        assert.deepStrictEqual(alarms, ["CPUUtilization", "StatusCheckFailed_Instance", "StatusCheckFailed_System"]);
    });

    it("alarms on each named function's Errors metric", async () => {
        const mocks = await useMocks();
        const topicArn = await resolve(new SigmaMonitoring("mon", { ...valid, functionNames: ["EC2RestoreLambdaFunction-test"] }).topicArn);
        const alarm = (await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "mon-EC2RestoreLambdaFunction-test-errors")).inputs;
        assert.deepStrictEqual([alarm.namespace, alarm.metricName, alarm.dimensions, alarm.statistic, alarm.threshold, alarm.comparisonOperator, alarm.alarmActions],
            ["AWS/Lambda", "Errors", { FunctionName: "EC2RestoreLambdaFunction-test" }, "Sum", 0, "GreaterThanThreshold", [topicArn]]);
    });

    it("alarms when the vault gets no new recovery point for twice the backup interval, missing data breaching", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaMonitoring("mon", { ...valid, backupVaultName: "SigmaBackupVault-test", backupIntervalHours: 24 }).topicArn);
        const alarm = (await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "mon-recovery-points")).inputs;
        assert.deepStrictEqual([alarm.namespace, alarm.metricName, alarm.dimensions], ["AWS/Backup", "NumberOfRecoveryPointsCompleted", { ResourceType: "EC2", BackupVaultName: "SigmaBackupVault-test" }]);
        // 48 hourly sums below 1, all of them: no recovery point in 48 hours; an hour without data has none.
        assert.deepStrictEqual([alarm.statistic, alarm.period, alarm.evaluationPeriods, alarm.datapointsToAlarm, alarm.threshold, alarm.comparisonOperator, alarm.treatMissingData],
            ["Sum", 3600, 48, 48, 1, "LessThanThreshold", "breaching"]);
        // CloudWatch's longest evaluation range for periods of an hour or more is 7 days.
        const widest = recoveryPointAlarmSpec("v", 84);
        assert.strictEqual(widest.period * widest.evaluationPeriods, 604800);
    });

    it("reports deleted, disabled or re-policied keys (the watched ones and the topic's own) and destructive AWS Backup calls", async () => {
        const mocks = await useMocks();
        const monitoring = new SigmaMonitoring("mon", { ...valid, watchedKeyArns: [watched] });
        const [topicArn, ownKey] = await Promise.all([resolve(monitoring.topicArn), resolve(monitoring.keyArn)]);
        const keyRule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "mon-key-changes");
        assert.deepStrictEqual(JSON.parse(keyRule.inputs.eventPattern), keyChangePattern([watched, ownKey]));
        const backupRule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "mon-backup-changes");
        assert.deepStrictEqual(JSON.parse(backupRule.inputs.eventPattern), backupChangePattern());
        for (const name of ["mon-key-changes", "mon-backup-changes"]) {
            assert.strictEqual((await registeredOne(mocks, "aws:cloudwatch/eventTarget:EventTarget", name)).inputs.arn, topicArn);
        }
    });

    it("notifies the extra topics from every alarm and rule, besides its own", async () => {
        const mocks = await useMocks();
        const topicArn = await resolve(new SigmaMonitoring("mon", { ...valid, alarmTopicArns: [`${ALARM_TOPIC}-oncall`] }).topicArn);
        for (const alarm of await registered(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm")) {
            assert.deepStrictEqual(alarm.inputs.alarmActions, [topicArn, `${ALARM_TOPIC}-oncall`], alarm.name);
        }
        const targets = await registered(mocks, "aws:cloudwatch/eventTarget:EventTarget");
        const rules = await registered(mocks, "aws:cloudwatch/eventRule:EventRule");
        for (const rule of rules) {
            const arns = targets.filter((t) => t.inputs.rule === rule.state.name).map((t) => t.inputs.arn).sort();
            assert.deepStrictEqual(arns, [topicArn, `${ALARM_TOPIC}-oncall`].sort(), rule.name);
        }
    });

    it("opts out of alarm mail only with a reason, and then subscribes nobody", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaMonitoring("mon", { ...valid, alarmEmails: [], alarmEmailsOptOut: "on-call is paged through the oncall topic", alarmTopicArns: [`${ALARM_TOPIC}-oncall`] }).topicArn);
        assert.strictEqual((await registered(mocks, "aws:sns/topicSubscription:TopicSubscription")).length, 0);
        for (const reason of ["", " ", "true", "no", "n/a", "later", "-"]) {
            assert.ok(optOutReasonProblem(reason), JSON.stringify(reason));
        }
        assert.strictEqual(optOutReasonProblem("the DR region is watched from the primary's on-call topic"), undefined);
    });

    it("takes standard SNS topics of the stack's region as extra topics", () => {
        assert.strictEqual(alarmTopicArnProblem(ALARM_TOPIC, "ap-southeast-1"), undefined);
        assert.match(alarmTopicArnProblem(ALARM_TOPIC, "ap-southeast-2")!, /is in ap-southeast-1, but alarms and event rules deliver only to topics in their own region ap-southeast-2/);
        assert.match(alarmTopicArnProblem("arn:aws:sqs:ap-southeast-1:123456789012:q", undefined)!, /is not an SNS topic ARN/);
        assert.match(alarmTopicArnProblem(`${ALARM_TOPIC}.fifo`, undefined)!, /FIFO/);
    });
});

describe("the alarm topic's rules match AWS's sample events (model/eventPattern)", () => {
    const rows: Array<[string, Record<string, unknown>, boolean]> = [
        ["aws-sample-backup-job-failed", backupFailurePattern(), true],
        ["aws-sample-backup-job-aborted", backupFailurePattern(), true],
        ["aws-sample-backup-job-expired", backupFailurePattern(), true],
        ["aws-sample-copy-job-failed", backupFailurePattern(), true],
        ["aws-sample-restore-job-failed", backupFailurePattern(), false],
        ["aws-sample-restore-job-failed", restoreFailurePattern(), true],
        ["aws-sample-restore-job-aborted", restoreFailurePattern(), true],
        ["aws-sample-restore-job-completed", restoreFailurePattern(), false],
        ["aws-sample-restore-job-running", restoreFailurePattern(), false],
        ["aws-sample-cloudtrail-backup-delete-recovery-point", backupChangePattern(), true],
        ["aws-sample-cloudtrail-backup-delete-vault-lock", backupChangePattern(), true],
        ["aws-sample-cloudtrail-backup-put-vault-access-policy", backupChangePattern(), true],
        ["aws-sample-cloudtrail-kms-schedule-key-deletion", backupChangePattern(), false],
    ];
    for (const [id, pattern, matches] of rows) {
        it(`${matches ? "matches" : "does not match"} ${id} with ${JSON.stringify((pattern as any)["detail-type"])}`, () => {
            assert.strictEqual(eventPatternMatches(pattern, sample(id)), matches);
        });
    }

    it("matches a KMS call on a watched key by its id or ARN, and no other key's", () => {
        const keyArn = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        for (const id of ["aws-sample-cloudtrail-kms-schedule-key-deletion", "aws-sample-cloudtrail-kms-disable-key"]) {
            const event = sample(id);
            assert.ok(eventPatternMatches(keyChangePattern([keyArn]), event), `${id} by key id`);
            event.detail.requestParameters.keyId = keyArn;
            assert.ok(eventPatternMatches(keyChangePattern([keyArn]), event), `${id} by key ARN`);
            assert.ok(!eventPatternMatches(keyChangePattern(["arn:aws:kms:us-west-2:111122223333:key/0000abcd-12ab-34cd-56ef-1234567890ab"]), event), `${id}, another key`);
        }
        assert.deepStrictEqual(KEY_DESTRUCTIVE_CALLS, ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"]);
        assert.strictEqual(BACKUP_DESTRUCTIVE_CALLS.length, 8);
    });
});

describe("the alarm topic's key and topic policies admit each publisher with the condition keys it sends", () => {
    const key = alarmTopicKeyPolicy("aws", "ap-southeast-1", "123456789012") as any;
    const topic = alarmTopicPolicy("aws", "ap-southeast-1", "123456789012", ALARM_TOPIC) as any;
    const alarm = "arn:aws:cloudwatch:ap-southeast-1:123456789012:alarm:sigma-appdb-cpu";
    const rule = "arn:aws:events:ap-southeast-1:123456789012:rule/sigma-backup-failures";
    const encrypt = (service: string, context: Record<string, string>) => ["kms:GenerateDataKey", "kms:Decrypt"].every((action) =>
        evaluatePolicies([key], { action, resource: "arn:aws:kms:ap-southeast-1:123456789012:key/k", principal: { Service: service }, context }) === "allow");
    const publish = (service: string, context: Record<string, string>) =>
        evaluatePolicies([topic], { action: "sns:Publish", resource: ALARM_TOPIC, principal: { Service: service }, context }) === "allow";

    it("EventBridge: the key without source conditions (SNS: not supported for EventBridge-to-encrypted topics), the topic by rule ARN", () => {
        assert.ok(encrypt("events.amazonaws.com", {}));
        assert.ok(publish("events.amazonaws.com", { "aws:SourceArn": rule, "aws:SourceAccount": "123456789012" }));
        assert.ok(!publish("events.amazonaws.com", { "aws:SourceArn": rule.replace("123456789012", "999999999999"), "aws:SourceAccount": "999999999999" }), "another account's rule");
        assert.ok(!key.Statement.some((s: any) => s.Principal.Service === "events.amazonaws.com" && s.Condition), "no condition on EventBridge in the key policy");
    });

    it("CloudWatch alarms: the key and the topic only for this account's alarms", () => {
        assert.ok(encrypt("cloudwatch.amazonaws.com", { "aws:SourceArn": alarm, "aws:SourceAccount": "123456789012" }));
        assert.ok(!encrypt("cloudwatch.amazonaws.com", { "aws:SourceArn": alarm.replace("123456789012", "999999999999") }));
        assert.ok(publish("cloudwatch.amazonaws.com", { "aws:SourceArn": alarm, "aws:SourceAccount": "123456789012" }));
        assert.ok(!publish("cloudwatch.amazonaws.com", {}), "an alarm always names itself");
    });

    it("AWS Backup vault notifications: the statement its page gives, without conditions it is not documented to send", () => {
        assert.ok(encrypt("backup.amazonaws.com", {}));
        assert.ok(publish("backup.amazonaws.com", {}));
        assert.ok(!publish("lambda.amazonaws.com", {}), "no other service");
    });
});

describe("SigmaAuditTrail", () => {
    it("logs the region's management events into a private, encrypted, expiring bucket only that trail may write", async () => {
        const mocks = await useMocks();
        const trail = new SigmaAuditTrail("sigma", { trailName: "sigma-test-audit" });
        const trailArn = await resolve(trail.trailArn);
        assert.strictEqual(trailArn, "arn:aws:cloudtrail:ap-southeast-1:123456789012:trail/sigma-test-audit");
        const registeredTrail = (await registeredOne(mocks, "aws:cloudtrail/trail:Trail", "sigma-trail")).inputs;
        assert.deepStrictEqual([registeredTrail.name, registeredTrail.enableLogging, registeredTrail.isMultiRegionTrail, registeredTrail.eventSelectors, registeredTrail.enableLogFileValidation],
            ["sigma-test-audit", true, false, undefined, true]);
        const block = (await registeredOne(mocks, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "sigma-trail-logs")).inputs;
        assert.deepStrictEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
        const bucketPolicy = JSON.parse((await registeredOne(mocks, "aws:s3/bucketPolicy:BucketPolicy", "sigma-trail-logs")).inputs.policy);
        const bucketArn = bucketPolicy.Statement[0].Resource[0];
        assert.deepStrictEqual(bucketPolicy, auditTrailBucketPolicy(bucketArn, "cloudtrail", "123456789012", trailArn));
        const put = (sourceArn: string) => evaluatePolicies([bucketPolicy as any], {
            action: "s3:PutObject", resource: `${bucketArn}/cloudtrail/AWSLogs/123456789012/CloudTrail/x.json.gz`, principal: { Service: "cloudtrail.amazonaws.com" },
            context: { "aws:SourceArn": sourceArn, "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "true" },
        });
        assert.strictEqual(put(trailArn), "allow");
        assert.strictEqual(put("arn:aws:cloudtrail:ap-southeast-1:999999999999:trail/other"), "implicit-deny");
    });

    it("refuses a trail name AWS would refuse, before creating anything", async () => {
        const mocks = await useMocks();
        assert.throws(() => new SigmaAuditTrail("sigma", { trailName: "-audit" }), /trailName "-audit" must be 3-128 letters/);
        assert.strictEqual((await registered(mocks)).length, 0);
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
