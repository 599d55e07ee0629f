import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { firstRuns, parseScheduleExpression } from "../../model/cron";
import { accountScope } from "../shared/accountScope";
import { failureCountAlarm } from "../shared/alarms";
import { componentTags } from "../shared/tags";
import { ArgProblems, show, tagProblems } from "../shared/validation";

/**
 * EventBridge Scheduler's universal targets call an AWS API with the schedule's role:
 * arn:aws:scheduler:::aws-sdk:<service>:<apiAction> with the API's request as the input JSON.
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
 */
export const EC2_STOP_TARGET = "arn:aws:scheduler:::aws-sdk:ec2:stopInstances";
export const EC2_START_TARGET = "arn:aws:scheduler:::aws-sdk:ec2:startInstances";
/** Scheduler publishes InvocationDroppedCount (a target invocation given up after its retries) per ScheduleGroup. https://docs.aws.amazon.com/scheduler/latest/UserGuide/monitoring-cloudwatch.html */
export const SCHEDULER_METRICS = { namespace: "AWS/Scheduler", dropped: "InvocationDroppedCount", dimension: "ScheduleGroup" } as const;

export interface SigmaScheduleArgs {
    /** The instances stopped and started. */
    instanceIds: pulumi.Input<string>[];
    /** When to stop them: an EventBridge Scheduler cron, e.g. "cron(0 19 ? * MON-FRI *)". */
    stop: string;
    /** When to start them again, e.g. "cron(0 7 ? * MON-FRI *)". */
    start: string;
    /** IANA time zone the crons are read in, e.g. "Asia/Singapore". */
    timezone: string;
    /** Customer-managed KMS keys of the instances' volumes: starting an instance needs a grant on them. */
    kmsKeyArns?: pulumi.Input<string>[];
    /** The stack's alarm topic: a stop or start Scheduler gives up on alarms to it. */
    alarmTopicArn: pulumi.Input<string>;
    /** Other topics the alarm notifies too. */
    extraAlarmTopicArns?: pulumi.Input<string>[];
    /** Schedule group name, unique per account and region, e.g. "sigma-dev". */
    groupName: string;
    /** Extra tags for every resource of the component. */
    tags?: Record<string, string>;
}

/** Why `expression` is not a Scheduler cron this component takes (a cron, not a rate or at()), or undefined. */
export function scheduleCronProblem(expression: unknown): string | undefined {
    if (typeof expression !== "string" || !/^cron\(.*\)$/.test(expression.trim())) {
        return "is not a cron expression; write cron(minutes hours day-of-month month day-of-week year), e.g. \"cron(0 19 ? * MON-FRI *)\"";
    }
    try {
        const parsed = parseScheduleExpression(expression);
        return parsed.kind === "cron" ? undefined : "is not a cron expression";
    } catch (err) {
        return err instanceof Error ? err.message : String(err);
    }
}

/** Whether `timezone` is an IANA time zone name the runtime knows (Scheduler takes IANA names). */
export function isTimeZone(timezone: unknown): boolean {
    return typeof timezone === "string" && (Intl.supportedValuesOf("timeZone").includes(timezone) || timezone === "UTC");
}

/**
 * The share of time the instances run under the schedule, over four weeks from `from`: stopped from each stop run to
 * the next start run, in the state the week before `from` left them (running when nothing ran then). The time zone
 * shifts every run alike, so the share is read in UTC (a daylight-saving change moves one run by an hour).
 */
export function runningShare(stop: string, start: string, from: Date): number {
    const weekMs = 7 * 24 * 3_600_000;
    const begin = from.getTime();
    const end = begin + 4 * weekMs;
    const warmUp = new Date(begin - weekMs);
    const runs = (expression: string, running: boolean) => firstRuns(expression, warmUp, 5000)
        .filter((d) => d.getTime() < end).map((d) => ({ at: d.getTime(), running }));
    // A stop and a start at the same minute: the start wins (sorted after it).
    const events = [...runs(stop, false), ...runs(start, true)].sort((a, b) => a.at - b.at || Number(a.running) - Number(b.running));
    let running = true;
    let last = begin;
    let runningMs = 0;
    for (const event of events) {
        if (event.at > begin) {
            if (running) {
                runningMs += event.at - last;
            }
            last = event.at;
        }
        running = event.running;
    }
    if (running) {
        runningMs += end - last;
    }
    return runningMs / (end - begin);
}

