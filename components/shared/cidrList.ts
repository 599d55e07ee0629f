import { cidrProblem, coverageText, duplicateCidrs, exposesInternet, isWorldOpen } from "../../model/cidr";
import { show } from "./validation";

/**
 * Every problem with a list of CIDR args: malformed entries, duplicates (the same block however it is spelt),
 * and, when `worldFix` is given, a single block or a union of blocks that exposes the internet: every address, or
 * more than half of the public internet (model/cidr.ts exposesInternet, the rule the policy pack applies too).
 */
export function cidrListProblems(arg: string, cidrs: unknown, worldFix: string | undefined): string[] {
    if (cidrs === undefined) {
        return [];
    }
    if (!Array.isArray(cidrs) || cidrs.some((cidr) => typeof cidr !== "string")) {
        return [`${arg} ${show(cidrs)} must be a list of CIDR strings`];
    }
    const problems: string[] = [];
    cidrs.forEach((cidr: string, i: number) => {
        const problem = cidrProblem(cidr);
        if (problem) {
            problems.push(`${arg}[${i}] ${show(cidr)} ${problem}`);
        } else if (worldFix && isWorldOpen(cidr)) {
            problems.push(`${arg}[${i}] ${show(cidr)} opens the port to the whole internet; ${worldFix}`);
        }
    });
    for (const duplicate of duplicateCidrs(cidrs)) {
        problems.push(`${arg}[${duplicate.index}] ${show(cidrs[duplicate.index])} is the same block as ${arg}[${duplicate.firstIndex}] (${duplicate.cidr}); remove the duplicate`);
    }
    if (worldFix && !cidrs.some(isWorldOpen)) {
        const exposure = exposesInternet(cidrs);
        for (const family of (["ipv4", "ipv6"] as const).filter((f) => exposure[f])) {
            problems.push(`${arg} ${show(cidrs)} together cover ${coverageText(family, exposure.share[family])}, which opens the port to the internet; ${worldFix}`);
        }
    }
    return problems;
}
