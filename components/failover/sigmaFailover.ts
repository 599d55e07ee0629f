import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DOMAIN_NAME, HOSTED_ZONE_ID, isKmsKeyArn, KMS_KEY_ARN_EXAMPLE, parseArn, SSM_PARAMETER_PATH } from "../../model/ids";
import { accountScope } from "../shared/accountScope";
import { stackScopeTagValue } from "../shared/constants";
import { serviceTrustPolicy } from "../shared/iam";
import { componentTags } from "../shared/tags";
import { ArgProblems, awsIdProblem, knownValue, show, tagProblems } from "../shared/validation";
import { failoverDefinition, FAILOVER_DEFAULTS, failoverTiming } from "./failoverDefinition";
import { failoverEventsPolicy, failoverRolePolicy } from "./policies";

const LOG_RETENTION = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The Route 53 record a failover points at the restored DB (a named type, so the component package schema can express it). */
export interface SigmaFailoverDbRecord {
    /** The private hosted zone's id (e.g. Z0123456789ABCDEFGHIJ). */
    zoneId: pulumi.Input<string>;
    /** The record's DNS name (e.g. db.prod.sigma.internal). */
    name: string;
}

export interface SigmaFailoverArgs {
    /** The restore Lambda (SigmaRestore's functionArn): restores the active instance into another subnet. */
    restoreFunctionArn: pulumi.Input<string>;
    /** The target group the site is served from (SigmaLoadBalancer's): the engine swaps targets in it. */
    targetGroupArn: pulumi.Input<string>;
    /** That target group's ARN suffix (targetgroup/<name>/<id>), the CloudWatch dimension of its HealthyHostCount. */
    targetGroupArnSuffix: pulumi.Input<string>;
    /** The load balancer's ARN suffix (app/<name>/<id>), the other dimension. */
    loadBalancerArnSuffix: pulumi.Input<string>;
    /** The stack's private subnets, one per AZ (at least two AZs). */
    subnetIds: pulumi.Input<string>[];
    /** The security groups a restored instance gets. */
    securityGroupIds: pulumi.Input<string>[];
    /** The instance Pulumi created: the active one until a failover. */
    initialInstanceId: pulumi.Input<string>;
    /** The SSM parameter that names the active instance, e.g. /sigma/<project>/<stack>/active-instance. */
    activeInstanceParameterName: string;
    /** The stack's alarm topic: every outcome, and a failed execution, is sent here. */
    alarmTopicArn: pulumi.Input<string>;
    /** The topic's KMS key, so the state machine may publish to it. */
    alarmTopicKeyArn?: pulumi.Input<string>;
    /** Minutes with no healthy target before the engine starts (default 10; at most 18, which leaves a 5-minute restore window in the 30-minute RTO). @default 10 */
    impairedMinutes?: number;
    /** A Route 53 record that names the DB host: the engine UPSERTs it to the restored instance's private address. */
    dbRecord?: SigmaFailoverDbRecord;
    /**
     * Whether the active instance is the target group's target (default true: the APP&DB instance). False when it is the
     * DB instance of an APP tier (never a target): the restored DB must pass its EC2 status checks and `dbRecord` (then
     * required) moves to it; the engine touches no target.
     */
    registerInTargetGroup?: boolean;
    /** The sigma:stack tag value of the stack's instances (default <project>/<stack>): the engine may stop only those. */
    stackScope?: string;
    /** X-Ray tracing of executions (default false). */
    tracing?: boolean;
    /** Days the execution log is kept (default 90). */
    logRetentionDays?: number;
    /** A KMS key for the execution log group (its policy must let logs.<region>.amazonaws.com use it); CloudWatch Logs' own encryption otherwise. */
    logKmsKeyArn?: pulumi.Input<string>;
    /** Extra tags for every resource of the component. */
    tags?: Record<string, string>;
}

function arnProblem(arg: string, value: pulumi.Input<string> | undefined, service: string, resourcePrefix: string, example: string): string | undefined {
    if (value === undefined || value === "") {
        return `${arg} is required; e.g. ${example}`;
    }
    const known = knownValue(value);
    if (known === undefined) {
        return undefined;
    }
    const arn = parseArn(known);
    return arn && arn.service === service && arn.resource.startsWith(resourcePrefix) ? undefined : `${arg} ${show(known)} is not a ${service} ${resourcePrefix.replace(/[:/]$/, "")} ARN; use e.g. ${example}`;
}

