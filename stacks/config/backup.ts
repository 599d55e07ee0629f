import { BACKUP_DEFAULTS, BACKUP_FREQUENCIES, BREAK_GLASS_ROLE_EXAMPLE, breakGlassRoleArnProblem, frequencyProblem, LOGICALLY_AIR_GAPPED_MIN_RETENTION_DAYS,
    MAX_ALARM_EVALUATION_HOURS, MONITORING_DEFAULTS, restoreInvokerArnProblem } from "../../components";
import { cronProblem, maxIntervalHours } from "../../model/cron";
import { ID_EXAMPLES, isId, isRecoveryPointArn, parseArn, parseVaultArn, REGION } from "../../model/ids";
import { BACKUP_MAX_RETENTION_DAYS, VAULT_LOCK_MIN_CHANGEABLE_DAYS } from "../../model/limits";
import { CONFIG_DEFAULTS, defaultOf, PROTECTED_TOPOLOGIES } from "./keys";
import { suggestInstanceType, SUPPORTED_TYPES } from "./instance";
import { nearest } from "./nearest";
import { ConfigReader, show } from "./reader";

/** The vault settings every topology has (in dr-region, of the vault that receives the copies). */
export interface BackupVaultConfig {
    /** Days copies are kept in the DR vault (in the dr stack, also the vault lock's minimum retention). */
    copyRetentionDays: number;
    vaultLock: boolean;
    /** Compliance-mode grace period in days (default 7); undefined without a lock and in governance mode. */
    vaultLockChangeableForDays?: number;
    /** Why the lock is in governance mode (sigma:backup.vaultLockGovernanceReason); governance only with a reason. */
    vaultLockGovernanceReason?: string;
    /** Protect the vault, keys, lock, access policy and the DB data volume from `pulumi destroy` and keep them when removed. */
    protect: boolean;
    /** Why a multi-az or dr-region stack's backups are less protected than its default (no lock, or protect false). */
    protectWaiver?: string;
    /** The one role that may destroy recovery points and keys (sigma:breakGlassRoleArn); required in multi-az and dr-region. */
    breakGlassRoleArn?: string;
    /** Principals the restore function's resource policy lets invoke it (sigma:restoreInvokerArns). */
    restoreInvokerArns?: string[];
}

/** sigma:backup of a primary topology (single-az, multi-az) whose backups are on. */
export interface EnabledBackupConfig extends BackupVaultConfig {
    enabled: true;
    /** hourly, every12Hours, daily or a custom AWS cron. */
    frequency: string;
    /** The longest gap between backups of `frequency`, in hours (model/cron): the missed-backup alarm waits twice this. */
    intervalHours: number;
    retentionDays: number;
    /** A DR vault ARN in another region to copy every recovery point to (or sigma:drStack). */
    copyToVaultArn?: string;
    /** Weekly restore test of the newest recovery point. */
    restoreTesting: boolean;
    /** A third copy in a logically air-gapped vault in the stack's region, kept airGappedRetentionDays. */
    airGappedCopy: boolean;
    airGappedRetentionDays: number;
    /**
     * crash: AWS Backup's recovery points only (crash-consistent). application: also Data Lifecycle Manager snapshots taken
     * with MySQL flushed and read-locked and its data volume frozen (SigmaConsistentSnapshots).
     */
    consistency: BackupConsistency;
}

/** sigma:backup.consistency's values. */
export const BACKUP_CONSISTENCIES = ["crash", "application"] as const;
export type BackupConsistency = (typeof BACKUP_CONSISTENCIES)[number];

/** sigma:backup of a primary topology: on with its settings, or off (sigma:backup.enabled false). */
export type PrimaryBackupConfig = EnabledBackupConfig | { enabled: false };

/** sigma:restore: asks `pulumi up` to restore an instance and show the restore job id. */
export interface RestoreRequest {
    instanceId: string;
    /** Instance type of the restored instance (SigmaRestore's restoreInstanceType); the backed-up one when unset. */
    instanceType?: string;
    /** The recovery point (SigmaRestore's restoreRecoveryPointArn); the newest completed one when unset. */
    recoveryPointArn?: string;
}

export const BACKUP_VAULT_KEYS = ["sigma:backup", "sigma:backup.copyRetentionDays", "sigma:backup.vaultLock",
    "sigma:backup.vaultLockChangeableForDays", "sigma:backup.vaultLockGovernanceReason", "sigma:backup.protect", "sigma:backup.protectWaiver",
    "sigma:breakGlassRoleArn", "sigma:restoreInvokerArns"] as const;
