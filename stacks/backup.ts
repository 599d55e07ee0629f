import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaAirGappedVault, SigmaBackupPlan, SigmaBackupVault, SigmaConsistentSnapshots, SigmaRestore, SigmaRestoreTesting } from "../components";
import { parseVaultArn } from "../model/ids";
import { EnabledBackupConfig, PrimaryConfig, StackConfig } from "./config";
import { instanceRolePath, stackScope } from "./instanceArgs";
import { breakGlassRoleArn, protectsData, stackEbsKeyArn } from "./keys";

/** The stack output of a dr-region stack that other stacks read (sigma:drStack). */
export const DR_VAULT_OUTPUT = "DrBackupVaultArn";

/**
 * The EBS key the restore role must be allowed to use: sigma:kmsKeyArn (config admits key ARNs only: IAM cannot name a
 * key by alias) or the key the stack creates (stacks/keys.ts); none with the account's EBS default key.
 */
export function ebsKeyArns(cfg: StackConfig, provider?: aws.Provider): pulumi.Input<string>[] {
    const key = stackEbsKeyArn(cfg, provider);
    return key !== undefined ? [key] : [];
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
        // The backed-up instance profile is restored as it was; the restore role may pass the project's instance roles.
        instanceRolePath: instanceRolePath(cfg),
        restoreInstanceId: cfg.restore?.instanceId,
        restoreInstanceType: cfg.restore?.instanceType,
        restoreRecoveryPointArn: cfg.restore?.recoveryPointArn,
        // Who the function's resource policy lets invoke it (sigma:restoreInvokerArns); none when backups are off.
        restoreInvokerArns: "restoreInvokerArns" in cfg.backup ? cfg.backup.restoreInvokerArns : undefined,
    };
}

/** Where a stack's restore tests run: its own network, never the default VPC; the topology that owns the network passes it. */
export interface RestoreTestPlacement {
    vpcId: pulumi.Input<string>;
    /** The private subnet restored test instances launch in. */
    subnetId: pulumi.Input<string>;
    /** Subnets the validator runs in; they need a route to the AWS APIs on 443 (NAT or interface endpoints). */
    validatorSubnetIds: pulumi.Input<string>[];
}

/** The stack's one alarm topic (SigmaMonitoring's) and its key: vault notifications, restore outcomes and the restore function's failures go there. */
export interface StackAlerts {
    topicArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    /** The stack's alarms for its dashboard: deployBackup adds the ones it creates (the restore test's). */
    alarms?: aws.cloudwatch.MetricAlarm[];
}

/**
 * sigma:backup.consistency application: Data Lifecycle Manager snapshots of the stack's instances with MySQL flushed,
 * read-locked and frozen around them, on the backup schedule and retention, copied where the backups are copied. They add
 * to AWS Backup's recovery points, which stay the locked recovery path (docs/operations.md, "Consistent MySQL snapshots").
 */
function deployConsistentSnapshots(cfg: PrimaryConfig, backup: EnabledBackupConfig, provider: aws.Provider, destinations: pulumi.Input<string>[],
    alerts: StackAlerts): Record<string, pulumi.Output<unknown>> {
    const copyRegion = destinations.length === 0 ? undefined
        : pulumi.output(destinations[0]).apply((arn) => {
            const region = parseVaultArn(arn)?.region;
            if (region === undefined) {
                throw new Error(`the backup copy destination ${JSON.stringify(arn)} is not a backup vault ARN, so the consistent snapshots have no copy region; check sigma:drStack's ${DR_VAULT_OUTPUT} output`);
            }
            return region;
        });
    const snapshots = new SigmaConsistentSnapshots("sigma", {
        stackScope: stackScope(cfg),
        frequency: backup.frequency,
        retentionDays: backup.retentionDays,
        copyRegion,
        copyRetentionDays: copyRegion === undefined ? undefined : backup.copyRetentionDays,
        kmsKeyArns: ebsKeyArns(cfg, provider),
        alarmTopicArn: alerts.topicArn,
        extraAlarmTopicArns: cfg.alerts.alarmTopicArns,
        alarmNamePrefix: `${cfg.project}-${cfg.stack}`.replace(/[^A-Za-z0-9_.-]/g, "-"),
    }, { provider });
    alerts.alarms?.push(...snapshots.alarms);
    return { ConsistentSnapshotPolicyId: snapshots.policyId, ConsistentSnapshotDocumentName: snapshots.documentName };
}

