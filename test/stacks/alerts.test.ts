import * as assert from "assert";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";

type Resource = SynthResult["resources"][number];
const ofType = (result: SynthResult, type: string) => result.resources.filter((r) => r.type === type);
const named = (result: SynthResult, type: string, name: string): Resource => {
    const found = ofType(result, type).filter((r) => r.name === name);
    assert.strictEqual(found.length, 1, `one ${type} named ${name} in ${result.stack}`);
    return found[0];
};
const ONCALL = "arn:aws:sns:ap-southeast-1:123456789012:oncall";
const EBS_KEY = "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("every stack has one alarm topic that its failures reach", () => {
    const stacks: Record<string, SynthResult> = {};
    before(async () => {
        for (const stack of ["dev", "prod", "dr"]) {
            stacks[stack] = await synthesize({ stack });
        }
    });

    for (const [stack, email] of [["dev", "sigma-dev@example.com"], ["prod", "sigma-ops@example.com"], ["dr", "sigma-ops@example.com"]]) {
        it(`${stack}: one encrypted topic, subscribed by the stack's alarm addresses and exported as AlarmTopicArn`, () => {
            const result = stacks[stack];
            const topics = ofType(result, "aws:sns/topic:Topic");
            assert.strictEqual(topics.length, 1, "one topic, nobody has to find a second one");
            assert.ok(String(topics[0].inputs.kmsMasterKeyId).startsWith("arn:aws:kms:"));
            const topicArn = result.outputs.AlarmTopicArn as string;
            assert.deepStrictEqual(ofType(result, "aws:sns/topicSubscription:TopicSubscription").map((s) => [s.inputs.topic, s.inputs.protocol, s.inputs.endpoint]),
                [[topicArn, "email", email]]);
        });

        it(`${stack}: the vault's notifications, the restore function's failures and every rule and alarm go to that topic`, () => {
            const result = stacks[stack];
            const topicArn = result.outputs.AlarmTopicArn as string;
            for (const notifications of ofType(result, "aws:backup/vaultNotifications:VaultNotifications")) {
                assert.deepStrictEqual([notifications.inputs.snsTopicArn, notifications.inputs.backupVaultEvents], [topicArn, ["COPY_JOB_FAILED"]]);
            }
            for (const config of ofType(result, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig")) {
                assert.strictEqual((config.inputs.destinationConfig as any).onFailure.destination, topicArn, config.name);
            }
            const topicRules = ofType(result, "aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.inputs.arn === topicArn);
            assert.ok(topicRules.length >= 4, "backup, restore, key and backup-change rules at least");
            for (const alarm of ofType(result, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => !/auto-recovery$/.test(a.name))) {
                assert.ok((alarm.inputs.alarmActions as string[]).includes(topicArn), `${alarm.name} notifies the topic`);
            }
        });
    }

    it("dev: the instance's CPU and status checks, the restore function's errors and a missed daily backup (48 h) alarm", () => {
        const dev = stacks.dev;
        const metrics = ofType(dev, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => `${a.inputs.namespace}/${a.inputs.metricName}`);
        for (const metric of ["AWS/EC2/CPUUtilization", "AWS/EC2/StatusCheckFailed_Instance", "AWS/EC2/StatusCheckFailed_System", "AWS/Lambda/Errors", "AWS/Backup/NumberOfRecoveryPointsCompleted"]) {
            assert.ok(metrics.includes(metric), metric);
        }
        const rpo = named(dev, "aws:cloudwatch/metricAlarm:MetricAlarm", "sigma-recovery-points").inputs;
        assert.deepStrictEqual([rpo.dimensions, rpo.period, rpo.evaluationPeriods, rpo.treatMissingData],
            [{ ResourceType: "EC2", BackupVaultName: "SigmaBackupVault-dev" }, 3600, 48, "breaching"]);
        assert.deepStrictEqual(named(dev, "aws:cloudwatch/metricAlarm:MetricAlarm", "sigma-EC2RestoreLambdaFunction-dev-errors").inputs.dimensions,
            { FunctionName: "EC2RestoreLambdaFunction-dev" });
    });

    it("prod: a missed hourly backup alarms after 2 hours", () => {
        assert.strictEqual(named(stacks.prod, "aws:cloudwatch/metricAlarm:MetricAlarm", "sigma-recovery-points").inputs.evaluationPeriods, 2);
    });

    it("dr: no instance and no backups of its own, so no instance or missed-backup alarm; the restore function's errors alarm", () => {
        const alarms = ofType(stacks.dr, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name);
        assert.deepStrictEqual(alarms, ["sigma-EC2RestoreLambdaFunction-dr-errors"]);
    });

    for (const stack of ["dev", "prod", "dr"]) {
        it(`${stack}: watches the vault's key and the topic's own for deletion, disabling and new policies, with a trail EventBridge needs`, () => {
            const result = stacks[stack];
            const pattern = JSON.parse(named(result, "aws:cloudwatch/eventRule:EventRule", "sigma-key-changes").inputs.eventPattern as string);
            const vaultKey = ofType(result, "aws:backup/vault:Vault")[0].inputs.kmsKeyArn as string;
            const alarmKey = ofType(result, "aws:sns/topic:Topic")[0].inputs.kmsMasterKeyId as string;
            // prod and dr encrypt with an EBS key the stack creates (issue 14): watched too, after the vault's.
            const ebsKeyId = stack === "dev" ? undefined : named(result, "aws:kms/alias:Alias", "sigma-ebs-key-alias").inputs.targetKeyId as string;
            const ebsKeys = ebsKeyId === undefined ? [] : [`arn:aws:kms:${stack === "dr" ? "ap-southeast-2" : "ap-southeast-1"}:123456789012:key/${ebsKeyId}`, ebsKeyId];
            assert.deepStrictEqual(pattern.detail.requestParameters.keyId, [vaultKey, vaultKey.split("/")[1], ...ebsKeys, alarmKey, alarmKey.split("/")[1]]);
            const trail = named(result, "aws:cloudtrail/trail:Trail", "sigma-trail").inputs;
            assert.deepStrictEqual([trail.name, trail.enableLogging], [`sigma-${stack}-audit`, true]);
            assert.strictEqual(result.outputs.AuditTrailArn, `arn:aws:cloudtrail:${stack === "dr" ? "ap-southeast-2" : "ap-southeast-1"}:123456789012:trail/sigma-${stack}-audit`);
        });
    }
});

