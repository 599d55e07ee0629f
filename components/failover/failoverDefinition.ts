import { TRANSIENT_ERRORS, FailoverService } from "../../model/failover/taskErrors";
import { StateDefinition, StateMachineDefinition } from "../../model/stepFunctions/interpreter";
import { worstCaseSeconds } from "../../model/stepFunctions/worstCase";

/**
 * The AZ failover state machine (Amazon States Language, JSONPath), built from plain values so it can be validated
 * and executed offline. AWS SDK integrations use the lower-camel action name and the API's own parameter names
 * (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html); the restore Lambda and SNS
 * use the optimized integrations (connect-lambda.html, connect-sns.html).
 */

/** One private subnet of the stack and its Availability Zone. */
export interface FailoverSubnet {
    subnetId: string;
    availabilityZone: string;
}

export interface FailoverDefinitionArgs {
    restoreFunctionArn: string;
    targetGroupArn: string;
    /** The stack's private subnets, at least two AZs. */
    subnets: FailoverSubnet[];
    securityGroupIds: string[];
    activeInstanceParameterName: string;
    alarmTopicArn: string;
    dbRecord?: { zoneId: string; name: string };
    /**
     * True (default): the active instance serves /sigma from the target group, so the restored one is registered and
     * must pass its health check. False: it is the DB of an APP tier (never a target), so the restored one must pass
     * its EC2 status checks and the DB record (required then) moves to it.
     */
    registerInTargetGroup?: boolean;
    timing: FailoverTiming;
    /** Names the stack in messages, e.g. sigma-prod. */
    label: string;
}

/** The bounded waits: polls x seconds. */
export interface FailoverTiming {
    restorePollSeconds: number;
    restoreMaxPolls: number;
    healthPollSeconds: number;
    healthMaxPolls: number;
}

export const FAILOVER_DEFAULTS = {
    /** CloudWatch alarm: minutes with no healthy target before the engine starts (issue 12 asks for N minutes). */
    impairedMinutes: 10,
    /** The platform's recovery time objective (README: RTO 30 min). */
    rtoMinutes: 30,
    restorePollSeconds: 30,
    /** The target group's health check runs every 15 s at the fastest useful rate for /sigma; poll at that pace. */
    healthPollSeconds: 15,
    /** Health checks needed: a new target is "initial" until it passes HealthyThresholdCount checks; 4 minutes covers it. */
    healthMaxPolls: 16,
    /** The smallest restore window worth starting (5 minutes): below it the run could never finish a restore. */
    minRestorePolls: 10,
    /** Route 53 TTL of the DB record (seconds): APP instances follow a failover within a minute. */
    dbRecordTtl: 60,
    /** The whole execution ends (TIMED_OUT, which the failed-execution rule reports) after this long. */
    executionTimeoutSeconds: 3600,
};

/** Retries: a single call may be retried three times (1 + 2 + 4 s); a poll twice (1 + 2 s), the next poll follows anyway. */
const CALL_RETRY = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 };
const POLL_RETRY = { IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 };
/** A message is safe to send twice; any task error of SNS is retried. */
const NOTIFY_RETRY = { ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 };

const sdk = (service: string, action: string) => `arn:aws:states:::aws-sdk:${service}:${action}`;
export const FAILOVER_RESOURCES = {
    getParameter: sdk("ssm", "getParameter"),
    putParameter: sdk("ssm", "putParameter"),
    describeInstanceStatus: sdk("ec2", "describeInstanceStatus"),
    describeInstances: sdk("ec2", "describeInstances"),
    stopInstances: sdk("ec2", "stopInstances"),
    invokeLambda: "arn:aws:states:::lambda:invoke",
    describeRestoreJob: sdk("backup", "describeRestoreJob"),
    registerTargets: sdk("elasticloadbalancingv2", "registerTargets"),
    deregisterTargets: sdk("elasticloadbalancingv2", "deregisterTargets"),
    describeTargetHealth: sdk("elasticloadbalancingv2", "describeTargetHealth"),
    changeResourceRecordSets: sdk("route53", "changeResourceRecordSets"),
    publish: "arn:aws:states:::sns:publish",
} as const;

