import { ResourceValidationPolicy } from "@pulumi/policy";
import { dlmScriptsProblems } from "../model/dlmScripts";
import { forTypes } from "./forTypes";

/** The Data Lifecycle Manager policy type (sigma:backup.consistency application). */
export const DLM_LIFECYCLE_POLICY = "aws:dlm/lifecyclePolicy:LifecyclePolicy";

const list = (value: unknown): any[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const DAYS_PER_UNIT: Record<string, number> = { DAYS: 1, WEEKS: 7, MONTHS: 30, YEARS: 365 };

/** Days a DLM time-based retain rule keeps a snapshot; undefined for a count-based or missing rule. */
function retainedDays(rule: any): number | undefined {
    return typeof rule?.interval === "number" && DAYS_PER_UNIT[rule?.intervalUnit] !== undefined ? rule.interval * DAYS_PER_UNIT[rule.intervalUnit] : undefined;
}

export const dlmSnapshotPolicySafe: ResourceValidationPolicy = {
    name: "dlm-snapshot-policy-safe",
    description: "Data Lifecycle Manager snapshot policies keep snapshots (and their cross-Region copies) at least the configured days, encrypt every copy, and run pre/post scripts only as DLM accepts them (both stages, documented timeout and retries).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Give every schedule a time-based retainRule of at least minRetentionDays, set encrypted: true on each crossRegionCopyRule, and keep scripts to stages PRE and POST with executionTimeout 10-120 and maximumRetryCount 0-3 (SigmaConsistentSnapshots does).",
    configSchema: {
        properties: {
            minRetentionDays: { type: "integer", minimum: 1, default: 7, description: "Fewest days a snapshot or copy is kept (as backup-plan-retention)" },
        },
    },
    validateResource: forTypes([DLM_LIFECYCLE_POLICY], (args, reportViolation) => {
        const { minRetentionDays } = args.getConfig<{ minRetentionDays: number }>();
        list(args.props.policyDetails?.schedules).forEach((schedule: any, i: number) => {
            const label = `schedules[${i}] (${schedule?.name ?? "unnamed"})`;
            const kept = retainedDays(schedule?.retainRule);
            if (kept === undefined || kept < minRetentionDays) {
                reportViolation(`${label} keeps snapshots ${kept === undefined ? "by count, not for a time" : `${kept} days`}; keep them at least ${minRetentionDays} days (retainRule interval/intervalUnit)`);
            }
            const scripts = schedule?.createRule?.scripts;
            if (scripts !== undefined && scripts !== null) {
                for (const problem of dlmScriptsProblems(scripts)) {
                    reportViolation(`${label} createRule.scripts ${problem}`);
                }
            }
            list(schedule?.crossRegionCopyRules).forEach((copy: any, j: number) => {
                if (copy?.encrypted !== true) {
                    reportViolation(`${label} crossRegionCopyRules[${j}] to ${copy?.target ?? "?"} does not set encrypted: true`);
                }
                const copyKept = retainedDays(copy?.retainRule);
                if (copyKept === undefined || copyKept < minRetentionDays) {
                    reportViolation(`${label} crossRegionCopyRules[${j}] keeps copies ${copyKept === undefined ? "with no retain rule (forever, unmanaged)" : `${copyKept} days`}; keep them at least ${minRetentionDays} days`);
                }
            });
        });
    }),
};
