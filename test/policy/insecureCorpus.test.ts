import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { evaluatePolicies } from "../../offline/check/policyCheck";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";
import { allPolicies } from "../../policy/policies";
import { INSECURE_VARIANTS } from "./insecureCorpus";

const STACKS = ["prod", "dev", "dr"] as const;
const configOf = (stack: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "policy", "config", `${stack}.json`), "utf8"));

describe("sigma-guard over the shipped stacks and the insecure corpus", function () {
    this.timeout(600000);
    const synths = new Map<string, SynthResult>();
    before(async () => {
        for (const stack of STACKS) {
            synths.set(stack, await synthesize({ stack }));
        }
    });

    for (const stack of STACKS) {
        it(`the shipped ${stack} stack is clean under policy/config/${stack}.json`, async () => {
            const report = await evaluatePolicies(synths.get(stack) as SynthResult, { config: configOf(stack) });
            const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(mandatory.map((v) => `${v.policy} ${v.urn}: ${v.message}`), []);
        });
    }

    it("holds at least 80 variants, each named once, each caught by a policy of the pack", () => {
        assert.ok(INSECURE_VARIANTS.length >= 80, `${INSECURE_VARIANTS.length} variants`);
        assert.strictEqual(new Set(INSECURE_VARIANTS.map((v) => `${v.stack}:${v.id}`)).size, INSECURE_VARIANTS.length);
        const names = allPolicies.map((p) => p.name);
        INSECURE_VARIANTS.forEach((v) => assert.ok(names.includes(v.catches), `${v.id}: ${v.catches} is no policy`));
    });

    for (const variant of INSECURE_VARIANTS) {
        it(`${variant.stack}: ${variant.id} (${variant.source}) is caught by ${variant.catches}`, async () => {
            const doc = structuredClone(synths.get(variant.stack) as SynthResult);
            variant.mutate(doc);
            // Only the policy that must catch the variant runs, after every policy that can remediate (the engine applies
            // remediations before any validation, offline/check/policyCheck.ts as well), each with its own entry of the
            // stack's config and "all". A validation reads only the (remediated) inputs, never another validation's
            // result, so its verdict is the whole pack's, at a fraction of the cost; the shipped stacks above are
            // judged by the whole pack.
            const policies = allPolicies.filter((p) => p.name === variant.catches || "remediateResource" in p);
            const names = new Set<string>(policies.map((p) => p.name));
            const config = Object.fromEntries(Object.entries(configOf(variant.stack)).filter(([key]) => key === "all" || names.has(key)));
            const report = await evaluatePolicies(doc, { config, policies });
            const caught = report.violations.filter((v) => v.policy === variant.catches && v.enforcementLevel === "mandatory");
            assert.ok(caught.length > 0, `not caught by ${variant.catches}; reported: ${report.violations.map((v) => `${v.policy}: ${v.message}`).join(" | ") || "nothing"}`);
        });
    }
});
