import { BACKUP_MAX_RETENTION_DAYS, VAULT_LOCK_MIN_CHANGEABLE_DAYS } from "../../model/limits";

/** Defaults of SigmaBackupVault and SigmaBackupPlan, in one place (the stack config reads them too). */
export const BACKUP_DEFAULTS = {
    /** The guide's default (section 9.2). */
    frequency: "daily",
    /** The guide's default retention (sections 1.2 and 9.2); also the vault lock's minimum when none is given. */
    retentionDays: 7,
    /** AWS Backup's smallest start window; a missed start is retried within it. */
    startWindowMinutes: 60,
    /** Three hours for an AMI of a 100 GiB+ instance to complete. */
    completionWindowMinutes: 180,
    /** A month of disaster-recovery copies in the other region. */
    copyRetentionDays: 30,
    /** KMS's longest waiting period, so a scheduled key deletion can be cancelled for a month. */
    keyDeletionWindowDays: 30,
    vaultLock: false,
    protect: false,
    /** Compliance-mode grace period the stacks give a new lock: a week to find a mistake before nobody can undo it (AWS's minimum is 3). */
    vaultLockChangeableForDays: 7,
    /** A quarter of air-gapped copies: older than the DR copies, for recovery after the account itself is compromised. */
    airGappedRetentionDays: 90,
    /** AWS Backup's longest retention (100 years). */
    maxRetentionDays: BACKUP_MAX_RETENTION_DAYS,
    /** AWS Backup's shortest compliance-mode grace period. */
    minChangeableForDays: VAULT_LOCK_MIN_CHANGEABLE_DAYS,
};

/**
 * The `component` tag of every backup resource. Both halves keep the value they had before SigmaBackup was split,
 * so the split rewrites no tag on the deployed (protected) key and vault nor on future recovery points.
 */
export const BACKUP_COMPONENT_TAG = "SigmaBackup";
