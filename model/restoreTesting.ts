/**
 * AWS Backup restore testing as AWS documents it: which EC2 restore metadata a restore testing selection may
 * override, the validation window, the restore-test restore job event, and how DescribeRestoreJob,
 * PutRestoreValidationResult, EC2 DescribeInstances and CloudWatch PutMetricData answer. The component validates
 * its overrides against these rules; the validator Lambda's tests run against `RestoreTestingWorld`, which
 * answers as these documents say (and says so where a rule is our conservative reading rather than AWS's text).
 */
import { isId } from "./ids";

export const SOURCES = {
    inferredMetadata: "https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html",
    restoreTesting: "https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html",
    validation: "https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-validation.html",
    events: "https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html",
    restoringABackup: "https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-a-backup.html",
    selectionForCreate: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html",
    describeRestoreJob: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html",
    putRestoreValidationResult: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutRestoreValidationResult.html",
    describeInstances: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html",
    ec2Errors: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html",
    putMetricData: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html",
    metric: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Metric.html",
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Restore metadata overrides of an EC2 restore testing selection
// ---------------------------------------------------------------------------------------------------------------

/**
 * The EC2 keys a RestoreTestingSelection's RestoreMetadataOverrides may set, and nothing else: "iamInstanceProfileName
 * (null or UseBackedUpValue), instanceType, requireImdsV2, securityGroupIds, subnetId" (SOURCES.inferredMetadata).
 */
export const EC2_OVERRIDABLE_KEYS = ["iamInstanceProfileName", "instanceType", "requireImdsV2", "securityGroupIds", "subnetId"] as const;
export type Ec2OverridableKey = (typeof EC2_OVERRIDABLE_KEYS)[number];

/** The two values AWS lists for iamInstanceProfileName: null (no profile) or the backed-up profile (SOURCES.inferredMetadata). */
export const IAM_INSTANCE_PROFILE_OVERRIDES = ["null", "UseBackedUpValue"] as const;

// Security groups per network interface: 5 by default (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
export const SECURITY_GROUPS_PER_INTERFACE = 5;

// Instance types are family.size, e.g. t3.xlarge (https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html).
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;

/** The overridable key `key` names, ignoring case ("key values are not case sensitive", SOURCES.inferredMetadata). */
export function overridableEc2Key(key: string): Ec2OverridableKey | undefined {
    return EC2_OVERRIDABLE_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
}

/**
 * Why AWS Backup would not apply `overrides` to an EC2 restore test, one message per problem (none when it would).
 * Values that are not known yet (undefined) are checked for their key only.
 */
export function ec2OverrideProblems(overrides: Record<string, string | undefined>): string[] {
    const problems: string[] = [];
    const seen = new Map<Ec2OverridableKey, string>();
    for (const [key, value] of Object.entries(overrides)) {
        const known = overridableEc2Key(key);
        if (known === undefined) {
            problems.push(`restoreMetadataOverrides key ${JSON.stringify(key)} cannot be overridden for EC2 restore tests; AWS Backup accepts only ${EC2_OVERRIDABLE_KEYS.join(", ")} (${SOURCES.inferredMetadata})`);
            continue;
        }
        const earlier = seen.get(known);
        if (earlier !== undefined) {
            problems.push(`restoreMetadataOverrides keys ${JSON.stringify(earlier)} and ${JSON.stringify(key)} are the same key (AWS Backup ignores case); keep one`);
            continue;
        }
        seen.set(known, key);
        if (value === undefined) {
            continue;
        }
        const problem = ec2OverrideValueProblem(known, value);
        if (problem) {
            problems.push(`restoreMetadataOverrides.${key} ${JSON.stringify(value)} ${problem}`);
        }
    }
    return problems;
}

function ec2OverrideValueProblem(key: Ec2OverridableKey, value: string): string | undefined {
    switch (key) {
        case "iamInstanceProfileName":
            // AWS Backup refuses a new instance profile on restore (SOURCES.events, Restore Job State Change FAILED example).
            return (IAM_INSTANCE_PROFILE_OVERRIDES as readonly string[]).includes(value) ? undefined
                : `is neither ${IAM_INSTANCE_PROFILE_OVERRIDES.join(" nor ")}: restore testing allows no other profile (${SOURCES.inferredMetadata})`;
        case "instanceType":
            return INSTANCE_TYPE.test(value) ? undefined : "is not an EC2 instance type such as t3.xlarge";
        case "requireImdsV2":
            return value === "true" || value === "false" ? undefined : 'must be "true" or "false"';
        case "subnetId":
            return isId("subnet", value) ? undefined : "is not a subnet id (subnet-0123456789abcdef0)";
        case "securityGroupIds":
            return securityGroupListProblem(value);
    }
}

/** Restore metadata carries SecurityGroupIds as a JSON array in a string, e.g. "[\"sg-0a1bc2d345ef67890\"]" (SOURCES.restoringABackup). */
function securityGroupListProblem(value: string): string | undefined {
    let ids: unknown;
    try {
        ids = JSON.parse(value);
    } catch {
        return 'is not a JSON array of group ids such as ["sg-0123456789abcdef0"]';
    }
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => isId("securityGroup", id))) {
        return 'is not a non-empty JSON array of group ids such as ["sg-0123456789abcdef0"]';
    }
    if (new Set(ids).size !== ids.length) {
        return "lists a group twice";
    }
    return ids.length > SECURITY_GROUPS_PER_INTERFACE ? `lists ${ids.length} groups; a network interface takes at most ${SECURITY_GROUPS_PER_INTERFACE}` : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Selection settings
