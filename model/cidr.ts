import ipaddr from "ipaddr.js";

// A security group rule names its peers as CIDR blocks, IPv4 or IPv6:
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
// AWS refuses a block with host bits set ("InvalidParameterValue ... CIDR block 10.0.0.1/24 is malformed"):
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html
// Prefix notation and its network address: RFC 4632 section 3.1 (IPv4), RFC 4291 section 2.3 (IPv6).
// Canonical IPv6 text (lower case, longest zero run compressed, mapped IPv4 in dotted form): RFC 5952 sections 4-5.
//
// ipaddr.js parses the hexadecimal IPv6 groups. It is too lenient for the rest: it reads IPv4 octets as octal or hex
// (010.0.0.0, 0xa.0.0.0) and three-part addresses, takes zone indexes (fe80::1%eth0), and rewrites the deprecated
// IPv4-compatible ::10.0.0.1 into the mapped ::ffff:10.0.0.1. So dotted quads are read here, strictly.

export interface CidrBlock {
    version: 4 | 6;
    /** The network address as an unsigned integer. */
    first: bigint;
    /** The last address of the block. */
    last: bigint;
    prefix: number;
    /** Normalised text: dotted-quad IPv4, RFC 5952 IPv6 (lower case, compressed, ::ffff:a.b.c.d for mapped). */
    canonical: string;
}

const NOT_A_CIDR = "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24";
const BITS = { 4: 32, 6: 128 } as const;
const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;

type AddressReading = { version: 4 | 6; value: bigint } | { problem: string };

function readIpv4(text: string): AddressReading {
    const octets = text.split(".");
    if (octets.length !== 4 || octets.some((octet) => !/^\d+$/.test(octet))) {
        return { problem: `has address ${text}, which is not an IPv4 address; write four dot-separated numbers 0-255, e.g. 203.0.113.0` };
    }
    const padded = octets.find((octet) => octet.length > 1 && octet.startsWith("0"));
    if (padded !== undefined) {
        return { problem: `has octet ${padded} with a leading zero, which tools read as octal or as decimal; write each octet without leading zeros` };
    }
    const tooBig = octets.find((octet) => !OCTET.test(octet));
    if (tooBig !== undefined) {
        return { problem: `has octet ${tooBig} above 255` };
    }
    return { version: 4, value: octets.reduce((value, octet) => (value << 8n) | BigInt(octet), 0n) };
}

function readIpv6(text: string): AddressReading {
    const notIpv6 = { problem: `has address ${text}, which is not an IPv6 address (RFC 4291), e.g. 2001:db8::` };
    if (text.includes("%")) {
        return { problem: `has a zone index (${text.slice(text.indexOf("%"))}); a CIDR block takes none` };
    }
    if (!/^[0-9A-Fa-f:.]+$/.test(text)) {
        return notIpv6;
    }
    let hex = text;
    if (text.includes(".")) {
        // RFC 4291 2.2 (3): the low 32 bits may be written as a dotted quad after the last colon.
        const lastColon = text.lastIndexOf(":");
        const quad = readIpv4(text.slice(lastColon + 1));
        if ("problem" in quad) {
            return notIpv6;
        }
        hex = `${text.slice(0, lastColon + 1)}${(quad.value >> 16n).toString(16)}:${(quad.value & 0xffffn).toString(16)}`;
    }
    if (!ipaddr.IPv6.isValid(hex)) {
        return notIpv6;
    }
    const parts = ipaddr.IPv6.parse(hex).parts;
    if (parts.length !== 8) {
        return notIpv6;
    }
    return { version: 6, value: parts.reduce((value, part) => (value << 16n) | BigInt(part), 0n) };
}

function ipv4Text(value: bigint): string {
    return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join(".");
}

function addressText(version: 4 | 6, value: bigint): string {
    if (version === 4) {
        return ipv4Text(value);
    }
    if (value >> 32n === 0xffffn) {
        // RFC 5952 section 5: an IPv4-mapped address is written ::ffff:a.b.c.d.
        return `::ffff:${ipv4Text(value & 0xffffffffn)}`;
    }
    const parts = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
    return new ipaddr.IPv6(parts).toRFC5952String();
}

type BlockReading = { block: CidrBlock } | { problem: string; fix?: string };

