import * as assert from "assert";
import { mapConfigSource, parseConfig, PrimaryConfig, StackConfig } from "../../stacks/config";

const DR_VAULT = "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr";
const BASE: Record<string, string> = {
    "aws:region": "ap-southeast-1",
    "sigma:vpcId": "vpc-0123456789abcdef0",
    "sigma:subnetIds": JSON.stringify(["subnet-0123456789abcdef0"]),
    "sigma:amiId": "ami-0123456789abcdef0",
    "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
    "sigma:alarmEmails": JSON.stringify(["ops@example.com"]),
};

function parse(extra: Record<string, unknown>): StackConfig {
    const values: Record<string, string | undefined> = { ...BASE };
    for (const [key, value] of Object.entries(extra)) {
        values[key] = value === undefined ? undefined : typeof value === "string" ? value : JSON.stringify(value);
    }
    return parseConfig(mapConfigSource(values, { stack: "test" }));
}

function primary(extra: Record<string, unknown>): PrimaryConfig {
    const cfg = parse(extra);
    assert.ok(cfg.topology !== "dr-region");
    return cfg;
}

describe("backup config", () => {
    it("defaults to the guide's daily, 7-day backups with restore testing and no copy", () => {
        const cfg = primary({});
        assert.deepStrictEqual(cfg.backup, {
            enabled: true, frequency: "daily", intervalHours: 24, retentionDays: 7, copyRetentionDays: 30, vaultLock: false,
            vaultLockChangeableForDays: undefined, copyToVaultArn: undefined, protect: false, restoreTesting: true,
        });
        assert.strictEqual(cfg.drStack, undefined);
        assert.strictEqual(cfg.restore, undefined);
    });

    it("reads prod's settings, whether YAML typed or set with --path as strings", () => {
        const typed = primary({ "sigma:backup": { frequency: "hourly", retentionDays: 14, copyRetentionDays: 30, copyToVaultArn: DR_VAULT, vaultLock: true, protect: true } });
        const strings = primary({ "sigma:backup": { frequency: "hourly", retentionDays: "14", copyRetentionDays: "30", copyToVaultArn: DR_VAULT, vaultLock: "true", protect: "true" } });
        assert.deepStrictEqual(typed.backup, strings.backup);
        assert.ok(typed.backup.enabled);
        assert.deepStrictEqual([typed.backup.frequency, typed.backup.retentionDays, typed.backup.copyToVaultArn, typed.backup.vaultLock], ["hourly", 14, DR_VAULT, true]);
    });

    it("turns backups off as a type with nothing else in it", () => {
        assert.deepStrictEqual(primary({ "sigma:backup": { enabled: false } }).backup, { enabled: false });
    });

    it("takes a custom cron whose gap the retention covers", () => {
        const cfg = primary({ "sigma:backup": { frequency: "cron(30 2 ? * MON-FRI *)", retentionDays: 4 } });
        assert.ok(cfg.backup.enabled && cfg.backup.frequency === "cron(30 2 ? * MON-FRI *)");
    });

    it("reads a DR stack reference and a declarative restore under SigmaRestore's names less the restore prefix", () => {
        const cfg = primary({ "sigma:drStack": "acme/sigma/dr", "sigma:restore": { instanceId: "i-0123456789abcdef0", instanceType: "r5.large" } });
        assert.strictEqual(cfg.drStack, "acme/sigma/dr");
        assert.deepStrictEqual(cfg.restore, { instanceId: "i-0123456789abcdef0", instanceType: "r5.large", recoveryPointArn: undefined });
    });

    it("gives a dr-region stack the receiving vault's settings only, and asks it for no AMI", () => {
        const cfg = parse({ "sigma:topology": "dr-region", "sigma:amiId": undefined, "aws:region": "ap-southeast-2",
            "sigma:backup": { copyRetentionDays: 45, vaultLock: true, vaultLockChangeableForDays: 3 } });
        assert.strictEqual(cfg.topology, "dr-region");
        assert.deepStrictEqual(cfg.backup, { copyRetentionDays: 45, vaultLock: true, vaultLockChangeableForDays: 3, protect: false });
    });
});
