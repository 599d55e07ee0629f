import * as assert from "assert";
import {
    ingressPermissions, isWorldCidr, opensOnlyWebPorts, opensTcpPort, permissionsOf, portRange, prefixListEntries, redirectsToHttps,
    resolveAddresses, worldReason,
} from "../../policy/network";
import { TYPES } from "../../policy/resourceTypes";
import { messagesOf, res, violationsOf } from "./policyHarness";
import { fixtureUrn } from "../policy/policyFixtures";

// Each branch of each network policy, passing and failing, with the exact message users read (issue 18).

const WORLD4 = "0.0.0.0/0 covers 100% of the public IPv4 internet";
const WORLD6 = "::/0 covers 100% of the public IPv6 internet";

/** A standalone VPC ingress rule of group sg-0app (no load balancer uses it). */
const ingress = (inputs: Record<string, unknown>, name = "rule") =>
    res(TYPES.ingressRule, name, { securityGroupId: "sg-0app", ipProtocol: "tcp", description: "rule", ...inputs });

/** A load balancer whose group is `lb-sg` (by dependency) and one ingress rule on that group. */
const lbWith = (rule: Record<string, unknown>) => [
    res(TYPES.securityGroup, "lb-sg", { description: "lb" }),
    res(TYPES.loadBalancer, "lb", { securityGroups: ["sg-0lb"] }, { deps: { securityGroups: ["lb-sg"] } }),
    res(TYPES.ingressRule, "web", { securityGroupId: "sg-0lb", description: "web", ...rule }, { deps: { securityGroupId: ["lb-sg"] } }),
];

