import * as fs from "fs";
import * as path from "path";
import { evaluatePolicies, formatReport, loadPolicyConfig, PolicyReport } from "./policyCheck";
import { defaultConfigFile } from "./policyConfig";
import { listStacks, synthesize, SynthResult } from "../synth/synthesize";

const PROJECT_DIR = path.join(__dirname, "..", "..");
const USAGE = [
    "usage: npm run policy:check -- <stack> [--config FILE] [--json]",
    "       npm run policy:check -- --from SYNTH.json [--config FILE] [--json]",
    "       npm run policy:check -- --all",
    "Without --config a stack uses policy/config/<stack>.json when it exists, else the pack's defaults.",
    "Exit status: 0 no mandatory violation, 1 mandatory violation(s), 2 bad arguments, config or synth document.",
].join("\n");

/** Raised for bad command-line input; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

export interface PolicyCheckArgs {
    stack?: string;
    from?: string;
    config?: string;
    all: boolean;
    json: boolean;
}

/** Parses the CLI's arguments; throws a UsageError naming the bad flag or value. */
export function parsePolicyCheckArgs(argv: string[]): PolicyCheckArgs {
    const args: PolicyCheckArgs = { all: false, json: false };
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            const next = argv[++i];
            if (next === undefined || next.startsWith("--")) {
                throw new UsageError(`${arg} needs a value, e.g. ${arg} ${arg === "--from" ? "/tmp/dev.json" : "policy/config/prod.json"}`);
            }
            return next;
        };
        if (arg === "--from") args.from = value();
        else if (arg === "--config") args.config = value();
        else if (arg === "--all") args.all = true;
        else if (arg === "--json") args.json = true;
        else if (arg.startsWith("-")) throw new UsageError(`unknown flag ${JSON.stringify(arg)}; the flags are --from, --config, --all and --json`);
        else positional.push(arg);
    }
    if (positional.length > 1) {
        throw new UsageError(`give one stack, not ${positional.length} (${positional.join(", ")}); use --all for every stack`);
    }
    args.stack = positional[0];
    const sources = [args.stack !== undefined, args.from !== undefined, args.all].filter(Boolean).length;
    if (sources !== 1) {
        throw new UsageError(sources === 0 ? "name a stack, --from SYNTH.json or --all" : "give only one of <stack>, --from and --all");
    }
    if (args.all && args.config) {
        throw new UsageError("--all uses each stack's own policy/config/<stack>.json; drop --config or check one stack");
    }
    return args;
}

/** Reads a synth document written by `npm run synth -- <stack> --out FILE`; throws a UsageError naming what is wrong. */
export function readSynthDocument(file: string): SynthResult {
    let doc: any;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new UsageError(`--from ${file}: cannot read a JSON synth document (${(err as Error).message}); write one with npm run synth -- <stack> --out ${file}`);
    }
    if (!doc || typeof doc.stack !== "string" || !Array.isArray(doc.resources)) {
        throw new UsageError(`--from ${file}: not a synth document (needs "stack" and a "resources" list); write one with npm run synth -- <stack> --out ${file}`);
    }
    return doc as SynthResult;
}

async function checkOne(synth: SynthResult, configFile: string | undefined, config: Record<string, any>, json: boolean): Promise<PolicyReport> {
    const report = await evaluatePolicies(synth, { config, configSource: configFile });
    const label = configFile ? path.relative(process.cwd(), configFile) : "the pack's defaults";
    process.stdout.write(json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report, label) + "\n");
    return report;
}

async function main(argv: string[]): Promise<number> {
    let args: PolicyCheckArgs;
    try {
        args = parsePolicyCheckArgs(argv);
    } catch (err) {
        process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
        return 2;
    }
    try {
        if (args.all) {
            const stacks = listStacks(PROJECT_DIR);
            const failed: string[] = [];
            for (const stack of stacks) {
                const configFile = defaultConfigFile(stack);
                const config = configFile ? loadPolicyConfig(configFile) : {};
                const report = await checkOne(await synthesize({ stack }), configFile, config, args.json);
                if (report.counts.mandatory > 0) {
                    failed.push(`${stack} (${report.counts.mandatory})`);
                }
                process.stdout.write("\n");
            }
            process.stdout.write(failed.length > 0 ? `mandatory violations in: ${failed.join(", ")}\n` : `all ${stacks.length} stack(s) pass: ${stacks.join(", ")}\n`);
            return failed.length > 0 ? 1 : 0;
        }
        // The config is read (and its errors reported) before the program is synthesised.
        const fromDocument = args.from ? readSynthDocument(args.from) : undefined;
        const configFile = args.config ?? defaultConfigFile(fromDocument?.stack ?? (args.stack as string));
        const config = configFile ? loadPolicyConfig(configFile) : {};
        const synth = fromDocument ?? await synthesize({ stack: args.stack as string });
        const report = await checkOne(synth, configFile, config, args.json);
        return report.counts.mandatory > 0 ? 1 : 0;
    } catch (err) {
        process.stderr.write(`policy check failed: ${err instanceof Error ? err.message : String(err)}\n`);
        return 2;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code));
}
