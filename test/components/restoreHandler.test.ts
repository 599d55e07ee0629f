import * as assert from "assert";
import {
    BackupClient, BackupServiceException, DescribeRecoveryPointCommand, GetRecoveryPointRestoreMetadataCommand, ListRecoveryPointsByBackupVaultCommand,
    StartRestoreJobCommand, StartRestoreJobCommandInput,
} from "@aws-sdk/client-backup";
import { mockClient } from "aws-sdk-client-mock";
import {
    idempotencyToken, NoRecoveryPointError, restore, RestoreDeps, RestoreInputError, restoreMetadata, restorePlacement, RestoreSettings, settingsFromEnv,
} from "../../components/restore/handler";
import { restoreFunctionPolicy, RestoreNetwork, restoreRolePolicy } from "../../components/restore/policies";
import { BackupEc2RestoreModel, Ec2RestoreRegion, ModelError, RestoreJob, StartRestoreJobAnswer } from "../../model/ec2Restore";
import { IamPolicyDocument } from "../../model/iamPolicyEvaluation";
import {
    ACCOUNT, DR_POINT_ARN, DR_REGION, DR_VAULT, drWorld, INSTANCE_ID, INSTANCE_ROLE_PATH, metadataWith, NET, PRIMARY_POINT_ARN, PRIMARY_REGION,
    PRIMARY_VAULT, primaryWorld, PROFILE, RESTORE_ROLE_ARN, SIGMA_METADATA,
} from "../fixtures/restoreMetadata/sigmaWorld";

/**
 * The restore handler against model/ec2Restore.ts: every AWS Backup call the handler makes is answered by the model,
 * which decides as AWS does whether StartRestoreJob is refused, accepted, or accepted and then FAILED. The restore role
 * and the function's role carry the policies SigmaRestore deploys (components/restore/policies.ts).
 */

const scope = (region: string) => ({ partition: "aws", account: ACCOUNT, region });
/** A policy document as the component deploys it: serialised to JSON. */
const deployedJson = (document: object): IamPolicyDocument => JSON.parse(JSON.stringify(document));
const FUNCTION_ROLE_ARGS = (region: string, vault: string, restoreRoleArn = RESTORE_ROLE_ARN) => ({
    vaultArn: `arn:aws:backup:${region}:${ACCOUNT}:backup-vault:${vault}`, restoreRoleArn,
    logGroupArn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:/aws/lambda/EC2RestoreLambdaFunction`,
    topicArn: `arn:aws:sns:${region}:${ACCOUNT}:sigma`, topicKeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`,
});

/** The stack's network in each Region: primary confines groups to its VPC (as the primary stacks do), DR names its groups. */
const NETWORK: Record<string, RestoreNetwork> = {
    [PRIMARY_REGION]: { subnetIds: [NET.subnetA, NET.subnetB], securityGroupIds: [], vpcId: NET.vpc },
    [DR_REGION]: { subnetIds: [NET.drSubnet], securityGroupIds: [NET.drAppSg, NET.drDbSg] },
};
/** The function's settings for that network. */
const PLACEMENT: Record<string, Pick<RestoreSettings, "allowedSubnetIds" | "allowedSecurityGroupIds" | "allowedVpcId">> = {
    [PRIMARY_REGION]: { allowedSubnetIds: [NET.subnetA, NET.subnetB], allowedVpcId: NET.vpc },
    [DR_REGION]: { allowedSubnetIds: [NET.drSubnet], allowedSecurityGroupIds: [NET.drAppSg, NET.drDbSg] },
};

/** The Region's world with the restore role and the function role SigmaRestore deploys there. */
function deployed(world: (o: { restoreRolePolicies: IamPolicyDocument[]; callerPolicies: IamPolicyDocument[] }) => Ec2RestoreRegion, region: string, vault: string, functionRestoreRoleArn = RESTORE_ROLE_ARN): Ec2RestoreRegion {
    return world({
        restoreRolePolicies: [deployedJson(restoreRolePolicy(scope(region), INSTANCE_ROLE_PATH, [], NETWORK[region]))],
        callerPolicies: [deployedJson(restoreFunctionPolicy(scope(region), FUNCTION_ROLE_ARGS(region, vault, functionRestoreRoleArn)))],
    });
}