describe("policy security-group-no-world-ssh-mysql", () => {
    const policy = "security-group-no-world-ssh-mysql";

    // TCP as the provider reads it (model/protocols.ts): "6", "TCP", "tcp" are TCP; "-1", "all", "ALL" are every protocol.
    for (const protocol of ["tcp", "TCP", "6", " Tcp "]) {
        it(`SSH from the world with protocol ${JSON.stringify(protocol)} is TCP and fails`, async () => {
            assert.deepStrictEqual(await messagesOf(policy, [ingress({ ipProtocol: protocol, fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" })]),
                [`the rule (tcp port 22 from 0.0.0.0/0) opens SSH (22) to the whole internet: ${WORLD4}`]);
        });
    }
    for (const protocol of ["-1", "all", "ALL", -1]) {
        it(`all traffic (${JSON.stringify(protocol)}) from the world opens SSH, RDP and MySQL`, async () => {
            assert.deepStrictEqual(await messagesOf(policy, [ingress({ ipProtocol: protocol, fromPort: 0, toPort: 0, cidrIpv4: "0.0.0.0/0" })]), [
                `the rule (all ports 0-65535 from 0.0.0.0/0) opens SSH (22) to the whole internet: ${WORLD4}`,
                `the rule (all ports 0-65535 from 0.0.0.0/0) opens RDP (3389) to the whole internet: ${WORLD4}`,
                `the rule (all ports 0-65535 from 0.0.0.0/0) opens MySQL (3306) to the whole internet: ${WORLD4}`,
            ]);
        });
    }
    for (const protocol of ["udp", "17", "icmp", "1"]) {
        it(`protocol ${protocol} on 22 from the world opens no TCP: passes`, async () => {
            assert.deepStrictEqual(await messagesOf(policy, [ingress({ ipProtocol: protocol, fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" })]), []);
        });
    }
    it("the boundaries of each port: 21 and 23, 3305 and 3307, 3388 and 3390 pass; 3389 alone is RDP, 3306 alone MySQL", async () => {
        const open = async (from: number, to: number) => messagesOf(policy, [ingress({ fromPort: from, toPort: to, cidrIpv4: "0.0.0.0/0" })]);
        for (const [from, to] of [[21, 21], [23, 3305], [3307, 3388], [3390, 65535], [0, 21]]) {
            assert.deepStrictEqual(await open(from, to), [], `${from}-${to}`);
        }
        assert.deepStrictEqual(await open(3389, 3389), [`the rule (tcp port 3389 from 0.0.0.0/0) opens RDP (3389) to the whole internet: ${WORLD4}`]);
        assert.deepStrictEqual(await open(3306, 3306), [`the rule (tcp port 3306 from 0.0.0.0/0) opens MySQL (3306) to the whole internet: ${WORLD4}`]);
        assert.deepStrictEqual(await open(20, 22), [`the rule (tcp ports 20-22 from 0.0.0.0/0) opens SSH (22) to the whole internet: ${WORLD4}`]);
        assert.deepStrictEqual(await open(22, 30), [`the rule (tcp ports 22-30 from 0.0.0.0/0) opens SSH (22) to the whole internet: ${WORLD4}`]);
    });
    it("SSH from an admin network or a security group passes; from ::/0 in an inline rule fails", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ fromPort: 22, toPort: 22, cidrIpv4: "198.51.100.0/24" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ fromPort: 22, toPort: 22, referencedSecurityGroupId: "sg-0admin" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroup, "sg", { description: "x", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/0"], description: "ssh" }] })]),
            [`ingress[0] (tcp port 22 from ::/0) opens SSH (22) to the whole internet: ${WORLD6}`]);
    });
    it("two halves of the internet together are the world (0.0.0.0/1 + 128.0.0.0/1), reported on the rule's resource", async () => {
        const found = await violationsOf(policy, [res(TYPES.securityGroupRule, "halves", { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"], securityGroupId: "sg-1", description: "x" })]);
        assert.deepStrictEqual(found, [{ urn: fixtureUrn(TYPES.securityGroupRule, "halves"),
            message: "the rule (tcp port 22 from 0.0.0.0/1, 128.0.0.0/1) opens SSH (22) to the whole internet: 0.0.0.0/1, 128.0.0.0/1 cover 100% of the public IPv4 internet" }]);
    });
    it("an egress rule of the legacy rule resource is no ingress: passes", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroupRule, "out", { type: "egress", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-1", description: "x" })]), []);
    });
    it("a prefix list the stack does not define counts as the world; one it defines is judged by its entries", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ fromPort: 22, toPort: 22, prefixListId: "pl-0123" })]),
            ["the rule (tcp port 22 from pl-0123) opens SSH (22) to the whole internet: prefix list pl-0123 is not defined in the stack, so its addresses are unknown (unknown counts as the world)"]);
        const admins = res(TYPES.prefixList, "admins", { entries: [{ cidr: "198.51.100.0/24" }] });
        assert.deepStrictEqual(await messagesOf(policy, [admins, ingress({ fromPort: 22, toPort: 22, prefixListId: "pl-0admins" }, "via-list")].map((r) =>
            r.name === "via-list" ? { ...r, deps: { prefixListId: ["admins"] } } : r)), []);
        const world = res(TYPES.prefixList, "world", { entries: [{ cidr: "0.0.0.0/0" }] });
        assert.deepStrictEqual(await messagesOf(policy, [world, { ...ingress({ fromPort: 22, toPort: 22, prefixListId: "pl-0world" }), deps: { prefixListId: ["world"] } }]),
            [`the rule (tcp port 22 from pl-0world) opens SSH (22) to the whole internet: ${WORLD4}`]);
    });
});

describe("policy world-ingress-only-load-balancer-web", () => {
    const policy = "world-ingress-only-load-balancer-web";

    it("a load balancer group opening 443-8443 to the world fails (every port of the range is open, not just 443)", async () => {
        assert.deepStrictEqual(await messagesOf(policy, lbWith({ ipProtocol: "tcp", fromPort: 443, toPort: 8443, cidrIpv4: "0.0.0.0/0" })),
            [`the rule (tcp ports 443-8443 from 0.0.0.0/0) opens more than TCP 80/443 to the whole internet: ${WORLD4}`]);
    });
    it("80-443 and 1-80 are ranges, not web ports: both fail on the load balancer's group", async () => {
        assert.deepStrictEqual(await messagesOf(policy, lbWith({ ipProtocol: "tcp", fromPort: 80, toPort: 443, cidrIpv4: "0.0.0.0/0" })),
            [`the rule (tcp ports 80-443 from 0.0.0.0/0) opens more than TCP 80/443 to the whole internet: ${WORLD4}`]);
        assert.deepStrictEqual(await messagesOf(policy, lbWith({ ipProtocol: "tcp", fromPort: 1, toPort: 80, cidrIpv4: "0.0.0.0/0" })),
            [`the rule (tcp ports 1-80 from 0.0.0.0/0) opens more than TCP 80/443 to the whole internet: ${WORLD4}`]);
    });
    for (const [protocol, port] of [["tcp", 443], ["6", 443], ["TCP", 80], ["tcp", 80]] as const) {
        it(`${protocol} ${port} from the world on the load balancer's group passes`, async () => {
            assert.deepStrictEqual(await messagesOf(policy, lbWith({ ipProtocol: protocol, fromPort: port, toPort: port, cidrIpv4: "0.0.0.0/0" })), []);
            assert.deepStrictEqual(await messagesOf(policy, lbWith({ ipProtocol: protocol, fromPort: port, toPort: port, cidrIpv6: "::/0" })), []);
        });
    }
    for (const protocol of ["udp", "-1", "all", "17"]) {
        it(`${protocol} on 443 from the world is not web traffic, even on the load balancer's group`, async () => {
            const messages = await messagesOf(policy, lbWith({ ipProtocol: protocol, fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }));
            assert.strictEqual(messages.length, 1);
            assert.match(messages[0], /^the rule \(.+\) opens more than TCP 80\/443 to the whole internet: 0\.0\.0\.0\/0 covers 100% of the public IPv4 internet$/);
        });
    }
    it("443 from the world on a group no load balancer uses fails with that reason", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })]),
            [`the rule (tcp port 443 from 0.0.0.0/0) opens a web port to the whole internet on a security group no load balancer uses: ${WORLD4}`]);
    });
    it("a load balancer naming its group by literal id is recognised through the rule's securityGroupId", async () => {
        const resources = [
            res(TYPES.albLoadBalancer, "lb", { securityGroups: ["sg-0lb"] }),
            res(TYPES.ingressRule, "web", { securityGroupId: "sg-0lb", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "web" }),
        ];
        assert.deepStrictEqual(await messagesOf(policy, resources), []);
        assert.strictEqual((await messagesOf(policy, [resources[0], { ...resources[1], inputs: { ...resources[1].inputs, securityGroupId: "sg-0other" } }])).length, 1);
    });
    it("an inline 443 rule of the load balancer's own group passes; of another group fails", async () => {
        const group = res(TYPES.securityGroup, "lb-sg", { description: "lb", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "https" }] });
        assert.deepStrictEqual(await messagesOf(policy, [group, res(TYPES.loadBalancer, "lb", {}, { deps: { securityGroups: ["lb-sg"] } })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [group]),
            [`ingress[0] (tcp port 443 from 0.0.0.0/0) opens a web port to the whole internet on a security group no load balancer uses: ${WORLD4}`]);
    });
    it("the classic load balancer's group counts as a load balancer's", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.classicLoadBalancer, "elb", { securityGroups: ["sg-0app"] }), ingress({ fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" })]), []);
    });
    it("8080 from client networks (not the world) passes", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ fromPort: 8080, toPort: 8080, cidrIpv4: "203.0.113.0/24" })]), []);
    });
});

