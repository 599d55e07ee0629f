import { TaskFailure } from "../stepFunctions/errors";
import { TaskHandler } from "../stepFunctions/interpreter";
import { isJsonObject, Json, JsonObject } from "../stepFunctions/paths";
import { REFUSAL_ERRORS } from "./taskErrors";

/**
 * A model of the AWS APIs the failover state machine calls, answering as each API reference documents (response
 * shapes, status values, error names as Step Functions reports them: ./taskErrors.ts). One FailoverWorld holds one
 * region's instances, subnets, parameter, restore jobs, target group, hosted zone and topic; a scenario scripts how
 * the restore job and the new target's health checks progress, and which calls throttle first.
 */

/** EC2 instance state names and codes: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceState.html */
export const INSTANCE_STATE_CODES = { pending: 0, running: 16, "shutting-down": 32, terminated: 48, stopping: 64, stopped: 80 } as const;
export type InstanceStateName = keyof typeof INSTANCE_STATE_CODES;
/** Status check summaries: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceStatusSummary.html */
export type StatusCheck = "ok" | "impaired" | "insufficient-data" | "not-applicable" | "initializing";
/** Restore job statuses: https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html#Backup-DescribeRestoreJob-response-Status */
export type RestoreJobStatus = "CREATED" | "PENDING" | "RUNNING" | "COMPLETED" | "ABORTED" | "FAILED";
/** Target health states: https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetHealth.html */
export type TargetHealthState = "initial" | "healthy" | "unhealthy" | "unused" | "draining" | "unavailable";

export interface ModelInstance {
    instanceId: string;
    subnetId: string;
    state: InstanceStateName;
    systemStatus: StatusCheck;
    instanceStatus: StatusCheck;
    privateIp: string;
}

export interface FailoverScenario {
    /** DescribeRestoreJob answers: the statuses in order; the last one repeats. Default CREATED, RUNNING, COMPLETED. */
    restoreStatuses?: RestoreJobStatus[];
    /** DescribeTargetHealth answers for a newly registered target, in order; the last repeats. Default initial, healthy. */
    newTargetHealth?: TargetHealthState[];
    /** DescribeInstanceStatus answers (instance status check) for a restored instance, in order; the last repeats. Default ok. */
    restoredInstanceStatus?: StatusCheck[];
    /** Per resource ARN, how many calls fail with the service's throttling error before one succeeds. */
    throttle?: Record<string, number>;
    /** Per resource ARN, an error every call gets (e.g. the AZ is unreachable for StopInstances). */
    fail?: Record<string, { error: string; cause: string }>;
    /** The restore Lambda fails with this errorType (e.g. NoRecoveryPointError). */
    restoreFunctionError?: { errorType: string; errorMessage: string };
}

export interface Published {
    topicArn: string;
    subject?: string;
    message: string;
}

export interface WorldCall {
    resource: string;
    parameters: Json;
    time: number;
}

/** Step Functions' names for the throttling error of each service the failover calls (see ./taskErrors.ts). */
const THROTTLING: Record<string, { error: string; cause: string }> = {
    ssm: { error: "Ssm.ThrottlingException", cause: "Rate exceeded (Service: Ssm, Status Code: 400)" },
    ec2: { error: "Ec2.Ec2Exception", cause: "Request limit exceeded. (Service: Ec2, Status Code: 503, Error Code: RequestLimitExceeded)" },
    elasticloadbalancingv2: { error: "ElasticLoadBalancingV2.ElasticLoadBalancingV2Exception", cause: "Rate exceeded (Service: ElasticLoadBalancingV2, Status Code: 400, Error Code: Throttling)" },
    backup: { error: "Backup.ServiceUnavailableException", cause: "The request failed due to a temporary failure of the server. (Service: Backup, Status Code: 500)" },
    route53: { error: "Route53.PriorRequestNotCompleteException", cause: "The request was rejected because Route 53 was still processing a prior request. (Service: Route53, Status Code: 400)" },
    lambda: { error: "Lambda.TooManyRequestsException", cause: "Rate Exceeded. (Service: Lambda, Status Code: 429)" },
    sns: { error: "SNS.ThrottledException", cause: "Rate exceeded (Service: Sns, Status Code: 400)" },
};

