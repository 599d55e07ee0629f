import * as aws from "@pulumi/aws";
import { KEY_ADMINISTRATION_ACTIONS } from "../shared/iam";

// CloudWatch alarm actions: at most 5 per state (PutMetricAlarm AlarmActions, "Maximum number of 5 items").
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
export const MAX_ALARM_ACTIONS = 5;
// EventBridge: at most 5 targets per rule. https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
export const MAX_RULE_TARGETS = 5;
// "Period multiplied by EvaluationPeriods can't be more than 604,800 seconds" (7 days) for periods of an hour or more.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
export const MAX_ALARM_EVALUATION_HOURS = 7 * 24;

/** Backup and copy job states that need a human; AWS Backup's backup and copy events carry them in detail.state. */
export const BACKUP_FAILURE_STATES = ["FAILED", "ABORTED", "EXPIRED"];
/** Restore job states that need a human; restore events carry them in detail.status, not detail.state. */
export const RESTORE_FAILURE_STATUSES = ["FAILED", "ABORTED"];

// The destructive API calls, as CloudTrail names them (eventName = the API action).
// https://docs.aws.amazon.com/kms/latest/developerguide/ct-schedule-key-deletion.html
export const KEY_DESTRUCTIVE_CALLS = ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"];
// https://docs.aws.amazon.com/aws-backup/latest/devguide/logging-using-cloudtrail.html
export const BACKUP_DESTRUCTIVE_CALLS = ["DeleteBackupVault", "DeleteBackupVaultLockConfiguration", "PutBackupVaultAccessPolicy",
    "DeleteBackupVaultAccessPolicy", "DeleteRecoveryPoint", "UpdateRecoveryPointLifecycle", "DeleteBackupPlan", "DeleteBackupSelection"];

// "Some events report status: COMPLETED whereas other events report state: COMPLETED": backup and copy job events
// carry detail.state, restore job events detail.status. https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
/** AWS Backup's EventBridge events for backup and copy jobs that need a human. */
export function backupFailurePattern(): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        "detail-type": ["Backup Job State Change", "Copy Job State Change"],
        detail: { state: BACKUP_FAILURE_STATES },
    };
}

/** AWS Backup's EventBridge events for restore jobs (restores and restore tests) that failed or were aborted. */
export function restoreFailurePattern(): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        "detail-type": ["Restore Job State Change"],
        detail: { status: RESTORE_FAILURE_STATUSES },
    };
}

/**
 * CloudTrail's record of a KMS call that can lose or lock away the keys: scheduling deletion, disabling, replacing
 * the policy. The caller names the key by id or ARN ("Specify the key ID or key ARN of the KMS key" in each of the
 * three APIs), and CloudTrail records it as requestParameters.keyId
 * (https://docs.aws.amazon.com/kms/latest/developerguide/ct-schedule-key-deletion.html), so both forms are matched.
 * Source and detail-type of CloudTrail-delivered events:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
 */
export function keyChangePattern(keyArns: string[]): Record<string, unknown> {
    const keyIds = keyArns.flatMap((arn) => [arn, arn.slice(arn.lastIndexOf("/") + 1)]);
    return {
        source: ["aws.kms"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventSource: ["kms.amazonaws.com"], eventName: KEY_DESTRUCTIVE_CALLS, requestParameters: { keyId: [...new Set(keyIds)] } },
    };
}

/**
 * CloudTrail's record of an AWS Backup call that deletes recovery points, a vault, its lock or access policy, a plan
 * or a selection, or shortens a recovery point's life. Every vault and plan of the account and region is watched:
 * AWS publishes no CloudTrail sample of these calls, so the request parameters that would name the vault are not
 * matched on (a wrong field name would silently match nothing).
 */
export function backupChangePattern(): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventSource: ["backup.amazonaws.com"], eventName: BACKUP_DESTRUCTIVE_CALLS },
    };
}

/**
 * The alarm key's policy: the account administers and uses it (through IAM, so the restore functions' roles can
 * publish), and the three services that publish to the encrypted topic may use it, each with the conditions it sends:
 * - EventBridge with none: "Adding the aws:SourceAccount, aws:SourceArn, and aws:SourceOrgID to a AWS KMS policy is
 *   not supported for EventBridge-to-encrypted topics"
 *   (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services);
 * - CloudWatch alarms under aws:SourceArn of this account's alarms, the confused-deputy guard that page asks for;
 * - AWS Backup with none: its page gives the statement without conditions, and it notifies topics of its own
 *   account only ("AWS Backup does not currently support [cross-account notifications]",
 *   https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html), so no other account's
 *   vault can make it use this key.
 */
export function alarmTopicKeyPolicy(partition: string, region: string, account: string): aws.iam.PolicyDocument {
    const encrypt = ["kms:Decrypt", "kms:GenerateDataKey"];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${account}:root` },
                Action: [
                    ...KEY_ADMINISTRATION_ACTIONS,
                    "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey",
                ],
                Resource: "*",
            },
            {
                Sid: "EventBridgeRulesEncrypt",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: encrypt,
                Resource: "*",
            },
            {
                Sid: "CloudWatchAlarmsEncrypt",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: encrypt,
                Resource: "*",
                Condition: { ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` } },
            },
            {
                Sid: "AwsBackupVaultNotificationsEncrypt",
                Effect: "Allow",
                Principal: { Service: "backup.amazonaws.com" },
                Action: encrypt,
                Resource: "*",
            },
        ],
    };
}

/**
 * Who may publish to the alarm topic, with the confused-deputy conditions each publisher sends to SNS:
 * - CloudWatch alarms of this account and region, by aws:SourceArn (the alarm ARN:
 *   https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger);
 * - EventBridge rules of this account and region, by aws:SourceArn (the rule ARN:
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html), so the restore components'
 *   rules reach the topic too;
 * - AWS Backup vault notifications, as its page states the statement (no condition; same-account only, see above).
 * Same-account IAM principals (the restore functions' failure destinations) publish through their own policies.
 */
export function alarmTopicPolicy(partition: string, region: string, account: string, topicArn: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudWatchAlarms",
                Effect: "Allow",
                Principal: { Service: "cloudwatch.amazonaws.com" },
                Action: ["sns:Publish"],
                Resource: [topicArn],
                Condition: { ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` } },
            },
            {
                Sid: "EventBridgeRules",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: ["sns:Publish"],
                Resource: [topicArn],
                Condition: { ArnLike: { "aws:SourceArn": `arn:${partition}:events:${region}:${account}:rule/*` } },
            },
            {
                Sid: "AwsBackupVaultNotifications",
                Effect: "Allow",
                Principal: { Service: "backup.amazonaws.com" },
                Action: ["sns:Publish"],
                Resource: [topicArn],
            },
        ],
    };
}
