import * as aws from "@pulumi/aws";
import { AccountScope } from "../shared/accountScope";

/**
 * IAMRoleForRestore's permissions: what AWS Backup needs to launch a NEW instance from an AMI recovery point
 * (the guide's list, section 4.4, minus Start/StopInstances): RunInstances in this region, tags only on what
 * that RunInstances creates, PassRole only for the Sigma instance roles under `instanceRolePath` and only to EC2,
 * KMS only on the named keys and only through EC2. Nothing can stop, modify or terminate an existing instance.
 *
 * The restored instance keeps the backed-up instance profile (AWS Backup fails a job that names another one), and
 * "If you use the original instance profile, you must grant AWS Backup ... iam:PassRole ... the ARN of the IAM role
 * associated with the instance profile" (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html).
 * IAM is global, so the same path names those roles from a restore role in any region, the DR stack's included.
 */
export function restoreRolePolicy(scope: AccountScope, instanceRolePath: string, kmsKeyArns: string[]): aws.iam.PolicyDocument {
    const { partition: p, account: a, region: r } = scope;
    const statements: aws.iam.PolicyStatement[] = [
        {
            Sid: "DescribeWhatTheRestoreUses",
            Effect: "Allow",
            Action: ["ec2:DescribeInstances", "ec2:DescribeImages", "ec2:DescribeSnapshots", "ec2:DescribeVolumes",
                "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeNetworkInterfaces"],
            Resource: "*",
        },
        {
            Sid: "LaunchRestoredInstance",
            Effect: "Allow",
            Action: ["ec2:RunInstances"],
            Resource: [
                `arn:${p}:ec2:${r}:${a}:instance/*`, `arn:${p}:ec2:${r}:${a}:volume/*`, `arn:${p}:ec2:${r}:${a}:network-interface/*`,
                `arn:${p}:ec2:${r}:${a}:subnet/*`, `arn:${p}:ec2:${r}:${a}:security-group/*`, `arn:${p}:ec2:${r}:${a}:key-pair/*`,
                `arn:${p}:ec2:${r}::image/*`, `arn:${p}:ec2:${r}::snapshot/*`,
            ],
        },
        {
            Sid: "TagOnlyWhatTheRestoreLaunches",
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: [`arn:${p}:ec2:${r}:${a}:instance/*`, `arn:${p}:ec2:${r}:${a}:volume/*`, `arn:${p}:ec2:${r}:${a}:network-interface/*`],
            Condition: { StringEquals: { "ec2:CreateAction": "RunInstances" } },
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
                Sid: "DecryptRecoveryPointVolumesThroughEc2",
                Effect: "Allow",
                Action: ["kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"],
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
            {
                Sid: "WriteOwnLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: [`${args.logGroupArn}:*`],
            },
            {
                Sid: "PublishFailures",
                Effect: "Allow",
                Action: ["sns:Publish"],
                Resource: [args.topicArn],
            },
            {
                Sid: "EncryptFailureMessages",
                Effect: "Allow",
                Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                Resource: [args.topicKeyArn],
                Condition: { StringEquals: { "kms:ViaService": `sns.${r}.amazonaws.com` } },
            },
        ],
    };
}
