// AWS managed policy documents, copied as data from the AWS Managed Policy Reference
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/<name>.html), default version as of 2026-11.
// The pack judges an attached AWS managed policy by its document; a policy missing here cannot be judged.

export interface AwsManagedPolicyDocument {
    /** The reference page the document was copied from. */
    source: string;
    document: { Version: string; Statement: object[] };
}

const source = (name: string) => `https://docs.aws.amazon.com/aws-managed-policy/latest/reference/${name}.html`;

export const AWS_MANAGED_POLICY_DOCUMENTS: Readonly<Record<string, AwsManagedPolicyDocument>> = {
    AdministratorAccess: {
        source: source("AdministratorAccess"),
        document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
    },
    PowerUserAccess: {
        source: source("PowerUserAccess"),
        document: {
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
                {
                    Effect: "Allow",
                    Action: ["account:GetAccountInformation", "account:GetPrimaryEmail", "account:ListRegions", "iam:CreateServiceLinkedRole",
                        "iam:DeleteServiceLinkedRole", "iam:ListRoles", "organizations:DescribeOrganization"],
                    Resource: "*",
                },
            ],
        },
    },
    IAMFullAccess: {
        source: source("IAMFullAccess"),
        document: {
            Version: "2012-10-17",
            Statement: [{
                Effect: "Allow",
                Action: ["iam:*", "organizations:DescribeAccount", "organizations:DescribeOrganization", "organizations:DescribeOrganizationalUnit",
                    "organizations:DescribePolicy", "organizations:ListChildren", "organizations:ListParents", "organizations:ListPoliciesForTarget",
                    "organizations:ListRoots", "organizations:ListPolicies", "organizations:ListTargetsForPolicy"],
                Resource: "*",
            }],
        },
    },
    AWSLambdaBasicExecutionRole: {
        source: source("AWSLambdaBasicExecutionRole"),
        document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" }] },
    },
    AmazonSSMManagedInstanceCore: {
        source: source("AmazonSSMManagedInstanceCore"),
        document: {
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: ["ssm:DescribeAssociation", "ssm:GetDeployablePatchSnapshotForInstance", "ssm:GetDocument", "ssm:DescribeDocument",
                        "ssm:GetManifest", "ssm:GetParameter", "ssm:GetParameters", "ssm:ListAssociations", "ssm:ListInstanceAssociations",
                        "ssm:PutInventory", "ssm:PutComplianceItems", "ssm:PutConfigurePackageResult", "ssm:UpdateAssociationStatus",
                        "ssm:UpdateInstanceAssociationStatus", "ssm:UpdateInstanceInformation"],
                    Resource: "*",
                },
                { Effect: "Allow", Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], Resource: "*" },
                { Effect: "Allow", Action: ["ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"], Resource: "*" },
            ],
        },
    },
};
