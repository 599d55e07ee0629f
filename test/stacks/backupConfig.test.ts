import * as assert from "assert";
import { mapConfigSource, parseConfig, PrimaryConfig, StackConfig } from "../../stacks/config";
import { configText, SINGLE_AZ_CONFIG } from "./configFixture";

const DR_VAULT = "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr";
const BASE = SINGLE_AZ_CONFIG;

function parse(extra: Record<string, unknown>): StackConfig {
    return parseConfig(mapConfigSource({ ...BASE, ...configText(extra) }, { stack: "test" }));
}

/** Every member of `expected` has that value in `actual` (other owners' members, e.g. the restore's, may be there too). */
function assertIncludes(actual: object, expected: Record<string, unknown>): void {
    assert.deepStrictEqual(Object.fromEntries(Object.keys(expected).map((key) => [key, (actual as Record<string, unknown>)[key]])), expected);
}

function primary(extra: Record<string, unknown>): PrimaryConfig {
    const cfg = parse(extra);
    assert.ok(cfg.topology !== "dr-region");
    return cfg;
}

describe("backup config", () => {
    it("defaults to the guide's daily, 7-day backups with restore testing and no copy", () => {
        const cfg = primary({});
        assertIncludes(cfg.backup, {
            enabled: true, frequency: "daily", intervalHours: 24, retentionDays: 7, copyRetentionDays: 30, vaultLock: false,
            vaultLockChangeableForDays: undefined, vaultLockGovernanceReason: undefined, copyToVaultArn: undefined, protect: false,
            protectWaiver: undefined, breakGlassRoleArn: undefined, restoreTesting: true, airGappedCopy: false, airGappedRetentionDays: 90,
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
        const cfg = parse({ "sigma:topology": "dr-region", "sigma:amiId": undefined, "aws:region": "ap-southeast-2", "sigma:breakGlassRoleArn": BREAK_GLASS,
            "sigma:backup": { copyRetentionDays: 45, vaultLock: true, vaultLockChangeableForDays: 3 } });
        assert.strictEqual(cfg.topology, "dr-region");
        assertIncludes(cfg.backup, { copyRetentionDays: 45, vaultLock: true, vaultLockChangeableForDays: 3, vaultLockGovernanceReason: undefined,
            protect: true, protectWaiver: undefined, breakGlassRoleArn: BREAK_GLASS });
    });
});

const BREAK_GLASS = "arn:aws:iam::123456789012:role/sigma-break-glass";
const REASON = "staging replica of prod, rebuilt weekly from its backups";
const MULTI_AZ: Record<string, unknown> = {
    "sigma:topology": "multi-az", "sigma:vpcId": undefined, "sigma:subnetIds": undefined, "sigma:appCount": "1",
    "sigma:certificateArn": "arn:aws:acm:ap-southeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef",
};
const DR: Record<string, unknown> = { "sigma:topology": "dr-region", "sigma:amiId": undefined, "aws:region": "ap-southeast-2" };

describe("backup protection config", () => {
    for (const [label, topology] of [["multi-az", MULTI_AZ], ["dr-region", DR]] as const) {
        it(`${label}: a compliance-mode lock with a 7-day grace period, protected, guarded by the break-glass role, by default`, () => {
            const cfg = parse({ ...topology, "sigma:breakGlassRoleArn": BREAK_GLASS });
            assert.ok("vaultLock" in cfg.backup && cfg.backup.vaultLock);
            const backup = cfg.backup as { vaultLock: boolean; vaultLockChangeableForDays?: number; protect: boolean; breakGlassRoleArn?: string; vaultLockGovernanceReason?: string };
            assert.deepStrictEqual([backup.vaultLockChangeableForDays, backup.vaultLockGovernanceReason, backup.protect, backup.breakGlassRoleArn],
                [7, undefined, true, BREAK_GLASS]);
        });

        it(`${label}: requires the break-glass role`, () => {
            assert.throws(() => parse({ ...topology }), (err: Error) => /sigma:breakGlassRoleArn is not set; a .* stack denies deleting recovery points and keys to everyone but one break-glass role; name it, e.g. pulumi config set sigma:breakGlassRoleArn arn:aws:iam::123456789012:role\/sigma-break-glass/.test(err.message));
        });

        it(`${label}: refuses an unlocked or unprotected vault without a waiver, and takes both with one`, () => {
            assert.throws(() => parse({ ...topology, "sigma:breakGlassRoleArn": BREAK_GLASS, "sigma:backup": { vaultLock: false, protect: false } }),
                (err: Error) => /sigma:backup.vaultLock false leaves the recovery points deletable/.test(err.message)
                    && /sigma:backup.protect false lets `pulumi destroy` delete/.test(err.message) && /say why in sigma:backup.protectWaiver/.test(err.message));
            const cfg = parse({ ...topology, "sigma:breakGlassRoleArn": BREAK_GLASS, "sigma:backup": { vaultLock: false, protect: false, protectWaiver: REASON } });
            const backup = cfg.backup as { vaultLock: boolean; protect: boolean; protectWaiver?: string; vaultLockChangeableForDays?: number };
            assert.deepStrictEqual([backup.vaultLock, backup.protect, backup.protectWaiver, backup.vaultLockChangeableForDays], [false, false, REASON, undefined]);
        });

        it(`${label}: governance mode only with a reason, and never with a grace period`, () => {
            const cfg = parse({ ...topology, "sigma:breakGlassRoleArn": BREAK_GLASS, "sigma:backup": { vaultLockGovernanceReason: REASON } });
            const backup = cfg.backup as { vaultLockChangeableForDays?: number; vaultLockGovernanceReason?: string };
            assert.deepStrictEqual([backup.vaultLockChangeableForDays, backup.vaultLockGovernanceReason], [undefined, REASON]);
            assert.throws(() => parse({ ...topology, "sigma:breakGlassRoleArn": BREAK_GLASS, "sigma:backup": { vaultLockGovernanceReason: REASON, vaultLockChangeableForDays: 7 } }),
                /sigma:backup.vaultLockGovernanceReason .* makes the lock governance mode, but sigma:backup.vaultLockChangeableForDays is compliance mode's grace period/);
            assert.throws(() => parse({ ...topology, "sigma:breakGlassRoleArn": BREAK_GLASS, "sigma:backup": { vaultLockGovernanceReason: "because" } }),
                /sigma:backup.vaultLockGovernanceReason "because" is not a reason/);
        });
    }

    const rows: Array<[string, Record<string, unknown>, RegExp]> = [
        ["a grace period under AWS's 3 days", { ...MULTI_AZ, "sigma:breakGlassRoleArn": BREAK_GLASS, "sigma:backup": { vaultLockChangeableForDays: 2 } },
            /sigma:backup.vaultLockChangeableForDays 2 must be a whole number from 3 to 36500/],
        ["a waiver with nothing to waive", { ...MULTI_AZ, "sigma:breakGlassRoleArn": BREAK_GLASS, "sigma:backup": { protectWaiver: REASON } },
            /sigma:backup.protectWaiver .* waives nothing: the vault is locked and protected; remove it/],
        ["a waiver in dev", { "sigma:backup": { protectWaiver: REASON } }, /waives nothing: a single-az stack's backups are not protected by default/],
        ["a wildcard break-glass role", { ...MULTI_AZ, "sigma:breakGlassRoleArn": "arn:aws:iam::123456789012:role/*" }, /sigma:breakGlassRoleArn .* contains a wildcard/],
        ["a break-glass role with backups off", { "sigma:breakGlassRoleArn": BREAK_GLASS, "sigma:backup": { enabled: false } },
            /sigma:breakGlassRoleArn .* guards the backup vault, but sigma:backup.enabled is false/],
        ["a governance reason without a lock", { "sigma:backup": { vaultLockGovernanceReason: REASON } }, /chooses the mode of a vault lock, but sigma:backup.vaultLock is false/],
        ["an air-gapped retention without the copy", { "sigma:backup": { airGappedRetentionDays: 30 } }, /sigma:backup.airGappedRetentionDays 30 keeps air-gapped copies, but sigma:backup.airGappedCopy is not true/],
        ["an air-gapped retention under 7 days", { "sigma:backup": { airGappedCopy: true, airGappedRetentionDays: 6 } }, /sigma:backup.airGappedRetentionDays 6 must be a whole number from 7/],
    ];
    for (const [label, extra, message] of rows) {
        it(`refuses ${label}`, () => assert.throws(() => parse(extra), message));
    }

    it("dev: no lock, no protection, no break-glass needed; a lock there is compliance mode with the grace period", () => {
        const dev = primary({});
        assert.ok(dev.backup.enabled && !dev.backup.vaultLock && !dev.backup.protect && dev.backup.breakGlassRoleArn === undefined);
        const locked = primary({ "sigma:backup": { vaultLock: true } });
        assert.ok(locked.backup.enabled && locked.backup.vaultLockChangeableForDays === 7);
    });

    it("takes a reason of three words or more, not two", () => {
        assert.throws(() => primary({ "sigma:backup": { vaultLock: true, vaultLockGovernanceReason: "testing only" } }), /"testing only" is not a reason/);
        const cfg = primary({ "sigma:backup": { vaultLock: true, vaultLockGovernanceReason: "short-lived load test" } });
        assert.ok(cfg.backup.enabled && cfg.backup.vaultLockGovernanceReason === "short-lived load test" && cfg.backup.vaultLockChangeableForDays === undefined);
    });

    it("reads the air-gapped copy and its retention", () => {
        const cfg = primary({ "sigma:backup": { airGappedCopy: true, airGappedRetentionDays: "120" } });
        assert.ok(cfg.backup.enabled && cfg.backup.airGappedCopy && cfg.backup.airGappedRetentionDays === 120);
    });
});