describe("policy mysql-ingress-from-security-group-only", () => {
    const policy = "mysql-ingress-from-security-group-only";
    it("3306 from a CIDR or a prefix list fails; from a group passes; a CIDR on 3307 passes", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ fromPort: 3306, toPort: 3306, cidrIpv4: "10.0.0.0/8" })]),
            ["the rule (tcp port 3306 from 10.0.0.0/8) lets addresses reach MySQL (3306); allow it only from the APP security group"]);
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ fromPort: 3306, toPort: 3306, prefixListId: "pl-1" })]),
            ["the rule (tcp port 3306 from pl-1) lets addresses reach MySQL (3306); allow it only from the APP security group"]);
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ fromPort: 3306, toPort: 3306, referencedSecurityGroupId: "sg-0app" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ fromPort: 3307, toPort: 3307, cidrIpv4: "10.0.0.0/8" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ fromPort: 3300, toPort: 3305, cidrIpv4: "10.0.0.0/8" })]), []);
    });
    it("all traffic from a CIDR (protocol 6 or -1 spelled any way) reaches MySQL", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [ingress({ ipProtocol: "-1", cidrIpv6: "fd00::/8" })]),
            ["the rule (all ports 0-65535 from fd00::/8) lets addresses reach MySQL (3306); allow it only from the APP security group"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroup, "db", { description: "db", ingress: [{ protocol: "6", fromPort: 3300, toPort: 3310, cidrBlocks: ["10.0.0.0/8"], description: "x" }] })]),
            ["ingress[0] (tcp ports 3300-3310 from 10.0.0.0/8) lets addresses reach MySQL (3306); allow it only from the APP security group"]);
    });
    it("other resource types are not judged", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.egressRule, "out", { ipProtocol: "tcp", fromPort: 3306, toPort: 3306, cidrIpv4: "10.0.0.0/8", description: "x" })]), []);
    });
});

describe("policy security-group-descriptions", () => {
    const policy = "security-group-descriptions";
    it("a group without a description, a placeholder one (trimmed), and rules without one each fail with where", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroup, "sg", {})]),
            ["the security group's description is null; say what the group is for"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroup, "sg", { description: " Managed by Terraform " })]),
            ["the security group's description is \" Managed by Terraform \"; say what the group is for"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroup, "sg", { description: "   " })]),
            ["the security group's description is \"   \"; say what the group is for"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroup, "sg", { description: "app", ingress: [{ description: "ok" }, { description: "" }], egress: [{}] })]),
            ["ingress[1] has no description; say what the traffic is for", "egress[0] has no description; say what the traffic is for"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroupRule, "r", { type: "ingress", description: "Managed by Pulumi" })]),
            ["the rule has no description; say what the traffic is for"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.ingressRule, "r", { description: 7 })]), ["the rule has no description; say what the traffic is for"]);
    });
    it("described groups and rules pass", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroup, "sg", { description: "Sigma APP", ingress: [{ description: "8080 from clients" }] }),
            res(TYPES.ingressRule, "r", { description: "HTTPS" }), res(TYPES.egressRule, "e", { description: "DNS" }), res(TYPES.securityGroupRule, "l", { description: "x" })]), []);
    });
});

describe("policy security-group-egress-restricted", () => {
    const policy = "security-group-egress-restricted";
    const egress = (inputs: Record<string, unknown>) => res(TYPES.egressRule, "out", { securityGroupId: "sg-1", ipProtocol: "tcp", description: "x", ...inputs });
    it("TCP 443 to the world passes; 443-444, UDP 443, all traffic and 80 fail, each naming the allowed ports", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [egress({ fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [egress({ ipProtocol: "6", fromPort: 443, toPort: 443, cidrIpv6: "::/0" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [egress({ fromPort: 443, toPort: 444, cidrIpv4: "0.0.0.0/0" })]),
            [`egress the rule (tcp ports 443-444 to 0.0.0.0/0) reaches the whole internet beyond TCP 443: ${WORLD4}`]);
        assert.deepStrictEqual(await messagesOf(policy, [egress({ fromPort: 442, toPort: 443, cidrIpv4: "0.0.0.0/0" })]),
            [`egress the rule (tcp ports 442-443 to 0.0.0.0/0) reaches the whole internet beyond TCP 443: ${WORLD4}`]);
        assert.deepStrictEqual(await messagesOf(policy, [egress({ ipProtocol: "udp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })]),
            [`egress the rule (udp to 0.0.0.0/0) reaches the whole internet beyond TCP 443: ${WORLD4}`]);
        assert.deepStrictEqual(await messagesOf(policy, [egress({ fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" })]),
            [`egress the rule (tcp port 80 to 0.0.0.0/0) reaches the whole internet beyond TCP 443: ${WORLD4}`]);
    });
    it("the configured ports replace the default", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [egress({ fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" })], { allowedWorldEgressPorts: [443, 80] }), []);
        assert.deepStrictEqual(await messagesOf(policy, [egress({ fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })], { allowedWorldEgressPorts: [80] }),
            [`egress the rule (tcp port 443 to 0.0.0.0/0) reaches the whole internet beyond TCP 80: ${WORLD4}`]);
    });
    it("anything to a VPC range passes; inline egress and legacy egress rules are judged, legacy ingress rules are not", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [egress({ ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroup, "sg", { description: "x", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })]),
            [`egress egress[0] (all ports 0-65535 to 0.0.0.0/0) reaches the whole internet beyond TCP 443: ${WORLD4}`]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroupRule, "r", { type: "egress", protocol: "tcp", fromPort: 25, toPort: 25, cidrBlocks: ["0.0.0.0/0"] })]),
            [`egress the rule (tcp port 25 to 0.0.0.0/0) reaches the whole internet beyond TCP 443: ${WORLD4}`]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroupRule, "r", { type: "ingress", protocol: "tcp", fromPort: 25, toPort: 25, cidrBlocks: ["0.0.0.0/0"] })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.ingressRule, "r", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })]), []);
    });
});

describe("policy default-security-group-closed", () => {
    const policy = "default-security-group-closed";
    it("counts the rules of each direction; an empty group passes", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.defaultSecurityGroup, "d", { ingress: [{}, {}], egress: [] })]),
            ["the default security group has 2 ingress rule(s); anything launched without a group would get them: remove them"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.defaultSecurityGroup, "d", { egress: [{}] })]),
            ["the default security group has 1 egress rule(s); anything launched without a group would get them: remove them"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.defaultSecurityGroup, "d", { ingress: [], egress: [] })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.securityGroup, "sg", { description: "x", ingress: [{}] })]), []);
    });
});

