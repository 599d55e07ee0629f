import { synthesize } from "../synth/synthesize";
import { parsePlanArgs, PlanArgs, PlanArgsError } from "./planArgs";
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
export async function runPlan(args: PlanArgs, prices: PriceBooks = new PriceBooks()): Promise<PlanRun> {
    const planOf = async (stack: string, policyConfig?: string) => {
        const synth = await synthesize({ stack });
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

/** `npm run plan -- <stack> [--json] [--compare <other>] [assumption flags]`. */
async function main(argv: string[]): Promise<number> {
    let args: PlanArgs;
    try {
        args = parsePlanArgs(argv);
    } catch (err) {
        process.stderr.write(`${err instanceof PlanArgsError ? err.message : String(err)}\n`);
        return 2;
    }
    try {
        process.stdout.write(formatPlanRun(await runPlan(args), args.json));
        return 0;
    } catch (err) {
        process.stderr.write(`plan failed for stack "${args.stack}"${args.compare ? ` (compared with "${args.compare}")` : ""}:\n${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code));
}
