import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isKmsKeyArn, KMS_KEY_ARN_EXAMPLE, LAMBDA_FUNCTION_NAME } from "../../model/ids";
import { DATA_MOUNT_PATH } from "../shared/constants";
import { accountScope } from "../shared/accountScope";
import { componentTags } from "../shared/tags";
import { ArgProblems, knownValue, show, tagProblems } from "../shared/validation";
import { agentParameterNameProblem, cloudWatchAgentConfig, CWAGENT_NAMESPACE, MYSQL_PROCESS_EXE, MYSQL_PROCSTAT_DIMENSIONS } from "../shared/cloudWatchAgent";
import { alarmTopicArnProblem, emailProblem, optOutReasonProblem } from "./alarmRecipients";
import {
    alarmTopicKeyPolicy, alarmTopicPolicy, backupChangePattern, backupFailurePattern, keyChangePattern, MAX_ALARM_ACTIONS,
    MAX_ALARM_EVALUATION_HOURS, MAX_RULE_TARGETS, restoreFailurePattern,
} from "./alertPolicies";

export * from "./alarmRecipients";
export * from "./alertPolicies";
export * from "./sigmaAuditTrail";

export const MONITORING_DEFAULTS = {
    /** Seed 001's recommended thresholds for EC2 CPU, memory and EBS storage utilisation. */
    cpuThresholdPercent: 80,
    memoryThresholdPercent: 80,
    diskThresholdPercent: 80,
    /** Any unhealthy target means a Sigma node is out of the rotation (the issue's "> 0"). */
    unhealthyHostThreshold: 0,
    /** 5xx responses (ALB + targets) as a share of requests; a handful of errors on a quiet site stays below it. */
    http5xxRatePercent: 5,
    /** p95 target response time; report rendering is slow by nature, so this flags a stall, not a slow report. */
    targetResponseTimeSeconds: 5,
    /** Minutes a condition must hold before an alarm fires (1-minute datapoints with detailed monitoring). */
    evaluationMinutes: 5,
    /** The paths whose disk use is watched: the root volume and MySQL's data volume (guide 4.7). */
    diskPaths: ["/", DATA_MOUNT_PATH],
    backupFailureAlerts: true,
    destructiveActionAlerts: true,
    /** A missed backup alarms after this many backup intervals without a new recovery point (the issue's 2x). */
    rpoIntervals: 2,
};

/** The extra topics besides the component's own: every alarm and rule also notifies them, within AWS's action limits. */
const MAX_EXTRA_TOPICS = Math.min(MAX_ALARM_ACTIONS, MAX_RULE_TARGETS) - 1;

