import * as assert from "assert";
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { restoreHandlerCode, SigmaRestore, SigmaRestoreArgs } from "../../components";
import * as handlerSource from "../../components/restore/handler";
import { bundleRestoreHandler, writeRestoreHandlerBundle } from "../../components/restore/lambdaCode";
import { restoreRolePolicy } from "../../components/restore/policies";
import { BackupClient, BackupServiceException, DescribeRestoreJobCommand } from "@aws-sdk/client-backup";
import * as aws from "@pulumi/aws";
import { mockClient } from "aws-sdk-client-mock";
import { BackupEc2RestoreModel, NEW_INSTANCE_PROFILE_MESSAGE } from "../../model/ec2Restore";
import { eventPatternMatches } from "../../model/eventPattern";
import { fixture, INSTANCE_ID, metadataWith, PRIMARY_POINT_ARN, PRIMARY_REGION, PRIMARY_VAULT, primaryWorld, RESTORE_ROLE_ARN, SIGMA_METADATA } from "../fixtures/restoreMetadata/sigmaWorld";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

const base: SigmaRestoreArgs = {
    vaultName: "SigmaBackupVault-test",
    vaultArn: "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:SigmaBackupVault-test",
    notificationTopicArn: "arn:aws:sns:ap-southeast-1:123456789012:sigma-notifications",
    notificationKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/11111111-2222-3333-4444-555555555555",
    allowedSubnetIds: ["subnet-0a0a0a0a0a0a0a0a0", "subnet-0b0b0b0b0b0b0b0b0"],
    vpcId: "vpc-0c0c0c0c0c0c0c0c0",
};

const json = (text: string) => JSON.parse(text);
const HANDLER_DIR = path.join(__dirname, "..", "..", "components", "restore");

