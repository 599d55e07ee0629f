import * as assert from "assert";
import { isAllTraffic, normaliseProtocol, opensTcpPortNumber, protocolLabel, tcpPortRange } from "../../model/protocols";

describe("model/protocols: the provider's reading of a rule's protocol", () => {
    const rows: Array<[unknown, ReturnType<typeof normaliseProtocol>]> = [
        ["-1", "all"], ["all", "all"], ["ALL", "all"], ["All", "all"], [-1, "all"],
        ["tcp", "tcp"], ["TCP", "tcp"], ["6", "tcp"], [6, "tcp"], ["udp", "udp"], ["17", "udp"], ["icmp", "icmp"], ["1", "icmp"],
        ["icmpv6", "icmpv6"], ["58", "icmpv6"], ["50", { number: 50 }], ["256", { unknown: "256" }], ["sctp", { unknown: "sctp" }], [undefined, { unknown: "" }],
    ];
    for (const [value, expected] of rows) {
        it(`${JSON.stringify(value)} -> ${JSON.stringify(expected)}`, () => assert.deepStrictEqual(normaliseProtocol(value), expected));
    }

    it("TCP port ranges: all traffic and unreadable protocols open every port; udp/icmp/other numbers open no TCP", () => {
        assert.deepStrictEqual(tcpPortRange("ALL", 0, 0), [0, 65535]);
        assert.deepStrictEqual(tcpPortRange("bogus", 22, 22), [0, 65535]);
        assert.deepStrictEqual(tcpPortRange("6", 80, 443), [80, 443]);
        assert.deepStrictEqual(tcpPortRange("tcp", 443, 80), [80, 443]);
        assert.deepStrictEqual(tcpPortRange("tcp", -1, -1), [0, 65535]);
        assert.deepStrictEqual(tcpPortRange("tcp", undefined, undefined), [0, 65535]);
        assert.strictEqual(tcpPortRange("udp", 0, 65535), undefined);
        assert.strictEqual(tcpPortRange("icmp", -1, -1), undefined);
        assert.strictEqual(tcpPortRange("50", 0, 0), undefined);
    });

    it("opensTcpPortNumber is inclusive at both ends and exclusive outside", () => {
        assert.ok(opensTcpPortNumber("tcp", 22, 22, 22));
        assert.ok(opensTcpPortNumber("tcp", 20, 22, 20));
        assert.ok(!opensTcpPortNumber("tcp", 23, 30, 22));
        assert.ok(!opensTcpPortNumber("tcp", 10, 21, 22));
        assert.ok(opensTcpPortNumber("-1", 0, 0, 3306));
        assert.ok(!opensTcpPortNumber("17", 3306, 3306, 3306));
    });

    it("isAllTraffic and labels", () => {
        assert.ok(isAllTraffic("ALL") && isAllTraffic("-1") && !isAllTraffic("tcp"));
        assert.strictEqual(protocolLabel("6"), "tcp");
        assert.strictEqual(protocolLabel("50"), "proto 50");
        assert.match(protocolLabel("x"), /unreadable/);
    });
});