describe("policy security-group-not-shared-lb-db", () => {
    const policy = "security-group-not-shared-lb-db";
    const dbGroup = res(TYPES.securityGroup, "db-sg", { description: "db", ingress: [{ protocol: "tcp", fromPort: 3306, toPort: 3306, securityGroups: ["sg-0app"] }] });
    const lbGroup = res(TYPES.securityGroup, "lb-sg", { description: "lb" });
    it("an instance holding the database that shares a group with a load balancer fails, naming both", async () => {
        const found = await violationsOf(policy, [dbGroup, res(TYPES.loadBalancer, "lb", {}, { deps: { securityGroups: ["db-sg"] } }),
            res(TYPES.instance, "sigma", {}, { deps: { vpcSecurityGroupIds: ["db-sg"] } })]);
        assert.deepStrictEqual(found, [{ urn: fixtureUrn(TYPES.instance, "sigma"), message: "Instance \"sigma\" holds the database and shares security group db-sg with a load balancer" }]);
    });
    it("shared by literal group id too", async () => {
        const found = await messagesOf(policy, [dbGroup, res(TYPES.loadBalancer, "lb", { securityGroups: ["sg-0shared"] }),
            res(TYPES.launchTemplate, "lt", { vpcSecurityGroupIds: ["sg-0shared"] }, { deps: { vpcSecurityGroupIds: ["db-sg"] } })]);
        assert.deepStrictEqual(found, ["LaunchTemplate \"lt\" holds the database and shares security group sg-0shared with a load balancer"]);
    });
    it("separate groups pass, and so does an instance without the database behind the load balancer's group", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [dbGroup, lbGroup, res(TYPES.loadBalancer, "lb", {}, { deps: { securityGroups: ["lb-sg"] } }),
            res(TYPES.instance, "sigma", {}, { deps: { vpcSecurityGroupIds: ["db-sg"] } })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [lbGroup, res(TYPES.loadBalancer, "lb", {}, { deps: { securityGroups: ["lb-sg"] } }),
            res(TYPES.instance, "web", {}, { deps: { vpcSecurityGroupIds: ["lb-sg"] } })]), []);
    });
});

describe("policy load-balancer-listener-https", () => {
    const policy = "load-balancer-listener-https";
    const http = (defaultActions: unknown, port?: number) => [res(TYPES.listener, "http", { protocol: "HTTP", ...(port ? { port } : {}), defaultActions })];
    const clear = (port: number) => `the HTTP listener on port ${port} serves traffic in clear text; its only default action must be a redirect to HTTPS`;

    it("an HTTP listener redirecting to HTTP (or keeping #{protocol}) fails", async () => {
        assert.deepStrictEqual(await messagesOf(policy, http([{ type: "redirect", redirect: { protocol: "HTTP", port: "80" } }], 80)), [clear(80)]);
        assert.deepStrictEqual(await messagesOf(policy, http([{ type: "redirect", redirect: { protocol: "#{protocol}" } }], 8080)), [clear(8080)]);
        assert.deepStrictEqual(await messagesOf(policy, http([{ type: "redirect", redirect: {} }])), [clear(80)]);
        assert.deepStrictEqual(await messagesOf(policy, http([{ type: "redirect" }])), [clear(80)]);
    });
    it("a redirect to HTTPS (any case) passes; forwarding, a redirect beside a forward, and no action fail", async () => {
        assert.deepStrictEqual(await messagesOf(policy, http([{ type: "redirect", redirect: { protocol: "https" } }])), []);
        assert.deepStrictEqual(await messagesOf(policy, http([{ type: "forward" }])), [clear(80)]);
        assert.deepStrictEqual(await messagesOf(policy, http([{ type: "redirect", redirect: { protocol: "HTTPS" } }, { type: "forward" }])), [clear(80)]);
        assert.deepStrictEqual(await messagesOf(policy, http([])), [clear(80)]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.albListener, "l", { port: 81 })]), [clear(81)]);
    });
    it("HTTPS and TLS need a modern sslPolicy (any case of protocol); plain TCP or UDP is refused", async () => {
        const modern = "ELBSecurityPolicy-TLS13-1-2-2021-06";
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.listener, "l", { protocol: "https", sslPolicy: modern })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.listener, "l", { protocol: "TLS", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" })]), []);
        const old = "sslPolicy \"ELBSecurityPolicy-2016-08\" is not a modern TLS policy; use one of ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-TLS13-1-2-Res-2021-06, ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06, ...";
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.listener, "l", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08" })]), [old]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.listener, "l", { protocol: "TLS" })]),
            ["sslPolicy null is not a modern TLS policy; use one of ELBSecurityPolicy-TLS13-1-2-2021-06, ELBSecurityPolicy-TLS13-1-2-Res-2021-06, ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06, ..."]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.listener, "l", { protocol: "tcp" })]),
            ["protocol TCP carries traffic unencrypted; use HTTPS (or TLS) with a modern sslPolicy"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.listener, "l", { protocol: "HTTPS", sslPolicy: "mine" })], { allowedSslPolicies: ["mine"] }), []);
    });
    it("redirectsToHttps: every action a redirect to HTTPS, at least one", () => {
        assert.strictEqual(redirectsToHttps(undefined), false);
        assert.strictEqual(redirectsToHttps([]), false);
        assert.strictEqual(redirectsToHttps([{ type: "redirect", redirect: { protocol: "Https" } }]), true);
        assert.strictEqual(redirectsToHttps([{ type: "fixed-response", redirect: { protocol: "HTTPS" } }]), false);
    });
});

