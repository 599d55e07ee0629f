import * as fs from "fs";
import * as path from "path";
import { isStackName } from "../../model/ids";
import { allPolicies } from "../../policy/policies";
import {
    CliContext, CliIo, FlagSpec, inputFileProblem, missingStackProblem, outFileProblem, parseArgs, PROCESS_IO, refuse, REPOSITORY_ROOT, runAsProcess,
    stackNameProblem, stacksIn, UsageError, valueOf,
} from "../cliArgs";
import { toJunit } from "./junit";
import { evaluateWithWaivers, formatReport, loadPolicyConfig, PolicyConfigError, reportFails } from "./policyCheck";
import { POLICY_CONFIG_DIR, resolvePolicyConfig } from "./policyConfig";
import { CheckedStack, toSarif } from "./sarif";
import { parseStackOutputs, STACK_OUTPUT_FLAG, StackOutputs, StackReferenceError } from "../synth/stackReferences";
import { synthesize, SynthResult, unreadStackOutputProblems } from "../synth/synthesize";

export { UsageError };

/** The report formats: text for people, the JSON report, SARIF 2.1.0 for code scanning, JUnit XML for CI test reports. */
export const POLICY_CHECK_FORMATS = ["text", "json", "sarif", "junit"] as const;
export type PolicyCheckFormat = typeof POLICY_CHECK_FORMATS[number];

export const POLICY_CHECK_USAGE = [
    "usage: npm run policy:check -- <stack> [--config FILE] [--format text|json|sarif|junit] [--out FILE] [--stack-output <stack>.<Output>=<value> ...]",
    "       npm run policy:check -- --from SYNTH.json [--config FILE] [--format ...] [--out FILE] [--source-root DIR]",
    "       npm run policy:check -- --all [--format ...] [--out FILE] [--stack-output ...]",
    "Without --config a stack uses policy/config/<stack>.json, which must exist. --json is --format json.",
    "--source-root DIR: the checkout whose components/ SARIF results point into (default: the project).",
    "Exit status: 0 no mandatory violation, 1 mandatory violation(s) or an expired/invalid waiver, 2 bad arguments, a missing or invalid config, a bad synth document.",
].join("\n");

const POLICY_CHECK_FLAGS: FlagSpec[] = [
    { flag: "--from", value: "SYNTH.json", example: "/tmp/dev.json" },
    { flag: "--config", value: "FILE", example: "policy/config/prod.json" },
    { flag: "--all" },
    { flag: "--json" },
    STACK_OUTPUT_FLAG,
    { flag: "--format", value: "FORMAT", example: "sarif" },
    { flag: "--out", value: "FILE", example: "/tmp/sigma-guard.sarif" },
    { flag: "--source-root", value: "DIR", example: "../change" },
];