// ---------------------------------------------------------------------------------------------------------------

// ValidationWindowHours: "amount of hours (1 to 168) available to run a validation script on the data" (SOURCES.selectionForCreate);
// the console asks for 1 to 168 hours when validation runs (SOURCES.restoreTesting, Part II).
export const VALIDATION_WINDOW_HOURS = { min: 1, max: 168 };
// Restore testing plan and selection names: at most 50 characters (SOURCES.restoreTesting, quotas).
export const RESTORE_TESTING_NAME_MAX = 50;
// Start window hours: 1 to 168 (SOURCES.restoreTesting, quotas).
export const START_WINDOW_HOURS = { min: 1, max: 168 };
// Restored resources carry this tag; removing it stops AWS Backup from deleting them (SOURCES.restoreTesting, data deletion).
export const RESTORE_TEST_TAG = "awsbackup-restore-test";

/** Why `hours` cannot be a validation window, or undefined. */
export function validationWindowProblem(hours: unknown): string | undefined {
    return Number.isInteger(hours) && (hours as number) >= VALIDATION_WINDOW_HOURS.min && (hours as number) <= VALIDATION_WINDOW_HOURS.max ? undefined
        : `must be a whole number of hours from ${VALIDATION_WINDOW_HOURS.min} to ${VALIDATION_WINDOW_HOURS.max}: validation runs inside it (${SOURCES.selectionForCreate})`;
}