export const PRIMARY_BACKUP_KEYS = [...BACKUP_VAULT_KEYS, "sigma:backup.enabled", "sigma:backup.frequency", "sigma:backup.retentionDays",
    "sigma:backup.copyToVaultArn", "sigma:backup.restoreTesting", "sigma:backup.airGappedCopy", "sigma:backup.airGappedRetentionDays",
    "sigma:backup.consistency", "sigma:drStack"] as const;
export const RESTORE_KEYS = ["sigma:restore", "sigma:restore.instanceId", "sigma:restore.instanceType", "sigma:restore.recoveryPointArn"] as const;

const FREQUENCY_NAMES = Object.keys(BACKUP_FREQUENCIES);
// Pulumi stack names: letters, digits, _ . -, optionally qualified as <project>/<stack> or <org>/<project>/<stack>.
// https://www.pulumi.com/docs/iac/concepts/stacks/#stackreferences
const STACK_NAME_PART = /^[A-Za-z0-9_.-]{1,100}$/;
const EXAMPLE_DR_STACK = "acme/sigma/dr";

/** The cron a frequency stands for: a named frequency's (looked up as an own key only) or the custom cron itself. */
function scheduleOf(frequency: string): string {
    return Object.hasOwn(BACKUP_FREQUENCIES, frequency) ? BACKUP_FREQUENCIES[frequency as keyof typeof BACKUP_FREQUENCIES] : frequency;
}

function frequencyIssue(frequency: string, now: Date): string | undefined {
    if (Object.hasOwn(BACKUP_FREQUENCIES, frequency)) {
        return undefined;
    }
    if (frequency !== frequency.trim() && frequencyIssue(frequency.trim(), now) === undefined) {
        // The plan's ScheduleExpression is sent as written, and AWS's cron is "cron(fields)" with nothing around it
        // (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html, ScheduleExpression).
        return `has spaces around it; use ${JSON.stringify(frequency.trim())}`;
    }
    if (!frequency.trim().startsWith("cron(")) {
        const hint = nearest(frequency, FREQUENCY_NAMES);
        return `is neither ${FREQUENCY_NAMES.join(", ")} nor an AWS cron; ${hint ? `did you mean ${hint}? ` : ""}use one of those names or a cron such as cron(0 3 * * ? *)`;
    }
    // The model judges the cron (fields, past years, sub-hourly); the component's own check must agree too.
    const problem = cronProblem(frequency, now) ?? frequencyProblem(frequency);
    return problem ? withoutTrailingFix(problem) + "; use hourly, every12Hours, daily or a valid cron such as cron(0 3 * * ? *)" : undefined;
}

/** A cron problem's fix is replaced by the config's own, so the one fix shown is an accepted value. */
function withoutTrailingFix(problem: string): string {
    return problem.replace(/; use hourly, every12Hours, daily or a valid cron\(\.\.\.\)$/, "");
}

/** The longest gap between backups of a frequency already judged valid (0 if the model cannot say). */
function longestGapHours(frequency: string, now: Date): number {
    try {
        return maxIntervalHours(scheduleOf(frequency), now);
    } catch {
        // cronProblem accepted the schedule; a gap the model cannot compute is no reason to refuse it.
        return 0;
    }
}

function stackNameProblem(value: string, project: string, stack: string): string | undefined {
    const parts = value.split("/");
    if (parts.length > 3 || parts.some((part) => !STACK_NAME_PART.test(part) || part === "." || part === "..")) {
        return `is not a stack name; use <stack>, <project>/<stack> or <org>/<project>/<stack>, each part letters, digits, _ . - (not . or ..), e.g. ${EXAMPLE_DR_STACK}`;
    }
    const sameProject = parts.length === 1 || parts[parts.length - 2] === project;
    if (sameProject && parts[parts.length - 1] === stack) {
        return `names this stack; name the dr-region stack that receives the copies, e.g. ${EXAMPLE_DR_STACK}`;
    }
    return undefined;
}

/** Members of sigma:backup that were set explicitly. */
function setMembers(raw: Record<string, unknown>): string[] {
    return Object.keys(raw).filter((member) => raw[member] !== undefined);
}

/** Whether the stack's topology is one whose backups are protected by default (multi-az and dr-region). */
export function protectedByDefault(read: ConfigReader): boolean {
    const topology = read.raw("topology") ?? CONFIG_DEFAULTS["sigma:topology"];
    return (PROTECTED_TOPOLOGIES as readonly unknown[]).includes(topology);
}

