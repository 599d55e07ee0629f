import * as assert from "assert";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE } from "../../components";
import { MANAGED_RESTORE_ACTIONS_LEFT_OUT, RESTORED_BY_BACKUP_TAG_KEY, restoreRolePolicy } from "../../components/restore/policies";
import { RestoreLaunch, runInstancesRequests } from "../../model/ec2RestoreAuthorization";
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
function requestsOf(action: string, region: string, restoredInstanceRole: string, keys: string[] = [], launch: RestoreLaunch = launchIn(region, STACK_NETWORK)): IamRequest[] | undefined {
    const arn = (type: string, id: string, account = ACCOUNT) => `arn:aws:ec2:${region}:${account}:${type}/${id}`;
    const viaEc2 = { "kms:ViaService": `ec2.${region}.amazonaws.com`, "kms:CallerAccount": ACCOUNT };
    switch (action) {
        case "ec2:RunInstances":
            // Every resource EC2 authorizes for the launch (model/ec2RestoreAuthorization.ts), plus an AMI snapshot.
            return [...runInstancesRequests(launch), { action, resource: `arn:aws:ec2:${region}::snapshot/snap-0123456789abcdef0` }];
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

/** Where a launch lands: a subnet of a VPC, with groups. */
interface LaunchNetwork {
    subnetId: string;
    vpcId: string;
    securityGroupIds: string[];
    httpTokens?: "required" | "optional";
}
const STACK_NETWORK: LaunchNetwork = { subnetId: "subnet-0123456789abcdef0", vpcId: "vpc-0123456789abcdef0", securityGroupIds: ["sg-0123456789abcdef0"], httpTokens: "required" };

/** A restore launch in `region` (as AWS Backup makes it with the function's request: RequireIMDSv2 true). */
function launchIn(region: string, network: LaunchNetwork): RestoreLaunch {
    return {
        partition: "aws", account: ACCOUNT, region, instanceId: "i-0123456789abcdef0", instanceType: "t3.xlarge",
        imageArn: `arn:aws:ec2:${region}::image/ami-0123456789abcdef0`, availabilityZone: `${region}a`, keyName: "sigma-ops", ...network,
    };
}

/** The synthesised restore role's policy and the stack's network as the restore function knows it (its environment). */
async function deployedRestore(stack: string, policyName: string) {
    const synth = await synthesize({ stack });
    const rolePolicy = synth.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === policyName);
    assert.ok(rolePolicy, `${stack} has ${policyName}`);
    const fn = synth.resources.find((r) => r.type === "aws:lambda/function:Function" && /restore-function$/.test(r.name));
    assert.ok(fn, `${stack} has the restore function`);
    const env = (fn.inputs.environment as { variables: Record<string, string> }).variables;
    const list = (value: string | undefined) => (value ?? "").split(",").filter((v) => v !== "");
    return {
        synth,
        policy: JSON.parse(rolePolicy.inputs.policy as string) as IamPolicyDocument,
        network: {
            subnetIds: list(env.ALLOWED_SUBNET_IDS), securityGroupIds: list(env.ALLOWED_SECURITY_GROUP_IDS), vpcId: env.ALLOWED_VPC_ID as string | undefined,
        },
    };
}

function managedActions(): string[] {
    const actions = (managed.document.Statement as Array<{ Action: string | string[] }>).flatMap((s) => ([] as string[]).concat(s.Action));
    return [...new Set(actions.filter((a) => SERVICES.includes(a.split(":")[0])))].sort();
}

/** What the restore role refuses of the managed policy's EC2-instance restore actions. */
async function refusedBy(stack: string, policyName: string, region: string): Promise<string[]> {
    const { synth, policy, network } = await deployedRestore(stack, policyName);
    // A launch into the stack's own network: its first subnet, and its groups (or any group of its VPC).
    const own = launchIn(region, {
        subnetId: network.subnetIds[0], vpcId: network.vpcId ?? "vpc-0123456789abcdef0",
        securityGroupIds: network.securityGroupIds.length > 0 ? network.securityGroupIds : ["sg-0123456789abcdef0"], httpTokens: "required",
    });
    // The keys the recovery points' snapshots are encrypted with: in dr the copies are re-encrypted with its vault's key;
    // in a primary stack they keep the key of the volumes they were taken from (prod's own EBS key, dev's when it has one).
    const volumeKeys = synth.resources.flatMap((r) => r.type === "aws:ebs/volume:Volume" ? [r.inputs.kmsKeyId]
        : r.type === "aws:ec2/instance:Instance" ? [(r.inputs.rootBlockDevice as { kmsKeyId?: string } | undefined)?.kmsKeyId] : []);
    const keys = [...new Set(stack === "dr"
        ? synth.resources.filter((r) => r.type === "aws:backup/vault:Vault").map((r) => r.inputs.kmsKeyArn as string)
        : volumeKeys.filter((k): k is string => typeof k === "string" && k !== ""))];
    if (stack === "prod") {
        assert.ok(keys.length > 0, "prod's volumes are encrypted with the stack's own key, which the restore must be able to use");
    }
    const restoredInstanceRole = `arn:aws:iam::${ACCOUNT}:role/sigma/sigma/sigma-instance-role`;
    const refused: string[] = [];
    for (const action of managedActions().filter((a) => !Object.hasOwn(MANAGED_RESTORE_ACTIONS_LEFT_OUT, a))) {
        const requests = requestsOf(action, region, restoredInstanceRole, keys, own);
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

    for (const [stack, policyName, region] of [["dev", "sigma-restore-role-policy", "ap-southeast-1"], ["prod", "sigma-restore-role-policy", "ap-southeast-1"], ["dr", "sigma-dr-restore-role-policy", "ap-southeast-2"]]) {
        it(`${stack}: the synthesised restore role allows every EC2-instance restore request`, async () => {
            assert.deepStrictEqual(await refusedBy(stack, policyName, region), []);
        });
    }

    for (const [stack, policyName, region] of [["dev", "sigma-restore-role-policy", "ap-southeast-1"], ["prod", "sigma-restore-role-policy", "ap-southeast-1"], ["dr", "sigma-dr-restore-role-policy", "ap-southeast-2"]]) {
        it(`${stack}: the synthesised restore role cannot run an instance in a subnet or with a group outside the stack, nor without IMDSv2`, async () => {
            const { policy, network } = await deployedRestore(stack, policyName);
            assert.ok(network.subnetIds.length > 0, "the function knows the stack's subnets");
            const vpcId = network.vpcId ?? "vpc-0123456789abcdef0";
            const ownGroups = network.securityGroupIds.length > 0 ? network.securityGroupIds : ["sg-0123456789abcdef0"];
            const decisions = (net: LaunchNetwork) => runInstancesRequests(launchIn(region, net)).map((request) => [request.resource, evaluatePolicies([policy], request)]);
            const denied = (net: LaunchNetwork) => decisions(net).filter(([, decision]) => decision !== "allow").map(([resource, decision]) => `${resource} ${decision}`);
            // Inside: every subnet of the stack, with its groups and IMDSv2.
            for (const subnetId of network.subnetIds) {
                assert.deepStrictEqual(denied({ subnetId, vpcId, securityGroupIds: ownGroups, httpTokens: "required" }), [], subnetId);
            }
            // Another subnet of the same VPC (a public one): the subnet and the interface created in it are refused.
            assert.deepStrictEqual(denied({ subnetId: "subnet-0fffffffffffffff0", vpcId, securityGroupIds: ownGroups, httpTokens: "required" }), [
                `arn:aws:ec2:${region}:${ACCOUNT}:subnet/subnet-0fffffffffffffff0 implicit-deny`,
                `arn:aws:ec2:${region}:${ACCOUNT}:network-interface/eni-0123456789abcdef0 implicit-deny`,
            ]);
            // Another group: of another VPC when the stack confines groups to its VPC, any other one when it names its groups.
            const foreignGroup = "sg-0eeeeeeeeeeeeeee0";
            const groupVpc = network.securityGroupIds.length > 0 ? vpcId : "vpc-0eeeeeeeeeeeeeee0";
            const withForeign = runInstancesRequests(launchIn(region, { subnetId: network.subnetIds[0], vpcId, securityGroupIds: [...ownGroups, foreignGroup], httpTokens: "required" }))
                .map((request) => (request.resource.endsWith(foreignGroup) ? { ...request, context: { ...request.context, "ec2:Vpc": `arn:aws:ec2:${region}:${ACCOUNT}:vpc/${groupVpc}` } } : request));
            assert.deepStrictEqual(withForeign.filter((request) => evaluatePolicies([policy], request) !== "allow").map((request) => request.resource),
                [`arn:aws:ec2:${region}:${ACCOUNT}:security-group/${foreignGroup}`]);
            // IMDSv1 asked for, or nothing asked: the instance is refused by an explicit deny.
            for (const httpTokens of ["optional", undefined] as const) {
                assert.deepStrictEqual(denied({ subnetId: network.subnetIds[0], vpcId, securityGroupIds: ownGroups, httpTokens }),
                    [`arn:aws:ec2:${region}:${ACCOUNT}:instance/i-0123456789abcdef0 explicit-deny`], String(httpTokens));
            }
        });
    }

    it("dev: restore testing's launches (its subnet override, its own group in the stack's VPC, requireImdsV2) pass the confined role", async () => {
        const { synth, policy, network } = await deployedRestore("dev", "sigma-restore-role-policy");
        const selection = synth.resources.find((r) => r.type === "aws:backup/restoreTestingSelection:RestoreTestingSelection");
        assert.ok(selection, "dev tests its restores");
        const overrides = selection.inputs.restoreMetadataOverrides as Record<string, string>;
        const group = synth.resources.find((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && r.name === "sigma-restored-instances");
        assert.ok(group && overrides.requireImdsV2 === "true");
        assert.strictEqual(group.inputs.vpcId, network.vpcId, "the test's group is in the VPC the role allows");
        const launch = launchIn("ap-southeast-1", {
            subnetId: overrides.subnetId, vpcId: group.inputs.vpcId as string, securityGroupIds: JSON.parse(overrides.securityGroupIds), httpTokens: "required",
        });
        const refused = runInstancesRequests(launch).filter((request) => evaluatePolicies([policy], request) !== "allow").map((request) => request.resource);
        assert.deepStrictEqual(refused, []);
    });

    it("relies on AWS Backup applying IMDSv2 at launch: the managed restore policy cannot change metadata options afterwards", () => {
        // The IMDSv2 deny on RunInstances is safe only if AWS Backup passes HttpTokens to RunInstances; it holds no other way.
        assert.ok(managedActions().includes("ec2:RunInstances"));
        assert.ok(!managedActions().some((a) => /^ec2:ModifyInstance(MetadataOptions|Attribute)$/i.test(a)), managedActions().join());
    });

    it("refuses to build a role it cannot confine: no subnet, or neither groups nor a VPC", () => {
        const scope = { partition: "aws", account: ACCOUNT, region: "ap-southeast-1" };
        assert.throws(() => restoreRolePolicy(scope, "/sigma/", [], { subnetIds: [], securityGroupIds: ["sg-0123456789abcdef0"] }), /no subnet/);
        assert.throws(() => restoreRolePolicy(scope, "/sigma/", [], { subnetIds: [STACK_NETWORK.subnetId], securityGroupIds: [] }), /neither security groups nor a VPC/);
        assert.doesNotThrow(() => restoreRolePolicy(scope, "/sigma/", [], { subnetIds: [STACK_NETWORK.subnetId], securityGroupIds: ["sg-0123456789abcdef0"] }));
    });

    it("leaves out only actions of the managed policy, each with a reason", () => {
        for (const [action, reason] of Object.entries(MANAGED_RESTORE_ACTIONS_LEFT_OUT)) {
            assert.ok(managedActions().includes(action), `${action} is not in the managed policy`);
            assert.ok(reason.length > 20, action);
        }
    });

    it("cannot stop, modify, terminate or mark for termination an instance that AWS Backup did not restore", () => {
        const region = "ap-southeast-1";
        const policy = JSON.parse(JSON.stringify(restoreRolePolicy({ partition: "aws", account: ACCOUNT, region }, "/sigma/", [], { subnetIds: [STACK_NETWORK.subnetId], securityGroupIds: [], vpcId: STACK_NETWORK.vpcId }))) as IamPolicyDocument;
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
