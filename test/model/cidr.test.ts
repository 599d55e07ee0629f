import * as assert from "assert";
import { cidrProblem, cidrSlug, coversWholeInternet, duplicateCidrs, isIpv6Cidr, isWorldOpen, parseCidr, worldCoverage } from "../../model/cidr";

const ALL_V4 = (1n << 32n) - 1n;
const ALL_V6 = (1n << 128n) - 1n;

describe("model/cidr: parseCidr", () => {
    // input, canonical, version, first, last
    const accepted: Array<[string, string, 4 | 6, bigint, bigint]> = [
        ["0.0.0.0/0", "0.0.0.0/0", 4, 0n, ALL_V4],
        ["0.0.0.0/1", "0.0.0.0/1", 4, 0n, 0x7fffffffn],
        ["128.0.0.0/1", "128.0.0.0/1", 4, 0x80000000n, ALL_V4],
        ["10.0.0.0/8", "10.0.0.0/8", 4, 0x0a000000n, 0x0affffffn],
        ["10.0.0.0/24", "10.0.0.0/24", 4, 0x0a000000n, 0x0a0000ffn],
        ["203.0.113.0/24", "203.0.113.0/24", 4, 0xcb007100n, 0xcb0071ffn],
        ["10.0.0.0/31", "10.0.0.0/31", 4, 0x0a000000n, 0x0a000001n],
        ["10.0.0.1/32", "10.0.0.1/32", 4, 0x0a000001n, 0x0a000001n],
        ["255.255.255.255/32", "255.255.255.255/32", 4, ALL_V4, ALL_V4],
        ["255.255.255.0/24", "255.255.255.0/24", 4, 0xffffff00n, ALL_V4],
        ["0.0.0.0/32", "0.0.0.0/32", 4, 0n, 0n],
        ["::/0", "::/0", 6, 0n, ALL_V6],
        ["0:0::/0", "::/0", 6, 0n, ALL_V6],
        ["0:0:0:0:0:0:0:0/0", "::/0", 6, 0n, ALL_V6],
        ["::0.0.0.0/0", "::/0", 6, 0n, ALL_V6],
        ["::/1", "::/1", 6, 0n, ALL_V6 >> 1n],
        ["8000::/1", "8000::/1", 6, 1n << 127n, ALL_V6],
        ["::1/128", "::1/128", 6, 1n, 1n],
        ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", 6, ALL_V6, ALL_V6],
        ["2001:db8::/32", "2001:db8::/32", 6, 0x20010db8n << 96n, (0x20010db8n << 96n) | ((1n << 96n) - 1n)],
        ["2001:DB8::/32", "2001:db8::/32", 6, 0x20010db8n << 96n, (0x20010db8n << 96n) | ((1n << 96n) - 1n)],
        ["2001:0db8:0000::/32", "2001:db8::/32", 6, 0x20010db8n << 96n, (0x20010db8n << 96n) | ((1n << 96n) - 1n)],
        ["2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128", 6, 0x20010db8000000000001000000000001n, 0x20010db8000000000001000000000001n],
        ["2001:0:0:1:0:0:0:1/128", "2001:0:0:1::1/128", 6, 0x20010000000000010000000000000001n, 0x20010000000000010000000000000001n],
        ["2001:db8:0:1:1:1:1:1/128", "2001:db8:0:1:1:1:1:1/128", 6, 0x20010db8000000010001000100010001n, 0x20010db8000000010001000100010001n],
        ["1:0:0:0:0:0:0:0/16", "1::/16", 6, 1n << 112n, (1n << 112n) | ((1n << 112n) - 1n)],
        ["::ffff:10.0.0.0/104", "::ffff:10.0.0.0/104", 6, 0xffff0a000000n, 0xffff0affffffn],
        ["::ffff:a00:0/104", "::ffff:10.0.0.0/104", 6, 0xffff0a000000n, 0xffff0affffffn],
        ["::FFFF:0A00:0000/104", "::ffff:10.0.0.0/104", 6, 0xffff0a000000n, 0xffff0affffffn],
        ["::ffff:0.0.0.0/96", "::ffff:0.0.0.0/96", 6, 0xffffn << 32n, (0xffffn << 32n) | ALL_V4],
        ["::10.0.0.0/120", "::a00:0/120", 6, 0x0a000000n, 0x0a0000ffn], // IPv4-compatible, not mapped
        ["64:ff9b::/96", "64:ff9b::/96", 6, 0x64ff9bn << 96n, (0x64ff9bn << 96n) | ALL_V4],
    ];
    for (const [text, canonical, version, first, last] of accepted) {
        it(`reads ${text} as ${canonical}`, () => {
            const prefix = Number(text.split("/")[1]);
            assert.deepStrictEqual(parseCidr(text), { version, first, last, prefix, canonical });
            assert.strictEqual(cidrProblem(text), undefined);
        });
    }

    const refused: unknown[] = [
        "10.0.0.1/24", "10.0.0.0/33", "::/129", "10.0.0/24", "010.0.0.0/8", "10.0.0.00/8", "256.0.0.0/8", "255.255.255.256/32",
        "1.2.3.4.5/32", "0x0a.0.0.0/8", "10.0.0.0/08", "10.0.0.0/", "10.0.0.0", " 10.0.0.0/24", "10.0.0.0/24 ", "10.0.0.0 /24",
        "\t10.0.0.0/24", "10.0.0.0/+8", "10.0.0.0/-1", "10.0.0.0/8.0", "fe80::%eth0/64", "::ffff:010.0.0.0/104", "::ffff:256.0.0.0/104",
        "1:2:3:4:5:6:7:8:9/128", "1::2::3/128", "12345::/16", "g::/16", "2001:db8::1/32", "", "/", "/24", 24, null, undefined, {},
    ];
    for (const text of refused) {
        it(`refuses ${JSON.stringify(text)}`, () => assert.strictEqual(parseCidr(text), undefined));
    }
});

