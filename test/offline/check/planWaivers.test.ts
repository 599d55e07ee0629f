import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatPlanRun, runPlan } from "../../../offline/plan/cli";
import { parsePlanArgs } from "../../../offline/plan/planArgs";
import { planWaivers, policySummary } from "../../../offline/plan/policySummary";
import { evaluateWithWaivers } from "../../../offline/check/policyCheck";
import { waiversOf } from "../../../policy/waivers";
import { fixtureSynth, fixtureUrn, goodInstance } from "../../policy/policyFixtures";
import { ROOT } from "../tempProject";

const INSTANCE = "aws:ec2/instance:Instance";
const imdsV1 = { ...goodInstance, metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional", httpPutResponseHopLimit: 1 } };

describe("plan: the stack's waivers in the policy summary", function () {
    this.timeout(120000);

    it("lists each waiver with policy, resource, reason, expiry, expired or not, and how many violations it accepts", async () => {
        const synth = fixtureSynth([{ type: INSTANCE, name: "a", inputs: imdsV1 }, { type: INSTANCE, name: "b", inputs: imdsV1 }]);
        const config = {
            all: "disabled",
            "ec2-imdsv2-required": {
                enforcementLevel: "mandatory",
                waivers: [
                    { resource: "urn:pulumi:test::sigma::aws:ec2/instance:Instance::*", reason: "both, until the AMI update", expires: "2999-01-01" },
                    { resource: fixtureUrn(INSTANCE, "a"), reason: "old", expires: "2001-02-03" },
                    { resource: fixtureUrn(INSTANCE, "b"), reason: "", expires: "2999-01-01" },
                ],
            },
        };
        const listed = planWaivers(await evaluateWithWaivers(synth, { config }));
        assert.deepStrictEqual(listed.map((w) => [w.policy, w.resource, w.reason, w.expires, w.expired, w.waivedViolations, w.problems.length > 0]), [
            ["ec2-imdsv2-required", "urn:pulumi:test::sigma::aws:ec2/instance:Instance::*", "both, until the AMI update", "2999-01-01", false, 2, false],
            ["ec2-imdsv2-required", fixtureUrn(INSTANCE, "a"), "old", "2001-02-03", true, 0, true],
            ["ec2-imdsv2-required", fixtureUrn(INSTANCE, "b"), "", "2999-01-01", false, 0, true],
        ]);
        assert.match(listed[1].problems[0], /expired on 2001-02-03/);
        assert.match(listed[2].problems[0], /has no reason/);
    });

    it("dev: the plan lists policy/config/dev.json's waivers in its text and JSON; they hide the violations they accept", async () => {
        const run = await runPlan(parsePlanArgs(["dev"]));
        const expected = waiversOf(JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "config", "dev.json"), "utf8")));
        assert.ok(expected.length > 0, "dev.json has waivers");
        const listed = run.plan.policy.waivers ?? [];
        assert.deepStrictEqual(listed.map((w) => [w.policy, w.resource, w.reason, w.expires]), expected.map((w) => [w.policy, w.resource, w.reason, w.expires]));
        const json = JSON.parse(formatPlanRun(run, true));
        assert.deepStrictEqual(json.policy.waivers, listed);
        const text = formatPlanRun(run, false);
        const accepted = listed.reduce((n, w) => n + w.waivedViolations, 0);
        assert.strictEqual(run.plan.policy.waived, accepted);
        assert.match(text, new RegExp(`^Policy summary .* disabled, ${accepted} waived by ${listed.length} waiver\\(s\\)$`, "m"));
        for (const w of listed) {
            assert.ok(text.includes(`  WAIVER ${w.policy} ${w.resource} until ${w.expires}${w.expired ? " EXPIRED" : ""} (accepts ${w.waivedViolations} violation(s)): ${w.reason}`), w.resource);
            assert.ok(!run.plan.policy.mandatory.some((v) => v.policy === w.policy && v.urn === w.resource), "a waived violation is not listed as mandatory");
        }
    });

    it("marks an expired waiver EXPIRED in text and JSON, and its violation stays mandatory", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-waivers-"));
        try {
            const dev = JSON.parse(fs.readFileSync(path.join(ROOT, "policy", "config", "dev.json"), "utf8"));
            const entry = dev["ec2-no-public-ip"];
            entry.waivers = entry.waivers.map((w: { expires: string }) => ({ ...w, expires: "2020-01-31" }));
            const file = path.join(dir, "dev-expired.json");
            fs.writeFileSync(file, JSON.stringify(dev));
            const run = await runPlan(parsePlanArgs(["dev", "--policy-config", file]));
            const expired = (run.plan.policy.waivers ?? []).filter((w) => w.expired);
            assert.strictEqual(expired.length, entry.waivers.length);
            assert.ok(expired.every((w) => w.policy === "ec2-no-public-ip" && w.expires === "2020-01-31" && w.waivedViolations === 0));
            assert.match(formatPlanRun(run, false), /  WAIVER ec2-no-public-ip urn:\S+ until 2020-01-31 EXPIRED \(accepts 0 violation\(s\)\)/);
            assert.ok(run.plan.policy.mandatory.some((v) => v.policy === "ec2-no-public-ip"), "the violation the waiver covered is mandatory again");
            assert.strictEqual(JSON.parse(formatPlanRun(run, true)).policy.waivers.filter((w: { expired: boolean }) => w.expired).length, expired.length);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a waiver whose resource is not in the stack accepts nothing", async () => {
        const summary = await policySummary(fixtureSynth([{ type: INSTANCE, name: "a", inputs: goodInstance }]), path.join(ROOT, "policy", "config", "dev.json"));
        assert.ok((summary.waivers ?? []).every((w) => w.waivedViolations === 0));
    });
});
