// `npm run bench [-- --runs N] [-- --stack NAME] [-- --scale 1,10,50] [-- --only startup|scale|cdk]`: start-up cost of
// the offline commands against the floor of loading the Pulumi and AWS SDKs, the cost per environment of a program that
// creates N complete environments (instance, data volume, groups, alarms, topic, keys, vault, plan, restore Lambda), and
// the same content as an AWS CDK app (scripts/bench/cdkApp.js) at the smallest and largest N; each run a fresh process,
// wall time, CPU time (user + sys) and peak RSS, median of N runs. Plain node so CI needs nothing else.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const { offlineV8Flags } = require("./v8Tuning");

function parseArgs(argv) {
    const args = { runs: 7, stack: undefined, scale: [1, 10, 50], only: undefined };
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
        } else if (argv[i] === "--scale") {
            const value = argv[++i];
            args.scale = String(value).split(",").map(Number);
            if (!args.scale.every((n) => Number.isInteger(n) && n >= 1 && n <= 200) || args.scale.length < 2) {
                throw new Error(`--scale ${JSON.stringify(value)} must list at least two environment counts from 1 to 200, e.g. 1,10,50`);
            }
        } else if (argv[i] === "--only") {
            args.only = argv[++i];
            if (!["startup", "scale", "cdk"].includes(args.only)) {
                throw new Error(`--only ${JSON.stringify(args.only)} is not a part of the bench; use --only startup, --only scale or --only cdk`);
            }
        } else {
            throw new Error(`unknown argument ${JSON.stringify(argv[i])}; use --runs N, --stack NAME, --scale N,N,... and --only startup|scale|cdk`);
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

/**
 * One run: wall time in ms, and what the process reported about itself on fd 3 (the scale runner reports CPU time and
 * peak RSS); fails loudly if the command fails (a broken command is not fast).
 */
function timeOnce(command, args, env) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe", "pipe"] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
    }
    const report = result.output[3] && result.output[3].length > 0 ? JSON.parse(String(result.output[3])) : {};
    return { ms, ...report };
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
    const samples = cases.map(() => []);
    for (let round = -1; round < runs; round++) {
        cases.forEach((c, i) => {
            const sample = timeOnce(c.command, c.argsFor ? c.argsFor() : c.args, c.env ? c.env(round) : {});
            if (round >= 0) {
                samples[i].push(sample);
            }
        });
    }
    return cases.map((c, i) => {
        const of = (key) => samples[i].every((s) => typeof s[key] === "number") ? median(samples[i].map((s) => s[key])) : undefined;
        const ms = samples[i].map((s) => s.ms);
        return { ...c, median: median(ms), min: Math.min(...ms), max: Math.max(...ms), cpuMs: of("cpuMs"), rssMB: of("rssMB"), resources: of("resources") };
    });
}

/**
 * The scale program: `bench:environments` complete environments in one Pulumi program, built from the library's
 * components with names of their own (the stacks' topologies name their resources "sigma", once per stack). Each is
 * the content the issue's CDK app has: an instance (IMDSv2, encrypted gp3 root) with a separate data volume and its
 * attachment, two security groups and their rules, role and profile, alarms and the alarm topic and key, a backup
 * vault with its key, plan and selection, and the restore Lambda with its role and EventBridge rule.
 */
function scaleProgram(root) {
    const components = JSON.stringify(path.join(root, "components"));
    return `import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaBackupPlan, SigmaBackupVault, SigmaInstance, SigmaMonitoring, SigmaRestore, SigmaSecurityGroups } from ${components};

const environments = new pulumi.Config("bench").requireNumber("environments");
const provider = new aws.Provider("bench", { region: "ap-southeast-1" });
const opts = { provider };
const vpcId = "vpc-0123456789abcdef0";
const subnetId = "subnet-0123456789abcdef0";
for (let i = 0; i < environments; i++) {
    const name = \`env\${i}\`;
    const groups = new SigmaSecurityGroups(name, { vpcId, appCidrs: ["203.0.113.0/24"] }, opts);
    const instance = new SigmaInstance(name, {
        subnetId, securityGroupIds: [groups.appSecurityGroupId, groups.dbSecurityGroupId], amiId: "ami-0123456789abcdef0",
    }, opts);
    const monitoring = new SigmaMonitoring(name, { alarmEmails: [\`ops-\${i}@example.com\`], instanceIds: [instance.instanceId], instanceNames: ["appdb"] }, opts);
    const vault = new SigmaBackupVault(name, { vaultName: \`SigmaBackupVault-\${name}\`, notificationTopicArn: monitoring.topicArn }, opts);
    new SigmaBackupPlan(name, { vaultName: vault.vaultName, planName: \`SigmaBackupPlan-\${name}\` }, opts);
    new SigmaRestore(name, {
        vaultName: vault.vaultName, vaultArn: vault.vaultArn, notificationTopicArn: monitoring.topicArn, notificationKeyArn: monitoring.keyArn,
        functionName: \`EC2RestoreLambdaFunction-\${name}\`, allowedSubnetIds: [subnetId], vpcId,
    }, opts);
}
`;
}