export interface PolicyCheckArgs {
    stack?: string;
    from?: string;
    config?: string;
    all: boolean;
    format: PolicyCheckFormat;
    /** Write the report here instead of stdout. */
    out?: string;
    /** The checkout whose components/ SARIF results point into (the change under review, when the pack runs from the base). */
    sourceRoot?: string;
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
    const formatGiven = valueOf(parsed, "--format");
    const json = parsed.switches.has("--json");
    let format: PolicyCheckFormat = json ? "json" : "text";
    if (formatGiven !== undefined) {
        if (!(POLICY_CHECK_FORMATS as readonly string[]).includes(formatGiven)) {
            problems.push(`--format ${JSON.stringify(formatGiven)} is not a format; use one of ${POLICY_CHECK_FORMATS.join(", ")}, e.g. --format sarif`);
        } else if (json && formatGiven !== "json") {
            problems.push(`--json with --format ${JSON.stringify(formatGiven)}: --json means --format json; give one of them`);
        } else {
            format = formatGiven as PolicyCheckFormat;
        }
    }
    const args: PolicyCheckArgs = {
        from: valueOf(parsed, "--from"), config: valueOf(parsed, "--config"),
        all: parsed.switches.has("--all"), format, stackOutputs,
    };
    const out = valueOf(parsed, "--out");
    if (out !== undefined) {
        args.out = out;
    }
    const sourceRoot = valueOf(parsed, "--source-root");
    if (sourceRoot !== undefined) {
        args.sourceRoot = sourceRoot;
        if (format !== "sarif") {
            problems.push(`--source-root ${JSON.stringify(sourceRoot)} locates SARIF results only; add --format sarif or drop it`);
        }
    }
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

/**
 * The policy config a stack is checked under when no --config is given: `<policyConfigDir>/<stack>.json`. A missing
 * one is an error, never the pack's defaults: those require no vault lock, copy or termination protection.
 */
export function missingPolicyConfigProblem(stack: string, policyConfigDir: string, projectDir: string): string | undefined {
    const file = path.join(policyConfigDir, `${stack}.json`);
    if (fs.existsSync(file)) {
        return undefined;
    }
    const shown = displayFile(file, projectDir);
    return `stack "${stack}" has no policy config ${shown}: without it the pack's defaults would judge the stack; ` +
        `write ${shown} (e.g. from policy/config/prod.json), or name another file with --config FILE`;
}

/** A path as messages and reports show it: relative to the project when inside it, else absolute. */
function displayFile(file: string, projectDir: string): string {
    const relative = path.relative(projectDir, path.resolve(file));
    return relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(file) : relative.split(path.sep).join("/");
}

/**
 * The file-system checks that follow parsing: the stack's file, --from and --config exist, the stack's (or every
 * stack's, with --all) policy config exists unless --config is given, --out can be written, every --stack-output is read.
 */
export function policyCheckInputProblems(args: PolicyCheckArgs, projectDir: string, policyConfigDir: string = POLICY_CONFIG_DIR): string[] {
    const problems = [
        args.stack !== undefined ? missingStackProblem("stack", args.stack, projectDir) : undefined,
        args.from !== undefined ? inputFileProblem("--from", args.from, "/tmp/dev.json (npm run synth -- dev --out /tmp/dev.json)") : undefined,
        args.config !== undefined ? policyConfigProblem("--config", args.config) : undefined,
        args.out !== undefined ? outFileProblem("--out", args.out) : undefined,
        args.sourceRoot !== undefined && !(fs.existsSync(args.sourceRoot) && fs.statSync(args.sourceRoot).isDirectory())
            ? `--source-root ${JSON.stringify(args.sourceRoot)} is not a directory; give the checkout the synth came from, e.g. --source-root ../change` : undefined,
    ].filter((p): p is string => p !== undefined);
    if (args.config === undefined) {
        const stacks = args.all ? stacksIn(projectDir) : args.stack !== undefined && problems.length === 0 ? [args.stack] : [];
        problems.push(...stacks.map((stack) => missingPolicyConfigProblem(stack, policyConfigDir, projectDir)).filter((p): p is string => p !== undefined));
    }
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
function readPolicyConfig(file: string): Record<string, any> {
    const config = loadPolicyConfig(file);
    resolvePolicyConfig(allPolicies, config, file);
    return config;
}

/** The pack's version (policy/package.json), as SARIF names the tool. */
function packVersion(): string {
    try {
        return String(JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "policy", "package.json"), "utf8")).version);
    } catch {
        return "unknown";
    }
}

/** The checked stacks in the requested format: one document for all of them (text and JSON keep one report per stack). */
export function renderChecked(checked: readonly CheckedStack[], format: PolicyCheckFormat, sourceRoot: string, all: boolean): string {
    switch (format) {
        case "sarif":
            return JSON.stringify(toSarif(checked, allPolicies, sourceRoot, packVersion()), null, 2) + "\n";
        case "junit":
            return toJunit(checked, allPolicies);
        case "json":
            return JSON.stringify(all ? checked.map((c) => c.report) : checked[0].report, null, 2) + "\n";
        case "text":
            return checked.map((c) => formatReport(c.report, c.configFile ?? "the pack's defaults") + "\n").join("\n");
    }
}

