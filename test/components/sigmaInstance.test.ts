import * as assert from "assert";
import { SigmaInstance, SigmaInstanceArgs, BACKUP_TAG_KEY } from "../../components";
import { registeredOne, resolve, useMocks } from "../helpers";

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
});