/**
 * Runs the synth of one stack of `projectDir` through the synth CLI's main (the CLI has no project flag), then reports
 * its CPU time, peak RSS and resource count on fd 3 for the bench.
 */
function scaleRunner(root) {
    return `"use strict";
const fs = require("fs");
const { main } = require(${JSON.stringify(path.join(root, "offline", "synth", "cli.ts"))});
let text = "";
const io = { stdout: { write: (t) => { text += t; return true; } }, stderr: process.stderr };
main([process.argv[2]], io, { projectDir: __dirname }).then((code) => {
    const usage = process.resourceUsage();
    const resources = code === 0 ? JSON.parse(text).resources.length : undefined;
    fs.writeSync(3, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, rssMB: usage.maxRSS / 1024, resources }));
    process.exit(code);
});
`;
}

/** A temporary project running the scale program at each count (stack n<N>); remove it with fs.rmSync. */
function scaleProject(root, counts) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigma-bench-scale-"));
    fs.copyFileSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "junction");
    fs.writeFileSync(path.join(dir, "index.ts"), scaleProgram(root));
    fs.writeFileSync(path.join(dir, "run.js"), scaleRunner(root));
    for (const n of counts) {
        fs.writeFileSync(path.join(dir, `Pulumi.n${n}.yaml`), `config:\n  bench:environments: ${n}\n`);
    }
    return dir;
}

/** The scale cases of one checkout (`root`), for `npm run bench` and for comparing two checkouts. */
function scaleCases(root, counts, dir, label = "") {
    return counts.map((n) => ({
        label: `${label}synth of ${n} environment${n === 1 ? "" : "s"} in one program`, n, command: process.execPath,
        // Tuned as the synth command is (the hook recognises the offline commands by their path, not this runner's).
        env: () => ({ SIGMA_V8_FLAGS: process.env.SIGMA_V8_FLAGS ?? offlineV8Flags() }),
        args: ["-r", path.join(root, "scripts", "transpileHook.js"), path.join(dir, "run.js"), `n${n}`],
    }));
}

/** Cost per environment between the smallest and the largest count: the slope of wall time, CPU time and peak RSS. */
function slope(rows) {
    const [first, last] = [rows[0], rows[rows.length - 1]];
    const per = (key) => (last[key] - first[key]) / (last.n - first.n);
    return { ms: per("median"), cpuMs: per("cpuMs"), rssMB: per("rssMB"), resources: per("resources") };
}

const fmt = (ms) => `${Math.round(ms)} ms`.padStart(8);

/** Reports a process's CPU time and peak RSS on fd 3 when it exits (preloaded into every start-up case). */
const REPORT_USAGE = path.join(__dirname, "bench", "reportUsage.js");

function startup(runs, stack) {
    // Fresh transpile and code caches per run: the first run after a clone or a source change.
    const caches = [];
    const emptyCaches = (i) => {
        caches.push(fs.mkdtempSync(path.join(os.tmpdir(), `sigma-bench-${i + 1}-`)));
        const dir = caches[caches.length - 1];
        return { SIGMA_TRANSPILE_CACHE: path.join(dir, "transpile"), SIGMA_CODE_CACHE_DIR: path.join(dir, "code") };
    };
    try {
        return startupCases(runs, stack, emptyCaches);
    } finally {
        caches.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
    }
}

/** Issue 17's start-up targets: a multiple of the floor's CPU time (wall time under a shared machine's load is shown, not judged). */
const STARTUP_TARGETS = { synth: 1.3, plan: 1.6 };

function startupCases(runs, stack, emptyCaches) {
    // node itself, as npm run runs it (npm's own start-up, ~0.3 s, is not the tools' cost).
    const tool = (cli, ...args) => ["-r", REPORT_USAGE, "-r", path.join(ROOT, "scripts", "transpileHook.js"), path.join(ROOT, "offline", cli, "cli.ts"), ...args];
    const [floor, ...rows] = measureInterleaved([
        { label: "floor: node -e require('@pulumi/pulumi'); require('@pulumi/aws')", command: process.execPath,
            args: ["-r", REPORT_USAGE, "-e", "require('@pulumi/pulumi'); require('@pulumi/aws')"] },
        { label: "synth dev", command: process.execPath, args: tool("synth", "dev"), target: STARTUP_TARGETS.synth },
        { label: "synth dev (empty caches)", command: process.execPath, args: tool("synth", "dev"), target: STARTUP_TARGETS.synth, env: emptyCaches },
        { label: `plan ${stack}`, command: process.execPath, args: tool("plan", stack), target: STARTUP_TARGETS.plan },
        { label: `plan ${stack} (empty caches)`, command: process.execPath, args: tool("plan", stack), target: STARTUP_TARGETS.plan, env: emptyCaches },
    ], runs);
    const usage = (row) => `wall ${fmt(row.median)} (${Math.round(row.min)}-${Math.round(row.max)}), cpu ${fmt(row.cpuMs)}, peak RSS ${Math.round(row.rssMB)} MB`;
    console.log(`${floor.label.padEnd(62)} ${usage(floor)}`);
    let over = 0;
    for (const row of rows) {
        const ratio = row.cpuMs / floor.cpuMs;
        const verdict = ratio <= row.target ? "within" : "OVER";
        over += verdict === "OVER" ? 1 : 0;
        console.log(`${row.label.padEnd(62)} ${usage(row)}  cpu ${ratio.toFixed(2)}x floor (wall ${(row.median / floor.median).toFixed(2)}x), ${verdict} target ${row.target}x`);
    }
    return over;
}

