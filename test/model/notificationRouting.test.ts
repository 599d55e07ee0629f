import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    FAILURE_CLASSES, FailureRouting, judgeResourcePolicy, routeFailures, RoutingContext, RoutingDocument, RoutingResource, SampleEvents, sampleIds,
} from "../../model/notificationRouting";

const EVENTS_DIR = path.join(__dirname, "..", "..", "model", "awsSampleEvents");
const SAMPLES: SampleEvents = Object.fromEntries(sampleIds().map((id) =>
    [id, JSON.parse(fs.readFileSync(path.join(EVENTS_DIR, `${id}.json`), "utf8")).event]));

const ACCOUNT = "111122223333";
const REGION = "ap-southeast-1";
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`;
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/restore-failures`;
const KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`;
const INSTANCE_ID = "i-0123456789abcdef0";
const CONTEXT: RoutingContext = {
    account: ACCOUNT, region: REGION,
    // Keys and instances get their ids from AWS; a deployment (or the offline mocks) answers them.
    identify: (r) => (r.type === "aws:kms/key:Key" ? { id: KEY_ID } : r.type === "aws:ec2/instance:Instance" ? { id: INSTANCE_ID } : {}),
    now: new Date("2026-11-22T00:00:00Z"),
};

let serial = 0;
const resource = (type: string, inputs: Record<string, unknown>, name = `r${++serial}`): RoutingResource =>
    ({ urn: `urn:pulumi:test::sigma::${type}::${name}`, type, name, inputs });

const RESTORE_PATTERN = { source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED", "ABORTED"] } };

const topicPolicy = (statement: Record<string, unknown>) => resource("aws:sns/topicPolicy:TopicPolicy", {
    arn: TOPIC_ARN, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }),
});
const EVENTS_PUBLISH = {
    Sid: "EventBridgePublishes", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC_ARN,
    Condition: { ArnEquals: { "aws:SourceArn": RULE_ARN }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
};
const keyPolicy = (...statements: Array<Record<string, unknown>>) => JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }, ...statements],
});
// EventBridge may use the key for this topic only: SNS's encryption context, never aws:SourceAccount or aws:SourceArn.
const EVENTS_ENCRYPT = {
    Sid: "EventBridgeEncrypts", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*",
    Condition: { StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": TOPIC_ARN } },
};

interface ChainParts {
    pattern?: object;
    topicPolicy?: RoutingResource | undefined;
    key?: RoutingResource;
    subscriptions?: RoutingResource[];
    extra?: RoutingResource[];
}

/** A vault and one delivered chain for restore failures: rule -> target -> encrypted topic -> email. */
function chain(parts: ChainParts = {}): RoutingDocument {
    const key = parts.key ?? resource("aws:kms/key:Key", { policy: keyPolicy(EVENTS_ENCRYPT) }, "alerts-key");
    const resources = [
        resource("aws:backup/vault:Vault", { name: "vault" }, "vault"),
        resource("aws:cloudwatch/eventRule:EventRule", { name: "restore-failures", eventPattern: JSON.stringify(parts.pattern ?? RESTORE_PATTERN) }, "restore-failures"),
        resource("aws:cloudwatch/eventTarget:EventTarget", { rule: "restore-failures", arn: TOPIC_ARN }, "restore-failures-to-alerts"),
        resource("aws:sns/topic:Topic", { name: "alerts", kmsMasterKeyId: KEY_ARN }, "alerts"),
        key,
        ...("topicPolicy" in parts ? (parts.topicPolicy ? [parts.topicPolicy] : []) : [topicPolicy(EVENTS_PUBLISH)]),
        ...(parts.subscriptions ?? [resource("aws:sns/topicSubscription:TopicSubscription", { topic: TOPIC_ARN, protocol: "email", endpoint: "ops@example.com" })]),
        ...(parts.extra ?? []),
    ];
    return { stack: "test", resources };
}

const only = (...ids: string[]) => FAILURE_CLASSES.filter((c) => ids.includes(c.id));
const route = (document: RoutingDocument, id: string, context: RoutingContext = CONTEXT): FailureRouting =>
    routeFailures(document, SAMPLES, context, only(id))[0];

describe("model: notification routing", () => {
    describe("an EventBridge chain (restore job FAILED)", () => {
        it("is delivered when every link holds, and names the chain", () => {
            const routing = route(chain(), "restore-job-failed");
            assert.strictEqual(routing.status, "delivered", JSON.stringify(routing, null, 1));
            const [subject] = routing.subjects;
            assert.deepStrictEqual(subject.endpoints, [{ topic: "alerts", protocol: "email", endpoint: "ops@example.com" }]);
            const links = subject.attempts.find((a) => !a.broken)!.links.join(" -> ");
            for (const part of ["rule restore-failures matches", "topic alerts", "topic policy allows events.amazonaws.com (EventBridgePublishes)",
                "key alerts-key allows events.amazonaws.com", "subscribed: email ops@example.com"]) {
                assert.ok(links.includes(part), `${part} missing from ${links}`);
            }
        });

        it("ABORTED goes the same way", () => assert.strictEqual(route(chain(), "restore-job-aborted").status, "delivered"));

        // [name, the chain with one link broken, words of the broken link]
        const broken: Array<[string, () => RoutingDocument, string[]]> = [
            ["the rule matches detail.state (restore events carry detail.status)",
                () => chain({ pattern: { source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { state: ["FAILED"] } } }),
                ["no enabled EventBridge rule", "rule restore-failures fails on detail.state"]],
            ["the topic policy lacks the events.amazonaws.com principal",
                () => chain({ topicPolicy: topicPolicy({ ...EVENTS_PUBLISH, Principal: { Service: "cloudwatch.amazonaws.com" } }) }),
                ["topic policy of alerts refuses sns:Publish to events.amazonaws.com", "no statement allows sns:Publish"]],
            ["the topic policy names another rule",
                () => chain({ topicPolicy: topicPolicy({ ...EVENTS_PUBLISH, Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:events:${REGION}:${ACCOUNT}:rule/other` } } }) }),
                ["EventBridgePublishes: ArnEquals aws:SourceArn", "does not hold for", RULE_ARN]],
            ["the topic has no policy",
                () => chain({ topicPolicy: undefined }),
                ["topic alerts has no topic policy"]],
            ["the key policy holds events.amazonaws.com to aws:SourceAccount",
                () => chain({ key: resource("aws:kms/key:Key", { policy: keyPolicy({ ...EVENTS_ENCRYPT, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }) }, "alerts-key") }),
                ["key alerts-key refuses kms:GenerateDataKey to events.amazonaws.com", "StringEquals aws:SourceAccount, which KMS for EventBridge does not send"]],
            ["the key policy names no service",
                () => chain({ key: resource("aws:kms/key:Key", { policy: keyPolicy() }, "alerts-key") }),
                ["key alerts-key refuses kms:GenerateDataKey"]],
            ["the key has the default key policy",
                () => chain({ key: resource("aws:kms/key:Key", {}, "alerts-key") }),
                ["key alerts-key has the default key policy"]],
            ["nobody subscribes",
                () => chain({ subscriptions: [] }),
                ["no subscription on topic alerts"]],
            ["the only subscriber is a queue",
                () => chain({ subscriptions: [resource("aws:sns/topicSubscription:TopicSubscription", { topic: TOPIC_ARN, protocol: "sqs", endpoint: "arn:aws:sqs:x" })] }),
                ["reaches no person"]],
            ["a filter policy on message attributes, which EventBridge does not set",
                () => chain({ subscriptions: [resource("aws:sns/topicSubscription:TopicSubscription", { topic: TOPIC_ARN, protocol: "email", endpoint: "ops@example.com", filterPolicy: JSON.stringify({ State: ["FAILED"] }) })] }),
                ["filter policy (MessageAttributes)", "EventBridge is not documented to send"]],
            ["a body filter policy that drops the event",
                () => chain({ subscriptions: [resource("aws:sns/topicSubscription:TopicSubscription", { topic: TOPIC_ARN, protocol: "email", endpoint: "ops@example.com", filterPolicyScope: "MessageBody", filterPolicy: JSON.stringify({ detail: { status: ["COMPLETED"] } }) })] }),
                ["filter policy (MessageBody) drops the message"]],
        ];
        for (const [name, document, words] of broken) {
            it(`is not delivered when ${name}`, () => {
                const routing = route(document(), "restore-job-failed");
                assert.strictEqual(routing.status, "not-delivered");
                for (const w of words) {
                    assert.ok(routing.reason?.includes(w), `"${w}" missing from: ${routing.reason}`);
                }
            });
        }

        it("a body filter policy that keeps the event lets it through", () => {
            const subscriptions = [resource("aws:sns/topicSubscription:TopicSubscription", { topic: TOPIC_ARN, protocol: "email", endpoint: "ops@example.com", filterPolicyScope: "MessageBody", filterPolicy: JSON.stringify({ detail: { status: ["FAILED"] } }) })];
            assert.strictEqual(route(chain({ subscriptions }), "restore-job-failed").status, "delivered");
        });

        it("follows the references the engine recorded (propertyDependencies) where names are not known", () => {
            // Auto-named resources: the inputs carry no names, the target and policy hold the deployed ARN.
            const deployed = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts-4f683af`;
            const document = chain({
                topicPolicy: topicPolicy({ ...EVENTS_PUBLISH, Resource: deployed, Condition: { ArnLike: { "aws:SourceArn": `arn:aws:events:${REGION}:${ACCOUNT}:rule/*` } } }),
                key: resource("aws:kms/key:Key", { policy: keyPolicy({ ...EVENTS_ENCRYPT, Condition: { StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": deployed } } }) }, "alerts-key"),
            });
            const [, rule, target, topic, key, policy, subscription] = document.resources;
            delete rule.inputs.name;
            delete topic.inputs.name;
            target.inputs = { rule: "restore-failures-5b027d6", arn: deployed };
            target.propertyDependencies = { rule: [rule.urn], arn: [topic.urn] };
            topic.inputs.kmsMasterKeyId = "arn:aws:kms:ap-southeast-1:111122223333:key/unknown";
            topic.propertyDependencies = { kmsMasterKeyId: [key.urn] };
            policy.inputs.arn = deployed;
            policy.propertyDependencies = { arn: [topic.urn] };
            subscription.inputs.topic = deployed;
            subscription.propertyDependencies = { topic: [topic.urn] };
            const routing = route(document, "restore-job-failed", { ...CONTEXT, identify: (r) => (r.type === "aws:kms/key:Key" ? { id: KEY_ID } : {}) });
            assert.strictEqual(routing.status, "delivered", routing.reason);
        });

        it("a target topic in another Region than the rule is named", () => {
            const document = chain();
            document.resources[2].inputs.arn = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;
            assert.ok(route(document, "restore-job-failed").reason?.includes("not in the rule's Region ap-southeast-1"));
        });

        it("a target that is not an SNS topic is named", () => {
            const document = chain();
            document.resources[2].inputs.arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:f`;
            assert.ok(route(document, "restore-job-failed").reason?.includes("not an SNS topic"));
        });
    });

    describe("alarm chains", () => {
        const instance = resource("aws:ec2/instance:Instance", {}, "app");
        const alarmPolicy = topicPolicy({
            Sid: "CloudWatchPublishes", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC_ARN,
            Condition: { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:*` }, StringEquals: { "aws:SourceAccount": ACCOUNT } },
        });
        const alarmKey = resource("aws:kms/key:Key", { policy: keyPolicy({
            Sid: "CloudWatchEncrypts", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:*` } },
        }) }, "alerts-key");
        const cpuAlarm = (inputs: Record<string, unknown> = {}) => resource("aws:cloudwatch/metricAlarm:MetricAlarm", {
            name: "app-cpu", namespace: "AWS/EC2", metricName: "CPUUtilization", dimensions: { InstanceId: INSTANCE_ID },
            comparisonOperator: "GreaterThanThreshold", threshold: 80, evaluationPeriods: 5, period: 60, alarmActions: [TOPIC_ARN], ...inputs,
        });
        const alarmDoc = (...extra: RoutingResource[]) => chain({ topicPolicy: alarmPolicy, key: alarmKey, extra: [instance, ...extra] });

        it("CPU alarm -> topic -> email is delivered, and CloudWatch may keep its confused-deputy conditions on the key", () => {
            const routing = route(alarmDoc(cpuAlarm()), "instance-cpu");
            assert.strictEqual(routing.status, "delivered", routing.reason);
        });
        it("an alarm that only recovers the instance notifies nobody", () => {
            const routing = route(alarmDoc(cpuAlarm({ alarmActions: [`arn:aws:automate:${REGION}:ec2:recover`] })), "instance-cpu");
            assert.ok(routing.reason?.includes("notifies no SNS topic"), routing.reason);
        });
        it("an alarm on another instance does not count", () => {
            const routing = route(alarmDoc(cpuAlarm({ dimensions: { InstanceId: "i-0fffffffffffffff0" } })), "instance-cpu");
            assert.ok(routing.reason?.includes("no alarm on CPUUtilization (AWS/EC2) for instance app"), routing.reason);
        });
        it("an alarm whose actions are disabled does not count", () => {
            assert.ok(route(alarmDoc(cpuAlarm({ actionsEnabled: false })), "instance-cpu").reason?.includes("actions disabled"));
        });
        it("classes without a subject do not apply, and say why", () => {
            const routing = route(chain(), "instance-status-check");
            assert.deepStrictEqual([routing.status, routing.reason], ["not-applicable", "no EC2 instance in this stack"]);
        });

        describe("RPO breach", () => {
            const plan = resource("aws:backup/plan:Plan", { name: "plan", rules: [{ ruleName: "daily", targetVaultName: "vault", schedule: "cron(0 2 * * ? *)" }] });
            const rpoAlarm = (inputs: Record<string, unknown>) => resource("aws:cloudwatch/metricAlarm:MetricAlarm", {
                name: "rpo", namespace: "AWS/Backup", metricName: "NumberOfRecoveryPointsCompleted", dimensions: { BackupVaultName: "vault" },
                comparisonOperator: "LessThanThreshold", threshold: 1, statistic: "Sum", period: 3600, evaluationPeriods: 48, treatMissingData: "breaching",
                alarmActions: [TOPIC_ARN], ...inputs,
            });
            it("an alarm that breaches on missing data within twice the daily interval is delivered", () => {
                assert.strictEqual(route(alarmDoc(plan, rpoAlarm({})), "rpo-breach").status, "delivered");
            });
            it("missing data treated as missing never alarms", () => {
                assert.ok(route(alarmDoc(plan, rpoAlarm({ treatMissingData: "missing" })), "rpo-breach").reason?.includes("never reaches ALARM"));
            });
            it("FILL() in metric math turns a missing datapoint into zero, so the alarm fires", () => {
                const math = rpoAlarm({ treatMissingData: "missing", namespace: undefined, metricName: undefined, dimensions: undefined, period: undefined, metricQueries: [
                    { id: "points", returnData: false, metric: { namespace: "AWS/Backup", metricName: "NumberOfRecoveryPointsCompleted", dimensions: { BackupVaultName: "vault" }, period: 3600, stat: "Sum" } },
                    { id: "filled", returnData: true, expression: "FILL(points, 0)" }] });
                assert.strictEqual(route(alarmDoc(plan, math), "rpo-breach").status, "delivered", route(alarmDoc(plan, math), "rpo-breach").reason);
            });
            it("a window longer than twice the interval is late", () => {
                assert.ok(route(alarmDoc(plan, rpoAlarm({ evaluationPeriods: 72 })), "rpo-breach").reason?.includes("looks back 72 h, more than twice the backup interval (48 h)"));
            });
            it("does not apply without a backup plan", () => {
                assert.strictEqual(route(alarmDoc(rpoAlarm({})), "rpo-breach").status, "not-applicable");
            });
        });
    });

    describe("AWS Backup vault notifications (backup job FAILED)", () => {
        const plan = resource("aws:backup/plan:Plan", { name: "plan", rules: [{ ruleName: "daily", targetVaultName: "vault", schedule: "cron(0 2 * * ? *)" }] });
        const notifications = (events: string[]) => resource("aws:backup/vaultNotifications:VaultNotifications", { backupVaultName: "vault", snsTopicArn: TOPIC_ARN, backupVaultEvents: events });
        const backupKey = resource("aws:kms/key:Key", { policy: keyPolicy({ Sid: "BackupEncrypts", Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*" }) }, "alerts-key");
        const backupPublishes = (condition?: object) => topicPolicy({ Sid: "BackupPublishes", Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC_ARN, Condition: condition });

        it("BACKUP_JOB_COMPLETED to a topic AWS Backup may publish to is delivered", () => {
            const routing = route(chain({ topicPolicy: backupPublishes(), key: backupKey, extra: [plan, notifications(["BACKUP_JOB_COMPLETED"])] }), "backup-job-failed");
            assert.strictEqual(routing.status, "delivered", routing.reason);
            assert.strictEqual(routing.subjects[0].attempts.find((a) => !a.broken)?.via, "vault-notifications");
        });
        it("a condition on aws:SourceAccount, which AWS Backup is not documented to send, refuses it", () => {
            const routing = route(chain({ topicPolicy: backupPublishes({ StringEquals: { "aws:SourceAccount": ACCOUNT } }), key: backupKey, extra: [plan, notifications(["BACKUP_JOB_COMPLETED"])] }), "backup-job-failed");
            assert.ok(routing.reason?.includes("StringEquals aws:SourceAccount, which AWS Backup does not send"), routing.reason);
        });
        it("notifications without BACKUP_JOB_COMPLETED say which events they send", () => {
            const routing = route(chain({ topicPolicy: backupPublishes(), key: backupKey, extra: [plan, notifications(["RESTORE_JOB_COMPLETED"])] }), "backup-job-failed");
            assert.ok(routing.subjects[0].attempts.some((a) => a.broken?.includes("leave out BACKUP_JOB_COMPLETED (RESTORE_JOB_COMPLETED)")));
        });
    });

    describe("destructive actions through CloudTrail", () => {
        const keyRule = resource("aws:cloudwatch/eventRule:EventRule", {
            name: "key-changes",
            eventPattern: JSON.stringify({ source: ["aws.kms"], "detail-type": ["AWS API Call via CloudTrail"],
                detail: { eventSource: ["kms.amazonaws.com"], eventName: ["ScheduleKeyDeletion", "DisableKey"], resources: { ARN: [KEY_ARN] } } }),
        }, "key-changes");
        const keyTarget = resource("aws:cloudwatch/eventTarget:EventTarget", { rule: "key-changes", arn: TOPIC_ARN });
        const keyPublish = topicPolicy({ ...EVENTS_PUBLISH, Condition: { ArnLike: { "aws:SourceArn": `arn:aws:events:${REGION}:${ACCOUNT}:rule/*` } } });
        const trail = resource("aws:cloudtrail/trail:Trail", { name: "trail", isMultiRegionTrail: true, s3BucketName: "logs" });

        it("need a trail: EventBridge sees no API call without one", () => {
            const routing = route(chain({ topicPolicy: keyPublish, extra: [keyRule, keyTarget] }), "kms-schedule-key-deletion");
            assert.ok(routing.reason?.includes("no CloudTrail trail logs write management events"), routing.reason);
        });
        it("reach a person with a trail, the sample bound to the stack's key", () => {
            const routing = route(chain({ topicPolicy: keyPublish, extra: [keyRule, keyTarget, trail] }), "kms-schedule-key-deletion");
            assert.strictEqual(routing.status, "delivered", routing.reason);
        });
        it("a trail that logs read-only events does not count", () => {
            const readOnly = resource("aws:cloudtrail/trail:Trail", { name: "trail", isMultiRegionTrail: true, eventSelectors: [{ readWriteType: "ReadOnly", includeManagementEvents: true }] });
            assert.strictEqual(route(chain({ topicPolicy: keyPublish, extra: [keyRule, keyTarget, readOnly] }), "kms-disable-key").status, "not-delivered");
        });
        it("an organization trail outside the stack can be declared", () => {
            const routing = route(chain({ topicPolicy: keyPublish, extra: [keyRule, keyTarget] }), "kms-disable-key", { ...CONTEXT, accountTrail: "organization trail o-example" });
            assert.strictEqual(routing.status, "delivered", routing.reason);
        });
        it("the vault-lock class applies only to a locked vault", () => {
            assert.strictEqual(route(chain(), "backup-delete-vault-lock").reason, "no vault of this stack has a vault lock to remove");
        });
    });

    describe("judgeResourcePolicy", () => {
        it("names the statement that allows", () => {
            const verdict = judgeResourcePolicy({ Statement: [EVENTS_PUBLISH] }, { principal: { Service: "events.amazonaws.com" }, action: "sns:Publish", resource: TOPIC_ARN,
                context: { "aws:SourceArn": RULE_ARN, "aws:SourceAccount": ACCOUNT } }, "EventBridge");
            assert.deepStrictEqual(verdict, { allowed: true, statement: "EventBridgePublishes" });
        });
        it("an explicit Deny wins over the Allow", () => {
            const deny = { Sid: "NoOne", Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: "*" };
            const verdict = judgeResourcePolicy({ Statement: [EVENTS_PUBLISH, deny] }, { principal: { Service: "events.amazonaws.com" }, action: "sns:Publish", resource: TOPIC_ARN,
                context: { "aws:SourceArn": RULE_ARN, "aws:SourceAccount": ACCOUNT } }, "EventBridge");
            assert.strictEqual(verdict.allowed, false);
            assert.ok(verdict.reason?.includes("NoOne denies sns:Publish"), verdict.reason);
        });
        it("an operator the evaluator does not model refuses (unknown means no)", () => {
            const odd = { ...EVENTS_PUBLISH, Condition: { DateGreaterThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } };
            assert.strictEqual(judgeResourcePolicy({ Statement: [odd] }, { principal: { Service: "events.amazonaws.com" }, action: "sns:Publish", resource: TOPIC_ARN, context: {} }, "EventBridge").allowed, false);
        });
    });

    it("every class names its sample events, and each has a fixture with its source", () => {
        for (const id of sampleIds()) {
            const fixture = JSON.parse(fs.readFileSync(path.join(EVENTS_DIR, `${id}.json`), "utf8"));
            assert.match(fixture.source, /^https:\/\/docs\.aws\.amazon\.com\//, id);
            assert.match(fixture.retrieved, /^\d{4}-\d{2}-\d{2}$/, id);
            assert.match(fixture.note, /^(verbatim|constructed)/, id);
            assert.ok(fixture.event["detail-type"] && fixture.event.source && fixture.event.detail, id);
        }
    });
});
