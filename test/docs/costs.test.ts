import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runPlan } from "../../offline/plan/cli";
import { parsePlanArgs } from "../../offline/plan/planArgs";

/** The prod cost the operations guide quotes is the plan's, so the two cannot drift apart (issue 9: "the README's prod cost table disagrees with npm run plan"). */
describe("docs: the prod cost quoted is what npm run plan -- prod prints", function () {
    this.timeout(120000);

    it("docs/operations.md's \"today\" figure equals the plan's cost.totalUsd", async () => {
        const text = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "operations.md"), "utf8");
        const quoted = /From it today: USD ([0-9]+\.[0-9]{2}) a month/.exec(text);
        assert.ok(quoted, "docs/operations.md quotes prod's monthly cost as \"From it today: USD <n> a month\"");
        const { plan } = await runPlan(parsePlanArgs(["prod"]));
        assert.strictEqual(quoted[1], plan.cost.totalUsd.toFixed(2));
    });
});
