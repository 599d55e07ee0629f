import * as http from "http";
import { BackupClient, DescribeRestoreJobCommand, PutRestoreValidationResultCommand } from "@aws-sdk/client-backup";

/**
 * The restore test validator (AWS Backup restore testing validation): when a restore job of the stack's restore
 * testing plan COMPLETES, it finds the restored instance (DescribeRestoreJob -> CreatedResourceArn -> EC2
 * DescribeInstances -> private IP), waits a bounded time for Sigma to answer on http://<ip>:8080/sigma and
 * /expertctstudio, reports SUCCESSFUL or FAILED with the reason (PutRestoreValidationResult) and publishes the
 * restore duration and the result as CloudWatch metrics. It runs in the VPC so it can reach the private IP.
 *
 * Shipped as one file (restoreValidationCode.ts transpiles it): it imports nothing of the project. The Node.js
 * Lambda runtime provides the AWS SDK v3 clients.
 */

/** Metric names and units the component's alarms read (the component's VALIDATION_METRICS must agree; a test checks). */
export const METRICS = {
    /** Restore job CreationDate -> CompletionDate: AWS Backup's part of the recovery. */
    restoreJobDuration: { name: "RestoreJobDuration", unit: "Seconds" },
    /** Restore job CreationDate -> both Sigma paths answering: the measured recovery time (published on success). */
    recoveryTime: { name: "RecoveryTime", unit: "Seconds" },
    /** 1 when the restored Sigma failed validation, 0 when it passed. */
    validationFailed: { name: "ValidationFailed", unit: "Count" },
    /** The dimension every metric carries: the stack. */
    dimension: "Stack",
} as const;

export interface ValidatorSettings {
    /** The restore testing plan whose jobs this function validates; events and jobs of any other plan are ignored. */
    restoreTestingPlanArn: string;
    metricNamespace: string;
    /** Value of the Stack dimension. */
    stackName: string;
    port: number;
    /** URL paths that must answer, e.g. /sigma and /expertctstudio. */
    paths: string[];
    /** Longest time to wait for Sigma to answer after the restore job completed. */
    maxWaitMs: number;
    /** Pause between rounds of probes. */
    retryIntervalMs: number;
    /** How long one HTTP request may take. */
    probeTimeoutMs: number;
}

/** The DescribeRestoreJob fields the validator reads. */
export interface RestoreJobView {
    RestoreJobId?: string;
    Status?: string;
    ResourceType?: string;
    CreationDate?: Date;
    CompletionDate?: Date;
    CreatedResourceArn?: string;
    CreatedBy?: { RestoreTestingPlanArn?: string };
    ValidationStatus?: string;
}

export interface MetricDatum {
    MetricName: string;
    Value: number;
    Unit: string;
    Dimensions: Array<{ Name: string; Value: string }>;
    Timestamp: Date;
}

/** The AWS calls the validator makes, as small functions so tests can answer them from a model of AWS. */
export interface ValidatorAws {
    describeRestoreJob(restoreJobId: string): Promise<RestoreJobView>;
    putRestoreValidationResult(restoreJobId: string, status: "SUCCESSFUL" | "FAILED", message: string): Promise<void>;
    describeInstance(instanceId: string): Promise<{ privateIp?: string; state?: string }>;
    putMetrics(namespace: string, data: MetricDatum[]): Promise<void>;
}

/** What one HTTP request got: a status code, or the network error that stopped it. */
export type ProbeResult = { status: number } | { error: string };
export type Probe = (url: string, timeoutMs: number) => Promise<ProbeResult>;

export interface ValidatorDeps {
    aws: ValidatorAws;
    settings: ValidatorSettings;
    probe?: Probe;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    /** Epoch ms by which the result must be reported (the invocation's end minus a reserve); unset: only maxWaitMs bounds the wait. */
    reportBy?: number;
    /** Attempts per AWS call including the first (default 5) and the first retry delay (default 500 ms, doubled each retry). */
    maxAttempts?: number;
    baseDelayMs?: number;
}

export interface ValidationOutcome {
    action: "validated" | "skipped";
    restoreJobId?: string;
    status?: "SUCCESSFUL" | "FAILED";
    message: string;
    instanceId?: string;
    restoreJobSeconds?: number;
    recoverySeconds?: number;
}

