import * as assert from "assert";
import { backupRolePolicy, BACKUP_TAG_KEY, BACKUP_TAG_VALUE, MANAGED_BACKUP_ACTIONS_LEFT_OUT, STACK_SCOPE_TAG_KEY } from "../../components";
import { actionPatternMatches } from "../../model/iamActions";
import { allowingStatements, evaluatePolicies, IamPolicyDocument, IamRequest } from "../../model/iamPolicyEvaluation";
import { synthesize } from "../../offline/synth/synthesize";
import * as managed from "../fixtures/managedPolicies/AWSBackupServiceRolePolicyForBackup.json";

const ACCOUNT = "123456789012";
/** The services of the managed policy whose actions can touch an EC2 instance backup; each such action is held or left out. */
const EC2_BACKUP_SERVICES = ["ec2", "ebs", "kms", "tag", "backup", "ssm", "iam"];

/** Every action of the managed policy (v30) of those services. */
function managedEc2Actions(): string[] {
    const statements = (managed.document.Statement as Array<{ Action: string | string[] }>);
    const actions = statements.flatMap((s) => ([] as string[]).concat(s.Action));
    return [...new Set(actions.filter((a) => EC2_BACKUP_SERVICES.includes(a.split(":")[0])))].sort();
}

interface Placement {
    region: string;
    /** Where copies go, if the plan copies. */
    copyRegion?: string;
    destinationVault?: string;
    /** The stack scope tag the instances carry (their own stack's). */
    stackScope?: string;
}

/**
 * The requests AWS Backup makes for an EC2 instance backup (an AMI of a tagged instance), its copy and its expiry,
 * per action, on the resources it touches with the context keys they carry. Applies only where `when` holds.
 */
