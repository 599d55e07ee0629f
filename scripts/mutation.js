// `npm run mutation [-- <group>...] [-- --no-threshold] [-- --force]`: StrykerJS over the named mutation groups (every
// stryker/<group>.conf.mjs when none is named), one after the other under `nice`, then a table of each group's mutation
// score. Exit 1 when a group scores under THRESHOLD (unless --no-threshold) or a run fails; exit 2 on bad arguments.
// Stryker's incremental mode (stryker/incremental/<group>.json, committed) re-tests only the mutants a change touches;
// --force re-tests every mutant. docs/testing.md describes the groups and their scores.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const STRYKER_DIR = path.join(ROOT, "stryker");
/** The per-group minimum of issue 18. */
const THRESHOLD = 85;
const FLAGS = ["--no-threshold", "--force", "--help"];

/** The groups: one per stryker/<group>.conf.mjs. */
function groupNames(dir = STRYKER_DIR) {
    return fs.readdirSync(dir).map((f) => /^([a-z0-9-]+)\.conf\.mjs$/.exec(f)).filter(Boolean).map((m) => m[1]).sort();
}

/** Parses the arguments; throws an Error listing every bad one with the accepted forms. */
function parseArgs(argv, groups) {
    const args = { groups: [], threshold: true, force: false, help: false };
    const problems = [];
    for (const arg of argv) {
        if (arg === "--no-threshold") {
            args.threshold = false;
        } else if (arg === "--force") {
            args.force = true;
        } else if (arg === "--help" || arg === "-h") {
            args.help = true;
        } else if (arg.startsWith("-")) {
            problems.push(`unknown flag ${JSON.stringify(arg)}; use ${FLAGS.join(", ")}`);
        } else if (!groups.includes(arg)) {
            problems.push(`${JSON.stringify(arg)} is not a mutation group; the groups are ${groups.join(", ")}`);
        } else if (!args.groups.includes(arg)) {
            args.groups.push(arg);
        }
    }
    if (problems.length > 0) {
        throw new Error(problems.join("\n"));
    }
    if (args.groups.length === 0) {
        args.groups = [...groups];
    }
    return args;
}

/**
 * Counts per mutant status in a Stryker JSON report (mutation-testing-report-schema) and Stryker's "mutation score":
 * detected (Killed + Timeout) over valid (detected + Survived + NoCoverage), in percent; Ignored, RuntimeError and
 * CompileError mutants are not valid and do not count. No valid mutant: score undefined.
 * https://stryker-mutator.io/docs/mutation-testing-elements/mutant-states-and-metrics/
 */
function reportScore(report) {
    const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, Ignored: 0, RuntimeError: 0, CompileError: 0, Pending: 0 };
    for (const file of Object.values(report.files || {})) {
        for (const mutant of file.mutants || []) {
            if (!Object.hasOwn(counts, mutant.status)) {
                throw new Error(`the report has a mutant with unknown status ${JSON.stringify(mutant.status)}`);
            }
            counts[mutant.status] += 1;
        }
    }
    const detected = counts.Killed + counts.Timeout;
    const valid = detected + counts.Survived + counts.NoCoverage;
    return { counts, detected, valid, score: valid === 0 ? undefined : (detected / valid) * 100 };
}

/** The surviving and uncovered mutants of a report, one line each: file:line mutator (replacement). */
function undetectedMutants(report) {
    const lines = [];
    for (const [file, result] of Object.entries(report.files || {})) {
        for (const m of result.mutants || []) {
            if (m.status === "Survived" || m.status === "NoCoverage") {
                lines.push(`${file}:${m.location.start.line} ${m.status} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? "")}`);
            }
        }
    }
    return lines;
}

function formatScore(score) {
    return score === undefined ? "n/a" : `${score.toFixed(2)}%`;
}