const serviceOf = (resource: string) => (resource.startsWith("arn:aws:states:::aws-sdk:") ? resource.split(":")[6] : resource.split(":")[5]);

const ec2Error = (code: string, message: string) => new TaskFailure("Ec2.Ec2Exception", `${message} (Service: Ec2, Status Code: 400, Error Code: ${code})`);

function field(parameters: Json, name: string): Json | undefined {
    return isJsonObject(parameters) ? parameters[name] : undefined;
}

function strings(value: Json | undefined): string[] {
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : [];
}

export class FailoverWorld {
    readonly instances = new Map<string, ModelInstance>();
    readonly parameters = new Map<string, { value: string; version: number }>();
    readonly restoreJobs = new Map<string, { request: JsonObject; polls: number; createdInstanceId?: string }>();
    /** Registered targets of the one target group, with how many health checks each has been asked about. */
    readonly targets = new Map<string, { checks: number; fresh: boolean }>();
    readonly records = new Map<string, string>();
    readonly published: Published[] = [];
    readonly calls: WorldCall[] = [];
    private readonly attempts = new Map<string, number>();
    private restoredCount = 0;
    /** Restored instance id -> how often its status has been described. */
    private readonly restoredChecks = new Map<string, number>();

    constructor(readonly setup: {
        region: string;
        account: string;
        /** Subnet id -> AZ. */
        subnets: Record<string, string>;
        targetGroupArn: string;
        topicArn: string;
        zoneId?: string;
        restoreFunctionArn: string;
        scenario?: FailoverScenario;
    }) {}

    get scenario(): FailoverScenario {
        return this.setup.scenario ?? {};
    }

    azOf(subnetId: string): string {
        const az = this.setup.subnets[subnetId];
        if (!az) {
            throw new Error(`the model has no subnet ${subnetId}`);
        }
        return az;
    }

    /** Adds a running instance (registered in the target group when `registered`). */
    addInstance(instance: Omit<ModelInstance, "privateIp"> & { privateIp?: string }, registered = true): void {
        this.instances.set(instance.instanceId, { privateIp: `10.0.${this.instances.size + 1}.10`, ...instance });
        if (registered) {
            this.targets.set(instance.instanceId, { checks: 0, fresh: false });
        }
    }

    /** The handlers for the interpreter, keyed by Resource ARN. */
    handlers(): Record<string, TaskHandler> {
        const wrap = (resource: string, answer: (parameters: Json) => Json): TaskHandler => (parameters, call) => {
            this.calls.push({ resource, parameters, time: call.time });
            const throttles = this.scenario.throttle?.[resource] ?? 0;
            const made = this.attempts.get(resource) ?? 0;
            this.attempts.set(resource, made + 1);
            if (made < throttles) {
                const t = THROTTLING[serviceOf(resource)];
                throw new TaskFailure(t.error, t.cause);
            }
            const failure = this.scenario.fail?.[resource];
            if (failure) {
                throw new TaskFailure(failure.error, failure.cause);
            }
            return { output: answer(parameters) };
        };
        const sdk = (service: string, action: string) => `arn:aws:states:::aws-sdk:${service}:${action}`;
        const entries: Array<[string, (p: Json) => Json]> = [
            [sdk("ssm", "getParameter"), (p) => this.getParameter(p)],
            [sdk("ssm", "putParameter"), (p) => this.putParameter(p)],
            [sdk("ec2", "describeInstanceStatus"), (p) => this.describeInstanceStatus(p)],
            [sdk("ec2", "describeInstances"), (p) => this.describeInstances(p)],
            [sdk("ec2", "stopInstances"), (p) => this.stopInstances(p)],
            ["arn:aws:states:::lambda:invoke", (p) => this.invokeRestore(p)],
            [sdk("backup", "describeRestoreJob"), (p) => this.describeRestoreJob(p)],
            [sdk("elasticloadbalancingv2", "registerTargets"), (p) => this.registerTargets(p)],
            [sdk("elasticloadbalancingv2", "deregisterTargets"), (p) => this.deregisterTargets(p)],
            [sdk("elasticloadbalancingv2", "describeTargetHealth"), (p) => this.describeTargetHealth(p)],
            [sdk("route53", "changeResourceRecordSets"), (p) => this.changeResourceRecordSets(p)],
            ["arn:aws:states:::sns:publish", (p) => this.publish(p)],
        ];
        return Object.fromEntries(entries.map(([resource, answer]) => [resource, wrap(resource, answer)]));
    }

