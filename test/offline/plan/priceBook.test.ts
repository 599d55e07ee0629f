import * as assert from "assert";
import { priceBookProblems } from "../../../offline/plan/priceBook";

describe("plan: price file validation", () => {
    const good = { usd: 1, unit: "key-month", source: "AWS", asOf: "2025-10" };
    const rows: Array<[string, unknown, RegExp]> = [
        ["wrong region", { region: "us-east-1", currency: "USD", prices: {} }, /"region" is "us-east-1"; it must be "ap-southeast-1"/],
        ["other currency", { region: "ap-southeast-1", currency: "EUR", prices: {} }, /only "USD"/],
        ["negative price", { region: "ap-southeast-1", currency: "USD", prices: { "kms:keyMonth": { ...good, usd: -1 } } }, /prices\["kms:keyMonth"\]\.usd -1 must be a number >= 0/],
        ["no source", { region: "ap-southeast-1", currency: "USD", prices: { "kms:keyMonth": { ...good, source: "" } } }, /prices\["kms:keyMonth"\]\.source is missing/],
        ["no date", { region: "ap-southeast-1", currency: "USD", prices: { "kms:keyMonth": { usd: 1, unit: "u", source: "s" } } }, /\.asOf is missing/],
    ];
    for (const [label, doc, message] of rows) {
        it(`rejects a price file with ${label}`, () => {
            const problems = priceBookProblems(doc, "ap-southeast-1", "ap-southeast-1.json");
            assert.ok(problems.some((p) => message.test(p)), problems.join("\n"));
        });
    }

    it("accepts a well-formed file", () => {
        assert.deepStrictEqual(priceBookProblems({ region: "ap-southeast-1", currency: "USD", prices: { "kms:keyMonth": good } }, "ap-southeast-1", "f"), []);
    });
});
