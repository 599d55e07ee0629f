import * as fs from "fs";
import * as path from "path";
import { isStackName } from "../model/ids";

/** Anything text can be written to: process.stdout/stderr on the command line, a buffer in tests. */
export interface TextSink {
    write(text: string): unknown;
}

/** Where a CLI writes: stdout carries only the command's product (JSON or the report), stderr everything else. */
export interface CliIo {
    stdout: TextSink;
    stderr: TextSink;
}

export const PROCESS_IO: CliIo = { stdout: process.stdout, stderr: process.stderr };

/** The repository root: the Pulumi project the offline commands run unless a caller names another. */
export const REPOSITORY_ROOT = path.join(__dirname, "..");

/** What a CLI runs against besides its arguments; tests point projectDir at a temporary project. */
export interface CliContext {
    /** The Pulumi project directory (Pulumi.yaml, Pulumi.<stack>.yaml, index.ts); the repository root by default. */
    projectDir?: string;
}

/** The signature every offline CLI's `main` has: arguments in, exit code out, output through `io`. */
export type CliMain = (argv: string[], io?: CliIo, context?: CliContext) => Promise<number>;

/** Bad command-line input: one line per problem, each naming the argument, the value and an accepted fix. */
export class UsageError extends Error {
    constructor(readonly problems: string[]) {
        super(problems.join("\n"));
        this.name = "UsageError";
    }
}

/** One flag a CLI accepts. A flag with a `value` placeholder takes one (`--out FILE` or `--out=FILE`); else it is a switch. */
export interface FlagSpec {
    flag: string;
    /** Placeholder of the value in messages and usage, e.g. "FILE". */
    value?: string;
    /** An accepted value, for the fix in messages. */
    example?: string;
    /** May be given more than once (each value kept, in order). */
    repeatable?: boolean;
}

export interface ParsedArgs {
    positionals: string[];
    /** The values of each value-taking flag given, in order. */
    values: Map<string, string[]>;
    /** The switches given. */
    switches: Set<string>;
    /** --help or -h was given. */
    help: boolean;
    problems: string[];
}

const HELP_FLAGS = ["--help", "-h"];

/** Something that reads as a flag rather than a value: "-o", "--json"; "-5" and "-" are values. */
const looksLikeFlag = (arg: string) => /^--?[A-Za-z]/.test(arg) || arg === "--";

function describeFlags(flags: readonly FlagSpec[]): string {
    return [...flags.map((f) => (f.value ? `${f.flag} ${f.value}` : f.flag)), "--help"].join(", ");
}

/**
 * Reads argv strictly against `flags`: an unknown flag, a flag missing its value, a value given to a switch and a
 * repeated single-use flag are problems (collected, not thrown, so the caller reports every one at once).
 * Positionals are returned for the caller to count and check.
 */
export function parseArgs(argv: readonly string[], flags: readonly FlagSpec[]): ParsedArgs {
    const parsed: ParsedArgs = { positionals: [], values: new Map(), switches: new Set(), help: false, problems: [] };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (HELP_FLAGS.includes(arg)) {
            parsed.help = true;
            continue;
        }
        if (!looksLikeFlag(arg)) {
            parsed.positionals.push(arg);
            continue;
        }
        const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
        const name = equals > 0 ? arg.slice(0, equals) : arg;
        const inline = equals > 0 ? arg.slice(equals + 1) : undefined;
        const spec = flags.find((f) => f.flag === name);
        if (!spec) {
            parsed.problems.push(`unknown flag ${JSON.stringify(arg)}; the flags are ${describeFlags(flags)}`);
            continue;
        }
        if (!spec.value) {
            if (inline !== undefined) {
                parsed.problems.push(`${name} takes no value, got ${JSON.stringify(inline)}; write ${name} alone`);
            } else {
                parsed.switches.add(name);
            }
            continue;
        }
        let value = inline;
        if (value === undefined) {
            const next = argv[i + 1];
            if (next === undefined || looksLikeFlag(next)) {
                const got = next === undefined ? "nothing" : `the flag ${JSON.stringify(next)}`;
                parsed.problems.push(`${name} needs a value (${spec.value}), got ${got}; e.g. ${name} ${spec.example ?? spec.value}`);
                continue;
            }
            value = next;
            i++;
        }
        if (value === "") {
            parsed.problems.push(`${name} "" is empty; give ${spec.value}, e.g. ${name} ${spec.example ?? spec.value}`);
            continue;
        }
        const earlier = parsed.values.get(name) ?? [];
        if (earlier.length > 0 && !spec.repeatable) {
            parsed.problems.push(`${name} given twice (${JSON.stringify(earlier[0])} and ${JSON.stringify(value)}); give it once`);
            continue;
        }
        parsed.values.set(name, [...earlier, value]);
    }
    return parsed;
}