    /** GetParameter: https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html */
    private getParameter(p: Json): Json {
        const name = String(field(p, "Name"));
        const parameter = this.parameters.get(name);
        if (!parameter) {
            throw new TaskFailure(REFUSAL_ERRORS.parameterNotFound, `Parameter ${name} not found. (Service: Ssm, Status Code: 400)`);
        }
        return {
            Parameter: {
                Name: name, Type: "String", Value: parameter.value, Version: parameter.version, DataType: "text",
                ARN: `arn:aws:ssm:${this.setup.region}:${this.setup.account}:parameter/${name.replace(/^\//, "")}`,
                LastModifiedDate: "2026-01-01T00:00:00Z",
            },
        };
    }

    /** PutParameter: an existing parameter needs Overwrite (ParameterAlreadyExists otherwise). API_PutParameter.html */
    private putParameter(p: Json): Json {
        const name = String(field(p, "Name"));
        const existing = this.parameters.get(name);
        if (existing && field(p, "Overwrite") !== true) {
            throw new TaskFailure("Ssm.ParameterAlreadyExistsException", `The parameter already exists. To overwrite this value, set the overwrite option in the request to true. (Service: Ssm, Status Code: 400)`);
        }
        const version = (existing?.version ?? 0) + 1;
        this.parameters.set(name, { value: String(field(p, "Value")), version });
        return { Version: version, Tier: "Standard" };
    }

    /**
     * DescribeInstanceStatus with IncludeAllInstances: every named instance in any state (without it, running ones
     * only); an unknown id is InvalidInstanceID.NotFound; a stopped instance's checks are not-applicable.
     * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceStatus.html
     */
    private describeInstanceStatus(p: Json): Json {
        const ids = strings(field(p, "InstanceIds"));
        const all = field(p, "IncludeAllInstances") === true;
        const missing = ids.filter((id) => !this.instances.has(id));
        if (missing.length > 0) {
            throw ec2Error("InvalidInstanceID.NotFound", `The instance ID '${missing.join(", ")}' does not exist`);
        }
        for (const id of ids.filter((i) => this.restoredChecks.has(i))) {
            // A new instance's checks start "initializing" and settle (API_InstanceStatusSummary.html); the scenario scripts them.
            const seen = this.restoredChecks.get(id)!;
            const script = this.scenario.restoredInstanceStatus ?? ["ok"];
            const status = script[Math.min(seen, script.length - 1)];
            this.restoredChecks.set(id, seen + 1);
            Object.assign(this.instances.get(id)!, { instanceStatus: status, systemStatus: status === "impaired" ? "ok" : status });
        }
        const statuses = ids.map((id) => this.instances.get(id)!).filter((i) => all || i.state === "running").map((i) => ({
            AvailabilityZone: this.azOf(i.subnetId),
            InstanceId: i.instanceId,
            InstanceState: { Code: INSTANCE_STATE_CODES[i.state], Name: i.state },
            InstanceStatus: { Status: i.state === "running" ? i.instanceStatus : "not-applicable", Details: [{ Name: "reachability", Status: i.instanceStatus === "impaired" ? "failed" : "passed" }] },
            SystemStatus: { Status: i.state === "running" ? i.systemStatus : "not-applicable", Details: [{ Name: "reachability", Status: i.systemStatus === "impaired" ? "failed" : "passed" }] },
        }));
        return { InstanceStatuses: statuses };
    }

