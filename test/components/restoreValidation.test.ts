import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { RestoreValidation, RestoreValidationArgs, restoreValidatorPolicy, VALIDATION_METRICS, validationAlarmSpecs } from "../../components/restore/restoreValidation";
import { METRICS } from "../../components/restore/restoreValidationHandler";
import { eventPatternMatches } from "../../model/eventPattern";
import { evaluatePolicies, IamPolicyDocument } from "../../model/iamPolicyEvaluation";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

const PLAN = "arn:aws:backup:ap-southeast-1:123456789012:restore-testing-plan:sigma_test_restore_test";
const TOPIC = "arn:aws:sns:ap-southeast-1:123456789012:sigma-alarms";
const KEY = "arn:aws:kms:ap-southeast-1:123456789012:key/11111111-2222-3333-4444-555555555555";
const RESTORED_GROUP = "sg-0aaaaaaaaaaaaaaa1";

const base: RestoreValidationArgs = {
    restoreTestingPlanArn: PLAN,
    vpcId: "vpc-0123456789abcdef0",
    subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
    restoredSecurityGroupId: RESTORED_GROUP,
    stackName: "test",
    alarmTopicArn: TOPIC,
    alarmTopicKeyArn: KEY,
};

/** AWSLambdaVPCAccessExecutionRole v3, copied 2026-11-22 from https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html */
const LAMBDA_VPC_ACCESS_ACTIONS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"];

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "model", "awsSampleEvents", name), "utf8")).event;