/** The result table: one row per group. */
function renderTable(rows, threshold) {
    const header = ["group", "score", "killed", "timeout", "survived", "no cov", "ignored", "errors", "time", "verdict"];
    const body = rows.map((r) => r.error
        ? [r.group, "-", "-", "-", "-", "-", "-", "-", `${r.seconds}s`, `failed: ${r.error}`]
        : [r.group, formatScore(r.score), r.counts.Killed, r.counts.Timeout, r.counts.Survived, r.counts.NoCoverage, r.counts.Ignored,
            r.counts.RuntimeError + r.counts.CompileError, `${r.seconds}s`, verdict(r.score, threshold)].map(String));
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
    const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd();
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

/** "ok" at or above the threshold; below it (or with no valid mutant) "below N%"; thresholds off: "reported". */
function verdict(score, threshold) {
    if (threshold === undefined) {
        return "reported";
    }
    return score !== undefined && score >= threshold ? "ok" : `below ${threshold}%`;
}

/** True when every group ran and (with a threshold) reached it. */
function passed(rows, threshold) {
    return rows.every((r) => !r.error && (threshold === undefined || (r.score !== undefined && r.score >= threshold)));
}

/** Runs Stryker for one group (niced when `nice` exists) and reads its JSON report. */
function runGroup(group, { force }) {
    const config = path.join("stryker", `${group}.conf.mjs`);
    const reportFile = path.join(ROOT, "stryker", "reports", `${group}.json`);
    // The package's exports hide its bin from require.resolve; this is the file its "bin" entry names.
    const stryker = path.join(ROOT, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
    if (!fs.existsSync(stryker)) {
        return { group, seconds: 0, error: `${path.relative(ROOT, stryker)} is missing; run npm ci` };
    }
    const strykerArgs = [stryker, "run", config, ...(force ? ["--force"] : [])];
    const hasNice = spawnSync("nice", ["true"], { stdio: "ignore" }).status === 0;
    const [command, args] = hasNice ? ["nice", ["-n", "10", process.execPath, ...strykerArgs]] : [process.execPath, strykerArgs];
    const started = Date.now();
    process.stderr.write(`\n=== mutation group ${group}: ${hasNice ? "nice -n 10 " : ""}stryker run ${config}${force ? " --force" : ""}\n`);
    const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit" });
    const seconds = Math.round((Date.now() - started) / 1000);
    if (result.status !== 0) {
        return { group, seconds, error: `stryker exited ${result.status ?? result.signal}` };
    }
    if (!fs.existsSync(reportFile) || fs.statSync(reportFile).mtimeMs < started) {
        return { group, seconds, error: `no fresh report at ${path.relative(ROOT, reportFile)}` };
    }
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
    return { group, seconds, ...reportScore(report), undetected: undetectedMutants(report) };
}

function main(argv) {
    const groups = groupNames();
    let args;
    try {
        args = parseArgs(argv, groups);
    } catch (err) {
        process.stderr.write(`${err.message}\n`);
        return 2;
    }
    if (args.help) {
        process.stdout.write(`usage: npm run mutation [-- <group>...] [--no-threshold] [--force]\ngroups: ${groups.join(", ")}\n`);
        return 0;
    }
    const threshold = args.threshold ? THRESHOLD : undefined;
    const rows = args.groups.map((group) => runGroup(group, args));
    process.stdout.write(`\nmutation score = (killed + timeout) / (killed + timeout + survived + no coverage), Stryker's "mutation score"\n`);
    process.stdout.write(`${renderTable(rows, threshold)}\n`);
    for (const row of rows.filter((r) => r.undetected && r.undetected.length > 0)) {
        process.stdout.write(`\n${row.group}: ${row.undetected.length} undetected mutants (details: stryker/reports/${row.group}.json)\n`);
    }
    return passed(rows, threshold) ? 0 : 1;
}

module.exports = { groupNames, parseArgs, reportScore, undetectedMutants, renderTable, verdict, passed, THRESHOLD };

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
