import * as aws from "@pulumi/aws";
import { ec2Arn } from "../../model/ec2RestoreAuthorization";
import { AccountScope } from "../shared/accountScope";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE } from "../shared/constants";

/**
 * AWS's managed AWSBackupServiceRolePolicyForRestores (v35, test/fixtures/managedPolicies) EC2, EBS, KMS, IAM and AWS
 * Backup actions IAMRoleForRestore does not hold, each with why restoring an EC2 instance from an AMI recovery point never
 * needs it. Every other such action the role holds (test/iam/restoreRole.test.ts evaluates both against each other).
 */
export const MANAGED_RESTORE_ACTIONS_LEFT_OUT: Readonly<Record<string, string>> = {
    "ec2:CreateVolume": "EBS-volume restores (EBSPermissions); an instance restore's volumes come from RunInstances",
    "ec2:DeleteVolume": "EBS-volume restores (EBSPermissions); it could also delete the original instance's volumes",
    "ec2:DeleteTags": "restoring archived EBS snapshots (EC2DeleteAndRestorePermissions); AMI recovery points are not archived",
    "ec2:DeleteSnapshot": "restoring archived EBS snapshots (EC2DeleteAndRestorePermissions); a restore must not delete recovery points",
    "ec2:RestoreSnapshotTier": "restoring archived EBS snapshots (EC2DeleteAndRestorePermissions); AMI recovery points are not archived",
    "ec2:DescribeSnapshotTierStatus": "the archive tier of EBS-volume snapshots; AMI recovery points are not archived",
    "ec2:DescribeLaunchTemplateVersions": "EKS node group restores (CreateEKSNodeGroupPermissions)",
    "ebs:CompleteSnapshot": "EBS direct-API snapshot restores (EBSSnapshotBlockPermissions)",
    "ebs:StartSnapshot": "EBS direct-API snapshot restores (EBSSnapshotBlockPermissions)",
    "ebs:PutSnapshotBlock": "EBS direct-API snapshot restores (EBSSnapshotBlockPermissions)",
    "iam:GetRole": "EKS node group restores (CreateEKSNodeGroupPermissions)",
    "iam:ListAttachedRolePolicies": "EKS node group restores (CreateEKSNodeGroupPermissions)",
    "backup:StartRestoreJob": "restores of composite resources that start nested restore jobs (EKS); the restore function starts Sigma's",
    "backup:ListRestoreJobs": "restores of composite resources that start nested restore jobs (EKS)",
    "backup:ListRecoveryPointsByBackupVault": "restores of composite resources that start nested restore jobs (EKS)",
    "backup:DescribeRestoreJob": "restores of composite resources that start nested restore jobs (EKS)",
};

/** The tag AWS Backup puts on what it restores; tag keys starting with aws: are reserved for AWS and cannot be set by users
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions), so an original instance never carries it. */
export const RESTORED_BY_BACKUP_TAG_KEY = "aws:backup:source-resource";

/** Where restored instances may land: the stack's own subnets and security groups. */
export interface RestoreNetwork {
    /** The stack's subnets (RunInstances' subnet and network-interface resources are confined to them). */
    subnetIds: string[];
    /** The stack's security groups; when empty, groups are confined to vpcId instead. */
    securityGroupIds: string[];
    /** The stack's VPC: required when securityGroupIds is empty. */
    vpcId?: string;
}

/** Why a RestoreNetwork cannot confine restores (empty: it can). */
export function restoreNetworkProblems(network: RestoreNetwork): string[] {
    const problems: string[] = [];
    if (network.subnetIds.length === 0) {
        problems.push("no subnet: the restore role could launch nowhere (or, unconfined, anywhere); pass the stack's subnets");
    }
    if (network.securityGroupIds.length === 0 && !network.vpcId) {
        problems.push("neither security groups nor a VPC: the restore role's groups would be unconfined; pass the stack's groups or its VPC");
    }
    return problems;
}

