import * as fs from "fs";
import * as path from "path";
import {
    CliContext, CliIo, FlagSpec, inputFileProblem, missingStackProblem, oneStack, outFileProblem, parseArgs, PROCESS_IO, refuse,
    REPOSITORY_ROOT, runAsProcess, UsageError, valueOf,
} from "../cliArgs";
import { parseStackOutputs, STACK_OUTPUT_FLAG, StackOutputs, StackReferenceError } from "../synth/stackReferences";
import { synthesize, unreadStackOutputProblems } from "../synth/synthesize";
import { planAdoption } from "./adoptionPlan";
import { readStackResources, StackResource } from "./describeStackResources";
import { mysqlMigrationDocument } from "./mysqlMigrationDocument";
import { renderAdoptionReport } from "./renderAdoptionReport";

export const ADOPT_USAGE = [
    "usage: npm run adopt -- <target stack> --stack-resources FILE [--stack-resources FILE ...] [--out FILE] [--runbook FILE] [--stack-output <stack>.<Output>=<value> ...]",
    "Maps the vendor's CloudFormation resources (each FILE: aws cloudformation describe-stack-resources --stack-name <stack> --output json)",
    "onto the target stack's offline synth and writes a `pulumi import --file` document: to --out FILE (the report on stdout),",
    "or on stdout (the report on stderr). --runbook FILE writes the SSM Command document that moves MySQL onto the data volume.",
    "Exit status: 0 written, 1 the synth failed, 2 bad arguments or unreadable stack resources. Order of operations: docs/adopt.md.",
].join("\n");

const ADOPT_FLAGS: FlagSpec[] = [
    { flag: "--stack-resources", value: "FILE", example: "sigma-app-stack.json", repeatable: true },
    { flag: "--out", value: "FILE", example: "/tmp/adopt-import.json" },
    { flag: "--runbook", value: "FILE", example: "/tmp/sigma-mysql-migration.json" },
    STACK_OUTPUT_FLAG,
];

export interface AdoptArgs {
    stack: string;
    stackResources: string[];
    out?: string;
    runbook?: string;
    stackOutputs: StackOutputs;
    help: boolean;
}

/** Reads and checks the arguments, then every --stack-resources file; throws a UsageError listing every problem. */
export function parseAdoptArgs(argv: string[], projectDir: string = REPOSITORY_ROOT): AdoptArgs & { resources: StackResource[] } {
    const parsed = parseArgs(argv, ADOPT_FLAGS);
    if (parsed.help && parsed.problems.length === 0) {
        return { stack: "", stackResources: [], stackOutputs: {}, help: true, resources: [] };
    }
    const stack = oneStack(parsed, projectDir, "adopt", "npm run adopt --", "adopt one target stack at a time");
    const stackOutputs = parseStackOutputs(parsed.values.get("--stack-output") ?? [], parsed.problems);
    const files = parsed.values.get("--stack-resources") ?? [];
    if (files.length === 0) {
        parsed.problems.push("no --stack-resources given; give one file per vendor stack, e.g. --stack-resources sigma-app-stack.json (aws cloudformation describe-stack-resources --stack-name SigmaDeployment --output json > sigma-app-stack.json)");
    }
    files.forEach((file, i) => {
        if (files.indexOf(file) !== i) {
            parsed.problems.push(`--stack-resources ${JSON.stringify(file)} given twice; give each vendor stack's file once`);
        }
    });
    const out = valueOf(parsed, "--out");
    const runbook = valueOf(parsed, "--runbook");
    if (parsed.problems.length > 0 || stack === undefined) {
        throw new UsageError(parsed.problems);
    }
    const problems = [
        missingStackProblem("stack", stack, projectDir),
        out !== undefined ? outFileProblem("--out", out) : undefined,
        runbook !== undefined ? outFileProblem("--runbook", runbook) : undefined,
        ...[...new Set(files)].map((f) => inputFileProblem("--stack-resources", f, "sigma-app-stack.json")),
    ].filter((p): p is string => p !== undefined);
    if (out !== undefined && runbook !== undefined && path.resolve(out) === path.resolve(runbook)) {
        problems.push(`--out and --runbook both name ${JSON.stringify(out)}; give two files`);
    }
    if (problems.length > 0) {
        throw new UsageError(problems);
    }
    const resources: StackResource[] = [];
    const stackFile = new Map<string, string>();
    for (const file of new Set(files)) {
        const read = readStackResources(file, fs.readFileSync(file, "utf8"));
        problems.push(...read.problems);
        const stackId = read.resources[0]?.StackId;
        if (stackId !== undefined && stackFile.has(stackId)) {
            problems.push(`--stack-resources ${JSON.stringify(file)} describes stack ${stackId} again (already in ${JSON.stringify(stackFile.get(stackId))}); give each stack once`);
            continue;
        }
        if (stackId !== undefined) {
            stackFile.set(stackId, file);
        }
        resources.push(...read.resources);
    }
    problems.push(...unreadStackOutputProblems(stackOutputs, [stack], projectDir));
    if (problems.length > 0) {
        throw new UsageError(problems);
    }
    return { stack, stackResources: files, out, runbook, stackOutputs, help: false, resources };
}

/** `npm run adopt -- <stack> --stack-resources FILE... [--out FILE] [--runbook FILE]`. */
export async function main(argv: string[], io: CliIo = PROCESS_IO, context: CliContext = {}): Promise<number> {
    const projectDir = path.resolve(context.projectDir ?? REPOSITORY_ROOT);
    let args: AdoptArgs & { resources: StackResource[] };
    try {
        args = parseAdoptArgs(argv, projectDir);
    } catch (err) {
        if (err instanceof UsageError) {
            return refuse(io, err.problems, ADOPT_USAGE);
        }
        throw err;
    }
    if (args.help) {
        io.stdout.write(`${ADOPT_USAGE}\n`);
        return 0;
    }
    let plan;
    try {
        plan = planAdoption(await synthesize({ stack: args.stack, projectDir, stackReferences: args.stackOutputs }), args.resources);
    } catch (err) {
        if (err instanceof StackReferenceError) {
            return refuse(io, [err.message], ADOPT_USAGE);
        }
        io.stderr.write(`adopt failed: the synth of stack "${args.stack}" failed:\n${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
    const importJson = `${JSON.stringify(plan.importFile, null, 4)}\n`;
    if (args.runbook) {
        fs.writeFileSync(args.runbook, `${JSON.stringify(mysqlMigrationDocument(), null, 2)}\n`);
    }
    if (args.out) {
        fs.writeFileSync(args.out, importJson);
        io.stdout.write(renderAdoptionReport(plan, args.out));
        io.stderr.write(`wrote ${plan.importFile.resources.length} import entries to ${args.out}${args.runbook ? ` and the migration document to ${args.runbook}` : ""}\n`);
    } else {
        io.stdout.write(importJson);
        io.stderr.write(renderAdoptionReport(plan, "<this output>"));
    }
    return 0;
}

if (require.main === module) {
    runAsProcess(main);
}
