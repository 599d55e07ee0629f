import { BACKUP_DEFAULTS } from "../components/backup/sigmaBackup";
import { copyDestinationProblem, frequencyProblem } from "../components/backup/schedule";
import { SUPPORTED_INSTANCE_TYPES } from "../model/instanceTypes";
import { ConfigReader } from "./configReader";

/** sigma:backup, typed. */
export interface BackupConfig {
    /** Back up the stack's instances (default true). */
    enabled: boolean;
    /** hourly, every12Hours, daily (default) or a custom AWS cron. */
    frequency: string;
    retentionDays: number;
    /** Days copies are kept in the DR vault (and, in the dr stack, the vault lock's minimum). */
    copyRetentionDays: number;
    vaultLock: boolean;
    /** Compliance-mode grace period; governance mode when unset. */
    vaultLockChangeableForDays?: number;
    /** A DR vault ARN in another region to copy every recovery point to. */
    copyToVaultArn?: string;
    /** Protect the vault and key from `pulumi destroy` and keep them when removed (default false; prod turns it on). */
    protect: boolean;
    /** Weekly restore test of the newest recovery point (default true). */
    restoreTesting: boolean;
}

/** sigma:restore: asks `pulumi up` to restore an instance and show the restore job id. */
export interface RestoreRequest {
    instanceId: string;
    restoreInstanceType?: string;
    recoveryPointArn?: string;
}

const BACKUP_KEYS = ["enabled", "frequency", "retentionDays", "copyRetentionDays", "vaultLock", "vaultLockChangeableForDays",
    "copyToVaultArn", "protect", "restoreTesting"];
const RESTORE_KEYS = ["instanceId", "restoreInstanceType", "recoveryPointArn"];
const STACK_NAME = /^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;
const RECOVERY_POINT_ARN = /^arn:aws[a-z-]*:(ec2:[a-z0-9-]+::image\/ami-[0-9a-f]+|backup:[a-z0-9-]+:\d{12}:recovery-point:[A-Za-z0-9-]+)$/;

function boolOf(read: ConfigReader, key: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) {
        return fallback;
    }
    if (value === true || value === "true") {
        return true;
    }
    if (value === false || value === "false") {
        return false;
    }
    read.problem(key, value, "must be true or false");
    return fallback;
}

function intOf(read: ConfigReader, key: string, value: unknown, fallback: number, min: number, max: number, why = ""): number {
    if (value === undefined) {
        return fallback;
    }
    const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
        read.problem(key, value, `must be a whole number from ${min} to ${max}${why}`);
        return fallback;
    }
    return n;
}

function stringOf(read: ConfigReader, key: string, value: unknown): string | undefined {
    if (value === undefined) {
        return undefined;
    }
    if (typeof value !== "string" || value === "") {
        read.problem(key, value, "must be a non-empty string");
        return undefined;
    }
    return value;
}

function unknownKeys(read: ConfigReader, key: string, object: Record<string, unknown>, known: string[]): void {
    for (const k of Object.keys(object).filter((k) => !known.includes(k))) {
        read.problem(`${key}.${k}`, object[k], `is not a ${key} setting; use ${known.join(", ")}`);
    }
}

