import * as assert from "assert";
import { SigmaSecurityGroups, SigmaSecurityGroupsArgs, validateSecurityGroupsArgs } from "../../components";
import { registered, registeredOne, resolve, useMocks } from "../helpers";

const valid: SigmaSecurityGroupsArgs = { vpcId: "vpc-0123456789abcdef0", appCidrs: ["203.0.113.0/24"] };
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

describe("SigmaSecurityGroups", () => {
    it("opens 8080 to the app CIDRs, no SSH by default, and 3306 on the DB group only from the APP group", async () => {
        const mocks = await useMocks();
        const groups = new SigmaSecurityGroups("sigma", valid);
        const appId = await resolve(groups.appSecurityGroupId);
        const dbId = await resolve(groups.dbSecurityGroupId);
        const ingress = await registered(mocks, INGRESS);
        assert.deepStrictEqual(ingress.map((r) => r.inputs.fromPort).sort(), [3306, 8080]);
        const http = ingress.find((r) => r.inputs.fromPort === 8080)!;
        assert.deepStrictEqual([http.inputs.securityGroupId, http.inputs.cidrIpv4], [appId, "203.0.113.0/24"]);
        const mysql = await registeredOne(mocks, INGRESS, "sigma-db-mysql-from-app");
        assert.strictEqual(mysql.inputs.securityGroupId, dbId);
        assert.strictEqual(mysql.inputs.referencedSecurityGroupId, appId);
        assert.strictEqual(mysql.inputs.cidrIpv4, undefined);
        for (const rule of [...ingress, ...await registered(mocks, EGRESS)]) {
            assert.ok(rule.inputs.description, `${rule.name} has a description`);
        }
    });

    it("limits egress to HTTPS, DNS and MySQL to the DB group", async () => {
        const mocks = await useMocks();
        const groups = new SigmaSecurityGroups("sigma", valid);
        const dbId = await resolve(groups.dbSecurityGroupId);
        const egress = await registered(mocks, EGRESS);
        const ports = new Set(egress.map((r) => `${r.inputs.ipProtocol}/${r.inputs.fromPort}`));
        assert.deepStrictEqual([...ports].sort(), ["tcp/3306", "tcp/443", "tcp/53", "udp/53"]);
        const toDb = egress.filter((r) => r.inputs.fromPort === 3306);
        assert.deepStrictEqual(toDb.map((r) => r.inputs.referencedSecurityGroupId), [dbId]);
    });

    it("opens SSH only to the admin CIDRs and 8080 to a load balancer group when given", async () => {
        const mocks = await useMocks();
        new SigmaSecurityGroups("sigma", {
            vpcId: valid.vpcId, adminCidrs: ["198.51.100.0/24", "2001:db8::/32"], loadBalancerSecurityGroupId: "sg-0aaaaaaaaaaaaaaaa",
        });
        const ingress = await registered(mocks, INGRESS);
        const ssh = ingress.filter((r) => r.inputs.fromPort === 22);
        assert.deepStrictEqual(ssh.map((r) => r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6).sort(), ["198.51.100.0/24", "2001:db8::/32"]);
        const http = ingress.filter((r) => r.inputs.fromPort === 8080);
        assert.deepStrictEqual(http.map((r) => r.inputs.referencedSecurityGroupId), ["sg-0aaaaaaaaaaaaaaaa"]);
    });

    const rows: Array<[string, Partial<SigmaSecurityGroupsArgs>, RegExp]> = [
        ["empty VPC id", { vpcId: "" }, /vpcId "" is not a vpc id/],
        ["malformed VPC id", { vpcId: "vpc123" }, /vpcId "vpc123" is not a vpc id; use the form vpc-/],
        ["app CIDR without prefix", { appCidrs: ["10.0.0.0"] }, /appCidrs\[0\] "10\.0\.0\.0" has no prefix length; for this one address use 10\.0\.0\.0\/32/],
        ["app CIDR with a bad octet", { appCidrs: ["10.0.0.300/24"] }, /appCidrs\[0\] "10\.0\.0\.300\/24" has octet 300 above 255/],
        ["app CIDR open to the IPv4 world", { appCidrs: ["0.0.0.0/0"] }, /appCidrs\[\d+\] "0\.0\.0\.0\/0" opens the port to the whole internet/],
        ["app CIDR open to the IPv6 world", { appCidrs: ["::/0"] }, /appCidrs\[\d+\] "::\/0" opens the port to the whole internet/],
        ["app CIDR with host bits", { appCidrs: ["10.0.0.1/24"] }, /has host bits set; use 10\.0\.0\.0\/24/],
        ["IPv6 duplicate that differs only in case", { appCidrs: ["2001:db8::/32", "2001:DB8::/32"] }, /appCidrs\[1\] "2001:DB8::\/32" is the same block as appCidrs\[0\]/],
        ["IPv6 duplicate that differs only in zero compression", { adminCidrs: ["2001:db8:0:0::/64", "2001:db8::/64"] }, /adminCidrs\[1\] "2001:db8::\/64" is the same block as adminCidrs\[0\]/],
        ["the IPv4 internet split in two halves", { appCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, /appCidrs \["0\.0\.0\.0\/1","128\.0\.0\.0\/1"\] together cover every public IPv4 address, which opens the port to the internet/],
        ["most of the public IPv4 internet in one block", { appCidrs: ["0.0.0.0/1"] }, /appCidrs \["0\.0\.0\.0\/1"\] together cover 5\d% of the public IPv4 internet/],
        ["the IPv6 internet split in two halves for SSH", { adminCidrs: ["::/1", "8000::/1"] }, /adminCidrs \["::\/1","8000::\/1"\] together cover every public IPv6 address, which opens the port to the internet; SSH \(22\)/],
        ["a three-part address", { appCidrs: ["10.0.0/24"] }, /appCidrs\[0\] "10\.0\.0\/24" has address 10\.0\.0, which is not an IPv4 address/],
        ["duplicate app CIDR", { appCidrs: ["10.0.0.0/24", "10.0.0.0/24"] }, /appCidrs\[1\] "10\.0\.0\.0\/24" is the same block as appCidrs\[0\] \(10\.0\.0\.0\/24\); remove the duplicate/],
        ["SSH open to the IPv4 world", { adminCidrs: ["0.0.0.0/0"] }, /adminCidrs\[\d+\] "0\.0\.0\.0\/0" .* SSH \(22\) is never opened to the world/],
        ["SSH open to the IPv6 world", { adminCidrs: ["::/0"] }, /adminCidrs\[\d+\] "::\/0" opens the port to the whole internet/],
        ["admin CIDR prefix too long", { adminCidrs: ["10.0.0.0/33"] }, /adminCidrs\[0\] "10\.0\.0\.0\/33" has prefix \/33; IPv4 prefixes are 0-32/],
        ["admin IPv6 prefix too long", { adminCidrs: ["2001:db8::/129"] }, /has prefix \/129; IPv6 prefixes are 0-128/],
        ["admin entry that is no CIDR", { adminCidrs: ["office"] }, /adminCidrs\[\d+\] "office" is not a CIDR block/],
        ["nothing can reach 8080", { appCidrs: [] }, /appCidrs is empty and no loadBalancerSecurityGroupId is given/],
        ["malformed load balancer group", { loadBalancerSecurityGroupId: "lb-1234" }, /loadBalancerSecurityGroupId "lb-1234" is not a sg id/],
        ["bad DNS resolver CIDR", { dnsResolverCidrs: ["resolver"] }, /dnsResolverCidrs\[\d+\] "resolver" is not a CIDR block/],
        ["too many rules", { appCidrs: Array.from({ length: 51 }, (_, i) => `10.${i}.0.0/16`) }, /hold 51 CIDRs, more than the 50 rules/],
        ["reserved aws: tag", { tags: { "aws:cost": "x" } }, /tags key "aws:cost" uses the reserved "aws:" prefix/],
    ];
    for (const [label, override, message] of rows) {
        it(`refuses ${label}`, () => {
            assert.throws(() => validateSecurityGroupsArgs("sigma", { ...valid, ...override }), (err: Error) => {
                assert.match(err.message, message);
                return true;
            });
        });
    }

    it("registers nothing when the args are invalid", async () => {
        const mocks = await useMocks();
        assert.throws(() => new SigmaSecurityGroups("bad", { vpcId: "vpc-0123456789abcdef0", adminCidrs: ["0.0.0.0/0"], appCidrs: ["10.0.0.0/8"] }),
            /adminCidrs\[0\] "0\.0\.0\.0\/0" opens the port to the whole internet; SSH \(22\) is never opened to the world/);
        assert.strictEqual((await registered(mocks)).length, 0);
    });
});
