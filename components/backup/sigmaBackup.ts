import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE } from "../shared/constants";
import { componentTags } from "../shared/tags";
import { ArgProblems, knownValue, show, tagProblems } from "../shared/validation";
import { accountScope } from "../shared/accountScope";
import { serviceTrustPolicy } from "../shared/iam";
import { backupKeyPolicy, backupRolePolicy, notificationTopicPolicy } from "./policies";
import { copyDestinationProblem, frequencyProblem, parseVaultArn, scheduleExpression } from "./schedule";

export const BACKUP_DEFAULTS = {
    /** The guide's default (section 9.2). */
    frequency: "daily",
    /** The guide's default retention (sections 1.2 and 9.2). */
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
    createPlan: true,
    /** AWS Backup's longest retention (100 years). */
    maxRetentionDays: 36500,
    /** AWS Backup's shortest compliance-mode grace period. */
    minChangeableForDays: 3,
};

/**
 * Vault events sent to the topic. AWS Backup no longer emits BACKUP_JOB_FAILED / RESTORE_JOB_FAILED; failures
 * arrive as *_COMPLETED with a State message attribute that subscriptions filter on (see README).
 */
export const VAULT_EVENTS = ["BACKUP_JOB_COMPLETED", "COPY_JOB_FAILED", "RESTORE_JOB_COMPLETED"];

const VAULT_NAME = /^[A-Za-z0-9_-]{2,50}$/;
const PLAN_NAME = /^[A-Za-z0-9_.-]{1,50}$/;

export interface SigmaBackupArgs {
    /** Backup vault name (2-50 letters, digits, - and _); named per stack by the caller, e.g. SigmaBackupVault-prod. */
    vaultName?: string;
    /** Create the plan and selection (default true); false for a vault that only receives copies (the DR region). */
    createPlan?: boolean;
    /** Backup plan name (the guide's SigmaBackupPlan), derived from the component name when unset. */
    planName?: string;
    /** hourly, every12Hours, daily (default) or a custom AWS cron such as cron(30 2 * * ? *). */
    frequency?: string;
    /** Days each local recovery point is kept (default 7, the guide's). */
    retentionDays?: number;
    /** Minutes a scheduled backup may wait to start (default 60). */
    startWindowMinutes?: number;
    /** Minutes a started backup may take before AWS Backup cancels it (default 180). */
    completionWindowMinutes?: number;
    /** Backup vault ARNs in other regions that receive a copy of every recovery point. */
    copyToVaultArns?: pulumi.Input<string>[];
    /** Days each copy is kept in the destination vault (default 30). */
    copyRetentionDays?: number;
    /** Instance ARNs to back up besides those carrying the Sigma backup tag. */
    resourceArns?: pulumi.Input<string>[];
    /** Back up resources tagged sigma:backup=true, as SigmaInstance tags them (default true). */
    selectByTag?: boolean;
    /** Lock the vault so recovery points cannot be deleted early (default false). */
    vaultLock?: boolean;
    /** With vaultLock: days until the lock becomes immutable (compliance mode, at least 3); governance mode when unset. */
    vaultLockChangeableForDays?: number;
    /** With vaultLock: the shortest retention the vault accepts (default retentionDays). */
    vaultLockMinRetentionDays?: number;
    /** Protect the vault and its key from deletion and keep them when the stack is destroyed (default false). */
    protect?: boolean;
    /** Waiting period before a deleted key is gone, 7-30 days (default 30). */
    keyDeletionWindowDays?: number;
    /** Extra tags for every resource of the component. */
    tags?: Record<string, string>;
}

function positiveInt(problems: ArgProblems, arg: string, value: number | undefined, min: number, max: number, why = ""): void {
    if (value !== undefined) {
        problems.check(Number.isInteger(value) && value >= min && value <= max, `${arg} ${show(value)} must be a whole number from ${min} to ${max}${why}`);
    }
}