/** Restore testing selection names: 1-50 letters, digits, - or _, starting with a letter or digit, not ending with - or _ (SOURCES.restoreTesting). */
export function selectionNameProblem(name: string): string | undefined {
    return name.length <= RESTORE_TESTING_NAME_MAX && /^[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?$/.test(name) ? undefined
        : `must be 1-${RESTORE_TESTING_NAME_MAX} letters, digits, - or _, start with a letter or digit and not end with - or _`;
}

// ---------------------------------------------------------------------------------------------------------------
// The restore-test restore job event
// ---------------------------------------------------------------------------------------------------------------

/**
 * The EventBridge pattern of a completed restore job of one restore testing plan: "Restore Job State Change" events
 * carry `restoreTestingPlanArn` when the job is part of a restore testing plan (SOURCES.events) and the validation
 * guide filters on it and on status COMPLETED (SOURCES.validation). model/eventPattern.ts says which events it matches.
 */
export function restoreTestCompletedPattern(restoreTestingPlanArn: string, resourceType: string): Record<string, unknown> {
    return {
        source: ["aws.backup"],
        "detail-type": ["Restore Job State Change"],
        detail: { resourceType: [resourceType], restoreTestingPlanArn: [restoreTestingPlanArn], status: ["COMPLETED"] },
    };
}

// ---------------------------------------------------------------------------------------------------------------
// A model of the APIs the validator calls
// ---------------------------------------------------------------------------------------------------------------

// Restore job states (SOURCES.describeRestoreJob): PENDING | RUNNING | COMPLETED | ABORTED | FAILED.
export const RESTORE_JOB_STATUSES = ["PENDING", "RUNNING", "COMPLETED", "ABORTED", "FAILED"] as const;
// ValidationStatus: FAILED | SUCCESSFUL | TIMED_OUT | VALIDATING (SOURCES.putRestoreValidationResult).
export const VALIDATION_STATUSES = ["FAILED", "SUCCESSFUL", "TIMED_OUT", "VALIDATING"] as const;
// DeletionStatus: DELETING | FAILED | SUCCESSFUL (SOURCES.describeRestoreJob).
export const DELETION_STATUSES = ["DELETING", "FAILED", "SUCCESSFUL"] as const;

export type RestoreJobStatus = (typeof RESTORE_JOB_STATUSES)[number];
export type ValidationStatus = (typeof VALIDATION_STATUSES)[number];

/** The DescribeRestoreJob fields the model keeps (SOURCES.describeRestoreJob). */
export interface ModelRestoreJob {
    RestoreJobId: string;
    Status: RestoreJobStatus;
    ResourceType: string;
    CreationDate: Date;
    CompletionDate?: Date;
    CreatedResourceArn?: string;
    RecoveryPointArn?: string;
    /** Set for jobs a restore testing plan started (RestoreJobCreator). */
    CreatedBy?: { RestoreTestingPlanArn?: string };
    ValidationStatus?: ValidationStatus;
    ValidationStatusMessage?: string;
    DeletionStatus?: (typeof DELETION_STATUSES)[number];
}

export interface ModelInstance {
    InstanceId: string;
    PrivateIpAddress?: string;
    State: { Name: string };
    Tags?: Array<{ Key: string; Value: string }>;
}

/** One metric datum as PutMetricData takes it (SOURCES.putMetricData). */
export interface ModelMetricDatum {
    MetricName: string;
    Value: number;
    Unit?: string;
    Dimensions?: Array<{ Name: string; Value: string }>;
    Timestamp?: Date;
}

/** An error shaped as the AWS SDK v3 throws it: `name` is AWS's error code, with the HTTP status in `$metadata`. */
export class ModelServiceError extends Error {
    readonly $metadata: { httpStatusCode: number };
    readonly $fault: "client" | "server";
    constructor(code: string, message: string, httpStatusCode: number) {
        super(message);
        this.name = code;
        this.$metadata = { httpStatusCode };
        this.$fault = httpStatusCode >= 500 ? "server" : "client";
    }
}

// PutMetricData values must be within 2^-360..2^360 in magnitude, and NaN/±Infinity are rejected (SOURCES.putMetricData).
const METRIC_VALUE_MAX = 2 ** 360;
const METRIC_VALUE_MIN = 2 ** -360;
// Dimensions per metric: at most 30 (SOURCES.metric).
export const METRIC_DIMENSIONS_MAX = 30;

/** Why PutMetricData would refuse this request (InvalidParameterValue), or undefined. */
export function putMetricDataProblem(namespace: string, data: ModelMetricDatum[]): string | undefined {
    // "You cannot specify a namespace that begins with AWS/"; 1-255 characters, not starting with ':' (SOURCES.putMetricData, SOURCES.metric).
    if (namespace.startsWith("AWS/") || namespace.length < 1 || namespace.length > 255 || namespace.startsWith(":")) {
        return `namespace ${JSON.stringify(namespace)} is reserved or malformed`;
    }
    for (const d of data) {
        const magnitude = Math.abs(d.Value);
        if (!Number.isFinite(d.Value) || (magnitude !== 0 && (magnitude > METRIC_VALUE_MAX || magnitude < METRIC_VALUE_MIN))) {
            return `value ${d.Value} of ${d.MetricName} is outside CloudWatch's range`;
        }
        if ((d.Dimensions ?? []).length > METRIC_DIMENSIONS_MAX || d.MetricName.length < 1 || d.MetricName.length > 255) {
            return `metric ${d.MetricName} has an invalid name or too many dimensions`;
        }
    }
    return undefined;
}

/** A rule the model applies that AWS does not state in so many words: the comment at each use says so. */
const ASSUMED = "(model assumption, see model/restoreTesting.ts)";

/**
 * One account's restore jobs, instances and custom metrics, answering DescribeRestoreJob, PutRestoreValidationResult,
 * DescribeInstances and PutMetricData as AWS documents them. Faults can be injected per operation to play throttling.
 */
export class RestoreTestingWorld {
    readonly jobs = new Map<string, ModelRestoreJob>();
    readonly instances = new Map<string, ModelInstance>();
    readonly metrics: Array<{ namespace: string; datum: ModelMetricDatum }> = [];
    /** Every PutRestoreValidationResult the model accepted, in order. */
    readonly validations: Array<{ RestoreJobId: string; ValidationStatus: string; ValidationStatusMessage?: string }> = [];
    /** Errors to throw before answering, per operation name, consumed in order. */
    readonly faults = new Map<string, ModelServiceError[]>();
    readonly calls: string[] = [];

    addJob(job: ModelRestoreJob): void {
        this.jobs.set(job.RestoreJobId, job);
    }

    addInstance(instance: ModelInstance): void {
        this.instances.set(instance.InstanceId, instance);
    }

    /** Throws `errors` (one per call) on the next calls of `operation`. */
    failNext(operation: string, ...errors: ModelServiceError[]): void {
        this.faults.set(operation, [...(this.faults.get(operation) ?? []), ...errors]);
    }

    private enter(operation: string): void {
        this.calls.push(operation);
        const fault = this.faults.get(operation)?.shift();
        if (fault) {
            throw fault;
        }
    }

    /** DescribeRestoreJob; an unknown id is ResourceNotFoundException (SOURCES.describeRestoreJob, Errors). */
    describeRestoreJob(input: { RestoreJobId?: string }): ModelRestoreJob {
        this.enter("DescribeRestoreJob");
        const job = input.RestoreJobId ? this.jobs.get(input.RestoreJobId) : undefined;
        if (!input.RestoreJobId) {
            throw new ModelServiceError("MissingParameterValueException", "RestoreJobId is required", 400);
        }
        if (!job) {
            throw new ModelServiceError("ResourceNotFoundException", `Restore job ${input.RestoreJobId} not found`, 400);
        }
        return structuredClone(job);
    }

    /**
     * PutRestoreValidationResult. Documented: RestoreJobId and ValidationStatus are required, ValidationStatus is one of
     * VALIDATION_STATUSES (InvalidParameterValueException otherwise), an unknown job is ResourceNotFoundException
     * (SOURCES.putRestoreValidationResult), and "once a validation status is set, it cannot be changed" (SOURCES.validation).
     * Assumed, because AWS only describes validation of completed restore-test jobs within the validation window: a job
     * not started by a restore testing plan, not COMPLETED, or already being deleted is refused with InvalidRequestException.
     */
    putRestoreValidationResult(input: { RestoreJobId?: string; ValidationStatus?: string; ValidationStatusMessage?: string }): void {
        this.enter("PutRestoreValidationResult");
        if (!input.RestoreJobId || !input.ValidationStatus) {
            throw new ModelServiceError("MissingParameterValueException", "RestoreJobId and ValidationStatus are required", 400);
        }
        if (!(VALIDATION_STATUSES as readonly string[]).includes(input.ValidationStatus)) {
            throw new ModelServiceError("InvalidParameterValueException", `ValidationStatus ${input.ValidationStatus} is not one of ${VALIDATION_STATUSES.join(", ")}`, 400);
        }
        const job = this.jobs.get(input.RestoreJobId);
        if (!job) {
            throw new ModelServiceError("ResourceNotFoundException", `Restore job ${input.RestoreJobId} not found`, 400);
        }
        if (!job.CreatedBy?.RestoreTestingPlanArn) {
            throw new ModelServiceError("InvalidRequestException", `restore job ${job.RestoreJobId} was not started by a restore testing plan ${ASSUMED}`, 400);
        }
        if (job.Status !== "COMPLETED") {
            throw new ModelServiceError("InvalidRequestException", `restore job ${job.RestoreJobId} is ${job.Status}, not COMPLETED ${ASSUMED}`, 400);
        }
        if (job.DeletionStatus !== undefined) {
            throw new ModelServiceError("InvalidRequestException", `restore job ${job.RestoreJobId}'s validation window has closed (deletion ${job.DeletionStatus}) ${ASSUMED}`, 400);
        }
        if (job.ValidationStatus !== undefined) {
            throw new ModelServiceError("InvalidRequestException", `restore job ${job.RestoreJobId} already has validation status ${job.ValidationStatus}; once set it cannot be changed`, 400);
        }
        job.ValidationStatus = input.ValidationStatus as ValidationStatus;
        job.ValidationStatusMessage = input.ValidationStatusMessage;
        this.validations.push({ RestoreJobId: input.RestoreJobId, ValidationStatus: input.ValidationStatus, ValidationStatusMessage: input.ValidationStatusMessage });
    }

    /** Closes the validation window: AWS Backup starts deleting the restored resource (SOURCES.restoreTesting). */
    closeValidationWindow(restoreJobId: string): void {
        const job = this.jobs.get(restoreJobId);
        if (job) {
            job.DeletionStatus = "DELETING";
        }
    }

    /** DescribeInstances by id; an unknown id is InvalidInstanceID.NotFound (SOURCES.ec2Errors). */
    describeInstances(input: { InstanceIds?: string[] }): { Reservations: Array<{ Instances: ModelInstance[] }> } {
        this.enter("DescribeInstances");
        const ids = input.InstanceIds ?? [];
        const malformed = ids.find((id) => !isId("instance", id));
        if (malformed) {
            throw new ModelServiceError("InvalidInstanceID.Malformed", `Invalid id: "${malformed}"`, 400);
        }
        const missing = ids.find((id) => !this.instances.has(id));
        if (missing) {
            throw new ModelServiceError("InvalidInstanceID.NotFound", `The instance ID '${missing}' does not exist`, 400);
        }
        return { Reservations: ids.map((id) => ({ Instances: [structuredClone(this.instances.get(id)!)] })) };
    }

    /** PutMetricData; a request `putMetricDataProblem` finds fault with is InvalidParameterValue (SOURCES.putMetricData). */
    putMetricData(input: { Namespace?: string; MetricData?: ModelMetricDatum[] }): void {
        this.enter("PutMetricData");
        const problem = putMetricDataProblem(input.Namespace ?? "", input.MetricData ?? []);
        if (problem) {
            throw new ModelServiceError("InvalidParameterValue", problem, 400);
        }
        for (const datum of input.MetricData ?? []) {
            this.metrics.push({ namespace: input.Namespace!, datum });
        }
    }
}
