import * as assert from "assert";
import {
    agentSetupFailurePattern, LOG_RETENTION_DAYS, LOGS_DEFAULTS, logsKeyPolicy, SIGMA_LOG_FAILURES, SIGMA_LOG_IDS, SigmaLogs, SigmaLogsArgs,
    stateManagerInstancePolicy,
} from "../../../components";
import { eventPatternMatches } from "../../../model/eventPattern";
import { evaluatePolicies } from "../../../model/iamPolicyEvaluation";
import { registered, registeredOne, resolve, useMocks } from "../../helpers";

const TOPIC = "arn:aws:sns:ap-southeast-1:123456789012:sigma-alarms";
const ONCALL = "arn:aws:sns:ap-southeast-1:123456789012:oncall";
const valid: SigmaLogsArgs = {
    logGroupPrefix: "/sigma/sigma/test",
    agentLogsParameterName: "/sigma/test/cloudwatch-agent-logs",
    instanceRoleNames: ["sigma-role"],
    stackScope: "sigma/test",
    alarmTopicArn: TOPIC,
    extraAlarmTopicArns: [ONCALL],
    metricNamespace: "Sigma/Logs/sigma/test",
    alarmNamePrefix: "sigma-test",
};
const GROUP_ARN = (name: string) => `arn:aws:logs:ap-southeast-1:123456789012:log-group:${name}`;

/**
 * "EC2 State Manager Instance Association State Change", the fields AWS documents for it
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html).
 */
const associationEvent = (associationId: string, status: string) => ({
    "version": "0", "id": "01234567-0123-0123-0123-0123456789ab", "detail-type": "EC2 State Manager Instance Association State Change",
    "source": "aws.ssm", "account": "123456789012", "time": "2026-11-22T07:00:00Z", "region": "ap-southeast-1",
    "resources": ["arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0123456789abcdef0", "arn:aws:ssm:ap-southeast-1::document/sigma-setup"],
    "detail": {
        "association-id": associationId, "instance-id": "i-0123456789abcdef0", "document-name": "sigma-setup", "document-version": "1",
        "targets": "[{\"key\":\"tag:sigma:stack\",\"values\":[\"sigma/test\"]}]", "status": status, "detailed-status": status,
        "error-code": "", "execution-summary": "1 out of 1 plugin processed", "instance-association-cwe-version": "1.0",
    },
});