    /** DescribeInstances: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html */
    private describeInstances(p: Json): Json {
        const ids = strings(field(p, "InstanceIds"));
        const missing = ids.filter((id) => !this.instances.has(id));
        if (missing.length > 0) {
            throw ec2Error("InvalidInstanceID.NotFound", `The instance ID '${missing.join(", ")}' does not exist`);
        }
        return {
            Reservations: [{
                Instances: ids.map((id) => this.instances.get(id)!).map((i) => ({
                    InstanceId: i.instanceId, SubnetId: i.subnetId, PrivateIpAddress: i.privateIp,
                    Placement: { AvailabilityZone: this.azOf(i.subnetId) }, State: { Code: INSTANCE_STATE_CODES[i.state], Name: i.state },
                })),
            }],
        };
    }

    /** StopInstances: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_StopInstances.html */
    private stopInstances(p: Json): Json {
        const ids = strings(field(p, "InstanceIds"));
        const missing = ids.filter((id) => !this.instances.has(id));
        if (missing.length > 0) {
            throw ec2Error("InvalidInstanceID.NotFound", `The instance ID '${missing.join(", ")}' does not exist`);
        }
        return {
            StoppingInstances: ids.map((id) => {
                const instance = this.instances.get(id)!;
                const previous = instance.state;
                instance.state = "stopped";
                return { InstanceId: id, CurrentState: { Code: INSTANCE_STATE_CODES.stopping, Name: "stopping" }, PreviousState: { Code: INSTANCE_STATE_CODES[previous], Name: previous } };
            }),
        };
    }

    /**
     * The restore Lambda through lambda:invoke (connect-lambda.html): the response wraps the function's result in
     * Payload; a function error fails the task with the function's errorType. The function itself is
     * components/restore/handler.ts; here it starts a job for the event, the same requestId finding the same job.
     */
    private invokeRestore(p: Json): Json {
        if (field(p, "FunctionName") !== this.setup.restoreFunctionArn) {
            throw new TaskFailure("Lambda.ResourceNotFoundException", `Function not found: ${String(field(p, "FunctionName"))} (Service: Lambda, Status Code: 404)`);
        }
        const failure = this.scenario.restoreFunctionError;
        if (failure) {
            throw new TaskFailure(failure.errorType, JSON.stringify({ errorType: failure.errorType, errorMessage: failure.errorMessage, trace: [] }));
        }
        const event = field(p, "Payload");
        if (!isJsonObject(event) || typeof event.instanceId !== "string" || typeof event.subnetId !== "string" || strings(event.securityGroupIds).length === 0) {
            throw new TaskFailure("RestoreInputError", JSON.stringify({ errorType: "RestoreInputError", errorMessage: `invalid restore event ${JSON.stringify(event)}` }));
        }
        this.azOf(event.subnetId);
        const existing = [...this.restoreJobs.entries()].find(([, job]) => job.request.requestId === event.requestId && event.requestId !== undefined);
        const jobId = existing?.[0] ?? `RESTORE-JOB-${this.restoreJobs.size + 1}`;
        if (!existing) {
            this.restoreJobs.set(jobId, { request: event, polls: 0 });
        }
        return {
            ExecutedVersion: "$LATEST", StatusCode: 200,
            Payload: { restoreJobId: jobId, recoveryPointArn: `arn:aws:ec2:${this.setup.region}::image/ami-0123456789abcdef0`, idempotencyToken: "0".repeat(64) },
        };
    }

