import * as aws from "@pulumi/aws";
import { AccountScope } from "../shared/accountScope";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE } from "../shared/constants";


/** Key administration and use for the account's IAM principals; every action named, no wildcard. */
const KEY_OWNER_ACTIONS = [
    "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:Decrypt", "kms:DeleteAlias", "kms:DescribeKey",
    "kms:DisableKey", "kms:DisableKeyRotation", "kms:EnableKey", "kms:EnableKeyRotation", "kms:Encrypt",
    "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus",
    "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies", "kms:ListKeyRotations", "kms:ListResourceTags",
    "kms:PutKeyPolicy", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:RetireGrant", "kms:RevokeGrant",
    "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource",
    "kms:UpdateAlias", "kms:UpdateKeyDescription",
];

/** Services that publish to the encrypted notification topic and so must encrypt with the key. */
export const TOPIC_PUBLISHERS = ["backup.amazonaws.com", "events.amazonaws.com", "cloudwatch.amazonaws.com"];

/**
 * The backup key's policy. No wildcard principal: the account root (so IAM policies decide, and the key can
 * never be locked out); the account's principals only through AWS Backup and EC2 in this region (vault
 * encryption and the EBS copies AWS Backup makes); and the services that publish to the encrypted SNS topic,
 * only for this account. Resource "*" in a key policy means this key.
 */
export function backupKeyPolicy(scope: AccountScope): aws.iam.PolicyDocument {
    const root = `arn:${scope.partition}:iam::${scope.account}:root`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountOwnsTheKey",
                Effect: "Allow",
                Principal: { AWS: root },
                Action: KEY_OWNER_ACTIONS,
                Resource: "*",
            },
            {
                Sid: "AwsBackupUsesTheKey",
                Effect: "Allow",
                Principal: { AWS: root },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey",
                    "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey", "kms:CreateGrant"],
                Resource: "*",
                Condition: {
                    StringEquals: {
                        "kms:CallerAccount": scope.account,
                        "kms:ViaService": [`backup.${scope.region}.amazonaws.com`, `ec2.${scope.region}.amazonaws.com`],
                    },
                },
            },
            {
                Sid: "NotificationPublishersEncrypt",
                Effect: "Allow",
                Principal: { Service: TOPIC_PUBLISHERS },
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": scope.account } },
            },
        ],
    };
}

/** The notification topic's policy: the account manages it; backup, EventBridge and CloudWatch publish for this account only. */
export function notificationTopicPolicy(scope: AccountScope, topicArn: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountManagesTheTopic",
                Effect: "Allow",
                Principal: { AWS: `arn:${scope.partition}:iam::${scope.account}:root` },
                Action: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
                Resource: topicArn,
            },
            {
                Sid: "ServicesPublish",
                Effect: "Allow",
                Principal: { Service: TOPIC_PUBLISHERS },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": scope.account } },
            },
        ],
    };
}

/**
 * The BackupRole's permissions, narrower than both the guide's list and AWS's managed backup policy:
 * - AMIs (CreateImage) only of instances carrying the Sigma backup tag; the guide's Stop/Start/RebootInstances
 *   are dropped because AWS Backup images a running instance without rebooting it;
 * - tags only on images and snapshots, never on instances; expired recovery points deleted only when AWS Backup
 *   made them (they carry its aws:backup:source-resource tag);
 * - copies (CopyImage/CopySnapshot, CopyIntoBackupVault) only into the named destination vaults' regions;
 * - KMS only through EC2 and AWS Backup in the source and destination regions, grants only for AWS resources;
 * - Describe* and tag:GetResources (tag-based selection) take no resource ARNs, so they are the only "*".
 */
export function backupRolePolicy(scope: AccountScope, copyRegions: string[], destinationVaultArns: string[]): aws.iam.PolicyDocument {
    const { partition: p, account: a } = scope;
    const regions = [scope.region, ...copyRegions.filter((r) => r !== scope.region)];
    const images = regions.map((r) => `arn:${p}:ec2:${r}::image/*`);
    const snapshots = regions.map((r) => `arn:${p}:ec2:${r}::snapshot/*`);
    const statements: aws.iam.PolicyStatement[] = [
        {
            Sid: "DescribeAndFindTaggedResources",
            Effect: "Allow",
            Action: ["ec2:DescribeInstances", "ec2:DescribeImages", "ec2:DescribeSnapshots", "ec2:DescribeVolumes", "ec2:DescribeTags", "tag:GetResources"],
            Resource: "*",
        },
        {
            Sid: "ImageOnlyTaggedSigmaInstances",
            Effect: "Allow",
            Action: ["ec2:CreateImage"],
            Resource: [`arn:${p}:ec2:${scope.region}:${a}:instance/*`],
            Condition: { StringEquals: { [`ec2:ResourceTag/${BACKUP_TAG_KEY}`]: BACKUP_TAG_VALUE } },
        },
        {
            Sid: "CreateAndTagRecoveryPoints",
            Effect: "Allow",
            Action: ["ec2:CreateImage", "ec2:CreateTags"],
            Resource: [`arn:${p}:ec2:${scope.region}::image/*`, `arn:${p}:ec2:${scope.region}::snapshot/*`],
        },
        {
            Sid: "ExpireOnlyAwsBackupRecoveryPoints",
            Effect: "Allow",
            Action: ["ec2:DeregisterImage", "ec2:DeleteSnapshot"],
            Resource: [...images, ...snapshots],
            Condition: { Null: { "aws:ResourceTag/aws:backup:source-resource": "false" } },
        },
        {
            Sid: "UseEncryptionKeysThroughEc2AndBackup",
            Effect: "Allow",
            Action: ["kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"],
            Resource: regions.map((r) => `arn:${p}:kms:${r}:${a}:key/*`),
            Condition: { StringEquals: { "kms:ViaService": regions.flatMap((r) => [`ec2.${r}.amazonaws.com`, `backup.${r}.amazonaws.com`]) } },
        },
        {
            Sid: "GrantKeysOnlyToAwsResources",
            Effect: "Allow",
            Action: ["kms:CreateGrant"],
            Resource: regions.map((r) => `arn:${p}:kms:${r}:${a}:key/*`),
            Condition: {
                Bool: { "kms:GrantIsForAWSResource": "true" },
                StringEquals: { "kms:ViaService": regions.flatMap((r) => [`ec2.${r}.amazonaws.com`, `backup.${r}.amazonaws.com`]) },
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
                Sid: "CopyIntoDestinationVaults",
                Effect: "Allow",
                Action: ["backup:CopyIntoBackupVault"],
                Resource: destinationVaultArns,
            },
        );
    }
    return { Version: "2012-10-17", Statement: statements };
}
