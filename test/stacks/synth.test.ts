import * as assert from "assert";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";

const DR_VAULT = "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr";
const ofType = (result: SynthResult, type: string) => result.resources.filter((r) => r.type === type);
const one = (result: SynthResult, type: string, name?: string) => {
    const found = ofType(result, type).filter((r) => name === undefined || r.name === name);
    assert.strictEqual(found.length, 1, `one ${type} in ${result.stack}, found ${found.length}`);
    return found[0].inputs as Record<string, any>;
};

describe("stacks with backup", () => {
    it("dev: daily backups kept 7 days, no copy, no lock, restore Lambda and weekly restore test", async () => {
        const dev = await synthesize({ stack: "dev" });
        const [rule] = one(dev, "aws:backup/plan:Plan").rules;
        assert.deepStrictEqual([rule.schedule, rule.lifecycle.deleteAfter, rule.copyActions ?? []], ["cron(0 0 * * ? *)", 7, []]);
        assert.strictEqual(one(dev, "aws:backup/vault:Vault").name, "SigmaBackupVault-dev");
        assert.strictEqual(ofType(dev, "aws:backup/vaultLockConfiguration:VaultLockConfiguration").length, 0);
        assert.strictEqual(one(dev, "aws:lambda/function:Function", "sigma-restore-function").name, "EC2RestoreLambdaFunction-dev");
        assert.strictEqual(ofType(dev, "aws:backup/restoreTestingPlan:RestoreTestingPlan").length, 1);
        assert.strictEqual(dev.outputs.BackupSchedule, "cron(0 0 * * ? *)");
        const instance = one(dev, "aws:ec2/instance:Instance");
        const [selector] = one(dev, "aws:backup/selection:Selection").selectionTags;
        assert.strictEqual(instance.tags[selector.key], selector.value);
        // Every backup resource goes through the stack's explicit provider (its region and standard tags).
        for (const r of dev.resources.filter((r) => r.type.startsWith("aws:backup") || r.type.startsWith("aws:lambda"))) {
            assert.match(String(r.provider), /pulumi:providers:aws::aws$/, r.name);
        }
    });

    it("prod: hourly, 14 days, copy to the DR vault kept 30 days, vault lock, protected vault and key, termination protection", async () => {
        const prod = await synthesize({ stack: "prod" });
        const [rule] = one(prod, "aws:backup/plan:Plan").rules;
        assert.strictEqual(rule.schedule, "cron(0 */1 * * ? *)");
        assert.ok(rule.lifecycle.deleteAfter >= 14);
        assert.strictEqual(rule.copyActions.length, 1);
        assert.strictEqual(rule.copyActions[0].destinationVaultArn, DR_VAULT);
        assert.ok(rule.copyActions[0].lifecycle.deleteAfter >= 30);
        assert.ok(one(prod, "aws:backup/vaultLockConfiguration:VaultLockConfiguration").minRetentionDays >= 14);
        // prod is multi-az with one database: exactly one APP&DB instance, protected and tagged for the selection.
        const instances = ofType(prod, "aws:ec2/instance:Instance");
        const [selector] = one(prod, "aws:backup/selection:Selection").selectionTags;
        assert.strictEqual(instances.length, 1);
        for (const instance of instances) {
            assert.strictEqual(instance.inputs.disableApiTermination, true, instance.name);
            assert.strictEqual((instance.inputs.tags as Record<string, string>)[selector.key], selector.value, instance.name);
        }
    });

    it("prod reads the DR vault from the dr stack when sigma:drStack names it", async () => {
        const prod = await synthesize({
            stack: "prod",
            configOverrides: { "sigma:backup": { frequency: "hourly", retentionDays: 14, vaultLock: true }, "sigma:drStack": "acme/sigma/dr" },
            stackReferences: { "acme/sigma/dr": { DrBackupVaultArn: DR_VAULT } },
        });
        assert.strictEqual(one(prod, "aws:backup/plan:Plan").rules[0].copyActions[0].destinationVaultArn, DR_VAULT);
    });

    it("a declared restore invokes the Lambda during up and shows the restore job id", async () => {
        const dev = await synthesize({ stack: "dev", configOverrides: { "sigma:restore": { instanceId: "i-0123456789abcdef0", instanceType: "t3.large" } } });
        const invocation = one(dev, "aws:lambda/invocation:Invocation");
        assert.deepStrictEqual(JSON.parse(invocation.input), { instanceId: "i-0123456789abcdef0", vaultName: "SigmaBackupVault-dev", restoreInstanceType: "t3.large" });
        assert.match(String(dev.outputs.RestoreJobId), /^[0-9A-F-]{36}$/);
    });

    it("dr: the destination vault with its own key, restore Lambda and groups in ap-southeast-2, nothing from the primary", async () => {
        const dr = await synthesize({ stack: "dr" });
        assert.strictEqual(dr.outputs.DrBackupVaultArn, DR_VAULT);
        const provider = dr.resources.filter((r) => r.type === "pulumi:providers:aws");
        assert.deepStrictEqual(provider.map((p) => p.inputs.region), ["ap-southeast-2"]);
        assert.strictEqual(ofType(dr, "pulumi:pulumi:StackReference").length, 0);
        assert.ok(!JSON.stringify(dr.resources).includes("ap-southeast-1"), "no primary-region reference");
        const key = one(dr, "aws:kms/key:Key", "sigma-dr-key");
        assert.strictEqual(key.enableKeyRotation, true);
        assert.ok(one(dr, "aws:backup/vault:Vault").kmsKeyArn.startsWith("arn:aws:kms:ap-southeast-2:"));
        assert.strictEqual(ofType(dr, "aws:backup/plan:Plan").length, 0);
        assert.strictEqual(one(dr, "aws:backup/vaultLockConfiguration:VaultLockConfiguration").minRetentionDays, 30);
        assert.strictEqual(ofType(dr, "aws:ec2/securityGroup:SecurityGroup").length, 2);
        const env = one(dr, "aws:lambda/function:Function").environment.variables;
        assert.strictEqual(env.DEFAULT_SUBNET_ID, "subnet-0123456789abcdef2");
        assert.strictEqual(env.DEFAULT_SECURITY_GROUP_IDS.split(",").length, 2);
        const restorePolicy = JSON.parse(ofType(dr, "aws:iam/rolePolicy:RolePolicy").find((r) => r.name === "sigma-dr-restore-role-policy")!.inputs.policy as string);
        const kms = restorePolicy.Statement.find((s: any) => s.Sid === "DecryptRecoveryPointVolumesThroughEc2");
        assert.ok(kms.Resource[0].startsWith("arn:aws:kms:ap-southeast-2:"));
    });
});
