import * as assert from "assert";
import { SigmaSecurityGroups, validateSecurityGroupsArgs } from "../../components";
import { cidrListProblems } from "../../components/shared/cidrList";
import { cidrProblem, exposesInternet, parseCidr, publicInternetShare, worldCoverage } from "../../model/cidr";
import { normaliseProtocol, tcpPortRange } from "../../model/protocols";
import { registered, resolve, useMocks } from "../helpers";

/**
 * CIDR arithmetic, CIDR list validation, protocol reading and the security groups component (issue 18): the boundaries
 * (/32, /128, octet 255, port 0, protocol 255), the strict readings (three-part addresses, IPv6 text) and every resource
 * the component registers, which the mutation run found unpinned.
 */

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const GROUP = "aws:ec2/securityGroup:SecurityGroup";
const FIX = "list your networks";

describe("mutation: CIDR and security groups (issue 18)", () => {
    describe("model/cidr boundaries and strict readings", () => {
        const accepted: Array<[string, string, bigint, bigint]> = [
            ["203.0.113.255/32", "203.0.113.255/32", 0xcb0071ffn, 0xcb0071ffn],
            ["255.0.0.0/8", "255.0.0.0/8", 0xff000000n, 0xffffffffn],
            ["10.255.0.0/16", "10.255.0.0/16", 0x0aff0000n, 0x0affffffn],
            ["2001:db8::ffff/128", "2001:db8::ffff/128", 0x20010db80000000000000000_0000ffffn, 0x20010db80000000000000000_0000ffffn],
            ["2001:db8::/127", "2001:db8::/127", 0x20010db8n << 96n, (0x20010db8n << 96n) + 1n],
            ["::ffff:203.0.113.255/128", "::ffff:203.0.113.255/128", 0xffffcb0071ffn, 0xffffcb0071ffn],
        ];
        for (const [text, canonical, first, last] of accepted) {
            it(`accepts ${text}: ${first}..${last}`, () => {
                const block = parseCidr(text);
                assert.deepStrictEqual(block && [block.canonical, block.first, block.last], [canonical, first, last]);
                assert.strictEqual(cidrProblem(text), undefined);
            });
        }

        const problems: Array<[unknown, string]> = [
            ["10.0.0/24", "has address 10.0.0, which is not an IPv4 address; write four dot-separated numbers 0-255, e.g. 203.0.113.0"],
            ["x1.0.0.0/8", "has address x1.0.0.0, which is not an IPv4 address; write four dot-separated numbers 0-255, e.g. 203.0.113.0"],
            ["1x.0.0.0/8", "has address 1x.0.0.0, which is not an IPv4 address; write four dot-separated numbers 0-255, e.g. 203.0.113.0"],
            ["10.0.0.256/32", "has octet 256 above 255"],
            ["10.0.0.255/33", "has prefix /33; IPv4 prefixes are 0-32"],
            ["2001:db8::/129", "has prefix /129; IPv6 prefixes are 0-128"],
            ["10.0.0.0/8x", "has prefix \"/8x\"; the prefix length is a whole number 0-32"],
            ["2001:db8::/x64", "has prefix \"/x64\"; the prefix length is a whole number 0-128"],
            ["10.0.0.0/008", "has prefix /008 with a leading zero; use 10.0.0.0/8"],
            ["10.0.0.1/31", "has host bits set; use 10.0.0.0/31"],
            ["2001:db8::1/127", "has host bits set; use 2001:db8::/127"],
            ["2001:db8::g/64", "has address 2001:db8::g, which is not an IPv6 address (RFC 4291), e.g. 2001:db8::"],
            ["2001:db8:::/64", "has address 2001:db8:::, which is not an IPv6 address (RFC 4291), e.g. 2001:db8::"],
            ["1:2:3:4:5:6:7/112", "has address 1:2:3:4:5:6:7, which is not an IPv6 address (RFC 4291), e.g. 2001:db8::"],
            ["::ffff:10.0.0/104", "has address ::ffff:10.0.0, which is not an IPv6 address (RFC 4291), e.g. 2001:db8::"],
            ["fe80::1%eth0/64", "has a zone index (%eth0); a CIDR block takes none"],
            ["10.0.0.1", "has no prefix length; for this one address use 10.0.0.1/32"],
            ["2001:DB8::1", "has no prefix length; for this one address use 2001:db8::1/128"],
            ["office", "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
            ["", "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
            [42, "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
            [" 10.0.0.0/24", "has surrounding whitespace; use 10.0.0.0/24"],
            [" 10.0.0.1/24 ", "has surrounding whitespace; use 10.0.0.0/24"],
            [" 10.0.0/24", "has surrounding whitespace and address 10.0.0, which is not an IPv4 address; write four dot-separated numbers 0-255, e.g. 203.0.113.0"],
            [" office", "has surrounding whitespace and not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
        ];
        for (const [text, problem] of problems) {
            it(`${JSON.stringify(text)} ${problem}`, () => {
                assert.strictEqual(cidrProblem(text), problem);
                assert.strictEqual(parseCidr(text), undefined);
            });
        }

        it("world coverage does not depend on the order the blocks are listed in", () => {
            const quarters = ["192.0.0.0/2", "128.0.0.0/2", "64.0.0.0/2", "0.0.0.0/2"];
            assert.deepStrictEqual(worldCoverage(quarters), { ipv4: true, ipv6: false });
            assert.deepStrictEqual(worldCoverage(["c000::/2", "8000::/2", "4000::/2", "::/2", "10.0.0.0/8"]), { ipv4: false, ipv6: true });
            assert.deepStrictEqual(worldCoverage(["192.0.0.0/2", "128.0.0.0/2", "0.0.0.0/2"]), { ipv4: false, ipv6: false });
            assert.deepStrictEqual(publicInternetShare(quarters), publicInternetShare([...quarters].reverse()));
        });

        it("exactly half of the public IPv4 internet is not exposure; the next step of the share above half is", () => {
            // [0, end) as CIDR blocks: one block per set bit of `end`, largest first.
            const blocksBelow = (end: bigint): string[] => {
                const blocks: string[] = [];
                let start = 0n;
                for (let bit = 31n; bit >= 0n; bit--) {
                    if ((end >> bit) & 1n) {
                        const address = [24n, 16n, 8n, 0n].map((shift) => (start >> shift) & 0xffn).join(".");
                        blocks.push(`${address}/${32n - bit}`);
                        start += 1n << bit;
                    }
                }
                return blocks;
            };
            // The share only grows with `end`: the smallest end whose share reaches 0.5 has a share of exactly 0.5.
            let low = 0n;
            let high = 1n << 32n;
            while (high - low > 1n) {
                const middle = (low + high) / 2n;
                if (publicInternetShare(blocksBelow(middle)).ipv4 >= 0.5) {
                    high = middle;
                } else {
                    low = middle;
                }
            }
            const half = blocksBelow(high);
            assert.strictEqual(publicInternetShare(half).ipv4, 0.5);
            assert.strictEqual(exposesInternet(half).ipv4, false, "exactly half is not more than half");
            const more = blocksBelow(high + (1n << 13n));
            assert.ok(publicInternetShare(more).ipv4 > 0.5);
            assert.strictEqual(exposesInternet(more).ipv4, true);
        });

        it("IPv6 blocks count nothing towards the IPv4 share and IPv4 blocks nothing towards the IPv6 share", () => {
            assert.deepStrictEqual(publicInternetShare(["2000::/3"]), { ipv4: 0, ipv6: 1 });
            assert.deepStrictEqual(publicInternetShare(["0.0.0.0/0"]), { ipv4: 1, ipv6: 0 });
            assert.deepStrictEqual(publicInternetShare(["::ffff:0.0.0.0/96"]), { ipv4: 0, ipv6: 0 });
            assert.strictEqual(exposesInternet(["2000::/3", "10.0.0.0/8"]).ipv4, false);
        });
    });

    describe("components/shared/cidrList", () => {
        it("a value that is not a list of strings is one problem naming the arg", () => {
            assert.deepStrictEqual(cidrListProblems("appCidrs", "10.0.0.0/8", FIX), ["appCidrs \"10.0.0.0/8\" must be a list of CIDR strings"]);
            assert.deepStrictEqual(cidrListProblems("appCidrs", ["10.0.0.0/8", 8], FIX), ["appCidrs [\"10.0.0.0/8\",8] must be a list of CIDR strings"]);
            assert.deepStrictEqual(cidrListProblems("appCidrs", undefined, FIX), []);
            assert.deepStrictEqual(cidrListProblems("appCidrs", [], FIX), []);
        });

        it("a world-open entry is reported once, not again as a union covering the internet", () => {
            assert.deepStrictEqual(cidrListProblems("appCidrs", ["0.0.0.0/0", "10.0.0.0/8"], FIX), [`appCidrs[0] "0.0.0.0/0" opens the port to the whole internet; ${FIX}`]);
            assert.deepStrictEqual(cidrListProblems("appCidrs", ["::/0", "0.0.0.0/1", "128.0.0.0/1"], FIX), [`appCidrs[0] "::/0" opens the port to the whole internet; ${FIX}`]);
        });

        it("without a world fix (egress lists) the internet may be covered", () => {
            assert.deepStrictEqual(cidrListProblems("httpsEgressCidrs", ["0.0.0.0/1", "128.0.0.0/1"], undefined), []);
            assert.deepStrictEqual(cidrListProblems("httpsEgressCidrs", ["0.0.0.0/0"], undefined), []);
        });

        it("lists every problem at once: malformed, duplicate and the union", () => {
            assert.deepStrictEqual(cidrListProblems("appCidrs", ["10.0.0/24", "0.0.0.0/1", "128.0.0.0/1", "128.0.0.0/01"], FIX), [
                "appCidrs[0] \"10.0.0/24\" has address 10.0.0, which is not an IPv4 address; write four dot-separated numbers 0-255, e.g. 203.0.113.0",
                "appCidrs[3] \"128.0.0.0/01\" has prefix /01 with a leading zero; use 128.0.0.0/1",
                `appCidrs ["10.0.0/24","0.0.0.0/1","128.0.0.0/1","128.0.0.0/01"] together cover every public IPv4 address, which opens the port to the internet; ${FIX}`,
            ]);
        });
    });

    describe("model/protocols boundaries", () => {
        const rows: Array<[unknown, ReturnType<typeof normaliseProtocol>]> = [
            [" TCP ", "tcp"], ["0", { number: 0 }], ["255", { number: 255 }], ["256", { unknown: "256" }], ["-2", { unknown: "-2" }],
            ["6x", { unknown: "6x" }], [null, { unknown: "" }], [58, "icmpv6"],
        ];
        for (const [value, expected] of rows) {
            it(`${JSON.stringify(value)} -> ${JSON.stringify(expected)}`, () => assert.deepStrictEqual(normaliseProtocol(value), expected));
        }

        const ranges: Array<[unknown, unknown, [number, number]]> = [
            ["22", "22", [22, 22]], [0, 22, [0, 22]], [22, 0, [0, 22]], [-1, 22, [0, 65535]], [22, -1, [0, 65535]],
            [undefined, 22, [0, 65535]], [22, undefined, [0, 65535]], ["x", 22, [0, 65535]], [443, "8443", [443, 8443]],
        ];
        for (const [from, to, expected] of ranges) {
            it(`tcp from ${JSON.stringify(from)} to ${JSON.stringify(to)} opens ${expected.join("-")}`, () => assert.deepStrictEqual(tcpPortRange("tcp", from, to), expected));
        }
    });

    describe("SigmaSecurityGroups", () => {
        const vpcId = "vpc-0123456789abcdef0";

        it("registers each group and rule with its name, description, ports, peer and tags, all children of the component", async () => {
            const mocks = await useMocks();
            const groups = new SigmaSecurityGroups("sg", {
                vpcId, appCidrs: ["203.0.113.0/24", "2001:db8::/32"], adminCidrs: ["198.51.100.7/32"], loadBalancerSecurityGroupId: "sg-0aaaaaaaaaaaaaaaa",
                dnsResolverCidrs: ["10.0.0.2/32"], httpsEgressCidrs: ["10.0.0.0/16"], tags: { team: "reporting" },
            });
            const [appId, dbId] = [await resolve(groups.appSecurityGroupId), await resolve(groups.dbSecurityGroupId)];
            const all = await registered(mocks);
            const component = all.find((r) => r.type === "sigma:network:SigmaSecurityGroups")!;
            assert.ok(component, "the component is registered");
            const children = all.filter((r) => r !== component);
            for (const child of children) {
                assert.strictEqual(child.parent, component.urn, `${child.name} is a child of the component`);
            }
            const tags = { team: "reporting", component: "SigmaSecurityGroups" };
            const groupRows = children.filter((r) => r.type === GROUP).map((r) => [r.name, r.inputs.vpcId, r.inputs.description, r.inputs.tags]);
            assert.deepStrictEqual(groupRows, [
                ["sg-app", vpcId, "Sigma APP tier: application on 8080, SSH only from admin CIDRs", { ...tags, Name: "sg-app" }],
                ["sg-db", vpcId, "Sigma DB tier: MySQL 3306 only from the APP security group", { ...tags, Name: "sg-db" }],
            ]);
            const rule = (r: { name: string; inputs: Record<string, any> }) => [r.name, r.inputs.securityGroupId, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort,
                r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6 ?? r.inputs.referencedSecurityGroupId, Object.hasOwn(r.inputs, "cidrIpv6") ? "v6" : "-", r.inputs.description];
            const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
            assert.deepStrictEqual(children.filter((r) => r.type === INGRESS).map(rule).sort(byName), [
                ["sg-app-http-2001-db8-32", appId, "tcp", 8080, 8080, "2001:db8::/32", "v6", "Sigma application (8080) from 2001:db8::/32"],
                ["sg-app-http-203-0-113-0-24", appId, "tcp", 8080, 8080, "203.0.113.0/24", "-", "Sigma application (8080) from 203.0.113.0/24"],
                ["sg-app-http-from-lb", appId, "tcp", 8080, 8080, "sg-0aaaaaaaaaaaaaaaa", "-", "Sigma application (8080) from the load balancer"],
                ["sg-app-ssh-198-51-100-7-32", appId, "tcp", 22, 22, "198.51.100.7/32", "-", "SSH from admin network 198.51.100.7/32"],
                ["sg-db-mysql-from-app", dbId, "tcp", 3306, 3306, appId, "-", "MySQL (3306) from the Sigma APP security group"],
            ].sort(byName));
            assert.deepStrictEqual(children.filter((r) => r.type === EGRESS).map(rule).sort(byName), [
                ["sg-app-dns-tcp-10-0-0-2-32", appId, "tcp", 53, 53, "10.0.0.2/32", "-", "DNS (53/tcp) to resolver 10.0.0.2/32"],
                ["sg-app-dns-udp-10-0-0-2-32", appId, "udp", 53, 53, "10.0.0.2/32", "-", "DNS (53/udp) to resolver 10.0.0.2/32"],
                ["sg-app-https-10-0-0-0-16", appId, "tcp", 443, 443, "10.0.0.0/16", "-", "HTTPS (443) to 10.0.0.0/16 for Session Manager and AWS APIs"],
                ["sg-app-mysql-to-db", appId, "tcp", 3306, 3306, dbId, "-", "MySQL (3306) to the Sigma DB security group"],
                ["sg-db-dns-tcp-10-0-0-2-32", dbId, "tcp", 53, 53, "10.0.0.2/32", "-", "DNS (53/tcp) to resolver 10.0.0.2/32"],
                ["sg-db-dns-udp-10-0-0-2-32", dbId, "udp", 53, 53, "10.0.0.2/32", "-", "DNS (53/udp) to resolver 10.0.0.2/32"],
                ["sg-db-https-10-0-0-0-16", dbId, "tcp", 443, 443, "10.0.0.0/16", "-", "HTTPS (443) to 10.0.0.0/16 for Session Manager and AWS APIs"],
            ].sort(byName));
            for (const r of children.filter((c) => c.type === INGRESS || c.type === EGRESS)) {
                assert.deepStrictEqual(r.inputs.tags, tags, `${r.name} carries the component's tags`);
            }
        });

        it("defaults: DNS to the Amazon resolver and HTTPS anywhere", async () => {
            const mocks = await useMocks();
            new SigmaSecurityGroups("sg", { vpcId, appCidrs: ["203.0.113.0/24"] });
            const egress = (await registered(mocks, EGRESS)).map((r) => r.name).sort();
            assert.deepStrictEqual(egress, [
                "sg-app-dns-tcp-169-254-169-253-32", "sg-app-dns-udp-169-254-169-253-32", "sg-app-https-0-0-0-0-0", "sg-app-mysql-to-db",
                "sg-db-dns-tcp-169-254-169-253-32", "sg-db-dns-udp-169-254-169-253-32", "sg-db-https-0-0-0-0-0",
            ]);
        });

        it("50 ingress CIDRs (app and admin together) are accepted, 51 refused with the count", () => {
            const cidrs = (n: number, second: number) => Array.from({ length: n }, (_, i) => `10.${second}.${i}.0/24`);
            assert.doesNotThrow(() => validateSecurityGroupsArgs("sg", { vpcId, appCidrs: cidrs(25, 1), adminCidrs: cidrs(25, 2) }));
            assert.throws(() => validateSecurityGroupsArgs("sg", { vpcId, appCidrs: cidrs(26, 1), adminCidrs: cidrs(25, 2) }), (err: Error) =>
                err.message.includes("appCidrs and adminCidrs hold 51 CIDRs, more than the 50 rules a group should carry; summarise them into wider blocks or a prefix list"));
        });

        it("names the component and every bad list in one error, egress lists included", () => {
            assert.throws(() => validateSecurityGroupsArgs("sg", { vpcId, appCidrs: ["203.0.113.0/24"], dnsResolverCidrs: ["resolver"], httpsEgressCidrs: ["10.0.0/16"] }),
                (err: Error) => err.message === "SigmaSecurityGroups \"sg\" has invalid args:\n" +
                    "  - dnsResolverCidrs[0] \"resolver\" is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24\n" +
                    "  - httpsEgressCidrs[0] \"10.0.0/16\" has address 10.0.0, which is not an IPv4 address; write four dot-separated numbers 0-255, e.g. 203.0.113.0");
        });

        it("a load balancer group alone is a source for 8080; a malformed one is named", () => {
            assert.doesNotThrow(() => validateSecurityGroupsArgs("sg", { vpcId, loadBalancerSecurityGroupId: "sg-0aaaaaaaaaaaaaaaa" }));
            assert.throws(() => validateSecurityGroupsArgs("sg", { vpcId, appCidrs: ["203.0.113.0/24"], loadBalancerSecurityGroupId: "sg-x" }),
                (err: Error) => /loadBalancerSecurityGroupId "sg-x"/.test(err.message));
        });
    });
});
