import * as assert from "assert";
import { mapConfigSource, MultiAzConfig, parseConfig } from "../../stacks/config";

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

function parse(values: Record<string, string | undefined>): MultiAzConfig {
    const cfg = parseConfig(mapConfigSource({ ...base, ...values }, { stack: "prod" }));
    assert.strictEqual(cfg.topology, "multi-az");
    return cfg;
}

describe("multi-az stack config", () => {
    it("defaults to a new 2-AZ VPC with a NAT gateway per AZ, 2 APP instances, endpoints and ALB deletion protection", () => {
        const cfg = parse({});
        assert.deepStrictEqual(cfg.network, { vpcCidrBlock: "10.40.0.0/16", availabilityZoneCount: 2, natGatewayStrategy: "OnePerAz" });
        assert.deepStrictEqual([cfg.sessionManagerEndpoints, cfg.certificateArn, cfg.alerts.alarmEmails, cfg.appCount, cfg.dnsAlias, cfg.deletionProtection],
            [true, CERT, ["ops@example.com"], 2, undefined, true]);
    });

    it("reads an existing VPC, the NAT strategy, the app count and the Route 53 alias", () => {
        const cfg = parse({ ...existingVpc, "sigma:appCount": "3", "sigma:hostedZoneId": "Z0123456789ABCDEFGHIJ", "sigma:domainName": "sigma.example.com" });
        assert.deepStrictEqual(cfg.network, {
            vpcId: "vpc-0123456789abcdef0",
            publicSubnetIds: ["subnet-0000000000000000a", "subnet-0000000000000000b"],
            privateSubnetIds: ["subnet-0000000000000000c", "subnet-0000000000000000d"],
        });
        assert.deepStrictEqual([cfg.appCount, cfg.dnsAlias], [3, { hostedZoneId: "Z0123456789ABCDEFGHIJ", domainName: "sigma.example.com" }]);
        assert.deepStrictEqual(parse({ "sigma:natGatewayStrategy": "Single", "sigma:availabilityZoneCount": "3", "sigma:vpcCidrBlock": "10.9.0.0/20" }).network,
            { vpcCidrBlock: "10.9.0.0/20", availabilityZoneCount: 3, natGatewayStrategy: "Single" });
    });

    it("lets the internet reach the HTTPS load balancer, which is the only public entry point", () => {
        assert.deepStrictEqual(parse({ "sigma:appCidrs": JSON.stringify(["0.0.0.0/0", "::/0"]) }).appCidrs, ["0.0.0.0/0", "::/0"]);
        assert.deepStrictEqual(parse({ "sigma:appCidrs": JSON.stringify(["0.0.0.0/1", "128.0.0.0/1"]) }).appCidrs, ["0.0.0.0/1", "128.0.0.0/1"]);
    });

    it("takes the project default of the single-az public IP flag, which the type does not carry", () => {
        const cfg = parse({ "sigma:associatePublicIpAddress": "false" });
        assert.ok(!("associatePublicIpAddress" in cfg));
    });
});