export function validateScheduleArgs(name: string, args: SigmaScheduleArgs): void {
    const problems = new ArgProblems("SigmaSchedule", name);
    const stopProblem = scheduleCronProblem(args.stop);
    const startProblem = scheduleCronProblem(args.start);
    problems.check(stopProblem === undefined, `stop ${show(args.stop)} ${stopProblem}`);
    problems.check(startProblem === undefined, `start ${show(args.start)} ${startProblem}`);
    problems.check(isTimeZone(args.timezone), `timezone ${show(args.timezone)} is not an IANA time zone; use e.g. "Asia/Singapore" or "UTC"`);
    problems.check(Array.isArray(args.instanceIds) && args.instanceIds.length > 0, `instanceIds ${show(args.instanceIds)} must list at least one instance`);
    problems.check(typeof args.groupName === "string" && /^[0-9a-zA-Z-_.]{1,64}$/.test(args.groupName), `groupName ${show(args.groupName)} must be 1-64 letters, digits, - _ or ., e.g. "sigma-dev"`);
    if (stopProblem === undefined && startProblem === undefined && args.stop.trim() === args.start.trim()) {
        problems.add(`stop and start are the same expression ${show(args.stop)}; the instance would never be stopped`);
    }
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/** The Scheduler role's permissions: stop and start the given instances, and grant EC2 use of their volumes' keys. */
export function schedulePolicy(instanceArns: string[], kmsKeyArns: string[]): aws.iam.PolicyDocument {
    const statements: aws.iam.PolicyStatement[] = [
        { Sid: "StopAndStartSigma", Effect: "Allow", Action: ["ec2:StopInstances", "ec2:StartInstances"], Resource: instanceArns },
    ];
    if (kmsKeyArns.length > 0) {
        // Starting an instance with CMK-encrypted volumes creates a grant for EC2. https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html
        statements.push({ Sid: "StartEncryptedVolumes", Effect: "Allow", Action: ["kms:CreateGrant"], Resource: kmsKeyArns,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } });
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * Stops the instances outside working hours and starts them again, with EventBridge Scheduler's universal EC2 target, in
 * a schedule group of its own; an alarm on the group's dropped invocations tells the alarm topic when a stop or start
 * failed for good.
 */
export class SigmaSchedule extends pulumi.ComponentResource {
    public readonly groupName: pulumi.Output<string>;
    public readonly stopScheduleArn: pulumi.Output<string>;
    public readonly startScheduleArn: pulumi.Output<string>;
    /** The alarm on the group's dropped invocations (for the stack's dashboard). */
    public readonly alarm: aws.cloudwatch.MetricAlarm;

    constructor(name: string, args: SigmaScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
        validateScheduleArgs(name, args);
        super("sigma:operations:SigmaSchedule", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaSchedule", args.tags);
        const scope = accountScope(child);
        const group = new aws.scheduler.ScheduleGroup(`${name}-schedules`, { name: args.groupName, tags }, child);
        const role = new aws.iam.Role(`${name}-scheduler`, {
            description: "EventBridge Scheduler: stop and start the Sigma instances",
            assumeRolePolicy: scope.apply((s) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole",
                    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role (confused deputy)
                    Condition: { StringEquals: { "aws:SourceAccount": s.account } },
                }],
            })),
            tags,
        }, child);
        new aws.iam.RolePolicy(`${name}-scheduler`, {
            role: role.id,
            policy: pulumi.all([scope, pulumi.all(args.instanceIds), pulumi.all(args.kmsKeyArns ?? [])]).apply(([s, ids, keys]) =>
                JSON.stringify(schedulePolicy(ids.map((id) => `arn:${s.partition}:ec2:${s.region}:${s.account}:instance/${id}`), keys))),
        }, child);
        const schedule = (kind: "stop" | "start", expression: string, target: string) => new aws.scheduler.Schedule(`${name}-${kind}`, {
            groupName: group.name,
            description: `${kind} the Sigma instances (${expression}, ${args.timezone})`,
            scheduleExpression: expression,
            scheduleExpressionTimezone: args.timezone,
            flexibleTimeWindow: { mode: "OFF" },
            target: {
                arn: target,
                roleArn: role.arn,
                input: pulumi.all(args.instanceIds).apply((ids) => JSON.stringify({ InstanceIds: ids })),
                retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600 },
            },
        }, child);
        const stop = schedule("stop", args.stop, EC2_STOP_TARGET);
        const start = schedule("start", args.start, EC2_START_TARGET);
        // Published only when something was dropped.
        this.alarm = failureCountAlarm(`${name}-dropped`, {
            alarmName: `${args.groupName}-schedule-failed`,
            description: `A scheduled stop or start of the Sigma instances (schedule group ${args.groupName}) failed after its retries`,
            namespace: SCHEDULER_METRICS.namespace,
            metricName: SCHEDULER_METRICS.dropped,
            dimensions: { [SCHEDULER_METRICS.dimension]: group.name },
            periodSeconds: 300,
            topicArns: [args.alarmTopicArn, ...(args.extraAlarmTopicArns ?? [])],
            tags,
        }, child);
        this.groupName = group.name;
        this.stopScheduleArn = stop.arn;
        this.startScheduleArn = start.arn;
        this.registerOutputs({ groupName: this.groupName, stopScheduleArn: this.stopScheduleArn, startScheduleArn: this.startScheduleArn });
    }
}