/** Reads `address/prefix` strictly; host bits set is a problem that comes with the network address as the fix. */
function readBlock(text: string): BlockReading {
    const pieces = text.split("/");
    if (pieces.length !== 2) {
        return { problem: NOT_A_CIDR };
    }
    const [addressPart, prefixPart] = pieces;
    const address = addressPart.includes(":") ? readIpv6(addressPart) : readIpv4(addressPart);
    if ("problem" in address) {
        return address;
    }
    const bits = BITS[address.version];
    if (!/^\d+$/.test(prefixPart)) {
        return { problem: `has prefix "/${prefixPart}"; the prefix length is a whole number 0-${bits}` };
    }
    const prefix = Number(prefixPart);
    if (prefix > bits) {
        return { problem: `has prefix /${prefixPart}; IPv${address.version} prefixes are 0-${bits}` };
    }
    const hostMask = (1n << BigInt(bits - prefix)) - 1n;
    const first = address.value & ~hostMask;
    const canonical = `${addressText(address.version, first)}/${prefix}`;
    if (prefixPart !== String(prefix)) {
        return { problem: `has prefix /${prefixPart} with a leading zero; use ${canonical}`, fix: canonical };
    }
    if (first !== address.value) {
        return { problem: `has host bits set; use ${canonical}`, fix: canonical };
    }
    return { block: { version: address.version, first, last: first | hostMask, prefix, canonical } };
}

/**
 * The block `text` denotes, or undefined unless it is a strict CIDR block AWS accepts: four decimal octets 0-255
 * without leading zeros or an RFC 4291 IPv6 address, a decimal prefix 0-32 / 0-128, host bits zero, no whitespace.
 */
export function parseCidr(text: unknown): CidrBlock | undefined {
    if (typeof text !== "string") {
        return undefined;
    }
    const reading = readBlock(text);
    return "block" in reading ? reading.block : undefined;
}

/**
 * Why `text` is not a CIDR block a security group rule accepts, as a phrase that reads after the value, or undefined.
 * A proposed fix ("use ...") is always itself accepted.
 */
export function cidrProblem(text: unknown): string | undefined {
    if (typeof text !== "string" || text === "") {
        return NOT_A_CIDR;
    }
    const trimmed = text.trim();
    if (trimmed !== text) {
        const inner = readBlock(trimmed);
        if ("block" in inner) {
            return `has surrounding whitespace; use ${inner.block.canonical}`;
        }
        return inner.fix !== undefined ? `has surrounding whitespace; use ${inner.fix}` : `has surrounding whitespace and ${inner.problem.replace(/^(is|has) /, "")}`;
    }
    if (!text.includes("/")) {
        const address = text.includes(":") ? readIpv6(text) : readIpv4(text);
        if ("value" in address) {
            return `has no prefix length; for this one address use ${addressText(address.version, address.value)}/${BITS[address.version]}`;
        }
        return NOT_A_CIDR;
    }
    const reading = readBlock(text);
    return "block" in reading ? undefined : reading.problem;
}

/** The block for judging a rule: surrounding whitespace is forgiven, anything else invalid is ignored. */
function judgedBlock(cidr: unknown): CidrBlock | undefined {
    return typeof cidr === "string" ? parseCidr(cidr.trim()) : undefined;
}

/** True when the one block covers all of IPv4 or all of IPv6 (prefix 0, however the address is spelled). */
export function isWorldOpen(cidr: string): boolean {
    return judgedBlock(cidr)?.prefix === 0;
}

/** Whether the union of the valid blocks covers every IPv4 / every IPv6 address, by merging address intervals. */
export function worldCoverage(cidrs: readonly string[]): { ipv4: boolean; ipv6: boolean } {
    const blocks = cidrs.map(judgedBlock).filter((block): block is CidrBlock => block !== undefined);
    const covers = (version: 4 | 6): boolean => {
        const sorted = blocks.filter((block) => block.version === version).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
        let next = 0n; // the lowest address not yet covered
        for (const block of sorted) {
            if (block.first > next) {
                return false;
            }
            if (block.last + 1n > next) {
                next = block.last + 1n;
            }
        }
        return next === 1n << BigInt(BITS[version]);
    };
    return { ipv4: covers(4), ipv6: covers(6) };
}

/** True when the blocks together admit every IPv4 or every IPv6 address. */
export function coversWholeInternet(cidrs: readonly string[]): boolean {
    const coverage = worldCoverage(cidrs);
    return coverage.ipv4 || coverage.ipv6;
}

/**
 * Entries that denote the same block as an earlier entry (after canonicalisation: case, zero compression, mapped
 * IPv4 spelling). `cidr` is the canonical block both denote. Invalid entries are left to cidrProblem.
 */
export function duplicateCidrs(cidrs: readonly string[]): Array<{ index: number; firstIndex: number; cidr: string }> {
    const seen = new Map<string, number>();
    const duplicates: Array<{ index: number; firstIndex: number; cidr: string }> = [];
    cidrs.forEach((cidr, index) => {
        const block = judgedBlock(cidr);
        if (!block) {
            return;
        }
        const firstIndex = seen.get(block.canonical);
        if (firstIndex === undefined) {
            seen.set(block.canonical, index);
        } else {
            duplicates.push({ index, firstIndex, cidr: block.canonical });
        }
    });
    return duplicates;
}