/** The single value of a flag, if given. */
export function valueOf(parsed: ParsedArgs, flag: string): string | undefined {
    return parsed.values.get(flag)?.[0];
}

/** The stacks of a project: every Pulumi.<stack>.yaml. Reads the directory listing only, never a file. */
export function stacksIn(projectDir: string): string[] {
    try {
        return fs.readdirSync(projectDir).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => !!s).sort();
    } catch {
        return [];
    }
}

const stackList = (projectDir: string) => {
    const stacks = stacksIn(projectDir);
    return stacks.length > 0 ? stacks.join(", ") : `none (no Pulumi.<stack>.yaml in ${projectDir})`;
};

/**
 * A stack name that is safe to turn into Pulumi.<stack>.yaml: letters, digits, "-", "_" and ".", not "." or "..".
 * Checked before any file is read, so "../x" or "a/b" never reach the file system.
 */
export function stackNameProblem(argument: string, value: string, projectDir: string): string | undefined {
    if (isStackName(value)) {
        return undefined;
    }
    return `${argument} ${JSON.stringify(value)} is not a stack name (letters, digits, "-", "_" and "."; not "." or ".."); the stacks here are: ${stackList(projectDir)}`;
}

/** A valid stack name without its Pulumi.<stack>.yaml. */
export function missingStackProblem(argument: string, stack: string, projectDir: string): string | undefined {
    if (fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`))) {
        return undefined;
    }
    const label = argument === "stack" ? `stack ${JSON.stringify(stack)}` : `${argument} ${JSON.stringify(stack)}: stack "${stack}"`;
    return `${label} has no Pulumi.${stack}.yaml; the stacks here are: ${stackList(projectDir)}`;
}

/**
 * The one stack a command takes from its positionals; an absent, extra or malformed one is a problem.
 * `command` names the command in messages ("synth"), `invocation` is how it is run ("npm run synth --").
 */
export function oneStack(parsed: ParsedArgs, projectDir: string, command: string, invocation: string,
    extraFix = "run it once per stack"): string | undefined {
    const [stack, ...extra] = parsed.positionals;
    for (const arg of extra) {
        parsed.problems.push(`extra argument ${JSON.stringify(arg)}: ${command} takes one stack; ${extraFix}`);
    }
    if (stack === undefined) {
        parsed.problems.push(`no stack given; name one, e.g. ${invocation} ${stacksIn(projectDir)[0] ?? "dev"} (the stacks here are: ${stackList(projectDir)})`);
        return undefined;
    }
    const problem = stackNameProblem("stack", stack, projectDir);
    if (problem) {
        parsed.problems.push(problem);
        return undefined;
    }
    return stack;
}

/** Where `--out FILE` can be written: its directory must exist (and be one), and FILE must not be a directory. */
export function outFileProblem(flag: string, file: string): string | undefined {
    const resolved = path.resolve(file);
    const dir = path.dirname(resolved);
    if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) {
        return `${flag} ${JSON.stringify(file)} is a directory; give a file in it, e.g. ${flag} ${path.join(file, "synth.json")}`;
    }
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        return `${flag} ${JSON.stringify(file)}: directory ${dir} does not exist; create it first (mkdir -p ${dir}) or write into an existing directory`;
    }
    try {
        fs.accessSync(dir, fs.constants.W_OK);
    } catch {
        return `${flag} ${JSON.stringify(file)}: directory ${dir} is not writable; write into a directory you can write to, e.g. /tmp`;
    }
    return undefined;
}

/** A file the command will read (a synth document, a policy config) exists and is a file. */
export function inputFileProblem(flag: string, file: string, example: string): string | undefined {
    if (!fs.existsSync(file)) {
        return `${flag} ${JSON.stringify(file)} does not exist; give an existing file, e.g. ${flag} ${example}`;
    }
    if (!fs.statSync(file).isFile()) {
        return `${flag} ${JSON.stringify(file)} is not a file; give a file, e.g. ${flag} ${example}`;
    }
    return undefined;
}

/** Prints the problems and the usage on stderr (nothing on stdout) and returns exit code 2. */
export function refuse(io: CliIo, problems: string[], usage: string): number {
    io.stderr.write(`${problems.join("\n")}\n${usage}\n`);
    return 2;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Runs a CLI's main as the process: exit with its code once stdout has drained, so piped JSON is never cut
 * short. An error main did not turn into an exit code is printed as one line (no stack trace), exit 1.
 */
export function runAsProcess(main: CliMain): void {
    const exit = (code: number) => {
        process.exitCode = code;
        process.stdout.write("", () => process.exit(code));
    };
    main(process.argv.slice(2), PROCESS_IO).then(exit, (err) => {
        process.stderr.write(`internal error: ${messageOf(err)}\n`);
        exit(1);
    });
}