export interface SigmaMonitoringArgs {
    /** Email addresses subscribed to the alarm topic (each must confirm the subscription mail); empty only with alarmEmailsOptOut. */
    alarmEmails: string[];
    /** Why the topic has no email subscription (e.g. on-call reads alarmTopicArns); required when alarmEmails is empty. */
    alarmEmailsOptOut?: string;
    /** Keep the alarm topic's key through `pulumi destroy` and refuse its deletion (protect + retainOnDelete); default false. */
    protectData?: boolean;
    /** Existing standard SNS topics in the same region (an on-call integration) every alarm and rule notifies too; at most 4. */
    alarmTopicArns?: pulumi.Input<string>[];
    /** Instances watched for CPU and status checks (and memory, disk and MySQL not running with agentConfigParameterName); default none. */
    instanceIds?: pulumi.Input<string>[];
    /** A stable name per instanceIds entry for alarm names and descriptions (default its position), so adding an instance renames no alarm. */
    instanceNames?: string[];
    /** SSM parameter the CloudWatch agent config is stored under (pass the same to SigmaInstance); with it, memory, disk and MySQL-not-running alarms. */
    agentConfigParameterName?: string;
    /** The ALB's `app/<name>/<id>` ARN suffix; with targetGroupArnSuffix enables the load balancer alarms. */
    loadBalancerArnSuffix?: pulumi.Input<string>;
    /** The target group's `targetgroup/<name>/<id>` ARN suffix. */
    targetGroupArnSuffix?: pulumi.Input<string>;
    /** Alarm when average CPU exceeds this percent (default 80). @default 80 */
    cpuThresholdPercent?: number;
    /** Alarm when memory used exceeds this percent (default 80; CloudWatch agent metric). @default 80 */
    memoryThresholdPercent?: number;
    /** Alarm when a watched filesystem is fuller than this percent (default 80; CloudWatch agent metric). @default 80 */
    diskThresholdPercent?: number;
    /** Alarm when more targets than this are unhealthy (default 0). @default 0 */
    unhealthyHostThreshold?: number;
    /** Alarm when 5xx responses exceed this percent of requests (default 5). @default 5 */
    http5xxRatePercent?: number;
    /** Alarm when p95 target response time exceeds this many seconds (default 5). @default 5 */
    targetResponseTimeSeconds?: number;
    /** Minutes a condition must hold before alarming (default 5). @default 5 */
    evaluationMinutes?: number;
    /** Filesystem paths whose use is watched (default "/" and "/var/lib/mysql"). @default ["/","/var/lib/mysql"] */
    diskPaths?: string[];
    /** Send AWS Backup backup, copy and restore job failures to the topic through EventBridge (default true). @default true */
    backupFailureAlerts?: boolean;
    /** Lambda functions (e.g. the restore function) whose Errors metric alarms. */
    functionNames?: string[];
    /** The vault the backup plan writes to: alarm when it gets no new recovery point for twice backupIntervalHours. */
    backupVaultName?: pulumi.Input<string>;
    /** The longest gap between the plan's backups in hours (model/cron maxIntervalHours of its schedule); with backupVaultName. */
    backupIntervalHours?: number;
    /** KMS keys (the vault's, the EBS key) whose deletion, disabling or policy change is reported; the topic's own key always is. */
    watchedKeyArns?: pulumi.Input<string>[];
    /** Report destructive KMS and AWS Backup API calls recorded by CloudTrail (default true; needs a trail logging the region). @default true */
    destructiveActionAlerts?: boolean;
    /** Extra tags for every resource. */
    tags?: Record<string, string>;
}

