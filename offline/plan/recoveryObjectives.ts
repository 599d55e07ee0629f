import { VALIDATION_METRICS } from "../../components/restore/restoreValidation";
import { backupRules, BackupRule } from "./backupRules";
import { PlanAssumptions } from "./planAssumptions";
import { StackResources } from "./stackResources";

export interface RuleObjective {
    plan: string;
    rule: string;
    region: string;
    schedule: string;
    /** Longest gap between backups (the nominal RPO) in hours, when the schedule could be read. */
    rpoHours?: number;
    /** Worst case: the gap plus the start window a delayed job may use. */
    worstCaseRpoHours?: number;
    retentionDays?: number;
    coveredInstances: string[];
    copies: Array<{ region?: string; destinationVaultArn: string; retentionDays?: number }>;
}

/** The automatic AZ failover a stack registers (SigmaFailover's state machine and what starts it). */
export interface FailoverObjective {
    stateMachine: string;
    /** Minutes of impairment (the starting alarm's evaluation window) before it starts; undefined when no alarm starts it. */
    detectionMinutes?: number;
    /** Other things that start it: EventBridge rules on events other than its alarm (e.g. AWS Health). */
    otherTriggers: string[];
    /** The DNS records it moves to the restored instance (a DB reached by name). */
    movesRecords: string[];
    /** Whether it registers the restored instance in a target group. */
    swapsTargets: boolean;
}

/** The recovery objectives a stack's config implies. */
export interface RecoveryObjectives {
    rules: RuleObjective[];
    /** One sentence each: RPO in the primary region, RPO in the DR region. */
    rpo: string;
    drRpo: string;
    /**
     * The RTO the weekly restore test holds the stack to: the threshold of its RecoveryTime alarm (restore start until
     * the restored Sigma answers), or why none is measured.
     */
    rto: string;
    /** How the service comes back, in order of the failures it answers. */
    restorePath: string[];
    /** Instances no backup plan covers. */
    uncoveredInstances: string[];
    /** The automatic AZ failovers (empty or absent: none). */
    failovers?: FailoverObjective[];
}

/** The RTO the failover is built to meet (README, issue 12): detection plus the run's worst case (components/failover failoverTiming). */
export const FAILOVER_RTO_MINUTES = 30;

/**
 * The Step Functions state machines that EventBridge starts, read from the synth: the rules targeting each, the alarm
 * one of them follows (its evaluation window is the detection time), and the Route 53 records and target groups the
 * definition changes (Task resources arn:aws:states:::aws-sdk:<service>:<action>,
 * https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html).
 */
