import * as assert from "assert";
import {
    BackupClient, DescribeRecoveryPointCommand, RecoveryPointByBackupVault, RecoveryPointStatus, GetRecoveryPointRestoreMetadataCommand,
    ListRecoveryPointsByBackupVaultCommand, StartRestoreJobCommand,
} from "@aws-sdk/client-backup";
import { mockClient } from "aws-sdk-client-mock";
import { NoRecoveryPointError, restore, RestoreDeps, RestoreInputError, restoreMetadata, settingsFromEnv } from "../../components/restore/handler";

const INSTANCE = "i-0123456789abcdef0";
const INSTANCE_ARN = `arn:aws:ec2:ap-southeast-1:123456789012:instance/${INSTANCE}`;
const VAULT = "SigmaBackupVault-dev";
const ROLE = "arn:aws:iam::123456789012:role/sigma-restore-role-abc";
const point = (ami: string, created: string, status: RecoveryPointStatus = "COMPLETED", resourceArn = INSTANCE_ARN): RecoveryPointByBackupVault => ({
    RecoveryPointArn: `arn:aws:ec2:ap-southeast-1::image/${ami}`, CreationDate: new Date(created), Status: status, ResourceArn: resourceArn,
});
const BACKED_UP = {
    InstanceType: "t3.xlarge", SubnetId: "subnet-0aaaaaaaaaaaaaaaa", SecurityGroupIds: "[\"sg-0aaaaaaaaaaaaaaaa\"]",
    IamInstanceProfileName: "sigma-profile-original", NetworkInterfaces: "[{\"DeviceIndex\":0}]",
    MetadataOptions: "{\"HttpTokens\":\"optional\",\"HttpEndpoint\":\"enabled\"}", DisableApiTermination: "true",
};

