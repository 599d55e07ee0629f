import * as path from "path";
import { CliContext, CliIo, missingStackProblem, PROCESS_IO, refuse, REPOSITORY_ROOT, runAsProcess, UsageError } from "../cliArgs";
import { policyConfigProblem } from "../check/cli";
import { StackReferenceError } from "../synth/stackReferences";
import { synthesize, unreadStackOutputProblems } from "../synth/synthesize";
import { parsePlanArgs, PLAN_USAGE, PlanArgs } from "./planArgs";
import { policySummary } from "./policySummary";
import { PriceBooks } from "./priceBook";
import { renderComparison, renderPlan } from "./renderPlan";
import { compareCosts, CostComparison, stackPlan, StackPlan } from "./stackPlan";

/** What one `npm run plan` run produces: the plan, and the comparison when --compare is given. */
export interface PlanRun {
    plan: StackPlan;
    comparison?: CostComparison;
}

/** Synthesises the stack (and the compared one) offline and builds the plan. */
export async function runPlan(args: PlanArgs, prices: PriceBooks = new PriceBooks(), projectDir: string = REPOSITORY_ROOT): Promise<PlanRun> {
    const planOf = async (stack: string, policyConfig?: string) => {
        const synth = await synthesize({ stack, projectDir, stackReferences: args.stackOutputs });
        return stackPlan(synth, await policySummary(synth, policyConfig), args.assumptions, prices);
    };
    const plan = await planOf(args.stack, args.policyConfig);
    if (args.compare === undefined) {
        return { plan };
    }
    const other = await planOf(args.compare);
    return { plan, comparison: compareCosts(plan, other) };
}

/** The run as the user asked for it: JSON for machines, text for people. */
export function formatPlanRun(run: PlanRun, json: boolean): string {
    if (json) {
        return JSON.stringify(run.comparison ? { ...run.plan, comparison: run.comparison } : run.plan, null, 2) + "\n";
    }
    return renderPlan(run.plan) + (run.comparison ? `\n${renderComparison(run.comparison)}` : "");
}

/**
 * The file-system checks that follow parsing: each stack's Pulumi.<stack>.yaml, a readable and valid --policy-config,
 * and that every --stack-output answers a reference one of the stacks makes.
 */
export function planInputProblems(args: PlanArgs, projectDir: string): string[] {
    const problems = [
        missingStackProblem("stack", args.stack, projectDir),
        args.compare !== undefined ? missingStackProblem("--compare", args.compare, projectDir) : undefined,
        args.policyConfig !== undefined ? policyConfigProblem("--policy-config", args.policyConfig) : undefined,
    ].filter((p): p is string => p !== undefined);
    if (problems.length === 0) {
        problems.push(...unreadStackOutputProblems(args.stackOutputs, [args.stack, ...(args.compare ? [args.compare] : [])], projectDir));
    }
    return problems;
}

/** `npm run plan -- <stack> [--json] [--compare <other>] [assumption flags]`. */
export async function main(argv: string[], io: CliIo = PROCESS_IO, context: CliContext = {}): Promise<number> {
    const projectDir = path.resolve(context.projectDir ?? REPOSITORY_ROOT);
    let args: PlanArgs;
    try {
        args = parsePlanArgs(argv, projectDir);
        if (args.help) {
            io.stdout.write(`${PLAN_USAGE}\n`);
            return 0;
        }
        const problems = planInputProblems(args, projectDir);
        if (problems.length > 0) {
            throw new UsageError(problems);
        }
    } catch (err) {
        if (err instanceof UsageError) {
            return refuse(io, err.problems, PLAN_USAGE);
        }
        throw err;
    }
    try {
        io.stdout.write(formatPlanRun(await runPlan(args, new PriceBooks(), projectDir), args.json));
        return 0;
    } catch (err) {
        if (err instanceof StackReferenceError) {
            return refuse(io, [err.message], PLAN_USAGE);
        }
        io.stderr.write(`plan failed for stack "${args.stack}"${args.compare ? ` (compared with "${args.compare}")` : ""}:\n${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
}

if (require.main === module) {
    runAsProcess(main);
}