describe("stack alert settings", () => {
    it("opts dev out of alarm mail with a reason and pages an on-call topic from every alarm and rule instead", async () => {
        const dev = await synthesize({ stack: "dev", configOverrides: {
            "sigma:alarmEmails": undefined, "sigma:alarmEmailsOptOut": "on-call is paged through the oncall topic", "sigma:alarmTopicArns": [ONCALL],
        } });
        assert.strictEqual(ofType(dev, "aws:sns/topicSubscription:TopicSubscription").length, 0);
        // SigmaMonitoring's alarms and rules, SigmaLogs' (log alarms; agent set-up failures and logs key changes) and
        // SigmaPatching's (failed, timed-out or skipped patch runs).
        const alerting = (r: { parent?: string }) => ["SigmaMonitoring::sigma", "SigmaLogs::sigma", "SigmaPatching::sigma"].some((p) => r.parent?.endsWith(p));
        for (const alarm of ofType(dev, "aws:cloudwatch/metricAlarm:MetricAlarm").filter(alerting)) {
            assert.ok((alarm.inputs.alarmActions as string[]).includes(ONCALL), alarm.name);
        }
        const rules = ofType(dev, "aws:cloudwatch/eventRule:EventRule").filter(alerting);
        assert.strictEqual(rules.length, 4 + 2 + 1);
        const oncallTargets = ofType(dev, "aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.inputs.arn === ONCALL);
        assert.strictEqual(oncallTargets.length, rules.length);
    });

    it("uses an existing trail when sigma:auditTrailArn names one, and watches the EBS key sigma:kmsKeyArn names", async () => {
        const trail = "arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail";
        const dev = await synthesize({ stack: "dev", configOverrides: { "sigma:auditTrailArn": trail, "sigma:kmsKeyArn": EBS_KEY } });
        assert.strictEqual(ofType(dev, "aws:cloudtrail/trail:Trail").length, 0);
        assert.strictEqual(dev.outputs.AuditTrailArn, trail);
        const pattern = JSON.parse(named(dev, "aws:cloudwatch/eventRule:EventRule", "sigma-key-changes").inputs.eventPattern as string);
        assert.ok(pattern.detail.requestParameters.keyId.includes(EBS_KEY) && pattern.detail.requestParameters.keyId.includes("1234abcd-12ab-34cd-56ef-1234567890ab"));
    });

    it("keeps the monitoring of a stack whose backups are off: instance alarms, the EBS key, no missed-backup alarm", async () => {
        const dev = await synthesize({ stack: "dev", configOverrides: { "sigma:backup": { enabled: false } } });
        const alarms = ofType(dev, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name);
        assert.ok(alarms.includes("sigma-appdb-cpu") && !alarms.includes("sigma-recovery-points"), alarms.join());
        assert.strictEqual(ofType(dev, "aws:backup/vault:Vault").length, 0);
    });
});
