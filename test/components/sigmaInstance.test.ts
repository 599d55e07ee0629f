import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { SigmaInstance, SigmaInstanceArgs, BACKUP_TAG_KEY, DEFAULT_INSTANCE_ROLE_PATH } from "../../components";
import { instanceIgnoreChanges } from "../../components/compute/sigmaInstance";
import { IAM_PATH_CHANGE_REPLACES, planInstanceUpdate } from "../../model/ec2Instance";
import { RecordedResource } from "../../offline/synth/mockRuntime";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

const valid: SigmaInstanceArgs = {
    subnetId: "subnet-0123456789abcdef0",
    securityGroupIds: ["sg-0123456789abcdef0"],
    amiId: "ami-0123456789abcdef0",
};

describe("SigmaInstance", () => {
    it("defaults to an IMDSv2-only t3.xlarge with encrypted gp3 volumes, monitoring and the backup tag", async () => {
        const mocks = await useMocks();
        const sigma = new SigmaInstance("app", valid);
        await resolve(sigma.instanceId);
        const instance = await registeredOne(mocks, "aws:ec2/instance:Instance", "app-instance");
        assert.strictEqual(instance.inputs.instanceType, "t3.xlarge");
        assert.deepStrictEqual(
            { tokens: instance.inputs.metadataOptions.httpTokens, hops: instance.inputs.metadataOptions.httpPutResponseHopLimit },
            { tokens: "required", hops: 1 });
        assert.strictEqual(instance.inputs.rootBlockDevice.encrypted, true);
        assert.strictEqual(instance.inputs.rootBlockDevice.volumeType, "gp3");
        assert.strictEqual(instance.inputs.monitoring, true);
        assert.strictEqual(instance.inputs.disableApiTermination, false);
        assert.strictEqual(instance.inputs.associatePublicIpAddress, false);
        assert.strictEqual(instance.inputs.tags[BACKUP_TAG_KEY], "true");
        assert.match(instance.inputs.userData, /\/var\/log\/userdata\.log/);
        const volume = await registeredOne(mocks, "aws:ebs/volume:Volume", "app-data");
        assert.deepStrictEqual([volume.inputs.size, volume.inputs.type, volume.inputs.encrypted], [100, "gp3", true]);
    });

    it("attaches the data volume to the instance from the subnet's AZ, stopping the old instance before a move", async () => {
        const mocks = await useMocks({ subnetAzs: { "subnet-0123456789abcdef0": "ap-southeast-1b" } });
        const sigma = new SigmaInstance("app", { ...valid, dataVolumeGiB: 250, kmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
        const instanceId = await resolve(sigma.instanceId);
        const volumeId = await resolve(sigma.dataVolumeId);
        const attachment = await registeredOne(mocks, "aws:ec2/volumeAttachment:VolumeAttachment", "app-data-attachment");
        assert.deepStrictEqual([attachment.inputs.instanceId, attachment.inputs.volumeId], [instanceId, volumeId]);
        assert.strictEqual(attachment.inputs.stopInstanceBeforeDetaching, true);
        const volume = await registeredOne(mocks, "aws:ebs/volume:Volume", "app-data");
        assert.deepStrictEqual([volume.inputs.availabilityZone, volume.inputs.size, volume.inputs.kmsKeyId],
            ["ap-southeast-1b", 250, "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]);
        const instance = await registeredOne(mocks, "aws:ec2/instance:Instance", "app-instance");
        assert.strictEqual(instance.inputs.rootBlockDevice.kmsKeyId, "arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    });

    it("recovers the instance on failed system checks and grants Session Manager only", async () => {
        const mocks = await useMocks();
        const sigma = new SigmaInstance("app", valid);
        const instanceId = await resolve(sigma.instanceId);
        const alarm = await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "app-auto-recovery");
        assert.strictEqual(alarm.inputs.metricName, "StatusCheckFailed_System");
        assert.deepStrictEqual(alarm.inputs.dimensions, { InstanceId: instanceId });
        assert.deepStrictEqual(alarm.inputs.alarmActions, ["arn:aws:automate:ap-southeast-1:ec2:recover"]);
        const role = await registeredOne(mocks, "aws:iam/role:Role", "app-role");
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal, { Service: "ec2.amazonaws.com" });
        const policy = JSON.parse((await registeredOne(mocks, "aws:iam/rolePolicy:RolePolicy", "app-ssm")).inputs.policy);
        const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action).sort();
        assert.deepStrictEqual(actions, ["ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel",
            "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]);
        assert.deepStrictEqual(policy.Statement[0].Resource, ["arn:aws:ec2:ap-southeast-1:123456789012:instance/*"]);
    });

    it("builds the URLs from the public IP when there is one, else the private IP", async () => {
        await useMocks();
        const pub = new SigmaInstance("pub", { ...valid, associatePublicIpAddress: true });
        const priv = new SigmaInstance("priv", valid);
        const [pubIp, pubUrl, studio] = await Promise.all([resolve(pub.publicIp), resolve(pub.sigmaUrl), resolve(pub.studioUrl)]);
        assert.strictEqual(pubUrl, `http://${pubIp}:8080/sigma`);
        assert.strictEqual(studio, `http://${pubIp}:8080/expertctstudio`);
        const [privIp, privPublic, privUrl] = await Promise.all([resolve(priv.privateIp), resolve(priv.publicIp), resolve(priv.sigmaUrl)]);
        assert.strictEqual(privPublic, undefined);
        assert.strictEqual(privUrl, `http://${privIp}:8080/sigma`);
    });

    it("looks the AMI up by owner and name when no id is given", async () => {
        const mocks = await useMocks();
        new SigmaInstance("app", { ...valid, amiId: undefined, amiOwner: "123456789012", amiNameFilter: "sigma-app-db-*" });
        const instance = (await registered(mocks, "aws:ec2/instance:Instance"))[0];
        assert.match(instance.inputs.ami, /^ami-[0-9a-f]{17}$/);
    });

    it("honours termination protection, the key pair and opting out of backup", async () => {
        const mocks = await useMocks();
        new SigmaInstance("app", { ...valid, terminationProtection: true, keyName: "ops", backup: false });
        const instance = await registeredOne(mocks, "aws:ec2/instance:Instance", "app-instance");
        assert.strictEqual(instance.inputs.disableApiTermination, true);
        assert.strictEqual(instance.inputs.keyName, "ops");
        assert.strictEqual(instance.inputs.tags[BACKUP_TAG_KEY], undefined);
    });

    it("passes an explicit provider to every child, so a caller can pick the region", async () => {
        const mocks = await useMocks();
        const provider = new aws.Provider("dr", { region: "ap-southeast-2" });
        const sigma = new SigmaInstance("app", valid, { provider });
        await resolve(sigma.instanceId);
        const alarm = await registeredOne(mocks, "aws:cloudwatch/metricAlarm:MetricAlarm", "app-auto-recovery");
        assert.deepStrictEqual(alarm.inputs.alarmActions, ["arn:aws:automate:ap-southeast-2:ec2:recover"]);
        const custom = (await registered(mocks)).filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
        assert.ok(custom.every((r) => r.provider?.endsWith("pulumi:providers:aws::dr")), "every child uses the dr provider");
    });

    describe("changes after creation", () => {
        const lookup: SigmaInstanceArgs = { ...valid, amiId: undefined, amiOwner: "123456789012", amiNameFilter: "sigma-app-db-2025.*" };

        /** Synthesises one SigmaInstance "app" under fresh mocks and returns its recorded children. */
        async function synth(args: SigmaInstanceArgs): Promise<{ instance: RecordedResource; role: RecordedResource; profile: RecordedResource }> {
            const mocks = await useMocks();
            const sigma = new SigmaInstance("app", args);
            await resolve(sigma.instanceId);
            return {
                instance: await registeredOne(mocks, "aws:ec2/instance:Instance", "app-instance"),
                role: await registeredOne(mocks, "aws:iam/role:Role", "app-role"),
                profile: await registeredOne(mocks, "aws:iam/instanceProfile:InstanceProfile", "app-profile"),
            };
        }

        /** What `pulumi up` does to the instance of `before` when the program becomes `after`, with after's options. */
        function plan(before: RecordedResource, after: RecordedResource, replaceTargeted = false) {
            return planInstanceUpdate(before.inputs, after.inputs, { ignoreChanges: after.options.ignoreChanges ?? [], replaceTargeted });
        }

        it("registers the instance with userDataReplaceOnChange false, user data ignored, and an explicit AMI not pinned", async () => {
            const { instance } = await synth(valid);
            assert.strictEqual(instance.inputs.userDataReplaceOnChange, false);
            assert.deepStrictEqual(instance.options.ignoreChanges, ["userData"]);
        });

        it("pins an AMI found by lookup", async () => {
            const { instance } = await synth(lookup);
            assert.deepStrictEqual(instance.options.ignoreChanges, ["userData", "ami"]);
        });

        it("sends user data changes only when asked to", async () => {
            assert.strictEqual((await synth({ ...valid, applyUserDataChanges: true })).instance.options.ignoreChanges, undefined);
            assert.deepStrictEqual((await synth({ ...lookup, applyUserDataChanges: true })).instance.options.ignoreChanges, ["ami"]);
            assert.deepStrictEqual(instanceIgnoreChanges({ amiFromLookup: false, applyUserDataChanges: false }), ["userData"]);
        });

        it("a newer image matching the lookup changes nothing on the running instance", async () => {
            const before = (await synth(lookup)).instance;
            const after = (await synth({ ...lookup, amiNameFilter: "sigma-app-db-2026.*" })).instance;
            assert.notStrictEqual(after.inputs.ami, before.inputs.ami, "the lookup found another image");
            assert.deepStrictEqual([plan(before, after).action, plan(before, after).changed], ["same", []]);
        });

        it("a boot script edit neither stops nor replaces the instance", async () => {
            const before = (await synth(valid)).instance;
            const after = (await synth({ ...valid, extraUserData: "echo tuned" })).instance;
            assert.notStrictEqual(after.inputs.userData, before.inputs.userData);
            assert.deepStrictEqual([plan(before, after).action, plan(before, after).stopStart], ["same", false]);
        });

        it("setting amiId is the explicit replacement; the replacement boots the current script only with applyUserDataChanges", async () => {
            const before = (await synth(lookup)).instance;
            const explicit = (await synth({ ...valid, amiId: "ami-0fedcba9876543210", extraUserData: "echo v2" })).instance;
            const replaced = plan(before, explicit);
            assert.deepStrictEqual([replaced.action, replaced.inputs.ami], ["replace", "ami-0fedcba9876543210"]);
            assert.strictEqual(replaced.inputs.userData, before.inputs.userData, "ignored user data comes from the state, replacement included");
            const withScript = (await synth({ ...valid, amiId: "ami-0fedcba9876543210", extraUserData: "echo v2", applyUserDataChanges: true })).instance;
            assert.match(plan(before, withScript).inputs.userData as string, /echo v2/);
        });

        it("pulumi up --replace on a looked-up AMI replaces onto the pinned image", async () => {
            const before = (await synth(lookup)).instance;
            const after = (await synth({ ...lookup, amiNameFilter: "sigma-app-db-2026.*" })).instance;
            assert.deepStrictEqual([plan(before, after, true).action, plan(before, after, true).inputs.ami], ["replace", before.inputs.ami]);
        });

        it("puts the role and the instance profile under the IAM path, /sigma/ by default", async () => {
            const defaults = await synth(valid);
            assert.deepStrictEqual([defaults.role.inputs.path, defaults.profile.inputs.path], [DEFAULT_INSTANCE_ROLE_PATH, DEFAULT_INSTANCE_ROLE_PATH]);
            assert.strictEqual(DEFAULT_INSTANCE_ROLE_PATH, "/sigma/");
            const project = await synth({ ...valid, rolePath: "/sigma/emach-ctsigma/" });
            assert.deepStrictEqual([project.role.inputs.path, project.profile.inputs.path], ["/sigma/emach-ctsigma/", "/sigma/emach-ctsigma/"]);
        });

        it("a role path change replaces the role and profile but only re-associates the profile on the instance", async () => {
            const before = await synth({ ...valid, rolePath: "/" });
            const after = await synth(valid);
            assert.notStrictEqual(after.profile.inputs.path, before.profile.inputs.path);
            assert.ok(IAM_PATH_CHANGE_REPLACES.instanceProfile && IAM_PATH_CHANGE_REPLACES.role);
            // A replaced auto-named profile gets a new physical name, which is what the instance then receives.
            const instanceAfter = { ...after.instance, inputs: { ...after.instance.inputs, iamInstanceProfile: `${before.instance.inputs.iamInstanceProfile}-replaced` } };
            const result = plan(before.instance, instanceAfter);
            assert.deepStrictEqual([result.action, result.stopStart, result.changed], ["update", false, ["iamInstanceProfile"]]);
        });
    });
});