export function deployBackup(cfg: PrimaryConfig, provider: aws.Provider, restoreTests: RestoreTestPlacement, alerts: StackAlerts): Record<string, pulumi.Output<unknown>> {
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
        protect: protectsData(cfg),
        breakGlassRoleArn: breakGlassRoleArn(cfg),
        notificationTopicArn: alerts.topicArn,
    }, opts);
    // The third copy: in this region, outside the vault's account-level deletion paths (AWS locks it in compliance mode).
    const airGapped = cfg.backup.airGappedCopy ? new SigmaAirGappedVault("sigma", {
        vaultName: `SigmaAirGappedVault-${cfg.stack}`,
        retentionDays: cfg.backup.airGappedRetentionDays,
        encryptionKeyArn: vault.keyArn,
        protect: protectsData(cfg),
    }, opts) : undefined;
    // One StackReference per stack: the plan and the consistent snapshots copy to the same place.
    const destinations = copyDestinations(cfg);
    const plan = new SigmaBackupPlan("sigma", {
        vaultName: vault.vaultName,
        vaultLockMinRetentionDays: vault.vaultLockMinRetentionDays,
        planName: `SigmaBackupPlan-${cfg.stack}`,
        frequency: cfg.backup.frequency,
        retentionDays: cfg.backup.retentionDays,
        copyToVaultArns: destinations,
        copyRetentionDays: cfg.backup.copyRetentionDays,
        stackScope: stackScope(cfg),
        airGappedVaultArn: airGapped?.vaultArn,
        airGappedRetentionDays: airGapped?.retentionDays,
    }, opts);
    const restore = new SigmaRestore("sigma", {
        vaultName: vault.vaultName,
        vaultArn: vault.vaultArn,
        notificationTopicArn: alerts.topicArn,
        notificationKeyArn: alerts.keyArn,
        kmsKeyArns: ebsKeyArns(cfg, provider),
        // Restores land only in the stack's own private subnets (all of them in multi-az) and carry only its VPC's groups.
        allowedSubnetIds: restoreTests.validatorSubnetIds,
        vpcId: restoreTests.vpcId,
        ...restoreFunctionArgs(cfg),
    }, opts);
    const outputs: Record<string, pulumi.Output<unknown>> = {
        BackupVaultName: vault.vaultName,
        BackupVaultArn: vault.vaultArn,
        BackupSchedule: pulumi.output(plan.schedule),
        BackupVaultKeyArn: vault.keyArn,
        // The role the pre-patch backup (SigmaPatching) passes to AWS Backup, as the plan does.
        BackupRoleArn: plan.backupRoleArn,
        RestoreFunctionName: restore.functionName,
    };
    if (airGapped !== undefined) {
        outputs.AirGappedVaultArn = airGapped.vaultArn;
    }
    if (cfg.backup.consistency === "application") {
        Object.assign(outputs, deployConsistentSnapshots(cfg, cfg.backup, provider, destinations, alerts));
    }
    if (cfg.backup.restoreTesting) {
        const testing = new SigmaRestoreTesting("sigma", {
            planName: `sigma_${cfg.stack.replace(/[^A-Za-z0-9_]/g, "_")}_restore_test`,
            vaultArn: vault.vaultArn,
            restoreRoleArn: restore.restoreRoleArn,
            vpcId: restoreTests.vpcId,
            subnetId: restoreTests.subnetId,
            validatorSubnetIds: restoreTests.validatorSubnetIds,
            alarmTopicArn: alerts.topicArn,
            alarmTopicKeyArn: alerts.keyArn,
            stackName: cfg.stack,
            validatorFunctionName: `SigmaRestoreValidator-${cfg.stack}`,
        }, opts);
        alerts.alarms?.push(...testing.validation.alarms);
        outputs.RestoreTestingPlanName = testing.planName;
        outputs.RestoreValidatorFunctionName = testing.validatorFunctionName;
    }
    if (cfg.restore !== undefined) {
        outputs.RestoreJobId = restore.restoreJobId;
        outputs.RestoredInstanceId = restore.restoredInstanceId;
    }
    return outputs;
}
