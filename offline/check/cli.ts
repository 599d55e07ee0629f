import * as fs from "fs";
import * as path from "path";
import { isStackName } from "../../model/ids";
import { allPolicies } from "../../policy/policies";
import {
    CliContext, CliIo, FlagSpec, inputFileProblem, missingStackProblem, parseArgs, PROCESS_IO, refuse, REPOSITORY_ROOT, runAsProcess,
    stackNameProblem, stacksIn, UsageError, valueOf,
} from "../cliArgs";
import { evaluatePolicies, formatReport, loadPolicyConfig, PolicyConfigError, PolicyReport } from "./policyCheck";
import { defaultConfigFile, resolvePolicyConfig } from "./policyConfig";
import { parseStackOutputs, STACK_OUTPUT_FLAG, StackOutputs, StackReferenceError } from "../synth/stackReferences";
import { synthesize, SynthResult, unreadStackOutputProblems } from "../synth/synthesize";

export { UsageError };

export const POLICY_CHECK_USAGE = [
    "usage: npm run policy:check -- <stack> [--config FILE] [--json] [--stack-output <stack>.<Output>=<value> ...]",
    "       npm run policy:check -- --from SYNTH.json [--config FILE] [--json]",
    "       npm run policy:check -- --all [--json] [--stack-output ...]",
    "Without --config a stack uses policy/config/<stack>.json when it exists, else the pack's defaults.",
    "Exit status: 0 no mandatory violation, 1 mandatory violation(s), 2 bad arguments, config or synth document.",
].join("\n");

const POLICY_CHECK_FLAGS: FlagSpec[] = [
    { flag: "--from", value: "SYNTH.json", example: "/tmp/dev.json" },
    { flag: "--config", value: "FILE", example: "policy/config/prod.json" },
    { flag: "--all" },
    { flag: "--json" },
    STACK_OUTPUT_FLAG,
];

export interface PolicyCheckArgs {
    stack?: string;
    from?: string;
    config?: string;
    all: boolean;
    json: boolean;
    /** Answers to StackReferences (`--stack-output`), by stack. */
    stackOutputs: StackOutputs;
    help?: boolean;
}

/**
 * Parses the CLI's arguments without touching any file; throws a UsageError naming every bad flag or value.
 * Stack names are checked here, before anything is read.
 */
export function parsePolicyCheckArgs(argv: string[], projectDir: string = REPOSITORY_ROOT): PolicyCheckArgs {
    const parsed = parseArgs(argv, POLICY_CHECK_FLAGS);
    const problems = parsed.problems;
    const stackOutputs = parseStackOutputs(parsed.values.get("--stack-output") ?? [], problems);
    const args: PolicyCheckArgs = {
        from: valueOf(parsed, "--from"), config: valueOf(parsed, "--config"),
        all: parsed.switches.has("--all"), json: parsed.switches.has("--json"), stackOutputs,
    };
    if (parsed.help && problems.length === 0) {
        return { ...args, help: true };
    }
    const [stack, ...extra] = parsed.positionals;
    if (extra.length > 0) {
        problems.push(`give one stack, not ${parsed.positionals.length} (${parsed.positionals.join(", ")}); use --all for every stack`);
    }
    if (stack !== undefined) {
        const problem = stackNameProblem("stack", stack, projectDir);
        if (problem) {
            problems.push(problem);
        }
    }
    args.stack = stack;
    const sources = [stack !== undefined, args.from !== undefined, args.all].filter(Boolean).length;
    if (sources === 0) {
        problems.push(`name a stack, --from SYNTH.json or --all (the stacks here are: ${stacksIn(projectDir).join(", ")})`);
    } else if (sources > 1) {
        const given = [stack !== undefined ? `stack ${JSON.stringify(stack)}` : "", args.from !== undefined ? `--from ${JSON.stringify(args.from)}` : "", args.all ? "--all" : ""].filter(Boolean);
        problems.push(`give only one of <stack>, --from and --all, not ${given.join(" and ")}`);
    }
    if (args.all && args.config) {
        problems.push(`--config ${JSON.stringify(args.config)} with --all: --all uses each stack's own policy/config/<stack>.json; drop --config or check one stack`);
    }
    if (args.from !== undefined && Object.keys(stackOutputs).length > 0) {
        problems.push(`--stack-output with --from ${JSON.stringify(args.from)}: the document is already synthesised; drop --stack-output or check a stack`);
    }
    if (problems.length > 0) {
        throw new UsageError(problems);
    }
    return args;
}

/** The file-system checks that follow parsing: the stack's file, --from and --config exist, every --stack-output is read. */
export function policyCheckInputProblems(args: PolicyCheckArgs, projectDir: string): string[] {
    const problems = [
        args.stack !== undefined ? missingStackProblem("stack", args.stack, projectDir) : undefined,
        args.from !== undefined ? inputFileProblem("--from", args.from, "/tmp/dev.json (npm run synth -- dev --out /tmp/dev.json)") : undefined,
        args.config !== undefined ? policyConfigProblem("--config", args.config) : undefined,
    ].filter((p): p is string => p !== undefined);
    if (problems.length === 0) {
        const stacks = args.all ? stacksIn(projectDir) : args.stack !== undefined ? [args.stack] : [];
        problems.push(...unreadStackOutputProblems(args.stackOutputs, stacks, projectDir));
    }
    return problems;
}

