import * as fs from "fs";
import * as path from "path";
import {
    CliContext, CliIo, FlagSpec, missingStackProblem, oneStack, outFileProblem, parseArgs, PROCESS_IO, refuse, REPOSITORY_ROOT,
    runAsProcess, UsageError, valueOf,
} from "../cliArgs";
import { parseStackOutputs, STACK_OUTPUT_FLAG, StackOutputs, StackReferenceError } from "./stackReferences";
import { synthesize, unreadStackOutputProblems } from "./synthesize";

export const SYNTH_USAGE = [
    "usage: npm run synth -- <stack> [--out FILE] [--stack-output <stack>.<Output>=<value> ...]",
    "Prints the stack's synth document (JSON) on stdout, or writes it to FILE.",
    "A StackReference (sigma:drStack) is answered by the named local stack's synth, or by --stack-output.",
    "Exit status: 0 written, 1 the program failed (e.g. invalid stack config), 2 bad arguments.",
].join("\n");

const SYNTH_FLAGS: FlagSpec[] = [{ flag: "--out", value: "FILE", example: "/tmp/dev.json" }, STACK_OUTPUT_FLAG];

/** What `npm run synth -- ...` was asked for. */
export interface SynthArgs {
    stack: string;
    out?: string;
    stackOutputs: StackOutputs;
    help: boolean;
}

/**
 * Reads and checks the synth arguments; throws a UsageError listing every problem. The stack name is checked
 * before any file is touched; then that its Pulumi.<stack>.yaml exists, --out's directory, and that every
 * --stack-output answers a reference the stack makes.
 */
export function parseSynthArgs(argv: string[], projectDir: string = REPOSITORY_ROOT): SynthArgs {
    const parsed = parseArgs(argv, SYNTH_FLAGS);
    if (parsed.help && parsed.problems.length === 0) {
        return { stack: "", stackOutputs: {}, help: true };
    }
    const stack = oneStack(parsed, projectDir, "synth", "npm run synth --");
    const stackOutputs = parseStackOutputs(parsed.values.get("--stack-output") ?? [], parsed.problems);
    const out = valueOf(parsed, "--out");
    if (parsed.problems.length > 0 || stack === undefined) {
        throw new UsageError(parsed.problems);
    }
    const problems = [missingStackProblem("stack", stack, projectDir), out !== undefined ? outFileProblem("--out", out) : undefined]
        .filter((p): p is string => p !== undefined);
    if (problems.length === 0) {
        problems.push(...unreadStackOutputProblems(stackOutputs, [stack], projectDir));
    }
    if (problems.length > 0) {
        throw new UsageError(problems);
    }
    return { stack, out, stackOutputs, help: false };
}

/** `npm run synth -- <stack> [--out FILE] [--stack-output ...]`: the program under Pulumi's mock runtime, as JSON. */
export async function main(argv: string[], io: CliIo = PROCESS_IO, context: CliContext = {}): Promise<number> {
    const projectDir = path.resolve(context.projectDir ?? REPOSITORY_ROOT);
    let args: SynthArgs;
    try {
        args = parseSynthArgs(argv, projectDir);
    } catch (err) {
        if (err instanceof UsageError) {
            return refuse(io, err.problems, SYNTH_USAGE);
        }
        throw err;
    }
    if (args.help) {
        io.stdout.write(`${SYNTH_USAGE}\n`);
        return 0;
    }
    try {
        const result = await synthesize({ stack: args.stack, projectDir, stackReferences: args.stackOutputs });
        const text = JSON.stringify(result, null, 2) + "\n";
        if (args.out) {
            fs.writeFileSync(args.out, text);
            io.stderr.write(`wrote ${result.resources.length} resources to ${args.out}\n`);
        } else {
            io.stdout.write(text);
        }
        return 0;
    } catch (err) {
        if (err instanceof StackReferenceError) {
            return refuse(io, [err.message], SYNTH_USAGE);
        }
        io.stderr.write(`synth failed for stack "${args.stack}":\n${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
}

if (require.main === module) {
    runAsProcess(main);
}