/** Validates SigmaMonitoring args; throws one error listing every problem. */
export function validateMonitoringArgs(name: string, args: SigmaMonitoringArgs): void {
    const problems = new ArgProblems("SigmaMonitoring", name);
    const optOut = args.alarmEmailsOptOut;
    if (!Array.isArray(args.alarmEmails)) {
        problems.add(`alarmEmails ${show(args.alarmEmails)} must be a list of addresses`);
    } else if (args.alarmEmails.length === 0) {
        problems.check(optOut !== undefined,
            `alarmEmails [] must list at least one address, or alarmEmailsOptOut must say who hears the alarms instead; alarms nobody receives are not monitoring`);
    } else {
        problems.check(optOut === undefined, `alarmEmailsOptOut ${show(optOut)} opts out of alarm mail, but alarmEmails lists ${args.alarmEmails.length} address(es); keep one of them`);
        args.alarmEmails.forEach((email, i) => {
            const problem = emailProblem(email);
            problems.check(!problem, `alarmEmails[${i}] ${show(email)} ${problem}`);
        });
        // Mailbox domains are case-insensitive and SNS treats the endpoints as one subscriber; the resource names lower-case them too.
        const firstIndex = new Map<string, number>();
        args.alarmEmails.forEach((email, i) => {
            const key = typeof email === "string" ? email.toLowerCase() : String(email);
            const first = firstIndex.get(key);
            problems.check(first === undefined, `alarmEmails[${i}] ${show(email)} is the same address as alarmEmails[${first}] (case does not matter); remove the duplicate`);
            firstIndex.set(key, first ?? i);
        });
    }
    if (optOut !== undefined) {
        problems.add((p => p && `alarmEmailsOptOut ${show(optOut)} ${p}`)(optOutReasonProblem(optOut)));
    }
    const topics = args.alarmTopicArns ?? [];
    problems.check(Array.isArray(topics) && topics.length <= MAX_EXTRA_TOPICS,
        `alarmTopicArns lists ${Array.isArray(topics) ? topics.length : show(topics)} topics; at most ${MAX_EXTRA_TOPICS} fit beside the own topic (${MAX_ALARM_ACTIONS} alarm actions, ${MAX_RULE_TARGETS} rule targets)`);
    const knownTopics = (Array.isArray(topics) ? topics : []).map((t) => knownValue(t));
    knownTopics.forEach((topic, i) => {
        if (topic !== undefined) {
            problems.add((p => p && `alarmTopicArns[${i}] ${show(topic)} ${p}`)(alarmTopicArnProblem(topic, undefined)));
            const first = knownTopics.indexOf(topic);
            problems.check(first === i, `alarmTopicArns[${i}] ${show(topic)} is already alarmTopicArns[${first}]; remove it`);
        }
    });
    const instanceIds = args.instanceIds ?? [];
    problems.check(Array.isArray(instanceIds), `instanceIds ${show(instanceIds)} must be a list of instance ids`);
    if (args.instanceNames !== undefined) {
        const names = args.instanceNames;
        problems.check(Array.isArray(names) && Array.isArray(instanceIds) && names.length === instanceIds.length
            && names.every((n) => typeof n === "string" && /^[A-Za-z0-9-]{1,64}$/.test(n)) && new Set(names).size === names.length,
            `instanceNames ${show(names)} must give one distinct name (letters, digits, -) per instanceIds entry`);
    }
    if (args.agentConfigParameterName !== undefined) {
        problems.add(agentParameterNameProblem("agentConfigParameterName", args.agentConfigParameterName));
    }
    problems.check((args.loadBalancerArnSuffix === undefined) === (args.targetGroupArnSuffix === undefined),
        `loadBalancerArnSuffix ${show(knownValue(args.loadBalancerArnSuffix))} and targetGroupArnSuffix ${show(knownValue(args.targetGroupArnSuffix))} go together; pass both (SigmaLoadBalancer's arnSuffix and targetGroupArnSuffix) or neither`);
    const percent = (arg: "cpuThresholdPercent" | "memoryThresholdPercent" | "diskThresholdPercent" | "http5xxRatePercent") => {
        const value = args[arg];
        problems.check(value === undefined || (typeof value === "number" && value > 0 && value < 100), `${arg} ${show(value)} must be a percentage above 0 and below 100`);
    };
    percent("cpuThresholdPercent");
    percent("memoryThresholdPercent");
    percent("diskThresholdPercent");
    percent("http5xxRatePercent");
    const unhealthy = args.unhealthyHostThreshold;
    problems.check(unhealthy === undefined || (Number.isInteger(unhealthy) && unhealthy >= 0), `unhealthyHostThreshold ${show(unhealthy)} must be a whole number of hosts, 0 or more`);
    const latency = args.targetResponseTimeSeconds;
    problems.check(latency === undefined || (typeof latency === "number" && latency > 0 && latency <= 4000), `targetResponseTimeSeconds ${show(latency)} must be a number of seconds above 0 (the ALB's idle timeout caps it at 4000)`);
    const minutes = args.evaluationMinutes;
    problems.check(minutes === undefined || (Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440), `evaluationMinutes ${show(minutes)} must be a whole number of minutes from 1 to 1440`);
    const paths = args.diskPaths;
    problems.check(paths === undefined || (Array.isArray(paths) && paths.length > 0 && paths.every((p) => typeof p === "string" && p.startsWith("/"))),
        `diskPaths ${show(paths)} must list absolute mount points such as "/" and "/var/lib/mysql"`);
    const functions = args.functionNames ?? [];
    problems.check(Array.isArray(functions) && functions.every((f) => typeof f === "string" && LAMBDA_FUNCTION_NAME.test(f)) && new Set(functions).size === functions.length,
        `functionNames ${show(functions)} must list distinct Lambda function names (1-64 letters, digits, - or _)`);
    problems.check((args.backupVaultName === undefined) === (args.backupIntervalHours === undefined),
        `backupVaultName ${show(knownValue(args.backupVaultName))} and backupIntervalHours ${show(args.backupIntervalHours)} go together; pass the plan's vault and the longest gap between its backups, or neither`);
    const interval = args.backupIntervalHours;
    if (interval !== undefined) {
        const maxInterval = MAX_ALARM_EVALUATION_HOURS / MONITORING_DEFAULTS.rpoIntervals;
        problems.check(Number.isInteger(interval) && interval >= 1 && interval <= maxInterval,
            `backupIntervalHours ${show(interval)} must be a whole number of hours from 1 to ${maxInterval}: the missed-backup alarm watches ${MONITORING_DEFAULTS.rpoIntervals} intervals, and CloudWatch evaluates at most ${MAX_ALARM_EVALUATION_HOURS} hours; back up at least every ${maxInterval} hours`);
    }
    (args.watchedKeyArns ?? []).forEach((arn, i) => {
        const known = knownValue(arn);
        problems.check(known === undefined || isKmsKeyArn(known), `watchedKeyArns[${i}] ${show(known)} is not a KMS key ARN; use the key ARN, e.g. ${KMS_KEY_ARN_EXAMPLE}`);
    });
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/** One CloudWatch alarm on one metric of one instance. */
export interface InstanceAlarmSpec {
    /** Name fragment, unique per instance. */
    key: string;
    what: string;
    namespace: string;
    metricName: string;
    statistic: string;
    threshold: number;
    /** Dimensions besides InstanceId. */
    dimensions: Record<string, string>;
    periodSeconds: number;
    evaluationPeriods: number;
    /** GreaterThanThreshold for a level that is too high, LessThanThreshold for a count that is too low. */
    comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
    /** "missing" keeps the last state while no data arrives; "breaching" treats no data as the failure itself. */
    treatMissingData: "missing" | "breaching";
    /** Alarms fed by the CloudWatch agent also notify when the agent stops reporting. */
    fromAgent: boolean;
}

/**
 * The alarms each watched instance gets: CPU, both status checks, and (with the agent) memory, disk per watched path
 * and MySQL not running.
 *
 * MySQL not running: the agent's procstat count of mysqld processes (cloudWatchAgentConfig) below 1 for the sustained
 * window, on exactly the series the agent publishes (InstanceId + MYSQL_PROCSTAT_DIMENSIONS). Missing data breaches:
 * the count stops arriving when the agent, or the whole instance, is down, and then nobody sees whether MySQL runs;
 * for the database that is the failure itself, so it alarms instead of waiting in INSUFFICIENT_DATA. (Memory and disk
 * keep "missing": a silent agent says nothing about a full disk, and their INSUFFICIENT_DATA notifications report it.)
 */
export function instanceAlarmSpecs(thresholds: { cpu: number; memory: number; disk: number; minutes: number; diskPaths: string[]; agent?: boolean }): InstanceAlarmSpec[] {
    const above = { comparisonOperator: "GreaterThanThreshold", treatMissingData: "missing" } as const;
    const sustained = { periodSeconds: 60, evaluationPeriods: thresholds.minutes, ...above };
    const specs: InstanceAlarmSpec[] = [
        { key: "cpu", what: `average CPU above ${thresholds.cpu}%`, namespace: "AWS/EC2", metricName: "CPUUtilization", statistic: "Average", threshold: thresholds.cpu, dimensions: {}, ...sustained, fromAgent: false },
        { key: "status-instance", what: "failed instance status check", namespace: "AWS/EC2", metricName: "StatusCheckFailed_Instance", statistic: "Maximum", threshold: 0, dimensions: {}, periodSeconds: 60, evaluationPeriods: 2, ...above, fromAgent: false },
        { key: "status-system", what: "failed system status check (auto-recovery acts on it too)", namespace: "AWS/EC2", metricName: "StatusCheckFailed_System", statistic: "Maximum", threshold: 0, dimensions: {}, periodSeconds: 60, evaluationPeriods: 2, ...above, fromAgent: false },
        { key: "memory", what: `memory used above ${thresholds.memory}%`, namespace: CWAGENT_NAMESPACE, metricName: "mem_used_percent", statistic: "Average", threshold: thresholds.memory, dimensions: {}, ...sustained, fromAgent: true },
        ...thresholds.diskPaths.map((path) => ({
            key: `disk-${path === "/" ? "root" : path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}`,
            what: `filesystem ${path} above ${thresholds.disk}% full`, namespace: CWAGENT_NAMESPACE, metricName: "disk_used_percent",
            statistic: "Maximum", threshold: thresholds.disk, dimensions: { path }, ...sustained, fromAgent: true,
        })),
        {
            key: "mysql-not-running", what: `MySQL not running (no ${MYSQL_PROCESS_EXE} process, or the CloudWatch agent stopped reporting)`,
            namespace: CWAGENT_NAMESPACE, metricName: "procstat_lookup_pid_count", statistic: "Maximum", threshold: 1,
            dimensions: { ...MYSQL_PROCSTAT_DIMENSIONS }, ...sustained, comparisonOperator: "LessThanThreshold", treatMissingData: "breaching", fromAgent: true,
        },
    ];
    return thresholds.agent === false ? specs.filter((s) => !s.fromAgent) : specs;
}

/**
 * The missed-backup (RPO) alarm over AWS Backup's NumberOfRecoveryPointsCompleted, dimensioned by resource type and
 * vault ("Resource type, vault name"; AWS Backup "emits updated metrics to CloudWatch every 5 minutes" and reports a
 * metric only when it is nonzero: https://docs.aws.amazon.com/aws-backup/latest/devguide/cloudwatch.html). Hourly
 * sums, all of the last `rpoIntervals x interval` hours without one completed point alarm; an hour without data is
 * an hour without a recovery point, so missing data breaches.
 */
export function recoveryPointAlarmSpec(vaultName: string, intervalHours: number, intervals = MONITORING_DEFAULTS.rpoIntervals) {
    const hours = intervals * intervalHours;
    return {
        namespace: "AWS/Backup",
        metricName: "NumberOfRecoveryPointsCompleted",
        dimensions: { ResourceType: "EC2", BackupVaultName: vaultName },
        statistic: "Sum",
        period: 3600,
        evaluationPeriods: hours,
        datapointsToAlarm: hours,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
        hours,
    };
}

/** The Errors alarm of one Lambda function: any failed invocation in 5 minutes (AWS/Lambda Errors, dimension FunctionName). */
export function functionErrorsAlarmSpec(functionName: string) {
    // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html (Errors; dimension FunctionName)
    return {
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: functionName },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
    };
}