/** Text for a States.Format template literal: ' { } and \ escaped (intrinsic-functions.html, "Reserved characters"). */
export function formatLiteral(text: string): string {
    return text.replace(/[\\'{}]/g, (c) => `\\${c}`);
}

/** A States.Format call: `parts` alternates literal text and paths, e.g. ["instance ", "$.x", " failed"]. */
function format(...parts: string[]): string {
    let template = "";
    const args: string[] = [];
    parts.forEach((part, i) => {
        if (i % 2 === 0) {
            template += formatLiteral(part);
        } else {
            template += "{}";
            args.push(part);
        }
    });
    return `States.Format('${template}'${args.map((a) => `, ${a}`).join("")})`;
}

/** Checks the builder's own inputs (the component validates its args before calling it). */
export function failoverDefinitionProblems(args: FailoverDefinitionArgs): string[] {
    const problems: string[] = [];
    const zones = new Set(args.subnets.map((s) => s.availabilityZone));
    if (zones.size < 2) {
        problems.push(`subnetIds ${JSON.stringify(args.subnets.map((s) => s.subnetId))} are in ${zones.size} Availability Zone(s) (${[...zones].join(", ")}); failover needs private subnets in at least two`);
    }
    const seen = new Map<string, string>();
    for (const subnet of args.subnets) {
        if (seen.has(subnet.availabilityZone)) {
            problems.push(`subnetIds ${seen.get(subnet.availabilityZone)} and ${subnet.subnetId} are both in ${subnet.availabilityZone}; give one private subnet per AZ`);
        }
        seen.set(subnet.availabilityZone, subnet.subnetId);
    }
    if (args.registerInTargetGroup === false && !args.dbRecord) {
        problems.push("registerInTargetGroup is false but dbRecord is not given: a restored DB that is no target is reachable only through the DB record");
    }
    if (args.securityGroupIds.length === 0) {
        problems.push("securityGroupIds is empty; give the groups a restored instance gets");
    }
    return problems;
}

/**
 * The failover definition. Its input is the event that started it (a CloudWatch alarm or AWS Health event through
 * EventBridge) or an operator's JSON, optionally {"affectedAvailabilityZone": "<az>"} to fail over out of that AZ.
 */
export function failoverDefinition(args: FailoverDefinitionArgs): StateMachineDefinition {
    const problems = failoverDefinitionProblems(args);
    if (problems.length > 0) {
        throw new Error(`failover definition:\n  - ${problems.join("\n  - ")}`);
    }
    const { timing } = args;
    const inTargetGroup = args.registerInTargetGroup !== false;
    const states: Record<string, StateDefinition> = {};
    const subject = (what: string) => `Sigma failover ${args.label}: ${what}`.slice(0, 100);

    const task = (service: FailoverService, retry: object, state: Omit<StateDefinition, "Type">, onError: string): StateDefinition => ({
        ...state,
        Type: "Task",
        Retry: [{ ErrorEquals: [...TRANSIENT_ERRORS[service]], ...retry }],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: onError }],
    });
    /** A message to the alarm topic, then `next`. If the topic itself fails, the execution fails (and that is reported). */
    const notify = (name: string, what: string, message: string, next: string) => {
        states[name] = {
            Type: "Task",
            Resource: FAILOVER_RESOURCES.publish,
            Parameters: { TopicArn: args.alarmTopicArn, Subject: subject(what), "Message.$": message },
            ResultPath: null,
            Retry: [NOTIFY_RETRY],
            Next: next,
        };
    };
    const failAfter = (name: string, error: string, cause: string) => {
        states[name] = { Type: "Fail", Error: error, Cause: cause };
    };

    states.Begin = {
        Type: "Pass",
        Comment: "Keep the trigger (alarm, AWS Health event or operator input) under $.trigger",
        Parameters: { "trigger.$": "$", polls: { restore: 0, health: 0 } },
        Next: "ReadActiveInstance",
    };
    states.ReadActiveInstance = task("ssm", CALL_RETRY, {
        Resource: FAILOVER_RESOURCES.getParameter,
        Parameters: { Name: args.activeInstanceParameterName },
        ResultSelector: { "instanceId.$": "$.Parameter.Value" },
        ResultPath: "$.active",
        Next: "DescribeActiveInstance",
    }, "NotifyEngineError");
    states.DescribeActiveInstance = task("ec2", CALL_RETRY, {
        Resource: FAILOVER_RESOURCES.describeInstanceStatus,
        Parameters: { "InstanceIds.$": "States.Array($.active.instanceId)", IncludeAllInstances: true },
        ResultSelector: { "statuses.$": "$.InstanceStatuses" },
        ResultPath: "$.status",
        Next: "IsActiveInstanceKnown",
    }, "NotifyEngineError");
    notify("NotifyEngineError", "the engine could not read the active instance",
        format("The failover engine stopped before changing anything. ", "$.error.Error", ": ", "$.error.Cause", ". Check the parameter " + args.activeInstanceParameterName + " and the instance by hand."),
        "EngineError");
    failAfter("EngineError", "Sigma.EngineError", "the active instance could not be read; nothing was changed");

    states.IsActiveInstanceKnown = {
        Type: "Choice",
        Choices: [{ Variable: "$.status.statuses[0].AvailabilityZone", IsPresent: true, Next: "IsAzNamed" }],
        Default: "NotifyInstanceUnknown",
    };
    notify("NotifyInstanceUnknown", "active instance not found, nothing done",
        format("EC2 reports nothing for the active instance ", "$.active.instanceId", " (terminated, or the id in " + args.activeInstanceParameterName + " is wrong). Nothing was restored. Find the instance, then start the engine again."),
        "InstanceUnknown");
    failAfter("InstanceUnknown", "Sigma.InstanceUnknown", "EC2 does not know the active instance; nothing was changed");

    states.IsAzNamed = {
        Type: "Choice",
        Comment: "An operator (or a trigger) may name the Availability Zone to leave",
        Choices: [{ Variable: "$.trigger.affectedAvailabilityZone", IsPresent: true, Next: "IsInNamedAz" }],
        Default: "ClassifyActiveInstance",
    };
    states.IsInNamedAz = {
        Type: "Choice",
        Choices: [{ Variable: "$.trigger.affectedAvailabilityZone", StringEqualsPath: "$.status.statuses[0].AvailabilityZone", Next: "ChooseTargetSubnet" }],
        Default: "ClassifyActiveInstance",
    };
    // DescribeInstanceStatus: InstanceState.Name, InstanceStatus.Status and SystemStatus.Status
    // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceStatus.html, API_InstanceStatusSummary.html).
    states.ClassifyActiveInstance = {
        Type: "Choice",
        Choices: [
            { Not: { Variable: "$.status.statuses[0].InstanceState.Name", StringEquals: "running" }, Next: "ChooseTargetSubnet" },
            { Variable: "$.status.statuses[0].SystemStatus.Status", StringEquals: "impaired", Next: "ChooseTargetSubnet" },
            { Variable: "$.status.statuses[0].InstanceStatus.Status", StringEquals: "impaired", Next: "ChooseTargetSubnet" },
            {
                And: [
                    { Variable: "$.status.statuses[0].SystemStatus.Status", StringEquals: "ok" },
                    { Variable: "$.status.statuses[0].InstanceStatus.Status", StringEquals: "ok" },
                ],
                Next: "NotifyHostHealthy",
            },
        ],
        Default: "NotifyStatusUnclear",
    };
    notify("NotifyHostHealthy", "host healthy, nothing restored",
        format("The site has no healthy target, but its instance ", "$.active.instanceId", " is running with status checks ok: an application problem, not a host or AZ one. Nothing was restored. Look at Tomcat and MySQL on the instance (aws ssm start-session --target ", "$.active.instanceId", ")."),
        "HostHealthy");
    states.HostHealthy = { Type: "Succeed" };
    notify("NotifyStatusUnclear", "instance status unclear, nothing restored",
        format("The active instance ", "$.active.instanceId", " reports system status ", "$.status.statuses[0].SystemStatus.Status", " and instance status ", "$.status.statuses[0].InstanceStatus.Status", "; the engine restores only over an impaired or stopped host. Nothing was restored. Check it, then start the engine again if it must move."),
        "StatusUnclear");
    failAfter("StatusUnclear", "Sigma.StatusUnclear", "the active instance's status checks were neither ok nor impaired; nothing was changed");

    // The target subnet: the next AZ's subnet (a ring over the stack's AZs), never the active instance's own AZ.
    states.ChooseTargetSubnet = {
        Type: "Choice",
        Choices: args.subnets.map((subnet, i) => ({
            Variable: "$.status.statuses[0].AvailabilityZone", StringEquals: subnet.availabilityZone, Next: `TargetSubnet${i + 1}`,
        })),
        Default: "NotifyNoOtherAz",
    };
    args.subnets.forEach((_, i) => {
        const target = args.subnets[(i + 1) % args.subnets.length];
        states[`TargetSubnet${i + 1}`] = {
            Type: "Pass",
            Result: { subnetId: target.subnetId, availabilityZone: target.availabilityZone },
            ResultPath: "$.target",
            Next: "StartRestore",
        };
    });
    notify("NotifyNoOtherAz", "active instance outside the stack's AZs",
        format("The active instance ", "$.active.instanceId", " is in ", "$.status.statuses[0].AvailabilityZone", ", where the stack has no private subnet; the engine cannot choose another AZ. Nothing was restored."),
        "NoOtherAz");
    failAfter("NoOtherAz", "Sigma.NoOtherAz", "the active instance is in an AZ the stack has no subnet in");

    // The restore Lambda's event: components/restore/handler.ts RestoreEvent.
    states.StartRestore = task("lambda", CALL_RETRY, {
        Resource: FAILOVER_RESOURCES.invokeLambda,
        Parameters: {
            FunctionName: args.restoreFunctionArn,
            Payload: {
                "instanceId.$": "$.active.instanceId",
                "subnetId.$": "$.target.subnetId",
                securityGroupIds: args.securityGroupIds,
                "requestId.$": "$$.Execution.Name",
            },
        },
        ResultSelector: { "restoreJobId.$": "$.Payload.restoreJobId", "recoveryPointArn.$": "$.Payload.recoveryPointArn" },
        ResultPath: "$.restore",
        TimeoutSeconds: 150,
        Next: "WaitForRestore",
    }, "NotifyRestoreNotStarted");
    notify("NotifyRestoreNotStarted", "restore not started, old target kept",
        format("The restore of ", "$.active.instanceId", " into ", "$.target.subnetId", " could not start. ", "$.error.Error", ": ", "$.error.Cause", ". The old target is still registered. Restore by hand (docs/operations.md)."),
        "RestoreNotStarted");
    failAfter("RestoreNotStarted", "Sigma.RestoreNotStarted", "the restore Lambda failed; nothing was deregistered");

    states.WaitForRestore = { Type: "Wait", Seconds: timing.restorePollSeconds, Next: "DescribeRestoreJob" };
    states.DescribeRestoreJob = task("backup", POLL_RETRY, {
        Resource: FAILOVER_RESOURCES.describeRestoreJob,
        Parameters: { "RestoreJobId.$": "$.restore.restoreJobId" },
        ResultPath: "$.restoreJob",
        Next: "CountRestorePoll",
    }, "NotifyRestoreUnknown");
    notify("NotifyRestoreUnknown", "restore job unreadable, old target kept",
        format("The engine could not read restore job ", "$.restore.restoreJobId", ". ", "$.error.Error", ": ", "$.error.Cause", ". The old target is still registered; check the job in AWS Backup."),
        "RestoreUnknown");
    failAfter("RestoreUnknown", "Sigma.RestoreUnknown", "DescribeRestoreJob failed; nothing was deregistered");
    states.CountRestorePoll = {
        Type: "Pass",
        Parameters: { "restore.$": "States.MathAdd($.polls.restore, 1)", "health.$": "$.polls.health" },
        ResultPath: "$.polls",
        Next: "IsRestoreDone",
    };
    // RestoreJob Status: PENDING | RUNNING | COMPLETED | ABORTED | FAILED (and CREATED):
    // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html#Backup-DescribeRestoreJob-response-Status
    states.IsRestoreDone = {
        Type: "Choice",
        Choices: [
            { Variable: "$.restoreJob.Status", StringEquals: "COMPLETED", Next: "ReadNewInstanceId" },
            { Or: [{ Variable: "$.restoreJob.Status", StringEquals: "FAILED" }, { Variable: "$.restoreJob.Status", StringEquals: "ABORTED" }], Next: "NotifyRestoreFailed" },
            { Variable: "$.polls.restore", NumericGreaterThanEquals: timing.restoreMaxPolls, Next: "NotifyRestoreTooSlow" },
        ],
        Default: "WaitForRestore",
    };
    notify("NotifyRestoreFailed", "restore job failed, old target kept",
        format("Restore job ", "$.restore.restoreJobId", " ended ", "$.restoreJob.Status", ". Nothing was deregistered; the old target ", "$.active.instanceId", " is still registered. Read the job's StatusMessage in AWS Backup, then restore by hand (docs/operations.md)."),
        "RestoreFailed");
    failAfter("RestoreFailed", "Sigma.RestoreFailed", "the restore job failed or was aborted; nothing was deregistered");
    notify("NotifyRestoreTooSlow", "restore too slow, old target kept",
        format("Restore job ", "$.restore.restoreJobId", " is still ", "$.restoreJob.Status", " after ", "$.polls.restore", " checks, past the RTO budget. Nothing was deregistered. When it completes, register the new instance by hand or start the engine again."),
        "RestoreTooSlow");
    failAfter("RestoreTooSlow", "Sigma.RestoreTooSlow", "the restore job did not complete within the RTO budget; nothing was deregistered");

    // CreatedResourceArn of an EC2 restore: arn:aws:ec2:<region>:<account>:instance/<id>.
    states.ReadNewInstanceId = {
        Type: "Pass",
        Parameters: { "instanceId.$": "States.ArrayGetItem(States.StringSplit($.restoreJob.CreatedResourceArn, '/'), 1)" },
        ResultPath: "$.new",
        Next: inTargetGroup ? "RegisterNewTarget" : "WaitForInstanceOk",
    };
    if (inTargetGroup) {
        targetGroupStates();
    } else {
        instanceStatusStates();
    }
    retireOldInstance();
    return {
        Comment: `Sigma AZ failover for ${args.label}: restore the active instance into another AZ, ${inTargetGroup ? "register it, retire the old one" : "move the DB record to it, retire the old one"}`,
        StartAt: "Begin",
        TimeoutSeconds: FAILOVER_DEFAULTS.executionTimeoutSeconds,
        States: states,
    };

    function targetGroupStates(): void {
        states.RegisterNewTarget = task("elasticloadbalancingv2", CALL_RETRY, {
            Resource: FAILOVER_RESOURCES.registerTargets,
            Parameters: { TargetGroupArn: args.targetGroupArn, Targets: [{ "Id.$": "$.new.instanceId" }] },
            ResultPath: null,
            Next: "WaitForHealthy",
        }, "NotifyRegisterFailed");
        notify("NotifyRegisterFailed", "new instance not registered, old target kept",
            format("The restored instance ", "$.new.instanceId", " could not be registered: ", "$.error.Error", ": ", "$.error.Cause", ". The old target ", "$.active.instanceId", " is still registered. Register the new one by hand, or terminate it."),
            "RegisterFailed");
        failAfter("RegisterFailed", "Sigma.RegisterFailed", "RegisterTargets failed; the old target is kept");

        states.WaitForHealthy = { Type: "Wait", Seconds: timing.healthPollSeconds, Next: "DescribeNewTargetHealth" };
        states.DescribeNewTargetHealth = task("elasticloadbalancingv2", POLL_RETRY, {
            Resource: FAILOVER_RESOURCES.describeTargetHealth,
            Parameters: { TargetGroupArn: args.targetGroupArn, Targets: [{ "Id.$": "$.new.instanceId" }] },
            ResultSelector: { "state.$": "$.TargetHealthDescriptions[0].TargetHealth.State" },
            ResultPath: "$.health",
            Next: "CountHealthPoll",
        }, "DeregisterNewTarget");
        states.CountHealthPoll = {
            Type: "Pass",
            Parameters: { "restore.$": "$.polls.restore", "health.$": "States.MathAdd($.polls.health, 1)" },
            ResultPath: "$.polls",
            Next: "IsNewTargetHealthy",
        };
        // TargetHealth State: initial | healthy | unhealthy | unused | draining | unavailable
        // (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetHealth.html).
        states.IsNewTargetHealthy = {
            Type: "Choice",
            Choices: [
                { Variable: "$.health.state", StringEquals: "healthy", Next: "DeregisterOldTarget" },
                { Variable: "$.polls.health", NumericGreaterThanEquals: timing.healthMaxPolls, Next: "DeregisterNewTarget" },
            ],
            Default: "WaitForHealthy",
        };
        states.DeregisterNewTarget = task("elasticloadbalancingv2", CALL_RETRY, {
            Resource: FAILOVER_RESOURCES.deregisterTargets,
            Parameters: { TargetGroupArn: args.targetGroupArn, Targets: [{ "Id.$": "$.new.instanceId" }] },
            ResultPath: null,
            Next: "NotifyNeverHealthy",
        }, "NotifyNeverHealthy");
        notify("NotifyNeverHealthy", "/sigma never answered, old target kept",
            format("The restored instance ", "$.new.instanceId", " did not pass the /sigma health check on 8080 in ", "$.polls.health", " checks; it was deregistered (if that failed too, deregister it by hand) and the old target ", "$.active.instanceId", " is still registered. Inspect the new instance (aws ssm start-session --target ", "$.new.instanceId", "), then terminate it or register it by hand."),
            "NeverHealthy");
        failAfter("NeverHealthy", "Sigma.NeverHealthy", "the restored instance never became healthy; the old target is kept");
    }

    /** DB mode: the restored DB instance must pass both EC2 status checks (API_InstanceStatusSummary.html), bounded like the health check. */
    function instanceStatusStates(): void {
        states.WaitForInstanceOk = { Type: "Wait", Seconds: timing.healthPollSeconds, Next: "DescribeNewInstanceStatus" };
        states.DescribeNewInstanceStatus = task("ec2", POLL_RETRY, {
            Resource: FAILOVER_RESOURCES.describeInstanceStatus,
            Parameters: { "InstanceIds.$": "States.Array($.new.instanceId)", IncludeAllInstances: true },
            ResultSelector: { "statuses.$": "$.InstanceStatuses" },
            ResultPath: "$.newStatus",
            Next: "CountHealthPoll",
        }, "NotifyNewInstanceNotOk");
        states.CountHealthPoll = {
            Type: "Pass",
            Parameters: { "restore.$": "$.polls.restore", "health.$": "States.MathAdd($.polls.health, 1)" },
            ResultPath: "$.polls",
            Next: "HasNewInstanceStatus",
        };
        states.HasNewInstanceStatus = {
            Type: "Choice",
            Choices: [{ Variable: "$.newStatus.statuses[0].InstanceStatus.Status", IsPresent: true, Next: "IsNewInstanceOk" }],
            Default: "IsStatusWaitOver",
        };
        states.IsNewInstanceOk = {
            Type: "Choice",
            Choices: [{
                And: [
                    { Variable: "$.newStatus.statuses[0].SystemStatus.Status", StringEquals: "ok" },
                    { Variable: "$.newStatus.statuses[0].InstanceStatus.Status", StringEquals: "ok" },
                ],
                Next: "StopOldInstance",
            }],
            Default: "IsStatusWaitOver",
        };
        states.IsStatusWaitOver = {
            Type: "Choice",
            Choices: [{ Variable: "$.polls.health", NumericGreaterThanEquals: timing.healthMaxPolls, Next: "NotifyNewInstanceNotOk" }],
            Default: "WaitForInstanceOk",
        };
        notify("NotifyNewInstanceNotOk", "restored DB not ok, old one kept",
            format("The restored DB instance ", "$.new.instanceId", " did not pass its EC2 status checks in time; it is not used: the DB record and " + args.activeInstanceParameterName + " still name the old instance ", "$.active.instanceId", ". Inspect the new instance (aws ssm start-session --target ", "$.new.instanceId", "), then terminate it or move the record to it by hand."),
            "NeverHealthy");
        failAfter("NeverHealthy", "Sigma.NeverHealthy", "the restored DB instance never passed its status checks; the old one is kept");
    }

    function retireOldInstance(): void {
        if (inTargetGroup) {
            states.DeregisterOldTarget = task("elasticloadbalancingv2", CALL_RETRY, {
                Resource: FAILOVER_RESOURCES.deregisterTargets,
                Parameters: { TargetGroupArn: args.targetGroupArn, Targets: [{ "Id.$": "$.active.instanceId" }] },
                ResultPath: null,
                Next: "StopOldInstance",
            }, "NotifyOldStillRegistered");
            notify("NotifyOldStillRegistered", "old target still registered",
                format("The new instance ", "$.new.instanceId", " is healthy, but deregistering the old target ", "$.active.instanceId", " failed: ", "$.error.Error", ". Deregister it by hand. The engine goes on and stops it."),
                "StopOldInstance");
        }
        // Never two live databases: the old instance is stopped (its volumes are kept for whatever the backup missed).
        states.StopOldInstance = task("ec2", CALL_RETRY, {
            Resource: FAILOVER_RESOURCES.stopInstances,
            Parameters: { "InstanceIds.$": "States.Array($.active.instanceId)" },
            ResultPath: null,
            Next: args.dbRecord ? "DescribeNewInstance" : "RecordActiveInstance",
        }, "NotifyOldNotStopped");
        notify("NotifyOldNotStopped", "OLD INSTANCE NOT STOPPED",
            format("The old instance ", "$.active.instanceId", " could not be stopped (", "$.error.Error", ": ", "$.error.Cause", "), e.g. its AZ is unreachable. Stop it by hand as soon as the AZ answers: two Sigma databases must never run. The new instance ", "$.new.instanceId", " serves the site."),
            args.dbRecord ? "DescribeNewInstance" : "RecordActiveInstance");

        if (args.dbRecord) {
            states.DescribeNewInstance = task("ec2", CALL_RETRY, {
                Resource: FAILOVER_RESOURCES.describeInstances,
                Parameters: { "InstanceIds.$": "States.Array($.new.instanceId)" },
                ResultSelector: { "privateIp.$": "$.Reservations[0].Instances[0].PrivateIpAddress" },
                ResultPath: "$.newAddress",
                Next: "UpdateDbRecord",
            }, "NotifyDbRecordNotUpdated");
            states.UpdateDbRecord = task("route53", CALL_RETRY, {
                Resource: FAILOVER_RESOURCES.changeResourceRecordSets,
                Parameters: {
                    HostedZoneId: args.dbRecord.zoneId,
                    ChangeBatch: {
                        Comment: "Sigma failover: the DB record follows the active instance",
                        Changes: [{
                            Action: "UPSERT",
                            ResourceRecordSet: { Name: args.dbRecord.name, Type: "A", TTL: FAILOVER_DEFAULTS.dbRecordTtl, ResourceRecords: [{ "Value.$": "$.newAddress.privateIp" }] },
                        }],
                    },
                },
                ResultPath: null,
                Next: "RecordActiveInstance",
            }, "NotifyDbRecordNotUpdated");
            notify("NotifyDbRecordNotUpdated", "DB record not updated",
                format("The DB record " + args.dbRecord.name + " could not be pointed at the new instance ", "$.new.instanceId", ": ", "$.error.Error", ": ", "$.error.Cause", ". APP instances still use the old address: UPSERT the record by hand."),
                "RecordActiveInstance");
        }

        states.RecordActiveInstance = task("ssm", CALL_RETRY, {
            Resource: FAILOVER_RESOURCES.putParameter,
            Parameters: { Name: args.activeInstanceParameterName, "Value.$": "$.new.instanceId", Type: "String", Overwrite: true },
            ResultPath: null,
            Next: "NotifyFailedOver",
        }, "NotifyParameterNotUpdated");
        notify("NotifyParameterNotUpdated", "failed over, parameter NOT updated",
            format("The site now runs on ", "$.new.instanceId", ", but " + args.activeInstanceParameterName + " could not be updated (", "$.error.Error", "). Before the next pulumi up run: aws ssm put-parameter --overwrite --name " + args.activeInstanceParameterName + " --value ", "$.new.instanceId"),
            "ParameterNotUpdated");
        failAfter("ParameterNotUpdated", "Sigma.ParameterNotUpdated", "the site failed over but the active-instance parameter is stale");

        notify("NotifyFailedOver", "failed over to another AZ",
            format(inTargetGroup ? "Sigma failed over: the site now runs on " : "Sigma failed over: the database now runs on ", "$.new.instanceId", " in ", "$.target.availabilityZone", ", restored from ", "$.restore.recoveryPointArn", inTargetGroup ? "; the old instance " : "; the DB record names it; the old instance ", "$.active.instanceId", (inTargetGroup ? " was deregistered and stopped." : " was stopped.") + " Data written after that recovery point is not in the new instance. Follow-up (docs/failover.md): run pulumi up so the stack adopts the new instance, check /sigma, and terminate the old instance once nothing more is needed from its volumes."),
            "FailedOver");
        states.FailedOver = { Type: "Succeed" };
    }
}