/**
 * IAMRoleForRestore's permissions: every action AWS's managed AWSBackupServiceRolePolicyForRestores grants for restoring
 * an EC2 instance from an AMI recovery point (MANAGED_RESTORE_ACTIONS_LEFT_OUT says why the rest are left out), narrowed:
 * - RunInstances in this region, only into the stack's subnets (subnet ARNs, and ec2:Subnet of the network interface) and
 *   with the stack's security groups (their ARNs, or ec2:Vpc of the stack's VPC), never without IMDSv2
 *   (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html; model/ec2RestoreAuthorization.ts);
 *   tags on what that RunInstances creates, and AWS Backup's aws:backup:source-resource tag
 *   (alone) on instances that are not Sigma-backed-up instances;
 * - TerminateInstances (AWS Backup removes an instance whose restore failed) only of instances carrying
 *   aws:backup:source-resource, which only AWS Backup can set and which the role cannot put on an original instance:
 *   nothing can stop, modify or terminate an instance that was backed up;
 * - PassRole only for the Sigma instance roles under `instanceRolePath` and only to EC2;
 * - KMS only on the named keys: DescribeKey directly (AWS Backup reads the recovery point's key itself), data keys and
 *   grants only through EC2 (grants only for AWS resources);
 * - Describe* take no resource ARNs, so they are the only "*".
 *
 * The restored instance keeps the backed-up instance profile (AWS Backup fails a job that names another one), and
 * "If you use the original instance profile, you must grant AWS Backup ... iam:PassRole ... the ARN of the IAM role
 * associated with the instance profile" (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html).
 * IAM is global, so the same path names those roles from a restore role in any region, the DR stack's included.
 */
