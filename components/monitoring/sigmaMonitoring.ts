import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DATA_MOUNT_PATH } from "../shared/constants";
import { accountScope } from "../shared/accountScope";
import { componentTags } from "../shared/tags";
import { ArgProblems, knownValue, show, tagProblems } from "../shared/validation";
import { agentParameterNameProblem, cloudWatchAgentConfig, CWAGENT_NAMESPACE } from "../shared/cloudWatchAgent";

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
};

/** Backup, copy and restore job states that need a human (AWS Backup's EventBridge events). */
export const BACKUP_FAILURE_STATES = ["FAILED", "ABORTED", "EXPIRED"];

export interface SigmaMonitoringArgs {
    /** Email addresses subscribed to the alarm topic (each must confirm the subscription mail). */
    alarmEmails: string[];
    /** Instances watched for CPU, status checks, memory and disk. */
    instanceIds: pulumi.Input<string>[];
    /** A stable name per instanceIds entry for alarm names and descriptions (default its position), so adding an instance renames no alarm. */
    instanceNames?: string[];
    /** SSM parameter name the CloudWatch agent config is stored under (pass the same to SigmaInstance). */
    agentConfigParameterName: string;
    /** The ALB's `app/<name>/<id>` ARN suffix; with targetGroupArnSuffix enables the load balancer alarms. */
    loadBalancerArnSuffix?: pulumi.Input<string>;
    /** The target group's `targetgroup/<name>/<id>` ARN suffix. */
    targetGroupArnSuffix?: pulumi.Input<string>;
    /** Alarm when average CPU exceeds this percent (default 80). */
    cpuThresholdPercent?: number;
    /** Alarm when memory used exceeds this percent (default 80; CloudWatch agent metric). */
    memoryThresholdPercent?: number;
    /** Alarm when a watched filesystem is fuller than this percent (default 80; CloudWatch agent metric). */
    diskThresholdPercent?: number;
    /** Alarm when more targets than this are unhealthy (default 0). */
    unhealthyHostThreshold?: number;
    /** Alarm when 5xx responses exceed this percent of requests (default 5). */
    http5xxRatePercent?: number;
    /** Alarm when p95 target response time exceeds this many seconds (default 5). */
    targetResponseTimeSeconds?: number;
    /** Minutes a condition must hold before alarming (default 5). */
    evaluationMinutes?: number;
    /** Filesystem paths whose use is watched (default "/" and "/var/lib/mysql"). */
    diskPaths?: string[];
    /** Send AWS Backup job, copy and restore failures to the topic through EventBridge (default true). */
    backupFailureAlerts?: boolean;
    /** Extra tags for every resource. */
    tags?: Record<string, string>;
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Why `email` cannot receive alarm mail, or undefined when it looks deliverable. */
export function emailProblem(email: unknown): string | undefined {
    return typeof email === "string" && email.length <= 254 && EMAIL.test(email) ? undefined : "is not an email address; e.g. ops@example.com";
}

/** Validates SigmaMonitoring args; throws one error listing every problem. */
export function validateMonitoringArgs(name: string, args: SigmaMonitoringArgs): void {
    const problems = new ArgProblems("SigmaMonitoring", name);
    if (!Array.isArray(args.alarmEmails) || args.alarmEmails.length === 0) {
        problems.add(`alarmEmails ${show(args.alarmEmails)} must list at least one address; alarms nobody receives are not monitoring`);
    } else {
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
    problems.check(Array.isArray(args.instanceIds) && args.instanceIds.length > 0, `instanceIds ${show(args.instanceIds)} must list at least one instance to watch`);
    if (args.instanceNames !== undefined) {
        const names = args.instanceNames;
        problems.check(Array.isArray(names) && Array.isArray(args.instanceIds) && names.length === args.instanceIds.length
            && names.every((n) => typeof n === "string" && /^[A-Za-z0-9-]{1,64}$/.test(n)) && new Set(names).size === names.length,
            `instanceNames ${show(names)} must give one distinct name (letters, digits, -) per instanceIds entry`);
    }
    problems.add(agentParameterNameProblem("agentConfigParameterName", args.agentConfigParameterName));
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
    /** Alarms fed by the CloudWatch agent also notify when the agent stops reporting. */
    fromAgent: boolean;
}

/** The alarms each watched instance gets: CPU, both status checks, memory, and disk per watched path. */
export function instanceAlarmSpecs(thresholds: { cpu: number; memory: number; disk: number; minutes: number; diskPaths: string[] }): InstanceAlarmSpec[] {
    const sustained = { periodSeconds: 60, evaluationPeriods: thresholds.minutes };
    return [
        { key: "cpu", what: `average CPU above ${thresholds.cpu}%`, namespace: "AWS/EC2", metricName: "CPUUtilization", statistic: "Average", threshold: thresholds.cpu, dimensions: {}, ...sustained, fromAgent: false },
        { key: "status-instance", what: "failed instance status check", namespace: "AWS/EC2", metricName: "StatusCheckFailed_Instance", statistic: "Maximum", threshold: 0, dimensions: {}, periodSeconds: 60, evaluationPeriods: 2, fromAgent: false },
        { key: "status-system", what: "failed system status check (auto-recovery acts on it too)", namespace: "AWS/EC2", metricName: "StatusCheckFailed_System", statistic: "Maximum", threshold: 0, dimensions: {}, periodSeconds: 60, evaluationPeriods: 2, fromAgent: false },
        { key: "memory", what: `memory used above ${thresholds.memory}%`, namespace: CWAGENT_NAMESPACE, metricName: "mem_used_percent", statistic: "Average", threshold: thresholds.memory, dimensions: {}, ...sustained, fromAgent: true },
        ...thresholds.diskPaths.map((path) => ({
            key: `disk-${path === "/" ? "root" : path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}`,
            what: `filesystem ${path} above ${thresholds.disk}% full`, namespace: CWAGENT_NAMESPACE, metricName: "disk_used_percent",
            statistic: "Maximum", threshold: thresholds.disk, dimensions: { path }, ...sustained, fromAgent: true,
        })),
    ];
}

/**
 * Alerts for a Sigma deployment: a KMS-encrypted SNS topic (customer-managed key with rotation) with email
 * subscriptions; alarms with actions for CPU, status checks, memory and disk (CloudWatch agent, config in an SSM
 * parameter), ALB unhealthy hosts, 5xx rate and response time; AWS Backup failures through EventBridge.
 */
export class SigmaMonitoring extends pulumi.ComponentResource {
    public readonly key: aws.kms.Key;
    public readonly topic: aws.sns.Topic;
    public readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
    public readonly agentConfigParameter: aws.ssm.Parameter;
    public readonly backupFailureRule?: aws.cloudwatch.EventRule;
    public readonly topicArn: pulumi.Output<string>;
    public readonly agentConfigParameterName: pulumi.Output<string>;

    constructor(name: string, args: SigmaMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        validateMonitoringArgs(name, args);
        super("sigma:monitoring:SigmaMonitoring", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaMonitoring", args.tags);
        const scope = accountScope(child);
        const partition = scope.apply((s) => s.partition);
        const region = scope.apply((s) => s.region);
        const account = scope.apply((s) => s.account);
        const minutes = args.evaluationMinutes ?? MONITORING_DEFAULTS.evaluationMinutes;

        this.key = new aws.kms.Key(`${name}-alarms`, {
            description: `Sigma ${name}: encrypts the alarm topic`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.all([partition, account]).apply(([p, a]) => JSON.stringify(alarmTopicKeyPolicy(p, a))),
            tags,
        }, child);
        this.topic = new aws.sns.Topic(`${name}-alarms`, { kmsMasterKeyId: this.key.arn, tags }, child);
        const topicArn = this.topic.arn;
        args.alarmEmails.forEach((email) => new aws.sns.TopicSubscription(`${name}-email-${email.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`, {
            topic: topicArn, protocol: "email", endpoint: email,
        }, child));

        const backupAlerts = args.backupFailureAlerts ?? MONITORING_DEFAULTS.backupFailureAlerts;
        if (backupAlerts) {
            this.backupFailureRule = new aws.cloudwatch.EventRule(`${name}-backup-failures`, {
                description: "AWS Backup backup, copy and restore jobs that failed, aborted or expired",
                eventPattern: JSON.stringify(backupFailurePattern()),
                tags,
            }, child);
            new aws.cloudwatch.EventTarget(`${name}-backup-failures`, {
                rule: this.backupFailureRule.name,
                arn: topicArn,
                inputTransformer: {
                    inputPaths: { type: "$.detail-type", state: "$.detail.state", resource: "$.detail.resourceArn", reason: "$.detail.statusMessage", account: "$.account", region: "$.region" },
                    inputTemplate: "\"Sigma AWS Backup alert: <type> is <state> for <resource> in <account>/<region>: <reason>\"",
                },
            }, child);
        }
        new aws.sns.TopicPolicy(`${name}-alarms`, {
            arn: topicArn,
            policy: pulumi.all([partition, region, account, topicArn, this.backupFailureRule?.arn]).apply(([p, r, a, topic, rule]) =>
                JSON.stringify(alarmTopicPolicy(p, r, a, topic, rule))),
        }, child);

        const diskPaths = args.diskPaths ?? MONITORING_DEFAULTS.diskPaths;
        this.agentConfigParameter = new aws.ssm.Parameter(`${name}-cloudwatch-agent`, {
            name: args.agentConfigParameterName,
            description: "CloudWatch agent config of the Sigma instances (memory and disk used percent)",
            type: "String",
            tier: "Standard",
            value: JSON.stringify(cloudWatchAgentConfig(diskPaths)),
            tags,
        }, child);

        const actions = { alarmActions: [topicArn], okActions: [topicArn] };
        const specs = instanceAlarmSpecs({
            cpu: args.cpuThresholdPercent ?? MONITORING_DEFAULTS.cpuThresholdPercent,
            memory: args.memoryThresholdPercent ?? MONITORING_DEFAULTS.memoryThresholdPercent,
            disk: args.diskThresholdPercent ?? MONITORING_DEFAULTS.diskThresholdPercent,
            minutes, diskPaths,
        });
        args.instanceIds.forEach((instanceId, i) => {
            const label = args.instanceNames?.[i] ?? String(i);
            for (const spec of specs) {
                this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-${label}-${spec.key}`, {
                    alarmDescription: pulumi.interpolate`Sigma instance ${args.instanceNames ? `${label} ` : ""}${instanceId}: ${spec.what}`,
                    namespace: spec.namespace,
                    metricName: spec.metricName,
                    dimensions: { InstanceId: instanceId, ...spec.dimensions },
                    statistic: spec.statistic,
                    period: spec.periodSeconds,
                    evaluationPeriods: spec.evaluationPeriods,
                    threshold: spec.threshold,
                    comparisonOperator: "GreaterThanThreshold",
                    treatMissingData: "missing",
                    ...actions,
                    insufficientDataActions: spec.fromAgent ? [topicArn] : [],
                    tags,
                }, child));
            }
        });

        if (args.loadBalancerArnSuffix !== undefined && args.targetGroupArnSuffix !== undefined) {
            const lb = args.loadBalancerArnSuffix;
            const tg = args.targetGroupArnSuffix;
            const unhealthy = args.unhealthyHostThreshold ?? MONITORING_DEFAULTS.unhealthyHostThreshold;
            this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-unhealthy-hosts`, {
                alarmDescription: `Sigma load balancer: more than ${unhealthy} unhealthy target(s) failing the /sigma health check`,
                namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount",
                dimensions: { LoadBalancer: lb, TargetGroup: tg },
                statistic: "Maximum", period: 60, evaluationPeriods: 2, threshold: unhealthy,
                comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching", ...actions, tags,
            }, child));
            const rate = args.http5xxRatePercent ?? MONITORING_DEFAULTS.http5xxRatePercent;
            const elbMetric = (id: string, metricName: string) => ({
                id, returnData: false,
                metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: { LoadBalancer: lb }, period: 60 * minutes, stat: "Sum" },
            });
            this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-5xx-rate`, {
                alarmDescription: `Sigma load balancer: more than ${rate}% of requests answered 5xx over ${minutes} minutes`,
                metricQueries: [
                    elbMetric("requests", "RequestCount"),
                    elbMetric("elb5xx", "HTTPCode_ELB_5XX_Count"),
                    elbMetric("target5xx", "HTTPCode_Target_5XX_Count"),
                    { id: "rate", expression: "100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests", label: "5xx % of requests", returnData: true },
                ],
                evaluationPeriods: 1, threshold: rate,
                comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching", ...actions, tags,
            }, child));
            const latency = args.targetResponseTimeSeconds ?? MONITORING_DEFAULTS.targetResponseTimeSeconds;
            this.alarms.push(new aws.cloudwatch.MetricAlarm(`${name}-response-time`, {
                alarmDescription: `Sigma load balancer: p95 target response time above ${latency}s for ${minutes} minutes`,
                namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime",
                dimensions: { LoadBalancer: lb, TargetGroup: tg },
                extendedStatistic: "p95", period: 60, evaluationPeriods: minutes, threshold: latency,
                comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching", ...actions, tags,
            }, child));
        }

        this.topicArn = topicArn;
        this.agentConfigParameterName = this.agentConfigParameter.name;
        this.registerOutputs({ topicArn: this.topicArn, agentConfigParameterName: this.agentConfigParameterName });
    }
}

/** AWS Backup's EventBridge events for jobs that need a human. */
export function backupFailurePattern(): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        "detail-type": ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"],
        detail: { state: BACKUP_FAILURE_STATES },
    };
}

/**
 * The alarm key's policy: the account administers and uses it (through IAM), and CloudWatch and EventBridge
 * may encrypt messages to the topic with it. Named principals only, no wildcard.
 */
export function alarmTopicKeyPolicy(partition: string, account: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${account}:root` },
                Action: [
                    "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation",
                    "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription", "kms:EnableKey",
                    "kms:DisableKey", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:ListGrants", "kms:RevokeGrant",
                    "kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey",
                ],
                Resource: "*",
            },
            {
                Sid: "AlarmAndEventPublishers",
                Effect: "Allow",
                Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] },
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: "*",
            },
        ],
    };
}

/** Who may publish to the alarm topic: this account's CloudWatch alarms and, when given, the backup-failure rule. */
export function alarmTopicPolicy(partition: string, region: string, account: string, topicArn: string, backupRuleArn: string | undefined): aws.iam.PolicyDocument {
    const statements: aws.iam.PolicyStatement[] = [{
        Sid: "CloudWatchAlarms",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["sns:Publish"],
        Resource: [topicArn],
        Condition: { ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` } },
    }];
    if (backupRuleArn) {
        statements.push({
            Sid: "BackupFailureEvents",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: ["sns:Publish"],
            Resource: [topicArn],
            Condition: { ArnEquals: { "aws:SourceArn": backupRuleArn } },
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}