/** What `main` runs against besides its arguments: the project, and where the stacks' policy configs are. */
export interface PolicyCheckContext extends CliContext {
    /** The directory of the stacks' `<stack>.json` policy configs; the repository's policy/config by default. */
    policyConfigDir?: string;
}

/** `npm run policy:check -- <stack> | --from FILE | --all`: the sigma-guard pack over synth documents, offline. */
export async function main(argv: string[], io: CliIo = PROCESS_IO, context: PolicyCheckContext = {}): Promise<number> {
    const projectDir = path.resolve(context.projectDir ?? REPOSITORY_ROOT);
    const policyConfigDir = path.resolve(context.policyConfigDir ?? POLICY_CONFIG_DIR);
    let args: PolicyCheckArgs;
    try {
        args = parsePolicyCheckArgs(argv, projectDir);
        if (args.help) {
            io.stdout.write(`${POLICY_CHECK_USAGE}\n`);
            return 0;
        }
        const problems = policyCheckInputProblems(args, projectDir, policyConfigDir);
        if (problems.length > 0) {
            throw new UsageError(problems);
        }
    } catch (err) {
        if (err instanceof UsageError) {
            return refuse(io, err.problems, POLICY_CHECK_USAGE);
        }
        throw err;
    }
    const configOf = (stack: string) => args.config ?? path.join(policyConfigDir, `${stack}.json`);
    try {
        const checked: CheckedStack[] = [];
        if (args.all) {
            const stacks = stacksIn(projectDir);
            // Every config is read (and its errors reported) before any program is synthesised.
            const configs = stacks.map((stack) => readPolicyConfig(configOf(stack)));
            for (const [i, stack] of stacks.entries()) {
                const synth = await synthesize({ stack, projectDir, stackReferences: args.stackOutputs });
                const report = await evaluateWithWaivers(synth, { config: configs[i], configSource: configOf(stack) });
                checked.push({ report, configFile: displayFile(configOf(stack), projectDir) });
            }
        } else {
            const fromDocument = args.from ? readSynthDocument(args.from) : undefined;
            const stack = fromDocument?.stack ?? (args.stack as string);
            if (args.config === undefined) {
                const missing = missingPolicyConfigProblem(stack, policyConfigDir, projectDir);
                if (missing) {
                    throw new UsageError([`--from ${args.from}: ${missing}`]);
                }
            }
            const config = readPolicyConfig(configOf(stack));
            const synth = fromDocument ?? await synthesize({ stack, projectDir, stackReferences: args.stackOutputs });
            const report = await evaluateWithWaivers(synth, { config, configSource: configOf(stack) });
            checked.push({ report, configFile: displayFile(configOf(stack), projectDir) });
        }
        const failed = checked.filter((c) => reportFails(c.report));
        const product = renderChecked(checked, args.format, path.resolve(args.sourceRoot ?? projectDir), args.all);
        if (args.out !== undefined) {
            fs.writeFileSync(args.out, product);
        } else {
            io.stdout.write(product);
        }
        const verdict = failed.length > 0
            ? `mandatory violations or invalid waivers in: ${failed.map((c) => `${c.report.stack} (${c.report.counts.mandatory} mandatory, ${c.report.counts.invalidWaivers} invalid waiver(s))`).join(", ")}`
            : `${checked.length === 1 ? `stack ${checked[0].report.stack} passes` : `all ${checked.length} stack(s) pass: ${checked.map((c) => c.report.stack).join(", ")}`}`;
        // The verdict line joins the text on stdout; a machine format keeps stdout to the document.
        if (args.all && args.format === "text" && args.out === undefined) {
            io.stdout.write(`\n${verdict}\n`);
        } else if (args.format !== "text" || args.out !== undefined) {
            io.stderr.write(`${args.out !== undefined ? `wrote ${args.format} to ${args.out}; ` : ""}${verdict}\n`);
        }
        return failed.length > 0 ? 1 : 0;
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
