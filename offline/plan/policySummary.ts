import * as path from "path";
import { evaluateWithWaivers, loadPolicyConfig, PolicyReport, PolicyViolation } from "../check/policyCheck";
import { defaultConfigFile } from "../check/policyConfig";
import { SynthResult } from "../synth/synthesize";

/** One of the stack's waivers as the plan lists it. */
export interface PlanWaiver {
    policy: string;
    resource: string;
    reason: string;
    expires: string;
    /** Its `expires` day has passed: it waives nothing and fails the policy check. */
    expired: boolean;
    /** Unusable for another reason (no reason, a malformed date): the problems, as the policy check reports them. */
    problems: string[];
    /** How many of the stack's violations it accepts. */
    waivedViolations: number;
}

/** The plan's view of the offline policy check: counts per level, the mandatory violations and the waivers listed. */
export interface PolicySummary {
    policyPack: string;
    /** The config file used (repository-relative when inside it), or undefined for the pack's defaults. */
    configFile?: string;
    counts: Pick<PolicyReport["counts"], "mandatory" | "advisory" | "remediate" | "disabled"> & Partial<PolicyReport["counts"]>;
    mandatory: PolicyViolation[];
    /** How many violations the stack's valid waivers accepted (listed by the check, not counted in `counts`). */
    waived?: number;
    /** The stack's waivers (from its policy config), each with whether it has expired; absent in plans built without a config. */
    waivers?: PlanWaiver[];
}

/** Repository-relative when inside the repository, absolute otherwise. */
function displayPath(file: string): string {
    const relative = path.relative(path.join(__dirname, "..", ".."), path.resolve(file));
    return relative.startsWith("..") ? path.resolve(file) : relative;
}

/** The waivers of a report as the plan lists them. */
export function planWaivers(report: PolicyReport): PlanWaiver[] {
    return report.waivers.map((w) => {
        const invalid = report.invalidWaivers.find((i) => i.waiver === w);
        return {
            policy: w.policy, resource: w.resource, reason: w.reason, expires: w.expires,
            expired: invalid?.expired ?? false, problems: invalid?.problems ?? [],
            waivedViolations: report.violations.filter((v) => v.waiver === w).length,
        };
    });
}

/**
 * Runs the policy pack over the synth document with `configFile`, else the stack's policy/config/<stack>.json when
 * present, listing the config's waivers (judged against today, UTC) and the violations they accept.
 */
export async function policySummary(synth: SynthResult, configFile?: string): Promise<PolicySummary> {
    const file = configFile ?? defaultConfigFile(synth.stack);
    const config = file ? loadPolicyConfig(file) : {};
    const report = await evaluateWithWaivers(synth, { config, configSource: file });
    return {
        policyPack: report.policyPack,
        configFile: file ? displayPath(file) : undefined,
        counts: report.counts,
        mandatory: report.violations.filter((v) => v.enforcementLevel === "mandatory" && !v.waiver),
        waived: report.violations.filter((v) => v.waiver).length,
        waivers: planWaivers(report),
    };
}