/**
 * The one notification path of a Sigma stack: a KMS-encrypted SNS topic (customer-managed key with rotation) with
 * email subscriptions (and optional existing topics beside it), which everything that can fail publishes to: alarms
 * for CPU, status checks, memory, disk and MySQL not running, the load balancer, the restore functions' errors and missed backups; AWS
 * Backup job failures and destructive KMS and AWS Backup API calls through EventBridge; AWS Backup vault
 * notifications and the restore functions' failure destinations (the topic and key policies admit them).
 */
export class SigmaMonitoring extends pulumi.ComponentResource {
    public readonly key: aws.kms.Key;
    public readonly topic: aws.sns.Topic;
    public readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
    public readonly rules: aws.cloudwatch.EventRule[] = [];
    public readonly agentConfigParameter?: aws.ssm.Parameter;
    public readonly backupFailureRule?: aws.cloudwatch.EventRule;
    public readonly topicArn: pulumi.Output<string>;
    public readonly keyArn: pulumi.Output<string>;
    public readonly agentConfigParameterName?: pulumi.Output<string>;

    constructor(name: string, args: SigmaMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        validateMonitoringArgs(name, args);
        super("sigma:monitoring:SigmaMonitoring", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaMonitoring", args.tags);
        const scope = accountScope(child);
        const minutes = args.evaluationMinutes ?? MONITORING_DEFAULTS.evaluationMinutes;

        this.key = new aws.kms.Key(`${name}-alarms`, {
            description: `Sigma ${name}: encrypts the alarm topic`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: scope.apply((s) => JSON.stringify(alarmTopicKeyPolicy(s.partition, s.region, s.account))),
            tags,
        }, args.protectData === true ? { ...child, protect: true, retainOnDelete: true } : child);
        this.topic = new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: this.key.arn, tags }, child);
        const topicArn = this.topic.arn;
        args.alarmEmails.forEach((email) => new aws.sns.TopicSubscription(`${name}-email-${email.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`, {
            topic: topicArn, protocol: "email", endpoint: email,
        }, child));
        new aws.sns.TopicPolicy(`${name}-alarms`, {
            arn: topicArn,
            policy: pulumi.all([scope, topicArn]).apply(([s, topic]) => JSON.stringify(alarmTopicPolicy(s.partition, s.region, s.account, topic))),
        }, child);