function suffixProblem(arg: string, value: pulumi.Input<string> | undefined, pattern: RegExp, example: string): string | undefined {
    if (value === undefined || value === "") {
        return `${arg} is required; e.g. ${example}`;
    }
    const known = knownValue(value);
    return known === undefined || pattern.test(known) ? undefined : `${arg} ${show(known)} is not an ARN suffix of that kind; use e.g. ${example}`;
}

let maxImpaired: number | undefined;
/**
 * The largest impairedMinutes that still leaves a useful restore window in the RTO. Computed on first use (each step
 * runs a worst-case analysis of the state machine; at module load it cost every process about a second) and kept.
 */
export function maxImpairedMinutes(): number {
    if (maxImpaired === undefined) {
        // A longer wait leaves a smaller budget, so the timings that exist form a prefix of the minutes: bisect for its end.
        let low = 1;
        let high = FAILOVER_DEFAULTS.rtoMinutes;
        while (low < high) {
            const middle = Math.ceil((low + high) / 2);
            if (failoverTiming(middle) !== undefined) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        maxImpaired = low;
    }
    return maxImpaired;
}

/** Validates SigmaFailover args; throws one error listing every problem. */
export function validateFailoverArgs(name: string, args: SigmaFailoverArgs): void {
    const problems = new ArgProblems("SigmaFailover", name);
    problems.add(arnProblem("restoreFunctionArn", args.restoreFunctionArn, "lambda", "function:", "arn:aws:lambda:ap-southeast-1:123456789012:function:sigma-ec2-restore"));
    problems.add(arnProblem("targetGroupArn", args.targetGroupArn, "elasticloadbalancing", "targetgroup/", "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:targetgroup/sigma/0123456789abcdef"));
    problems.add(suffixProblem("targetGroupArnSuffix", args.targetGroupArnSuffix, /^targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/, "targetgroup/sigma/0123456789abcdef"));
    problems.add(suffixProblem("loadBalancerArnSuffix", args.loadBalancerArnSuffix, /^app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/, "app/sigma/0123456789abcdef"));
    problems.add(arnProblem("alarmTopicArn", args.alarmTopicArn, "sns", "", "arn:aws:sns:ap-southeast-1:123456789012:sigma-alarms"));
    const topicKey = knownValue(args.alarmTopicKeyArn);
    problems.check(topicKey === undefined || isKmsKeyArn(topicKey), `alarmTopicKeyArn ${show(topicKey)} is not a KMS key ARN (IAM cannot name a key by alias); use the key ARN, e.g. ${KMS_KEY_ARN_EXAMPLE}`);
    const logKey = knownValue(args.logKmsKeyArn);
    problems.check(logKey === undefined || isKmsKeyArn(logKey), `logKmsKeyArn ${show(logKey)} is not a KMS key ARN; use the key ARN, e.g. ${KMS_KEY_ARN_EXAMPLE}`);
    const subnets = args.subnetIds ?? [];
    problems.check(subnets.length >= 2, `subnetIds has ${subnets.length} subnet(s); give the stack's private subnets, one per AZ, in at least two AZs`);
    subnets.forEach((id, i) => problems.add(awsIdProblem(`subnetIds[${i}]`, "subnet", id)));
    const knownSubnets = subnets.map((id) => knownValue(id)).filter((id): id is string => id !== undefined);
    problems.check(new Set(knownSubnets).size === knownSubnets.length, `subnetIds ${show(knownSubnets)} lists a subnet twice; give one private subnet per AZ`);
    const groups = args.securityGroupIds ?? [];
    problems.check(groups.length >= 1, "securityGroupIds is empty; give the groups a restored instance gets (SigmaSecurityGroups' app and DB groups)");
    groups.forEach((id, i) => problems.add(awsIdProblem(`securityGroupIds[${i}]`, "sg", id)));
    problems.add(awsIdProblem("initialInstanceId", "i", args.initialInstanceId));
    const parameter = args.activeInstanceParameterName;
    // Names: letters, digits and _.-/ ; a hierarchy starts with /; "aws" and "ssm" prefixes are reserved; at most 15 levels.
    // https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-su-create.html
    problems.check(typeof parameter === "string" && SSM_PARAMETER_PATH.test(parameter) && !/^\/(aws|ssm)/i.test(parameter) && parameter.split("/").length - 1 <= 15 && !parameter.endsWith("/"),
        `activeInstanceParameterName ${show(parameter)} is not a parameter name this engine can own; use a path such as /sigma/<project>/<stack>/active-instance (letters, digits, _.-/; not under /aws or /ssm; at most 15 levels)`);
    if (args.impairedMinutes !== undefined) {
        problems.check(Number.isInteger(args.impairedMinutes) && args.impairedMinutes >= 1 && args.impairedMinutes <= maxImpairedMinutes(),
            `impairedMinutes ${show(args.impairedMinutes)} must be a whole number of minutes from 1 to ${maxImpairedMinutes()}: detection and the run share the ${FAILOVER_DEFAULTS.rtoMinutes}-minute RTO, and the run needs at least a 5-minute restore window (default ${FAILOVER_DEFAULTS.impairedMinutes})`);
    }
    if (args.dbRecord !== undefined) {
        const zone = knownValue(args.dbRecord.zoneId);
        problems.check(zone === undefined || HOSTED_ZONE_ID.test(zone), `dbRecord.zoneId ${show(zone)} is not a hosted zone id; use e.g. Z0123456789ABCDEFGHIJ`);
        problems.check(typeof args.dbRecord.name === "string" && DOMAIN_NAME.test(args.dbRecord.name), `dbRecord.name ${show(args.dbRecord.name)} is not a DNS name; use e.g. db.prod.sigma.internal`);
    }
    problems.check(args.registerInTargetGroup !== false || args.dbRecord !== undefined,
        "registerInTargetGroup is false but dbRecord is not given: a restored DB that is no target is reachable only through the DB record; pass the private zone's db record");
    if (args.stackScope !== undefined) {
        problems.check(typeof args.stackScope === "string" && args.stackScope.trim() !== "", `stackScope ${show(args.stackScope)} must be the sigma:stack tag value of the stack's instances, e.g. sigma/prod`);
    }
    if (args.logRetentionDays !== undefined) {
        problems.check(LOG_RETENTION.includes(args.logRetentionDays), `logRetentionDays ${show(args.logRetentionDays)} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION.join(", ")}`);
    }
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/** The one documented command that starts a failover by hand. */
export function failoverStartCommand(stateMachineArn: string, region: string): string {
    return `aws stepfunctions start-execution --region ${region} --state-machine-arn ${stateMachineArn} --input '{"reason":"operator"}'`;
}

/** EventBridge: the alarm entering ALARM (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html). */
export function alarmEventPattern(alarmArn: string): Record<string, unknown> {
    return { source: ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"], resources: [alarmArn], detail: { state: { value: ["ALARM"] } } };
}

/** EventBridge: an AWS Health issue of EC2 in this region (https://docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html). */
export function healthEventPattern(region: string): Record<string, unknown> {
    return { source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { service: ["EC2"], eventTypeCategory: ["issue"], eventRegion: [region] } };
}

/** EventBridge: an execution of this state machine that failed, timed out or was aborted (https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html). */
export function failedExecutionPattern(stateMachineArn: string): Record<string, unknown> {
    return {
        source: ["aws.states"], "detail-type": ["Step Functions Execution Status Change"],
        detail: { status: ["FAILED", "TIMED_OUT", "ABORTED"], stateMachineArn: [stateMachineArn] },
    };
}

/**
 * Automatic AZ failover of the one active Sigma instance: a Step Functions state machine (STANDARD) that restores the
 * newest recovery point into another AZ's private subnet, swaps the load balancer's target once /sigma answers, stops
 * the old instance, and records the new active instance in an SSM parameter; started by a no-healthy-target alarm, by
 * an AWS Health EC2 issue in the region, or by one command. Every outcome and every failed execution reaches the alarm topic.
 */
export class SigmaFailover extends pulumi.ComponentResource {
    public readonly stateMachine: aws.sfn.StateMachine;
    public readonly role: aws.iam.Role;
    public readonly logGroup: aws.cloudwatch.LogGroup;
    public readonly activeInstanceParameter: aws.ssm.Parameter;
    public readonly noHealthyTargetAlarm: aws.cloudwatch.MetricAlarm;
    public readonly alarmRule: aws.cloudwatch.EventRule;
    public readonly healthRule: aws.cloudwatch.EventRule;
    public readonly failedExecutionRule: aws.cloudwatch.EventRule;
    public readonly stateMachineArn: pulumi.Output<string>;
    /** The active instance as the parameter says now: the restored one after a failover. */
    public readonly activeInstanceId: pulumi.Output<string>;
    public readonly startCommand: pulumi.Output<string>;
    public readonly activeInstanceParameterName: pulumi.Output<string>;

    constructor(name: string, args: SigmaFailoverArgs, opts?: pulumi.ComponentResourceOptions) {
        validateFailoverArgs(name, args);
        super("sigma:failover:SigmaFailover", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaFailover", args.tags);
        const scope = accountScope(child);
        const impairedMinutes = args.impairedMinutes ?? FAILOVER_DEFAULTS.impairedMinutes;
        const timing = failoverTiming(impairedMinutes)!;
        const stackScope = args.stackScope ?? stackScopeTagValue(pulumi.getProject(), pulumi.getStack());
        const logging = true;

        this.activeInstanceParameter = new aws.ssm.Parameter(`${name}-active-instance`, {
            name: args.activeInstanceParameterName,
            type: "String",
            value: args.initialInstanceId,
            description: "The active Sigma instance: the failover state machine writes it, pulumi up reads it",
            tags,
        }, { parent: this, ignoreChanges: ["value"] });

        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-failover-logs`, {
            // Step Functions log groups under /aws/vendedlogs/ keep the log delivery's resource policy small (cw-logs.html).
            name: `/aws/vendedlogs/states/${name}-failover`,
            retentionInDays: args.logRetentionDays ?? 90,
            kmsKeyId: args.logKmsKeyArn,
            tags,
        }, child);

        this.role = new aws.iam.Role(`${name}-failover-role`, {
            description: "Sigma AZ failover state machine: restore into another AZ and swap the load balancer target",
            assumeRolePolicy: scope.apply((s) => JSON.stringify(serviceTrustPolicy("states.amazonaws.com", s.account))),
            tags,
        }, child);
        const rolePolicy = new aws.iam.RolePolicy(`${name}-failover-policy`, {
            role: this.role.id,
            policy: pulumi.all([scope, args.targetGroupArn, args.restoreFunctionArn, args.alarmTopicArn, args.alarmTopicKeyArn, args.dbRecord?.zoneId])
                .apply(([s, targetGroupArn, restoreFunctionArn, topicArn, topicKeyArn, zoneId]) => JSON.stringify(failoverRolePolicy(s, {
                    parameterName: args.activeInstanceParameterName, targetGroupArn, restoreFunctionArn, topicArn, topicKeyArn, stackScope,
                    dbRecord: args.dbRecord && zoneId ? { zoneId, name: args.dbRecord.name } : undefined, logging, tracing: args.tracing ?? false,
                    registerInTargetGroup: args.registerInTargetGroup !== false,
                }))),
        }, child);

        const subnets = pulumi.all(args.subnetIds.map((id) => aws.ec2.getSubnetOutput({ id }, child)))
            .apply((found) => found.map((s) => ({ subnetId: s.id, availabilityZone: s.availabilityZone })));
        const definition = pulumi.all([args.restoreFunctionArn, args.targetGroupArn, subnets, pulumi.all(args.securityGroupIds), args.alarmTopicArn, args.dbRecord?.zoneId])
            .apply(([restoreFunctionArn, targetGroupArn, subnetList, securityGroupIds, alarmTopicArn, zoneId]) => JSON.stringify(failoverDefinition({
                restoreFunctionArn, targetGroupArn, subnets: subnetList, securityGroupIds, alarmTopicArn, timing,
                activeInstanceParameterName: args.activeInstanceParameterName,
                dbRecord: args.dbRecord && zoneId ? { zoneId, name: args.dbRecord.name } : undefined,
                registerInTargetGroup: args.registerInTargetGroup !== false,
                label: `${pulumi.getProject()}-${pulumi.getStack()}`,
            }), null, 2));
        this.stateMachine = new aws.sfn.StateMachine(`${name}-failover`, {
            type: "STANDARD",
            roleArn: this.role.arn,
            definition,
            loggingConfiguration: { level: "ALL", includeExecutionData: false, logDestination: pulumi.interpolate`${this.logGroup.arn}:*` },
            tracingConfiguration: { enabled: args.tracing ?? false },
            tags,
        }, { parent: this, dependsOn: [rolePolicy] });

        // HealthyHostCount per target group: 0 for impairedMinutes consecutive minutes. Missing data counts as breaching
        // (no datapoint means nothing is known healthy); a false start costs one message, since the engine never
        // restores over a healthy host. https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
        this.noHealthyTargetAlarm = new aws.cloudwatch.MetricAlarm(`${name}-no-healthy-target`, {
            alarmDescription: `Sigma has had no healthy target for ${impairedMinutes} minutes: the failover state machine starts`,
            namespace: "AWS/ApplicationELB",
            metricName: "HealthyHostCount",
            dimensions: { TargetGroup: args.targetGroupArnSuffix, LoadBalancer: args.loadBalancerArnSuffix },
            statistic: "Minimum",
            period: 60,
            evaluationPeriods: impairedMinutes,
            datapointsToAlarm: impairedMinutes,
            threshold: 1,
            comparisonOperator: "LessThanThreshold",
            treatMissingData: "breaching",
            alarmActions: [args.alarmTopicArn],
            okActions: [args.alarmTopicArn],
            tags,
        }, child);

        const eventsRole = new aws.iam.Role(`${name}-failover-events-role`, {
            description: "EventBridge starts the Sigma failover state machine",
            assumeRolePolicy: scope.apply((s) => JSON.stringify(serviceTrustPolicy("events.amazonaws.com", s.account))),
            tags,
        }, child);
        const eventsPolicy = new aws.iam.RolePolicy(`${name}-failover-events-policy`, {
            role: eventsRole.id,
            policy: this.stateMachine.arn.apply((arn) => JSON.stringify(failoverEventsPolicy(arn))),
        }, child);

        this.alarmRule = new aws.cloudwatch.EventRule(`${name}-failover-on-alarm`, {
            description: "No healthy Sigma target for N minutes: start the failover",
            eventPattern: this.noHealthyTargetAlarm.arn.apply((arn) => JSON.stringify(alarmEventPattern(arn))),
            tags,
        }, child);
        this.healthRule = new aws.cloudwatch.EventRule(`${name}-failover-on-health`, {
            description: "AWS Health reports an EC2 issue in this region: start the failover (it restores only over an impaired host)",
            eventPattern: scope.apply((s) => JSON.stringify(healthEventPattern(s.region))),
            tags,
        }, child);
        for (const [ruleName, rule] of [["alarm", this.alarmRule], ["health", this.healthRule]] as const) {
            new aws.cloudwatch.EventTarget(`${name}-failover-on-${ruleName}-start`, {
                rule: rule.name,
                arn: this.stateMachine.arn,
                roleArn: eventsRole.arn,
            }, { parent: this, dependsOn: [eventsPolicy] });
        }

        this.failedExecutionRule = new aws.cloudwatch.EventRule(`${name}-failover-failed`, {
            description: "A failover execution failed, timed out or was aborted: tell the alarm topic",
            eventPattern: this.stateMachine.arn.apply((arn) => JSON.stringify(failedExecutionPattern(arn))),
            tags,
        }, child);
        new aws.cloudwatch.EventTarget(`${name}-failover-failed-to-topic`, {
            rule: this.failedExecutionRule.name,
            arn: args.alarmTopicArn,
        }, child);

        this.stateMachineArn = this.stateMachine.arn;
        this.activeInstanceParameterName = this.activeInstanceParameter.name;
        // Read after the parameter exists, so `pulumi up` after a failover sees the restored instance, not the original.
        this.activeInstanceId = aws.ssm.getParameterOutput({ name: this.activeInstanceParameter.name }, { parent: this, dependsOn: [this.activeInstanceParameter] }).value;
        this.startCommand = pulumi.all([this.stateMachine.arn, scope]).apply(([arn, s]) => failoverStartCommand(arn, s.region));
        this.registerOutputs({
            stateMachineArn: this.stateMachineArn, activeInstanceId: this.activeInstanceId,
            startCommand: this.startCommand, activeInstanceParameterName: this.activeInstanceParameterName,
        });
    }
}