/** The event is not a restore job state change this function can read. */
export class ValidatorInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ValidatorInputError";
    }
}

/** Sigma answers: any 2xx, or a 3xx (Tomcat redirects /sigma to /sigma/ and on to the login page; redirects are not followed). */
export function isHealthy(result: ProbeResult): boolean {
    return "status" in result && result.status >= 200 && result.status < 400;
}

const describeProbe = (result: ProbeResult | undefined) =>
    result === undefined ? "not tried" : "status" in result ? `HTTP ${result.status}` : result.error;

/** One GET without following redirects; never rejects. */
export function httpProbe(url: string, timeoutMs: number): Promise<ProbeResult> {
    return new Promise((resolve) => {
        const request = http.get(url, { timeout: timeoutMs, agent: false }, (response) => {
            response.resume();
            resolve({ status: response.statusCode ?? 0 });
        });
        request.on("timeout", () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "TIMEOUT" })));
        request.on("error", (err: NodeJS.ErrnoException) => resolve({ error: err.code === "TIMEOUT" ? err.message : err.code ?? err.message }));
    });
}

const TRANSIENT = new Set(["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
    "ServiceUnavailableException", "ServiceUnavailable", "InternalFailure", "InternalServerError", "RequestTimeout", "TimeoutError"]);

function errorName(err: unknown): string {
    const e = err as { name?: string; Code?: string };
    return e?.name ?? e?.Code ?? "";
}

/** True for throttling and transient AWS faults (5xx, 429, or errors the SDK marks retryable). */
export function isTransient(err: unknown): boolean {
    const e = err as { $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
    const status = e?.$metadata?.httpStatusCode ?? 0;
    return TRANSIENT.has(errorName(err)) || !!e?.$retryable || status >= 500 || status === 429;
}

async function withRetry<T>(what: string, call: () => Promise<T>, deps: ValidatorDeps): Promise<T> {
    const attempts = deps.maxAttempts ?? 5;
    const sleep = deps.sleep ?? defaultSleep;
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            if (!isTransient(err)) {
                throw err;
            }
            if (attempt >= attempts) {
                throw new Error(`${what} still failing after ${attempts} attempts: ${errorName(err)}: ${(err as Error).message}`);
            }
            await sleep((deps.baseDelayMs ?? 500) * 2 ** (attempt - 1));
        }
    }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The fields of a "Restore Job State Change" event the validator reads. */
export interface RestoreJobEvent {
    restoreJobId: string;
    status?: string;
    restoreTestingPlanArn?: string;
    resourceType?: string;
}

/** Reads an AWS Backup "Restore Job State Change" event; anything else is a ValidatorInputError. */
export function parseRestoreJobEvent(event: unknown): RestoreJobEvent {
    const e = event as { source?: unknown; "detail-type"?: unknown; detail?: Record<string, unknown> } | null;
    if (!e || typeof e !== "object" || e.source !== "aws.backup" || e["detail-type"] !== "Restore Job State Change") {
        throw new ValidatorInputError(`expected an aws.backup "Restore Job State Change" event; got ${JSON.stringify(event)?.slice(0, 300)}`);
    }
    const detail = e.detail ?? {};
    if (typeof detail.restoreJobId !== "string" || detail.restoreJobId === "") {
        throw new ValidatorInputError("the event's detail has no restoreJobId");
    }
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    return {
        restoreJobId: detail.restoreJobId,
        status: text(detail.status),
        restoreTestingPlanArn: text(detail.restoreTestingPlanArn),
        resourceType: text(detail.resourceType),
    };
}

const INSTANCE_ARN = /^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:instance\/(i-[0-9a-f]{8}(?:[0-9a-f]{9})?)$/;

/** The instance id of an EC2 instance ARN, or undefined. */
export function instanceIdOf(arn: string | undefined): string | undefined {
    return arn ? INSTANCE_ARN.exec(arn)?.[1] : undefined;
}

