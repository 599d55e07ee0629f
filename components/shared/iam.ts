import * as aws from "@pulumi/aws";

/** Trust policy letting one AWS service (and nothing else) assume a role, only on behalf of this account. */
export function serviceTrustPolicy(service: string, account: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": account } },
        }],
    };
}

/** Trust policy: only the EC2 service may assume the instance role. */
export function ec2TrustPolicy(): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
}

/**
 * What the SSM agent needs for Session Manager and nothing else (no S3, no ssm:GetParameter): register the
 * instance, and open the control and data channels. ssmmessages actions take no resource ARNs.
 */
export function sessionManagerPolicy(partition: string, region: string, account: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "RegisterManagedInstance",
                Effect: "Allow",
                Action: ["ssm:UpdateInstanceInformation"],
                Resource: [`arn:${partition}:ec2:${region}:${account}:instance/*`],
            },
            {
                Sid: "SessionManagerChannels",
                Effect: "Allow",
                Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
                Resource: ["*"],
            },
        ],
    };
}

/** What the account (through IAM) needs to administer a KMS key the stack creates, without its cryptography. */
export const KEY_ADMINISTRATION_ACTIONS: readonly string[] = [
    "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation",
    "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription", "kms:EnableKey",
    "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:ListGrants", "kms:RevokeGrant",
];