/** Per-environment targets of issue 17 (wall time and peak RSS per complete environment). */
const SCALE_TARGETS = { ms: 80, rssMB: 5 };

function scale(runs, counts) {
    const dir = scaleProject(ROOT, counts);
    try {
        const rows = measureInterleaved(scaleCases(ROOT, counts, dir), runs);
        for (const row of rows) {
            console.log(`${row.label.padEnd(62)} ${fmt(row.median)}  (${Math.round(row.min)}-${Math.round(row.max)})  cpu ${fmt(row.cpuMs)}, peak RSS ${Math.round(row.rssMB)} MB, ${row.resources} resources`);
        }
        const per = slope(rows);
        let over = 0;
        const verdict = (value, target) => (value <= target ? "within" : (over++, "OVER"));
        console.log(`per environment (${rows[0].n} -> ${rows[rows.length - 1].n}): ${per.ms.toFixed(0)} ms wall (${verdict(per.ms, SCALE_TARGETS.ms)} target ${SCALE_TARGETS.ms} ms), `
            + `${per.cpuMs.toFixed(0)} ms cpu, ${per.rssMB.toFixed(1)} MB peak RSS (${verdict(per.rssMB, SCALE_TARGETS.rssMB)} target ${SCALE_TARGETS.rssMB} MB), ${per.resources.toFixed(0)} resources`);
        return over;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * The Pulumi scale program and the CDK app of the same content (scripts/bench/cdkApp.js, one CloudFormation stack per
 * environment, rules check off) at the smallest and the largest count, interleaved; each CDK run writes its cloud
 * assembly to a fresh temporary folder, removed afterwards. Returns how many counts the CDK app was faster at (CPU).
 */
function cdkComparison(runs, counts) {
    const ends = [counts[0], counts[counts.length - 1]];
    const dir = scaleProject(ROOT, ends);
    const outdirs = [];
    const freshOutdir = () => {
        outdirs.push(fs.mkdtempSync(path.join(os.tmpdir(), "sigma-bench-cdk-")));
        return outdirs[outdirs.length - 1];
    };
    try {
        const cases = [];
        for (const [i, pulumiCase] of scaleCases(ROOT, ends, dir).entries()) {
            const n = ends[i];
            cases.push(pulumiCase, {
                label: `CDK app, ${n} environment${n === 1 ? "" : "s"} (node app.js, rules check off)`, n, command: process.execPath,
                args: [path.join(__dirname, "bench", "cdkApp.js"), String(n)], lastArg: freshOutdir,
            });
        }
        const rows = measureInterleaved(cases.map((c) => (c.lastArg ? { ...c, argsFor: () => [...c.args, c.lastArg()] } : c)), runs);
        let behind = 0;
        for (let i = 0; i < rows.length; i += 2) {
            const [ours, cdk] = [rows[i], rows[i + 1]];
            for (const row of [ours, cdk]) {
                console.log(`${row.label.padEnd(62)} wall ${fmt(row.median)}, cpu ${fmt(row.cpuMs)}, peak RSS ${Math.round(row.rssMB)} MB, ${row.resources} resources`);
            }
            const ratio = ours.cpuMs / cdk.cpuMs;
            behind += ratio > 1 ? 1 : 0;
            console.log(`  N = ${ours.n}: synth ${ratio.toFixed(2)}x the CDK app's CPU time (${ratio <= 1 ? "ahead" : "BEHIND"}), ${(ours.rssMB / cdk.rssMB).toFixed(2)}x its peak RSS`);
        }
        return behind;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        outdirs.forEach((outdir) => fs.rmSync(outdir, { recursive: true, force: true }));
    }
}

function main() {
    const { runs, stack: chosen, scale: counts, only } = parseArgs(process.argv.slice(2));
    console.log(`node ${process.version}, ${os.cpus().length} cores, ${runs} runs each (median; min-max), every run a fresh process, cases interleaved`);
    let over = 0;
    if (only === undefined || only === "startup") {
        over += startup(runs, chosen || heaviestStack());
    }
    if (only === undefined || only === "scale") {
        over += scale(runs, counts);
    }
    if (only === undefined || only === "cdk") {
        over += cdkComparison(runs, counts);
    }
    return over;
}

module.exports = { scaleProject, scaleCases, measureInterleaved, slope, median, parseArgs };

if (require.main === module) {
    try {
        const over = main();
        process.exitCode = over > 0 && process.env.BENCH_STRICT === "1" ? 1 : 0;
    } catch (err) {
        console.error(`bench failed: ${err.message}`);
        process.exitCode = 2;
    }
}