/** Reads sigma:backup and sigma:drStack, recording every problem with key, value and fix. */
export function readBackupConfig(read: ConfigReader, region: string, topology: string): { backup: BackupConfig; drStack?: string } {
    const raw = read.object("backup") ?? {};
    unknownKeys(read, "backup", raw, BACKUP_KEYS);
    const frequency = stringOf(read, "backup.frequency", raw.frequency) ?? BACKUP_DEFAULTS.frequency;
    const frequencyIssue = frequencyProblem(frequency);
    if (frequencyIssue) {
        read.problem("backup.frequency", frequency, frequencyIssue);
    }
    const backup: BackupConfig = {
        enabled: boolOf(read, "backup.enabled", raw.enabled, true),
        frequency: frequencyIssue ? BACKUP_DEFAULTS.frequency : frequency,
        retentionDays: intOf(read, "backup.retentionDays", raw.retentionDays, BACKUP_DEFAULTS.retentionDays, 1, BACKUP_DEFAULTS.maxRetentionDays, " (the guide's default is 7)"),
        copyRetentionDays: intOf(read, "backup.copyRetentionDays", raw.copyRetentionDays, BACKUP_DEFAULTS.copyRetentionDays, 1, BACKUP_DEFAULTS.maxRetentionDays),
        vaultLock: boolOf(read, "backup.vaultLock", raw.vaultLock, BACKUP_DEFAULTS.vaultLock),
        vaultLockChangeableForDays: raw.vaultLockChangeableForDays === undefined ? undefined
            : intOf(read, "backup.vaultLockChangeableForDays", raw.vaultLockChangeableForDays, BACKUP_DEFAULTS.minChangeableForDays,
                BACKUP_DEFAULTS.minChangeableForDays, BACKUP_DEFAULTS.maxRetentionDays, " (compliance mode's grace period; unset means governance mode)"),
        copyToVaultArn: stringOf(read, "backup.copyToVaultArn", raw.copyToVaultArn),
        protect: boolOf(read, "backup.protect", raw.protect, BACKUP_DEFAULTS.protect),
        restoreTesting: boolOf(read, "backup.restoreTesting", raw.restoreTesting, true),
    };
    if (backup.copyToVaultArn !== undefined) {
        const problem = copyDestinationProblem(backup.copyToVaultArn, region);
        if (problem) {
            read.problem("backup.copyToVaultArn", backup.copyToVaultArn, problem);
        }
    }
    if (backup.vaultLockChangeableForDays !== undefined && !backup.vaultLock) {
        read.problem("backup.vaultLockChangeableForDays", backup.vaultLockChangeableForDays, "is set but backup.vaultLock is not; set backup.vaultLock true or remove it");
    }
    const drStack = read.string("drStack", { pattern: STACK_NAME, fix: "is not a stack name; use <stack>, <project>/<stack> or <org>/<project>/<stack> of the dr-region stack" });
    if (drStack !== undefined && backup.copyToVaultArn !== undefined) {
        read.problem("drStack", drStack, "and sigma:backup.copyToVaultArn both name the DR destination; keep only one");
    }
    if (topology === "dr-region") {
        if (drStack !== undefined || backup.copyToVaultArn !== undefined) {
            read.problem(drStack !== undefined ? "drStack" : "backup.copyToVaultArn", drStack ?? backup.copyToVaultArn,
                "is set on a dr-region stack, which is the copy destination itself; remove it");
        }
    } else if (!backup.enabled) {
        for (const [key, value] of [["backup.copyToVaultArn", backup.copyToVaultArn], ["drStack", drStack]] as const) {
            if (value !== undefined) {
                read.problem(key, value, "needs backups; set sigma:backup.enabled true or remove it");
            }
        }
    }
    return { backup, drStack };
}

/** Reads sigma:restore, the declarative restore request. */
export function readRestoreRequest(read: ConfigReader): RestoreRequest | undefined {
    const raw = read.object("restore");
    if (raw === undefined) {
        return undefined;
    }
    unknownKeys(read, "restore", raw, RESTORE_KEYS);
    const instanceId = stringOf(read, "restore.instanceId", raw.instanceId);
    if (instanceId === undefined && raw.instanceId === undefined) {
        read.missing("restore.instanceId", "name the backed-up instance to restore, e.g. pulumi config set --path sigma:restore.instanceId i-0123456789abcdef0");
    } else if (instanceId !== undefined && !/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(instanceId)) {
        read.problem("restore.instanceId", instanceId, "is not an instance id; use the form i-0123456789abcdef0");
    }
    const restoreInstanceType = stringOf(read, "restore.restoreInstanceType", raw.restoreInstanceType);
    if (restoreInstanceType !== undefined && !(restoreInstanceType in SUPPORTED_INSTANCE_TYPES)) {
        read.problem("restore.restoreInstanceType", restoreInstanceType, `is not supported; use one of ${Object.keys(SUPPORTED_INSTANCE_TYPES).join(", ")}`);
    }
    const recoveryPointArn = stringOf(read, "restore.recoveryPointArn", raw.recoveryPointArn);
    if (recoveryPointArn !== undefined && !RECOVERY_POINT_ARN.test(recoveryPointArn)) {
        read.problem("restore.recoveryPointArn", recoveryPointArn, "is not a recovery point ARN; copy one from the vault (arn:aws:ec2:<region>::image/ami-...)");
    }
    return instanceId ? { instanceId, restoreInstanceType, recoveryPointArn } : undefined;
}
