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
        ["app CIDR without prefix", { appCidrs: ["10.0.0.0"] }, /appCidrs entry "10\.0\.0\.0" is not a CIDR block/],
        ["app CIDR with a bad octet", { appCidrs: ["10.0.0.300/24"] }, /appCidrs entry "10\.0\.0\.300\/24" is not a valid IPv4 address/],
        ["app CIDR open to the IPv4 world", { appCidrs: ["0.0.0.0/0"] }, /appCidrs entry "0\.0\.0\.0\/0" opens the port to the whole internet/],
        ["app CIDR open to the IPv6 world", { appCidrs: ["::/0"] }, /appCidrs entry "::\/0" opens the port to the whole internet/],
        ["app CIDR with host bits", { appCidrs: ["10.0.0.1/24"] }, /has host bits set; use 10\.0\.0\.0\/24/],
        ["duplicate app CIDR", { appCidrs: ["10.0.0.0/24", "10.0.0.0/24"] }, /is listed twice/],
        ["SSH open to the IPv4 world", { adminCidrs: ["0.0.0.0/0"] }, /adminCidrs entry "0\.0\.0\.0\/0" .* SSH \(22\) is never opened to the world/],
        ["SSH open to the IPv6 world", { adminCidrs: ["::/0"] }, /adminCidrs entry "::\/0" opens the port to the whole internet/],
        ["admin CIDR prefix too long", { adminCidrs: ["10.0.0.0/33"] }, /adminCidrs entry "10\.0\.0\.0\/33" has an IPv4 prefix longer than 32/],
        ["admin IPv6 prefix too long", { adminCidrs: ["2001:db8::/129"] }, /has an IPv6 prefix longer than 128/],
        ["admin entry that is no CIDR", { adminCidrs: ["office"] }, /adminCidrs entry "office" is not a CIDR block/],
        ["nothing can reach 8080", { appCidrs: [] }, /appCidrs is empty and no loadBalancerSecurityGroupId is given/],
        ["malformed load balancer group", { loadBalancerSecurityGroupId: "lb-1234" }, /loadBalancerSecurityGroupId "lb-1234" is not a sg id/],
        ["bad DNS resolver CIDR", { dnsResolverCidrs: ["resolver"] }, /dnsResolverCidrs entry "resolver" is not a CIDR block/],
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
        assert.throws(() => new SigmaSecurityGroups("bad", { vpcId: "vpc-0123456789abcdef0", adminCidrs: ["0.0.0.0/0"], appCidrs: ["10.0.0.0/8"] }));
        assert.strictEqual((await registered(mocks)).length, 0);
    });
});
