// How the AWS provider reads a security group rule's protocol (terraform-provider-aws
// internal/service/ec2/vpc_security_group.go, ProtocolForValue): lower-cased; "-1" and "all" mean every protocol;
// a number that names tcp (6), udp (17) or icmp (1) becomes that name; anything else stays as written.
// EC2 treats ICMPv6 as protocol 58 and, for any protocol other than tcp/udp/icmp/icmpv6, ignores ports and opens the
// whole protocol: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html (IpProtocol, FromPort).

/** A protocol as EC2 applies it: every protocol, TCP, UDP, ICMP, ICMPv6, or another IP protocol number. */
export type NormalisedProtocol = "all" | "tcp" | "udp" | "icmp" | "icmpv6" | { number: number } | { unknown: string };

const NAMED: Record<string, NormalisedProtocol> = { tcp: "tcp", udp: "udp", icmp: "icmp", icmpv6: "icmpv6", "-1": "all", all: "all" };
const NUMBERED: Record<number, NormalisedProtocol> = { [-1]: "all", 6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6" };

/** The protocol a rule's `protocol` / `ipProtocol` value means, as the provider and EC2 read it. */
export function normaliseProtocol(value: unknown): NormalisedProtocol {
    const text = String(value ?? "").trim().toLowerCase();
    if (text in NAMED) {
        return NAMED[text];
    }
    if (/^-?\d+$/.test(text)) {
        const number = Number(text);
        return NUMBERED[number] ?? (number >= 0 && number <= 255 ? { number } : { unknown: text });
    }
    return { unknown: text };
}

/** The inclusive port range a rule opens for TCP, or undefined when it opens no TCP traffic. */
export function tcpPortRange(protocol: unknown, fromPort: unknown, toPort: unknown): [number, number] | undefined {
    const normalised = normaliseProtocol(protocol);
    if (normalised === "all") {
        return [0, 65535];
    }
    if (normalised !== "tcp") {
        // An unreadable protocol could be anything: unknown means no, so it counts as every port.
        return typeof normalised === "object" && "unknown" in normalised ? [0, 65535] : undefined;
    }
    const from = typeof fromPort === "number" ? fromPort : Number(fromPort);
    const to = typeof toPort === "number" ? toPort : Number(toPort);
    // A tcp rule with port -1 (or no ports) opens every port; EC2 reads -1 as "all ports" for tcp/udp.
    if (!Number.isFinite(from) || !Number.isFinite(to) || from < 0 || to < 0) {
        return [0, 65535];
    }
    return [Math.min(from, to), Math.max(from, to)];
}

/** True when the rule lets TCP traffic reach `port`. */
export function opensTcpPortNumber(protocol: unknown, fromPort: unknown, toPort: unknown, port: number): boolean {
    const range = tcpPortRange(protocol, fromPort, toPort);
    return range !== undefined && range[0] <= port && port <= range[1];
}

/** True when the rule opens every protocol (all traffic), however it is spelled. */
export function isAllTraffic(protocol: unknown): boolean {
    return normaliseProtocol(protocol) === "all";
}

/** A short label for messages: "all", "tcp", "udp", "icmp", "icmpv6", "proto 50". */
export function protocolLabel(protocol: unknown): string {
    const n = normaliseProtocol(protocol);
    return typeof n === "string" ? n : "number" in n ? `proto ${n.number}` : `unreadable protocol ${JSON.stringify(n.unknown)}`;
}
