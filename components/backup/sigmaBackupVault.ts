import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_VAULT_NAME } from "../../model/ids";
import { BACKUP_MAX_RETENTION_DAYS, KMS_DELETION_WINDOW_DAYS, VAULT_LOCK_MIN_CHANGEABLE_DAYS } from "../../model/limits";
import { accountScope } from "../shared/accountScope";
import { componentTags } from "../shared/tags";
import { ArgProblems, knownValue, show, tagProblems } from "../shared/validation";
import { BACKUP_COMPONENT_TAG, BACKUP_DEFAULTS } from "./backupDefaults";
import { FORMER_BACKUP_TYPE, formerBackupUrn, movedChildOptions } from "./formerSigmaBackup";
import { backupKeyPolicy } from "./policies";
import { breakGlassRoleArnProblem } from "./breakGlass";
import { vaultAccessPolicy } from "./protection";
import { checkWholeNumber } from "./checkWholeNumber";

/**
 * Vault events sent to the notification topic: the one event that is a failure and nothing else. The backup and
 * restore events (BACKUP_JOB_COMPLETED, RESTORE_JOB_COMPLETED) fire for every success too, so they would bury the
 * alarms of the topic people read; those failures reach it through EventBridge rules instead (SigmaMonitoring).
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html
 */
export const VAULT_EVENTS = ["COPY_JOB_FAILED"];

export interface SigmaBackupVaultArgs {
    /** Backup vault name (2-50 letters, digits, - and _); named per stack by the caller, e.g. SigmaBackupVault-prod. */
    vaultName?: string;
    /** Lock the vault so recovery points cannot be deleted early (default false). */
    vaultLock?: boolean;
    /** With vaultLock: days until the lock becomes immutable (compliance mode, at least 3); governance mode when unset. */
    vaultLockChangeableForDays?: number;
    /** With vaultLock: the shortest retention the vault accepts (default 7, the product's default retention). @default 7 */
    vaultLockMinRetentionDays?: number;
    /** Protect the vault, its key, lock and access policy from deletion and keep them when the stack is destroyed (default false). @default false */
    protect?: boolean;
    /**
     * The IAM role (arn:aws:iam::<account>:role/...) that alone may delete recovery points, the vault, its lock and access
     * policy, and delete, disable or re-policy the key. Unset: no vault access policy and no deny in the key policy.
     */
    breakGlassRoleArn?: pulumi.Input<string>;
    /** Waiting period before a deleted key is gone, 7-30 days (default 30). @default 30 */
    keyDeletionWindowDays?: number;
    /**
     * SNS topic that receives the vault's notifications (VAULT_EVENTS), e.g. SigmaMonitoring's topicArn; its topic and
     * key policies must let backup.amazonaws.com publish (SigmaMonitoring's do). None are sent when unset.
     */
    notificationTopicArn?: pulumi.Input<string>;
    /** Extra tags for every resource of the component. */
    tags?: Record<string, string>;
}

