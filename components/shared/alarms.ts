import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** What a failure-count alarm watches and where it reports. */
export interface FailureCountAlarmArgs {
    alarmName: pulumi.Input<string>;
    description: pulumi.Input<string>;
    namespace: pulumi.Input<string>;
    metricName: pulumi.Input<string>;
    dimensions?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The period the failures are summed over, in seconds. */
    periodSeconds: number;
    /** The stack's alarm topic first, then any extra topics; the alarm and its recovery go to each. */
    topicArns: pulumi.Input<string>[];
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * An alarm that fires when a failure count is above zero in one period and clears when it is back at zero, both to
 * the stack's topics. For metrics published only when something fails (a log metric filter on a match, EventBridge
 * Scheduler's dropped invocations, DLM's failed actions): no data is no failure, so missing data is not breaching.
 */
export function failureCountAlarm(name: string, args: FailureCountAlarmArgs, opts: pulumi.CustomResourceOptions): aws.cloudwatch.MetricAlarm {
    const notify = pulumi.all(args.topicArns);
    return new aws.cloudwatch.MetricAlarm(name, {
        name: args.alarmName,
        alarmDescription: args.description,
        namespace: args.namespace,
        metricName: args.metricName,
        ...(args.dimensions === undefined ? {} : { dimensions: args.dimensions }),
        statistic: "Sum",
        period: args.periodSeconds,
        evaluationPeriods: 1,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: notify,
        okActions: notify,
        tags: args.tags,
    }, opts);
}