/** A free-text reason (a waiver): at least a few words, so "x" or "n/a" does not pass for one. */
function reasonProblem(value: string): string | undefined {
    return value.trim().split(/\s+/).length >= 3 ? undefined : "is not a reason; say in a sentence why, e.g. \"staging copy of prod, rebuilt weekly from prod's backups\"";
}

function readVault(read: ConfigReader, raw: Record<string, unknown>): BackupVaultConfig {
    const hardened = protectedByDefault(read);
    const topology = read.raw("topology") ?? CONFIG_DEFAULTS["sigma:topology"];
    const vaultLock = read.booleanOf("backup.vaultLock", raw.vaultLock, hardened);
    const governanceReason = read.stringOf("backup.vaultLockGovernanceReason", raw.vaultLockGovernanceReason, reasonProblem);
    const changeable = raw.vaultLockChangeableForDays === undefined ? undefined
        : read.integerOf("backup.vaultLockChangeableForDays", raw.vaultLockChangeableForDays, BACKUP_DEFAULTS.vaultLockChangeableForDays,
            VAULT_LOCK_MIN_CHANGEABLE_DAYS, BACKUP_MAX_RETENTION_DAYS, " (compliance mode's grace period; AWS's minimum is 3)");
    if (raw.vaultLockChangeableForDays !== undefined && !vaultLock) {
        read.problem("backup.vaultLockChangeableForDays", raw.vaultLockChangeableForDays,
            "is the grace period of a vault lock, but sigma:backup.vaultLock is false; set sigma:backup.vaultLock true, or remove it");
    }
    if (raw.vaultLockGovernanceReason !== undefined && !vaultLock) {
        read.problem("backup.vaultLockGovernanceReason", raw.vaultLockGovernanceReason,
            "chooses the mode of a vault lock, but sigma:backup.vaultLock is false; set sigma:backup.vaultLock true, or remove it");
    } else if (raw.vaultLockGovernanceReason !== undefined && raw.vaultLockChangeableForDays !== undefined) {
        read.problem("backup.vaultLockGovernanceReason", raw.vaultLockGovernanceReason,
            "makes the lock governance mode, but sigma:backup.vaultLockChangeableForDays is compliance mode's grace period; keep one of them");
    }
    const protect = read.booleanOf("backup.protect", raw.protect, hardened);
    const protectWaiver = read.stringOf("backup.protectWaiver", raw.protectWaiver, reasonProblem);
    const waived = [...(!vaultLock ? ["sigma:backup.vaultLock false"] : []), ...(!protect ? ["sigma:backup.protect false"] : [])];
    if (hardened && raw.protectWaiver === undefined) {
        const why = `a ${topology} stack refuses it without a reason; remove it, or say why in sigma:backup.protectWaiver`;
        if (!vaultLock && !read.refused("backup.vaultLock")) {
            read.problem("backup.vaultLock", raw.vaultLock, `leaves the recovery points deletable before their retention ends; ${why}`);
        }
        if (!protect && !read.refused("backup.protect")) {
            read.problem("backup.protect", raw.protect, `lets \`pulumi destroy\` delete the vault, keys and the DB data volume; ${why}`);
        }
    }
    if (raw.protectWaiver !== undefined && !(hardened && waived.length > 0)) {
        read.problem("backup.protectWaiver", raw.protectWaiver, hardened
            ? "waives nothing: the vault is locked and protected; remove it"
            : `waives nothing: a ${topology} stack's backups are not protected by default; remove it`);
    }
    const breakGlassRoleArn = read.string("breakGlassRoleArn", breakGlassRoleArnProblem);
    if (hardened && !read.has("breakGlassRoleArn")) {
        read.missing("breakGlassRoleArn", `a ${topology} stack denies deleting recovery points and keys to everyone but one break-glass role; name it, e.g. pulumi config set sigma:breakGlassRoleArn ${BREAK_GLASS_ROLE_EXAMPLE} (README: break-glass)`);
    }
    const compliance = vaultLock && raw.vaultLockGovernanceReason === undefined;
    return {
        copyRetentionDays: read.integerOf("backup.copyRetentionDays", raw.copyRetentionDays, defaultOf<number>("sigma:backup.copyRetentionDays"),
            1, BACKUP_MAX_RETENTION_DAYS),
        vaultLock,
        vaultLockChangeableForDays: compliance ? changeable ?? BACKUP_DEFAULTS.vaultLockChangeableForDays : undefined,
        vaultLockGovernanceReason: vaultLock ? governanceReason : undefined,
        protect,
        protectWaiver,
        breakGlassRoleArn,
        restoreInvokerArns: read.stringList("restoreInvokerArns", restoreInvokerArnProblem),
    };
}

