// `npm run bench [-- --runs N] [-- --stack NAME]`: start-up cost of the offline commands against the floor of
// loading the Pulumi and AWS SDKs, each a fresh process, median of N runs. Plain node so CI needs nothing else.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.join(__dirname, "..");

function parseArgs(argv) {
    const args = { runs: 7, stack: undefined };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--runs") {
            args.runs = Number(argv[++i]);
            if (!Number.isInteger(args.runs) || args.runs < 1 || args.runs > 100) {
                throw new Error(`--runs ${JSON.stringify(argv[i])} must be a whole number from 1 to 100`);
            }
        } else if (argv[i] === "--stack") {
            args.stack = argv[++i];
            if (!args.stack || !fs.existsSync(path.join(ROOT, `Pulumi.${args.stack}.yaml`))) {
                throw new Error(`--stack ${JSON.stringify(args.stack)} has no Pulumi.<stack>.yaml; the stacks are: ${stacks().join(", ")}`);
            }
        } else {
            throw new Error(`unknown argument ${JSON.stringify(argv[i])}; use --runs N and --stack NAME`);
        }
    }
    return args;
}

function stacks() {
    return fs.readdirSync(ROOT).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)).filter(Boolean).map((m) => m[1]);
}

/** The stack with the most to plan: prod when present, else dr, else the first one. */
function heaviestStack() {
    const all = stacks();
    return ["prod", "dr"].find((s) => all.includes(s)) || all[0];
}

/** Wall time of one run in ms; fails loudly if the command fails (a broken command is not fast). */
function timeOnce(command, args, env) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
    }
    return ms;
}

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Times every case `runs` times, interleaved round by round (so load from other processes hits all cases alike),
 * after one untimed warm-up round that fills the OS file cache as any real second run would find it.
 */
function measureInterleaved(cases, runs) {
    const times = cases.map(() => []);
    for (let round = -1; round < runs; round++) {
        cases.forEach((c, i) => {
            const ms = timeOnce(c.command, c.args, c.env ? c.env(round) : {});
            if (round >= 0) {
                times[i].push(ms);
            }
        });
    }
    return cases.map((c, i) => ({ ...c, median: median(times[i]), min: Math.min(...times[i]), max: Math.max(...times[i]) }));
}

function main() {
    const { runs, stack: chosen } = parseArgs(process.argv.slice(2));
    const stack = chosen || heaviestStack();
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    // A fresh transpile cache per run: the first run after a source change, when the TypeScript compiler must load.
    const emptyCache = (i) => ({ SIGMA_TRANSPILE_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), `sigma-bench-${i + 1}-`)) });
    const synth = ["run", "--silent", "synth", "--", "dev"];
    const plan = ["run", "--silent", "plan", "--", stack];
    const [floor, ...rows] = measureInterleaved([
        { label: "floor: node -e require('@pulumi/pulumi'); require('@pulumi/aws')", command: process.execPath,
            args: ["-e", "require('@pulumi/pulumi'); require('@pulumi/aws')"] },
        { label: "npm run synth -- dev", command: npm, args: synth, target: 2.0 },
        { label: "npm run synth -- dev (empty transpile cache)", command: npm, args: synth, target: 2.0, env: emptyCache },
        { label: `npm run plan -- ${stack}`, command: npm, args: plan, target: 2.5 },
        { label: `npm run plan -- ${stack} (empty transpile cache)`, command: npm, args: plan, target: 2.5, env: emptyCache },
    ], runs);
    const fmt = (ms) => `${Math.round(ms)} ms`.padStart(8);
    console.log(`node ${process.version}, ${os.cpus().length} cores, ${runs} runs each (median; min-max), every run a fresh process, cases interleaved`);
    console.log(`${floor.label.padEnd(62)} ${fmt(floor.median)}  (${Math.round(floor.min)}-${Math.round(floor.max)})`);
    let over = 0;
    for (const row of rows) {
        const ratio = row.median / floor.median;
        const verdict = ratio <= row.target ? "within" : "OVER";
        over += verdict === "OVER" ? 1 : 0;
        console.log(`${row.label.padEnd(62)} ${fmt(row.median)}  (${Math.round(row.min)}-${Math.round(row.max)})  ${ratio.toFixed(2)}x floor, ${verdict} target ${row.target}x`);
    }
    return over;
}

try {
    const over = main();
    process.exitCode = over > 0 && process.env.BENCH_STRICT === "1" ? 1 : 0;
} catch (err) {
    console.error(`bench failed: ${err.message}`);
    process.exitCode = 2;
}
