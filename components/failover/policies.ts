import * as aws from "@pulumi/aws";
import { AccountScope } from "../shared/accountScope";
import { STACK_SCOPE_TAG_KEY } from "../shared/constants";

/** What the failover role's statements are scoped to. */
export interface FailoverPolicyTargets {
    parameterName: string;
    targetGroupArn: string;
    restoreFunctionArn: string;
    topicArn: string;
    topicKeyArn?: string;
    /** The sigma:stack tag value of the stack's instances (restored instances keep the backed-up tags). */
    stackScope: string;
    dbRecord?: { zoneId: string; name: string };
    logging: boolean;
    tracing: boolean;
    /** False in DB mode: the engine touches no target, so it gets no target group permission. */
    registerInTargetGroup: boolean;
}

/** SSM parameter ARNs drop the name's leading slash: arn:...:parameter/<name without leading slash> (Service Authorization Reference, AWS Systems Manager). */
export function parameterArn(scope: AccountScope, name: string): string {
    return `arn:${scope.partition}:ssm:${scope.region}:${scope.account}:parameter/${name.replace(/^\//, "")}`;
}

/** Route 53 compares record names normalised: lower case, no trailing dot (route53:ChangeResourceRecordSetsNormalizedRecordNames). */
export function normalizedRecordName(name: string): string {
    return name.toLowerCase().replace(/\.$/, "");
}

/**
 * The failover state machine's identity policy: each action the definition calls, on the narrowest resource the
 * Service Authorization Reference allows. ec2:DescribeInstanceStatus, ec2:DescribeInstances,
 * elasticloadbalancing:DescribeTargetHealth and backup:DescribeRestoreJob support no resource-level permissions ("*");
 * Step Functions' log delivery needs the logs:*LogDelivery actions on "*"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy).
 */
export function failoverRolePolicy(scope: AccountScope, targets: FailoverPolicyTargets): aws.iam.PolicyDocument {
    const statements: aws.iam.PolicyStatement[] = [
        {
            Sid: "ActiveInstanceParameter",
            Effect: "Allow",
            Action: ["ssm:GetParameter", "ssm:PutParameter"],
            Resource: [parameterArn(scope, targets.parameterName)],
        },
        {
            Sid: "ReadInstancesAndJobs",
            Effect: "Allow",
            Action: ["ec2:DescribeInstanceStatus", "ec2:DescribeInstances", "backup:DescribeRestoreJob",
                ...(targets.registerInTargetGroup ? ["elasticloadbalancing:DescribeTargetHealth"] : [])],
            Resource: ["*"],
        },
        {
            Sid: "StopOnlyThisStacksInstances",
            Effect: "Allow",
            Action: ["ec2:StopInstances"],
            Resource: [`arn:${scope.partition}:ec2:${scope.region}:${scope.account}:instance/*`],
            Condition: { StringEquals: { [`aws:ResourceTag/${STACK_SCOPE_TAG_KEY}`]: targets.stackScope } },
        },
        {
            Sid: "InvokeTheRestoreFunction",
            Effect: "Allow",
            Action: ["lambda:InvokeFunction"],
            Resource: [targets.restoreFunctionArn, `${targets.restoreFunctionArn}:*`],
        },
        {
            Sid: "NotifyTheAlarmTopic",
            Effect: "Allow",
            Action: ["sns:Publish"],
            Resource: [targets.topicArn],
        },
    ];
    if (targets.registerInTargetGroup) {
        statements.push({
            Sid: "SwapTargetsOfThisTargetGroup",
            Effect: "Allow",
            Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
            Resource: [targets.targetGroupArn],
        });
    }
    if (targets.topicKeyArn) {
        // Publishing to an encrypted topic needs the key, through SNS only (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
        statements.push({
            Sid: "EncryptForTheAlarmTopic",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: [targets.topicKeyArn],
            Condition: { StringEquals: { "kms:ViaService": `sns.${scope.region}.amazonaws.com` } },
        });
    }
    if (targets.dbRecord) {
        statements.push({
            Sid: "UpsertTheDbRecordOnly",
            Effect: "Allow",
            Action: ["route53:ChangeResourceRecordSets"],
            Resource: [`arn:${scope.partition}:route53:::hostedzone/${targets.dbRecord.zoneId}`],
            Condition: {
                "ForAllValues:StringEquals": {
                    "route53:ChangeResourceRecordSetsNormalizedRecordNames": [normalizedRecordName(targets.dbRecord.name)],
                    "route53:ChangeResourceRecordSetsRecordTypes": ["A"],
                    "route53:ChangeResourceRecordSetsActions": ["UPSERT"],
                },
            },
        });
    }
    if (targets.logging) {
        statements.push({
            Sid: "DeliverExecutionLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
                "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
            Resource: ["*"],
        });
    }
    if (targets.tracing) {
        // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html
        statements.push({
            Sid: "XRayTracing",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            Resource: ["*"],
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** EventBridge may start this one state machine (https://docs.aws.amazon.com/step-functions/latest/dg/using-eventbridge-scheduler.html). */
export function failoverEventsPolicy(stateMachineArn: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "StartTheFailover", Effect: "Allow", Action: ["states:StartExecution"], Resource: [stateMachineArn] }],
    };
}