const minutes = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 6000) / 10} min`);
const seconds = (from: Date | undefined, to: Date | number | undefined) =>
    from && to !== undefined ? Math.max(0, (new Date(to).getTime() - new Date(from).getTime()) / 1000) : undefined;

interface SigmaVerdict {
    ok: boolean;
    message: string;
    instanceId?: string;
    answeredAt?: number;
}

/** Finds the restored instance and waits, within the deadline, until every path answers. */
async function checkRestoredSigma(job: RestoreJobView, deps: ValidatorDeps): Promise<SigmaVerdict> {
    const { settings } = deps;
    const now = deps.now ?? Date.now;
    const sleep = deps.sleep ?? defaultSleep;
    const probe = deps.probe ?? httpProbe;
    const instanceId = instanceIdOf(job.CreatedResourceArn);
    if (!instanceId) {
        return { ok: false, message: `the restore job reports no created EC2 instance (CreatedResourceArn ${JSON.stringify(job.CreatedResourceArn ?? null)})` };
    }
    let instance: { privateIp?: string; state?: string };
    try {
        instance = await withRetry("DescribeInstances", () => deps.aws.describeInstance(instanceId), deps);
    } catch (err) {
        if (/^InvalidInstanceID\./.test(errorName(err))) {
            return { ok: false, instanceId, message: `restored instance ${instanceId} does not exist: ${(err as Error).message}` };
        }
        throw err;
    }
    if (!instance.privateIp) {
        return { ok: false, instanceId, message: `restored instance ${instanceId} has no private IP (state ${instance.state ?? "unknown"})` };
    }

    const started = now();
    const deadline = Math.min(started + settings.maxWaitMs, deps.reportBy ?? Number.POSITIVE_INFINITY);
    const last = new Map<string, ProbeResult | undefined>(settings.paths.map((p) => [p, undefined]));
    const answered = new Map<string, ProbeResult>();
    let rounds = 0;
    do {
        rounds++;
        for (const path of settings.paths.filter((p) => !answered.has(p))) {
            // A round started before the deadline runs whole: the handler keeps REPORT_RESERVE_MS for such overruns.
            const result = await probe(`http://${instance.privateIp}:${settings.port}${path}`, settings.probeTimeoutMs);
            last.set(path, result);
            if (isHealthy(result)) {
                answered.set(path, result);
            }
        }
        if (answered.size === settings.paths.length) {
            const answeredAt = now();
            const codes = settings.paths.map((p) => `${p} ${describeProbe(answered.get(p))}`).join(", ");
            return { ok: true, instanceId, answeredAt, message: `Sigma answered on ${instance.privateIp}:${settings.port} (${instanceId}): ${codes}` };
        }
        const remaining = deadline - now();
        if (remaining > 0) {
            await sleep(Math.min(settings.retryIntervalMs, remaining));
        }
    } while (now() < deadline);
    const failing = settings.paths.filter((p) => !answered.has(p)).map((p) => `${p} ${describeProbe(last.get(p))}`);
    const passing = settings.paths.filter((p) => answered.has(p)).map((p) => `${p} ${describeProbe(answered.get(p))}`);
    return {
        ok: false,
        instanceId,
        message: `Sigma did not answer on ${instance.privateIp}:${settings.port} (${instanceId}) within ${minutes(now() - started)} ` +
            `(${rounds} rounds): ${failing.join(", ")}${passing.length > 0 ? `; answered: ${passing.join(", ")}` : ""}`,
    };
}

// AWS documents no maximum for ValidationStatusMessage; a console-readable reason fits well within this.
const MESSAGE_LIMIT = 1000;

/**
 * Validates one restore test: ignores events and jobs of other plans, jobs that are not COMPLETED and jobs that
 * already carry a validation status (a validation status cannot be changed once set), then reports once.
 */
