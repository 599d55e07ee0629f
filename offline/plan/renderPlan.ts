import { failureRoutingLines } from "./failureRouting";
import { protectionLines } from "./protectionSummary";
import { ASSUMPTION_SPECS } from "./planAssumptions";
import { TreeNode } from "./resourceTree";
import { CostComparison, StackPlan } from "./stackPlan";

/** Money as the text output prints it (and as tests read it back): two decimals, no currency sign. */
export const usd = (n: number) => n.toFixed(2);
const signed = (n: number) => (n > 0 ? `+${usd(n)}` : n < 0 ? `-${usd(-n)}` : usd(0));
const quantity = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4))));

function pad(rows: string[][]): string[] {
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
    return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd());
}

function treeLines(nodes: TreeNode[], prefix: string, stackRegion: string, root: boolean): string[] {
    return nodes.flatMap((node, i) => {
        const last = i === nodes.length - 1;
        const branch = root ? "" : last ? "└─ " : "├─ ";
        const childPrefix = root ? "" : prefix + (last ? "   " : "│  ");
        const region = node.region !== stackRegion ? ` [${node.region}]` : "";
        const details = node.details.filter((d) => !d.startsWith("  "));
        // Indented details (a backup rule's copy actions) continue on their own lines under the node.
        const continued = node.details.filter((d) => d.startsWith("  "));
        return [
            `${prefix}${branch}${node.type} ${node.name}${region}${details.length ? `  (${details.join("; ")})` : ""}`,
            ...continued.map((d) => `${childPrefix}${node.children.length ? "│  " : "   "}${d.trim()}`),
            ...treeLines(node.children, childPrefix, stackRegion, false),
        ];
    });
}

function assumptionLines(plan: StackPlan): string[] {
    return ASSUMPTION_SPECS.map((s) => {
        const value = plan.assumptions[s.key];
        return `  ${s.flag} ${s.percent ? `${Math.round(value * 10000) / 100}%` : value}  ${s.describe}`;
    });
}

/** The cost table: one line per priced charge, the total, then what is not priced. */
export function costLines(plan: StackPlan): string[] {
    const { cost } = plan;
    const rows = [["resource", "item", "quantity", "unit price", "region", "USD/month"],
        ...cost.lines.map((l) => [l.resource, l.item, `${quantity(l.quantity)} ${l.unit}`, `${l.unitUsd}`, l.region, usd(l.monthlyUsd)])];
    const table = pad([...rows, ["TOTAL", `${cost.lines.length} priced lines${cost.unpriced.length ? `, ${cost.unpriced.length} not priced (excluded)` : ""}`, "", "", "", usd(cost.totalUsd)]]);
    const lines = [`Monthly cost (USD, list prices from offline/plan/prices/<region>.json; ${cost.noChargeResources} resources have no charge of their own)`, ...table.map((t) => `  ${t}`)];
    lines.push("  basis:");
    for (const l of cost.lines) {
        lines.push(`    ${l.resource} ${l.item}: ${l.basis}`);
    }
    lines.push(`  not priced: ${cost.unpriced.length}`);
    for (const u of cost.unpriced) {
        lines.push(`    NOT PRICED ${u.resource} (${u.type}, ${u.region}): ${u.reason}`);
    }
    return lines;
}

function recoveryLines(plan: StackPlan): string[] {
    const { recovery } = plan;
    const lines = ["Recovery objectives", `  RPO: ${recovery.rpo}`, `  DR RPO: ${recovery.drRpo}`, `  RTO: ${recovery.rto}`];
    for (const rule of recovery.rules) {
        lines.push(`  rule ${rule.plan}/${rule.rule} [${rule.region}]: ${rule.schedule}, keep ${rule.retentionDays ?? "forever"} days, covers ${rule.coveredInstances.join(", ")}` +
            rule.copies.map((c) => `; copy to ${c.region ?? c.destinationVaultArn} kept ${c.retentionDays ?? "forever"} days`).join(""));
    }
    if (recovery.uncoveredInstances.length > 0) {
        lines.push(`  NOT BACKED UP: ${recovery.uncoveredInstances.join(", ")}`);
    }
    lines.push("  restore path:", ...recovery.restorePath.map((p) => `    - ${p}`));
    return lines;
}

function policyLines(plan: StackPlan): string[] {
    const { policy } = plan;
    const c = policy.counts;
    return [
        `Policy summary (${policy.policyPack}, config ${policy.configFile ?? "pack defaults"}): ` +
            `${c.mandatory} mandatory, ${c.advisory} advisory, ${c.remediate} remediated, ${c.disabled} disabled` +
            `${policy.waivers?.length ? `, ${policy.waived ?? 0} waived by ${policy.waivers.length} waiver(s)` : ""}`,
        ...policy.mandatory.map((v) => `  MANDATORY ${v.policy} (${v.severity}) ${v.urn.split("::").pop() || "stack"}: ${v.message}`),
        ...(policy.waivers ?? []).map((w) => `  WAIVER ${w.policy} ${w.resource} until ${w.expires}` +
            `${w.expired ? " EXPIRED" : w.problems.length > 0 ? " INVALID" : ""} (accepts ${w.waivedViolations} violation(s)): ${w.reason || "(no reason)"}` +
            (w.problems.length > 0 && !w.expired ? `; ${w.problems.join("; ")}` : "")),
    ];
}

/** The whole plan as text. */
export function renderPlan(plan: StackPlan): string {
    return [
        `Plan for stack ${plan.stack} (project ${plan.project}, region ${plan.region})`,
        "",
        "Assumptions (change with the flags):",
        ...assumptionLines(plan),
        "",
        `Resources (${plan.resourceCount})`,
        ...treeLines(plan.tree, "", plan.region, true).map((l) => `  ${l}`),
        "",
        ...policyLines(plan),
        "",
        ...costLines(plan),
        "",
        ...recoveryLines(plan),
        "",
        ...failureRoutingLines(plan.failureRouting),
        "",
        // A plan built by hand (tests, an older --json document) may have no protection summary.
        ...(plan.protection !== undefined ? [...protectionLines(plan.protection), ""] : []),
    ].join("\n");
}

/** `--compare`: the difference line by line, other minus base (positive: the other stack costs more). */
export function renderComparison(comparison: CostComparison): string {
    const rows = [["resource", "item", comparison.base, comparison.other, "difference"],
        ...comparison.lines.map((l) => [l.resource, l.item, usd(l.baseUsd), usd(l.otherUsd), signed(l.deltaUsd)]),
        ["TOTAL", "", usd(comparison.baseTotalUsd), usd(comparison.otherTotalUsd), signed(comparison.deltaUsd)]];
    return [
        `Cost comparison (USD/month): ${comparison.other} minus ${comparison.base}`,
        ...pad(rows).map((r) => `  ${r}`),
        `  not priced: ${comparison.base} ${comparison.unpriced.base}, ${comparison.other} ${comparison.unpriced.other}`,
        "",
    ].join("\n");
}
