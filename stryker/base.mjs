// Shared StrykerJS options for every mutation group (stryker/<group>.conf.mjs). A group names the code it mutates and
// the test files that cover it; everything else (runner, coverage, incremental mode, timeouts, reporters) lives here.
// Option reference: https://stryker-mutator.io/docs/stryker-js/configuration/ and
// node_modules/@stryker-mutator/core/schema/stryker-schema.json; mocha runner: https://stryker-mutator.io/docs/stryker-js/mocha-runner/
import { readFileSync } from "node:fs";

/** The require hooks .mocharc.json gives mocha: TypeScript transpiled by ts-node (no type check), then test/setup.js. */
const MOCHA_REQUIRE = ["ts-node/register/transpile-only", "test/setup.js"];

/**
 * The config for one group. `mutate`: the production files (or `file:start-end` line ranges, see `linesOf`) whose
 * mutants the group owns; `testFiles`: the spec files that cover them (the only ones loaded in the sandbox).
 */
export function mutationGroup(name, { mutate, testFiles }) {
    return {
        $schema: "../node_modules/@stryker-mutator/core/schema/stryker-schema.json",
        packageManager: "npm",
        testRunner: "mocha",
        // Each mutant runs only the tests that executed its code in the dry run.
        coverageAnalysis: "perTest",
        mochaOptions: {
            // .mocharc.json runs the whole suite in parallel; the group runs its own files, serially, with the same hooks.
            "no-config": true,
            "no-package": true,
            "no-opts": true,
            spec: testFiles,
            require: MOCHA_REQUIRE,
            extension: ["ts"],
            ui: "bdd",
        },
        mutate,
        // Module-level constants run once per process: testing their mutants means reloading everything per mutant.
        // They are counted as "ignored" (excluded from the score); docs/testing.md says which constants that leaves out.
        ignoreStatic: true,
        incremental: true,
        incrementalFile: `stryker/incremental/${name}.json`,
        // The machine is shared: one test process at a time (scripts/mutation.js also runs Stryker under nice).
        concurrency: 1,
        // A mutant's run may take this much longer than the dry run before it counts as a timeout (an infinite loop).
        timeoutMS: 10000,
        timeoutFactor: 2,
        dryRunTimeoutMinutes: 10,
        // ts-node transpile-only does not type-check, and Stryker marks instrumented files @ts-nocheck anyway.
        disableTypeChecks: true,
        reporters: ["json", "clear-text", "progress"],
        jsonReporter: { fileName: `stryker/reports/${name}.json` },
        clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0, reportTests: false, reportScoreTable: true, reportMutants: true },
        // The score is judged by scripts/mutation.js (85% per group); Stryker itself does not break the run.
        thresholds: { high: 90, low: 85, break: null },
        // Sandbox: a copy of the project under stryker/.tmp (gitignored) with node_modules symlinked (Stryker's default).
        inPlace: false,
        symlinkNodeModules: true,
        tempDirName: "stryker/.tmp",
        cleanTempDir: true,
        ignorePatterns: ["/dist", "/docs/api", "/out", "/.pulumi", "/stryker/reports", "/stryker/incremental", "/policy/node_modules"],
        logLevel: "info",
        fileLogLevel: "off",
    };
}

/**
 * `file:start-end` covering the top-level declaration whose first line matches `start` (a RegExp) through the first
 * following line that closes a top-level block (`}` or `};` at column 0). Computed when the config is read, so the range
 * follows the code when lines above it move. Throws when the declaration is gone, so a stale group cannot pass quietly.
 */
export function linesOf(file, start) {
    const lines = readFileSync(new URL(`../${file}`, import.meta.url), "utf8").split("\n");
    const first = lines.findIndex((line) => start.test(line));
    if (first < 0) {
        throw new Error(`stryker: ${file} has no line matching ${start}; update the group's mutate list`);
    }
    const last = lines.findIndex((line, i) => i > first && /^\}[;,]?\s*$/.test(line));
    if (last < 0) {
        throw new Error(`stryker: the declaration at ${file}:${first + 1} has no closing line; update the group's mutate list`);
    }
    return `${file}:${first + 1}-${last + 1}`;
}
