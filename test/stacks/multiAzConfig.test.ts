import * as assert from "assert";
import { ConfigError, parseConfig } from "../../stacks/config";
import { ConfigRow, refusesConfigRows } from "./configRows";

const CERT = "arn:aws:acm:ap-southeast-1:123456789012:certificate/01234567-89ab-cdef-0123-456789abcdef";
const base: Record<string, string> = {
    "aws:region": "ap-southeast-1",
    "sigma:topology": "multi-az",
    "sigma:amiId": "ami-0123456789abcdef0",
    "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]),
    "sigma:certificateArn": CERT,
    "sigma:alarmEmails": JSON.stringify(["ops@example.com"]),
};
const existingVpc: Record<string, string> = {
    "sigma:vpcId": "vpc-0123456789abcdef0",
    "sigma:publicSubnetIds": JSON.stringify(["subnet-0000000000000000a", "subnet-0000000000000000b"]),
    "sigma:privateSubnetIds": JSON.stringify(["subnet-0000000000000000c", "subnet-0000000000000000d"]),
};

function parse(values: Record<string, string | undefined>) {
    const merged = { ...base, ...values };
    return parseConfig({ project: "sigma", stack: "prod", get: (key) => merged[key] });
}

describe("multi-az stack config", () => {
    it("defaults to a new 2-AZ VPC with a NAT gateway per AZ, 2 APP instances, endpoints and ALB deletion protection", () => {
        const cfg = parse({});
        assert.deepStrictEqual(cfg.multiAz, {
            existingVpc: undefined,
            newVpc: { cidrBlock: "10.40.0.0/16", azCount: 2, natGatewayStrategy: "OnePerAz" },
            vpcEndpoints: true, certificateArn: CERT, alarmEmails: ["ops@example.com"], appCount: 2,
            hostedZoneId: undefined, domainName: undefined, deletionProtection: true,
        });
    });

    it("reads an existing VPC, the NAT choice, the app count and the Route 53 alias", () => {
        const cfg = parse({ ...existingVpc, "sigma:appCount": "3", "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ", "sigma:domainName": "sigma.example.com" });
        assert.deepStrictEqual(cfg.multiAz!.existingVpc, {
            vpcId: "vpc-0123456789abcdef0",
            publicSubnetIds: ["subnet-0000000000000000a", "subnet-0000000000000000b"],
            privateSubnetIds: ["subnet-0000000000000000c", "subnet-0000000000000000d"],
        });
        assert.deepStrictEqual([cfg.multiAz!.newVpc, cfg.multiAz!.appCount, cfg.multiAz!.hostedZoneId, cfg.multiAz!.domainName],
            [undefined, 3, "Z0123456789ABCDEFGHIJ", "sigma.example.com"]);
        assert.strictEqual(parse({ "sigma:natGateways": "single" }).multiAz!.newVpc!.natGatewayStrategy, "Single");
    });

    it("lets the internet reach the HTTPS load balancer, which is the only public entry point", () => {
        assert.deepStrictEqual(parse({ "sigma:appCidrs": JSON.stringify(["0.0.0.0/0", "::/0"]) }).appCidrs, ["0.0.0.0/0", "::/0"]);
        assert.throws(() => parse({ "sigma:appCidrs": JSON.stringify(["0.0.0.1/0"]) }), /sigma:appCidrs\[0\] "0\.0\.0\.1\/0" has host bits set/);
    });

    it("leaves single-az stacks without multi-az settings", () => {
        const cfg = parseConfig({ project: "sigma", stack: "dev", get: (key) => ({
            "aws:region": "ap-southeast-1", "sigma:vpcId": "vpc-0123456789abcdef0", "sigma:subnetIds": JSON.stringify(["subnet-0123456789abcdef0"]),
            "sigma:amiId": "ami-0123456789abcdef0", "sigma:appCidrs": JSON.stringify(["203.0.113.0/24"]), "sigma:appCount": "2",
        } as Record<string, string>)[key] });
        assert.strictEqual(cfg.multiAz, undefined);
    });

    // One row per bad value: the keys to set and the text the error must contain.
    const rows: ConfigRow[] = [
        ["a missing certificate", { "sigma:certificateArn": undefined }, /sigma:certificateArn is not set; the HTTPS listener needs an ACM certificate in the stack's region/],
        ["a certificate that is not an ACM ARN", { "sigma:certificateArn": "my-cert" }, /sigma:certificateArn "my-cert" the HTTPS listener needs an ACM certificate/],
        ["a certificate in another region", { "sigma:certificateArn": CERT.replace("ap-southeast-1", "us-east-1") }, /sigma:certificateArn ".*" is in us-east-1 but the load balancer is in ap-southeast-1/],
        ["one public subnet", { ...existingVpc, "sigma:publicSubnetIds": JSON.stringify(["subnet-0000000000000000a"]) }, /sigma:publicSubnetIds \["subnet-0000000000000000a"\] must list at least 2 public subnets in distinct Availability Zones/],
        ["one private subnet", { ...existingVpc, "sigma:privateSubnetIds": JSON.stringify(["subnet-0000000000000000c"]) }, /sigma:privateSubnetIds \["subnet-0000000000000000c"\] must list at least 2 private subnets/],
        ["an existing VPC without private subnets", { ...existingVpc, "sigma:privateSubnetIds": undefined }, /sigma:privateSubnetIds is not set; list at least 2 existing private subnets/],
        ["a subnet listed twice", { ...existingVpc, "sigma:privateSubnetIds": JSON.stringify(["subnet-0000000000000000c", "subnet-0000000000000000c"]) }, /sigma:privateSubnetIds .* lists a subnet twice/],
        ["subnets without a VPC", { "sigma:privateSubnetIds": existingVpc["sigma:privateSubnetIds"] }, /sigma:privateSubnetIds .* needs sigma:vpcId/],
        ["the single-az subnet key", { ...existingVpc, "sigma:subnetIds": JSON.stringify(["subnet-0123456789abcdef0"]) }, /sigma:subnetIds .* is the single-az key; in multi-az set sigma:publicSubnetIds and sigma:privateSubnetIds/],
        ["new-VPC keys with an existing VPC", { ...existingVpc, "sigma:natGateways": "single" }, /sigma:natGateways "single" only shapes a new VPC, but sigma:vpcId is set/],
        ["a new VPC over 1 AZ", { "sigma:azCount": "1" }, /sigma:azCount "1" must be a whole number from 2 to 6 \(multi-az needs at least 2 Availability Zones\)/],
        ["an unknown NAT strategy", { "sigma:natGateways": "none" }, /sigma:natGateways "none" is not supported; use one of one-per-az, single/],
        ["a VPC block with host bits", { "sigma:vpcCidr": "10.40.1.0/16" }, /sigma:vpcCidr "10\.40\.1\.0\/16" has host bits set; use 10\.40\.0\.0\/16/],
        ["an app count below 1", { "sigma:appCount": "0" }, /sigma:appCount "0" must be a whole number from 1 to 10 \(APP instances behind the load balancer\)/],
        ["a bad email", { "sigma:alarmEmails": JSON.stringify(["ops@example.com", "not-an-email"]) }, /sigma:alarmEmails\[1\] "not-an-email" is not an email address; e\.g\. ops@example\.com/],
        ["no alarm emails", { "sigma:alarmEmails": undefined }, /sigma:alarmEmails is not set; list at least one address/],
        ["an empty alarm list", { "sigma:alarmEmails": "[]" }, /sigma:alarmEmails \[\] must list at least one address/],
        ["a hosted zone without a domain", { "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ" }, /sigma:hostedZoneId "Z0123456789ABCDEFGHIJ" needs its partner/],
        ["a malformed domain", { "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ", "sigma:domainName": "Sigma Example" }, /sigma:domainName "Sigma Example" is not a lower-case DNS name/],
        ["a public IP in prod", { "sigma:assignPublicIp": "true" }, /sigma:assignPublicIp true must be false in multi-az/],
        ["no client networks", { "sigma:appCidrs": undefined }, /sigma:appCidrs is not set; list the client networks allowed to reach the load balancer on 443\/80/],
        ["a malformed VPC id", { "sigma:vpcId": "vpc-1" }, /sigma:vpcId "vpc-1" use an existing VPC id/],
    ];
    refusesConfigRows(parse, rows, ConfigError);

    it("lists every problem at once", () => {
        assert.throws(() => parse({ "sigma:certificateArn": undefined, "sigma:appCount": "0", "sigma:alarmEmails": JSON.stringify(["x"]) }),
            (err: ConfigError) => err.problems.length === 3);
    });
});