/** Reads a synth document written by `npm run synth -- <stack> --out FILE`; throws a UsageError naming what is wrong. */
export function readSynthDocument(file: string): SynthResult {
    let doc: any;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new UsageError([`--from ${file}: cannot read a JSON synth document (${(err as Error).message}); write one with npm run synth -- <stack> --out ${file}`]);
    }
    if (!doc || typeof doc.stack !== "string" || !Array.isArray(doc.resources)) {
        throw new UsageError([`--from ${file}: not a synth document (needs "stack" and a "resources" list); write one with npm run synth -- <stack> --out ${file}`]);
    }
    // The stack names the default policy config file, so it must be a plain stack name.
    if (!isStackName(doc.stack)) {
        throw new UsageError([`--from ${file}: its "stack" ${JSON.stringify(doc.stack)} is not a stack name; write the document with npm run synth -- <stack> --out ${file}`]);
    }
    return doc as SynthResult;
}

/** Why a policy config file given as `flag` cannot be used (unreadable, not JSON, not the pack's settings), if it cannot. */
export function policyConfigProblem(flag: string, file: string): string | undefined {
    const missing = inputFileProblem(flag, file, "policy/config/prod.json");
    if (missing) {
        return missing;
    }
    try {
        readPolicyConfig(file);
        return undefined;
    } catch (err) {
        if (err instanceof PolicyConfigError) {
            return `${flag} ${JSON.stringify(file)}: ${err.message}`;
        }
        throw err;
    }
}

/** Reads a policy config and checks it against the pack, so its errors come before any synth. */
function readPolicyConfig(file: string | undefined): Record<string, any> {
    if (!file) {
        return {};
    }
    const config = loadPolicyConfig(file);
    resolvePolicyConfig(allPolicies, config, file);
    return config;
}

async function checkOne(synth: SynthResult, configFile: string | undefined, config: Record<string, any>, json: boolean, io: CliIo): Promise<PolicyReport> {
    const report = await evaluatePolicies(synth, { config, configSource: configFile });
    const label = configFile ? path.relative(process.cwd(), configFile) : "the pack's defaults";
    io.stdout.write(json ? JSON.stringify(report, null, 2) + "\n" : formatReport(report, label) + "\n");
    return report;
}

/** `npm run policy:check -- <stack> | --from FILE | --all`: the sigma-guard pack over synth documents, offline. */
export async function main(argv: string[], io: CliIo = PROCESS_IO, context: CliContext = {}): Promise<number> {
    const projectDir = path.resolve(context.projectDir ?? REPOSITORY_ROOT);
    let args: PolicyCheckArgs;
    try {
        args = parsePolicyCheckArgs(argv, projectDir);
        if (args.help) {
            io.stdout.write(`${POLICY_CHECK_USAGE}\n`);
            return 0;
        }
        const problems = policyCheckInputProblems(args, projectDir);
        if (problems.length > 0) {
            throw new UsageError(problems);
        }
    } catch (err) {
        if (err instanceof UsageError) {
            return refuse(io, err.problems, POLICY_CHECK_USAGE);
        }
        throw err;
    }
    try {
        if (args.all) {
            const stacks = stacksIn(projectDir);
            const failed: string[] = [];
            const configs = stacks.map((stack) => {
                const file = defaultConfigFile(stack);
                return { file, config: readPolicyConfig(file) };
            });
            for (const [i, stack] of stacks.entries()) {
                const synth = await synthesize({ stack, projectDir, stackReferences: args.stackOutputs });
                const report = await checkOne(synth, configs[i].file, configs[i].config, args.json, io);
                if (report.counts.mandatory > 0) {
                    failed.push(`${stack} (${report.counts.mandatory})`);
                }
                io.stdout.write("\n");
            }
            io.stdout.write(failed.length > 0 ? `mandatory violations in: ${failed.join(", ")}\n` : `all ${stacks.length} stack(s) pass: ${stacks.join(", ")}\n`);
            return failed.length > 0 ? 1 : 0;
        }
        // The config is read (and its errors reported) before the program is synthesised.
        const fromDocument = args.from ? readSynthDocument(args.from) : undefined;
        const configFile = args.config ?? defaultConfigFile(fromDocument?.stack ?? (args.stack as string));
        const config = readPolicyConfig(configFile);
        const synth = fromDocument ?? await synthesize({ stack: args.stack as string, projectDir, stackReferences: args.stackOutputs });
        const report = await checkOne(synth, configFile, config, args.json, io);
        return report.counts.mandatory > 0 ? 1 : 0;
    } catch (err) {
        if (err instanceof UsageError || err instanceof StackReferenceError) {
            return refuse(io, err instanceof UsageError ? err.problems : [err.message], POLICY_CHECK_USAGE);
        }
        if (err instanceof PolicyConfigError) {
            io.stderr.write(`${err.message}\n`);
            return 2;
        }
        io.stderr.write(`policy check failed: ${err instanceof Error ? err.message : String(err)}\n`);
        return 2;
    }
}

if (require.main === module) {
    runAsProcess(main);
}
