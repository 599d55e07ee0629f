import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaBackupPlan, SigmaBackupVault, SigmaRestore, SigmaRestoreTesting } from "../components";
import { PrimaryConfig, StackConfig } from "./config";

/** The stack output of a dr-region stack that other stacks read (sigma:drStack). */
export const DR_VAULT_OUTPUT = "DrBackupVaultArn";

/** The EBS key the restore role must be allowed to use (config admits key ARNs only: IAM cannot name a key by alias). */
export function ebsKeyArns(cfg: StackConfig): pulumi.Input<string>[] {
    return cfg.kmsKeyArn !== undefined ? [cfg.kmsKeyArn] : [];
}

/** Where copies go: the dr stack's vault through a StackReference, or an ARN from config, or nowhere. */
export function copyDestinations(cfg: PrimaryConfig): pulumi.Input<string>[] {
    if (cfg.drStack !== undefined) {
        const dr = new pulumi.StackReference(cfg.drStack);
        return [dr.requireOutput(DR_VAULT_OUTPUT).apply((arn) => String(arn))];
    }
    return cfg.backup.enabled && cfg.backup.copyToVaultArn !== undefined ? [cfg.backup.copyToVaultArn] : [];
}

/**
 * Backup, restore and restore testing for any primary topology. Instances are selected by the sigma:backup tag
 * that SigmaInstance sets, so the caller passes no instance list: every tagged instance of the account and
 * region is covered, whichever topology created it. Returns the stack outputs it adds.
 */
/** The restore Lambda's per-stack name and the restore `sigma:restore` declares, for SigmaRestore's args. */
export function restoreFunctionArgs(cfg: StackConfig) {
    return {
        functionName: `EC2RestoreLambdaFunction-${cfg.stack}`,
        restoreInstanceId: cfg.restore?.instanceId,
        restoreInstanceType: cfg.restore?.instanceType,
        restoreRecoveryPointArn: cfg.restore?.recoveryPointArn,
    };
}

export function deployBackup(cfg: PrimaryConfig, provider: aws.Provider): Record<string, pulumi.Output<unknown>> {
    if (!cfg.backup.enabled) {
        return {};
    }
    const opts = { provider };
    // Both keep the name the former SigmaBackup had ("sigma"): their children's names and aliases derive from it.
    const vault = new SigmaBackupVault("sigma", {
        vaultName: `SigmaBackupVault-${cfg.stack}`,
        vaultLock: cfg.backup.vaultLock,
        vaultLockChangeableForDays: cfg.backup.vaultLockChangeableForDays,
        // The lock's minimum is the plan's retention, so it refuses none of the plan's backups.
        vaultLockMinRetentionDays: cfg.backup.vaultLock ? cfg.backup.retentionDays : undefined,
        protect: cfg.backup.protect,
    }, opts);
    const plan = new SigmaBackupPlan("sigma", {
        vaultName: vault.vaultName,
        vaultLockMinRetentionDays: vault.vaultLockMinRetentionDays,
        planName: `SigmaBackupPlan-${cfg.stack}`,
        frequency: cfg.backup.frequency,
        retentionDays: cfg.backup.retentionDays,
        copyToVaultArns: copyDestinations(cfg),
        copyRetentionDays: cfg.backup.copyRetentionDays,
    }, opts);
    const restore = new SigmaRestore("sigma", {
        vaultName: vault.vaultName,
        vaultArn: vault.vaultArn,
        notificationTopicArn: vault.notificationTopicArn,
        notificationKeyArn: vault.keyArn,
        kmsKeyArns: ebsKeyArns(cfg),
        ...restoreFunctionArgs(cfg),
    }, opts);
    const outputs: Record<string, pulumi.Output<unknown>> = {
        BackupVaultName: vault.vaultName,
        BackupVaultArn: vault.vaultArn,
        BackupSchedule: pulumi.output(plan.schedule),
        BackupNotificationTopicArn: vault.notificationTopicArn,
        RestoreFunctionName: restore.functionName,
    };
    if (cfg.backup.restoreTesting) {
        const testing = new SigmaRestoreTesting("sigma", {
            planName: `sigma_${cfg.stack.replace(/[^A-Za-z0-9_]/g, "_")}_restore_test`,
            vaultArn: vault.vaultArn,
            restoreRoleArn: restore.restoreRoleArn,
        }, opts);
        outputs.RestoreTestingPlanName = testing.planName;
    }
    if (cfg.restore !== undefined) {
        outputs.RestoreJobId = restore.restoreJobId;
    }
    return outputs;
}
