import * as aws from "@pulumi/aws";
import { AccountScope } from "../shared/accountScope";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE, STACK_SCOPE_TAG_KEY } from "../shared/constants";
import { sigmaKeyPolicy } from "./protection";


/**
 * The backup vault key's policy (protection.ts sigmaKeyPolicy): administration through IAM, cryptography only through
 * AWS Backup and EC2 in this region (vault encryption and the EBS copies AWS Backup makes), and with a break-glass role
 * no deletion, disabling or policy change by anyone else. No service principal: the vault's notifications go to a topic
 * encrypted with another key (SigmaMonitoring's), so no publisher needs this one.
 */
export function backupKeyPolicy(scope: AccountScope, breakGlassRoleArn?: string): aws.iam.PolicyDocument {
    return sigmaKeyPolicy(scope, { viaServices: [`backup.${scope.region}.amazonaws.com`, `ec2.${scope.region}.amazonaws.com`] }, breakGlassRoleArn);
}

/** The stack's EBS key policy: volumes, snapshots and AMIs are encrypted by EC2, so cryptography only through EC2 in this region. */
export function ebsKeyPolicy(scope: AccountScope, breakGlassRoleArn?: string): aws.iam.PolicyDocument {
    return sigmaKeyPolicy(scope, { viaServices: [`ec2.${scope.region}.amazonaws.com`] }, breakGlassRoleArn);
}

/**
 * AWS's managed AWSBackupServiceRolePolicyForBackup (v30, test/fixtures/managedPolicies) actions this role does not
 * hold, each with why AWS Backup never needs it for Sigma's EC2 instances. Every other EC2, EBS, KMS, tag, backup, SSM
 * and IAM action of that policy the role holds (test/iam/backupRole.test.ts evaluates both against each other).
 */
export const MANAGED_BACKUP_ACTIONS_LEFT_OUT: Readonly<Record<string, string>> = {
    "ec2:CreateSnapshot": "EBS-volume backups only; the selection picks instances, whose volumes CreateImage snapshots",
    "ec2:ModifySnapshotTier": "archive tier of EBS-volume snapshots; the plan sets no cold-storage transition",
    "ec2:DescribeLaunchTemplateVersions": "EKS cluster backups (EKSClusterConfigurationBackup)",
    "kms:GenerateDataKey": "granted there only through dynamodb.*.amazonaws.com (DynamoDB backups)",
    "ssm:CancelCommand": "Windows VSS snapshots (AWSEC2-CreateVssSnapshot); Sigma runs Ubuntu and the plan sets no WindowsVSS option",
    "ssm:GetCommandInvocation": "Windows VSS snapshots; Sigma runs Ubuntu and the plan sets no WindowsVSS option",
    "ssm:SendCommand": "Windows VSS snapshots; Sigma runs Ubuntu and the plan sets no WindowsVSS option",
    "iam:PassRole": "GuardDuty malware scans of recovery points, which the plan does not configure",
};

/** The managed policy's ModifyImageAttribute/ModifySnapshotAttribute share recovery points with another account. */
const SHARE_ACTIONS = ["ec2:ModifyImageAttribute", "ec2:ModifySnapshotAttribute"];

/**
 * The BackupRole's permissions: every action AWS's managed AWSBackupServiceRolePolicyForBackup grants for EC2
 * instance backups (MANAGED_BACKUP_ACTIONS_LEFT_OUT says why the rest are left out), on narrower resources:
 * - AMIs (CreateImage) only of instances carrying the Sigma backup tag (and, given `stackScope`, the stack's scope tag); the guide's Stop/Start/RebootInstances
 *   are dropped because AWS Backup images a running instance without rebooting it;
 * - tags only on images and snapshots, never on instances; expired recovery points deleted only when AWS Backup
 *   made them (they carry its aws:backup:source-resource tag);
 * - copies (CopyImage/CopySnapshot, DescribeBackupVault, CopyIntoBackupVault) only into the named destination vaults
 *   and their regions, shared (Modify*Attribute) only when a destination is in another account;
 * - KMS keys of this account in the source and destination regions: DescribeKey directly (AWS Backup reads the key
 *   of a recovery point itself), data keys only through EC2 and AWS Backup, grants only for AWS resources;
 * - Describe* and tag:GetResources (tag-based selection) take no resource ARNs, so they are the only "*".
 */