        // Extra topics must be in the provider's region: known only once the provider's region is.
        const extraTopics = pulumi.all([scope, pulumi.all(args.alarmTopicArns ?? [])]).apply(([s, arns]) => arns.map((arn, i) => {
            const problem = alarmTopicArnProblem(arn, s.region);
            if (problem) {
                throw new pulumi.ResourceError(`SigmaMonitoring "${name}" alarmTopicArns[${i}] ${show(arn)} ${problem}`, this);
            }
            return arn;
        }));
        const notify = pulumi.all([topicArn, extraTopics]).apply(([own, extra]) => [own, ...extra]);
        const extraCount = (args.alarmTopicArns ?? []).length;
        const rule = (ruleName: string, description: string, pattern: pulumi.Input<string>, inputTransformer?: aws.types.input.cloudwatch.EventTargetInputTransformer) => {
            const eventRule = new aws.cloudwatch.EventRule(`${name}-${ruleName}`, { description, eventPattern: pattern, tags }, child);
            new aws.cloudwatch.EventTarget(`${name}-${ruleName}`, { rule: eventRule.name, arn: topicArn, inputTransformer }, child);
            for (let i = 0; i < extraCount; i++) {
                new aws.cloudwatch.EventTarget(`${name}-${ruleName}-topic-${i}`, {
                    rule: eventRule.name, arn: extraTopics.apply((t) => t[i]), inputTransformer,
                }, child);
            }
            this.rules.push(eventRule);
            return eventRule;
        };

