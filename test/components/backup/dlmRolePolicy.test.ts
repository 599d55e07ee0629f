import * as assert from "assert";
import { dlmRolePolicy } from "../../../components/backup/sigmaConsistentSnapshots";
import { evaluatePolicies, IamPolicyDocument } from "../../../model/iamPolicyEvaluation";

// DLM's role evaluated request by request (model/iamPolicyEvaluation.ts): what it may do, and only under which conditions.
const scope = { partition: "aws", account: "111122223333", region: "ap-southeast-2" };
const docArn = "arn:aws:ssm:ap-southeast-2:111122223333:document/sigma-prod-mysql-consistent-snapshot";
const key = "arn:aws:kms:ap-southeast-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const drKey = "arn:aws:kms:ap-southeast-1:111122223333:key/abcd1234-12ab-34cd-56ef-1234567890ab";
const ours = { "aws:ResourceTag/sigma:stack": "sigma/prod" };
const theirs = { "aws:ResourceTag/sigma:stack": "sigma/dev" };
const instance = "arn:aws:ec2:ap-southeast-2:111122223333:instance/i-0123456789abcdef0";
const volume = "arn:aws:ec2:ap-southeast-2:111122223333:volume/vol-0123456789abcdef0";
const snap = (region: string) => `arn:aws:ec2:${region}::snapshot/snap-0123456789abcdef0`;

function decider(copyRegions: string[], keys: string[]) {
    const policy = dlmRolePolicy(scope, "sigma/prod", docArn, copyRegions, keys) as unknown as IamPolicyDocument;
    return (action: string, resource: string, context: Record<string, string> = {}) => evaluatePolicies([policy], { action, resource, context });
}