    /**
     * DescribeRestoreJob: Status per the scenario; CreatedResourceArn only once COMPLETED, when the instance exists
     * (running, in the requested subnet). API_DescribeRestoreJob.html
     */
    private describeRestoreJob(p: Json): Json {
        const id = String(field(p, "RestoreJobId"));
        const job = this.restoreJobs.get(id);
        if (!job) {
            throw new TaskFailure(REFUSAL_ERRORS.restoreJobNotFound, `Restore job ${id} not found (Service: Backup, Status Code: 400)`);
        }
        const script = this.scenario.restoreStatuses ?? ["CREATED", "RUNNING", "COMPLETED"];
        const status = script[Math.min(job.polls, script.length - 1)];
        job.polls++;
        const answer: JsonObject = {
            AccountId: this.setup.account, RestoreJobId: id, Status: status, ResourceType: "EC2",
            CreationDate: "2026-01-01T00:00:00Z", PercentDone: status === "COMPLETED" ? "100.00%" : "0.00%",
        };
        if (status === "COMPLETED") {
            if (!job.createdInstanceId) {
                job.createdInstanceId = `i-0restored${String(++this.restoredCount).padStart(8, "0")}`;
                this.addInstance({ instanceId: job.createdInstanceId, subnetId: String(job.request.subnetId), state: "running", systemStatus: "ok", instanceStatus: "ok" }, false);
                this.restoredChecks.set(job.createdInstanceId, 0);
            }
            answer.CreatedResourceArn = `arn:aws:ec2:${this.setup.region}:${this.setup.account}:instance/${job.createdInstanceId}`;
            answer.CompletionDate = "2026-01-01T00:10:00Z";
        }
        if (status === "FAILED" || status === "ABORTED") {
            answer.StatusMessage = status === "FAILED" ? "Insufficient capacity in the Availability Zone" : "Restore job aborted";
        }
        return answer;
    }

    private checkTargetGroup(p: Json): { targets: string[] } {
        if (field(p, "TargetGroupArn") !== this.setup.targetGroupArn) {
            throw new TaskFailure(REFUSAL_ERRORS.targetGroupNotFound, `One or more target groups not found (Service: ElasticLoadBalancingV2, Status Code: 400)`);
        }
        const targets = field(p, "Targets");
        const ids = Array.isArray(targets) ? targets.map((t) => (isJsonObject(t) ? t.Id : undefined)) : [];
        if (ids.length === 0 || ids.some((id) => typeof id !== "string")) {
            throw new TaskFailure("ElasticLoadBalancingV2.ValidationErrorException", `Targets must name at least one target Id (Service: ElasticLoadBalancingV2, Status Code: 400)`);
        }
        return { targets: ids as string[] };
    }

    /** RegisterTargets: an instance must be running ("The following targets are not in a running state"). API_RegisterTargets.html */
    private registerTargets(p: Json): Json {
        const { targets } = this.checkTargetGroup(p);
        for (const id of targets) {
            if (this.instances.get(id)?.state !== "running") {
                throw new TaskFailure(REFUSAL_ERRORS.invalidTarget, `The following targets are not in a running state and cannot be registered: '${id}' (Service: ElasticLoadBalancingV2, Status Code: 400)`);
            }
        }
        targets.forEach((id) => this.targets.set(id, { checks: 0, fresh: true }));
        return {};
    }

    /** DeregisterTargets: a target not registered is InvalidTarget. API_DeregisterTargets.html */
    private deregisterTargets(p: Json): Json {
        const { targets } = this.checkTargetGroup(p);
        for (const id of targets) {
            if (!this.targets.has(id)) {
                throw new TaskFailure(REFUSAL_ERRORS.invalidTarget, `The following targets are not registered in target group: '${id}' (Service: ElasticLoadBalancingV2, Status Code: 400)`);
            }
        }
        targets.forEach((id) => this.targets.delete(id));
        return {};
    }