/** sigma:backup of a dr-region stack: the settings of the vault that receives the primary's copies. */
export function readDrVault(read: ConfigReader): BackupVaultConfig {
    return readVault(read, read.object("backup") ?? {});
}

/**
 * sigma:backup and sigma:drStack of a primary topology. Every contradiction is refused rather than resolved:
 * settings of disabled backups, two copy destinations, copy settings without a copy, retention shorter than
 * the gap between backups.
 */
export function readPrimaryBackup(read: ConfigReader, region: string): { backup: PrimaryBackupConfig; drStack?: string } {
    const raw = read.object("backup") ?? {};
    const enabled = read.booleanOf("backup.enabled", raw.enabled, defaultOf<boolean>("sigma:backup.enabled"));
    const drStack = read.string("drStack", (value) => stackNameProblem(value, read.source.project, read.source.stack));
    if (!enabled) {
        for (const member of setMembers(raw).filter((member) => member !== "enabled")) {
            read.problem(`backup.${member}`, raw[member], "has no effect: sigma:backup.enabled is false; remove it, or set sigma:backup.enabled true");
        }
        if (read.has("drStack")) {
            read.problem("drStack", read.raw("drStack"), "receives copies of backups, but sigma:backup.enabled is false; remove it, or set sigma:backup.enabled true");
        }
        if (read.has("breakGlassRoleArn")) {
            read.problem("breakGlassRoleArn", read.raw("breakGlassRoleArn"), "guards the backup vault, but sigma:backup.enabled is false; remove it, or set sigma:backup.enabled true");
        }
        if (read.has("restoreInvokerArns")) {
            read.problem("restoreInvokerArns", read.raw("restoreInvokerArns"), "may invoke the restore function, which sigma:backup.enabled false does not deploy; remove it, or set sigma:backup.enabled true");
        }
        return { backup: { enabled: false } };
    }
    const frequency = read.stringOf("backup.frequency", raw.frequency, (value) => frequencyIssue(value, read.now))
        ?? defaultOf<string>("sigma:backup.frequency");
    const retentionDays = read.integerOf("backup.retentionDays", raw.retentionDays, defaultOf<number>("sigma:backup.retentionDays"),
        1, BACKUP_MAX_RETENTION_DAYS, " (the guide's default is 7)");
    const intervalHours = read.refused("backup.frequency") ? 0 : longestGapHours(frequency, read.now);
    if (!read.refused("backup.frequency") && !read.refused("backup.retentionDays") && retentionDays * 24 < intervalHours) {
        read.problem("backup.retentionDays", raw.retentionDays ?? retentionDays,
            `keeps each recovery point less than the ${intervalHours} hours between backups of sigma:backup.frequency ${show(frequency)}, so at times none exists; keep them at least ${Math.ceil(intervalHours / 24)} days`);
    }
    // The missed-backup alarm (SigmaMonitoring) waits rpoIntervals of this gap; CloudWatch evaluates at most 7 days.
    const maxGapHours = MAX_ALARM_EVALUATION_HOURS / MONITORING_DEFAULTS.rpoIntervals;
    if (!read.refused("backup.frequency") && (intervalHours === 0 || intervalHours > maxGapHours)) {
        read.problem("backup.frequency", raw.frequency ?? frequency, intervalHours === 0
            ? "has a gap between backups the schedule model cannot compute, so no missed-backup alarm could watch it; use hourly, every12Hours, daily or a cron such as cron(0 3 * * ? *)"
            : `leaves up to ${intervalHours} hours between backups, but the missed-backup alarm waits ${MONITORING_DEFAULTS.rpoIntervals} gaps and CloudWatch evaluates at most ${MAX_ALARM_EVALUATION_HOURS} hours; back up at least every ${maxGapHours} hours, e.g. daily or cron(0 3 ? * MON,WED,FRI *)`);
    }
    const copyToVaultArn = read.stringOf("backup.copyToVaultArn", raw.copyToVaultArn, (value) => {
        const vault = parseVaultArn(value);
        if (!vault) {
            return "is not a backup vault ARN; use arn:aws:backup:<region>:<account>:backup-vault:<name>, the dr stack's DrBackupVaultArn output";
        }
        return REGION.test(region) && vault.region === region
            ? `is in ${region}, the stack's own region; a disaster-recovery copy must go to another region: use the dr stack's DrBackupVaultArn`
            : undefined;
    });
    if (read.has("drStack") && raw.copyToVaultArn !== undefined) {
        read.problem("drStack", read.raw("drStack"), "and sigma:backup.copyToVaultArn both name the copy destination; keep one of them");
    }
    if (raw.copyRetentionDays !== undefined && !read.has("drStack") && raw.copyToVaultArn === undefined) {
        read.problem("backup.copyRetentionDays", raw.copyRetentionDays,
            "keeps copies, but nothing is copied; set sigma:drStack or sigma:backup.copyToVaultArn, or remove it");
    }
    const backup: EnabledBackupConfig = {
        enabled: true,
        frequency,
        intervalHours,
        retentionDays,
        ...readVault(read, raw),
        copyToVaultArn,
        restoreTesting: read.booleanOf("backup.restoreTesting", raw.restoreTesting, defaultOf<boolean>("sigma:backup.restoreTesting")),
        ...readAirGapped(read, raw),
        consistency: read.oneOfValue("backup.consistency", raw.consistency, BACKUP_CONSISTENCIES, defaultOf<BackupConsistency>("sigma:backup.consistency"),
            (value) => nearest(value, BACKUP_CONSISTENCIES)),
    };
    return { backup, drStack };
}

