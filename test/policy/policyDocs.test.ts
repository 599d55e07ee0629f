import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { POLICY_CONTROLS } from "../../policy/controls";
import { packPolicies } from "../../policy/policies";

const ROOT = path.join(__dirname, "..", "..");
const rowOf = (text: string, name: string) => text.split("\n").find((line) => line.startsWith(`| \`${name}\``));
const cellsOf = (row: string) => row.split(" | ").map((c) => c.replace(/^\| /, "").replace(/ \|$/, "").trim());

describe("policy controls in policy/controls.ts, the README and docs/policy-pack.md", () => {
    it("every policy has a controls entry and no entry names a missing policy", () => {
        const names = packPolicies.map((p) => p.name).sort();
        assert.deepStrictEqual(Object.keys(POLICY_CONTROLS).sort(), names);
    });

    it("every control id a policy maps to appears in its description, and only well-formed ids are used", () => {
        const shape = /^([A-Za-z][A-Za-z0-9]*\.\d+|CIS \d+\.\d+|CKV2?_AWS_\d+|AwsSolutions-[A-Z0-9]+|REL\d+)$/;
        for (const policy of packPolicies) {
            for (const id of POLICY_CONTROLS[policy.name]) {
                assert.match(id, shape, `${policy.name}: ${id}`);
                assert.ok(policy.description.includes(id), `${policy.name}'s description does not name ${id}`);
            }
        }
    });

    it("docs/policy-pack.md's table names each policy with its control ids, severity and level", () => {
        const docs = fs.readFileSync(path.join(ROOT, "docs", "policy-pack.md"), "utf8");
        for (const policy of packPolicies) {
            const row = rowOf(docs, policy.name);
            assert.ok(row, `docs/policy-pack.md has no row for ${policy.name}`);
            const cells = cellsOf(row);
            const ids = cells[2] === "none" ? [] : cells[2].split(", ");
            assert.deepStrictEqual(ids, [...POLICY_CONTROLS[policy.name]], `docs row for ${policy.name}`);
            assert.strictEqual(cells[3], policy.severity, policy.name);
            assert.strictEqual(cells[4], policy.enforcementLevel, policy.name);
            for (const setting of Object.keys(policy.configSchema?.properties ?? {})) {
                assert.ok(cells[5].includes(`\`${setting}\``), `docs row for ${policy.name} does not name setting ${setting}`);
            }
        }
    });
});