export function restoreRolePolicy(scope: AccountScope, instanceRolePath: string, kmsKeyArns: string[], network: RestoreNetwork): aws.iam.PolicyDocument {
    const problems = restoreNetworkProblems(network);
    if (problems.length > 0) {
        // An empty Resource list is invalid IAM, and a missing condition would leave RunInstances unconfined.
        throw new Error(`the restore role cannot be confined to the stack's network: ${problems.join("; ")}`);
    }
    const { partition: p, account: a, region: r } = scope;
    const instances = `arn:${p}:ec2:${r}:${a}:instance/*`;
    const subnetArns = network.subnetIds.map((id) => ec2Arn.subnet(p, r, a, id));
    const statements: aws.iam.PolicyStatement[] = [
        {
            Sid: "DescribeWhatTheRestoreUses",
            Effect: "Allow",
            Action: ["ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones", "ec2:DescribeImages",
                "ec2:DescribeInstances", "ec2:DescribeInternetGateways", "ec2:DescribeNetworkInterfaces", "ec2:DescribeRouteTables",
                "ec2:DescribeSecurityGroups", "ec2:DescribeSnapshots", "ec2:DescribeSubnets", "ec2:DescribeVolumes", "ec2:DescribeVpcs"],
            Resource: "*",
        },
        {
            Sid: "LaunchRestoredInstance",
            Effect: "Allow",
            Action: ["ec2:RunInstances"],
            Resource: [
                instances, `arn:${p}:ec2:${r}:${a}:volume/*`, `arn:${p}:ec2:${r}:${a}:key-pair/*`,
                `arn:${p}:ec2:${r}::image/*`, `arn:${p}:ec2:${r}::snapshot/*`,
            ],
        },
        {
            Sid: "LaunchOnlyIntoStackSubnets",
            Effect: "Allow",
            Action: ["ec2:RunInstances"],
            Resource: subnetArns,
        },
        {
            // RunInstances authorizes the interface it creates with ec2:Subnet; an existing interface of another subnet is refused too.
            Sid: "InterfacesOnlyInStackSubnets",
            Effect: "Allow",
            Action: ["ec2:RunInstances"],
            Resource: [`arn:${p}:ec2:${r}:${a}:network-interface/*`],
            Condition: { ArnEquals: { "ec2:Subnet": subnetArns } },
        },
        network.securityGroupIds.length > 0
            ? {
                Sid: "LaunchOnlyWithStackSecurityGroups",
                Effect: "Allow",
                Action: ["ec2:RunInstances"],
                Resource: network.securityGroupIds.map((id) => ec2Arn.securityGroup(p, r, a, id)),
            }
            : {
                Sid: "LaunchOnlyWithStackSecurityGroups",
                Effect: "Allow",
                Action: ["ec2:RunInstances"],
                Resource: [`arn:${p}:ec2:${r}:${a}:security-group/*`],
                Condition: { ArnEquals: { "ec2:Vpc": ec2Arn.vpc(p, r, a, network.vpcId!) } },
            },
        {
            // The usual IMDSv2 guard (a missing key counts as not required); the function always asks for RequireIMDSv2, and AWS
            // Backup can apply it only in RunInstances: its managed restore policy grants no ec2:ModifyInstanceMetadataOptions.
            Sid: "RestoredInstancesRequireImdsV2",
            Effect: "Deny",
            Action: ["ec2:RunInstances"],
            Resource: [instances],
            Condition: { StringNotEquals: { "ec2:MetadataHttpTokens": "required" } },
        },
        {
            Sid: "TagOnlyWhatTheRestoreLaunches",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: [instances, `arn:${p}:ec2:${r}:${a}:volume/*`, `arn:${p}:ec2:${r}:${a}:network-interface/*`],
            Condition: { StringEquals: { "ec2:CreateAction": "RunInstances" } },
        },
        {
            // Only the one tag, and never on a backed-up Sigma instance: the role cannot mark an original for termination.
            Sid: "MarkRestoredInstanceAsAwsBackups",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: [instances],
            Condition: {
                "ForAllValues:StringEquals": { "aws:TagKeys": [RESTORED_BY_BACKUP_TAG_KEY] },
                StringNotEquals: { [`ec2:ResourceTag/${BACKUP_TAG_KEY}`]: BACKUP_TAG_VALUE },
            },
        },
        {
            Sid: "CleanUpOnlyInstancesAwsBackupRestored",
            Effect: "Allow",
            Action: ["ec2:TerminateInstances"],
            Resource: [instances],
            Condition: { Null: { [`aws:ResourceTag/${RESTORED_BY_BACKUP_TAG_KEY}`]: "false" } },
        },
        {
            Sid: "PassBackedUpInstanceRoleToEc2",
            Effect: "Allow",
            Action: ["iam:PassRole"],
            Resource: [`arn:${p}:iam::${a}:role${instanceRolePath}*`],
            Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
        },
    ];
    if (kmsKeyArns.length > 0) {
        statements.push(
            {
                Sid: "DescribeKeysOfRecoveryPoints",
                Effect: "Allow",
                Action: ["kms:DescribeKey"],
                Resource: kmsKeyArns,
            },
            {
                Sid: "DecryptRecoveryPointVolumesThroughEc2",
                Effect: "Allow",
                Action: ["kms:DescribeKey", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
                    "kms:ReEncryptFrom", "kms:ReEncryptTo"],
                Resource: kmsKeyArns,
                Condition: { StringEquals: { "kms:ViaService": `ec2.${r}.amazonaws.com` } },
            },
            {
                Sid: "GrantKeysOnlyToRestoredVolumes",
                Effect: "Allow",
                Action: ["kms:CreateGrant"],
                Resource: kmsKeyArns,
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" }, StringEquals: { "kms:ViaService": `ec2.${r}.amazonaws.com` } },
            },
        );
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * The restore Lambda's permissions: read recovery points of its one vault, start restore jobs with
 * IAMRoleForRestore (PassRole to AWS Backup only), write its own log group, and publish failures to the
 * encrypted topic. The guide's ListBackupJobs/DescribeBackupJob are not needed: recovery points are listed directly.
 */
export function restoreFunctionPolicy(scope: AccountScope, args: {
    vaultArn: string; restoreRoleArn: string; logGroupArn: string; topicArn: string; topicKeyArn: string;
}): aws.iam.PolicyDocument {
    const { partition: p, account: a, region: r } = scope;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ListRecoveryPointsOfTheVault",
                Effect: "Allow",
                Action: ["backup:ListRecoveryPointsByBackupVault"],
                Resource: [args.vaultArn],
            },
            {
                Sid: "ReadAndRestoreRecoveryPoints",
                Effect: "Allow",
                Action: ["backup:DescribeRecoveryPoint", "backup:GetRecoveryPointRestoreMetadata", "backup:StartRestoreJob"],
                Resource: [`arn:${p}:backup:${r}:${a}:recovery-point:*`, `arn:${p}:ec2:${r}::image/*`],
            },
            {
                Sid: "PassRestoreRoleToBackup",
                Effect: "Allow",
                Action: ["iam:PassRole"],
                Resource: [args.restoreRoleArn],
                Condition: { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } },
            },
            ...functionLogAndFailureStatements(r, args, "PublishFailures"),
        ],
    };
}

/**
 * What every Sigma Lambda function needs besides its own work: write its own log group, and publish its failed
 * invocations to the (KMS-encrypted) alarm topic, using the key only through SNS in the function's region.
 */
export function functionLogAndFailureStatements(region: string, args: { logGroupArn: string; topicArn: string; topicKeyArn: string },
    publishSid: string): aws.iam.PolicyStatement[] {
    return [
        {
            Sid: "WriteOwnLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [`${args.logGroupArn}:*`],
        },
        {
            Sid: publishSid,
            Effect: "Allow",
            Action: ["sns:Publish"],
            Resource: [args.topicArn],
        },
        {
            Sid: "EncryptFailureMessages",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: [args.topicKeyArn],
            Condition: { StringEquals: { "kms:ViaService": `sns.${region}.amazonaws.com` } },
        },
    ];
}
