import * as path from "path";
import { evaluatePolicies, loadPolicyConfig, PolicyReport, PolicyViolation } from "../check/policyCheck";
import { defaultConfigFile } from "../check/policyConfig";
import { SynthResult } from "../synth/synthesize";

/** The plan's view of the offline policy check: counts per level, and the mandatory violations listed. */
export interface PolicySummary {
    policyPack: string;
    /** The config file used (repository-relative when inside it), or undefined for the pack's defaults. */
    configFile?: string;
    counts: PolicyReport["counts"];
    mandatory: PolicyViolation[];
}

/** Repository-relative when inside the repository, absolute otherwise. */
function displayPath(file: string): string {
    const relative = path.relative(path.join(__dirname, "..", ".."), path.resolve(file));
    return relative.startsWith("..") ? path.resolve(file) : relative;
}

/** Runs the policy pack over the synth document with `configFile`, else the stack's policy/config/<stack>.json when present. */
export async function policySummary(synth: SynthResult, configFile?: string): Promise<PolicySummary> {
    const file = configFile ?? defaultConfigFile(synth.stack);
    const config = file ? loadPolicyConfig(file) : {};
    const report = await evaluatePolicies(synth, { config, configSource: file });
    return {
        policyPack: report.policyPack,
        configFile: file ? displayPath(file) : undefined,
        counts: report.counts,
        mandatory: report.violations.filter((v) => v.enforcementLevel === "mandatory"),
    };
}