export function failoverObjectives(stack: StackResources): FailoverObjective[] {
    // Links are read from property dependencies (which resource an input came from), not from names or ARNs.
    const from = (r: { propertyDependencies?: Record<string, string[]> }, property: string) => r.propertyDependencies?.[property] ?? [];
    const targets = stack.ofType("aws:cloudwatch/eventTarget:EventTarget");
    return stack.ofType("aws:sfn/stateMachine:StateMachine").map((machine) => {
        const starting = targets.filter((t) => from(t, "arn").includes(machine.urn))
            .flatMap((t) => from(t, "rule")).map((urn) => stack.byUrn.get(urn)).filter((r): r is NonNullable<typeof r> => r?.type === "aws:cloudwatch/eventRule:EventRule");
        let detectionMinutes: number | undefined;
        const otherTriggers: string[] = [];
        for (const rule of starting) {
            const alarm = from(rule, "eventPattern").map((urn) => stack.byUrn.get(urn)).find((r) => r?.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
            if (alarm !== undefined) {
                detectionMinutes = (Number(alarm.inputs.evaluationPeriods) * Number(alarm.inputs.period)) / 60;
            } else {
                const pattern = safeJson(String(rule.inputs.eventPattern ?? "")) as { source?: string[] } | undefined;
                otherTriggers.push(`${(pattern?.source ?? ["an event"]).join(", ")} (rule ${rule.name})`);
            }
        }
        const definition = safeJson(String(machine.inputs.definition ?? "")) as { States?: Record<string, { Resource?: string; Parameters?: any }> } | undefined;
        const states = Object.values(definition?.States ?? {});
        const movesRecords = states.filter((st) => /:route53:changeResourceRecordSets$/.test(st.Resource ?? ""))
            .flatMap((st) => (st.Parameters?.ChangeBatch?.Changes ?? []).map((c: any) => String(c.ResourceRecordSet?.Name)));
        const swapsTargets = states.some((st) => /:elasticloadbalancingv2:registerTargets$/.test(st.Resource ?? ""));
        return { stateMachine: machine.name, detectionMinutes, otherTriggers, movesRecords, swapsTargets };
    });
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

const hoursText = (h: number) => (h < 1 ? `${Math.round(h * 60)} min` : `${Math.round(h * 100) / 100} h`);

function ruleObjective(rule: BackupRule): RuleObjective {
    const gap = rule.schedule.maxGapHours;
    return {
        plan: rule.plan.name,
        rule: rule.ruleName,
        region: rule.region,
        schedule: `${rule.schedule.expression || "none"} (${rule.schedule.describe})`,
        rpoHours: gap,
        worstCaseRpoHours: gap === undefined ? undefined : gap + (rule.startWindowMinutes ?? 0) / 60,
        retentionDays: rule.retentionDays,
        coveredInstances: rule.coveredInstances,
        copies: rule.copies.map((c) => ({ region: c.region, destinationVaultArn: c.destinationVaultArn, retentionDays: c.retentionDays })),
    };
}

/** Reads RPO, DR copy lag and the restore path from the backup plans, alarms and functions the stack registers. */
export function recoveryObjectives(stack: StackResources, assumptions: PlanAssumptions): RecoveryObjectives {
    const rules = backupRules(stack, assumptions).filter((r) => r.coveredInstances.length > 0).map(ruleObjective);
    const instances = stack.ofType("aws:ec2/instance:Instance").map((i) => i.name);
    const covered = new Set(rules.flatMap((r) => r.coveredInstances));
    const uncoveredInstances = instances.filter((name) => !covered.has(name));
    const timed = rules.filter((r) => r.rpoHours !== undefined);
    const best = timed.sort((a, b) => a.rpoHours! - b.rpoHours!)[0];
    const rpo = instances.length === 0 ? "not applicable: the stack runs no instances"
        : best ? `<= ${hoursText(best.rpoHours!)} (${best.schedule}, rule ${best.rule}); up to ${hoursText(best.worstCaseRpoHours!)} if a job uses its whole start window`
        : rules.length > 0 ? `not analysed: ${rules.map((r) => r.schedule).join(", ")}` : "unbounded: no backup plan covers the instances (data lives only on its EBS volumes)";
    const copying = timed.filter((r) => r.copies.length > 0).sort((a, b) => a.rpoHours! - b.rpoHours!)[0];
    const drRpo = copying
        ? `<= ${hoursText(copying.rpoHours!)} + copy time to ${copying.copies.map((c) => c.region ?? c.destinationVaultArn).join(", ")} ` +
            "(each copy starts when its backup completes; incremental copies of the changed blocks typically take minutes to an hour)"
        : "none: no rule copies recovery points to another region";

    const alarms = stack.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    const rtoAlarms = alarms
        // The validator's RecoveryTime metric, per stack (any namespace: SigmaRestoreTesting's metricNamespace is an argument).
        .filter((a) => a.inputs.metricName === VALIDATION_METRICS.recoveryTime && Object.hasOwn((a.inputs.dimensions as object | undefined) ?? {}, VALIDATION_METRICS.dimension))
        .filter((a) => Number.isFinite(Number(a.inputs.threshold)));
    const tightest = rtoAlarms.sort((a, b) => Number(a.inputs.threshold) - Number(b.inputs.threshold))[0];
    const rto = tightest
        ? `<= ${Number(tightest.inputs.threshold) / 60} min (the restore test's objective: measured weekly from the restore's start until the restored Sigma answers /sigma and /expertctstudio; alarm ${tightest.name} above it)`
        : instances.length === 0 ? "not measured: the stack runs no instances" : "not measured: no restore test of this stack publishes its recovery time";

    const restorePath: string[] = [];
    const recoveryAlarms = alarms
        .filter((a) => ((a.inputs.alarmActions as string[]) ?? []).some((action) => /:ec2:recover$/.test(String(action))));
    if (recoveryAlarms.length > 0) {
        restorePath.push(`host failure: EC2 auto-recovery (${recoveryAlarms.map((a) => a.name).join(", ")}) moves the instance to new hardware with its volumes after 2 failed 1-minute system checks; no data loss, RTO minutes (a reboot)`);
    }
    const restoreFunctions = stack.ofType("aws:lambda/function:Function")
        .filter((f) => /restor|recover/i.test(`${f.name} ${f.inputs.name ?? ""} ${f.inputs.description ?? ""}`));
    const vaults = [...new Set(rules.map((r) => `${r.region}`))];
    if (rules.length > 0) {
        const automated = restoreFunctions.length > 0 ? ` or the restore automation (Lambda ${restoreFunctions.map((f) => f.name).join(", ")})` : "";
        restorePath.push(`instance or volume loss: restore the latest recovery point in ${vaults.join(", ")} with AWS Backup (start-restore-job)${automated}; data since that point is lost (RPO above)`);
    }
    const failovers = failoverObjectives(stack);
    for (const failover of failovers) {
        const started = [failover.detectionMinutes !== undefined ? `after ${failover.detectionMinutes} min with no healthy target` : undefined,
            ...failover.otherTriggers.map((t) => `on ${t}`)].filter(Boolean).join(" or ");
        const moves = [failover.swapsTargets ? "registers it as the load balancer's target" : undefined,
            ...failover.movesRecords.map((name) => `points ${name} at it`)].filter(Boolean).join(" and ");
        const loss = best ? `loses what was written since the newest recovery point, up to ${hoursText(best.rpoHours!)} (the backup interval)` : "loses everything since the last recovery point";
        restorePath.push(`AZ loss (automatic, no person): state machine ${failover.stateMachine} starts ${started || "by hand"}, restores the newest recovery point ` +
            `into another AZ's private subnet, waits for /sigma, ${moves || "records it"}, stops the old instance; RTO <= ${FAILOVER_RTO_MINUTES} min ` +
            `(detection + the run's bounded worst case); ${loss}`);
    }
    const drRegions = [...new Set(rules.flatMap((r) => r.copies.map((c) => c.region)).filter((r): r is string => !!r))];
    if (drRegions.length > 0) {
        restorePath.push(`region loss: restore the copied recovery point in ${drRegions.join(", ")} into the DR stack (same program, dr-region topology)`);
    }
    const vaultNames = stack.ofType("aws:backup/vault:Vault").map((v) => `${v.inputs.name ?? v.name} (${stack.regionOf(v)})`);
    if (instances.length === 0 && vaultNames.length > 0) {
        const automated = restoreFunctions.length > 0 ? ` or the restore automation (Lambda ${restoreFunctions.map((f) => f.name).join(", ")})` : "";
        restorePath.push(`this stack holds recovery points copied from other stacks in ${vaultNames.join(", ")}: restore them with AWS Backup (start-restore-job)${automated}`);
    } else if (rules.length === 0 && instances.length > 0) {
        restorePath.push("no backup plan: rebuild from the AMI with `pulumi up`; MySQL data survives only if the data volume does (a final snapshot is taken when it is deleted)");
    }
    return { rules, rpo, drRpo, rto, restorePath, uncoveredInstances, failovers };
}