/** The states inside the poll loops and how often each runs at most. */
export function failoverLoopCounts(timing: FailoverTiming): Record<string, number> {
    return {
        WaitForRestore: timing.restoreMaxPolls, DescribeRestoreJob: timing.restoreMaxPolls, CountRestorePoll: timing.restoreMaxPolls, IsRestoreDone: timing.restoreMaxPolls,
        WaitForHealthy: timing.healthMaxPolls, DescribeNewTargetHealth: timing.healthMaxPolls, CountHealthPoll: timing.healthMaxPolls, IsNewTargetHealthy: timing.healthMaxPolls,
        WaitForInstanceOk: timing.healthMaxPolls, DescribeNewInstanceStatus: timing.healthMaxPolls, HasNewInstanceStatus: timing.healthMaxPolls,
        IsNewInstanceOk: timing.healthMaxPolls, IsStatusWaitOver: timing.healthMaxPolls,
    };
}

/**
 * The polls that fit the RTO: the run may last (rtoMinutes - impairedMinutes) minutes, since the alarm waits
 * impairedMinutes before it starts; the restore window is the largest whose worst case (every wait, every retry
 * delay, on the longest path) fits. Undefined when even the smallest useful restore window does not fit.
 */
export function failoverTiming(impairedMinutes: number, rtoMinutes = FAILOVER_DEFAULTS.rtoMinutes): FailoverTiming | undefined {
    // A function of its two numbers and the defaults only: each pair is analysed once per process (every stack with
    // a failover asks again, and the analysis walks every path of the state machine several times).
    const key = `${impairedMinutes}/${rtoMinutes}`;
    if (!timings.has(key)) {
        timings.set(key, fittingTiming(impairedMinutes, rtoMinutes));
    }
    const timing = timings.get(key);
    return timing === undefined ? undefined : { ...timing };
}