describe("RestoreValidation", () => {
    it("runs in the given subnets behind its own group, which reaches only the restored group on 8080 and HTTPS", async () => {
        const mocks = await useMocks();
        const validation = new RestoreValidation("sigma", base);
        const groupId = await resolve(validation.securityGroupId);
        const fn = await registeredOne(mocks, "aws:lambda/function:Function", "sigma-validator");
        assert.deepStrictEqual(fn.inputs.vpcConfig, { subnetIds: base.subnetIds, securityGroupIds: [groupId] });
        const rules = (await registered(mocks)).filter((r) => r.type.startsWith("aws:vpc/securityGroup"));
        assert.deepStrictEqual(rules.map((r) => [r.type.split(":").pop(), r.inputs.securityGroupId, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort,
            r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4]).sort(), [
            ["SecurityGroupEgressRule", groupId, "tcp", 443, 443, "0.0.0.0/0"],
            ["SecurityGroupEgressRule", groupId, "tcp", 8080, 8080, RESTORED_GROUP],
        ]);
        const group = await registeredOne(mocks, "aws:ec2/securityGroup:SecurityGroup", "sigma-validator");
        assert.strictEqual(group.inputs.ingress, undefined);
        assert.strictEqual(group.inputs.egress, undefined, "no inline rules: the provider removes AWS's default allow-all egress");
    });

    it("HTTPS goes only where httpsEgressCidrs says (the VPC CIDR when the VPC has interface endpoints)", async () => {
        const mocks = await useMocks();
        new RestoreValidation("sigma", { ...base, httpsEgressCidrs: ["10.40.0.0/16"] });
        const https = (await registered(mocks, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).filter((r) => r.inputs.fromPort === 443);
        assert.deepStrictEqual(https.map((r) => r.inputs.cidrIpv4), ["10.40.0.0/16"]);
    });

    it("is invoked by completed EC2 restore jobs of its plan only, and only by that rule", async () => {
        const mocks = await useMocks();
        const validation = new RestoreValidation("sigma", base);
        await resolve(validation.functionName);
        const rule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "sigma-restore-test-completed");
        const completed = fixture("restore-testing-ec2-completed.json");
        const ofThisPlan = { ...completed, detail: { ...completed.detail, restoreTestingPlanArn: PLAN } };
        assert.ok(eventPatternMatches(rule.inputs.eventPattern, ofThisPlan));
        assert.ok(!eventPatternMatches(rule.inputs.eventPattern, completed), "another plan's job");
        assert.ok(!eventPatternMatches(rule.inputs.eventPattern, fixture("aws-sample-restore-job-completed.json")));
        assert.ok(!eventPatternMatches(rule.inputs.eventPattern, { ...ofThisPlan, detail: { ...ofThisPlan.detail, status: "FAILED" } }));
        const target = await registeredOne(mocks, "aws:cloudwatch/eventTarget:EventTarget", "sigma-restore-test-to-validator");
        const fn = await registeredOne(mocks, "aws:lambda/function:Function", "sigma-validator");
        assert.deepStrictEqual([target.inputs.rule, target.inputs.arn], [rule.state.name, fn.state.arn]);
        const permission = await registeredOne(mocks, "aws:lambda/permission:Permission", "sigma-validator-from-events");
        assert.deepStrictEqual([permission.inputs.principal, permission.inputs.sourceArn, permission.inputs.action], ["events.amazonaws.com", rule.state.arn, "lambda:InvokeFunction"]);
        const onFailure = await registeredOne(mocks, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "sigma-validator-on-failure");
        assert.deepStrictEqual([onFailure.inputs.destinationConfig.onFailure.destination, onFailure.inputs.maximumRetryAttempts], [TOPIC, 1]);
    });

    it("gives the handler its plan, namespace, stack, paths and a timeout that covers the wait", async () => {
        const mocks = await useMocks();
        new RestoreValidation("sigma", { ...base, waitMinutes: 12, functionName: "SigmaRestoreValidator-test" });
        const fn = await registeredOne(mocks, "aws:lambda/function:Function", "sigma-validator");
        assert.deepStrictEqual(fn.inputs.environment.variables, {
            RESTORE_TESTING_PLAN_ARN: PLAN, METRIC_NAMESPACE: "Sigma/RestoreTesting", STACK_NAME: "test", SIGMA_PORT: "8080",
            SIGMA_PATHS: "/sigma,/expertctstudio", MAX_WAIT_SECONDS: "720",
        });
        assert.strictEqual(fn.inputs.timeout, 12 * 60 + 120);
        assert.ok(fn.inputs.timeout <= 900);
        assert.deepStrictEqual([fn.inputs.name, fn.inputs.runtime, fn.inputs.loggingConfig.logGroup], ["SigmaRestoreValidator-test", "nodejs22.x", "/aws/lambda/SigmaRestoreValidator-test"]);
        const logs = await registeredOne(mocks, "aws:cloudwatch/logGroup:LogGroup", "sigma-validator-logs");
        assert.deepStrictEqual([logs.inputs.name, logs.inputs.retentionInDays], ["/aws/lambda/SigmaRestoreValidator-test", 90]);
    });

    it("alarms on a failed validation, a restore or recovery slower than the RTO, and validator errors, to the alarm topic", async () => {
        const mocks = await useMocks();
        new RestoreValidation("sigma", { ...base, rtoMinutes: 45 });
        const alarms = await registered(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm");
        assert.deepStrictEqual(alarms.map((a) => [a.name, a.inputs.namespace, a.inputs.metricName, a.inputs.statistic, a.inputs.threshold]).sort(), [
            ["sigma-restore-test-failed", "Sigma/RestoreTesting", "ValidationFailed", "Maximum", 0],
            ["sigma-restore-test-recovery-over-rto", "Sigma/RestoreTesting", "RecoveryTime", "Maximum", 45 * 60],
            ["sigma-restore-test-restore-over-rto", "Sigma/RestoreTesting", "RestoreJobDuration", "Maximum", 45 * 60],
            ["sigma-validator-errors", "AWS/Lambda", "Errors", "Sum", 0],
        ]);
        const fn = await registeredOne(mocks, "aws:lambda/function:Function", "sigma-validator");
        for (const alarm of alarms) {
            assert.deepStrictEqual(alarm.inputs.alarmActions, [TOPIC]);
            assert.strictEqual(alarm.inputs.comparisonOperator, "GreaterThanThreshold");
            assert.strictEqual(alarm.inputs.treatMissingData, "notBreaching", "no data between weekly tests is not a failure");
            assert.deepStrictEqual(alarm.inputs.dimensions, alarm.inputs.namespace === "AWS/Lambda" ? { FunctionName: fn.state.name } : { Stack: "test" });
        }
    });

    it("holds restores to the project's stated RTO, 30 minutes, by default", async () => {
        const mocks = await useMocks();
        const validation = new RestoreValidation("sigma", base);
        assert.strictEqual(validation.rtoMinutes, 30);
        const overRto = await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "sigma-restore-test-recovery-over-rto");
        assert.strictEqual(overRto.inputs.threshold, 1800);
    });

    it("alarms on the metrics the handler publishes", () => {
        assert.deepStrictEqual(VALIDATION_METRICS, {
            restoreJobDuration: METRICS.restoreJobDuration.name, recoveryTime: METRICS.recoveryTime.name,
            validationFailed: METRICS.validationFailed.name, dimension: METRICS.dimension,
        });
        const specs = validationAlarmSpecs(30, "Sigma/RestoreTesting");
        // The handler publishes durations in seconds; the RTO is in minutes.
        assert.strictEqual(METRICS.restoreJobDuration.unit, "Seconds");
        assert.deepStrictEqual(specs.filter((s) => s.namespace === "Sigma/RestoreTesting" && s.metricName !== "ValidationFailed").map((s) => s.threshold), [1800, 1800]);
    });

    describe("its role, evaluated as IAM would (model/iamPolicyEvaluation)", () => {
        const scope = { partition: "aws", account: "123456789012", region: "ap-southeast-1" };
        const logGroupArn = "arn:aws:logs:ap-southeast-1:123456789012:log-group:/aws/lambda/SigmaRestoreValidator-test";
        const policy = restoreValidatorPolicy(scope, { logGroupArn, topicArn: TOPIC, topicKeyArn: KEY, metricNamespace: "Sigma/RestoreTesting" }) as IamPolicyDocument;
        const inRegion = { "aws:RequestedRegion": "ap-southeast-1" };
        const eni = "arn:aws:ec2:ap-southeast-1:123456789012:network-interface/eni-0123456789abcdef0";
        const allowed: Array<[string, string, Record<string, string>?]> = [
            ["backup:DescribeRestoreJob", "*", inRegion],
            ["backup:PutRestoreValidationResult", "*", inRegion],
            ["ec2:DescribeInstances", "*"],
            ["cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "Sigma/RestoreTesting" }],
            ["ec2:CreateNetworkInterface", eni],
            ["ec2:CreateNetworkInterface", "arn:aws:ec2:ap-southeast-1:123456789012:subnet/subnet-0123456789abcdef0"],
            ["ec2:CreateNetworkInterface", "arn:aws:ec2:ap-southeast-1:123456789012:security-group/sg-0123456789abcdef0"],
            ["ec2:DeleteNetworkInterface", eni],
            ["ec2:DescribeNetworkInterfaces", "*"],
            ["logs:PutLogEvents", `${logGroupArn}:log-stream:2026/11/22/[$LATEST]abc`],
            ["sns:Publish", TOPIC],
            ["kms:GenerateDataKey", KEY, { "kms:ViaService": "sns.ap-southeast-1.amazonaws.com" }],
        ];
        for (const [action, resource, context] of allowed) {
            it(`allows ${action} on ${resource}${context ? ` with ${JSON.stringify(context)}` : ""}`, () => {
                assert.strictEqual(evaluatePolicies([policy], { action, resource, context }), "allow");
            });
        }
        const denied: Array<[string, string, Record<string, string>?]> = [
            ["backup:PutRestoreValidationResult", "*", { "aws:RequestedRegion": "ap-southeast-2" }],
            ["cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "AWS/EC2" }],
            ["cloudwatch:PutMetricData", "*"],
            ["backup:StartRestoreJob", "*", inRegion],
            ["backup:DeleteRecoveryPoint", "*", inRegion],
            ["ec2:TerminateInstances", "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0bbbbbbbbbbbbbbb2"],
            ["ec2:CreateNetworkInterface", "arn:aws:ec2:ap-southeast-2:123456789012:network-interface/eni-0123456789abcdef0"],
            ["ec2:DeleteNetworkInterface", "arn:aws:ec2:ap-southeast-1:210987654321:network-interface/eni-0123456789abcdef0"],
            // Scoped to the resource types each action authorizes, not every EC2 resource of the account.
            ["ec2:CreateNetworkInterface", "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0123456789abcdef0"],
            ["ec2:DeleteNetworkInterface", "arn:aws:ec2:ap-southeast-1:123456789012:subnet/subnet-0123456789abcdef0"],
            ["ec2:AssignPrivateIpAddresses", "arn:aws:ec2:ap-southeast-1:123456789012:volume/vol-0123456789abcdef0"],
            ["logs:PutLogEvents", "arn:aws:logs:ap-southeast-1:123456789012:log-group:/aws/lambda/other:log-stream:x"],
            ["sns:Publish", "arn:aws:sns:ap-southeast-1:123456789012:other"],
            ["kms:Decrypt", KEY],
            ["iam:PassRole", "*"],
        ];
        for (const [action, resource, context] of denied) {
            it(`denies ${action} on ${resource}${context ? ` with ${JSON.stringify(context)}` : ""}`, () => {
                assert.strictEqual(evaluatePolicies([policy], { action, resource, context }), "implicit-deny");
            });
        }

        it("holds every network-interface permission of AWSLambdaVPCAccessExecutionRole", () => {
            for (const action of LAMBDA_VPC_ACCESS_ACTIONS.filter((a) => a.startsWith("ec2:"))) {
                const resource = action.startsWith("ec2:Describe") ? "*" : eni;
                assert.strictEqual(evaluatePolicies([policy], { action, resource }), "allow", action);
            }
            assert.strictEqual(evaluatePolicies([policy], { action: "logs:CreateLogGroup", resource: logGroupArn }), "implicit-deny",
                "the component creates the log group; the function only writes to it");
        });
    });

    describe("refuses bad args before registering anything", () => {
        const rows: Array<[string, Partial<RestoreValidationArgs>, RegExp]> = [
            ["no subnets", { subnetIds: [] }, /subnetIds \[\] must list at least one subnet/],
            ["a subnet that is a VPC", { subnetIds: ["vpc-0123456789abcdef0"] }, /subnetIds\[0\] "vpc-0123456789abcdef0" is not a subnet id/],
            ["a restored group that is a subnet", { restoredSecurityGroupId: "subnet-0123456789abcdef0" }, /restoredSecurityGroupId "subnet-0123456789abcdef0" is not a sg id/],
            ["an RTO of zero", { rtoMinutes: 0 }, /rtoMinutes 0 must be a whole number of minutes/],
            ["a wait Lambda cannot hold", { waitMinutes: 14 }, /waitMinutes 14 must be a whole number from 1 to 13/],
            ["no HTTPS destination", { httpsEgressCidrs: [] }, /httpsEgressCidrs \[\] leaves the function no way to the AWS Backup, EC2 and CloudWatch APIs/],
            ["a malformed HTTPS destination", { httpsEgressCidrs: ["10.0.0.0/33"] }, /httpsEgressCidrs\[0\] "10\.0\.0\.0\/33"/],
            ["a stack name with a space", { stackName: "my stack" }, /stackName "my stack" must be 1-255 printable ASCII/],
            ["no alarm topic (alarms nobody hears)", { alarmTopicArn: "" }, /alarmTopicArn is required; pass the stack's notification topic from SigmaMonitoring/],
            ["no key for the alarm topic", { alarmTopicKeyArn: undefined }, /alarmTopicKeyArn is required/],
            ["a log retention CloudWatch does not offer", { logRetentionDays: 10 }, /logRetentionDays 10 is not a CloudWatch Logs retention/],
        ];
        for (const [label, args, message] of rows) {
            it(label, async () => {
                const mocks = await useMocks();
                assert.throws(() => new RestoreValidation("bad", { ...base, ...args }), message);
                assert.strictEqual((await registered(mocks)).length, 0);
            });
        }
    });
});