describe("policy load-balancer-listener-rule-https", () => {
    const policy = "load-balancer-listener-rule-https";
    const listener = (protocol?: string) => res(TYPES.listener, "front", protocol ? { protocol } : {});
    const rule = (actions: unknown[], attached = true) => res(TYPES.listenerRule, "r", { actions }, attached ? { deps: { listenerArn: ["front"] } } : {});
    it("a forwarding rule on an HTTP listener (or one without protocol) fails, naming both", async () => {
        const found = await violationsOf(policy, [listener("http"), rule([{ type: "forward" }])]);
        assert.deepStrictEqual(found, [{ urn: fixtureUrn(TYPES.listenerRule, "r"), message: "listener rule \"r\" forwards traffic on HTTP listener \"front\" in clear text; put it on the HTTPS listener" }]);
        assert.deepStrictEqual(await messagesOf(policy, [listener(), rule([{ type: "authenticate-oidc" }, { type: "forward" }])]),
            ["listener rule \"r\" forwards traffic on HTTP listener \"front\" in clear text; put it on the HTTPS listener"]);
    });
    it("on an HTTPS or TLS listener it passes; redirecting to HTTPS or answering fixed responses passes anywhere", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [listener("HTTPS"), rule([{ type: "forward" }])]), []);
        assert.deepStrictEqual(await messagesOf(policy, [listener("tls"), rule([{ type: "forward" }])]), []);
        assert.deepStrictEqual(await messagesOf(policy, [listener("HTTP"), rule([{ type: "redirect", redirect: { protocol: "HTTPS" } }])]), []);
        assert.deepStrictEqual(await messagesOf(policy, [listener("HTTP"), rule([{ type: "fixed-response" }])]), []);
        assert.deepStrictEqual(await messagesOf(policy, [listener("HTTP"), rule([{ type: "fixed-response" }, { type: "forward" }])]).then((m) => m.length), 1);
    });
    it("a rule on a listener the stack does not define fails as unknown", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.albListenerRule, "r", { actions: [{ type: "forward" }] })]),
            ["listener rule \"r\" forwards traffic on a listener the stack does not define, so its protocol is unknown; attach it to the stack's HTTPS listener"]);
    });
});

describe("policy load-balancer-hardened", () => {
    const policy = "load-balancer-hardened";
    const good = { dropInvalidHeaderFields: true, desyncMitigationMode: "strictest", enableDeletionProtection: true, accessLogs: { bucket: "logs", enabled: true } };
    it("a hardened ALB passes; each missing setting fails with its own message", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.loadBalancer, "lb", good)]), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.albLoadBalancer, "lb", { ...good, desyncMitigationMode: undefined })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.loadBalancer, "lb", { ...good, dropInvalidHeaderFields: "true", desyncMitigationMode: "monitor" })]), [
            "dropInvalidHeaderFields is not true: malformed headers reach Tomcat (request smuggling); set it to true",
            "desyncMitigationMode \"monitor\" lets desync attacks through; use \"strictest\" or \"defensive\"",
        ]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.loadBalancer, "lb", { ...good, desyncMitigationMode: "defensive", enableDeletionProtection: false, accessLogs: { enabled: true } })]), [
            "enableDeletionProtection is not true: one delete call takes the service offline; set it to true",
            "access logs are off (accessLogs.enabled with a bucket); without them no request can be traced",
        ]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.loadBalancer, "lb", { ...good, accessLogs: { bucket: "logs" } })]),
            ["access logs are off (accessLogs.enabled with a bucket); without them no request can be traced"]);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.loadBalancer, "lb", { ...good, accessLogs: undefined })]),
            ["access logs are off (accessLogs.enabled with a bucket); without them no request can be traced"]);
    });
    it("a network load balancer is not judged on headers or desync; the config can waive protection and logs", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.loadBalancer, "nlb", { loadBalancerType: "network", enableDeletionProtection: true, accessLogs: { bucket: "b", enabled: true } })]), []);
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.loadBalancer, "lb", { dropInvalidHeaderFields: true })], { requireDeletionProtection: false, requireAccessLogs: false }), []);
    });
    it("a classic load balancer fails whatever its settings", async () => {
        assert.deepStrictEqual(await messagesOf(policy, [res(TYPES.classicLoadBalancer, "elb", good)]),
            ["a classic load balancer has no desync protection, header validation or modern TLS policies; use an application load balancer (SigmaLoadBalancer)"]);
    });
});