const timings = new Map<string, FailoverTiming | undefined>();

function fittingTiming(impairedMinutes: number, rtoMinutes: number): FailoverTiming | undefined {
    const budget = (rtoMinutes - impairedMinutes) * 60;
    const probe: FailoverDefinitionArgs = {
        restoreFunctionArn: "arn:aws:lambda:us-east-1:111122223333:function:probe", targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/probe/0123456789abcdef",
        subnets: [{ subnetId: "subnet-a", availabilityZone: "a" }, { subnetId: "subnet-b", availabilityZone: "b" }], securityGroupIds: ["sg-probe"],
        activeInstanceParameterName: "/probe", alarmTopicArn: "arn:aws:sns:us-east-1:111122223333:probe", dbRecord: { zoneId: "Z1", name: "db.probe" }, label: "probe",
        timing: { restorePollSeconds: FAILOVER_DEFAULTS.restorePollSeconds, restoreMaxPolls: 0, healthPollSeconds: FAILOVER_DEFAULTS.healthPollSeconds, healthMaxPolls: FAILOVER_DEFAULTS.healthMaxPolls },
    };
    const fits = (polls: number) => [true, false].every((registerInTargetGroup) =>
        failoverWorstCaseSeconds({ ...probe, registerInTargetGroup, timing: { ...probe.timing, restoreMaxPolls: polls } }) <= budget);
    // The worst case never falls as polls grow (each poll state's cost is polls times a fixed non-negative cost), so the
    // largest fitting window is found by bisection between the smallest useful one and the budget's.
    let low = FAILOVER_DEFAULTS.minRestorePolls;
    let high = Math.floor(budget / FAILOVER_DEFAULTS.restorePollSeconds);
    if (high < low || !fits(low)) {
        return undefined;
    }
    while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (fits(middle)) {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    return { ...probe.timing, restoreMaxPolls: low };
}

/** The worst case of one run in seconds: the longest path's waits and retry delays, loops at their bound. */
export function failoverWorstCaseSeconds(args: FailoverDefinitionArgs): number {
    return worstCaseSeconds(failoverDefinition(args), failoverLoopCounts(args.timing));
}