describe("model/cidr: cidrProblem", () => {
    const rows: Array<[unknown, string | RegExp]> = [
        ["10.0.0.1/24", "has host bits set; use 10.0.0.0/24"],
        ["10.0.0.255/24", "has host bits set; use 10.0.0.0/24"],
        ["10.0.0.1/31", "has host bits set; use 10.0.0.0/31"],
        ["0.0.0.1/31", "has host bits set; use 0.0.0.0/31"],
        ["128.0.0.0/0", "has host bits set; use 0.0.0.0/0"],
        ["192.168.1.1/16", "has host bits set; use 192.168.0.0/16"],
        ["8000::/0", "has host bits set; use ::/0"],
        ["::1/127", "has host bits set; use ::/127"],
        ["2001:db8::1/32", "has host bits set; use 2001:db8::/32"],
        ["2001:DB8:1::/32", "has host bits set; use 2001:db8::/32"],
        ["::ffff:10.0.0.1/104", "has host bits set; use ::ffff:10.0.0.0/104"],
        ["10.0.0.0/33", "has prefix /33; IPv4 prefixes are 0-32"],
        ["::/129", "has prefix /129; IPv6 prefixes are 0-128"],
        ["10.0.0.0/08", "has prefix /08 with a leading zero; use 10.0.0.0/8"],
        ["10.0.0.1/08", "has prefix /08 with a leading zero; use 10.0.0.0/8"],
        ["10.0.0.0/", 'has prefix "/"; the prefix length is a whole number 0-32'],
        ["::/x", 'has prefix "/x"; the prefix length is a whole number 0-128'],
        ["10.0.0.0/-1", 'has prefix "/-1"; the prefix length is a whole number 0-32'],
        ["10.0.0/24", "has address 10.0.0, which is not an IPv4 address; write four dot-separated numbers 0-255, e.g. 203.0.113.0"],
        ["1.2.3.4.5/32", /has address 1\.2\.3\.4\.5, which is not an IPv4 address/],
        ["0x0a.0.0.0/8", /has address 0x0a\.0\.0\.0, which is not an IPv4 address/],
        ["010.0.0.0/8", "has octet 010 with a leading zero, which tools read as octal or as decimal; write each octet without leading zeros"],
        ["10.0.0.00/8", /has octet 00 with a leading zero/],
        ["256.0.0.0/8", "has octet 256 above 255"],
        ["255.255.255.256/32", "has octet 256 above 255"],
        ["1:2:3:4:5:6:7:8:9/128", "has address 1:2:3:4:5:6:7:8:9, which is not an IPv6 address (RFC 4291), e.g. 2001:db8::"],
        ["1::2::3/128", /which is not an IPv6 address/],
        ["::ffff:010.0.0.0/104", /which is not an IPv6 address/],
        ["fe80::%eth0/64", "has a zone index (%eth0); a CIDR block takes none"],
        ["10.0.0.1", "has no prefix length; for this one address use 10.0.0.1/32"],
        ["2001:DB8::1", "has no prefix length; for this one address use 2001:db8::1/128"],
        [" 10.0.0.0/24", "has surrounding whitespace; use 10.0.0.0/24"],
        ["10.0.0.0/24\n", "has surrounding whitespace; use 10.0.0.0/24"],
        [" 10.0.0.1/24 ", "has surrounding whitespace; use 10.0.0.0/24"],
        [" 10.0.0/24", "has surrounding whitespace and address 10.0.0, which is not an IPv4 address; write four dot-separated numbers 0-255, e.g. 203.0.113.0"],
        ["10.0.0.0 /24", /has address 10\.0\.0\.0 , which is not an IPv4 address/],
        ["10.0.0.0/24/1", "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
        ["any", "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
        ["", "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
        [24, "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
        [undefined, "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
        [null, "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
        [["10.0.0.0/8"], "is not a CIDR block; write it as address/prefix, e.g. 203.0.113.0/24"],
    ];
    for (const [text, message] of rows) {
        it(`${JSON.stringify(text)} ${typeof message === "string" ? message : message.source}`, () => {
            const problem = cidrProblem(text);
            assert.ok(problem !== undefined && problem.length > 0, `expected a reason for ${JSON.stringify(text)}`);
            if (typeof message === "string") {
                assert.strictEqual(problem, message);
            } else {
                assert.match(problem, message);
            }
        });
    }
    it("every fix it proposes is itself accepted, and is a different text", () => {
        let fixes = 0;
        for (const [text] of rows) {
            const fix = /; (?:for this one address )?use (\S+)$/.exec(cidrProblem(text) ?? "")?.[1];
            if (fix !== undefined) {
                fixes++;
                assert.strictEqual(cidrProblem(fix), undefined, `fix ${fix} for ${JSON.stringify(text)}`);
                assert.notStrictEqual(fix, text);
            }
        }
        assert.ok(fixes >= 18, `only ${fixes} fixes checked`);
    });
});

describe("model/cidr: isWorldOpen", () => {
    const rows: Array<[string, boolean]> = [
        ["0.0.0.0/0", true], ["::/0", true], ["0:0::/0", true], ["0::0/0", true], ["::0.0.0.0/0", true], [" 0.0.0.0/0 ", true],
        ["0.0.0.0/1", false], ["128.0.0.0/1", false], ["::/1", false], ["0.0.0.0/32", false], ["::ffff:0.0.0.0/96", false],
        ["1.0.0.0/0", false], ["10.0.0.0/8", false], ["0.0.0.0", false], ["anywhere", false], ["", false],
    ];
    for (const [cidr, open] of rows) {
        it(`${JSON.stringify(cidr)} -> ${open}`, () => assert.strictEqual(isWorldOpen(cidr), open));
    }
});

describe("model/cidr: worldCoverage and coversWholeInternet", () => {
    const eights = Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`);
    const rows: Array<[string, string[], { ipv4: boolean; ipv6: boolean }]> = [
        ["nothing", [], { ipv4: false, ipv6: false }],
        ["0.0.0.0/0", ["0.0.0.0/0"], { ipv4: true, ipv6: false }],
        ["::/0", ["::/0"], { ipv4: false, ipv6: true }],
        ["both worlds", ["0.0.0.0/0", "::/0"], { ipv4: true, ipv6: true }],
        ["two IPv4 halves", ["0.0.0.0/1", "128.0.0.0/1"], { ipv4: true, ipv6: false }],
        ["two IPv4 halves, upper first", ["128.0.0.0/1", "0.0.0.0/1"], { ipv4: true, ipv6: false }],
        ["two IPv6 halves", ["::/1", "8000::/1"], { ipv4: false, ipv6: true }],
        ["one IPv4 half", ["0.0.0.0/1"], { ipv4: false, ipv6: false }],
        ["the upper IPv4 half", ["128.0.0.0/1"], { ipv4: false, ipv6: false }],
        ["one IPv6 half", ["8000::/1"], { ipv4: false, ipv6: false }],
        ["256 /8s", eights, { ipv4: true, ipv6: false }],
        ["256 /8s reversed", [...eights].reverse(), { ipv4: true, ipv6: false }],
        ["255 /8s without 0/8", eights.slice(1), { ipv4: false, ipv6: false }],
        ["255 /8s without 255/8", eights.slice(0, 255), { ipv4: false, ipv6: false }],
        ["255 /8s without 100/8", eights.filter((_, i) => i !== 100), { ipv4: false, ipv6: false }],
        ["255 /8s without 100/8 plus its two /9s", [...eights.filter((_, i) => i !== 100), "100.0.0.0/9", "100.128.0.0/9"], { ipv4: true, ipv6: false }],
        ["overlapping blocks", ["0.0.0.0/1", "64.0.0.0/2", "96.0.0.0/3", "128.0.0.0/1"], { ipv4: true, ipv6: false }],
        ["a wide block after a narrow one at the same start", ["0.0.0.0/2", "0.0.0.0/1", "128.0.0.0/1"], { ipv4: true, ipv6: false }],
        ["a block inside another does not shrink the cover", ["0.0.0.0/1", "10.0.0.0/8", "128.0.0.0/1"], { ipv4: true, ipv6: false }],
        ["a one-address gap", ["0.0.0.0/1", "128.0.0.1/32", "128.0.0.2/31", "128.0.0.4/30", "128.0.0.8/29", "128.0.0.16/28", "128.0.0.32/27",
            "128.0.0.64/26", "128.0.0.128/25", "128.0.1.0/24", "128.0.2.0/23", "128.0.4.0/22", "128.0.8.0/21", "128.0.16.0/20", "128.0.32.0/19",
            "128.0.64.0/18", "128.0.128.0/17", "128.1.0.0/16", "128.2.0.0/15", "128.4.0.0/14", "128.8.0.0/13", "128.16.0.0/12", "128.32.0.0/11",
            "128.64.0.0/10", "128.128.0.0/9", "129.0.0.0/8", "130.0.0.0/7", "132.0.0.0/6", "136.0.0.0/5", "144.0.0.0/4", "160.0.0.0/3", "192.0.0.0/2"],
        { ipv4: false, ipv6: false }],
        ["the last IPv4 address missing", ["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5", "248.0.0.0/6", "252.0.0.0/7",
            "254.0.0.0/8", "255.0.0.0/9", "255.128.0.0/10", "255.192.0.0/11", "255.224.0.0/12", "255.240.0.0/13", "255.248.0.0/14", "255.252.0.0/15",
            "255.254.0.0/16", "255.255.0.0/17", "255.255.128.0/18", "255.255.192.0/19", "255.255.224.0/20", "255.255.240.0/21", "255.255.248.0/22",
            "255.255.252.0/23", "255.255.254.0/24", "255.255.255.0/25", "255.255.255.128/26", "255.255.255.192/27", "255.255.255.224/28",
            "255.255.255.240/29", "255.255.255.248/30", "255.255.255.252/31", "255.255.255.254/32"], { ipv4: false, ipv6: false }],
        ["...and with it", ["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5", "248.0.0.0/6", "252.0.0.0/7",
            "254.0.0.0/8", "255.0.0.0/9", "255.128.0.0/10", "255.192.0.0/11", "255.224.0.0/12", "255.240.0.0/13", "255.248.0.0/14", "255.252.0.0/15",
            "255.254.0.0/16", "255.255.0.0/17", "255.255.128.0/18", "255.255.192.0/19", "255.255.224.0/20", "255.255.240.0/21", "255.255.248.0/22",
            "255.255.252.0/23", "255.255.254.0/24", "255.255.255.0/25", "255.255.255.128/26", "255.255.255.192/27", "255.255.255.224/28",
            "255.255.255.240/29", "255.255.255.248/30", "255.255.255.252/31", "255.255.255.254/32", "255.255.255.255/32"], { ipv4: true, ipv6: false }],
        ["IPv4-mapped IPv6 is not IPv4", ["::ffff:0.0.0.0/96"], { ipv4: false, ipv6: false }],
        ["invalid entries are ignored", ["0.0.0.0/1", "128.0.0.1/1"], { ipv4: false, ipv6: false }],
        ["invalid entries beside a valid world", ["garbage", "0.0.0.0/0", 42 as unknown as string], { ipv4: true, ipv6: false }],
        ["surrounding whitespace is forgiven", [" 0.0.0.0/1", "128.0.0.0/1 "], { ipv4: true, ipv6: false }],
        ["an IPv6 half and an IPv4 half", ["::/1", "128.0.0.0/1"], { ipv4: false, ipv6: false }],
    ];
    for (const [label, cidrs, coverage] of rows) {
        it(`${label} -> ipv4 ${coverage.ipv4}, ipv6 ${coverage.ipv6}`, () => {
            assert.deepStrictEqual(worldCoverage(cidrs), coverage);
            assert.strictEqual(coversWholeInternet(cidrs), coverage.ipv4 || coverage.ipv6);
        });
    }
});

describe("model/cidr: duplicateCidrs", () => {
    it("finds entries equal after canonicalisation", () => {
        assert.deepStrictEqual(duplicateCidrs([
            "2001:DB8::/32", "10.0.0.0/8", "2001:db8:0::/32", "::ffff:a00:0/104", "::ffff:10.0.0.0/104", "10.0.0.0/8", "2001:0db8::/32", " 10.0.0.0/8",
        ]), [
            { index: 2, firstIndex: 0, cidr: "2001:db8::/32" },
            { index: 4, firstIndex: 3, cidr: "::ffff:10.0.0.0/104" },
            { index: 5, firstIndex: 1, cidr: "10.0.0.0/8" },
            { index: 6, firstIndex: 0, cidr: "2001:db8::/32" },
            { index: 7, firstIndex: 1, cidr: "10.0.0.0/8" },
        ]);
    });
    const distinct: Array<[string, string[]]> = [
        ["same address, other prefix", ["10.0.0.0/8", "10.0.0.0/16"]],
        ["IPv4 and its mapped IPv6 form", ["10.0.0.0/8", "::ffff:10.0.0.0/104"]],
        ["IPv4-compatible and IPv4-mapped", ["::10.0.0.0/104", "::ffff:10.0.0.0/104"]],
        ["the two worlds", ["0.0.0.0/0", "::/0"]],
        ["invalid entries", ["10.0.0.1/24", "10.0.0.1/24", "bogus", "bogus"]],
        ["nothing", []],
    ];
    for (const [label, cidrs] of distinct) {
        it(`finds none in ${label}`, () => assert.deepStrictEqual(duplicateCidrs(cidrs), []));
    }
});

describe("model/cidr: isIpv6Cidr", () => {
    const rows: Array<[string, boolean]> = [
        ["::/0", true], ["2001:db8::/32", true], ["::ffff:10.0.0.0/104", true], ["0.0.0.0/0", false], ["10.0.0.0/8", false],
        [" ::/0", true], ["not a cidr", false], ["bad:block", true],
    ];
    for (const [cidr, ipv6] of rows) {
        it(`${JSON.stringify(cidr)} -> ${ipv6}`, () => assert.strictEqual(isIpv6Cidr(cidr), ipv6));
    }
});

describe("model/cidr: cidrSlug keeps the resource names it always gave", () => {
    const rows: Array<[string, string]> = [
        ["10.0.0.0/24", "10-0-0-0-24"], ["0.0.0.0/0", "0-0-0-0-0"], ["203.0.113.0/24", "203-0-113-0-24"], ["::/0", "0"],
        ["2001:DB8::/32", "2001-db8-32"], ["2001:db8::/32", "2001-db8-32"], ["::ffff:10.0.0.0/104", "ffff-10-0-0-0-104"], [" 10.0.0.0/8 ", "10-0-0-0-8"],
        ["", ""], ["//", ""], ["fe80::1%eth0/64", "fe80-1-e-0-64"],
    ];
    for (const [cidr, slug] of rows) {
        it(`${JSON.stringify(cidr)} -> ${JSON.stringify(slug)}`, () => assert.strictEqual(cidrSlug(cidr), slug));
    }
});
