import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaBackupVault, SigmaMonitoring, SigmaRestore, SigmaSecurityGroups } from "../components";
import { alarmRecipients, auditTrail } from "./alerts";
import { DR_VAULT_OUTPUT, ebsKeyArns, restoreFunctionArgs } from "./backup";
import { DrRegionConfig } from "./config";
import { breakGlassRoleArn, protectsData } from "./keys";
import { drRegionOperations } from "./operations";

/**
 * The disaster-recovery region (guide 1.3, option 3): the vault that receives the primary's copies, with its
 * own KMS key, the restore role and Lambda, the security groups restored instances land in (an existing VPC from
 * config), and the region's own alarm topic for restore failures, the restore function's errors and destructive
 * actions on the vault and its key. It reads nothing from the primary region or its stack, so it deploys, restores
 * and alerts while the primary region is down. It runs no instance and makes no backups: no instance alarms, no
 * missed-backup alarm (the primary's copy-job failures are reported in the primary's region).
 */
export function drRegion(cfg: DrRegionConfig, provider: aws.Provider): Record<string, pulumi.Output<unknown>> {
    const opts = { provider };
    const [vaultKeyArn, resolveVaultKeyArn] = pulumi.deferredOutput<string>();
    const monitoring = new SigmaMonitoring("sigma", {
        ...alarmRecipients(cfg),
        watchedKeyArns: [vaultKeyArn, ...ebsKeyArns(cfg, provider)],
        functionNames: [restoreFunctionArgs(cfg).functionName],
    }, opts);
    // Keeps the name the former SigmaBackup had ("sigma-dr"): its children's names and aliases derive from it.
    const vault = new SigmaBackupVault("sigma-dr", {
        vaultName: `SigmaDrBackupVault-${cfg.stack}`,
        vaultLock: cfg.backup.vaultLock,
        vaultLockChangeableForDays: cfg.backup.vaultLockChangeableForDays,
        // Copies arrive with copyRetentionDays; the lock must not refuse them.
        vaultLockMinRetentionDays: cfg.backup.vaultLock ? cfg.backup.copyRetentionDays : undefined,
        protect: protectsData(cfg),
        breakGlassRoleArn: breakGlassRoleArn(cfg),
        notificationTopicArn: monitoring.topicArn,
    }, opts);
    resolveVaultKeyArn(vault.keyArn);
    const securityGroups = new SigmaSecurityGroups("sigma-dr", {
        vpcId: cfg.vpcId,
        appCidrs: cfg.appCidrs,
        adminCidrs: cfg.adminCidrs,
    }, opts);
    const restore = new SigmaRestore("sigma-dr", {
        vaultName: vault.vaultName,
        vaultArn: vault.vaultArn,
        notificationTopicArn: monitoring.topicArn,
        notificationKeyArn: monitoring.keyArn,
        // Copies are re-encrypted with the DR vault's key on arrival.
        kmsKeyArns: [vault.keyArn, ...ebsKeyArns(cfg, provider)],
        defaultSubnetId: cfg.subnetIds[0],
        defaultSecurityGroupIds: [securityGroups.appSecurityGroupId, securityGroups.dbSecurityGroupId],
        ...restoreFunctionArgs(cfg),
    }, opts);
    const outputs: Record<string, pulumi.Output<unknown>> = {
        [DR_VAULT_OUTPUT]: vault.vaultArn,
        DrBackupVaultName: vault.vaultName,
        AlarmTopicArn: monitoring.topicArn,
        RestoreFunctionName: restore.functionName,
        AppSecurityGroupId: securityGroups.appSecurityGroupId,
        DbSecurityGroupId: securityGroups.dbSecurityGroupId,
    };
    if (cfg.restore !== undefined) {
        outputs.RestoreJobId = restore.restoreJobId;
        outputs.RestoredInstanceId = restore.restoredInstanceId;
    }
    return { ...outputs, ...auditTrail(cfg, provider), ...drRegionOperations(cfg, provider, monitoring) };
}