export async function validateRestoreTest(event: unknown, deps: ValidatorDeps): Promise<ValidationOutcome> {
    const { settings } = deps;
    const detail = parseRestoreJobEvent(event);
    const skipped = (message: string): ValidationOutcome => ({ action: "skipped", restoreJobId: detail.restoreJobId, message });
    if (detail.restoreTestingPlanArn !== settings.restoreTestingPlanArn || detail.status !== "COMPLETED") {
        return skipped(`event of plan ${detail.restoreTestingPlanArn ?? "(none)"} with status ${detail.status ?? "(none)"}; this function validates COMPLETED jobs of ${settings.restoreTestingPlanArn}`);
    }
    const job = await withRetry("DescribeRestoreJob", () => deps.aws.describeRestoreJob(detail.restoreJobId), deps);
    if (job.CreatedBy?.RestoreTestingPlanArn !== settings.restoreTestingPlanArn) {
        return skipped(`restore job ${detail.restoreJobId} was not started by ${settings.restoreTestingPlanArn}`);
    }
    if (job.Status !== "COMPLETED") {
        return skipped(`restore job ${detail.restoreJobId} is ${job.Status ?? "in an unknown state"}, not COMPLETED`);
    }
    if (job.ValidationStatus) {
        return skipped(`restore job ${detail.restoreJobId} already has validation status ${job.ValidationStatus}`);
    }

    const restoreJobSeconds = seconds(job.CreationDate, job.CompletionDate);
    const verdict = await checkRestoredSigma(job, deps);
    const status = verdict.ok ? "SUCCESSFUL" : "FAILED";
    const recoverySeconds = verdict.answeredAt !== undefined ? seconds(job.CreationDate, verdict.answeredAt) : undefined;
    const timing = restoreJobSeconds !== undefined ? `; restore job took ${minutes(restoreJobSeconds * 1000)}` : "";
    const recovery = recoverySeconds !== undefined ? `, Sigma answered ${minutes(recoverySeconds * 1000)} after it started` : "";
    const message = `${verdict.message}${timing}${recovery}`.slice(0, MESSAGE_LIMIT);
    await withRetry("PutRestoreValidationResult", () => deps.aws.putRestoreValidationResult(detail.restoreJobId, status, message), deps);

    const now = deps.now ?? Date.now;
    const at = new Date(now());
    const dimensions = [{ Name: METRICS.dimension, Value: settings.stackName }];
    const datum = (metric: { name: string; unit: string }, value: number): MetricDatum =>
        ({ MetricName: metric.name, Value: value, Unit: metric.unit, Dimensions: dimensions, Timestamp: at });
    const data = [datum(METRICS.validationFailed, verdict.ok ? 0 : 1)];
    if (restoreJobSeconds !== undefined) {
        data.push(datum(METRICS.restoreJobDuration, restoreJobSeconds));
    }
    if (recoverySeconds !== undefined) {
        data.push(datum(METRICS.recoveryTime, recoverySeconds));
    }
    await withRetry("PutMetricData", () => deps.aws.putMetrics(settings.metricNamespace, data), deps);
    return { action: "validated", restoreJobId: detail.restoreJobId, status, message, instanceId: verdict.instanceId, restoreJobSeconds, recoverySeconds };
}

/** Reads the function's settings from the environment the component sets. */
export function settingsFromEnv(env: Record<string, string | undefined>): ValidatorSettings {
    const missing = ["RESTORE_TESTING_PLAN_ARN", "METRIC_NAMESPACE", "STACK_NAME"].filter((k) => !env[k]);
    if (missing.length > 0) {
        throw new Error(`${missing.join(", ")} not set; deploy the function with SigmaRestoreTesting, which sets them`);
    }
    const number = (key: string, fallback: number) => {
        const value = env[key] === undefined || env[key] === "" ? fallback : Number(env[key]);
        if (!Number.isFinite(value) || value <= 0) {
            throw new Error(`${key} ${JSON.stringify(env[key])} must be a positive number`);
        }
        return value;
    };
    const paths = (env.SIGMA_PATHS ?? "/sigma,/expertctstudio").split(",").map((p) => p.trim()).filter((p) => p !== "");
    return {
        restoreTestingPlanArn: env.RESTORE_TESTING_PLAN_ARN!,
        metricNamespace: env.METRIC_NAMESPACE!,
        stackName: env.STACK_NAME!,
        port: number("SIGMA_PORT", 8080),
        paths,
        maxWaitMs: number("MAX_WAIT_SECONDS", 600) * 1000,
        retryIntervalMs: number("RETRY_INTERVAL_SECONDS", 15) * 1000,
        probeTimeoutMs: number("PROBE_TIMEOUT_SECONDS", 5) * 1000,
    };
}