function requestsOf(action: string, at: Placement): IamRequest[] | undefined {
    const { region: r, copyRegion: d } = at;
    const regions = d ? [r, d] : [r];
    const created = { "aws:ResourceTag/aws:backup:source-resource": `arn:aws:ec2:${r}:${ACCOUNT}:instance/i-0123456789abcdef0` };
    const ebsKeyUse = (region: string) => ({ "kms:ViaService": `ec2.${region}.amazonaws.com`, "kms:EncryptionContextKeys": ["aws:ebs:id"], "kms:CallerAccount": ACCOUNT });
    const key = (region: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const image = (region: string) => `arn:aws:ec2:${region}::image/ami-0123456789abcdef0`;
    const snapshot = (region: string) => `arn:aws:ec2:${region}::snapshot/snap-0123456789abcdef0`;
    const recoveryPoint = `arn:aws:backup:${r}:${ACCOUNT}:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`;
    const any = { action, resource: "*" };
    const copying = d !== undefined;
    switch (action) {
        case "ec2:CreateImage":
            return [
                { action, resource: `arn:aws:ec2:${r}:${ACCOUNT}:instance/i-0123456789abcdef0`, context: {
                    [`ec2:ResourceTag/${BACKUP_TAG_KEY}`]: BACKUP_TAG_VALUE,
                    ...(at.stackScope !== undefined ? { [`ec2:ResourceTag/${STACK_SCOPE_TAG_KEY}`]: at.stackScope } : {}),
                } },
                { action, resource: image(r) }, { action, resource: snapshot(r) },
            ];
        case "ec2:CreateTags":
            return regions.flatMap((region) => [{ action, resource: image(region) }, { action, resource: snapshot(region) }]);
        case "ec2:DeregisterImage":
            return regions.map((region) => ({ action, resource: image(region), context: created }));
        case "ec2:DeleteSnapshot":
            return regions.map((region) => ({ action, resource: snapshot(region), context: created }));
        case "ec2:DescribeInstances": case "ec2:DescribeInstanceAttribute": case "ec2:DescribeInstanceCreditSpecifications":
        case "ec2:DescribeNetworkInterfaces": case "ec2:DescribeElasticGpus": case "ec2:DescribeSpotInstanceRequests":
        case "ec2:DescribeImages": case "ec2:DescribeSnapshots": case "ec2:DescribeSnapshotTierStatus": case "ec2:DescribeVolumes":
        case "ec2:DescribeTags": case "tag:GetResources":
            return [any];
        case "kms:DescribeKey":
            // AWS Backup reads the key of the recovery point itself, not only through EC2 (the managed policy grants it bare).
            return regions.map((region) => ({ action, resource: key(region), context: { "kms:CallerAccount": ACCOUNT } }));
        case "kms:CreateGrant":
            return regions.map((region) => ({ action, resource: key(region), context: { ...ebsKeyUse(region), "kms:GrantIsForAWSResource": "true" } }));
        case "kms:GenerateDataKeyWithoutPlaintext": case "kms:ReEncryptTo": case "kms:ReEncryptFrom": case "kms:Decrypt":
            return regions.map((region) => ({ action, resource: key(region), context: ebsKeyUse(region) }));
        case "backup:TagResource":
            return [{ action, resource: recoveryPoint, context: { "aws:PrincipalAccount": ACCOUNT, "aws:ResourceAccount": ACCOUNT } }];
        case "ec2:CopyImage":
            return copying ? [{ action, resource: image(d) }, { action, resource: image(r) }] : [];
        case "ec2:CopySnapshot":
            return copying ? [{ action, resource: snapshot(r) }, { action, resource: snapshot(d) }] : [];
        case "backup:CopyIntoBackupVault": case "backup:DescribeBackupVault":
            return copying ? [{ action, resource: at.destinationVault! }] : [];
        case "backup:CopyFromBackupVault":
            return copying ? [{ action, resource: recoveryPoint }] : [];
        case "ec2:ModifyImageAttribute": case "ec2:ModifySnapshotAttribute": {
            // Sharing a recovery point: only for a copy into another account's vault.
            const crossAccount = copying && at.destinationVault!.split(":")[4] !== ACCOUNT;
            return crossAccount ? [{ action, resource: action === "ec2:ModifyImageAttribute" ? image(r) : snapshot(r), context: created }] : [];
        }
        default:
            return undefined;
    }
}

/** The requests the role must allow, and the managed actions that do not apply where it is placed (with why). */
function check(policy: IamPolicyDocument, at: Placement): { refused: string[]; notApplying: string[] } {
    const refused: string[] = [];
    const notApplying: string[] = [];
    for (const action of managedEc2Actions()) {
        if (Object.hasOwn(MANAGED_BACKUP_ACTIONS_LEFT_OUT, action)) {
            continue;
        }
        const requests = requestsOf(action, at);
        assert.ok(requests !== undefined, `${action} is in AWSBackupServiceRolePolicyForBackup ${managed.versionId} but neither held (test/iam/backupRole.test.ts) nor left out with a reason (MANAGED_BACKUP_ACTIONS_LEFT_OUT)`);
        if (requests.length === 0) {
            notApplying.push(action);
        }
        for (const request of requests) {
            if (evaluatePolicies([policy], request) !== "allow") {
                refused.push(`${action} on ${request.resource} ${JSON.stringify(request.context ?? {})}`);
            }
        }
    }
    return { refused, notApplying };
}

describe("the BackupRole holds what AWS's managed AWSBackupServiceRolePolicyForBackup grants for EC2 instances", () => {
    it(`uses the managed policy document as published (${managed.versionId}, ${managed.createDate})`, () => {
        assert.strictEqual(managed.policyName, "AWSBackupServiceRolePolicyForBackup");
        assert.match(managed.source, /^https:\/\/docs\.aws\.amazon\.com\/aws-managed-policy\/latest\/reference\/AWSBackupServiceRolePolicyForBackup\.html/);
        // The actions the issue found missing are in it, and none is left out.
        for (const action of ["ec2:DescribeInstanceAttribute", "ec2:DescribeInstanceCreditSpecifications", "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeElasticGpus", "ec2:DescribeSpotInstanceRequests", "backup:DescribeBackupVault", "kms:DescribeKey"]) {
            assert.ok(managedEc2Actions().includes(action), action);
            assert.ok(!Object.hasOwn(MANAGED_BACKUP_ACTIONS_LEFT_OUT, action), action);
        }
    });

    it("leaves out only actions of the managed policy, each with a reason", () => {
        for (const [action, reason] of Object.entries(MANAGED_BACKUP_ACTIONS_LEFT_OUT)) {
            assert.ok(managedEc2Actions().includes(action), `${action} is not in the managed policy`);
            assert.ok(reason.length > 20, action);
        }
    });

    for (const [stack, at] of [
        ["dev", { region: "ap-southeast-1", stackScope: "sigma/dev" }],
        ["prod", { region: "ap-southeast-1", copyRegion: "ap-southeast-2", destinationVault: "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr", stackScope: "sigma/prod" }],
    ] as const) {
        it(`${stack}: the synthesised role allows every EC2 backup${"copyRegion" in at ? ", copy" : ""} and expiry request of the managed policy's actions`, async () => {
            const synth = await synthesize({ stack });
            const rolePolicy = synth.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "sigma-backup-role-policy");
            assert.ok(rolePolicy, `${stack} has the BackupRole's policy`);
            const policy = JSON.parse(rolePolicy.inputs.policy as string) as IamPolicyDocument;
            const { refused, notApplying } = check(policy, at);
            assert.deepStrictEqual(refused, []);
            // Without a copy destination, the copy actions do not apply; with one in the same account, sharing does not.
            assert.deepStrictEqual(notApplying, "copyRegion" in at ? ["ec2:ModifyImageAttribute", "ec2:ModifySnapshotAttribute"]
                : ["backup:CopyFromBackupVault", "backup:CopyIntoBackupVault", "backup:DescribeBackupVault", "ec2:CopyImage", "ec2:CopySnapshot",
                    "ec2:ModifyImageAttribute", "ec2:ModifySnapshotAttribute"]);
        });
    }

    it("shares recovery points when the copy destination is another account's vault", () => {
        const destinationVault = "arn:aws:backup:ap-southeast-2:210987654321:backup-vault:Dr";
        const policy = backupRolePolicy({ partition: "aws", account: ACCOUNT, region: "ap-southeast-1" }, ["ap-southeast-2"], [destinationVault]) as IamPolicyDocument;
        const { refused, notApplying } = check(policy, { region: "ap-southeast-1", copyRegion: "ap-southeast-2", destinationVault });
        assert.deepStrictEqual([refused, notApplying], [[], []]);
    });

    it("stays narrower than the managed policy: no instance it did not tag, no recovery point AWS Backup did not make, no other account's key", () => {
        const policy = backupRolePolicy({ partition: "aws", account: ACCOUNT, region: "ap-southeast-1" }, [], []) as IamPolicyDocument;
        const refusedAll: IamRequest[] = [
            { action: "ec2:CreateImage", resource: `arn:aws:ec2:ap-southeast-1:${ACCOUNT}:instance/i-0123456789abcdef0`, context: { [`ec2:ResourceTag/${BACKUP_TAG_KEY}`]: "false" } },
            { action: "ec2:DeleteSnapshot", resource: "arn:aws:ec2:ap-southeast-1::snapshot/snap-0123456789abcdef0" },
            { action: "kms:DescribeKey", resource: "arn:aws:kms:ap-southeast-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            { action: "kms:Decrypt", resource: `arn:aws:kms:ap-southeast-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, context: { "kms:ViaService": "s3.ap-southeast-1.amazonaws.com" } },
            { action: "ec2:TerminateInstances", resource: `arn:aws:ec2:ap-southeast-1:${ACCOUNT}:instance/i-0123456789abcdef0` },
        ];
        for (const request of refusedAll) {
            assert.deepStrictEqual(allowingStatements([policy], request), [], `${request.action} on ${request.resource}`);
        }
        assert.ok(!policy.Statement.toString().includes("*:*"), "no wildcard action");
        assert.ok(([] as any[]).concat(policy.Statement).every((s) => ([] as string[]).concat(s.Action).every((a) => !actionPatternMatches(a, "ec2:StopInstances"))));
    });
});
