import { ASSUMPTION_SPECS, DEFAULT_ASSUMPTIONS, parseAssumption, PlanAssumptions } from "./planAssumptions";

/** What `npm run plan -- ...` was asked for. */
export interface PlanArgs {
    stack: string;
    json: boolean;
    compare?: string;
    /** Policy config for the planned stack; policy/config/<stack>.json when present otherwise. */
    policyConfig?: string;
    assumptions: PlanAssumptions;
}

export const PLAN_USAGE = [
    "usage: npm run plan -- <stack> [--json] [--compare <other-stack>] [--policy-config FILE] [assumption flags]",
    "assumption flags (defaults in brackets):",
    ...ASSUMPTION_SPECS.map((s) => `  ${s.flag} <${s.percent ? "fraction|%" : "n"}>  ${s.describe} [${s.default}]`),
].join("\n");

/** Parses the plan's arguments; throws one error listing every bad flag with its value and the fix. */
export function parsePlanArgs(argv: string[]): PlanArgs {
    const problems: string[] = [];
    const assumptions: PlanAssumptions = { ...DEFAULT_ASSUMPTIONS };
    const stacks: string[] = [];
    let json = false;
    let compare: string | undefined;
    let policyConfig: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const takeValue = () => inline ?? (argv[i + 1] !== undefined && !argv[i + 1].startsWith("--") ? argv[++i] : undefined);
        const spec = ASSUMPTION_SPECS.find((s) => s.flag === flag);
        if (flag === "--json") {
            json = true;
        } else if (flag === "--compare") {
            compare = takeValue();
            if (!compare) {
                problems.push("--compare needs a stack name, e.g. --compare prod");
            }
        } else if (flag === "--policy-config") {
            policyConfig = takeValue();
            if (!policyConfig) {
                problems.push("--policy-config needs a file, e.g. --policy-config policy/config/prod.json");
            }
        } else if (spec) {
            const parsed = parseAssumption(spec, takeValue());
            if (typeof parsed === "string") {
                problems.push(parsed);
            } else {
                assumptions[spec.key] = parsed;
            }
        } else if (flag.startsWith("-")) {
            problems.push(`unknown flag ${JSON.stringify(arg)}; the flags are --json, --compare, --policy-config, ${ASSUMPTION_SPECS.map((s) => s.flag).join(", ")}`);
        } else {
            stacks.push(arg);
        }
    }
    if (stacks.length !== 1) {
        problems.push(stacks.length === 0 ? "no stack given; name one, e.g. npm run plan -- dev" : `one stack expected, got ${stacks.join(", ")}; compare two with --compare`);
    }
    if (problems.length > 0) {
        throw new PlanArgsError(problems);
    }
    return { stack: stacks[0], json, compare, policyConfig, assumptions };
}

export class PlanArgsError extends Error {
    constructor(readonly problems: string[]) {
        super(`${problems.join("\n")}\n${PLAN_USAGE}`);
        this.name = "PlanArgsError";
    }
}
