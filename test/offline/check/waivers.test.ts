import * as assert from "assert";
import { configWaivers, isExpired, utcDay, waiverFor, withoutWaivers } from "../../../offline/check/waivers";

const TODAY = new Date(Date.UTC(2026, 10, 22, 23, 59, 59));

describe("offline check: waivers as the reports list them", () => {
    it("a waiver holds through its expires day (UTC) and is expired the day after", () => {
        assert.strictEqual(utcDay(TODAY), "2026-11-22");
        assert.strictEqual(isExpired({ expires: "2026-11-22" }, TODAY), false);
        assert.strictEqual(isExpired({ expires: "2026-11-23" }, TODAY), false);
        assert.strictEqual(isExpired({ expires: "2026-11-21" }, TODAY), true);
        assert.strictEqual(isExpired({ expires: "2025-12-31" }, TODAY), true);
        // Not a date at all: invalid (the pack says why), but not "expired".
        for (const bad of ["2026-02-30", "21/11/2026", "", "2026-1-5"]) {
            assert.strictEqual(isExpired({ expires: bad }, TODAY), false, bad);
        }
    });

    it("reads every policy entry's waivers; the invalid ones carry the pack's problems and whether they expired", () => {
        const config = {
            all: "mandatory",
            "ec2-imdsv2-required": { waivers: [
                { resource: "urn:a", reason: "r", expires: "2026-11-22" },
                { resource: "urn:b", reason: "r", expires: "2026-11-21" },
            ] },
            "ebs-encrypted": { enforcementLevel: "advisory", waivers: [{ resource: "urn:c", reason: " ", expires: "2027-01-01" }] },
            "required-tags": "advisory",
        };
        const { waivers, invalid } = configWaivers(config, TODAY);
        assert.deepStrictEqual(waivers.map((w) => [w.policy, w.resource]), [["ec2-imdsv2-required", "urn:a"], ["ec2-imdsv2-required", "urn:b"], ["ebs-encrypted", "urn:c"]]);
        assert.deepStrictEqual(invalid.map((i) => [i.waiver.resource, i.expired]), [["urn:b", true], ["urn:c", false]]);
        assert.match(invalid[0].problems.join(), /expired on 2026-11-21/);
        assert.match(invalid[1].problems.join(), /no reason/);
        // Only usable waivers accept a violation, of their own policy, at a resource they name.
        assert.strictEqual(waiverFor(waivers, invalid, "ec2-imdsv2-required", "urn:a"), waivers[0]);
        assert.strictEqual(waiverFor(waivers, invalid, "ec2-imdsv2-required", "urn:b"), undefined);
        assert.strictEqual(waiverFor(waivers, invalid, "ebs-encrypted", "urn:a"), undefined);
        assert.strictEqual(waiverFor(waivers, invalid, "ebs-encrypted", "urn:c"), undefined);
    });

    it("takes the waivers out of a config and nothing else", () => {
        const config = {
            all: "mandatory",
            "ec2-no-public-ip": { allowPublicIp: true, waivers: [{ resource: "urn:a", reason: "r", expires: "2999-01-01" }] },
            "ebs-encrypted": "remediate",
            "backup-vault-lock": { required: true },
        };
        assert.deepStrictEqual(withoutWaivers(config), {
            all: "mandatory", "ec2-no-public-ip": { allowPublicIp: true }, "ebs-encrypted": "remediate", "backup-vault-lock": { required: true },
        });
        assert.strictEqual(config["ec2-no-public-ip"].waivers.length, 1, "the given config is not changed");
    });
});
