import * as assert from "assert";
import { ConfigError, parseConfig } from "../../stacks/config";

const DR_VAULT = "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr";
const BASE: Record<string, string> = {
    "aws:region": "ap-southeast-1",
    "sigma:vpcId": "vpc-0123456789abcdef0",
    "sigma:subnetIds": JSON.stringify(["subnet-0123456789abcdef0"]),
    "sigma:amiId": "ami-0123456789abcdef0",
    "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
};

function parse(extra: Record<string, unknown>) {
    const values: Record<string, string | undefined> = { ...BASE };
    for (const [key, value] of Object.entries(extra)) {
        values[key] = value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value);
    }
    return parseConfig({ project: "sigma", stack: "test", get: (key) => values[key] });
}

describe("backup config", () => {
    it("defaults to the guide's daily, 7-day backups with restore testing and no copy", () => {
        const cfg = parse({});
        assert.deepStrictEqual(cfg.backup, {
            enabled: true, frequency: "daily", retentionDays: 7, copyRetentionDays: 30, vaultLock: false,
            vaultLockChangeableForDays: undefined, copyToVaultArn: undefined, protect: false, restoreTesting: true,
        });
        assert.strictEqual(cfg.drStack, undefined);
        assert.strictEqual(cfg.restore, undefined);
    });

    it("reads prod's settings, whether YAML typed or set with --path as strings", () => {
        const typed = parse({ "sigma:backup": { frequency: "hourly", retentionDays: 14, copyRetentionDays: 30, copyToVaultArn: DR_VAULT, vaultLock: true, protect: true } });
        const strings = parse({ "sigma:backup": { frequency: "hourly", retentionDays: "14", copyRetentionDays: "30", copyToVaultArn: DR_VAULT, vaultLock: "true", protect: "true" } });
        assert.deepStrictEqual(typed.backup, strings.backup);
        assert.deepStrictEqual([typed.backup.frequency, typed.backup.retentionDays, typed.backup.copyToVaultArn, typed.backup.vaultLock], ["hourly", 14, DR_VAULT, true]);
    });

    it("reads a DR stack reference and a declarative restore", () => {
        const cfg = parse({ "sigma:drStack": "acme/sigma/dr", "sigma:restore": { instanceId: "i-0123456789abcdef0", restoreInstanceType: "r5.large" } });
        assert.strictEqual(cfg.drStack, "acme/sigma/dr");
        assert.deepStrictEqual(cfg.restore, { instanceId: "i-0123456789abcdef0", restoreInstanceType: "r5.large", recoveryPointArn: undefined });
    });

    it("does not ask a dr-region stack for an AMI", () => {
        const cfg = parse({ "sigma:topology": "dr-region", "sigma:amiId": undefined, "aws:region": "ap-southeast-2" });
        assert.strictEqual(cfg.topology, "dr-region");
    });

    const rows: Array<[string, Record<string, unknown>, string]> = [
        ["backup not an object", { "sigma:backup": "[1]" }, 'sigma:backup [1] must be an object'],
        ["unknown backup key", { "sigma:backup": { retention: 7 } }, 'sigma:backup.retention 7 is not a backup setting'],
        ["enabled not boolean", { "sigma:backup": { enabled: "yes" } }, 'sigma:backup.enabled "yes" must be true or false'],
        ["unknown frequency", { "sigma:backup": { frequency: "weekly" } }, 'sigma:backup.frequency "weekly" is neither hourly, every12Hours, daily'],
        ["bad custom cron", { "sigma:backup": { frequency: "cron(0 3 * * *)" } }, 'sigma:backup.frequency "cron(0 3 * * *)" has 5 cron fields'],
        ["retention zero", { "sigma:backup": { retentionDays: 0 } }, 'sigma:backup.retentionDays 0 must be a whole number from 1 to 36500'],
        ["copy retention text", { "sigma:backup": { copyRetentionDays: "a month" } }, 'sigma:backup.copyRetentionDays "a month" must be a whole number'],
        ["vault lock not boolean", { "sigma:backup": { vaultLock: "on" } }, 'sigma:backup.vaultLock "on" must be true or false'],
        ["compliance grace too short", { "sigma:backup": { vaultLock: true, vaultLockChangeableForDays: 1 } }, 'sigma:backup.vaultLockChangeableForDays 1 must be a whole number from 3'],
        ["grace without lock", { "sigma:backup": { vaultLockChangeableForDays: 7 } }, 'sigma:backup.vaultLockChangeableForDays 7 is set but backup.vaultLock is not'],
        ["copy to the same region", { "sigma:backup": { copyToVaultArn: "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:Other" } }, "is in ap-southeast-1, the same region as the source vault"],
        ["copy to a non-vault", { "sigma:backup": { copyToVaultArn: "arn:aws:s3:::bucket" } }, 'sigma:backup.copyToVaultArn "arn:aws:s3:::bucket" is not a backup vault ARN'],
        ["protect not boolean", { "sigma:backup": { protect: 1 } }, "sigma:backup.protect 1 must be true or false"],
        ["restore testing not boolean", { "sigma:backup": { restoreTesting: "weekly" } }, 'sigma:backup.restoreTesting "weekly" must be true or false'],
        ["two DR destinations", { "sigma:drStack": "dr", "sigma:backup": { copyToVaultArn: DR_VAULT } }, 'sigma:drStack "dr" and sigma:backup.copyToVaultArn both name the DR destination'],
        ["bad stack name", { "sigma:drStack": "acme sigma dr" }, 'sigma:drStack "acme sigma dr" is not a stack name'],
        ["copy with backups off", { "sigma:backup": { enabled: false, copyToVaultArn: DR_VAULT } }, `sigma:backup.copyToVaultArn "${DR_VAULT}" needs backups`],
        ["dr stack copying to itself", { "sigma:topology": "dr-region", "aws:region": "ap-southeast-2", "sigma:drStack": "dr" }, 'sigma:drStack "dr" is set on a dr-region stack'],
        ["restore without instance", { "sigma:restore": { restoreInstanceType: "t3.large" } }, "sigma:restore.instanceId is not set"],
        ["restore of a bad instance id", { "sigma:restore": { instanceId: "web-1" } }, 'sigma:restore.instanceId "web-1" is not an instance id'],
        ["restore to an unsupported type", { "sigma:restore": { instanceId: "i-0123456789abcdef0", restoreInstanceType: "t2.nano" } }, 'sigma:restore.restoreInstanceType "t2.nano" is not supported'],
        ["restore of a bad recovery point", { "sigma:restore": { instanceId: "i-0123456789abcdef0", recoveryPointArn: "ami-1" } }, 'sigma:restore.recoveryPointArn "ami-1" is not a recovery point ARN'],
        ["dr stack without subnets", { "sigma:topology": "dr-region", "aws:region": "ap-southeast-2", "sigma:subnetIds": [] }, "sigma:subnetIds [] must list the subnet restored instances land in"],
        ["dr stack without client networks", { "sigma:topology": "dr-region", "aws:region": "ap-southeast-2", "sigma:appCidrs": [] }, "sigma:appCidrs is not set; list the networks allowed to reach restored"],
        ["unknown restore key", { "sigma:restore": { instanceId: "i-0123456789abcdef0", vault: "x" } }, 'sigma:restore.vault "x" is not a restore setting'],
    ];
    for (const [label, extra, message] of rows) {
        it(`refuses ${label}`, () => {
            assert.throws(() => parse(extra), (err: Error) => err instanceof ConfigError && err.message.includes(message));
        });
    }

    it("lists every problem at once", () => {
        assert.throws(() => parse({ "sigma:backup": { frequency: "weekly", retentionDays: 0 }, "sigma:restore": { instanceId: "x" } }),
            (err: ConfigError) => err.problems.length === 3);
    });
});
