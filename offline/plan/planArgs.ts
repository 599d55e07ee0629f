import { FlagSpec, oneStack, parseArgs, REPOSITORY_ROOT, stackNameProblem, UsageError, valueOf } from "../cliArgs";
import { parseStackOutputs, STACK_OUTPUT_FLAG, StackOutputs } from "../synth/stackReferences";
import { ASSUMPTION_SPECS, DEFAULT_ASSUMPTIONS, parseAssumption, PlanAssumptions } from "./planAssumptions";

/** What `npm run plan -- ...` was asked for. */
export interface PlanArgs {
    stack: string;
    json: boolean;
    compare?: string;
    /** Policy config for the planned stack; policy/config/<stack>.json when present otherwise. */
    policyConfig?: string;
    assumptions: PlanAssumptions;
    /** Answers to StackReferences (`--stack-output`), by stack. */
    stackOutputs: StackOutputs;
    /** --help: print the usage, plan nothing. */
    help?: boolean;
}

export const PLAN_USAGE = [
    "usage: npm run plan -- <stack> [--json] [--compare <other-stack>] [--policy-config FILE] [--stack-output <stack>.<Output>=<value> ...] [assumption flags]",
    "assumption flags (defaults in brackets):",
    ...ASSUMPTION_SPECS.map((s) => `  ${s.flag} <${s.percent ? "fraction|%" : "n"}>  ${s.describe} [${s.default}]`),
    "Exit status: 0 printed, 1 the stack could not be planned (invalid stack config, missing price file), 2 bad arguments.",
].join("\n");

const PLAN_FLAGS: FlagSpec[] = [
    { flag: "--json" },
    { flag: "--compare", value: "STACK", example: "prod" },
    { flag: "--policy-config", value: "FILE", example: "policy/config/prod.json" },
    STACK_OUTPUT_FLAG,
    ...ASSUMPTION_SPECS.map((s): FlagSpec => ({ flag: s.flag, value: s.percent ? "FRACTION|%" : "N", example: String(s.default) })),
];

/**
 * Parses the plan's arguments without touching any file; throws one PlanArgsError listing every bad flag with its
 * value and the fix. Stack names (the planned one and --compare's) are checked here, before anything is read.
 */
export function parsePlanArgs(argv: string[], projectDir: string = REPOSITORY_ROOT): PlanArgs {
    const parsed = parseArgs(argv, PLAN_FLAGS);
    const assumptions: PlanAssumptions = { ...DEFAULT_ASSUMPTIONS };
    for (const spec of ASSUMPTION_SPECS) {
        const raw = valueOf(parsed, spec.flag);
        if (raw === undefined) {
            continue;
        }
        const value = parseAssumption(spec, raw);
        if (typeof value === "string") {
            parsed.problems.push(value);
        } else {
            assumptions[spec.key] = value;
        }
    }
    const stackOutputs = parseStackOutputs(parsed.values.get("--stack-output") ?? [], parsed.problems);
    const base = { json: parsed.switches.has("--json"), policyConfig: valueOf(parsed, "--policy-config"), assumptions, stackOutputs };
    if (parsed.help && parsed.problems.length === 0) {
        return { stack: "", ...base, help: true };
    }
    const stack = oneStack(parsed, projectDir, "plan", "npm run plan --", "compare two with --compare <stack>");
    const compare = valueOf(parsed, "--compare");
    const compareProblem = compare !== undefined ? stackNameProblem("--compare", compare, projectDir) : undefined;
    if (compareProblem) {
        parsed.problems.push(compareProblem);
    }
    if (parsed.problems.length > 0 || stack === undefined) {
        throw new PlanArgsError(parsed.problems);
    }
    return { stack, compare, ...base };
}

/** Bad plan arguments: every problem, one line each. */
export class PlanArgsError extends UsageError {
    constructor(problems: string[]) {
        super(problems);
        this.name = "PlanArgsError";
    }
}