describe("restore handler", () => {
    const backup = mockClient(BackupClient);
    let sleeps: number[];
    let deps: RestoreDeps;

    beforeEach(() => {
        backup.reset();
        sleeps = [];
        deps = {
            client: new BackupClient({ region: "ap-southeast-1" }),
            settings: { restoreRoleArn: ROLE, instanceProfileName: "sigma-restored-profile" },
            sleep: async (ms) => { sleeps.push(ms); },
        };
        backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ RestoreMetadata: BACKED_UP });
        backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: "JOB-1" });
    });

    it("restores the newest COMPLETED point of the instance among many, unordered and paged", async () => {
        backup.on(ListRecoveryPointsByBackupVaultCommand, { BackupVaultName: VAULT, ByResourceType: "EC2", NextToken: undefined }).resolves({
            RecoveryPoints: [
                point("ami-00000000000000001", "2026-11-18T00:00:00Z"),
                point("ami-00000000000000009", "2026-11-21T00:00:00Z", "PARTIAL"),
                point("ami-00000000000000008", "2026-11-21T01:00:00Z", "EXPIRED"),
                point("ami-00000000000000007", "2026-11-22T00:00:00Z", "COMPLETED", "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0ffffffffffffffff"),
            ],
            NextToken: "page2",
        });
        backup.on(ListRecoveryPointsByBackupVaultCommand, { NextToken: "page2" }).resolves({
            RecoveryPoints: [point("ami-00000000000000003", "2026-11-20T00:00:00Z"), point("ami-00000000000000002", "2026-11-19T00:00:00Z")],
        });
        const result = await restore({ instanceId: INSTANCE, vaultName: VAULT }, deps);
        assert.deepStrictEqual(result, { restoreJobId: "JOB-1", recoveryPointArn: "arn:aws:ec2:ap-southeast-1::image/ami-00000000000000003" });
        assert.strictEqual(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand).length, 2);
        assert.deepStrictEqual(backup.commandCalls(StartRestoreJobCommand)[0].args[0].input, {
            RecoveryPointArn: "arn:aws:ec2:ap-southeast-1::image/ami-00000000000000003",
            IamRoleArn: ROLE,
            ResourceType: "EC2",
            Metadata: { ...BACKED_UP, IamInstanceProfileName: "sigma-restored-profile", RequireIMDSv2: "true",
                MetadataOptions: "{\"HttpTokens\":\"required\",\"HttpEndpoint\":\"enabled\"}" },
            IdempotencyToken: `${INSTANCE}-ami-00000000000000003-same`,
        });
    });

    it("fails clearly when the vault holds no COMPLETED point of the instance", async () => {
        backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point("ami-00000000000000001", "2026-11-18T00:00:00Z", "PARTIAL")] });
        await assert.rejects(restore({ instanceId: INSTANCE, vaultName: VAULT }, deps),
            (err: Error) => err instanceof NoRecoveryPointError && err.message.includes(INSTANCE) && err.message.includes(VAULT));
        assert.strictEqual(backup.commandCalls(StartRestoreJobCommand).length, 0);
    });

    it("names an unknown vault", async () => {
        backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(Object.assign(new Error("Backup vault not found"), { name: "ResourceNotFoundException" }));
        await assert.rejects(restore({ instanceId: INSTANCE, vaultName: "NoSuchVault" }, deps),
            (err: Error) => err instanceof RestoreInputError && /"NoSuchVault" was not found/.test(err.message));
        assert.deepStrictEqual(sleeps, []);
    });

    it("restores an explicit recovery point after checking it belongs to the instance and is COMPLETED", async () => {
        const arn = "arn:aws:ec2:ap-southeast-1::image/ami-0000000000000000a";
        backup.on(DescribeRecoveryPointCommand, { BackupVaultName: VAULT, RecoveryPointArn: arn }).resolves({ Status: "COMPLETED", ResourceArn: INSTANCE_ARN });
        const result = await restore({ instanceId: INSTANCE, vaultName: VAULT, recoveryPointArn: arn }, deps);
        assert.strictEqual(result.recoveryPointArn, arn);
        assert.strictEqual(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand).length, 0);
        assert.strictEqual(backup.commandCalls(StartRestoreJobCommand)[0].args[0].input.RecoveryPointArn, arn);
    });

    it("refuses an explicit recovery point of another instance", async () => {
        const arn = "arn:aws:ec2:ap-southeast-1::image/ami-0000000000000000a";
        backup.on(DescribeRecoveryPointCommand).resolves({ Status: "COMPLETED", ResourceArn: "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0ffffffffffffffff" });
        await assert.rejects(restore({ instanceId: INSTANCE, vaultName: VAULT, recoveryPointArn: arn }, deps), /not of i-0123456789abcdef0/);
        assert.strictEqual(backup.commandCalls(StartRestoreJobCommand).length, 0);
    });

    it("overrides instance type, subnet and security groups, drops the interface list, keeps IMDSv2 required", async () => {
        backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point("ami-00000000000000001", "2026-11-18T00:00:00Z")] });
        await restore({ instanceId: INSTANCE, vaultName: VAULT, restoreInstanceType: "r5.large", subnetId: "subnet-0bbbbbbbbbbbbbbbb",
            securityGroupIds: ["sg-0bbbbbbbbbbbbbbbb", "sg-0cccccccccccccccc"] }, deps);
        const input = backup.commandCalls(StartRestoreJobCommand)[0].args[0].input;
        assert.deepStrictEqual(input.Metadata, {
            InstanceType: "r5.large", SubnetId: "subnet-0bbbbbbbbbbbbbbbb", SecurityGroupIds: "[\"sg-0bbbbbbbbbbbbbbbb\",\"sg-0cccccccccccccccc\"]",
            IamInstanceProfileName: "sigma-restored-profile", DisableApiTermination: "true", RequireIMDSv2: "true",
            MetadataOptions: "{\"HttpTokens\":\"required\",\"HttpEndpoint\":\"enabled\"}",
        });
        assert.strictEqual(input.IdempotencyToken, `${INSTANCE}-ami-00000000000000001-r5.large`);
    });

    it("lands in the configured default subnet and groups (the DR region) and drops an unknown profile", () => {
        const metadata = restoreMetadata(BACKED_UP, { instanceId: INSTANCE }, {
            restoreRoleArn: ROLE, defaultSubnetId: "subnet-0dddddddddddddddd", defaultSecurityGroupIds: ["sg-0dddddddddddddddd"],
        });
        assert.strictEqual(metadata.SubnetId, "subnet-0dddddddddddddddd");
        assert.strictEqual(metadata.SecurityGroupIds, "[\"sg-0dddddddddddddddd\"]");
        assert.strictEqual(metadata.IamInstanceProfileName, undefined);
        assert.strictEqual(metadata.NetworkInterfaces, undefined);
    });

    it("retries throttling with backoff, then succeeds", async () => {
        backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point("ami-00000000000000001", "2026-11-18T00:00:00Z")] });
        backup.on(StartRestoreJobCommand)
            .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }))
            .rejectsOnce(Object.assign(new Error("busy"), { name: "ServiceUnavailableException" }))
            .resolves({ RestoreJobId: "JOB-2" });
        const result = await restore({ instanceId: INSTANCE, vaultName: VAULT }, deps);
        assert.strictEqual(result.restoreJobId, "JOB-2");
        assert.deepStrictEqual(sleeps, [500, 1000]);
        assert.strictEqual(backup.commandCalls(StartRestoreJobCommand).length, 3);
    });

    it("gives up after maxAttempts on persistent throttling", async () => {
        backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
        await assert.rejects(restore({ instanceId: INSTANCE, vaultName: VAULT }, { ...deps, maxAttempts: 3 }), /still failing after 3 attempts/);
        assert.deepStrictEqual(sleeps, [500, 1000]);
    });

    it("does not retry a permanent failure", async () => {
        backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point("ami-00000000000000001", "2026-11-18T00:00:00Z")] });
        backup.on(StartRestoreJobCommand).rejects(Object.assign(new Error("Invalid metadata"), { name: "InvalidParameterValueException" }));
        await assert.rejects(restore({ instanceId: INSTANCE, vaultName: VAULT }, deps), /Invalid metadata/);
        assert.strictEqual(backup.commandCalls(StartRestoreJobCommand).length, 1);
        assert.deepStrictEqual(sleeps, []);
    });

    const badEvents: Array<[string, unknown, RegExp]> = [
        ["not an object", "i-0123456789abcdef0", /must be a JSON object/],
        ["missing instanceId", { vaultName: VAULT }, /instanceId is required/],
        ["malformed instanceId", { instanceId: "web-1", vaultName: VAULT }, /instanceId "web-1" is invalid/],
        ["missing vault without default", { instanceId: INSTANCE }, /vaultName is required/],
        ["bad subnet", { instanceId: INSTANCE, vaultName: VAULT, subnetId: "sub-1" }, /subnetId "sub-1" is invalid/],
        ["empty security groups", { instanceId: INSTANCE, vaultName: VAULT, securityGroupIds: [] }, /securityGroupIds \[\] is invalid/],
        ["bad recovery point", { instanceId: INSTANCE, vaultName: VAULT, recoveryPointArn: "ami-1" }, /recoveryPointArn "ami-1" is invalid/],
        ["unknown option", { instanceId: INSTANCE, vaultName: VAULT, terminateOriginal: true }, /terminateOriginal is not a restore option/],
    ];
    for (const [label, event, message] of badEvents) {
        it(`rejects a bad event: ${label}`, async () => {
            await assert.rejects(restore(event, deps), (err: Error) => err instanceof RestoreInputError && message.test(err.message));
            assert.strictEqual(backup.calls().length, 0);
        });
    }

    it("uses the deployment's default vault when the event names none", async () => {
        backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point("ami-00000000000000001", "2026-11-18T00:00:00Z")] });
        await restore({ instanceId: INSTANCE }, { ...deps, settings: { ...deps.settings, defaultVaultName: "SigmaDrBackupVault-dr" } });
        assert.strictEqual(backup.commandCalls(ListRecoveryPointsByBackupVaultCommand)[0].args[0].input.BackupVaultName, "SigmaDrBackupVault-dr");
    });

    it("reads its settings from the environment and refuses to run without the restore role", () => {
        assert.deepStrictEqual(settingsFromEnv({ RESTORE_ROLE_ARN: ROLE, DEFAULT_VAULT_NAME: VAULT, DEFAULT_SECURITY_GROUP_IDS: "sg-0aaaaaaaaaaaaaaaa, sg-0bbbbbbbbbbbbbbbb" }), {
            restoreRoleArn: ROLE, defaultVaultName: VAULT, instanceProfileName: undefined, defaultSubnetId: undefined,
            defaultSecurityGroupIds: ["sg-0aaaaaaaaaaaaaaaa", "sg-0bbbbbbbbbbbbbbbb"],
        });
        assert.throws(() => settingsFromEnv({}), /RESTORE_ROLE_ARN is not set/);
    });
});