        if (args.backupFailureAlerts ?? MONITORING_DEFAULTS.backupFailureAlerts) {
            this.backupFailureRule = rule("backup-failures", "AWS Backup backup and copy jobs that failed, aborted or expired",
                JSON.stringify(backupFailurePattern()), {
                    inputPaths: { type: "$.detail-type", state: "$.detail.state", resource: "$.detail.resourceArn", reason: "$.detail.statusMessage", account: "$.account", region: "$.region" },
                    inputTemplate: "\"Sigma AWS Backup alert: <type> is <state> for <resource> in <account>/<region>: <reason>\"",
                });
            rule("restore-failures", "AWS Backup restore jobs (restores and restore tests) that failed or were aborted",
                JSON.stringify(restoreFailurePattern()), {
                    inputPaths: { job: "$.detail.restoreJobId", status: "$.detail.status", resource: "$.resources[0]", reason: "$.detail.statusMessage", account: "$.account", region: "$.region" },
                    inputTemplate: "\"Sigma AWS Backup alert: restore job <job> is <status> for <resource> in <account>/<region>: <reason>\"",
                });
        }
        if (args.destructiveActionAlerts ?? MONITORING_DEFAULTS.destructiveActionAlerts) {
            const keyArns = pulumi.all([this.key.arn, pulumi.all(args.watchedKeyArns ?? [])]).apply(([own, watched]) => [...watched, own]);
            rule("key-changes", "Deletion scheduled, disabling or a new policy of a Sigma KMS key (CloudTrail)",
                keyArns.apply((arns) => JSON.stringify(keyChangePattern(arns))));
            rule("backup-changes", "Deleted or shortened recovery points, vaults, vault locks, vault access policies, plans or selections (CloudTrail)",
                JSON.stringify(backupChangePattern()));
        }

