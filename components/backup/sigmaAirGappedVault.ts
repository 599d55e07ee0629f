import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_VAULT_NAME, isKmsKeyArn, KMS_KEY_ARN_EXAMPLE } from "../../model/ids";
import { BACKUP_MAX_RETENTION_DAYS } from "../../model/limits";
import { accountScope } from "../shared/accountScope";
import { componentTags } from "../shared/tags";
import { ArgProblems, knownValue, show, tagProblems } from "../shared/validation";
import { BACKUP_COMPONENT_TAG, BACKUP_DEFAULTS } from "./backupDefaults";
import { checkWholeNumber } from "./checkWholeNumber";

/**
 * The shortest retention a logically air-gapped vault takes ("The minimum accepted value is 7 days").
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateLogicallyAirGappedBackupVault.html
 */
export const LOGICALLY_AIR_GAPPED_MIN_RETENTION_DAYS = 7;

export interface SigmaAirGappedVaultArgs {
    /** Vault name (2-50 letters, digits, - and _), unique per account and region, e.g. SigmaAirGappedVault-prod. */
    vaultName: string;
    /** Days every copy is kept: the vault's minimum and maximum retention both (7-36500, default 90). @default 90 */
    retentionDays?: number;
    /**
     * Customer-managed KMS key ARN the vault encrypts with (e.g. SigmaBackupVault's keyArn); an AWS-owned key when unset.
     * https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
     */
    encryptionKeyArn?: pulumi.Input<string>;
    /** Protect the vault from deletion and keep it when the stack is destroyed (default false). */
    protect?: boolean;
    /** Extra tags for the vault. */
    tags?: Record<string, string>;
}

/** Validates SigmaAirGappedVault args; throws one error listing every problem. */
export function validateAirGappedVaultArgs(name: string, args: SigmaAirGappedVaultArgs): void {
    const problems = new ArgProblems("SigmaAirGappedVault", name);
    problems.check(typeof args.vaultName === "string" && BACKUP_VAULT_NAME.test(args.vaultName), `vaultName ${show(args.vaultName)} must be 2-50 letters, digits, - or _`);
    checkWholeNumber(problems, "retentionDays", args.retentionDays, { min: LOGICALLY_AIR_GAPPED_MIN_RETENTION_DAYS, max: BACKUP_MAX_RETENTION_DAYS },
        " (AWS Backup's range for a logically air-gapped vault)");
    const key = knownValue(args.encryptionKeyArn);
    if (key !== undefined) {
        problems.check(isKmsKeyArn(key), `encryptionKeyArn ${show(key)} is not a KMS key ARN; use the key ARN, e.g. ${KMS_KEY_ARN_EXAMPLE}`);
    }
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/**
 * A logically air-gapped vault (aws.backup.LogicallyAirGappedVault): always locked in compliance mode by AWS, with
 * the retention given as both its minimum and maximum, so a copy's lifecycle cannot be shortened or made to outlive
 * it. Changing `retentionDays` replaces the vault (the provider forces a new one), which a protected vault refuses.
 * A primary stack's SigmaBackupPlan copies every recovery point here with `airGappedVaultArn`.
 */
export class SigmaAirGappedVault extends pulumi.ComponentResource {
    public readonly vault: aws.backup.LogicallyAirGappedVault;
    public readonly vaultArn: pulumi.Output<string>;
    /** Days each copy is kept: pass to SigmaBackupPlan's airGappedRetentionDays. */
    public readonly retentionDays: number;

    constructor(name: string, args: SigmaAirGappedVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        validateAirGappedVaultArgs(name, args);
        super("sigma:backup:SigmaAirGappedVault", name, {}, opts);
        const protect = args.protect ?? false;
        this.retentionDays = args.retentionDays ?? BACKUP_DEFAULTS.airGappedRetentionDays;
        this.vault = new aws.backup.LogicallyAirGappedVault(`${name}-air-gapped-vault`, {
            name: args.vaultName,
            minRetentionDays: this.retentionDays,
            maxRetentionDays: this.retentionDays,
            encryptionKeyArn: args.encryptionKeyArn,
            tags: componentTags(BACKUP_COMPONENT_TAG, args.tags),
        }, { parent: this, protect, retainOnDelete: protect });
        // The backupVault ARN shape, logically air-gapped vaults included (arn:${Partition}:backup:${Region}:${Account}:backup-vault:${BackupVaultName}):
        // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html#awsbackup-resources-for-iam-policies
        // Built from the created vault's name (so it depends on the vault), known before the provider reports the arn attribute.
        const scope = accountScope({ parent: this });
        this.vaultArn = pulumi.interpolate`arn:${scope.partition}:backup:${scope.region}:${scope.account}:backup-vault:${this.vault.name}`;
        this.registerOutputs({ vaultArn: this.vaultArn, retentionDays: this.retentionDays });
    }
}
