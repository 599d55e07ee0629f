import * as assert from "assert";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE } from "../../components";
import { MANAGED_RESTORE_ACTIONS_LEFT_OUT, RESTORED_BY_BACKUP_TAG_KEY, restoreRolePolicy } from "../../components/restore/policies";
import { evaluatePolicies, IamPolicyDocument, IamRequest } from "../../model/iamPolicyEvaluation";
import { synthesize } from "../../offline/synth/synthesize";
import * as managed from "../fixtures/managedPolicies/AWSBackupServiceRolePolicyForRestores.json";

const ACCOUNT = "123456789012";
const SERVICES = ["ec2", "ebs", "kms", "tag", "backup", "iam"];

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
            // AWS Backup removes the instance a failed restore launched, which it marked with aws:backup:source-resource.
            return [{ action, resource: arn("instance", "i-0fedcba9876543210"), context: { [`aws:ResourceTag/${RESTORED_BY_BACKUP_TAG_KEY}`]: arn("instance", "i-0123456789abcdef0") } }];
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
    for (const action of managedActions().filter((a) => !Object.hasOwn(MANAGED_RESTORE_ACTIONS_LEFT_OUT, a))) {
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
 * IAMRoleForRestore (components/restore) against AWS's managed restore policy. The EC2-instance restore
 * actions it must hold: ec2:RunInstances; ec2:CreateTags (on what RunInstances creates, and aws:backup:source-resource);
 * ec2:TerminateInstances (of an instance a failed restore launched); iam:PassRole to EC2; ec2:Describe{Images, Instances, Snapshots, Volumes,
 * AccountAttributes, Addresses, AvailabilityZones, SecurityGroups, Subnets, Vpcs, InternetGateways, RouteTables};
 * kms:DescribeKey; kms:CreateGrant; kms:Decrypt, Encrypt, GenerateDataKey, ReEncryptTo, ReEncryptFrom,
 * GenerateDataKeyWithoutPlaintext through EC2.
 */
describe("IAMRoleForRestore holds what AWS's managed AWSBackupServiceRolePolicyForRestores grants for EC2 instance restores", () => {
    it(`classifies every EC2, EBS, KMS, IAM and AWS Backup action of the managed policy (${managed.versionId})`, () => {
        for (const action of managedActions()) {
            assert.ok(Object.hasOwn(MANAGED_RESTORE_ACTIONS_LEFT_OUT, action) || requestsOf(action, "ap-southeast-1", "r") !== undefined, action);
        }
    });

    for (const [stack, policyName, region] of [["prod", "sigma-restore-role-policy", "ap-southeast-1"], ["dr", "sigma-dr-restore-role-policy", "ap-southeast-2"]]) {
        it(`${stack}: the synthesised restore role allows every EC2-instance restore request`, async () => {
            assert.deepStrictEqual(await refusedBy(stack, policyName, region), []);
        });
    }

    it("leaves out only actions of the managed policy, each with a reason", () => {
        for (const [action, reason] of Object.entries(MANAGED_RESTORE_ACTIONS_LEFT_OUT)) {
            assert.ok(managedActions().includes(action), `${action} is not in the managed policy`);
            assert.ok(reason.length > 20, action);
        }
    });

    it("cannot stop, modify, terminate or mark for termination an instance that AWS Backup did not restore", () => {
        const region = "ap-southeast-1";
        const policy = JSON.parse(JSON.stringify(restoreRolePolicy({ partition: "aws", account: ACCOUNT, region }, "/sigma/", []))) as IamPolicyDocument;
        const original = `arn:aws:ec2:${region}:${ACCOUNT}:instance/i-0123456789abcdef0`;
        const sigmaTagged = { [`ec2:ResourceTag/${BACKUP_TAG_KEY}`]: BACKUP_TAG_VALUE, [`aws:ResourceTag/${BACKUP_TAG_KEY}`]: BACKUP_TAG_VALUE };
        const decision = (action: string, context: IamRequest["context"] = {}) => evaluatePolicies([policy], { action, resource: original, context });
        assert.strictEqual(decision("ec2:TerminateInstances"), "implicit-deny", "an instance without the AWS Backup restore tag");
        assert.strictEqual(decision("ec2:TerminateInstances", sigmaTagged), "implicit-deny", "the backed-up Sigma instance");
        for (const action of ["ec2:StopInstances", "ec2:StartInstances", "ec2:RebootInstances", "ec2:ModifyInstanceAttribute", "ec2:DeleteTags"]) {
            assert.strictEqual(decision(action, sigmaTagged), "implicit-deny", action);
        }
        // Marking the original with AWS Backup's tag would make it terminable: refused on backed-up Sigma instances.
        assert.strictEqual(decision("ec2:CreateTags", { ...sigmaTagged, "aws:TagKeys": [RESTORED_BY_BACKUP_TAG_KEY] }), "implicit-deny");
        // Any other tag after launch is refused too, on any instance.
        assert.strictEqual(decision("ec2:CreateTags", { "aws:TagKeys": [RESTORED_BY_BACKUP_TAG_KEY, "Name"] }), "implicit-deny");
        // The instance AWS Backup restored (it carries the tag) can be cleaned up.
        assert.strictEqual(decision("ec2:TerminateInstances", { [`aws:ResourceTag/${RESTORED_BY_BACKUP_TAG_KEY}`]: original }), "allow");
    });
});