/** True for an IPv6 block (which AWS takes in ipv6CidrBlocks); text that is no block at all is judged by its colon. */
export function isIpv6Cidr(cidr: string): boolean {
    const block = judgedBlock(cidr);
    return block ? block.version === 6 : cidr.includes(":");
}

/** A name fragment for a CIDR, so rule resources keep their identity when the list is reordered. */
export function cidrSlug(cidr: string): string {
    return cidr.replace(/[^0-9a-fA-F]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
}

// Address space that is not the public internet: IPv4 special-purpose blocks of the IANA registry (RFC 6890 and
// https://www.iana.org/assignments/iana-ipv4-special-registry/), multicast and reserved (RFC 5771, RFC 1112);
// for IPv6 only global unicast 2000::/3 is public (https://www.iana.org/assignments/ipv6-address-space/).
const NON_PUBLIC_IPV4 = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4"];
const PUBLIC_IPV6 = "2000::/3";

/** The union of blocks as sorted, disjoint [first, last] intervals of one family. */
function mergedIntervals(blocks: CidrBlock[]): Array<[bigint, bigint]> {
    const sorted = [...blocks].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    const merged: Array<[bigint, bigint]> = [];
    for (const block of sorted) {
        const last = merged[merged.length - 1];
        if (last && block.first <= last[1] + 1n) {
            last[1] = block.last > last[1] ? block.last : last[1];
        } else {
            merged.push([block.first, block.last]);
        }
    }
    return merged;
}

/** Number of addresses both interval sets hold. */
function overlapSize(a: Array<[bigint, bigint]>, b: Array<[bigint, bigint]>): bigint {
    let total = 0n;
    for (const [af, al] of a) {
        for (const [bf, bl] of b) {
            const first = af > bf ? af : bf;
            const last = al < bl ? al : bl;
            if (first <= last) {
                total += last - first + 1n;
            }
        }
    }
    return total;
}

const intervalSize = (set: Array<[bigint, bigint]>) => set.reduce((n, [first, last]) => n + last - first + 1n, 0n);

/** The share (0..1) of the public IPv4 and IPv6 internet the union of the valid blocks admits. */
export function publicInternetShare(cidrs: readonly string[]): { ipv4: number; ipv6: number } {
    const blocks = cidrs.map(judgedBlock).filter((block): block is CidrBlock => block !== undefined);
    const ipv4All: Array<[bigint, bigint]> = [[0n, (1n << 32n) - 1n]];
    const reserved = mergedIntervals(NON_PUBLIC_IPV4.map((c) => parseCidr(c) as CidrBlock));
    const ipv4Public = intervalSize(ipv4All) - intervalSize(reserved);
    const ipv4Set = mergedIntervals(blocks.filter((b) => b.version === 4));
    const ipv4Covered = intervalSize(ipv4Set) - overlapSize(ipv4Set, reserved);
    const ipv6PublicBlock = parseCidr(PUBLIC_IPV6) as CidrBlock;
    const ipv6Public: Array<[bigint, bigint]> = [[ipv6PublicBlock.first, ipv6PublicBlock.last]];
    const ipv6Covered = overlapSize(mergedIntervals(blocks.filter((b) => b.version === 6)), ipv6Public);
    const share = (covered: bigint, total: bigint) => Number((covered * 1000000n) / total) / 1000000;
    return { ipv4: share(ipv4Covered, ipv4Public), ipv6: share(ipv6Covered, intervalSize(ipv6Public)) };
}

/** More than this share of the public internet counts as the world (a few carve-outs do not make a rule private). */
export const WORLD_OPEN_SHARE = 0.5;

/**
 * The one rule for "open to the world": the blocks together admit every IPv4 or IPv6 address (worldCoverage), or more
 * than half of the public IPv4 or IPv6 internet. Config, components and the policy pack should all ask this.
 */
export function exposesInternet(cidrs: readonly string[]): { ipv4: boolean; ipv6: boolean; share: { ipv4: number; ipv6: number } } {
    const whole = worldCoverage(cidrs);
    const share = publicInternetShare(cidrs);
    return { ipv4: whole.ipv4 || share.ipv4 > WORLD_OPEN_SHARE, ipv6: whole.ipv6 || share.ipv6 > WORLD_OPEN_SHARE, share };
}

/** "every public IPv4 address" or "62% of the public IPv6 internet": how much of the internet a CIDR list covers. */
export function coverageText(family: "ipv4" | "ipv6", share: number): string {
    const name = family === "ipv4" ? "IPv4" : "IPv6";
    return share >= 1 ? `every public ${name} address` : `${Math.round(share * 100)}% of the public ${name} internet`;
}
