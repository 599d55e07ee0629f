import * as assert from "assert";
import { evaluatePolicies, IamPolicyDocument, IamRequest } from "../../model/iamPolicyEvaluation";
import { synthesize } from "../../offline/synth/synthesize";
import * as managed from "../fixtures/managedPolicies/AWSBackupServiceRolePolicyForRestores.json";

const ACCOUNT = "123456789012";
const SERVICES = ["ec2", "ebs", "kms", "tag", "backup", "iam"];

/**
 * AWS's managed AWSBackupServiceRolePolicyForRestores (v35) actions of those services that do not apply to restoring
 * an EC2 instance from an AMI recovery point (SigmaRestore's restores and the restore tests), each with why.
 */
const NOT_FOR_EC2_INSTANCE_RESTORES: Record<string, string> = {
    "ec2:CreateVolume": "EBS-volume restores (EBSPermissions)",
    "ec2:DeleteVolume": "EBS-volume restores (EBSPermissions)",
    "ec2:DeleteTags": "restoring archived EBS snapshots (EC2DeleteAndRestorePermissions)",
    "ec2:DeleteSnapshot": "restoring archived EBS snapshots (EC2DeleteAndRestorePermissions)",
    "ec2:RestoreSnapshotTier": "restoring archived EBS snapshots (EC2DeleteAndRestorePermissions)",
    "ec2:DescribeSnapshotTierStatus": "the archive tier of EBS-volume snapshots; AMI recovery points are not archived",
    "ec2:DescribeLaunchTemplateVersions": "EKS node groups (CreateEKSNodeGroupPermissions)",
    "ebs:CompleteSnapshot": "EBS direct-API snapshot restores (EBSSnapshotBlockPermissions)",
    "ebs:StartSnapshot": "EBS direct-API snapshot restores (EBSSnapshotBlockPermissions)",
    "ebs:PutSnapshotBlock": "EBS direct-API snapshot restores (EBSSnapshotBlockPermissions)",
    "iam:GetRole": "EKS node groups (CreateEKSNodeGroupPermissions)",
    "iam:ListAttachedRolePolicies": "EKS node groups (CreateEKSNodeGroupPermissions)",
    "backup:StartRestoreJob": "restores of composite resources that start nested restore jobs (EKS)",
    "backup:ListRestoreJobs": "restores of composite resources that start nested restore jobs (EKS)",
    "backup:ListRecoveryPointsByBackupVault": "restores of composite resources that start nested restore jobs (EKS)",
    "backup:DescribeRestoreJob": "restores of composite resources that start nested restore jobs (EKS)",
};

/**
 * The requests AWS Backup makes, with IAMRoleForRestore, to launch an instance from an AMI recovery point (and, for a
 * restore test, delete it). KMS requests are made on `keys`, the customer-managed keys of the stack's recovery points
 * (the AWS-managed aws/ebs key's own policy admits the account's principals through EC2, so it needs no IAM grant).
 */
function requestsOf(action: string, region: string, restoredInstanceRole: string, keys: string[] = []): IamRequest[] | undefined {
    const arn = (type: string, id: string, account = ACCOUNT) => `arn:aws:ec2:${region}:${account}:${type}/${id}`;
    const viaEc2 = { "kms:ViaService": `ec2.${region}.amazonaws.com`, "kms:CallerAccount": ACCOUNT };
    switch (action) {
        case "ec2:RunInstances":
            return [arn("instance", "i-0123456789abcdef0"), arn("volume", "vol-0123456789abcdef0"), arn("network-interface", "eni-0123456789abcdef0"),
                arn("subnet", "subnet-0123456789abcdef0"), arn("security-group", "sg-0123456789abcdef0"),
                `arn:aws:ec2:${region}::image/ami-0123456789abcdef0`, `arn:aws:ec2:${region}::snapshot/snap-0123456789abcdef0`].map((resource) => ({ action, resource }));
        case "ec2:CreateTags":
            return [
                ...["instance", "volume", "network-interface"].map((type) => ({ action, resource: arn(type, "x-0123456789abcdef0"), context: { "ec2:CreateAction": "RunInstances" } })),
                // AWS Backup marks what it restored with the recovery point's source (EC2CreateTagsScopedPermissions).
                { action, resource: arn("instance", "i-0123456789abcdef0"), context: { "aws:TagKeys": ["aws:backup:source-resource"] } },
            ];
        case "ec2:TerminateInstances":
            // A restore test deletes its instance after the validation window.
            return [{ action, resource: arn("instance", "i-0123456789abcdef0") }];
        case "iam:PassRole":
            return [{ action, resource: restoredInstanceRole, context: { "iam:PassedToService": "ec2.amazonaws.com" } }];
        case "kms:DescribeKey":
            return keys.flatMap((key) => [{ action, resource: key }, { action, resource: key, context: viaEc2 }]);
        case "kms:CreateGrant":
            return keys.map((key) => ({ action, resource: key, context: { ...viaEc2, "kms:GrantIsForAWSResource": "true" } }));
        case "kms:Decrypt": case "kms:Encrypt": case "kms:GenerateDataKey": case "kms:ReEncryptTo": case "kms:ReEncryptFrom": case "kms:GenerateDataKeyWithoutPlaintext":
            return keys.map((key) => ({ action, resource: key, context: viaEc2 }));
        default:
            return action.startsWith("ec2:Describe") ? [{ action, resource: "*" }] : undefined;
    }
}