/** Validates SigmaBackup args; throws one error listing every problem. */
export function validateBackupArgs(name: string, args: SigmaBackupArgs): void {
    const problems = new ArgProblems("SigmaBackup", name);
    if (args.vaultName !== undefined) {
        problems.check(VAULT_NAME.test(args.vaultName), `vaultName ${show(args.vaultName)} must be 2-50 letters, digits, - or _`);
    }
    if (args.planName !== undefined) {
        problems.check(PLAN_NAME.test(args.planName), `planName ${show(args.planName)} must be 1-50 letters, digits, ., - or _`);
    }
    if (args.frequency !== undefined) {
        problems.add(typeof args.frequency === "string" ? (p => p && `frequency ${show(args.frequency)} ${p}`)(frequencyProblem(args.frequency))
            : `frequency ${show(args.frequency)} must be a string: hourly, every12Hours, daily or cron(...)`);
    }
    positiveInt(problems, "retentionDays", args.retentionDays, 1, BACKUP_DEFAULTS.maxRetentionDays);
    positiveInt(problems, "copyRetentionDays", args.copyRetentionDays, 1, BACKUP_DEFAULTS.maxRetentionDays);
    positiveInt(problems, "startWindowMinutes", args.startWindowMinutes, 60, 10080, " (AWS Backup's range)");
    positiveInt(problems, "completionWindowMinutes", args.completionWindowMinutes, 120, 100 * 24 * 60, " (AWS Backup's range)");
    const start = args.startWindowMinutes ?? BACKUP_DEFAULTS.startWindowMinutes;
    const completion = args.completionWindowMinutes ?? BACKUP_DEFAULTS.completionWindowMinutes;
    problems.check(!(completion < start + 60), `completionWindowMinutes ${show(completion)} must be at least 60 more than startWindowMinutes (${start})`);
    positiveInt(problems, "keyDeletionWindowDays", args.keyDeletionWindowDays, 7, 30, " (KMS's range)");
    if (args.copyToVaultArns !== undefined && !Array.isArray(args.copyToVaultArns)) {
        problems.add(`copyToVaultArns ${show(args.copyToVaultArns)} must be a list of backup vault ARNs`);
    }
    (Array.isArray(args.copyToVaultArns) ? args.copyToVaultArns : []).forEach((arn, i) => {
        const known = knownValue(arn);
        if (known !== undefined) {
            problems.add((p => p && `copyToVaultArns[${i}] ${show(known)} ${p}`)(copyDestinationProblem(known, undefined)));
        }
    });
    const createPlan = args.createPlan ?? BACKUP_DEFAULTS.createPlan;
    if (createPlan) {
        const byTag = args.selectByTag ?? true;
        problems.check(byTag || (args.resourceArns ?? []).length > 0,
            "selectByTag is false and resourceArns is empty, so the plan would back up nothing; select by tag or list instance ARNs");
    } else {
        for (const arg of ["frequency", "planName", "copyToVaultArns", "resourceArns"] as const) {
            problems.check(args[arg] === undefined, `${arg} ${show(knownValue(args[arg] as never) ?? "(set)")} has no effect with createPlan false; remove it or create the plan`);
        }
    }
    if (args.vaultLock) {
        positiveInt(problems, "vaultLockChangeableForDays", args.vaultLockChangeableForDays, BACKUP_DEFAULTS.minChangeableForDays, BACKUP_DEFAULTS.maxRetentionDays,
            " (compliance mode's grace period; leave unset for governance mode)");
        positiveInt(problems, "vaultLockMinRetentionDays", args.vaultLockMinRetentionDays, 1, BACKUP_DEFAULTS.maxRetentionDays);
        const retention = args.retentionDays ?? BACKUP_DEFAULTS.retentionDays;
        if (createPlan && args.vaultLockMinRetentionDays !== undefined) {
            problems.check(args.vaultLockMinRetentionDays <= retention,
                `vaultLockMinRetentionDays ${show(args.vaultLockMinRetentionDays)} is longer than retentionDays ${retention}, so the lock would refuse every backup; lower it or raise retentionDays`);
        }
    } else {
        problems.check(args.vaultLockChangeableForDays === undefined && args.vaultLockMinRetentionDays === undefined,
            "vaultLockChangeableForDays / vaultLockMinRetentionDays are set but vaultLock is not; set vaultLock true or remove them");
    }
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/**
 * AWS Backup for Sigma instances (the guide's Sigma_Backup_Automation.yaml, hardened): a customer-managed KMS key,
 * the vault (SigmaBackupVault), the plan (SigmaBackupPlan) with optional cross-region copies, a tag selection,
 * a least-privilege BackupRole, vault notifications to a KMS-encrypted SNS topic, and an optional vault lock.
 */
export class SigmaBackup extends pulumi.ComponentResource {
    public readonly key: aws.kms.Key;
    public readonly vault: aws.backup.Vault;
    public readonly notificationTopic: aws.sns.Topic;
    public readonly backupRole?: aws.iam.Role;
    public readonly plan?: aws.backup.Plan;
    public readonly selection?: aws.backup.Selection;
    public readonly vaultLock?: aws.backup.VaultLockConfiguration;
    public readonly keyArn: pulumi.Output<string>;
    public readonly vaultArn: pulumi.Output<string>;
    public readonly vaultName: pulumi.Output<string>;
    public readonly notificationTopicArn: pulumi.Output<string>;
    /** The schedule expression in use, or undefined without a plan. */
    public readonly schedule?: string;

    constructor(name: string, args: SigmaBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        validateBackupArgs(name, args);
        super("sigma:backup:SigmaBackup", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaBackup", args.tags);
        const protect = args.protect ?? BACKUP_DEFAULTS.protect;
        // The vault and its key hold the only copy of past data: protect refuses `pulumi destroy`, retainOnDelete keeps them if removed from code.
        const keep = { parent: this, protect, retainOnDelete: protect };

        const scope = accountScope(child);

        this.key = new aws.kms.Key(`${name}-key`, {
            description: `Sigma backup vault and notifications (${name})`,
            enableKeyRotation: true,
            deletionWindowInDays: args.keyDeletionWindowDays ?? BACKUP_DEFAULTS.keyDeletionWindowDays,
            policy: scope.apply((s) => JSON.stringify(backupKeyPolicy(s))),
            tags,
        }, keep);
        // Alias names are unique per account and region, so it follows the (per-stack) vault name.
        new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${args.vaultName ?? name}-key`, targetKeyId: this.key.keyId }, child);

        this.vault = new aws.backup.Vault(`${name}-vault`, {
            name: args.vaultName,
            kmsKeyArn: this.key.arn,
            tags,
        }, keep);

        this.notificationTopic = new aws.sns.Topic(`${name}-notifications`, {
            kmsMasterKeyId: this.key.arn,
            tags,
        }, child);
        new aws.sns.TopicPolicy(`${name}-notifications-policy`, {
            arn: this.notificationTopic.arn,
            policy: pulumi.all([scope, this.notificationTopic.arn]).apply(([s, arn]) => JSON.stringify(notificationTopicPolicy(s, arn))),
        }, child);
        new aws.backup.VaultNotifications(`${name}-vault-notifications`, {
            backupVaultName: this.vault.name,
            snsTopicArn: this.notificationTopic.arn,
            backupVaultEvents: VAULT_EVENTS,
        }, child);

        if (args.vaultLock) {
            this.vaultLock = new aws.backup.VaultLockConfiguration(`${name}-vault-lock`, {
                backupVaultName: this.vault.name,
                minRetentionDays: args.vaultLockMinRetentionDays ?? args.retentionDays ?? BACKUP_DEFAULTS.retentionDays,
                changeableForDays: args.vaultLockChangeableForDays,
            }, { parent: this, protect });
        }

        if (args.createPlan ?? BACKUP_DEFAULTS.createPlan) {
            const copyArns = pulumi.output(args.copyToVaultArns ?? []);
            const copyRegions = pulumi.all([copyArns, scope]).apply(([arns, s]) => arns.map((arn) => {
                const problem = copyDestinationProblem(arn, s.region);
                if (problem) {
                    throw new pulumi.ResourceError(`SigmaBackup "${name}" copyToVaultArns entry ${show(arn)} ${problem}`, this);
                }
                return parseVaultArn(arn)!.region;
            }));
            this.backupRole = new aws.iam.Role(`${name}-backup-role`, {
                description: "BackupRole: AWS Backup images and copies the Sigma instances",
                assumeRolePolicy: scope.apply((s) => JSON.stringify(serviceTrustPolicy("backup.amazonaws.com", s.account))),
                tags,
            }, child);
            new aws.iam.RolePolicy(`${name}-backup-role-policy`, {
                role: this.backupRole.id,
                policy: pulumi.all([scope, copyRegions, copyArns]).apply(([s, regions, arns]) => JSON.stringify(backupRolePolicy(s, regions, arns))),
            }, child);

            this.schedule = scheduleExpression(args.frequency ?? BACKUP_DEFAULTS.frequency);
            const copyRetention = args.copyRetentionDays ?? BACKUP_DEFAULTS.copyRetentionDays;
            this.plan = new aws.backup.Plan(`${name}-plan`, {
                name: args.planName,
                rules: [{
                    ruleName: `${name}-${args.frequency && !args.frequency.startsWith("cron(") ? args.frequency : "scheduled"}`,
                    targetVaultName: this.vault.name,
                    schedule: this.schedule,
                    startWindow: args.startWindowMinutes ?? BACKUP_DEFAULTS.startWindowMinutes,
                    completionWindow: args.completionWindowMinutes ?? BACKUP_DEFAULTS.completionWindowMinutes,
                    lifecycle: { deleteAfter: args.retentionDays ?? BACKUP_DEFAULTS.retentionDays },
                    copyActions: copyArns.apply((arns) => arns.map((destinationVaultArn) => ({
                        destinationVaultArn,
                        lifecycle: { deleteAfter: copyRetention },
                    }))),
                    recoveryPointTags: { ...tags, "sigma:plan": name },
                }],
                tags,
            }, child);
            this.selection = new aws.backup.Selection(`${name}-selection`, {
                planId: this.plan.id,
                iamRoleArn: this.backupRole.arn,
                selectionTags: (args.selectByTag ?? true) ? [{ type: "STRINGEQUALS", key: BACKUP_TAG_KEY, value: BACKUP_TAG_VALUE }] : undefined,
                resources: args.resourceArns,
            }, child);
        }

        this.keyArn = this.key.arn;
        this.vaultArn = this.vault.arn;
        this.vaultName = this.vault.name;
        this.notificationTopicArn = this.notificationTopic.arn;
        this.registerOutputs({
            keyArn: this.keyArn, vaultArn: this.vaultArn, vaultName: this.vaultName,
            notificationTopicArn: this.notificationTopicArn, planId: this.plan?.id,
        });
    }
}