    /**
     * DescribeTargetHealth: a registered new target goes through the scenario's states (initial while the first checks
     * run: reason Elb.InitialHealthChecking); an unregistered one is "unused" with Target.NotRegistered.
     * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetHealth.html
     */
    private describeTargetHealth(p: Json): Json {
        const { targets } = this.checkTargetGroup(p);
        return {
            TargetHealthDescriptions: targets.map((id) => {
                const registered = this.targets.get(id);
                let state: TargetHealthState;
                if (!registered) {
                    state = "unused";
                } else if (registered.fresh) {
                    const script = this.scenario.newTargetHealth ?? ["initial", "healthy"];
                    state = script[Math.min(registered.checks, script.length - 1)];
                    registered.checks++;
                } else {
                    const instance = this.instances.get(id);
                    state = instance?.state === "running" && instance.instanceStatus === "ok" && instance.systemStatus === "ok" ? "healthy" : "unhealthy";
                }
                const reason: Record<TargetHealthState, [string, string] | undefined> = {
                    initial: ["Elb.InitialHealthChecking", "Initial health checks in progress"],
                    healthy: undefined,
                    unhealthy: ["Target.ResponseCodeMismatch", "Health checks failed with these codes: [404]"],
                    unused: ["Target.NotRegistered", "Target is not registered to the target group"],
                    draining: ["Target.DeregistrationInProgress", "Target deregistration is in progress"],
                    unavailable: ["Elb.InternalError", "Health checks failed due to an internal error"],
                };
                const why = reason[state];
                const health: JsonObject = { State: state };
                if (why) {
                    health.Reason = why[0];
                    health.Description = why[1];
                }
                return { Target: { Id: id, Port: 8080 }, HealthCheckPort: "8080", TargetHealth: health };
            }),
        };
    }

    /** ChangeResourceRecordSets: UPSERT creates or replaces the record. API_ChangeResourceRecordSets.html */
    private changeResourceRecordSets(p: Json): Json {
        if (field(p, "HostedZoneId") !== this.setup.zoneId) {
            throw new TaskFailure(REFUSAL_ERRORS.noSuchHostedZone, `No hosted zone found with ID: ${String(field(p, "HostedZoneId"))} (Service: Route53, Status Code: 404)`);
        }
        const batch = field(p, "ChangeBatch");
        const changes = isJsonObject(batch) && Array.isArray(batch.Changes) ? batch.Changes : [];
        for (const change of changes) {
            const set = isJsonObject(change) ? change.ResourceRecordSet : undefined;
            const records = isJsonObject(set) && Array.isArray(set.ResourceRecords) ? set.ResourceRecords : [];
            const value = isJsonObject(records[0]) ? records[0].Value : undefined;
            if (!isJsonObject(change) || change.Action !== "UPSERT" || !isJsonObject(set) || typeof set.Name !== "string" || typeof value !== "string" || typeof set.TTL !== "number") {
                throw new TaskFailure(REFUSAL_ERRORS.invalidChangeBatch, `Invalid change: ${JSON.stringify(change)} (Service: Route53, Status Code: 400)`);
            }
            this.records.set(set.Name, value);
        }
        return { ChangeInfo: { Id: `/change/C${String(this.records.size).padStart(12, "0")}`, Status: "PENDING", SubmittedAt: "2026-01-01T00:00:00Z" } };
    }

    /** sns:publish (connect-sns.html): the response carries the MessageId. */
    private publish(p: Json): Json {
        const topicArn = String(field(p, "TopicArn"));
        if (topicArn !== this.setup.topicArn) {
            throw new TaskFailure("SNS.NotFoundException", `Topic does not exist (Service: Sns, Status Code: 404)`);
        }
        const subject = field(p, "Subject");
        this.published.push({ topicArn, subject: typeof subject === "string" ? subject : undefined, message: String(field(p, "Message")) });
        return { MessageId: `00000000-0000-4000-8000-${String(this.published.length).padStart(12, "0")}` };
    }
}