/** An AWS service error as the SDK raises it. */
function awsError(error: Pick<ModelError, "name" | "message">, status = 400): BackupServiceException {
    return new BackupServiceException({ name: error.name, message: error.message, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}

describe("restore handler against the model of AWS Backup", () => {
    const backup = mockClient(BackupClient);
    let model: BackupEc2RestoreModel;
    let answers: StartRestoreJobAnswer[];
    let sleeps: number[];
    let lostResponses: number;
    let settings: RestoreSettings;
    const deps = (): RestoreDeps => ({ client: new BackupClient({ region: model.world.region }), settings, sleep: async (ms) => { sleeps.push(ms); } });
    const sent = (): StartRestoreJobCommandInput[] => backup.commandCalls(StartRestoreJobCommand).map((call) => call.args[0].input);
    const onlyJob = (): RestoreJob => {
        assert.strictEqual(model.jobs.length, 1, `one job: ${JSON.stringify(model.jobs.map((j) => j.status))}`);
        return model.jobs[0];
    };
    const completed = (job: RestoreJob) => {
        assert.strictEqual(job.status, "COMPLETED", `${job.failedRule}: ${job.statusMessage}`);
        return job.createdInstance!;
    };

    /** Wires the SDK mock to `world`: each command is answered by the model. */
    function useWorld(world: Ec2RestoreRegion, clock?: () => number) {
        model = new BackupEc2RestoreModel(world, clock);
        backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake((input) => {
            const answer = model.listRecoveryPointsByBackupVault(input.BackupVaultName);
            if (!answer.ok) {
                throw awsError(answer.error);
            }
            return {
                RecoveryPoints: answer.value.map((p) => ({
                    RecoveryPointArn: p.recoveryPointArn, ResourceArn: p.resourceArn, Status: p.status, CreationDate: new Date(p.creationDate), ResourceType: "EC2",
                })),
            };
        });
        backup.on(DescribeRecoveryPointCommand).callsFake((input) => {
            const answer = model.describeRecoveryPoint(input.BackupVaultName, input.RecoveryPointArn);
            if (!answer.ok) {
                throw awsError(answer.error);
            }
            return { RecoveryPointArn: answer.value.recoveryPointArn, ResourceArn: answer.value.resourceArn, Status: answer.value.status, ResourceType: "EC2" };
        });
        backup.on(GetRecoveryPointRestoreMetadataCommand).callsFake((input) => {
            const answer = model.getRecoveryPointRestoreMetadata(input.BackupVaultName, input.RecoveryPointArn);
            if (!answer.ok) {
                throw awsError(answer.error);
            }
            return { RecoveryPointArn: input.RecoveryPointArn, RestoreMetadata: answer.value };
        });
        backup.on(StartRestoreJobCommand).callsFake((input) => {
            const answer = model.startRestoreJob(input);
            answers.push(answer);
            if (answer.outcome === "refused") {
                throw awsError(answer.error);
            }
            if (lostResponses > 0) {
                // AWS started (or found) the job, but the answer never reaches the function.
                lostResponses -= 1;
                throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
            }
            return { RestoreJobId: answer.restoreJobId };
        });
    }

    beforeEach(() => {
        backup.reset();
        answers = [];
        sleeps = [];
        lostResponses = 0;
        settings = { restoreRoleArn: RESTORE_ROLE_ARN, defaultVaultName: PRIMARY_VAULT, ...PLACEMENT[PRIMARY_REGION] };
        useWorld(deployed(primaryWorld, PRIMARY_REGION, PRIMARY_VAULT));
    });

    it("in-region default: the newest COMPLETED point, backed-up subnet, groups, zone, key pair and instance profile, IMDSv2 required", async () => {
        const result = await restore({ instanceId: INSTANCE_ID }, deps());
        const job = onlyJob();
        assert.deepStrictEqual(result, { restoreJobId: job.restoreJobId, recoveryPointArn: PRIMARY_POINT_ARN, idempotencyToken: job.idempotencyToken });
        assert.deepStrictEqual(completed(job), {
            instanceId: "i-00000000000000001", instanceArn: `arn:aws:ec2:${PRIMARY_REGION}:${ACCOUNT}:instance/i-00000000000000001`, instanceType: "t3.xlarge",
            subnetId: NET.subnetA, vpcId: NET.vpc, availabilityZone: "ap-southeast-1a", securityGroupIds: [NET.appSg, NET.dbSg],
            keyName: "sigma-ops", iamInstanceProfileName: PROFILE, httpTokens: "required",
        });
        const [input] = sent();
        assert.deepStrictEqual([input.IamRoleArn, input.ResourceType], [RESTORE_ROLE_ARN, "EC2"]);
        assert.deepStrictEqual(input.Metadata, { ...metadataWith({ NetworkInterfaces: undefined }), "aws:backup:request-id": input.Metadata!["aws:backup:request-id"], RequireIMDSv2: "true" });
        assert.match(input.IdempotencyToken!, /^[0-9a-f]{64}$/);
    });

    it("subnet and group override: lands in the other zone's subnet; the backed-up zone and VPC go", async () => {
        await restore({ instanceId: INSTANCE_ID, subnetId: NET.subnetB, securityGroupIds: [NET.appSg] }, deps());
        const instance = completed(onlyJob());
        assert.deepStrictEqual([instance.subnetId, instance.availabilityZone, instance.securityGroupIds], [NET.subnetB, "ap-southeast-1b", [NET.appSg]]);
        const [input] = sent();
        assert.deepStrictEqual([input.Metadata!.Placement, input.Metadata!.VpcId, input.Metadata!.NetworkInterfaces], ["{\"Tenancy\":\"default\"}", undefined, undefined]);
        // What AWS would have done with the backed-up zone kept: the job fails.
        const keptZone = model.startRestoreJob({ ...input, Metadata: { ...input.Metadata, Placement: SIGMA_METADATA.Placement }, IdempotencyToken: "kept-zone" });
        assert.ok(keptZone.outcome === "accepted-then-failed" && keptZone.job.failedRule === "placement-zone");
    });

    it("DR restore of a copy in another Region: the DR subnet and groups, no key pair there, the same (global) instance profile", async () => {
        useWorld(deployed(drWorld, DR_REGION, DR_VAULT));
        settings = { restoreRoleArn: RESTORE_ROLE_ARN, defaultVaultName: DR_VAULT, defaultSubnetId: NET.drSubnet, defaultSecurityGroupIds: [NET.drAppSg, NET.drDbSg], ...PLACEMENT[DR_REGION] };
        const result = await restore({ instanceId: INSTANCE_ID }, deps());
        const instance = completed(onlyJob());
        assert.strictEqual(result.recoveryPointArn, DR_POINT_ARN);
        assert.deepStrictEqual([instance.subnetId, instance.availabilityZone, instance.keyName, instance.iamInstanceProfileName, instance.httpTokens],
            [NET.drSubnet, "ap-southeast-2a", undefined, PROFILE, "required"]);
        const [input] = sent();
        for (const key of ["KeyName", "VpcId", "NetworkInterfaces"]) {
            assert.strictEqual(input.Metadata![key], undefined, key);
        }
        assert.strictEqual(input.Metadata!.Placement, "{\"Tenancy\":\"default\"}");
    });

    it("DR restore with a key pair configured there uses it; without a DR subnet it refuses before starting anything", async () => {
        const world = deployed(drWorld, DR_REGION, DR_VAULT);
        world.keyPairs = ["sigma-dr-ops"];
        useWorld(world);
        settings = { restoreRoleArn: RESTORE_ROLE_ARN, defaultVaultName: DR_VAULT, defaultSubnetId: NET.drSubnet, defaultSecurityGroupIds: [NET.drAppSg], defaultKeyName: "sigma-dr-ops", ...PLACEMENT[DR_REGION] };
        await restore({ instanceId: INSTANCE_ID }, deps());
        assert.strictEqual(completed(onlyJob()).keyName, "sigma-dr-ops");
        settings = { restoreRoleArn: RESTORE_ROLE_ARN, defaultVaultName: DR_VAULT, ...PLACEMENT[DR_REGION] };
        await assert.rejects(restore({ instanceId: INSTANCE_ID, requestId: "second" }, deps()),
            (err: Error) => err instanceof RestoreInputError && /restores into ap-southeast-2 but was taken in ap-southeast-1.*pass subnetId and securityGroupIds/.test(err.message));
        assert.strictEqual(model.jobs.length, 1);
    });

    describe("confined to the stack's network (issue 14, item 6)", () => {
        /** A public subnet of the same VPC that is not the stack's, and a wide-open group of the DR VPC that is not the stack's. */
        const PUBLIC_SUBNET = "subnet-0e77ee77ee77ee77e";
        const DR_OPEN_SG = "sg-0e88ee88ee88ee88e";
        const subnetArn = (region: string, id: string) => `arn:aws:ec2:${region}:${ACCOUNT}:subnet/${id}`;

        it("refuses an event naming another subnet, or (DR) another group, before calling AWS", async () => {
            await assert.rejects(restore({ instanceId: INSTANCE_ID, subnetId: PUBLIC_SUBNET }, deps()),
                (err: Error) => err instanceof RestoreInputError && err.message.includes(`subnetId "${PUBLIC_SUBNET}" (the event's) is not one of this stack's subnets; restored instances land only in ${NET.subnetA}, ${NET.subnetB}`));
            useWorld(deployed(drWorld, DR_REGION, DR_VAULT));
            settings = { restoreRoleArn: RESTORE_ROLE_ARN, defaultVaultName: DR_VAULT, defaultSubnetId: NET.drSubnet, defaultSecurityGroupIds: [NET.drAppSg], ...PLACEMENT[DR_REGION] };
            await assert.rejects(restore({ instanceId: INSTANCE_ID, securityGroupIds: [NET.drAppSg, DR_OPEN_SG] }, deps()),
                (err: Error) => err instanceof RestoreInputError && err.message.includes(`securityGroupIds ["${DR_OPEN_SG}"] (the event's) are not this stack's security groups; use ${NET.drAppSg}, ${NET.drDbSg}`));
            assert.strictEqual(backup.calls().length, 0);
            // Its own subnet and groups pass.
            await restore({ instanceId: INSTANCE_ID, subnetId: NET.drSubnet, securityGroupIds: [NET.drDbSg] }, deps());
            assert.deepStrictEqual(completed(onlyJob()).securityGroupIds, [NET.drDbSg]);
        });

        it("refuses to restore into the backed-up subnet when it is not the stack's, before StartRestoreJob", async () => {
            settings = { ...settings, allowedSubnetIds: [NET.subnetB] };
            await assert.rejects(restore({ instanceId: INSTANCE_ID }, deps()),
                (err: Error) => err instanceof RestoreInputError && err.message.includes(`subnetId "${NET.subnetA}" (the backed-up instance's) is not one of this stack's subnets`));
            assert.deepStrictEqual([backup.commandCalls(StartRestoreJobCommand).length, model.jobs.length], [0, 0]);
            await restore({ instanceId: INSTANCE_ID, subnetId: NET.subnetB }, deps());
            assert.strictEqual(completed(onlyJob()).subnetId, NET.subnetB);
        });

        it("the deployed restore role refuses what the function would: another subnet, another group, no IMDSv2 (anyone calling StartRestoreJob with it)", async () => {
            const world = deployed(primaryWorld, PRIMARY_REGION, PRIMARY_VAULT);
            world.subnets[PUBLIC_SUBNET] = { vpcId: NET.vpc, availabilityZone: "ap-southeast-1a" };
            useWorld(world);
            await restore({ instanceId: INSTANCE_ID }, deps());
            const good = sent()[0];
            const direct = (changes: Record<string, string | undefined>, token: string) =>
                model.startRestoreJob({ ...good, Metadata: metadataWith(changes, good.Metadata as Record<string, string>), IdempotencyToken: token });
            const publicSubnet = direct({ SubnetId: PUBLIC_SUBNET }, "public-subnet");
            assert.ok(publicSubnet.outcome === "accepted-then-failed" && publicSubnet.job.failedRule === "run-instances-access", JSON.stringify(publicSubnet));
            assert.strictEqual(publicSubnet.job.deniedResource, subnetArn(PRIMARY_REGION, PUBLIC_SUBNET));
            const noImds = direct({ RequireIMDSv2: undefined }, "no-imdsv2");
            assert.ok(noImds.outcome === "accepted-then-failed" && noImds.job.failedRule === "run-instances-access" && /:instance\//.test(noImds.job.deniedResource!), JSON.stringify(noImds));
            const optional = direct({ RequireIMDSv2: "false", MetadataOptions: "{\"HttpTokens\":\"optional\"}" }, "imds-optional");
            assert.ok(optional.outcome === "accepted-then-failed" && optional.job.failedRule === "run-instances-access");
            // The stack's other subnet, with IMDSv2, is allowed.
            const other = direct({ SubnetId: NET.subnetB, Placement: undefined, VpcId: undefined }, "subnet-b");
            assert.ok(other.outcome === "accepted" && other.job.createdInstance!.httpTokens === "required", JSON.stringify(other));

            const dr = deployed(drWorld, DR_REGION, DR_VAULT);
            dr.securityGroups[DR_OPEN_SG] = { vpcId: NET.drVpc };
            const drModel = new BackupEc2RestoreModel(dr);
            const drRequest = (groups: string[], token: string) => drModel.startRestoreJob({
                RecoveryPointArn: DR_POINT_ARN, IamRoleArn: RESTORE_ROLE_ARN, ResourceType: "EC2", IdempotencyToken: token,
                Metadata: metadataWith({ NetworkInterfaces: undefined, VpcId: undefined, Placement: undefined, KeyName: undefined, SubnetId: NET.drSubnet, SecurityGroupIds: JSON.stringify(groups), RequireIMDSv2: "true" }),
            });
            const open = drRequest([NET.drAppSg, DR_OPEN_SG], "open-group");
            assert.ok(open.outcome === "accepted-then-failed" && open.job.deniedResource === `arn:aws:ec2:${DR_REGION}:${ACCOUNT}:security-group/${DR_OPEN_SG}`, JSON.stringify(open));
            assert.strictEqual(drRequest([NET.drAppSg, NET.drDbSg], "own-groups").outcome, "accepted");
        });
    });

    it("type change t3.xlarge -> r5.large: CPU options and T3 credits are left to the new type", async () => {
        await restore({ instanceId: INSTANCE_ID, restoreInstanceType: "r5.large" }, deps());
        assert.strictEqual(completed(onlyJob()).instanceType, "r5.large");
        const [input] = sent();
        assert.deepStrictEqual([input.Metadata!.InstanceType, input.Metadata!.CpuOptions, input.Metadata!.CreditSpecification], ["r5.large", undefined, undefined]);
        // Another T3 keeps the backed-up credit mode.
        await restore({ instanceId: INSTANCE_ID, restoreInstanceType: "t3.2xlarge" }, deps());
        assert.strictEqual(sent()[1].Metadata!.CreditSpecification, SIGMA_METADATA.CreditSpecification);
        assert.strictEqual(completed(model.jobs[1]).instanceType, "t3.2xlarge");
    });

    it("a corrected retry starts a new job: the first, with another VPC's group, FAILED; the corrected one completes", async () => {
        const first = await restore({ instanceId: INSTANCE_ID, subnetId: NET.subnetB, securityGroupIds: [NET.foreignSg] }, deps());
        assert.strictEqual(model.jobs[0].status, "FAILED");
        assert.match(model.jobs[0].statusMessage!, /belong to different networks/);
        const corrected = await restore({ instanceId: INSTANCE_ID, subnetId: NET.subnetB, securityGroupIds: [NET.appSg] }, deps());
        assert.notStrictEqual(corrected.restoreJobId, first.restoreJobId);
        assert.strictEqual(model.jobs.length, 2);
        completed(model.jobs[1]);
    });

    it("a second drill (a new requestId) starts a new job; the same drill asked twice starts one", async () => {
        const drill1 = await restore({ instanceId: INSTANCE_ID, requestId: "drill-2026-11-22" }, deps());
        const again = await restore({ instanceId: INSTANCE_ID, requestId: "drill-2026-11-22" }, deps());
        assert.strictEqual(again.restoreJobId, drill1.restoreJobId);
        assert.strictEqual(answers[1].outcome !== "refused" && answers[1].newJob, false);
        const drill2 = await restore({ instanceId: INSTANCE_ID, requestId: "drill-2026-11-29" }, deps());
        assert.notStrictEqual(drill2.restoreJobId, drill1.restoreJobId);
        assert.deepStrictEqual(model.jobs.map((j) => j.status), ["COMPLETED", "COMPLETED"]);
    });

    it("a lost response: the retry with the same token gets the job AWS started, and only one job runs", async () => {
        lostResponses = 1;
        const result = await restore({ instanceId: INSTANCE_ID }, deps());
        const job = onlyJob();
        assert.strictEqual(result.restoreJobId, job.restoreJobId);
        assert.deepStrictEqual(sleeps, [500]);
        assert.deepStrictEqual(answers.map((a) => a.outcome !== "refused" && a.newJob), [true, false]);
        // Lambda invoking the same event again reads the metadata again (a new aws:backup:request-id): still one job.
        const again = await restore({ instanceId: INSTANCE_ID }, deps());
        assert.strictEqual(again.restoreJobId, job.restoreJobId);
        assert.notStrictEqual(sent()[0].Metadata!["aws:backup:request-id"], sent()[2].Metadata!["aws:backup:request-id"]);
        assert.strictEqual(model.jobs.length, 1);
    });

    it("throttling: retried with backoff, one job; persistent throttling gives up without a job", async () => {
        model.throttleNext(2);
        await restore({ instanceId: INSTANCE_ID }, deps());
        assert.deepStrictEqual(sleeps, [500, 1000]);
        completed(onlyJob());
        sleeps = [];
        model.throttleNext(10);
        await assert.rejects(restore({ instanceId: INSTANCE_ID, requestId: "other" }, { ...deps(), maxAttempts: 3 }), /ListRecoveryPointsByBackupVault still failing after 3 attempts: ThrottlingException/);
        assert.deepStrictEqual(sleeps, [500, 1000]);
        assert.strictEqual(model.jobs.length, 1);
    });

    it("access denied: the function's role may pass only a former restore role; refused at once, not retried, no job", async () => {
        useWorld(deployed(primaryWorld, PRIMARY_REGION, PRIMARY_VAULT, `arn:aws:iam::${ACCOUNT}:role/sigma-restore-role-former`));
        await assert.rejects(restore({ instanceId: INSTANCE_ID }, deps()), (err: Error) => err.name === "AccessDeniedException" && /iam:PassRole/.test(err.message));
        assert.deepStrictEqual([sleeps, model.jobs.length, answers.map((a) => a.outcome)], [[], 0, ["refused"]]);
    });

    it("the restore role SigmaRestore deploys may pass the Sigma instance roles: with another path the job fails as AWS says", async () => {
        const world = primaryWorld({ restoreRolePolicies: [deployedJson(restoreRolePolicy(scope(PRIMARY_REGION), "/other/", [], NETWORK[PRIMARY_REGION]))] });
        world.callerPolicies = deployed(primaryWorld, PRIMARY_REGION, PRIMARY_VAULT).callerPolicies;
        useWorld(world);
        await restore({ instanceId: INSTANCE_ID }, deps());
        assert.match(onlyJob().statusMessage!, /^You are not authorized to perform this operation/);
    });

    it("no recovery point: none COMPLETED of the instance, an explicit point not in the vault, an unknown vault", async () => {
        const world = deployed(primaryWorld, PRIMARY_REGION, PRIMARY_VAULT);
        world.vaults[PRIMARY_VAULT] = world.vaults[PRIMARY_VAULT].filter((p) => p.status !== "COMPLETED");
        useWorld(world);
        await assert.rejects(restore({ instanceId: INSTANCE_ID }, deps()),
            (err: Error) => err instanceof NoRecoveryPointError && err.message.includes(INSTANCE_ID) && err.message.includes(PRIMARY_VAULT));
        await assert.rejects(restore({ instanceId: INSTANCE_ID, recoveryPointArn: PRIMARY_POINT_ARN }, deps()), (err: Error) => err instanceof NoRecoveryPointError && /is not in vault/.test(err.message));
        settings = { ...settings, defaultVaultName: "NoSuchVault" };
        await assert.rejects(restore({ instanceId: INSTANCE_ID }, deps()), (err: Error) => err instanceof RestoreInputError && /"NoSuchVault" was not found/.test(err.message));
        assert.deepStrictEqual([backup.commandCalls(StartRestoreJobCommand).length, sleeps], [0, []]);
    });

    it("restores an explicit recovery point after checking it is COMPLETED and of this instance", async () => {
        const older = "arn:aws:ec2:ap-southeast-1::image/ami-00000000000000001";
        assert.strictEqual((await restore({ instanceId: INSTANCE_ID, recoveryPointArn: older }, deps())).recoveryPointArn, older);
        completed(onlyJob());
        await assert.rejects(restore({ instanceId: "i-0ffffffffffffffff", recoveryPointArn: older }, deps()), /not of i-0ffffffffffffffff/);
        await assert.rejects(restore({ instanceId: INSTANCE_ID, recoveryPointArn: "arn:aws:ec2:ap-southeast-1::image/ami-00000000000000009" }, deps()), /is PARTIAL, not COMPLETED/);
        assert.strictEqual(model.jobs.length, 1);
    });

    const badEvents: Array<[string, unknown, RegExp]> = [
        ["not an object", "i-0123456789abcdef0", /must be a JSON object/],
        ["missing instanceId", { vaultName: PRIMARY_VAULT }, /instanceId is required/],
        ["malformed instanceId", { instanceId: "web-1" }, /instanceId "web-1" is invalid/],
        ["bad subnet", { instanceId: INSTANCE_ID, subnetId: "sub-1" }, /subnetId "sub-1" is invalid/],
        ["empty security groups", { instanceId: INSTANCE_ID, securityGroupIds: [] }, /securityGroupIds \[\] is invalid/],
        ["bad recovery point", { instanceId: INSTANCE_ID, recoveryPointArn: "ami-1" }, /recoveryPointArn "ami-1" is invalid/],
        ["bad request id", { instanceId: INSTANCE_ID, requestId: "drill 1" }, /requestId "drill 1" is invalid/],
        ["unknown option", { instanceId: INSTANCE_ID, terminateOriginal: true }, /terminateOriginal is not a restore option/],
    ];
    for (const [label, event, message] of badEvents) {
        it(`rejects a bad event before calling AWS: ${label}`, async () => {
            await assert.rejects(restore(event, deps()), (err: Error) => err instanceof RestoreInputError && message.test(err.message));
            assert.strictEqual(backup.calls().length, 0);
        });
    }

    it("restores only from its stack's vault: another vault is refused before AWS is called; its own may be named", async () => {
        await assert.rejects(restore({ instanceId: INSTANCE_ID, vaultName: "SigmaBackupVault-prod" }, deps()),
            (err: Error) => err instanceof RestoreInputError && /vaultName "SigmaBackupVault-prod" is not this stack's vault; this function restores only from SigmaBackupVault-dev/.test(err.message));
        settings = { ...settings, defaultVaultName: undefined };
        await assert.rejects(restore({ instanceId: INSTANCE_ID, vaultName: PRIMARY_VAULT }, deps()), /this function has no vault/);
        assert.strictEqual(backup.calls().length, 0);
        settings = { ...settings, defaultVaultName: PRIMARY_VAULT };
        await restore({ instanceId: INSTANCE_ID, vaultName: PRIMARY_VAULT }, deps());
        completed(onlyJob());
    });

    it("reads its settings from the environment and refuses to run without the restore role or with a bad key name", () => {
        const env = {
            RESTORE_ROLE_ARN: RESTORE_ROLE_ARN, DEFAULT_VAULT_NAME: DR_VAULT, DEFAULT_SUBNET_ID: NET.drSubnet,
            DEFAULT_SECURITY_GROUP_IDS: `${NET.drAppSg}, ${NET.drDbSg}`, DEFAULT_KEY_NAME: "sigma-dr-ops",
            ALLOWED_SUBNET_IDS: NET.drSubnet, ALLOWED_SECURITY_GROUP_IDS: `${NET.drAppSg},${NET.drDbSg}`,
        };
        assert.deepStrictEqual(settingsFromEnv(env), {
            restoreRoleArn: RESTORE_ROLE_ARN, defaultVaultName: DR_VAULT, defaultSubnetId: NET.drSubnet,
            defaultSecurityGroupIds: [NET.drAppSg, NET.drDbSg], defaultKeyName: "sigma-dr-ops",
            allowedSubnetIds: [NET.drSubnet], allowedSecurityGroupIds: [NET.drAppSg, NET.drDbSg], allowedVpcId: undefined,
        });
        assert.deepStrictEqual(settingsFromEnv({ ...env, ALLOWED_SECURITY_GROUP_IDS: undefined, DEFAULT_SECURITY_GROUP_IDS: undefined, ALLOWED_VPC_ID: NET.drVpc }).allowedVpcId, NET.drVpc);
        assert.throws(() => settingsFromEnv({}), /RESTORE_ROLE_ARN is not set/);
        assert.throws(() => settingsFromEnv({ ...env, DEFAULT_KEY_NAME: "é" }), /DEFAULT_KEY_NAME "é" is not a key pair name/);
    });

    // Unknown means no: without the stack's network the function does not run at all.
    const badEnvs: Array<[string, Record<string, string | undefined>, RegExp]> = [
        ["no vault", { DEFAULT_VAULT_NAME: undefined }, /DEFAULT_VAULT_NAME is not set/],
        ["no allowed subnets", { ALLOWED_SUBNET_IDS: undefined }, /ALLOWED_SUBNET_IDS undefined must list the stack's subnet ids/],
        ["a malformed allowed subnet", { ALLOWED_SUBNET_IDS: "subnet-1,x" }, /ALLOWED_SUBNET_IDS "subnet-1,x"/],
        ["neither groups nor a VPC", { ALLOWED_SECURITY_GROUP_IDS: undefined }, /ALLOWED_SECURITY_GROUP_IDS undefined \/ ALLOWED_VPC_ID undefined/],
        ["a default subnet outside the stack", { DEFAULT_SUBNET_ID: NET.subnetA }, new RegExp(`subnetId "${NET.subnetA}" \\(the deployment's default\\) is not one of this stack's subnets`)],
        ["a default group outside the stack", { DEFAULT_SECURITY_GROUP_IDS: NET.appSg }, /securityGroupIds \["sg-0a11aa11aa11aa11a"\] \(the deployment's default\) are not this stack's security groups/],
    ];
    for (const [label, change, message] of badEnvs) {
        it(`refuses to run with ${label}`, () => {
            const env = {
                RESTORE_ROLE_ARN: RESTORE_ROLE_ARN, DEFAULT_VAULT_NAME: DR_VAULT, DEFAULT_SUBNET_ID: NET.drSubnet, DEFAULT_SECURITY_GROUP_IDS: NET.drAppSg,
                ALLOWED_SUBNET_IDS: NET.drSubnet, ALLOWED_SECURITY_GROUP_IDS: `${NET.drAppSg},${NET.drDbSg}`,
            };
            assert.throws(() => settingsFromEnv({ ...env, ...change }), message);
        });
    }
});

describe("restore request building (pure)", () => {
    const settings: RestoreSettings = { restoreRoleArn: RESTORE_ROLE_ARN, allowedSubnetIds: [NET.subnetA, NET.subnetB], allowedVpcId: NET.vpc };
    const same = { source: PRIMARY_REGION, target: PRIMARY_REGION };

    it("never names a new instance profile and keeps IMDSv2 required in MetadataOptions too", () => {
        const metadata = restoreMetadata(metadataWith({ MetadataOptions: "{\"HttpTokens\":\"optional\",\"HttpEndpoint\":\"enabled\"}" }), { instanceId: INSTANCE_ID }, settings, same);
        assert.strictEqual(metadata.IamInstanceProfileName, PROFILE);
        assert.deepStrictEqual(JSON.parse(metadata.MetadataOptions), { HttpTokens: "required", HttpEndpoint: "enabled" });
        assert.strictEqual(restoreMetadata(metadataWith({ IamInstanceProfileName: undefined }), { instanceId: INSTANCE_ID }, settings, same).IamInstanceProfileName, undefined);
    });

    it("takes subnet and groups from the primary interface when the metadata has no top-level ones", () => {
        const metadata = restoreMetadata(metadataWith({ SubnetId: undefined, SecurityGroupIds: undefined }), { instanceId: INSTANCE_ID }, settings, same);
        assert.deepStrictEqual([metadata.SubnetId, metadata.SecurityGroupIds, metadata.NetworkInterfaces], [NET.subnetA, JSON.stringify([NET.appSg, NET.dbSg]), undefined]);
        assert.throws(() => restoreMetadata(metadataWith({ SubnetId: undefined, NetworkInterfaces: undefined }), { instanceId: INSTANCE_ID }, settings, same), /names no subnetId; pass subnetId/);
    });

    // [backed-up Placement, subnet changed, other Region, sent Placement]
    const placements: Array<[string | undefined, boolean, boolean, string | undefined]> = [
        ["{\"AvailabilityZone\":\"ap-southeast-1a\",\"GroupName\":\"\",\"Tenancy\":\"default\"}", false, false, "{\"AvailabilityZone\":\"ap-southeast-1a\",\"GroupName\":\"\",\"Tenancy\":\"default\"}"],
        ["{\"AvailabilityZone\":\"ap-southeast-1a\",\"GroupName\":\"\",\"Tenancy\":\"default\"}", true, false, "{\"Tenancy\":\"default\"}"],
        ["{\"AvailabilityZone\":\"ap-southeast-1a\",\"GroupName\":\"sigma-spread\",\"Tenancy\":\"dedicated\"}", true, false, "{\"GroupName\":\"sigma-spread\",\"Tenancy\":\"dedicated\"}"],
        ["{\"AvailabilityZone\":\"ap-southeast-1a\",\"GroupName\":\"sigma-spread\",\"Tenancy\":\"dedicated\"}", true, true, "{\"Tenancy\":\"dedicated\"}"],
        ["{\"AvailabilityZone\":\"ap-southeast-1a\",\"GroupName\":null}", true, true, undefined],
        ["not json", true, false, undefined],
        [undefined, true, true, undefined],
    ];
    for (const [backedUp, subnetChanged, otherRegion, expected] of placements) {
        it(`Placement ${backedUp} (subnet ${subnetChanged ? "changed" : "kept"}, ${otherRegion ? "other" : "same"} Region) -> ${expected}`, () =>
            assert.strictEqual(restorePlacement(backedUp, subnetChanged, otherRegion), expected));
    }

    it("the idempotency token: 64 hex characters of what the request means, blind to aws:backup:request-id", () => {
        const request = { vaultName: PRIMARY_VAULT, recoveryPointArn: PRIMARY_POINT_ARN, iamRoleArn: RESTORE_ROLE_ARN, metadata: SIGMA_METADATA };
        const token = idempotencyToken(request);
        assert.match(token, /^[0-9a-f]{64}$/);
        assert.strictEqual(idempotencyToken({ ...request, metadata: { ...SIGMA_METADATA, "aws:backup:request-id": "another-read" } }), token);
        assert.strictEqual(idempotencyToken({ ...request, metadata: Object.fromEntries(Object.entries(SIGMA_METADATA).reverse()) }), token);
        for (const changed of [{ requestId: "drill-2" }, { vaultName: DR_VAULT }, { recoveryPointArn: DR_POINT_ARN }, { iamRoleArn: `${RESTORE_ROLE_ARN}-2` },
            { metadata: { ...SIGMA_METADATA, SubnetId: NET.subnetB } }]) {
            assert.notStrictEqual(idempotencyToken({ ...request, ...changed }), token, JSON.stringify(changed));
        }
    });
});
