import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { restoreHandlerCode, SigmaRestore, SigmaRestoreArgs, SigmaRestoreTesting } from "../../components";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

const base: SigmaRestoreArgs = {
    vaultName: "SigmaBackupVault-test",
    vaultArn: "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:SigmaBackupVault-test",
    notificationTopicArn: "arn:aws:sns:ap-southeast-1:123456789012:sigma-notifications",
    notificationKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/11111111-2222-3333-4444-555555555555",
};

const json = (text: string) => JSON.parse(text);

describe("SigmaRestore", () => {
    it("trusts only AWS Backup with IAMRoleForRestore and grants exactly what launching a new instance needs", async () => {
        const mocks = await useMocks();
        const restore = new SigmaRestore("r", { ...base, kmsKeyArns: [base.notificationKeyArn] });
        await resolve(restore.restoreRoleArn);
        const trust = json((await registeredOne(mocks, "aws:iam/role:Role", "r-restore-role")).inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement.map((s: any) => s.Principal), [{ Service: "backup.amazonaws.com" }]);
        const policy = json((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "r-restore-role-policy")).inputs.policy);
        const actions: string[] = policy.Statement.flatMap((s: any) => s.Action);
        assert.ok(actions.includes("ec2:RunInstances"));
        for (const forbidden of ["ec2:StopInstances", "ec2:TerminateInstances", "ec2:ModifyInstanceAttribute", "ec2:StartInstances", "ec2:DeleteVolume"]) {
            assert.ok(!actions.includes(forbidden), `${forbidden} would let the restore touch the original instance`);
        }
        const tagging = policy.Statement.find((s: any) => s.Sid === "TagOnlyWhatTheRestoreLaunches");
        assert.deepStrictEqual(tagging.Condition, { StringEquals: { "ec2:CreateAction": "RunInstances" } });
        const restoredRole = await registeredOne(mocks, "aws:iam/role:Role", "r-restored-instance-role");
        const passRole = policy.Statement.find((s: any) => s.Action.includes("iam:PassRole"));
        assert.deepStrictEqual(passRole.Resource, [restoredRole.state.arn]);
        assert.deepStrictEqual(passRole.Condition, { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } });
        const kms = policy.Statement.find((s: any) => s.Sid === "DecryptRecoveryPointVolumesThroughEc2");
        assert.deepStrictEqual(kms.Resource, [base.notificationKeyArn]);
        const star = policy.Statement.filter((s: any) => s.Resource === "*").flatMap((s: any) => s.Action);
        assert.ok(star.every((a: string) => a.startsWith("ec2:Describe")), star.join());
    });

    it("lets the function read only its vault and pass the restore role only to AWS Backup", async () => {
        const mocks = await useMocks();
        const restore = new SigmaRestore("r", base);
        await resolve(restore.functionArn);
        const trust = json((await registeredOne(mocks, "aws:iam/role:Role", "r-restore-function-role")).inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement.map((s: any) => s.Principal), [{ Service: "lambda.amazonaws.com" }]);
        const policy = json((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "r-restore-function-policy")).inputs.policy);
        const list = policy.Statement.find((s: any) => s.Action.includes("backup:ListRecoveryPointsByBackupVault"));
        assert.deepStrictEqual(list.Resource, [base.vaultArn]);
        const restoreRole = await registeredOne(mocks, "aws:iam/role:Role", "r-restore-role");
        const passRole = policy.Statement.find((s: any) => s.Action.includes("iam:PassRole"));
        assert.deepStrictEqual([passRole.Resource, passRole.Condition], [[restoreRole.state.arn], { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } }]);
        assert.ok(policy.Statement.every((s: any) => s.Resource !== "*"), "no wildcard resource");
    });

    it("deploys the handler on Node.js with an explicit log group, a failure destination and restore job notifications", async () => {
        const mocks = await useMocks();
        const restore = new SigmaRestore("r", { ...base, functionName: "EC2RestoreLambdaFunction-test", logRetentionDays: 30 });
        await resolve(restore.functionArn);
        const fn = await registeredOne(mocks, "aws:lambda/function:Function", "r-restore-function");
        assert.match(fn.inputs.runtime, /^nodejs2[02]\.x$/);
        assert.strictEqual(fn.inputs.handler, "index.handler");
        assert.strictEqual(fn.inputs.name, "EC2RestoreLambdaFunction-test");
        const logs = await registeredOne(mocks, "aws:cloudwatch/logGroup:LogGroup", "r-restore-logs");
        assert.deepStrictEqual([logs.inputs.name, logs.inputs.retentionInDays], ["/aws/lambda/EC2RestoreLambdaFunction-test", 30]);
        assert.strictEqual(fn.inputs.loggingConfig.logGroup, logs.inputs.name);
        const env = fn.inputs.environment.variables;
        const restoreRole = await registeredOne(mocks, "aws:iam/role:Role", "r-restore-role");
        const profile = await registeredOne(mocks, "aws:iam/instanceProfile:InstanceProfile", "r-restored-instance-profile");
        assert.deepStrictEqual(env, { RESTORE_ROLE_ARN: restoreRole.state.arn, DEFAULT_VAULT_NAME: base.vaultName, RESTORED_INSTANCE_PROFILE: profile.state.name });
        const onFailure = await registeredOne(mocks, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "r-restore-function-on-failure");
        assert.strictEqual(onFailure.inputs.destinationConfig.onFailure.destination, base.notificationTopicArn);
        const rule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "r-restore-jobs");
        assert.deepStrictEqual(json(rule.inputs.eventPattern), { source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["COMPLETED", "FAILED", "ABORTED"] } });
        const target = await registeredOne(mocks, "aws:cloudwatch/eventTarget:EventTarget", "r-restore-jobs-to-topic");
        assert.strictEqual(target.inputs.arn, base.notificationTopicArn);
        assert.strictEqual((await registered(mocks, "aws:lambda/invocation:Invocation")).length, 0);
        assert.strictEqual(await resolve(restore.restoreJobId), undefined);
    });

    it("invokes the function during pulumi up when a restore is declared, and returns the restore job id", async () => {
        const mocks = await useMocks();
        const restore = new SigmaRestore("r", { ...base, restoreInstanceId: "i-0123456789abcdef0", restoreInstanceType: "r5.large" });
        const jobId = await resolve(restore.restoreJobId);
        const invocation = await registeredOne(mocks, "aws:lambda/invocation:Invocation", "r-restore-i-0123456789abcdef0");
        assert.deepStrictEqual(json(invocation.inputs.input), { instanceId: "i-0123456789abcdef0", vaultName: base.vaultName, restoreInstanceType: "r5.large" });
        assert.strictEqual(jobId, json(invocation.state.result).restoreJobId);
        assert.match(String(jobId), /^[0-9A-F-]{36}$/);
    });

    it("ships a handler module exporting handler, preferring a compiled handler.js", () => {
        const code = restoreHandlerCode();
        // Load it as the Lambda runtime would: a CommonJS module whose only import is the SDK the runtime ships.
        const imports: string[] = [];
        const lambdaModule = { exports: {} as Record<string, unknown> };
        new Function("module", "exports", "require", code)(lambdaModule, lambdaModule.exports, (id: string) => {
            imports.push(id);
            return require(id);
        });
        assert.strictEqual(typeof lambdaModule.exports.handler, "function");
        assert.deepStrictEqual([...new Set(imports)], ["@aws-sdk/client-backup"]);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-handler-"));
        fs.writeFileSync(path.join(dir, "handler.js"), "exports.handler = async () => ({ built: true });\n");
        assert.strictEqual(restoreHandlerCode(dir), "exports.handler = async () => ({ built: true });\n");
        assert.throws(() => restoreHandlerCode(path.join(dir, "missing")), /restore handler is missing/);
    });

    const badArgs: Array<[string, Partial<SigmaRestoreArgs>, RegExp]> = [
        ["missing vault", { vaultName: undefined }, /vaultName is required/],
        ["bad function name", { functionName: "restore fn" }, /functionName "restore fn" must be 1-64/],
        ["odd log retention", { logRetentionDays: 10 }, /logRetentionDays 10 is not a CloudWatch Logs retention/],
        ["bad key", { kmsKeyArns: ["alias/aws/ebs"] }, /kmsKeyArns\[0\] "alias\/aws\/ebs" is not a KMS key ARN/],
        ["bad default subnet", { defaultSubnetId: "sub-1" }, /defaultSubnetId "sub-1" is not a subnet id/],
        ["bad restore instance", { restoreInstanceId: "web-1" }, /restoreInstanceId "web-1" is not an instance id/],
        ["restore type without instance", { restoreInstanceType: "t3.large" }, /without restoreInstanceId/],
        ["unsupported restore type", { restoreInstanceId: "i-0123456789abcdef0", restoreInstanceType: "t2.nano" }, /restoreInstanceType "t2.nano" is not supported/],
    ];
    for (const [label, args, message] of badArgs) {
        it(`refuses ${label} before registering anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaRestore("bad", { ...base, ...args } as SigmaRestoreArgs), message);
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }
});

describe("SigmaRestoreTesting", () => {
    it("tests the newest point of the last week of every tagged instance, weekly, with IMDSv2, and cleans up", async () => {
        const mocks = await useMocks();
        const testing = new SigmaRestoreTesting("sigma", { vaultArn: base.vaultArn, restoreRoleArn: "arn:aws:iam::123456789012:role/restore" });
        assert.strictEqual(await resolve(testing.planName), "sigma_restore_test");
        const plan = await registeredOne(mocks, "aws:backup/restoreTestingPlan:RestoreTestingPlan", "sigma-restore-testing");
        assert.strictEqual(plan.inputs.scheduleExpression, "cron(0 3 ? * SUN *)");
        assert.deepStrictEqual(plan.inputs.recoveryPointSelection, {
            algorithm: "LATEST_WITHIN_WINDOW", includeVaults: [base.vaultArn], recoveryPointTypes: ["SNAPSHOT"], selectionWindowDays: 7,
        });
        const selection = await registeredOne(mocks, "aws:backup/restoreTestingSelection:RestoreTestingSelection", "sigma-restore-testing-selection");
        assert.deepStrictEqual(selection.inputs.protectedResourceConditions, { stringEquals: [{ key: "aws:ResourceTag/sigma:backup", value: "true" }] });
        assert.deepStrictEqual([selection.inputs.protectedResourceType, selection.inputs.validationWindowHours, selection.inputs.restoreMetadataOverrides],
            ["EC2", 2, { requireImdsV2: "true" }]);
    });

    it("refuses a bad schedule and a hyphenated plan name", async () => {
        const mocks = await useMocks();
        assert.throws(() => new SigmaRestoreTesting("t", { vaultArn: base.vaultArn, restoreRoleArn: "r", schedule: "weekly", planName: "sigma-test" }),
            (err: Error) => /schedule "weekly"/.test(err.message) && /planName "sigma-test"/.test(err.message));
        assert.strictEqual((await registered(mocks)).length, 0);
    });
});
