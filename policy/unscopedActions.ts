import { actionPatternMatches } from "../model/iamActions";

/**
 * Actions that support no resource-level permissions: AWS's Service Authorization Reference lists no
 * resource type for them, so an IAM statement must grant them on "*". Patterns cover every action they match.
 * Only entries checked against the reference are listed; an action missing here is treated as scopable.
 */
export const UNSCOPED_ACTIONS: readonly string[] = [
    // Session Manager channels and the SSM agent's message channel: no action of either service has a resource type.
    "ssmmessages:*", "ec2messages:*",
    // EC2, Auto Scaling and ELB Describe* actions support no resource-level permissions.
    "ec2:Describe*", "autoscaling:Describe*", "elasticloadbalancing:Describe*",
    // Account-wide listings and reads in AWS Backup (the per-vault/per-plan List* actions do take resources).
    "backup:ListBackupJobs", "backup:ListBackupPlans", "backup:ListBackupVaults", "backup:ListCopyJobs", "backup:ListRestoreJobs",
    "backup:ListProtectedResources", "backup:ListBackupPlanTemplates", "backup:DescribeRegionSettings",
    "backup:DescribeGlobalSettings", "backup:GetSupportedResourceTypes",
    // Restore jobs are no AWS Backup resource type (backupVault, backupPlan, recoveryPoint, framework, reportPlan,
    // legalHold, restoreTestingPlan): https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html
    "backup:DescribeRestoreJob", "backup:PutRestoreValidationResult",
    // CloudWatch metrics are not resources.
    "cloudwatch:PutMetricData", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics",
    // X-Ray tracing from Lambda.
    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
    // Account-wide listings and creation.
    "kms:ListKeys", "kms:ListAliases", "kms:CreateKey", "sns:ListTopics", "lambda:ListFunctions", "sts:GetCallerIdentity",
    "tag:GetResources",
];

/** True when `action` (which may itself be a pattern such as `ec2:Describe*`) grants only unscopable actions. */
export function isUnscopedAction(action: string): boolean {
    // Treating the action's own wildcards as literal text, an entry covers it only if the entry matches it.
    return UNSCOPED_ACTIONS.some((entry) => actionPatternMatches(entry, action));
}