function managedActions(): string[] {
    const actions = (managed.document.Statement as Array<{ Action: string | string[] }>).flatMap((s) => ([] as string[]).concat(s.Action));
    return [...new Set(actions.filter((a) => SERVICES.includes(a.split(":")[0])))].sort();
}

/** What the restore role refuses of the managed policy's EC2-instance restore actions. */
async function refusedBy(stack: string, policyName: string, region: string): Promise<string[]> {
    const synth = await synthesize({ stack });
    const rolePolicy = synth.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === policyName);
    assert.ok(rolePolicy, `${stack} has ${policyName}`);
    const policy = JSON.parse(rolePolicy.inputs.policy as string) as IamPolicyDocument;
    // The dr stack's recovery points are copies, re-encrypted with its vault's key; prod's keep the EBS default key.
    const keys = synth.resources.filter((r) => r.type === "aws:backup/vault:Vault" && stack === "dr").map((r) => r.inputs.kmsKeyArn as string);
    const restoredInstanceRole = `arn:aws:iam::${ACCOUNT}:role/sigma/sigma/sigma-instance-role`;
    const refused: string[] = [];
    for (const action of managedActions().filter((a) => !Object.hasOwn(NOT_FOR_EC2_INSTANCE_RESTORES, a))) {
        const requests = requestsOf(action, region, restoredInstanceRole, keys);
        assert.ok(requests, `${action} is in ${managed.policyName} ${managed.versionId} but neither checked here nor listed as not applying`);
        for (const request of requests) {
            if (evaluatePolicies([policy], request) !== "allow") {
                refused.push(`${action} on ${request.resource}${request.context ? ` ${JSON.stringify(request.context)}` : ""}`);
            }
        }
    }
    return refused;
}

/**
 * IAMRoleForRestore (components/restore, another owner's) against AWS's managed restore policy. The EC2-instance restore
 * actions it must hold: ec2:RunInstances; ec2:CreateTags (on what RunInstances creates, and aws:backup:source-resource);
 * ec2:TerminateInstances (restore tests); iam:PassRole to EC2; ec2:Describe{Images, Instances, Snapshots, Volumes,
 * AccountAttributes, Addresses, AvailabilityZones, SecurityGroups, Subnets, Vpcs, InternetGateways, RouteTables};
 * kms:DescribeKey; kms:CreateGrant; kms:Decrypt, Encrypt, GenerateDataKey, ReEncryptTo, ReEncryptFrom,
 * GenerateDataKeyWithoutPlaintext through EC2. Pending until the restore role holds them (when this was written it
 * lacked ec2:TerminateInstances, ec2:CreateTags of aws:backup:source-resource on the restored instance,
 * ec2:Describe{AccountAttributes, Addresses, AvailabilityZones, Vpcs, InternetGateways, RouteTables}, and in dr, on
 * the vault's key, kms:DescribeKey without kms:ViaService and kms:Encrypt and kms:GenerateDataKey through EC2):
 * enable it by dropping `.skip`.
 */
describe("IAMRoleForRestore holds what AWS's managed AWSBackupServiceRolePolicyForRestores grants for EC2 instance restores", () => {
    it(`classifies every EC2, EBS, KMS, IAM and AWS Backup action of the managed policy (${managed.versionId})`, () => {
        for (const action of managedActions()) {
            assert.ok(Object.hasOwn(NOT_FOR_EC2_INSTANCE_RESTORES, action) || requestsOf(action, "ap-southeast-1", "r") !== undefined, action);
        }
    });

    for (const [stack, policyName, region] of [["prod", "sigma-restore-role-policy", "ap-southeast-1"], ["dr", "sigma-dr-restore-role-policy", "ap-southeast-2"]]) {
        it.skip(`${stack}: the synthesised restore role allows every EC2-instance restore request`, async () => {
            assert.deepStrictEqual(await refusedBy(stack, policyName, region), []);
        });
    }
});
