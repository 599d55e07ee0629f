import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaBackup, SigmaRestore, SigmaRestoreTesting } from "../components";
import { SigmaConfig } from "./config";

/** The stack output of a dr-region stack that other stacks read (sigma:drStack). */
export const DR_VAULT_OUTPUT = "DrBackupVaultArn";

/** The EBS key the restore role must be allowed to use: IAM can only name a key by its key ARN, not an alias. */
export function ebsKeyArns(cfg: SigmaConfig): string[] {
    return cfg.kmsKeyArn !== undefined && cfg.kmsKeyArn.includes(":key/") ? [cfg.kmsKeyArn] : [];
}

/** Where copies go: the dr stack's vault through a StackReference, or an ARN from config, or nowhere. */
export function copyDestinations(cfg: SigmaConfig): pulumi.Input<string>[] {
    if (cfg.drStack !== undefined) {
        const dr = new pulumi.StackReference(cfg.drStack);
        return [dr.requireOutput(DR_VAULT_OUTPUT).apply((arn) => String(arn))];
    }
    return cfg.backup.copyToVaultArn !== undefined ? [cfg.backup.copyToVaultArn] : [];
}

/**
 * Backup, restore and restore testing for any primary topology. Instances are selected by the sigma:backup tag
 * that SigmaInstance sets, so the caller passes no instance list: every tagged instance of the account and
 * region is covered, whichever topology created it. Returns the stack outputs it adds.
 */
/** The restore Lambda's per-stack name and the restore `sigma:restore` declares, for SigmaRestore's args. */
export function restoreFunctionArgs(cfg: SigmaConfig) {
    return {
        functionName: `EC2RestoreLambdaFunction-${cfg.stack}`,
        restoreInstanceId: cfg.restore?.instanceId,
        restoreInstanceType: cfg.restore?.restoreInstanceType,
        restoreRecoveryPointArn: cfg.restore?.recoveryPointArn,
    };
}

export function deployBackup(cfg: SigmaConfig, provider: aws.Provider): Record<string, pulumi.Output<unknown>> {
    if (!cfg.backup.enabled) {
        return {};
    }
    const opts = { provider };
    const backup = new SigmaBackup("sigma", {
        vaultName: `SigmaBackupVault-${cfg.stack}`,
        planName: `SigmaBackupPlan-${cfg.stack}`,
        frequency: cfg.backup.frequency,
        retentionDays: cfg.backup.retentionDays,
        copyToVaultArns: copyDestinations(cfg),
        copyRetentionDays: cfg.backup.copyRetentionDays,
        vaultLock: cfg.backup.vaultLock,
        vaultLockChangeableForDays: cfg.backup.vaultLockChangeableForDays,
        protect: cfg.backup.protect,
    }, opts);
    const restore = new SigmaRestore("sigma", {
        vaultName: backup.vaultName,
        vaultArn: backup.vaultArn,
        notificationTopicArn: backup.notificationTopicArn,
        notificationKeyArn: backup.keyArn,
        kmsKeyArns: ebsKeyArns(cfg),
        ...restoreFunctionArgs(cfg),
    }, opts);
    const outputs: Record<string, pulumi.Output<unknown>> = {
        BackupVaultName: backup.vaultName,
        BackupVaultArn: backup.vaultArn,
        BackupSchedule: pulumi.output(backup.schedule),
        BackupNotificationTopicArn: backup.notificationTopicArn,
        RestoreFunctionName: restore.functionName,
    };
    if (cfg.backup.restoreTesting) {
        const testing = new SigmaRestoreTesting("sigma", {
            planName: `sigma_${cfg.stack.replace(/[^A-Za-z0-9_]/g, "_")}_restore_test`,
            vaultArn: backup.vaultArn,
            restoreRoleArn: restore.restoreRoleArn,
        }, opts);
        outputs.RestoreTestingPlanName = testing.planName;
    }
    if (cfg.restore !== undefined) {
        outputs.RestoreJobId = restore.restoreJobId;
    }
    return outputs;
}