/** sigma:backup.airGappedCopy and its retention (AWS's minimum for a logically air-gapped vault is 7 days). */
function readAirGapped(read: ConfigReader, raw: Record<string, unknown>): { airGappedCopy: boolean; airGappedRetentionDays: number } {
    const airGappedCopy = read.booleanOf("backup.airGappedCopy", raw.airGappedCopy, defaultOf<boolean>("sigma:backup.airGappedCopy"));
    const airGappedRetentionDays = read.integerOf("backup.airGappedRetentionDays", raw.airGappedRetentionDays,
        defaultOf<number>("sigma:backup.airGappedRetentionDays"), LOGICALLY_AIR_GAPPED_MIN_RETENTION_DAYS, BACKUP_MAX_RETENTION_DAYS,
        " (a logically air-gapped vault keeps copies at least 7 days)");
    if (raw.airGappedRetentionDays !== undefined && !airGappedCopy) {
        read.problem("backup.airGappedRetentionDays", raw.airGappedRetentionDays,
            "keeps air-gapped copies, but sigma:backup.airGappedCopy is not true; set sigma:backup.airGappedCopy true, or remove it");
    }
    return { airGappedCopy, airGappedRetentionDays };
}

/** sigma:restore, the declarative restore request; `vaultExists` is false where sigma:backup.enabled is false. */
export function readRestore(read: ConfigReader, region: string, vaultExists: boolean): RestoreRequest | undefined {
    const raw = read.object("restore");
    if (raw === undefined) {
        return undefined;
    }
    if (!vaultExists) {
        read.problem("restore", raw, "restores from the stack's backup vault, but sigma:backup.enabled is false; remove sigma:restore, or set sigma:backup.enabled true");
        return undefined;
    }
    const instanceId = read.stringOf("restore.instanceId", raw.instanceId, (value) => isId("instance", value) ? undefined
        : `is not an instance id; use the backed-up instance's id, e.g. ${ID_EXAMPLES.instance}`);
    if (raw.instanceId === undefined) {
        read.missing("restore.instanceId", `name the backed-up instance to restore, e.g. pulumi config set --path sigma:restore.instanceId ${ID_EXAMPLES.instance}`);
    }
    const instanceType = read.stringOf("restore.instanceType", raw.instanceType, (value) => SUPPORTED_TYPES.includes(value) ? undefined
        : `is not supported; ${suggestInstanceType(value) ? `did you mean ${suggestInstanceType(value)}? ` : ""}use one of ${SUPPORTED_TYPES.join(", ")}`);
    const recoveryPointArn = read.stringOf("restore.recoveryPointArn", raw.recoveryPointArn, (value) => {
        if (!isRecoveryPointArn(value)) {
            return "is not a recovery point ARN; copy one from the vault, e.g. arn:aws:ec2:<region>::image/ami-0123456789abcdef0";
        }
        const pointRegion = parseArn(value)!.region;
        return REGION.test(region) && pointRegion !== region
            ? `is in ${pointRegion}, but this stack restores in ${region}; use a recovery point of this stack's vault (in ${region})` : undefined;
    });
    return instanceId === undefined ? undefined : { instanceId, instanceType, recoveryPointArn };
}