describe("dlmRolePolicy (DLM's role, evaluated)", () => {
    // Built inside each test (not at load time), so each mutant's policy is the one evaluated.
    const decide = (action: string, resource: string, context: Record<string, string> = {}) => decider(["ap-southeast-1"], [key, drKey])(action, resource, context);

    it("is a 2012-10-17 policy document", () => {
        assert.strictEqual(dlmRolePolicy(scope, "sigma/prod", docArn, [], []).Version, "2012-10-17");
    });

    it("describes instances, volumes and snapshots on any resource (they take none)", () => {
        for (const action of ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSnapshots"]) {
            assert.strictEqual(decide(action, "*"), "allow", action);
        }
    });

    it("snapshots only instances and volumes tagged with the stack's scope, in the stack's account and region", () => {
        for (const action of ["ec2:CreateSnapshot", "ec2:CreateSnapshots"]) {
            for (const target of [instance, volume]) {
                assert.strictEqual(decide(action, target, ours), "allow", `${action} ${target}`);
                assert.strictEqual(decide(action, target, theirs), "implicit-deny", `${action} ${target} other scope`);
                assert.strictEqual(decide(action, target), "implicit-deny", `${action} ${target} untagged`);
            }
            assert.strictEqual(decide(action, instance.replace("111122223333", "444455556666"), ours), "implicit-deny");
            assert.strictEqual(decide(action, volume.replace("ap-southeast-2", "ap-southeast-1"), ours), "implicit-deny");
            assert.strictEqual(decide(action, "arn:aws:ec2:ap-southeast-2:111122223333:image/ami-0123456789abcdef0", ours), "implicit-deny");
        }
    });

    it("creates and tags snapshots in the stack's and the copy region only, and copies into them", () => {
        for (const action of ["ec2:CreateSnapshot", "ec2:CreateSnapshots", "ec2:CreateTags", "ec2:CopySnapshot"]) {
            assert.strictEqual(decide(action, snap("ap-southeast-2")), "allow", action);
            assert.strictEqual(decide(action, snap("ap-southeast-1")), "allow", `${action} copy region`);
            assert.strictEqual(decide(action, snap("eu-west-1")), "implicit-deny", `${action} other region`);
        }
        assert.strictEqual(decide("ec2:CreateTags", instance), "implicit-deny");
        assert.strictEqual(decide("ec2:CopySnapshot", volume), "implicit-deny");
    });

    it("without a copy region, snapshots stay in the stack's region (the stack's region is listed once)", () => {
        const local = decider([], []);
        assert.strictEqual(local("ec2:CopySnapshot", snap("ap-southeast-2")), "allow");
        assert.strictEqual(local("ec2:CopySnapshot", snap("ap-southeast-1")), "implicit-deny");
        const same = dlmRolePolicy(scope, "sigma/prod", docArn, ["ap-southeast-2"], []);
        const statements = same.Statement as { Sid: string; Resource: string[] }[];
        assert.deepStrictEqual(statements.find((s) => s.Sid === "CopySnapshotsToTheCopyRegion")!.Resource, [snap("ap-southeast-2").replace("snap-0123456789abcdef0", "*")]);
    });

    it("deletes only the stack's snapshots (scope tag), in its regions", () => {
        assert.strictEqual(decide("ec2:DeleteSnapshot", snap("ap-southeast-2"), ours), "allow");
        assert.strictEqual(decide("ec2:DeleteSnapshot", snap("ap-southeast-1"), ours), "allow");
        assert.strictEqual(decide("ec2:DeleteSnapshot", snap("ap-southeast-2"), theirs), "implicit-deny");
        assert.strictEqual(decide("ec2:DeleteSnapshot", snap("ap-southeast-2")), "implicit-deny");
        assert.strictEqual(decide("ec2:DeleteSnapshot", snap("eu-west-1"), ours), "implicit-deny");
    });

    it("follows script commands on any resource, runs only the pre/post document, only on the region's instances", () => {
        for (const action of ["ssm:GetCommandInvocation", "ssm:ListCommands", "ssm:DescribeInstanceInformation"]) {
            assert.strictEqual(decide(action, "*"), "allow", action);
        }
        for (const action of ["ssm:SendCommand", "ssm:DescribeDocument", "ssm:GetDocument"]) {
            assert.strictEqual(decide(action, docArn), "allow", action);
            assert.strictEqual(decide(action, "arn:aws:ssm:ap-southeast-2::document/AWS-RunShellScript"), "implicit-deny", `${action} other document`);
        }
        assert.strictEqual(decide("ssm:SendCommand", instance), "allow");
        assert.strictEqual(decide("ssm:SendCommand", instance.replace("ap-southeast-2", "ap-southeast-1")), "implicit-deny");
        assert.strictEqual(decide("ssm:SendCommand", instance.replace("111122223333", "444455556666")), "implicit-deny");
        assert.strictEqual(decide("ssm:GetDocument", "*"), "implicit-deny");
    });

    it("uses the volume keys only through EC2 in the stack's and the copy region", () => {
        const viaHome = { "kms:ViaService": "ec2.ap-southeast-2.amazonaws.com" };
        const viaDr = { "kms:ViaService": "ec2.ap-southeast-1.amazonaws.com" };
        for (const action of ["kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"]) {
            for (const k of [key, drKey]) {
                assert.strictEqual(decide(action, k, viaHome), "allow", `${action} ${k}`);
                assert.strictEqual(decide(action, k, viaDr), "allow", `${action} ${k} via DR`);
                assert.strictEqual(decide(action, k, { "kms:ViaService": "ec2.eu-west-1.amazonaws.com" }), "implicit-deny");
                assert.strictEqual(decide(action, k, { "kms:ViaService": "s3.ap-southeast-2.amazonaws.com" }), "implicit-deny");
                assert.strictEqual(decide(action, k), "implicit-deny", `${action} direct`);
            }
            assert.strictEqual(decide(action, key.replace("1234abcd", "ffffffff"), viaHome), "implicit-deny", `${action} other key`);
        }
    });

    it("grants the keys only to AWS resources, through EC2", () => {
        const grant = (context: Record<string, string>) => decide("kms:CreateGrant", key, context);
        assert.strictEqual(grant({ "kms:ViaService": "ec2.ap-southeast-2.amazonaws.com", "kms:GrantIsForAWSResource": "true" }), "allow");
        assert.strictEqual(grant({ "kms:ViaService": "ec2.ap-southeast-1.amazonaws.com", "kms:GrantIsForAWSResource": "true" }), "allow");
        assert.strictEqual(grant({ "kms:ViaService": "ec2.ap-southeast-2.amazonaws.com", "kms:GrantIsForAWSResource": "false" }), "implicit-deny");
        assert.strictEqual(grant({ "kms:ViaService": "ec2.ap-southeast-2.amazonaws.com" }), "implicit-deny");
        assert.strictEqual(grant({ "kms:GrantIsForAWSResource": "true" }), "implicit-deny");
        assert.strictEqual(decide("kms:CreateGrant", key.replace("1234abcd", "ffffffff"), { "kms:ViaService": "ec2.ap-southeast-2.amazonaws.com", "kms:GrantIsForAWSResource": "true" }), "implicit-deny");
    });

    it("grants no key access at all when no key is given (no statement on an empty resource list)", () => {
        const policy = dlmRolePolicy(scope, "sigma/prod", docArn, ["ap-southeast-1"], []);
        const statements = policy.Statement as { Sid: string; Action: string[] }[];
        assert.deepStrictEqual(statements.filter((s) => s.Action.some((a) => a.startsWith("kms:"))), []);
        assert.strictEqual(statements.length, 8);
        const withKey = dlmRolePolicy(scope, "sigma/prod", docArn, ["ap-southeast-1"], [key]).Statement as unknown[];
        assert.strictEqual(withKey.length, 10);
    });

    it("grants nothing else: no other action, no other partition", () => {
        assert.strictEqual(decide("ec2:DeleteVolume", volume, ours), "implicit-deny");
        assert.strictEqual(decide("ec2:ModifySnapshotAttribute", snap("ap-southeast-2"), ours), "implicit-deny");
        assert.strictEqual(decide("kms:Encrypt", key, { "kms:ViaService": "ec2.ap-southeast-2.amazonaws.com" }), "implicit-deny");
        assert.strictEqual(decide("ec2:CreateSnapshots", instance.replace("arn:aws:", "arn:aws-cn:"), ours), "implicit-deny");
    });
});