describe("SigmaRestore", () => {
    it("trusts only AWS Backup with IAMRoleForRestore and grants exactly what launching a new instance with the backed-up profile needs", async () => {
        const mocks = await useMocks();
        const restore = new SigmaRestore("r", { ...base, kmsKeyArns: [base.notificationKeyArn] });
        await resolve(restore.restoreRoleArn);
        const trust = json((await registeredOne(mocks, "aws:iam/role:Role", "r-restore-role")).inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement.map((s: any) => s.Principal), [{ Service: "backup.amazonaws.com" }]);
        const policy = json((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "r-restore-role-policy")).inputs.policy);
        const actions: string[] = policy.Statement.flatMap((s: any) => s.Action);
        assert.ok(actions.includes("ec2:RunInstances"));
        for (const forbidden of ["ec2:StopInstances", "ec2:ModifyInstanceAttribute", "ec2:StartInstances", "ec2:DeleteVolume"]) {
            assert.ok(!actions.includes(forbidden), `${forbidden} would let the restore touch the original instance`);
        }
        // AWS Backup cleans up what a failed restore launched: only instances carrying its (AWS-reserved) restore tag.
        const terminating = policy.Statement.filter((s: any) => s.Action.includes("ec2:TerminateInstances"));
        assert.deepStrictEqual(terminating.map((s: any) => [s.Resource, s.Condition]),
            [[["arn:aws:ec2:ap-southeast-1:123456789012:instance/*"], { Null: { "aws:ResourceTag/aws:backup:source-resource": "false" } }]]);
        const tagging = policy.Statement.find((s: any) => s.Sid === "TagOnlyWhatTheRestoreLaunches");
        assert.deepStrictEqual(tagging.Condition, { StringEquals: { "ec2:CreateAction": "RunInstances" } });
        const marking = policy.Statement.find((s: any) => s.Sid === "MarkRestoredInstanceAsAwsBackups");
        assert.deepStrictEqual(marking.Condition, {
            "ForAllValues:StringEquals": { "aws:TagKeys": ["aws:backup:source-resource"] },
            StringNotEquals: { "ec2:ResourceTag/sigma:backup": "true" },
        });
        // The backed-up instance's role, wherever SigmaInstance put it under the instance role path, and only to EC2.
        const passRole = policy.Statement.find((s: any) => s.Action.includes("iam:PassRole"));
        assert.deepStrictEqual(passRole.Resource, ["arn:aws:iam::123456789012:role/sigma/*"]);
        assert.deepStrictEqual(passRole.Condition, { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } });
        const kms = policy.Statement.filter((s: any) => s.Action.some((a: string) => a.startsWith("kms:")));
        assert.ok(kms.every((s: any) => JSON.stringify(s.Resource) === JSON.stringify([base.notificationKeyArn])), "KMS only on the named keys");
        assert.ok(kms.every((s: any) => s.Condition?.StringEquals?.["kms:ViaService"] === "ec2.ap-southeast-1.amazonaws.com" || JSON.stringify(s.Action) === '["kms:DescribeKey"]'),
            "only DescribeKey outside EC2");
        const star = policy.Statement.filter((s: any) => s.Resource === "*").flatMap((s: any) => s.Action);
        assert.ok(star.every((a: string) => a.startsWith("ec2:Describe")), star.join());
    });

    it("confines RunInstances to the stack's subnets and groups (or VPC) and never launches without IMDSv2", async () => {
        const statements = async (args: SigmaRestoreArgs) => {
            const mocks = await useMocks();
            await resolve(new SigmaRestore("r", args).restoreRoleArn);
            return json((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "r-restore-role-policy")).inputs.policy).Statement as any[];
        };
        const arn = (type: string, id: string) => `arn:aws:ec2:ap-southeast-1:123456789012:${type}/${id}`;
        const byVpc = await statements(base);
        const sid = (list: any[], name: string) => list.find((s) => s.Sid === name);
        assert.deepStrictEqual(sid(byVpc, "LaunchOnlyIntoStackSubnets").Resource, [arn("subnet", "subnet-0a0a0a0a0a0a0a0a0"), arn("subnet", "subnet-0b0b0b0b0b0b0b0b0")]);
        assert.deepStrictEqual(sid(byVpc, "InterfacesOnlyInStackSubnets").Condition, { ArnEquals: { "ec2:Subnet": sid(byVpc, "LaunchOnlyIntoStackSubnets").Resource } });
        assert.deepStrictEqual([sid(byVpc, "LaunchOnlyWithStackSecurityGroups").Resource, sid(byVpc, "LaunchOnlyWithStackSecurityGroups").Condition],
            [[arn("security-group", "*")], { ArnEquals: { "ec2:Vpc": arn("vpc", "vpc-0c0c0c0c0c0c0c0c0") } }]);
        assert.deepStrictEqual(sid(byVpc, "RestoredInstancesRequireImdsV2"), {
            Sid: "RestoredInstancesRequireImdsV2", Effect: "Deny", Action: ["ec2:RunInstances"], Resource: [arn("instance", "*")],
            Condition: { StringNotEquals: { "ec2:MetadataHttpTokens": "required" } },
        });
        // No other statement names a subnet, interface or group.
        const network = byVpc.filter((s) => s.Action.includes("ec2:RunInstances") && JSON.stringify(s.Resource).match(/subnet|network-interface|security-group/));
        assert.deepStrictEqual(network.map((s) => s.Sid), ["LaunchOnlyIntoStackSubnets", "InterfacesOnlyInStackSubnets", "LaunchOnlyWithStackSecurityGroups"]);
        // DR: the default subnet and groups are the allowed ones.
        const dr = await statements({ ...base, allowedSubnetIds: undefined, vpcId: undefined, defaultSubnetId: "subnet-0d0d0d0d0d0d0d0d0", defaultSecurityGroupIds: ["sg-0d2b0d2b0d2b0d2b0", "sg-0d2c0d2c0d2c0d2c0"] });
        assert.deepStrictEqual(sid(dr, "LaunchOnlyIntoStackSubnets").Resource, [arn("subnet", "subnet-0d0d0d0d0d0d0d0d0")]);
        assert.deepStrictEqual([sid(dr, "LaunchOnlyWithStackSecurityGroups").Resource, sid(dr, "LaunchOnlyWithStackSecurityGroups").Condition],
            [[arn("security-group", "sg-0d2b0d2b0d2b0d2b0"), arn("security-group", "sg-0d2c0d2c0d2c0d2c0")], undefined]);
    });

    it("lets only the named principals invoke the function through its resource policy", async () => {
        const mocks = await useMocks();
        const operator = "arn:aws:iam::123456789012:role/sigma-operator";
        const failover = "arn:aws:iam::123456789012:role/service/sigma-failover";
        const restore = new SigmaRestore("r", { ...base, restoreInvokerArns: [operator, failover] });
        await resolve(restore.functionArn);
        const fn = await registeredOne(mocks, "aws:lambda/function:Function", "r-restore-function");
        const permissions = await registered(mocks, "aws:lambda/permission:Permission");
        assert.deepStrictEqual(permissions.map((p) => [p.name, p.inputs.action, p.inputs.principal, p.inputs.function]),
            [["r-restore-invoke-1", "lambda:InvokeFunction", operator, fn.inputs.name], ["r-restore-invoke-2", "lambda:InvokeFunction", failover, fn.inputs.name]]);
        const none = await useMocks();
        await resolve(new SigmaRestore("r", base).functionArn);
        assert.strictEqual((await registered(none, "aws:lambda/permission:Permission")).length, 0, "no invoker named: no resource-policy grant");
    });

    it("creates no instance role or profile of its own (AWS Backup permits only the backed-up one) and passes roles under instanceRolePath", async () => {
        const mocks = await useMocks();
        const restore = new SigmaRestore("r", { ...base, instanceRolePath: "/sigma/sigma-prod/" });
        await resolve(restore.functionArn);
        assert.deepStrictEqual((await registered(mocks, "aws:iam/role:Role")).map((r) => r.name).sort(), ["r-restore-function-role", "r-restore-role"]);
        assert.strictEqual((await registered(mocks, "aws:iam/instanceProfile:InstanceProfile")).length, 0);
        const policy = json((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "r-restore-role-policy")).inputs.policy);
        assert.deepStrictEqual(policy.Statement.find((s: any) => s.Action.includes("iam:PassRole")).Resource, ["arn:aws:iam::123456789012:role/sigma/sigma-prod/*"]);
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
        const restore = new SigmaRestore("r", { ...base, functionName: "EC2RestoreLambdaFunction-test", logRetentionDays: 30, defaultKeyName: "sigma-dr-ops" });
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
        assert.deepStrictEqual(env, {
            RESTORE_ROLE_ARN: restoreRole.state.arn, DEFAULT_VAULT_NAME: base.vaultName, DEFAULT_KEY_NAME: "sigma-dr-ops",
            ALLOWED_SUBNET_IDS: "subnet-0a0a0a0a0a0a0a0a0,subnet-0b0b0b0b0b0b0b0b0", ALLOWED_VPC_ID: "vpc-0c0c0c0c0c0c0c0c0",
        });
        const onFailure = await registeredOne(mocks, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "r-restore-function-on-failure");
        assert.strictEqual(onFailure.inputs.destinationConfig.onFailure.destination, base.notificationTopicArn);
        const rule = await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "r-restore-jobs");
        assert.deepStrictEqual(json(rule.inputs.eventPattern), { source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["COMPLETED", "FAILED", "ABORTED"] } });
        const target = await registeredOne(mocks, "aws:cloudwatch/eventTarget:EventTarget", "r-restore-jobs-to-topic");
        assert.strictEqual(target.inputs.arn, base.notificationTopicArn);
        assert.strictEqual((await registered(mocks, "aws:lambda/invocation:Invocation")).length, 0);
        assert.strictEqual((await registered(mocks, "pulumi-nodejs:dynamic:Resource")).length, 0);
        assert.strictEqual(await resolve(restore.restoreJobId), undefined);
        assert.strictEqual(await resolve(restore.restoredInstanceId), undefined);
    });

    it("notifies AWS's Restore Job State Change outcomes (detail.status), not the in-between states", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaRestore("r", base).functionArn);
        const pattern = json((await registeredOne(mocks, "aws:cloudwatch/eventRule:EventRule", "r-restore-jobs")).inputs.eventPattern);
        const sample = (state: string) => fixture(`../../../model/awsSampleEvents/aws-sample-restore-job-${state}.json`).event;
        // AWS's samples (eventbridge.html); ABORTED is constructed (AWS shows none).
        const matched = ["failed", "completed", "aborted", "running", "pending", "created"].filter((state) => eventPatternMatches(pattern, sample(state)));
        assert.deepStrictEqual(matched, ["failed", "completed", "aborted"]);
        // The same rule on detail.state, as backup jobs report it, would never fire for a restore job outcome.
        const onState = { ...pattern, detail: { state: pattern.detail.status } };
        assert.deepStrictEqual(["failed", "completed", "aborted"].filter((state) => eventPatternMatches(onState, sample(state))), []);
        // And the job the model fails for a new instance profile reaches the topic.
        const model = new BackupEc2RestoreModel(primaryWorld());
        const answer = model.startRestoreJob({ RecoveryPointArn: PRIMARY_POINT_ARN, IamRoleArn: RESTORE_ROLE_ARN, Metadata: metadataWith({ NetworkInterfaces: undefined, IamInstanceProfileName: "sigma-restored-profile" }) });
        assert.ok(answer.outcome === "accepted-then-failed");
        assert.ok(eventPatternMatches(pattern, model.restoreJobStateChangeEvent(answer.restoreJobId)));
        // So does a job the confined restore role refuses (a subnet outside the stack), started by anyone with the role.
        const confined = new BackupEc2RestoreModel(primaryWorld({ restoreRolePolicies: [
            JSON.parse(JSON.stringify(restoreRolePolicy({ partition: "aws", account: "123456789012", region: PRIMARY_REGION }, "/sigma/sigma/", [],
                { subnetIds: ["subnet-0f66ff66ff66ff66f"], securityGroupIds: [], vpcId: SIGMA_METADATA.VpcId }))),
        ] }));
        const outside = confined.startRestoreJob({ RecoveryPointArn: PRIMARY_POINT_ARN, IamRoleArn: RESTORE_ROLE_ARN, Metadata: metadataWith({ NetworkInterfaces: undefined, RequireIMDSv2: "true" }) });
        assert.ok(outside.outcome === "accepted-then-failed" && outside.job.failedRule === "run-instances-access", JSON.stringify(outside));
        const event = confined.restoreJobStateChangeEvent(outside.restoreJobId);
        assert.ok(eventPatternMatches(pattern, event));
        assert.match(String((event.detail as { statusMessage?: string }).statusMessage), /^You are not authorized to perform this operation/);
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

    it("waits for the declared restore's job after the invocation, in the stack's region, 30 s polls for up to 60 minutes", async () => {
        const mocks = await useMocks();
        const restore = new SigmaRestore("r", { ...base, restoreInstanceId: "i-0123456789abcdef0" });
        const jobId = await resolve(restore.restoreJobId);
        await resolve(restore.restoredInstanceId);
        const invocation = await registeredOne(mocks, "aws:lambda/invocation:Invocation", "r-restore-i-0123456789abcdef0");
        const waiter = await registeredOne(mocks, "pulumi-nodejs:dynamic:Resource", "r-restore-i-0123456789abcdef0-outcome");
        const { __provider: provider, ...inputs } = waiter.inputs;
        assert.deepStrictEqual(inputs, { restoreJobId: jobId, region: "ap-southeast-1", pollSeconds: 30, timeoutMinutes: 60 });
        assert.strictEqual(typeof provider, "string");
        assert.ok(waiter.dependencies?.includes(invocation.urn), "created after the invocation");
        assert.strictEqual(waiter.parent, (await registeredOne(mocks, "sigma:restore:SigmaRestore", "r")).urn);
    });

    it("waits in the region of the component's provider (the DR region), with the configured poll and timeout", async () => {
        const mocks = await useMocks();
        const dr = new aws.Provider("dr", { region: "ap-southeast-2" });
        const restore = new SigmaRestore("r", { ...base, restoreInstanceId: "i-0123456789abcdef0", restorePollSeconds: 15, restoreTimeoutMinutes: 90 }, { providers: [dr] });
        await resolve(restore.restoreJobId);
        const waiter = await registeredOne(mocks, "pulumi-nodejs:dynamic:Resource", "r-restore-i-0123456789abcdef0-outcome");
        assert.deepStrictEqual([waiter.inputs.region, waiter.inputs.pollSeconds, waiter.inputs.timeoutMinutes], ["ap-southeast-2", 15, 90]);
    });

    it("serialises a small, self-contained waiter that, loaded as the engine loads it, reports the job's outcome from the model", async () => {
        const mocks = await useMocks();
        await resolve(new SigmaRestore("r", { ...base, restoreInstanceId: "i-0123456789abcdef0" }).restoreJobId);
        const text: string = (await registeredOne(mocks, "pulumi-nodejs:dynamic:Resource", "r-restore-i-0123456789abcdef0-outcome")).inputs.__provider;
        assert.ok(text.length < 20000, `serialised provider is ${text.length} characters`);
        assert.doesNotMatch(text, /@pulumi\/|restoreHandlerCode/, "captures neither Pulumi nor the handler bundle");
        // What @pulumi/pulumi's dynamic provider host does: require the text as a module and call its handler.
        const loaded = { exports: {} as Record<string, any> };
        new Function("module", "exports", "require", text)(loaded, loaded.exports, require);
        const provider = loaded.exports.handler();
        const model = new BackupEc2RestoreModel(primaryWorld());
        const backup = mockClient(BackupClient);
        try {
            backup.on(DescribeRestoreJobCommand).callsFake((input) => {
                const answer = model.describeRestoreJob(input.RestoreJobId);
                if (!answer.ok) {
                    throw new BackupServiceException({ name: answer.error.name, message: answer.error.message, $fault: "client", $metadata: {} });
                }
                return answer.value;
            });
            const start = (changes: Record<string, string | undefined>) => {
                const answer = model.startRestoreJob({ RecoveryPointArn: PRIMARY_POINT_ARN, IamRoleArn: RESTORE_ROLE_ARN, Metadata: metadataWith({ NetworkInterfaces: undefined, ...changes }) });
                return (answer as { restoreJobId: string }).restoreJobId;
            };
            const done = await provider.create({ restoreJobId: start({}), region: PRIMARY_REGION, pollSeconds: 30, timeoutMinutes: 60 });
            assert.strictEqual(done.outs.restoredInstanceId, model.jobs[0].createdInstance!.instanceId);
            const failed = start({ IamInstanceProfileName: "sigma-restored-profile" });
            await assert.rejects(provider.create({ restoreJobId: failed, region: PRIMARY_REGION, pollSeconds: 30, timeoutMinutes: 60 }),
                { name: "RestoreJobFailedError", message: `restore job ${failed} in ${PRIMARY_REGION} FAILED: ${NEW_INSTANCE_PROFILE_MESSAGE}` });
        } finally {
            backup.restore();
        }
    });

    it("ships one self-contained handler module: the handler and its model/ files, the runtime's AWS SDK and Node built-ins left to run time", () => {
        const code = restoreHandlerCode();
        // Load it as the Lambda runtime would: a CommonJS module whose imports are the SDK the runtime ships and built-ins.
        const imports: string[] = [];
        const lambdaModule = { exports: {} as Record<string, any> };
        new Function("module", "exports", "require", code)(lambdaModule, lambdaModule.exports, (id: string) => {
            imports.push(id);
            return require(id);
        });
        assert.strictEqual(typeof lambdaModule.exports.handler, "function");
        assert.deepStrictEqual([...new Set(imports)].sort(), ["@aws-sdk/client-backup", "crypto"]);
        assert.doesNotMatch(code, /require\("\.{1,2}\//, "no relative require left");
        // The shipped bytes build the same requests as the source.
        const event = { instanceId: INSTANCE_ID, restoreInstanceType: "r5.large", subnetId: "subnet-0f66ff66ff66ff66f", requestId: "drill-1" };
        const regions = { source: PRIMARY_REGION, target: "ap-southeast-2" };
        const settings = { restoreRoleArn: RESTORE_ROLE_ARN, defaultSecurityGroupIds: ["sg-0d2b0d2b0d2b0d2b0"], defaultKeyName: "sigma-dr-ops",
            allowedSubnetIds: ["subnet-0f66ff66ff66ff66f"], allowedSecurityGroupIds: ["sg-0d2b0d2b0d2b0d2b0"] };
        const metadata = handlerSource.restoreMetadata(SIGMA_METADATA, event, settings, regions);
        assert.deepStrictEqual(lambdaModule.exports.restoreMetadata(SIGMA_METADATA, event, settings, regions), metadata);
        const tokenInput = { vaultName: PRIMARY_VAULT, recoveryPointArn: PRIMARY_POINT_ARN, iamRoleArn: RESTORE_ROLE_ARN, metadata, requestId: "drill-1" };
        assert.strictEqual(lambdaModule.exports.idempotencyToken(tokenInput), handlerSource.idempotencyToken(tokenInput));
    });

    it("bundles deterministically, whatever directory the program runs from", () => {
        const code = restoreHandlerCode();
        assert.strictEqual(bundleRestoreHandler(path.join(HANDLER_DIR, "handler.ts")), code);
        const root = path.resolve(HANDLER_DIR, "..", "..");
        const script = `require(${JSON.stringify(require.resolve("ts-node"))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(root, "tsconfig.json"))} });`
            + `process.stdout.write(require("crypto").createHash("sha256").update(require(${JSON.stringify(path.join(HANDLER_DIR, "lambdaCode.ts"))}).restoreHandlerCode()).digest("hex"));`;
        const elsewhere = execFileSync(process.execPath, ["-e", script], { cwd: os.tmpdir(), encoding: "utf8" });
        assert.strictEqual(elsewhere, crypto.createHash("sha256").update(code).digest("hex"));
    });

    it("prefers a built handler.bundle.js, which the build writes with the same bytes; a compiled handler.js alone is not enough", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-handler-"));
        fs.writeFileSync(path.join(dir, "handler.bundle.js"), "exports.handler = async () => ({ built: true });\n");
        assert.strictEqual(restoreHandlerCode(dir), "exports.handler = async () => ({ built: true });\n");
        const compiledOnly = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-handler-"));
        fs.writeFileSync(path.join(compiledOnly, "handler.js"), "require(\"../../model/ids\");\n");
        assert.throws(() => restoreHandlerCode(compiledOnly), /restore handler is missing.*handler\.bundle\.js/);
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-dist-"));
        const written = writeRestoreHandlerBundle(out, HANDLER_DIR);
        assert.strictEqual(fs.readFileSync(written, "utf8"), restoreHandlerCode());
        assert.strictEqual(restoreHandlerCode(out), restoreHandlerCode());
    });

    const badArgs: Array<[string, Partial<SigmaRestoreArgs>, RegExp]> = [
        ["missing vault", { vaultName: undefined }, /vaultName is required/],
        ["bad function name", { functionName: "restore fn" }, /functionName "restore fn" must be 1-64/],
        ["odd log retention", { logRetentionDays: 10 }, /logRetentionDays 10 is not a CloudWatch Logs retention/],
        ["bad key", { kmsKeyArns: ["alias/aws/ebs"] }, /kmsKeyArns\[0\] "alias\/aws\/ebs" is not a KMS key ARN/],
        ["topic key by alias", { notificationKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:alias/sigma" }, /notificationKeyArn "arn:aws:kms:ap-southeast-1:123456789012:alias\/sigma" is not a KMS key ARN/],
        ["bad default subnet", { defaultSubnetId: "sub-1" }, /defaultSubnetId "sub-1" is not a subnet id/],
        ["instance role path without slashes", { instanceRolePath: "sigma" }, /instanceRolePath "sigma" must be an IAM path/],
        ["instance role path of every role", { instanceRolePath: "/" }, /instanceRolePath "\/" must be an IAM path of the Sigma instance roles other than "\/"/],
        ["instance role path with a wildcard", { instanceRolePath: "/sigma*/" }, /instanceRolePath "\/sigma\*\/" .* without \* or \?/],
        ["bad default key name", { defaultKeyName: "" }, /defaultKeyName "" is not a key pair name/],
        ["bad restore instance", { restoreInstanceId: "web-1" }, /restoreInstanceId "web-1" is not an instance id/],
        ["restore type without instance", { restoreInstanceType: "t3.large" }, /without restoreInstanceId/],
        ["restore poll without instance", { restoreTimeoutMinutes: 30 }, /restoreTimeoutMinutes are set without restoreInstanceId/],
        ["restore poll of zero seconds", { restoreInstanceId: "i-0123456789abcdef0", restorePollSeconds: 0 }, /restorePollSeconds 0 must be 1-300 seconds/],
        ["restore timeout over a day", { restoreInstanceId: "i-0123456789abcdef0", restoreTimeoutMinutes: 2000 }, /restoreTimeoutMinutes 2000 must be 1-1440 minutes/],
        ["unsupported restore type", { restoreInstanceId: "i-0123456789abcdef0", restoreInstanceType: "t2.nano" }, /restoreInstanceType "t2.nano" is not supported/],
        ["no subnets to confine restores to", { allowedSubnetIds: undefined }, /allowedSubnetIds is required \(or defaultSubnetId\): restored instances may land only in the stack's own subnets/],
        ["an empty subnet list", { allowedSubnetIds: [] }, /allowedSubnetIds is required/],
        ["neither groups nor a VPC", { vpcId: undefined }, /allowedSecurityGroupIds \(or defaultSecurityGroupIds\) or vpcId is required/],
        ["a bad allowed subnet", { allowedSubnetIds: ["subnet-1"] }, /allowedSubnetIds\[0\] "subnet-1" is not a subnet id/],
        ["a bad allowed group", { allowedSecurityGroupIds: ["default"] }, /allowedSecurityGroupIds\[0\] "default" is not a sg id/],
        ["a bad VPC", { vpcId: "vpc" }, /vpcId "vpc" is not a vpc id/],
        ["a default subnet outside the allowed ones", { defaultSubnetId: "subnet-0d0d0d0d0d0d0d0d0" }, /defaultSubnetId "subnet-0d0d0d0d0d0d0d0d0" is not in allowedSubnetIds/],
        ["default groups outside the allowed ones", { allowedSecurityGroupIds: ["sg-0a0a0a0a0a0a0a0a0"], defaultSecurityGroupIds: ["sg-0b0b0b0b0b0b0b0b0"] }, /defaultSecurityGroupIds \["sg-0b0b0b0b0b0b0b0b0"\] are not in allowedSecurityGroupIds/],
        ["an invoker that is not an IAM principal ARN", { restoreInvokerArns: ["123456789012"] }, /restoreInvokerArns\[0\] "123456789012" is not an IAM role or user ARN; use e\.g\. arn:aws:iam::123456789012:role\/sigma-operator/],
        ["an invoker with a wildcard", { restoreInvokerArns: ["arn:aws:iam::123456789012:role/*"] }, /restoreInvokerArns\[0\] "arn:aws:iam::123456789012:role\/\*" is not an IAM role or user ARN/],
    ];
    for (const [label, args, message] of badArgs) {
        it(`refuses ${label} before registering anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaRestore("bad", { ...base, ...args } as SigmaRestoreArgs), message);
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }
});
