import * as assert from "assert";
import { evaluatePolicies } from "../../offline/check/policyCheck";
import { buildPolicies } from "../../policy/policies";
import { Waiver, waiverMatches, waiverProblems, waiversOf } from "../../policy/waivers";
import { fixtureSynth, fixtureUrn, goodInstance } from "./policyFixtures";

const TODAY = new Date("2026-11-22T12:00:00Z");
const INSTANCE = "aws:ec2/instance:Instance";
const imdsV1 = fixtureSynth([{ type: INSTANCE, name: "app", inputs: { ...goodInstance, metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } } }]);
const urn = fixtureUrn(INSTANCE, "app");

async function imdsViolations(waivers: unknown[], today = TODAY) {
    const report = await evaluatePolicies(imdsV1, {
        policies: buildPolicies(() => today),
        config: { all: "disabled", "ec2-imdsv2-required": { enforcementLevel: "mandatory", waivers } },
    });
    return report.violations.map((v) => v.message);
}

describe("policy waivers (policy/waivers.ts)", () => {
    const w = (over: Partial<Waiver> = {}): Waiver => ({ policy: "p", resource: urn, reason: "vendor AMI needs IMDSv1 until 2027 (ticket OPS-1)", expires: "2026-12-31", ...over });

    it("waiverProblems: a valid waiver has none; the last day still holds; the day after is expired", () => {
        assert.deepStrictEqual(waiverProblems(w(), TODAY), []);
        assert.deepStrictEqual(waiverProblems(w({ expires: "2026-11-22" }), TODAY), []);
        assert.match(waiverProblems(w({ expires: "2026-11-21" }), TODAY).join(), /expired on 2026-11-21/);
    });

    const bad: Array<[string, Partial<Waiver>, RegExp]> = [
        ["no reason", { reason: "" }, /has no reason/],
        ["blank reason", { reason: "   " }, /has no reason/],
        ["no resource", { resource: "" }, /has no resource/],
        ["resource * (disable instead)", { resource: "*" }, /every resource/],
        ["not a date", { expires: "31/12/2026" }, /not a date YYYY-MM-DD/],
        ["impossible date", { expires: "2026-02-30" }, /not a date/],
        ["missing date", { expires: "" }, /not a date/],
        ["names another policy", { policy: "a (names b)" }, /move it/],
    ];
    for (const [title, over, pattern] of bad) {
        it(`waiverProblems: ${title}`, () => assert.match(waiverProblems(w(over), TODAY).join(" | "), pattern));
    }

    it("waiverMatches: exact URN and globs over the whole URN, nothing partial", () => {
        assert.ok(waiverMatches(w(), urn));
        assert.ok(waiverMatches(w({ resource: "urn:pulumi:test::sigma::aws:ec2/instance:Instance::*" }), urn));
        assert.ok(waiverMatches(w({ resource: "*::ap?" }), urn));
        assert.ok(!waiverMatches(w({ resource: "*::ap" }), urn));
        assert.ok(!waiverMatches(w({ resource: "aws:ec2/instance:Instance" }), urn));
        assert.ok(!waiverMatches(w({ resource: "urn:pulumi:test::sigma::aws:ec2/instance:Instance::a.p" }), urn), "a dot is literal");
    });

    it("waiversOf reads every policy's waivers from a whole config, stamped with the policy, skipping all and levels", () => {
        const config = {
            all: "mandatory",
            "ec2-imdsv2-required": { waivers: [{ resource: urn, reason: "r", expires: "2026-12-01" }] },
            "ebs-encrypted": "advisory",
            "backup-vault-lock": { required: true, waivers: [{ resource: "x", reason: 5 }, { policy: "other", resource: "y", reason: "r", expires: "2026-12-01" }] },
        };
        assert.deepStrictEqual(waiversOf(config), [
            { policy: "ec2-imdsv2-required", resource: urn, reason: "r", expires: "2026-12-01" },
            { policy: "backup-vault-lock", resource: "x", reason: "5", expires: "" },
            { policy: "backup-vault-lock (names other)", resource: "y", reason: "r", expires: "2026-12-01" },
        ]);
    });

    it("a valid matching waiver suppresses the violation through the pack's own config", async () => {
        assert.deepStrictEqual(await imdsViolations([{ resource: urn, reason: "OPS-1", expires: "2026-12-31" }]), []);
    });

    it("a waiver for another resource suppresses nothing", async () => {
        assert.strictEqual((await imdsViolations([{ resource: `${urn}2`, reason: "OPS-1", expires: "2026-12-31" }])).length, 1);
    });

    it("an expired waiver is itself a violation and suppresses nothing", async () => {
        const messages = await imdsViolations([{ resource: urn, reason: "OPS-1", expires: "2026-11-01" }]);
        assert.strictEqual(messages.length, 2);
        assert.ok(messages.some((m) => /invalid waiver: .*expired on 2026-11-01/.test(m)));
        assert.ok(messages.some((m) => /httpTokens/.test(m)));
    });

    it("a waiver without a reason is itself a violation", async () => {
        const messages = await imdsViolations([{ resource: urn, expires: "2026-12-31" }]);
        assert.ok(messages.some((m) => /has no reason/.test(m)));
        assert.ok(messages.some((m) => /httpTokens/.test(m)));
    });

    it("the injected clock decides expiry", async () => {
        const waiver = [{ resource: urn, reason: "OPS-1", expires: "2026-12-31" }];
        assert.strictEqual((await imdsViolations(waiver, new Date("2027-01-01T00:00:00Z"))).length, 2);
        assert.strictEqual((await imdsViolations(waiver, new Date("2026-12-31T23:59:59Z"))).length, 0);
    });

    it("stack policies honour waivers per violating resource and report an invalid one", async () => {
        const vault = fixtureUrn("aws:backup/vault:Vault", "vault");
        const synth = fixtureSynth([{ type: "aws:backup/vault:Vault", name: "vault", inputs: { kmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/1" } }]);
        const run = async (waivers: unknown[]) => (await evaluatePolicies(synth, {
            policies: buildPolicies(() => TODAY),
            config: { all: "disabled", "backup-vault-lock": { enforcementLevel: "mandatory", required: true, waivers } },
        })).violations;
        assert.strictEqual((await run([])).length, 1);
        assert.strictEqual((await run([{ resource: vault, reason: "lab vault", expires: "2026-12-01" }])).length, 0);
        const invalid = await run([{ resource: vault, reason: "", expires: "2026-12-01" }]);
        assert.strictEqual(invalid.length, 2);
        assert.ok(invalid.some((v) => /invalid waiver/.test(v.message) && v.urn === vault));
    });

    it("every policy of the pack takes a waivers setting", () => {
        for (const policy of buildPolicies(() => TODAY)) {
            assert.ok(policy.configSchema?.properties?.waivers, policy.name);
        }
    });
});