        const actions = { alarmActions: notify, okActions: notify };
        const alarm = (alarmName: string, alarmArgs: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "tags">) =>
            this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-${alarmName}`, { ...alarmArgs, ...actions, tags }, child));

        const diskPaths = args.diskPaths ?? MONITORING_DEFAULTS.diskPaths;
        if (args.agentConfigParameterName !== undefined) {
            this.agentConfigParameter = new aws.ssm.Parameter(`${name}-cloudwatch-agent`, {
                name: args.agentConfigParameterName,
                description: "CloudWatch agent config of the Sigma instances (memory and disk used percent, mysqld process count)",
                type: "String",
                tier: "Standard",
                value: JSON.stringify(cloudWatchAgentConfig(diskPaths)),
                tags,
            }, child);
            this.agentConfigParameterName = this.agentConfigParameter.name;
        }
        const specs = instanceAlarmSpecs({
            cpu: args.cpuThresholdPercent ?? MONITORING_DEFAULTS.cpuThresholdPercent,
            memory: args.memoryThresholdPercent ?? MONITORING_DEFAULTS.memoryThresholdPercent,
            disk: args.diskThresholdPercent ?? MONITORING_DEFAULTS.diskThresholdPercent,
            minutes, diskPaths, agent: args.agentConfigParameterName !== undefined,
        });
        (args.instanceIds ?? []).forEach((instanceId, i) => {
            const label = args.instanceNames?.[i] ?? String(i);
            for (const spec of specs) {
                alarm(`${label}-${spec.key}`, {
                    alarmDescription: pulumi.interpolate`Sigma instance ${args.instanceNames ? `${label} ` : ""}${instanceId}: ${spec.what}`,
                    namespace: spec.namespace,
                    metricName: spec.metricName,
                    dimensions: { InstanceId: instanceId, ...spec.dimensions },
                    statistic: spec.statistic,
                    period: spec.periodSeconds,
                    evaluationPeriods: spec.evaluationPeriods,
                    threshold: spec.threshold,
                    comparisonOperator: spec.comparisonOperator,
                    treatMissingData: spec.treatMissingData,
                    insufficientDataActions: spec.fromAgent ? notify : [],
                });
            }
        });

        for (const functionName of args.functionNames ?? []) {
            const { dimensions, ...spec } = functionErrorsAlarmSpec(functionName);
            alarm(`${functionName}-errors`, { alarmDescription: `Lambda function ${functionName} failed an invocation (its Errors metric)`, dimensions, ...spec });
        }

        if (args.backupVaultName !== undefined && args.backupIntervalHours !== undefined) {
            const interval = args.backupIntervalHours;
            const { hours, ...spec } = recoveryPointAlarmSpec("", interval);
            alarm("recovery-points", {
                ...spec,
                alarmDescription: pulumi.interpolate`Sigma backups: no new recovery point in vault ${args.backupVaultName} for ${hours} hours (${MONITORING_DEFAULTS.rpoIntervals} x the ${interval}-hour backup interval): the recovery point objective is breached`,
                dimensions: pulumi.output(args.backupVaultName).apply((vault) => recoveryPointAlarmSpec(vault, interval).dimensions),
            });
        }

        if (args.loadBalancerArnSuffix !== undefined && args.targetGroupArnSuffix !== undefined) {
            const lb = args.loadBalancerArnSuffix;
            const tg = args.targetGroupArnSuffix;
            const unhealthy = args.unhealthyHostThreshold ?? MONITORING_DEFAULTS.unhealthyHostThreshold;
            alarm("unhealthy-hosts", {
                alarmDescription: `Sigma load balancer: more than ${unhealthy} unhealthy target(s) failing the /sigma health check`,
                namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount",
                dimensions: { LoadBalancer: lb, TargetGroup: tg },
                statistic: "Maximum", period: 60, evaluationPeriods: 2, threshold: unhealthy,
                comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
            });
            const rate = args.http5xxRatePercent ?? MONITORING_DEFAULTS.http5xxRatePercent;
            const elbMetric = (id: string, metricName: string) => ({
                id, returnData: false,
                metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: { LoadBalancer: lb }, period: 60 * minutes, stat: "Sum" },
            });
            alarm("5xx-rate", {
                alarmDescription: `Sigma load balancer: more than ${rate}% of requests answered 5xx over ${minutes} minutes`,
                metricQueries: [
                    elbMetric("requests", "RequestCount"),
                    elbMetric("elb5xx", "HTTPCode_ELB_5XX_Count"),
                    elbMetric("target5xx", "HTTPCode_Target_5XX_Count"),
                    { id: "rate", expression: "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests", label: "5xx % of requests", returnData: true },
                ],
                evaluationPeriods: 1, threshold: rate,
                comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
            });
            const latency = args.targetResponseTimeSeconds ?? MONITORING_DEFAULTS.targetResponseTimeSeconds;
            alarm("response-time", {
                alarmDescription: `Sigma load balancer: p95 target response time above ${latency}s for ${minutes} minutes`,
                namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime",
                dimensions: { LoadBalancer: lb, TargetGroup: tg },
                extendedStatistic: "p95", period: 60, evaluationPeriods: minutes, threshold: latency,
                comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
            });
        }

        this.topicArn = topicArn;
        this.keyArn = this.key.arn;
        this.registerOutputs({ topicArn: this.topicArn, keyArn: this.keyArn, agentConfigParameterName: this.agentConfigParameterName });
    }
}
