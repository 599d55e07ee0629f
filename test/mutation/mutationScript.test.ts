import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

/** scripts/mutation.js (`npm run mutation`): its arguments, the score it computes from Stryker's report, its verdict. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mutation = require("../../scripts/mutation.js");
const ROOT = path.join(__dirname, "..", "..");

/** A Stryker JSON report (mutation-testing-report-schema) with one file holding mutants of the given statuses. */
function report(statuses: string[]) {
    return {
        schemaVersion: "2", thresholds: { high: 90, low: 85 },
        files: { "model/x.ts": { language: "typescript", source: "", mutants: statuses.map((status, i) => ({ id: String(i), mutatorName: "StringLiteral", replacement: "\"\"", status, location: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: 2 } } })) } },
    };
}

describe("mutation: scripts/mutation.js", () => {
    const groups = ["cidr-security-groups", "restore-handler", "schedules"];

    it("the groups are the stryker/<group>.conf.mjs files, and each names its own incremental file and report", () => {
        const found: string[] = mutation.groupNames();
        for (const group of groups) {
            assert.ok(found.includes(group), `${group} is a group: ${found.join(", ")}`);
        }
        for (const group of found) {
            const text = fs.readFileSync(path.join(ROOT, "stryker", `${group}.conf.mjs`), "utf8");
            assert.match(text, new RegExp(`mutationGroup\\("${group}"`), `${group}.conf.mjs builds its config with mutationGroup("${group}", ...)`);
        }
    });

    it("no group names every group; named groups run in the order given, once each", () => {
        assert.deepStrictEqual(mutation.parseArgs([], groups), { groups, threshold: true, force: false, help: false });
        assert.deepStrictEqual(mutation.parseArgs(["schedules", "restore-handler", "schedules", "--no-threshold", "--force"], groups),
            { groups: ["schedules", "restore-handler"], threshold: false, force: true, help: false });
    });

    it("refuses unknown groups and flags all at once, naming the valid ones", () => {
        assert.throws(() => mutation.parseArgs(["cidr", "--fast"], groups), (err: Error) => err.message ===
            "\"cidr\" is not a mutation group; the groups are cidr-security-groups, restore-handler, schedules\n" +
            "unknown flag \"--fast\"; use --no-threshold, --force, --help");
    });

    it("score: detected (killed + timeout) over valid (detected + survived + no coverage); ignored and errors do not count", () => {
        const scored = mutation.reportScore(report(["Killed", "Killed", "Timeout", "Survived", "NoCoverage", "Ignored", "RuntimeError", "CompileError"]));
        assert.deepStrictEqual([scored.detected, scored.valid, scored.score], [3, 5, 60]);
        assert.strictEqual(mutation.reportScore(report(["Ignored"])).score, undefined);
        assert.throws(() => mutation.reportScore(report(["Exploded"])), (err: Error) => err.message === "the report has a mutant with unknown status \"Exploded\"");
    });

    it("the verdict: 85% passes, anything below fails, a failed run fails, --no-threshold only reports", () => {
        assert.strictEqual(mutation.THRESHOLD, 85);
        assert.deepStrictEqual([mutation.verdict(85, 85), mutation.verdict(84.99, 85), mutation.verdict(undefined, 85), mutation.verdict(10, undefined)],
            ["ok", "below 85%", "below 85%", "reported"]);
        const row = (score: number | undefined, error?: string) => ({ group: "g", seconds: 1, score, error });
        assert.strictEqual(mutation.passed([row(85), row(99)], 85), true);
        assert.strictEqual(mutation.passed([row(85), row(84.9)], 85), false);
        assert.strictEqual(mutation.passed([row(10)], undefined), true);
        assert.strictEqual(mutation.passed([row(undefined, "stryker exited 1")], undefined), false);
    });

    it("lists the undetected mutants with file, line, status, mutator and replacement", () => {
        assert.deepStrictEqual(mutation.undetectedMutants(report(["Killed", "Survived", "NoCoverage"])),
            ["model/x.ts:2 Survived StringLiteral: \"\\\"\\\"\"", "model/x.ts:3 NoCoverage StringLiteral: \"\\\"\\\"\""]);
    });
});
