import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { SigmaInstance, SigmaInstanceArgs, BACKUP_TAG_KEY } from "../../components";
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
});
