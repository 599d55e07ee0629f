import { SynthResult } from "../synth/synthesize";
import { FailureRouting } from "../../model/notificationRouting";
import { failureRouting } from "./failureRouting";
import { CostReport, monthlyCost } from "./monthlyCost";
import { PlanAssumptions } from "./planAssumptions";
import { PolicySummary } from "./policySummary";
import { protectionSummary, ProtectionSummary } from "./protectionSummary";
import { PriceBooks } from "./priceBook";
import { recoveryObjectives, RecoveryObjectives } from "./recoveryObjectives";
import { resourceTree, TreeNode } from "./resourceTree";
import { StackResources } from "./stackResources";

/** Everything `npm run plan` reports about one stack; `--json` prints exactly this. */
export interface StackPlan {
    project: string;
    stack: string;
    region: string;
    assumptions: PlanAssumptions;
    resourceCount: number;
    tree: TreeNode[];
    policy: PolicySummary;
    cost: CostReport;
    recovery: RecoveryObjectives;
    /** Where each failure class goes: delivered (the chain to its subscribers), not delivered (the broken link) or not applicable. */
    failureRouting: FailureRouting[];
    /** What survives `pulumi destroy`, the vault locks, and who the vault and key policies let destroy backups. */
    protection: ProtectionSummary;
}

/** One line of `--compare`: the same charge in both stacks (0 where a stack lacks it). */
export interface ComparisonLine {
    resource: string;
    item: string;
    baseUsd: number;
    otherUsd: number;
    /** otherUsd - baseUsd: positive when the other stack costs more. */
    deltaUsd: number;
}

export interface CostComparison {
    base: string;
    other: string;
    lines: ComparisonLine[];
    baseTotalUsd: number;
    otherTotalUsd: number;
    deltaUsd: number;
    unpriced: { base: number; other: number };
}

/** Builds the plan of a synthesised stack from its policy summary (see policySummary.ts). */
export function stackPlan(synth: SynthResult, policy: PolicySummary, assumptions: PlanAssumptions, prices: PriceBooks = new PriceBooks()): StackPlan {
    const stack = new StackResources(synth);
    return {
        project: synth.project,
        stack: synth.stack,
        region: stack.stackRegion,
        assumptions,
        resourceCount: synth.resources.length,
        tree: resourceTree(stack),
        policy,
        cost: monthlyCost(stack, assumptions, prices),
        recovery: recoveryObjectives(stack, assumptions),
        failureRouting: failureRouting(synth),
        protection: protectionSummary(synth),
    };
}

const cents = (usd: number) => Math.round(usd * 100) / 100;

function totalsByCharge(cost: CostReport): Map<string, { resource: string; item: string; usd: number }> {
    const totals = new Map<string, { resource: string; item: string; usd: number }>();
    for (const line of cost.lines) {
        const key = `${line.resource}\0${line.item}`;
        const entry = totals.get(key) ?? { resource: line.resource, item: line.item, usd: 0 };
        entry.usd += line.monthlyUsd;
        totals.set(key, entry);
    }
    return totals;
}

/** Line-by-line cost difference between two plans, matched by resource name and item. */
export function compareCosts(base: StackPlan, other: StackPlan): CostComparison {
    const a = totalsByCharge(base.cost);
    const b = totalsByCharge(other.cost);
    const keys = [...new Set([...a.keys(), ...b.keys()])];
    const lines = keys.map((key): ComparisonLine => {
        const baseUsd = cents(a.get(key)?.usd ?? 0);
        const otherUsd = cents(b.get(key)?.usd ?? 0);
        const { resource, item } = a.get(key) ?? b.get(key)!;
        return { resource, item, baseUsd, otherUsd, deltaUsd: cents(otherUsd - baseUsd) };
    });
    return {
        base: base.stack,
        other: other.stack,
        lines,
        baseTotalUsd: base.cost.totalUsd,
        otherTotalUsd: other.cost.totalUsd,
        deltaUsd: cents(other.cost.totalUsd - base.cost.totalUsd),
        unpriced: { base: base.cost.unpriced.length, other: other.cost.unpriced.length },
    };
}
