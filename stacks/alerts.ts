import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaAuditTrail, SigmaMonitoringArgs } from "../components";
import { restoreFunctionArgs } from "./backup";
import { protectsData, watchedEbsKeyArns } from "./keys";
import { PrimaryConfig, StackConfig } from "./config";

/** Who hears a stack's alarms, from its config (the same in every topology). */
export function alarmRecipients(cfg: StackConfig): Pick<SigmaMonitoringArgs, "alarmEmails" | "alarmEmailsOptOut" | "alarmTopicArns" | "protectData"> {
    // The alarm key is protected with the stack's data: destroying it would silence every encrypted alarm route.
    return { alarmEmails: cfg.alerts.alarmEmails, alarmEmailsOptOut: cfg.alerts.alarmEmailsOptOut, alarmTopicArns: cfg.alerts.alarmTopicArns, protectData: protectsData(cfg) };
}

/**
 * The CloudTrail trail SigmaMonitoring's destructive-action rules depend on: EventBridge sees CloudTrail's API-call
 * events only where a trail logs them. The one named by sigma:auditTrailArn, or a trail of the stack's own.
 */
export function auditTrail(cfg: StackConfig, provider: aws.Provider): Record<string, pulumi.Output<unknown>> {
    if (cfg.alerts.auditTrailArn !== undefined) {
        return { AuditTrailArn: pulumi.output(cfg.alerts.auditTrailArn) };
    }
    const trail = new SigmaAuditTrail("sigma", { trailName: `${cfg.project}-${cfg.stack}-audit`, protectData: protectsData(cfg) }, { provider });
    return { AuditTrailArn: trail.trailArn, AuditTrailBucket: trail.bucketName };
}

/**
 * What a primary stack's monitoring watches of its backups, which exist only after the monitoring topic they
 * notify: the vault's name and key (for the missed-backup alarm and the key-change rule) arrive through deferred
 * outputs that `resolve` settles with deployBackup's outputs.
 */
export function backupWatch(cfg: PrimaryConfig): { args: Partial<SigmaMonitoringArgs>; resolve: (backupOutputs: Record<string, pulumi.Output<unknown>>) => void } {
    // sigma:kmsKeyArn, or the EBS key the stack created (stacks/keys.ts), which instanceArgsFromConfig made already.
    const ebsKey = watchedEbsKeyArns(cfg);
    if (!cfg.backup.enabled) {
        return { args: { watchedKeyArns: ebsKey }, resolve: () => undefined };
    }
    const [vaultName, resolveVaultName] = pulumi.deferredOutput<string>();
    const [vaultKeyArn, resolveVaultKeyArn] = pulumi.deferredOutput<string>();
    return {
        args: {
            backupVaultName: vaultName,
            backupIntervalHours: cfg.backup.intervalHours,
            // The EBS key encrypts the AMI snapshots themselves: losing it loses every recovery point.
            watchedKeyArns: [vaultKeyArn, ...ebsKey],
            functionNames: [restoreFunctionArgs(cfg).functionName],
        },
        resolve: (outputs) => {
            resolveVaultName(outputs.BackupVaultName as pulumi.Output<string>);
            resolveVaultKeyArn(outputs.BackupVaultKeyArn as pulumi.Output<string>);
        },
    };
}
