/** CIDRs that mean "the whole internet". */
export const WORLD_CIDRS: readonly string[] = ["0.0.0.0/0", "::/0"];

export function isWorldOpen(cidr: string): boolean {
    return WORLD_CIDRS.includes(cidr.trim());
}

export function isIpv6Cidr(cidr: string): boolean {
    return cidr.includes(":");
}

function ipv4ToNumber(address: string): number | undefined {
    const parts = address.split(".");
    if (parts.length !== 4) {
        return undefined;
    }
    let value = 0;
    for (const part of parts) {
        if (!/^\d{1,3}$/.test(part) || Number(part) > 255) {
            return undefined;
        }
        value = value * 256 + Number(part);
    }
    return value;
}

function ipv6Groups(address: string): number[] | undefined {
    if (!/^[0-9a-fA-F:]+$/.test(address) || (address.match(/::/g) ?? []).length > 1) {
        return undefined;
    }
    const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
    const headGroups = head ? head.split(":") : [];
    const tailGroups = tail ? tail.split(":") : [];
    const missing = 8 - headGroups.length - tailGroups.length;
    if (tail === undefined ? missing !== 0 : missing < 1) {
        return undefined;
    }
    const groups = [...headGroups, ...Array(tail === undefined ? 0 : missing).fill("0"), ...tailGroups];
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) {
        return undefined;
    }
    return groups.map((g) => parseInt(g, 16));
}

/**
 * Why `cidr` is not a usable network CIDR, or undefined when it is. Host bits must be zero, as AWS
 * security-group rules require (`10.0.0.1/24` is refused with the network address to use instead).
 */
export function cidrProblem(cidr: unknown): string | undefined {
    if (typeof cidr !== "string" || !cidr.includes("/")) {
        return "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24";
    }
    const [address, prefixText] = cidr.split("/");
    if (!/^\d{1,3}$/.test(prefixText)) {
        return "has no numeric prefix length; e.g. 203.0.113.0/24";
    }
    const prefix = Number(prefixText);
    if (isIpv6Cidr(address)) {
        const groups = ipv6Groups(address);
        if (!groups) {
            return "is not a valid IPv6 address";
        }
        if (prefix > 128) {
            return "has an IPv6 prefix longer than 128";
        }
        const bits = groups.map((g) => g.toString(2).padStart(16, "0")).join("");
        if (/1/.test(bits.slice(prefix))) {
            return "has host bits set; use the network address of the block";
        }
        return undefined;
    }
    const value = ipv4ToNumber(address);
    if (value === undefined) {
        return "is not a valid IPv4 address";
    }
    if (prefix > 32) {
        return "has an IPv4 prefix longer than 32";
    }
    const hostBits = 32 - prefix;
    const network = hostBits === 32 ? 0 : Math.floor(value / 2 ** hostBits) * 2 ** hostBits;
    if (network !== value) {
        const octets = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256);
        return `has host bits set; use ${octets.join(".")}/${prefix}`;
    }
    return undefined;
}

/** A name fragment for a CIDR, so rule resources keep their identity when the list is reordered. */
export function cidrSlug(cidr: string): string {
    return cidr.replace(/[^0-9a-fA-F]+/g, "-").replace(/^-|-$/g, "").toLowerCase();
}