/** Validates SigmaBackupVault args; throws one error listing every problem. */
export function validateBackupVaultArgs(name: string, args: SigmaBackupVaultArgs): void {
    const problems = new ArgProblems("SigmaBackupVault", name);
    if (args.vaultName !== undefined) {
        problems.check(BACKUP_VAULT_NAME.test(args.vaultName), `vaultName ${show(args.vaultName)} must be 2-50 letters, digits, - or _`);
    }
    const breakGlass = knownValue(args.breakGlassRoleArn);
    if (breakGlass !== undefined) {
        problems.add((p => p && `breakGlassRoleArn ${show(breakGlass)} ${p}`)(breakGlassRoleArnProblem(breakGlass)));
    }
    checkWholeNumber(problems, "keyDeletionWindowDays", args.keyDeletionWindowDays, KMS_DELETION_WINDOW_DAYS, " (KMS's range)");
    if (args.vaultLock) {
        checkWholeNumber(problems, "vaultLockChangeableForDays", args.vaultLockChangeableForDays,
            { min: VAULT_LOCK_MIN_CHANGEABLE_DAYS, max: BACKUP_MAX_RETENTION_DAYS }, " (compliance mode's grace period; leave unset for governance mode)");
        checkWholeNumber(problems, "vaultLockMinRetentionDays", args.vaultLockMinRetentionDays, { min: 1, max: BACKUP_MAX_RETENTION_DAYS });
    } else {
        problems.check(args.vaultLockChangeableForDays === undefined && args.vaultLockMinRetentionDays === undefined,
            "vaultLockChangeableForDays / vaultLockMinRetentionDays are set but vaultLock is not; set vaultLock true or remove them");
    }
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/**
 * Where the Sigma instances' recovery points live (the guide's SigmaBackupVault, hardened): a customer-managed KMS
 * key and its alias, the vault encrypted with it, an optional vault lock, and vault notifications to the topic the
 * caller names (the stack's one alarm topic, so nobody has to subscribe to a second one). A primary stack pairs it
 * with SigmaBackupPlan; the DR region uses it alone, as the destination of the primary's copies.
 *
 * It replaces the vault half of the former SigmaBackup component and takes over that component's URN (same name,
 * same parent); every child keeps its name and carries an alias to its URN under SigmaBackup, so a stack deployed
 * with SigmaBackup moves its resources instead of replacing them.
 */
export class SigmaBackupVault extends pulumi.ComponentResource {
    public readonly key: aws.kms.Key;
    public readonly keyAlias: aws.kms.Alias;
    public readonly vault: aws.backup.Vault;
    public readonly vaultLock?: aws.backup.VaultLockConfiguration;
    /** The vault access policy denying destruction to all but break-glass, or undefined without a break-glass role. */
    public readonly vaultPolicy?: aws.backup.VaultPolicy;
    public readonly keyArn: pulumi.Output<string>;
    public readonly vaultArn: pulumi.Output<string>;
    public readonly vaultName: pulumi.Output<string>;
    /** The topic the vault notifies, or undefined without one. */
    public readonly notificationTopicArn?: pulumi.Output<string>;
    /** The lock's minimum retention, or undefined without a lock: pass it to SigmaBackupPlan's vaultLockMinRetentionDays. */
    public readonly vaultLockMinRetentionDays?: number;

    constructor(name: string, args: SigmaBackupVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        validateBackupVaultArgs(name, args);
        super("sigma:backup:SigmaBackupVault", name, {}, pulumi.mergeOptions(opts, { aliases: [{ type: FORMER_BACKUP_TYPE }] }));
        const moved = movedChildOptions(formerBackupUrn(name, opts?.parent));
        const child = { parent: this, ...moved };
        const tags = componentTags(BACKUP_COMPONENT_TAG, args.tags);
        const protect = args.protect ?? BACKUP_DEFAULTS.protect;
        // The vault and its key hold the only copy of past data: protect refuses `pulumi destroy`, retainOnDelete keeps them if removed from code.
        const keep = { ...child, protect, retainOnDelete: protect };

        const scope = accountScope({ parent: this });
        const breakGlass = args.breakGlassRoleArn === undefined ? undefined : pulumi.output(args.breakGlassRoleArn);

        this.key = new aws.kms.Key(`${name}-key`, {
            description: `Sigma backup vault and notifications (${name})`,
            enableKeyRotation: true,
            deletionWindowInDays: args.keyDeletionWindowDays ?? BACKUP_DEFAULTS.keyDeletionWindowDays,
            policy: pulumi.all([scope, breakGlass]).apply(([s, role]) => JSON.stringify(backupKeyPolicy(s, role))),
            // The policy denies PutKeyPolicy to the deploy role on purpose (break-glass keeps it): protection.ts keyPolicyNeedsLockoutBypass.
            bypassPolicyLockoutSafetyCheck: breakGlass !== undefined,
            tags,
        }, keep);
        // Alias names are unique per account and region, so it follows the (per-stack) vault name.
        this.keyAlias = new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${args.vaultName ?? name}-key`, targetKeyId: this.key.keyId }, child);

        this.vault = new aws.backup.Vault(`${name}-vault`, {
            name: args.vaultName,
            kmsKeyArn: this.key.arn,
            tags,
        }, keep);

        if (args.notificationTopicArn !== undefined) {
            this.notificationTopicArn = pulumi.output(args.notificationTopicArn);
            new aws.backup.VaultNotifications(`${name}-vault-notifications`, {
                backupVaultName: this.vault.name,
                snsTopicArn: this.notificationTopicArn,
                backupVaultEvents: VAULT_EVENTS,
            }, child);
        }

        if (args.vaultLock) {
            this.vaultLockMinRetentionDays = args.vaultLockMinRetentionDays ?? BACKUP_DEFAULTS.retentionDays;
            this.vaultLock = new aws.backup.VaultLockConfiguration(`${name}-vault-lock`, {
                backupVaultName: this.vault.name,
                minRetentionDays: this.vaultLockMinRetentionDays,
                changeableForDays: args.vaultLockChangeableForDays,
                // Every argument forces a new lock (terraform-provider-aws internal/service/backup/vault_lock_configuration.go: ForceNew),
                // and a vault has one lock: replacing create-first would end with the old lock's delete removing the new one.
            }, { ...keep, deleteBeforeReplace: true });
        }

        if (breakGlass !== undefined) {
            // Created after the lock: the policy denies PutBackupVaultLockConfiguration to all but break-glass.
            this.vaultPolicy = new aws.backup.VaultPolicy(`${name}-vault-policy`, {
                backupVaultName: this.vault.name,
                policy: pulumi.all([scope, breakGlass]).apply(([s, role]) => JSON.stringify(vaultAccessPolicy(s, role))),
                // One access policy per vault: replaced delete-first for the same reason as the lock.
            }, { ...keep, deleteBeforeReplace: true, dependsOn: this.vaultLock ? [this.vaultLock] : [] });
        }

        this.keyArn = this.key.arn;
        this.vaultArn = this.vault.arn;
        this.vaultName = this.vault.name;
        this.registerOutputs({
            keyArn: this.keyArn, vaultArn: this.vaultArn, vaultName: this.vaultName,
            notificationTopicArn: this.notificationTopicArn, vaultLockMinRetentionDays: this.vaultLockMinRetentionDays,
        });
    }
}
