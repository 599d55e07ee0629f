import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "../../policy/policies";
import { evaluatePolicies, PolicyViolation } from "../../offline/check/policyCheck";
import { PolicyCase, POLICY_CASES } from "./policyCases";
import { fixtureSynth } from "./policyFixtures";

async function violationsOf(c: PolicyCase): Promise<PolicyViolation[]> {
    const report = await evaluatePolicies(fixtureSynth(c.resources, { providers: c.providers }),
        { config: { all: "disabled", [c.policy]: { enforcementLevel: "mandatory", ...(c.config ?? {}) } } });
    return report.violations;
}

describe("sigma-guard policies (fixtures)", () => {
    for (const c of POLICY_CASES) {
        it(`${c.policy}: ${c.title} -> ${c.violations === 0 ? "compliant" : `${c.violations} violation(s)`}`, async () => {
            const violations = await violationsOf(c);
            assert.deepStrictEqual(violations.map((v) => v.policy), Array(c.violations).fill(c.policy), JSON.stringify(violations, null, 1));
            if (c.message) {
                const pattern = c.message;
                assert.ok(violations.some((v) => pattern.test(v.message)), `no message matches ${pattern}: ${violations.map((v) => v.message).join(" | ")}`);
            }
            violations.forEach((v) => assert.strictEqual(v.enforcementLevel, "mandatory"));
        });
    }

    it("every policy has at least one violating and one compliant fixture", () => {
        for (const policy of allPolicies) {
            const cases = POLICY_CASES.filter((c) => c.policy === policy.name);
            assert.ok(cases.some((c) => c.violations > 0), `${policy.name} has no violating fixture`);
            assert.ok(cases.some((c) => c.violations === 0), `${policy.name} has no compliant fixture`);
        }
    });

    it("every policy documents a description, severity, default level and remediation steps", () => {
        for (const policy of allPolicies) {
            assert.ok(policy.description.length > 20, policy.name);
            assert.ok(policy.severity, `${policy.name} severity`);
            assert.ok(policy.enforcementLevel, `${policy.name} enforcementLevel`);
            assert.ok(policy.remediationSteps, `${policy.name} remediationSteps`);
            for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
                assert.ok(schema.default !== undefined, `${policy.name}.${key} has no default`);
            }
        }
        assert.strictEqual(new Set(allPolicies.map((p) => p.name)).size, allPolicies.length, "policy names are unique");
    });
});

describe("docs/policy-pack.md rules table", () => {
    it("lists every policy with its default enforcement level", () => {
        const table = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "policy-pack.md"), "utf8");
        for (const policy of allPolicies) {
            const row = table.split("\n").find((line) => line.startsWith(`| \`${policy.name}\``));
            assert.ok(row, `docs/policy-pack.md has no row for ${policy.name}`);
            const cells = row.split(" | ");
            assert.strictEqual(cells[4], policy.enforcementLevel, `${policy.name}: docs/policy-pack.md says ${cells[4]}`);
            assert.strictEqual(cells[3], policy.severity, `${policy.name}: docs/policy-pack.md severity ${cells[3]}`);
        }
    });
});