describe("SigmaLogs", () => {
    it("creates one log group per log, with the retention and the stack's logs key", async () => {
        const mocks = await useMocks();
        const logs = new SigmaLogs("logs", { ...valid, retentionDays: 90 });
        const keyArn = await resolve(logs.keyArn);
        const groups = await registered(mocks, "aws:cloudwatch/logGroup:LogGroup");
        assert.deepStrictEqual(groups.map((g) => g.inputs.name).sort(), SIGMA_LOG_IDS.map((id) => `/sigma/sigma/test/${id}`).sort());
        for (const group of groups) {
            assert.strictEqual(group.inputs.retentionInDays, 90);
            assert.strictEqual(group.inputs.kmsKeyId, keyArn);
        }
        const key = await registeredOne(mocks, "aws:kms/key:Key", "logs-logs-key");
        assert.strictEqual(key.inputs.enableKeyRotation, true);
    });

    it("lets CloudWatch Logs use the key for the stack's groups only (kms:EncryptionContext:aws:logs:arn)", () => {
        const policy = logsKeyPolicy("aws", "ap-southeast-1", "123456789012", "/sigma/sigma/test") as any;
        const asLogs = (group: string, action = "kms:GenerateDataKey", service = "logs.ap-southeast-1.amazonaws.com") => evaluatePolicies([policy], {
            action, resource: "arn:aws:kms:ap-southeast-1:123456789012:key/k", principal: { Service: service },
            context: { "kms:EncryptionContext:aws:logs:arn": GROUP_ARN(group) },
        });
        assert.strictEqual(asLogs("/sigma/sigma/test/catalina"), "allow");
        assert.strictEqual(asLogs("/sigma/sigma/test/catalina", "kms:Decrypt"), "allow");
        assert.strictEqual(asLogs("/sigma/sigma/prod/catalina"), "implicit-deny", "another stack's group");
        assert.strictEqual(asLogs("/sigma/sigma/testing/catalina"), "implicit-deny", "a prefix that only starts alike");
        assert.strictEqual(asLogs("/sigma/sigma/test/catalina", "kms:GenerateDataKey", "logs.ap-southeast-2.amazonaws.com"), "implicit-deny", "another region's service");
        assert.strictEqual(asLogs("/sigma/sigma/test/catalina", "kms:CreateGrant"), "implicit-deny");
        const principals = policy.Statement.map((s: any) => s.Principal.AWS ?? s.Principal.Service);
        assert.deepStrictEqual(principals, ["arn:aws:iam::123456789012:root", "logs.ap-southeast-1.amazonaws.com"]);
    });

    it("protects the key with protectData", async () => {
        const mocks = await useMocks();
        new SigmaLogs("logs", { ...valid, protectData: true });
        await registered(mocks);
        const key = [...mocks.resources.values()].find((r) => r.name === "logs-logs-key")!;
        assert.strictEqual((key as any).options?.protect ?? (key as any).protect, true);
    });

    it("counts each failure on its own log and alarms on any count, to the topic and the extra topics", async () => {
        const mocks = await useMocks();
        const logs = new SigmaLogs("logs", valid);
        await resolve(logs.associationId);
        const filters = await registered(mocks, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
        const alarms = await registered(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm");
        assert.strictEqual(filters.length, SIGMA_LOG_FAILURES.length);
        for (const failure of SIGMA_LOG_FAILURES) {
            const filter = filters.find((f) => f.name === `logs-${failure.id}`)!;
            assert.strictEqual(filter.inputs.logGroupName, `/sigma/sigma/test/${failure.log}`);
            assert.strictEqual(filter.inputs.pattern, failure.pattern);
            assert.deepStrictEqual(filter.inputs.metricTransformation, { name: failure.metricName, namespace: valid.metricNamespace, value: "1", unit: "Count" });
            const alarm = alarms.find((a) => a.name === `logs-${failure.id}`)!;
            assert.strictEqual(alarm.inputs.namespace, valid.metricNamespace);
            assert.strictEqual(alarm.inputs.metricName, failure.metricName);
            assert.strictEqual(alarm.inputs.statistic, "Sum");
            // One matching line in a period fires: > 0.
            assert.strictEqual(alarm.inputs.comparisonOperator, "GreaterThanThreshold");
            assert.strictEqual(alarm.inputs.threshold, 0);
            assert.strictEqual(alarm.inputs.treatMissingData, "notBreaching");
            assert.deepStrictEqual(alarm.inputs.alarmActions, [TOPIC, ONCALL]);
            assert.deepStrictEqual(alarm.inputs.okActions, [TOPIC, ONCALL]);
            assert.strictEqual(alarm.inputs.name, `sigma-test-${failure.id}`);
        }
    });

    it("lets the instance role ship into its groups and read its config, and nothing of another stack", async () => {
        const mocks = await useMocks();
        new SigmaLogs("logs", valid);
        const rolePolicy = await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "logs-ship-logs-0");
        assert.strictEqual(rolePolicy.inputs.role, "sigma-role");
        const doc = JSON.parse(rolePolicy.inputs.policy);
        const can = (action: string, resource: string) => evaluatePolicies([doc], { action, resource });
        const stream = `${GROUP_ARN("/sigma/sigma/test/mysql-error")}:log-stream:i-0123456789abcdef0`;
        assert.strictEqual(can("logs:PutLogEvents", stream), "allow");
        assert.strictEqual(can("logs:CreateLogStream", stream), "allow");
        assert.strictEqual(can("logs:PutLogEvents", `${GROUP_ARN("/sigma/sigma/prod/mysql-error")}:log-stream:i-0123456789abcdef0`), "implicit-deny");
        assert.strictEqual(can("logs:CreateLogGroup", GROUP_ARN("/sigma/sigma/test/other")), "implicit-deny");
        assert.strictEqual(can("logs:PutRetentionPolicy", GROUP_ARN("/sigma/sigma/test/catalina")), "implicit-deny");
        assert.strictEqual(can("ssm:GetParameter", "arn:aws:ssm:ap-southeast-1:123456789012:parameter/sigma/test/cloudwatch-agent-logs"), "allow");
        assert.strictEqual(can("ssm:GetParameter", "arn:aws:ssm:ap-southeast-1:123456789012:parameter/sigma/prod/cloudwatch-agent-logs"), "implicit-deny");
    });

    it("grants the SSM Agent its association calls on the one document only", () => {
        const doc = stateManagerInstancePolicy("aws", "ap-southeast-1", "123456789012", "sigma-setup") as any;
        const can = (action: string, resource: string) => evaluatePolicies([doc], { action, resource });
        assert.strictEqual(can("ssm:GetDocument", "arn:aws:ssm:ap-southeast-1:123456789012:document/sigma-setup"), "allow");
        assert.strictEqual(can("ssm:GetDocument", "arn:aws:ssm:ap-southeast-1:123456789012:document/other"), "implicit-deny");
        assert.strictEqual(can("ssm:UpdateInstanceAssociationStatus", "arn:aws:ssm:ap-southeast-1:123456789012:association/0123"), "allow");
        assert.strictEqual(can("ssm:SendCommand", "arn:aws:ssm:ap-southeast-1:123456789012:document/sigma-setup"), "implicit-deny");
    });

    it("configures the agent on the stack's tagged instances with the logs config and its own document", async () => {
        const mocks = await useMocks();
        const logs = new SigmaLogs("logs", valid);
        await resolve(logs.associationId);
        const association = await registeredOne(mocks, "aws:ssm/association:Association", "logs-agent-logs");
        assert.deepStrictEqual(association.inputs.targets, [{ key: "tag:sigma:stack", values: ["sigma/test"] }]);
        assert.strictEqual(association.inputs.scheduleExpression, LOGS_DEFAULTS.associationSchedule);
        const document = await registeredOne(mocks, "aws:ssm/document:Document", "logs-agent-logs-setup");
        assert.strictEqual(association.inputs.name, document.state.name ?? document.inputs.name ?? association.inputs.name);
        const parameter = await registeredOne(mocks, "aws:ssm/parameter:Parameter", "logs-agent-logs");
        assert.strictEqual(parameter.inputs.name, valid.agentLogsParameterName);
        const files = JSON.parse(parameter.inputs.value).logs.logs_collected.files.collect_list;
        assert.deepStrictEqual(files.map((f: any) => [f.file_path, f.log_group_name]), [
            [LOGS_DEFAULTS.userDataLogPath, "/sigma/sigma/test/userdata"],
            [LOGS_DEFAULTS.catalinaLogPath, "/sigma/sigma/test/catalina"],
            [LOGS_DEFAULTS.accessLogPath, "/sigma/sigma/test/tomcat-access"],
            [LOGS_DEFAULTS.mysqlErrorLogPath, "/sigma/sigma/test/mysql-error"],
        ]);
        assert.ok(files.every((f: any) => f.log_stream_name === "{instance_id}"));
    });

    it("tells the topics when the set-up fails on an instance, not when it succeeds", async () => {
        const mocks = await useMocks();
        const logs = new SigmaLogs("logs", valid);
        const id = await resolve(logs.associationId);
        const rule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "logs-agent-logs-failed");
        assert.ok(eventPatternMatches(rule.inputs.eventPattern, associationEvent(id, "Failed")));
        assert.ok(!eventPatternMatches(rule.inputs.eventPattern, associationEvent(id, "Success")));
        assert.ok(!eventPatternMatches(rule.inputs.eventPattern, associationEvent("another-association", "Failed")));
        const targets = (await registered(mocks, "aws:cloudwatch/eventTarget:EventTarget")).filter((t) => t.name.startsWith("logs-agent-logs-failed-"));
        assert.deepStrictEqual(targets.map((t) => t.inputs.arn), [TOPIC, ONCALL]);
        assert.deepStrictEqual(agentSetupFailurePattern("x").source, ["aws.ssm"]);
    });

    it("tells the topics when the logs key is deleted, disabled or re-policied, by ARN or by id", async () => {
        const mocks = await useMocks();
        const logs = new SigmaLogs("logs", valid);
        const keyArn = await resolve(logs.keyArn);
        const rule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "logs-logs-key-changes");
        const call = (eventName: string, keyId: string) => ({
            "source": "aws.kms", "detail-type": "AWS API Call via CloudTrail", "account": "123456789012", "region": "ap-southeast-1",
            "detail": { eventSource: "kms.amazonaws.com", eventName, requestParameters: { keyId } },
        });
        const keyId = keyArn.slice(keyArn.lastIndexOf("/") + 1);
        for (const name of ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"]) {
            assert.ok(eventPatternMatches(rule.inputs.eventPattern, call(name, keyArn)), `${name} by ARN`);
            assert.ok(eventPatternMatches(rule.inputs.eventPattern, call(name, keyId)), `${name} by id`);
        }
        assert.ok(!eventPatternMatches(rule.inputs.eventPattern, call("Decrypt", keyArn)));
        assert.ok(!eventPatternMatches(rule.inputs.eventPattern, call("DisableKey", "1234abcd-0000-0000-0000-000000000000")));
        const targets = (await registered(mocks, "aws:cloudwatch/eventTarget:EventTarget")).filter((t) => t.name.startsWith("logs-logs-key-changes-"));
        assert.deepStrictEqual(targets.map((t) => t.inputs.arn), [TOPIC, ONCALL]);
    });

    const bad: [string, Partial<SigmaLogsArgs>, RegExp][] = [
        ["a relative prefix", { logGroupPrefix: "sigma/test" }, /logGroupPrefix "sigma\/test"/],
        ["a prefix with a trailing slash", { logGroupPrefix: "/sigma/test/" }, /logGroupPrefix/],
        ["a retention CloudWatch Logs does not take", { retentionDays: 10 }, /retentionDays 10 .*30, 60/],
        ["a relative log path", { catalinaLogPath: "logs/catalina.out" }, /catalinaLogPath "logs\/catalina.out"/],
        ["a log path with a quote", { mysqlErrorLogPath: "/var/log/my'sql.log" }, /mysqlErrorLogPath/],
        ["a parameter name without a slash", { agentLogsParameterName: "agent-logs" }, /agentLogsParameterName/],
        ["an AWS namespace", { metricNamespace: "AWS/Logs" }, /metricNamespace "AWS\/Logs"/],
        ["an alarm prefix with spaces", { alarmNamePrefix: "sigma test" }, /alarmNamePrefix/],
        ["five extra topics", { extraAlarmTopicArns: [ONCALL, ONCALL, ONCALL, ONCALL, ONCALL] }, /at most 4/],
    ];
    for (const [label, change, message] of bad) {
        it(`refuses ${label} before creating anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaLogs("logs", { ...valid, ...change }), message);
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }

    it("accepts every retention CloudWatch Logs takes", () => {
        assert.ok(LOG_RETENTION_DAYS.includes(LOGS_DEFAULTS.retentionDays as (typeof LOG_RETENTION_DAYS)[number]));
        assert.ok(!(LOG_RETENTION_DAYS as readonly number[]).includes(0), "never-expire is not offered");
    });
});