export function backupRolePolicy(scope: AccountScope, copyRegions: string[], destinationVaultArns: string[], stackScope?: string): aws.iam.PolicyDocument {
    const { partition: p, account: a } = scope;
    const regions = [scope.region, ...copyRegions.filter((r) => r !== scope.region)];
    const images = regions.map((r) => `arn:${p}:ec2:${r}::image/*`);
    const snapshots = regions.map((r) => `arn:${p}:ec2:${r}::snapshot/*`);
    const keys = regions.map((r) => `arn:${p}:kms:${r}:${a}:key/*`);
    const viaServices = regions.flatMap((r) => [`ec2.${r}.amazonaws.com`, `backup.${r}.amazonaws.com`]);
    const statements: aws.iam.PolicyStatement[] = [
        {
            Sid: "DescribeAndFindTaggedResources",
            Effect: "Allow",
            Action: ["ec2:DescribeInstances", "ec2:DescribeInstanceAttribute", "ec2:DescribeInstanceCreditSpecifications",
                "ec2:DescribeNetworkInterfaces", "ec2:DescribeElasticGpus", "ec2:DescribeSpotInstanceRequests", "ec2:DescribeImages",
                "ec2:DescribeSnapshots", "ec2:DescribeSnapshotTierStatus", "ec2:DescribeVolumes", "ec2:DescribeTags", "tag:GetResources"],
            Resource: "*",
        },
        {
            Sid: "ImageOnlyTaggedSigmaInstances",
            Effect: "Allow",
            Action: ["ec2:CreateImage"],
            Resource: [`arn:${p}:ec2:${scope.region}:${a}:instance/*`],
            // With a stack scope, only this stack's instances: another stack's plan in the account cannot image them.
            Condition: { StringEquals: {
                [`ec2:ResourceTag/${BACKUP_TAG_KEY}`]: BACKUP_TAG_VALUE,
                ...(stackScope !== undefined ? { [`ec2:ResourceTag/${STACK_SCOPE_TAG_KEY}`]: stackScope } : {}),
            } },
        },
        {
            Sid: "CreateAndTagRecoveryPoints",
            Effect: "Allow",
            Action: ["ec2:CreateImage", "ec2:CreateTags"],
            Resource: [`arn:${p}:ec2:${scope.region}::image/*`, `arn:${p}:ec2:${scope.region}::snapshot/*`],
        },
        {
            Sid: "TagRecoveryPointsOfThisAccount",
            Effect: "Allow",
            Action: ["backup:TagResource"],
            Resource: regions.map((r) => `arn:${p}:backup:${r}:${a}:recovery-point:*`),
        },
        {
            Sid: "ExpireOnlyAwsBackupRecoveryPoints",
            Effect: "Allow",
            Action: ["ec2:DeregisterImage", "ec2:DeleteSnapshot"],
            Resource: [...images, ...snapshots],
            Condition: { Null: { "aws:ResourceTag/aws:backup:source-resource": "false" } },
        },
        {
            Sid: "DescribeKeysOfRecoveryPoints",
            Effect: "Allow",
            Action: ["kms:DescribeKey"],
            Resource: keys,
        },
        {
            Sid: "UseEncryptionKeysThroughEc2AndBackup",
            Effect: "Allow",
            Action: ["kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"],
            Resource: keys,
            Condition: { StringEquals: { "kms:ViaService": viaServices } },
        },
        {
            Sid: "GrantKeysOnlyToAwsResources",
            Effect: "Allow",
            Action: ["kms:CreateGrant"],
            Resource: keys,
            Condition: {
                Bool: { "kms:GrantIsForAWSResource": "true" },
                StringEquals: { "kms:ViaService": viaServices },
            },
        },
    ];
    if (destinationVaultArns.length > 0) {
        statements.push(
            {
                Sid: "CopyRecoveryPointsToDestinationRegions",
                Effect: "Allow",
                Action: ["ec2:CopyImage", "ec2:CopySnapshot", "ec2:CreateTags"],
                Resource: [...images, ...snapshots],
            },
            {
                Sid: "CopyFromThisAccountsRecoveryPoints",
                Effect: "Allow",
                Action: ["backup:CopyFromBackupVault"],
                Resource: [`arn:${p}:backup:${scope.region}:${a}:recovery-point:*`],
            },
            {
                Sid: "CopyIntoDestinationVaults",
                Effect: "Allow",
                Action: ["backup:DescribeBackupVault", "backup:CopyIntoBackupVault"],
                Resource: destinationVaultArns,
            },
        );
    }
    if (destinationVaultArns.some((arn) => arn.split(":")[4] !== a)) {
        statements.push({
            Sid: "ShareAwsBackupRecoveryPointsWithDestinationAccounts",
            Effect: "Allow",
            Action: SHARE_ACTIONS,
            Resource: [`arn:${p}:ec2:${scope.region}::image/*`, `arn:${p}:ec2:${scope.region}::snapshot/*`],
            Condition: { Null: { "aws:ResourceTag/aws:backup:source-resource": "false" } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}
