import * as assert from "assert";
import { privateZoneName, SigmaPrivateDns, SigmaPrivateDnsArgs, validatePrivateDnsArgs, vpcDnsProblem } from "../../components";
import { INVOKE_ANSWERS } from "../../offline/synth/mockRuntime";
import { registeredOne, resolve, useMocks } from "../helpers";

const valid: SigmaPrivateDnsArgs = { vpcId: "vpc-0123456789abcdef0", zoneName: "prod.sigma.internal", dbPrivateIp: "10.40.1.25" };

describe("SigmaPrivateDns", () => {
    it("creates a private zone on the VPC and db.<zone> as an A record of the DB's address with a one-minute TTL", async () => {
        const mocks = await useMocks();
        const dns = new SigmaPrivateDns("sigma", valid);
        await resolve(dns.zoneId);
        const zone = await registeredOne(mocks, "aws:route53/zone:Zone", "sigma-zone");
        assert.deepStrictEqual([zone.inputs.name, zone.inputs.vpcs], ["prod.sigma.internal", [{ vpcId: valid.vpcId }]]);
        const record = await registeredOne(mocks, "aws:route53/record:Record", "sigma-db");
        assert.deepStrictEqual([record.inputs.zoneId, record.inputs.name, record.inputs.type, record.inputs.ttl, record.inputs.records],
            [zone.id, "db.prod.sigma.internal", "A", 60, ["10.40.1.25"]]);
        assert.strictEqual(dns.dbHostName, "db.prod.sigma.internal");
    });

    it("stops when the VPC has DNS support or DNS hostnames off (a private zone would not resolve there)", async () => {
        const getVpc = INVOKE_ANSWERS["aws:ec2/getVpc:getVpc"];
        INVOKE_ANSWERS["aws:ec2/getVpc:getVpc"] = (inputs, ctx) => ({ ...getVpc(inputs, ctx), enableDnsHostnames: false });
        try {
            await useMocks();
            const dns = new SigmaPrivateDns("sigma", valid);
            // Output.promise() is the SDK's own (internal) way to await an Output, rejections included.
            await assert.rejects((dns.vpcId as unknown as { promise(): Promise<string> }).promise(), /SigmaPrivateDns "sigma" vpcId "vpc-0123456789abcdef0" has enableDnsHostnames off; a private hosted zone resolves only/);
        } finally {
            INVOKE_ANSWERS["aws:ec2/getVpc:getVpc"] = getVpc;
        }
    });

    it("names each VPC DNS attribute that is off, and neither when both are on", () => {
        assert.strictEqual(vpcDnsProblem("vpc-1", { enableDnsSupport: true, enableDnsHostnames: true }), undefined);
        assert.match(vpcDnsProblem("vpc-1", { enableDnsSupport: false, enableDnsHostnames: true })!, /has enableDnsSupport off;/);
        assert.match(vpcDnsProblem("vpc-1", { enableDnsSupport: true })!, /has enableDnsHostnames off;/);
        assert.match(vpcDnsProblem("vpc-1", {})!, /has enableDnsSupport and enableDnsHostnames off;/);
    });

    it("names a stack's zone by the stack, as a DNS label", () => {
        assert.strictEqual(privateZoneName("prod"), "prod.sigma.internal");
        assert.strictEqual(privateZoneName("Prod_EU.2"), "prod-eu-2.sigma.internal");
        assert.strictEqual(privateZoneName("-x-"), "x.sigma.internal");
        assert.strictEqual(privateZoneName("___"), "sigma.sigma.internal");
        assert.strictEqual(privateZoneName("a".repeat(70)).split(".")[0].length, 63);
    });

    const rows: Array<[string, Partial<SigmaPrivateDnsArgs>, RegExp]> = [
        ["a VPC id that is none", { vpcId: "vpc-1" }, /vpcId "vpc-1" is not a vpc id/],
        ["a one-label zone", { zoneName: "internal" }, /zoneName "internal" is not a lower-case DNS name of two or more labels/],
        ["a zone in capitals", { zoneName: "Prod.sigma.internal" }, /zoneName "Prod.sigma.internal"/],
        ["a record label with a dot", { dbRecordLabel: "db.x" }, /dbRecordLabel "db.x" is not a lower-case DNS label/],
        ["a public address for the DB", { dbPrivateIp: "203.0.113.5" }, /dbPrivateIp "203.0.113.5" is not a private IPv4 address/],
        ["a name for the DB's address", { dbPrivateIp: "db.example.com" }, /dbPrivateIp "db.example.com" is not a private IPv4 address/],
        ["a TTL of over an hour", { dbRecordTtlSeconds: 3601 }, /dbRecordTtlSeconds 3601 must be a whole number of seconds from 0 to 3600/],
        ["a negative TTL", { dbRecordTtlSeconds: -1 }, /dbRecordTtlSeconds -1/],
        ["an aws: tag", { tags: { "aws:x": "y" } }, /tags key "aws:x" uses the reserved "aws:" prefix/],
    ];
    for (const [label, change, message] of rows) {
        it(`refuses ${label} before creating anything`, () => {
            assert.throws(() => validatePrivateDnsArgs("sigma", { ...valid, ...change }), message);
        });
    }

    it("takes the boundaries: TTL 0 and 3600, every RFC 1918 block", () => {
        for (const change of [{ dbRecordTtlSeconds: 0 }, { dbRecordTtlSeconds: 3600 }, { dbPrivateIp: "172.16.0.4" }, { dbPrivateIp: "192.168.255.254" }]) {
            assert.doesNotThrow(() => validatePrivateDnsArgs("sigma", { ...valid, ...change }), JSON.stringify(change));
        }
    });
});