describe("network policy helpers", () => {
    it("reads each resource shape into permissions of the asked direction", () => {
        assert.deepStrictEqual(permissionsOf(TYPES.securityGroup, {
            ingress: [{ protocol: "6", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"], ipv6CidrBlocks: "fd00::/8", prefixListIds: ["pl-1"], description: "d" }],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }],
        }, "egress"), [{ where: "egress[0]", protocol: "-1", fromPort: 0, toPort: 0, cidrs: [], prefixLists: [], fromSecurityGroup: true, description: undefined }]);
        assert.deepStrictEqual(ingressPermissions(TYPES.defaultSecurityGroup, { ingress: [{ protocol: "6", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"], ipv6CidrBlocks: "fd00::/8", prefixListIds: ["pl-1"], securityGroups: ["sg-1"], description: "d" }] }),
            [{ where: "ingress[0]", protocol: "6", fromPort: 22, toPort: 22, cidrs: ["10.0.0.0/8", "fd00::/8"], prefixLists: ["pl-1"], fromSecurityGroup: true, description: "d" }]);
        assert.strictEqual(ingressPermissions(TYPES.securityGroup, { ingress: [{ securityGroups: [] }] })[0].fromSecurityGroup, false);
        assert.deepStrictEqual(ingressPermissions(TYPES.securityGroupRule, { type: "ingress", protocol: "tcp", fromPort: 1, toPort: 2, cidrBlocks: ["10.0.0.0/8"], ipv6CidrBlocks: ["::1/128"], prefixListIds: "pl-2", sourceSecurityGroupId: "sg-1", description: "d" }),
            [{ where: "the rule", protocol: "tcp", fromPort: 1, toPort: 2, cidrs: ["10.0.0.0/8", "::1/128"], prefixLists: ["pl-2"], fromSecurityGroup: true, description: "d" }]);
        assert.strictEqual(ingressPermissions(TYPES.securityGroupRule, { type: "ingress", self: true })[0].fromSecurityGroup, true);
        assert.strictEqual(ingressPermissions(TYPES.securityGroupRule, { type: "ingress" })[0].fromSecurityGroup, false);
        assert.deepStrictEqual(permissionsOf(TYPES.securityGroupRule, { type: "ingress" }, "egress"), []);
        assert.deepStrictEqual(permissionsOf(TYPES.egressRule, { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", cidrIpv6: "::/0", prefixListId: "pl-3", referencedSecurityGroupId: "sg-2", description: "d" }, "egress"),
            [{ where: "the rule", protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["0.0.0.0/0", "::/0"], prefixLists: ["pl-3"], fromSecurityGroup: true, description: "d" }]);
        assert.deepStrictEqual(permissionsOf(TYPES.egressRule, { ipProtocol: "tcp" }, "ingress"), []);
        assert.deepStrictEqual(permissionsOf(TYPES.ingressRule, { ipProtocol: "tcp" }, "egress"), []);
        assert.strictEqual(ingressPermissions(TYPES.ingressRule, { ipProtocol: "tcp" })[0].fromSecurityGroup, false);
        assert.deepStrictEqual(ingressPermissions(TYPES.instance, { ingress: [{}] }), []);
        assert.deepStrictEqual(ingressPermissions(TYPES.securityGroup, {}), []);
    });
    it("port ranges: all traffic is every port, no TCP is [-1, -1]; opensTcpPort at the edges", () => {
        const p = (protocol: string, fromPort: number, toPort: number) => ({ where: "x", protocol, fromPort, toPort, cidrs: [], prefixLists: [], fromSecurityGroup: false });
        assert.deepStrictEqual(portRange(p("all", 0, 0)), [0, 65535]);
        assert.deepStrictEqual(portRange(p("udp", 53, 53)), [-1, -1]);
        assert.deepStrictEqual(portRange(p("6", 443, 80)), [80, 443]);
        assert.deepStrictEqual([21, 22, 30, 31].map((port) => opensTcpPort(p("tcp", 22, 30), port)), [false, true, true, false]);
        assert.deepStrictEqual([opensOnlyWebPorts(p("tcp", 80, 80)), opensOnlyWebPorts(p("tcp", 443, 443)), opensOnlyWebPorts(p("tcp", 80, 443)),
            opensOnlyWebPorts(p("tcp", 443, 8443)), opensOnlyWebPorts(p("tcp", 81, 81)), opensOnlyWebPorts(p("udp", 443, 443)), opensOnlyWebPorts(p("-1", 443, 443))],
        [true, true, false, false, false, false, false]);
        assert.deepStrictEqual(["0.0.0.0/0", "::/0", "0.0.0.0/1", "10.0.0.0/8"].map(isWorldCidr), [true, true, false, false]);
    });
    it("prefix lists: entries of the list resource and of entry resources, unknown ones left unresolved", () => {
        const lists = new Map([["urn:a", ["10.0.0.0/8"]]]);
        const rule = { urn: "urn:r", propertyDependencies: { prefixListId: [{ urn: "urn:a" }] } } as never;
        const permission = { where: "x", protocol: "tcp", fromPort: 1, toPort: 1, cidrs: ["192.0.2.0/24"], prefixLists: ["pl-a", "pl-b"], fromSecurityGroup: false };
        assert.deepStrictEqual(resolveAddresses(rule, permission, lists), { cidrs: ["192.0.2.0/24", "10.0.0.0/8"], unresolved: ["pl-b"] });
        assert.deepStrictEqual(resolveAddresses(undefined, permission, lists), { cidrs: ["192.0.2.0/24"], unresolved: ["pl-a", "pl-b"] });
        assert.deepStrictEqual(resolveAddresses(rule, { ...permission, prefixLists: ["pl-a"] }, lists), { cidrs: ["192.0.2.0/24", "10.0.0.0/8"], unresolved: [] });
        const entries = prefixListEntries([
            { type: TYPES.prefixList, urn: "urn:l", props: { entries: [{ cidr: "10.1.0.0/16" }] } },
            { type: TYPES.prefixList, urn: "urn:empty", props: {} },
            { type: TYPES.prefixListEntry, urn: "urn:e", props: { cidr: "10.2.0.0/16" }, propertyDependencies: { prefixListId: [{ urn: "urn:l" }] } },
            { type: TYPES.prefixListEntry, urn: "urn:f", props: { cidr: "10.3.0.0/16" }, propertyDependencies: { prefixListId: [{ urn: "urn:new" }] } },
        ] as never);
        assert.deepStrictEqual([...entries], [["urn:l", ["10.1.0.0/16", "10.2.0.0/16"]], ["urn:empty", []], ["urn:new", ["10.3.0.0/16"]]]);
    });
    it("worldReason: families, shares, singular and plural, unresolved lists, nothing for private ranges", () => {
        assert.strictEqual(worldReason({ cidrs: ["0.0.0.0/0", "::/0"], unresolved: [] }), "0.0.0.0/0, ::/0 cover 100% of the public IPv4 internet and 100% of the public IPv6 internet");
        assert.strictEqual(worldReason({ cidrs: ["::/0"], unresolved: ["pl-1"] }), WORLD6);
        assert.strictEqual(worldReason({ cidrs: ["10.0.0.0/8"], unresolved: ["pl-1", "pl-2"] }),
            "prefix list pl-1, pl-2 is not defined in the stack, so its addresses are unknown (unknown counts as the world)");
        assert.strictEqual(worldReason({ cidrs: ["10.0.0.0/8", "fd00::/8"], unresolved: [] }), undefined);
        assert.strictEqual(worldReason({ cidrs: [], unresolved: [] }), undefined);
    });
});

describe("network policies: prefix lists, unknown values and edge shapes", () => {
    // The engine's marker for a value not known until apply (@pulumi/policy/proxy).
    const UNKNOWN: string = require("@pulumi/policy/proxy").unknownStringValue;
    const ssh = "security-group-no-world-ssh-mysql";

    it("only the legacy rule resource reads a `type` property", () => {
        assert.deepStrictEqual(permissionsOf(TYPES.instance, { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }, "ingress"), []);
    });
    it("a prefix list whose entries, or an entry whose CIDR, is unknown counts as the world", async () => {
        const list = res(TYPES.prefixList, "pl", { entries: UNKNOWN });
        assert.deepStrictEqual(await messagesOf(ssh, [list, { ...ingress({ fromPort: 22, toPort: 22, prefixListId: "pl-0" }), deps: { prefixListId: ["pl"] } }]),
            [`the rule (tcp port 22 from pl-0) opens SSH (22) to the whole internet: ${WORLD4}`]);
        const entry = res(TYPES.prefixListEntry, "entry", { cidr: UNKNOWN }, { deps: { prefixListId: ["pl2"] } });
        const pl2 = res(TYPES.prefixList, "pl2", { entries: [] });
        assert.deepStrictEqual(await messagesOf(ssh, [pl2, entry, { ...ingress({ fromPort: 22, toPort: 22, prefixListId: "pl-2" }), deps: { prefixListId: ["pl2"] } }]),
            [`the rule (tcp port 22 from pl-2) opens SSH (22) to the whole internet: ${WORLD4}`]);
    });
    it("prefix lists are resolved through inline ingress, inline egress and the legacy rule's prefixListIds", async () => {
        const admins = res(TYPES.prefixList, "admins", { entries: [{ cidr: "198.51.100.0/24" }] });
        assert.deepStrictEqual(await messagesOf(ssh, [admins, res(TYPES.securityGroup, "sg", { description: "x", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, prefixListIds: ["pl-0a"], description: "x" }] }, { deps: { ingress: ["admins"] } })]), []);
        assert.deepStrictEqual(await messagesOf(ssh, [admins, res(TYPES.securityGroupRule, "r", { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, prefixListIds: ["pl-0a"], description: "x" }, { deps: { prefixListIds: ["admins"] } })]), []);
        assert.deepStrictEqual(await messagesOf("security-group-egress-restricted", [admins, res(TYPES.securityGroup, "sg", { description: "x", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, prefixListIds: ["pl-0a"] }] }, { deps: { egress: ["admins"] } })]), []);
        assert.deepStrictEqual(await messagesOf("security-group-egress-restricted", [res(TYPES.securityGroup, "sg", { description: "x", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, prefixListIds: ["pl-0a"] }] })]),
            ["egress egress[0] (all ports 0-65535 to pl-0a) reaches the whole internet beyond TCP 443: prefix list pl-0a is not defined in the stack, so its addresses are unknown (unknown counts as the world)"]);
    });
    it("an inline rule's dependency on a source security group is no prefix list", async () => {
        const app = res(TYPES.securityGroup, "app-sg", { description: "app" });
        assert.deepStrictEqual(await messagesOf(ssh, [app, res(TYPES.securityGroup, "db-sg", { description: "db", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, securityGroups: ["sg-0app"], description: "x" }] }, { deps: { ingress: ["app-sg"] } })]), []);
    });
    it("rules whose permissions are unknown in a preview are skipped, not a crash", async () => {
        assert.deepStrictEqual(await messagesOf(ssh, [res(TYPES.securityGroup, "sg", { description: "x", ingress: UNKNOWN })]), []);
        assert.deepStrictEqual(await messagesOf("world-ingress-only-load-balancer-web", [res(TYPES.securityGroup, "sg", { description: "x", ingress: UNKNOWN })]), []);
        assert.deepStrictEqual(await messagesOf("security-group-egress-restricted", [res(TYPES.securityGroup, "sg", { description: "x", egress: UNKNOWN })]), []);
    });
    it("the default group's egress is default-security-group-closed's to judge, not the egress policy's", async () => {
        assert.deepStrictEqual(await messagesOf("security-group-egress-restricted", [res(TYPES.defaultSecurityGroup, "d", { egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })]), []);
    });
    it("several allowed egress ports are listed with slashes", async () => {
        assert.deepStrictEqual(await messagesOf("security-group-egress-restricted", [res(TYPES.egressRule, "out", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0", description: "x" })], { allowedWorldEgressPorts: [443, 80] }),
            [`egress the rule (tcp port 22 to 0.0.0.0/0) reaches the whole internet beyond TCP 443/80: ${WORLD4}`]);
    });
    it("worldReason gives the share of the internet when it is less than all of it", () => {
        const reason = worldReason({ cidrs: ["0.0.0.0/1", "128.0.0.0/2"], unresolved: [] }) ?? "";
        const share = Number(/^0\.0\.0\.0\/1, 128\.0\.0\.0\/2 cover (\d+)% of the public IPv4 internet$/.exec(reason)?.[1]);
        assert.ok(share > 50 && share < 100, reason);
    });
    it("every group shared between the database instance and a load balancer is named; other groups of the instance are not", async () => {
        const dbGroup = res(TYPES.securityGroup, "db-sg", { description: "db", ingress: [{ protocol: "tcp", fromPort: 3306, toPort: 3306, self: true }] });
        const lbGroup = res(TYPES.securityGroup, "lb-sg", { description: "lb" });
        const lb = res(TYPES.loadBalancer, "lb", { securityGroups: ["sg-0lb"] }, { deps: { securityGroups: ["db-sg", "lb-sg"] } });
        assert.deepStrictEqual(await messagesOf("security-group-not-shared-lb-db", [dbGroup, lbGroup, lb, res(TYPES.instance, "sigma", { vpcSecurityGroupIds: ["sg-0own"] }, { deps: { vpcSecurityGroupIds: ["db-sg", "lb-sg"] } })]),
            ["Instance \"sigma\" holds the database and shares security group db-sg, lb-sg with a load balancer"]);
        assert.deepStrictEqual(await messagesOf("security-group-not-shared-lb-db", [dbGroup, lbGroup, res(TYPES.loadBalancer, "lb", { securityGroups: ["sg-0lb"] }, { deps: { securityGroups: ["lb-sg"] } }),
            res(TYPES.instance, "sigma", { vpcSecurityGroupIds: ["sg-0own"] }, { deps: { vpcSecurityGroupIds: ["db-sg"] } })]), []);
    });
    it("listener rules: only listeners are looked up, of either token; no or unknown actions forward nothing; an unknown protocol is HTTP", async () => {
        const rules = "load-balancer-listener-rule-https";
        assert.deepStrictEqual(await messagesOf(rules, [res(TYPES.loadBalancer, "lb", {}), res(TYPES.listenerRule, "r", { actions: [{ type: "forward" }] }, { deps: { listenerArn: ["lb"] } })]),
            ["listener rule \"r\" forwards traffic on a listener the stack does not define, so its protocol is unknown; attach it to the stack's HTTPS listener"]);
        assert.deepStrictEqual(await messagesOf(rules, [res(TYPES.albListener, "l", { protocol: "HTTPS" }), res(TYPES.albListenerRule, "r", { actions: [{ type: "forward" }] }, { deps: { listenerArn: ["l"] } })]), []);
        assert.deepStrictEqual(await messagesOf(rules, [res(TYPES.listener, "l", { protocol: "HTTP" }), res(TYPES.listenerRule, "r", {}, { deps: { listenerArn: ["l"] } })]), []);
        assert.deepStrictEqual(await messagesOf(rules, [res(TYPES.listener, "l", { protocol: "HTTP" }), res(TYPES.listenerRule, "r", { actions: UNKNOWN }, { deps: { listenerArn: ["l"] } })]), []);
        assert.deepStrictEqual(await messagesOf(rules, [res(TYPES.listener, "l", { protocol: UNKNOWN }), res(TYPES.listenerRule, "r", { actions: [{ type: "forward" }] }, { deps: { listenerArn: ["l"] } })]),
            ["listener rule \"r\" forwards traffic on HTTP listener \"l\" in clear text; put it on the HTTPS listener"]);
    });
});