/** Anything with an AWS SDK v3 `send`. */
export interface SendsCommands {
    send(command: object): Promise<any>;
}

/** The AWS Backup calls, through an AWS SDK v3 BackupClient. */
export function backupCalls(client: SendsCommands): Pick<ValidatorAws, "describeRestoreJob" | "putRestoreValidationResult"> {
    if (typeof PutRestoreValidationResultCommand !== "function") {
        // The validation guide notes older runtime SDKs lacked this operation.
        throw new Error("this runtime's @aws-sdk/client-backup has no PutRestoreValidationResultCommand; use a Node.js runtime whose bundled SDK includes it");
    }
    return {
        describeRestoreJob: async (restoreJobId) => await client.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId })) as RestoreJobView,
        putRestoreValidationResult: async (restoreJobId, status, message) => {
            await client.send(new PutRestoreValidationResultCommand({ RestoreJobId: restoreJobId, ValidationStatus: status, ValidationStatusMessage: message }));
        },
    };
}

/** The command classes of @aws-sdk/client-ec2 the validator uses. */
export interface Ec2Commands {
    DescribeInstancesCommand: new (input: { InstanceIds: string[] }) => object;
}

/** The command classes of @aws-sdk/client-cloudwatch the validator uses. */
export interface CloudWatchCommands {
    PutMetricDataCommand: new (input: { Namespace: string; MetricData: MetricDatum[] }) => object;
}

/** EC2 DescribeInstances for one instance: its private IP and state. */
export function ec2Calls(client: SendsCommands, commands: Ec2Commands): Pick<ValidatorAws, "describeInstance"> {
    return {
        describeInstance: async (instanceId) => {
            const answer = await client.send(new commands.DescribeInstancesCommand({ InstanceIds: [instanceId] })) as
                { Reservations?: Array<{ Instances?: Array<{ PrivateIpAddress?: string; State?: { Name?: string } }> }> };
            const instance = answer.Reservations?.flatMap((r) => r.Instances ?? [])[0];
            return { privateIp: instance?.PrivateIpAddress, state: instance?.State?.Name };
        },
    };
}

/** CloudWatch PutMetricData. */
export function cloudWatchCalls(client: SendsCommands, commands: CloudWatchCommands): Pick<ValidatorAws, "putMetrics"> {
    return {
        putMetrics: async (namespace, data) => {
            await client.send(new commands.PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
        },
    };
}

/**
 * A module of the AWS SDK v3 that the Node.js Lambda runtime ships. @aws-sdk/client-ec2 and client-cloudwatch are
 * not devDependencies of this package (only client-backup is), so they are loaded by name at run time.
 */
function runtimeModule<T>(name: string): T {
    return require(name) as T;
}

/** Time kept back from the invocation's timeout to report the result and publish the metrics. */
export const REPORT_RESERVE_MS = 60_000;

let aws: ValidatorAws | undefined;

/** The Lambda entry point. The SDK's own retries are off so the backoff above is the one policy. */
export async function handler(event: unknown, context?: { getRemainingTimeInMillis?: () => number }): Promise<ValidationOutcome> {
    const settings = settingsFromEnv(process.env);
    if (aws === undefined) {
        const ec2 = runtimeModule<Ec2Commands & { EC2Client: new (config: object) => SendsCommands }>("@aws-sdk/client-ec2");
        const cloudWatch = runtimeModule<CloudWatchCommands & { CloudWatchClient: new (config: object) => SendsCommands }>("@aws-sdk/client-cloudwatch");
        aws = {
            ...backupCalls(new BackupClient({ maxAttempts: 1 })),
            ...ec2Calls(new ec2.EC2Client({ maxAttempts: 1 }), ec2),
            ...cloudWatchCalls(new cloudWatch.CloudWatchClient({ maxAttempts: 1 }), cloudWatch),
        };
    }
    const remaining = context?.getRemainingTimeInMillis?.();
    const outcome = await validateRestoreTest(event, { aws, settings, reportBy: remaining === undefined ? undefined : Date.now() + remaining - REPORT_RESERVE_MS });
    console.log(JSON.stringify(outcome));
    return outcome;
}
