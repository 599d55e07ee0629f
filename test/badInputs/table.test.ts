import * as assert from "assert";
import { cliRefusalRows } from "../offline/cliRefusals";
import { componentRows } from "./componentRows";
import { CONFIG_ROWS } from "./configRows";

// The bad-input table spans the three ways a user gives this project input; each part is run by its own test file
// (config.test.ts, components.test.ts, test/offline/cliRefusals.test.ts). This keeps the table from shrinking unnoticed.
describe("the bad-input table", () => {
    it("holds at least 120 rows across config keys, component arguments and CLI arguments, each kind represented", () => {
        const counts = { config: CONFIG_ROWS.length, components: componentRows.length, cli: cliRefusalRows().length };
        for (const [kind, count] of Object.entries(counts)) {
            assert.ok(count >= 20, `${kind}: only ${count} rows`);
        }
        assert.ok(counts.config + counts.components + counts.cli >= 120, JSON.stringify(counts));
    });

    it("has no two rows with the same label within a kind", () => {
        for (const labels of [CONFIG_ROWS.map((r) => r.label), componentRows.map((r) => `${r.component}: ${r.label}`)]) {
            assert.deepStrictEqual(labels.filter((l, i) => labels.indexOf(l) !== i), []);
        }
    });
});
