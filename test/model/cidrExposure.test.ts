import * as assert from "assert";
import { exposesInternet, publicInternetShare, WORLD_OPEN_SHARE } from "../../model/cidr";

describe("model/cidr: exposesInternet (the one world-open rule)", () => {
    const rows: Array<[string[], boolean, boolean]> = [
        [["0.0.0.0/0"], true, false],
        [["::/0"], false, true],
        [["0.0.0.0/1", "128.0.0.0/1"], true, false],
        [["::/1", "8000::/1"], false, true],
        [["0.0.0.0/1"], true, false],
        [["64.0.0.0/2", "128.0.0.0/2"], true, false],
        [["2000::/4"], false, false],
        [["2000::/4", "3000::/5"], false, true],
        [["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"], false, false],
        [["203.0.113.0/24"], false, false],
        [["1.0.0.0/8", "2.0.0.0/7"], false, false],
        [["not a cidr", "0.0.0.0/0 "], true, false],
    ];
    for (const [cidrs, ipv4, ipv6] of rows) {
        it(`${cidrs.join(" + ")} -> IPv4 ${ipv4}, IPv6 ${ipv6}`, () => {
            const exposure = exposesInternet(cidrs);
            assert.strictEqual(exposure.ipv4, ipv4);
            assert.strictEqual(exposure.ipv6, ipv6);
        });
    }

    it("shares: private space counts for nothing, the threshold is strictly more than half", () => {
        assert.deepStrictEqual(publicInternetShare(["10.0.0.0/8"]), { ipv4: 0, ipv6: 0 });
        assert.strictEqual(publicInternetShare(["0.0.0.0/0"]).ipv4, 1);
        assert.strictEqual(publicInternetShare(["2000::/4"]).ipv6, 0.5);
        assert.strictEqual(exposesInternet(["2000::/4"]).ipv6, false, "exactly half is not more than half");
        assert.strictEqual(WORLD_OPEN_SHARE, 0.5);
        const overlap = publicInternetShare(["0.0.0.0/1", "0.0.0.0/2"]).ipv4;
        assert.strictEqual(overlap, publicInternetShare(["0.0.0.0/1"]).ipv4, "overlapping blocks are counted once");
    });
});
