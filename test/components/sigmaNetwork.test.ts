import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { distinctAzProblem, SigmaNetwork, SigmaNetworkArgs } from "../../components";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

/** Resolves with an Output's value, or rejects with the error its apply threw. */
function resolveOrReject<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

const SUBNETS = ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c", "subnet-0000000000000000d"];
const existing: SigmaNetworkArgs = {
    vpcId: "vpc-0123456789abcdef0",
    publicSubnetIds: [SUBNETS[0], SUBNETS[1]],
    privateSubnetIds: [SUBNETS[2], SUBNETS[3]],
};

describe("SigmaNetwork", () => {
    it("creates an awsx VPC over 2 AZs with a NAT gateway per AZ by default", async () => {
        const mocks = await useMocks();
        const network = new SigmaNetwork("net", {});
        const [privateIds, publicIds] = [await resolve(network.privateSubnetIds), await resolve(network.publicSubnetIds)];
        const vpc = await registeredOne(mocks, "awsx:ec2:Vpc", "net-vpc");
        assert.deepStrictEqual([vpc.inputs.cidrBlock, vpc.inputs.numberOfAvailabilityZones, vpc.inputs.natGateways],
            ["10.40.0.0/16", 2, { strategy: "OnePerAz" }]);
        assert.strictEqual(network.privateSubnetCount, 2);
        assert.deepStrictEqual([privateIds.length, publicIds.length], [2, 2]);
        assert.deepStrictEqual(privateIds.map((id) => mocks.subnetAz(id)), ["ap-southeast-1a", "ap-southeast-1b"]);
    });

    it("passes the NAT strategy and AZ count through", async () => {
        const mocks = await useMocks();
        const network = new SigmaNetwork("net", { natGatewayStrategy: "Single", availabilityZoneCount: 3, vpcCidrBlock: "10.9.0.0/20" });
        assert.strictEqual((await resolve(network.privateSubnetIds)).length, 3);
        const vpc = await registeredOne(mocks, "awsx:ec2:Vpc", "net-vpc");
        assert.deepStrictEqual([vpc.inputs.cidrBlock, vpc.inputs.numberOfAvailabilityZones, vpc.inputs.natGateways.strategy], ["10.9.0.0/20", 3, "Single"]);
    });

    it("puts Session Manager endpoints in the private subnets, reachable on 443 from the VPC only", async () => {
        const mocks = await useMocks();
        const network = new SigmaNetwork("net", {});
        const privateIds = await resolve(network.privateSubnetIds);
        const endpoints = await registered(mocks, "aws:ec2/vpcEndpoint:VpcEndpoint");
        assert.deepStrictEqual(endpoints.map((e) => e.inputs.serviceName).sort(),
            ["com.amazonaws.ap-southeast-1.ec2messages", "com.amazonaws.ap-southeast-1.ssm", "com.amazonaws.ap-southeast-1.ssmmessages"]);
        const group = await registeredOne(mocks, "aws:ec2/securityGroup:SecurityGroup", "net-endpoints");
        for (const e of endpoints) {
            assert.deepStrictEqual([e.inputs.vpcEndpointType, e.inputs.privateDnsEnabled, e.inputs.subnetIds, e.inputs.securityGroupIds],
                ["Interface", true, privateIds, [group.id]]);
        }
        const rules = await registered(mocks, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        assert.deepStrictEqual(rules.map((r) => [r.inputs.securityGroupId, r.inputs.fromPort, r.inputs.cidrIpv4]), [[group.id, 443, "10.40.0.0/16"]]);
    });

    it("creates no endpoints when told not to", async () => {
        const mocks = await useMocks();
        const network = new SigmaNetwork("net", { ...existing, sessionManagerEndpoints: false });
        await resolve(network.vpcId);
        assert.strictEqual((await registered(mocks, "aws:ec2/vpcEndpoint:VpcEndpoint")).length, 0);
        assert.strictEqual((await registered(mocks, "aws:ec2/securityGroup:SecurityGroup")).length, 0);
    });

    it("uses an existing VPC's subnets when each is in its own AZ", async () => {
        const mocks = await useMocks({ subnetAzs: { [SUBNETS[0]]: "ap-southeast-1a", [SUBNETS[1]]: "ap-southeast-1b", [SUBNETS[2]]: "ap-southeast-1a", [SUBNETS[3]]: "ap-southeast-1b" } });
        const network = new SigmaNetwork("net", existing);
        assert.deepStrictEqual(await resolve(network.privateSubnetIds), existing.privateSubnetIds);
        assert.deepStrictEqual(await resolve(network.publicSubnetIds), existing.publicSubnetIds);
        assert.strictEqual(await resolve(network.vpcId), "vpc-0123456789abcdef0");
        assert.strictEqual((await registered(mocks, "awsx:ec2:Vpc")).length, 0);
    });

    it("fails the deployment when two existing private subnets share an AZ", async () => {
        await useMocks({ subnetAzs: { [SUBNETS[2]]: "ap-southeast-1a", [SUBNETS[3]]: "ap-southeast-1a" } });
        const network = new SigmaNetwork("net", existing);
        await assert.rejects(resolveOrReject(network.privateSubnetIds),
            /privateSubnetIds puts subnet-0000000000000000c and subnet-0000000000000000d in the same Availability Zone ap-southeast-1a/);
    });

    const rows: Array<[string, SigmaNetworkArgs, RegExp]> = [
        ["one private subnet", { ...existing, privateSubnetIds: [SUBNETS[2]] }, /privateSubnetIds \["subnet-0000000000000000c"\] must list at least 2 subnets in distinct Availability Zones/],
        ["a duplicated public subnet", { ...existing, publicSubnetIds: [SUBNETS[0], SUBNETS[0]] }, /publicSubnetIds .* lists a subnet twice/],
        ["subnets without a VPC", { privateSubnetIds: [SUBNETS[2], SUBNETS[3]] }, /privateSubnetIds .* needs vpcId/],
        ["new-VPC shape with an existing VPC", { ...existing, natGatewayStrategy: "Single" }, /natGatewayStrategy "Single" only shapes a new VPC, but vpcId is set/],
        ["one AZ", { availabilityZoneCount: 1 }, /availabilityZoneCount 1 must be a whole number from 2 to 6; a load-balanced deployment needs at least 2 AZs/],
        ["an unknown NAT strategy", { natGatewayStrategy: "None" }, /natGatewayStrategy "None" is not supported; use OnePerAz \(high availability\) or Single \(cost\)/],
        ["a VPC block too small", { vpcCidrBlock: "10.0.0.0/26" }, /vpcCidrBlock "10\.0\.0\.0\/26" must be a \/16 to \/24 block/],
    ];
    for (const [label, args, message] of rows) {
        it(`refuses ${label} before creating anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaNetwork("net", args), message);
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }

    it("checks AZ spread as a pure function", () => {
        assert.strictEqual(distinctAzProblem("ids", ["s1", "s2"], ["a", "b"]), undefined);
        assert.match(distinctAzProblem("ids", ["s1", "s2"], ["a", "a"])!, /same Availability Zone a/);
        assert.match(distinctAzProblem("ids", ["s1"], ["a"])!, /spans 1 Availability Zone\(s\); give subnets in at least 2 AZs/);
    });
});
