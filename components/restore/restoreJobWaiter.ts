import * as pulumi from "@pulumi/pulumi";

export const RESTORE_WAIT_DEFAULTS = {
    /** DescribeRestoreJob every 30 s: a restore takes ~10-20 min, and 120 calls an hour are far below AWS Backup's rate limits. */
    pollSeconds: 30,
    /** An EC2 restore launches an instance from the recovery-point AMI in ~10-20 min (docs/operations.md RTO); an hour allows for slow ones. */
    timeoutMinutes: 60,
};

/** DescribeRestoreJob's terminal states; CREATED/PENDING/RUNNING mean "poll again". https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html */
const FAILED_STATES = ["FAILED", "ABORTED"];

export interface RestoreJobWaiterArgs {
    /** The restore job to wait for (the restore function's answer, `restoreJobId`). */
    restoreJobId: pulumi.Input<string>;
    /** The region the job runs in (dynamic providers get no aws provider: the caller passes the stack's region). */
    region: pulumi.Input<string>;
    /** Seconds between DescribeRestoreJob calls (default 30). @default 30 */
    pollSeconds?: pulumi.Input<number>;
    /** Minutes to wait before `pulumi up` gives up on the job (default 60); the job runs on in AWS Backup. @default 60 */
    timeoutMinutes?: pulumi.Input<number>;
}

/** What the provider receives: the args resolved. */
export interface RestoreJobWaiterInputs {
    restoreJobId: string;
    region: string;
    pollSeconds?: number;
    timeoutMinutes?: number;
}

export interface RestoreJobWaiterOutputs extends RestoreJobWaiterInputs {
    /** The instance the COMPLETED job created. */
    restoredInstanceId: string;
    /** The job's CreatedResourceArn. */
    createdResourceArn: string;
}

/** An AWS SDK service error, as far as the waiter reads it. */
interface AwsError {
    name?: string;
    message?: string;
    $fault?: string;
    $retryable?: { throttling?: boolean };
}

/** Throttling (a common error of every AWS Backup action, https://docs.aws.amazon.com/aws-backup/latest/devguide/CommonErrors.html) and server faults pass. */
function isTransient(error: AwsError): boolean {
    return error.name === "ThrottlingException" || error.name === "TooManyRequestsException" || error.$retryable?.throttling === true
        || error.name === "ServiceUnavailableException" || error.$fault === "server";
}

/** A restore job that ended FAILED or ABORTED: AWS Backup's StatusMessage, and the job and status as fields. */
export interface RestoreJobFailedError extends Error {
    name: "RestoreJobFailedError";
    restoreJobId: string;
    status: string;
    statusMessage?: string;
}

// A plain Error, not a subclass: the closure serialiser turns `class extends Error` into `Error.call(this)`, which drops the message.
function restoreJobFailed(restoreJobId: string, region: string, status: string, statusMessage: string | undefined): RestoreJobFailedError {
    const message = `restore job ${restoreJobId} in ${region} ${status}: ${statusMessage ?? "AWS Backup gave no status message"}`;
    return Object.assign(new Error(message), { name: "RestoreJobFailedError" as const, restoreJobId, status, statusMessage });
}

/** How the provider passes time; tests substitute a fake clock. */
export interface WaiterClock {
    now(): number;
    sleep(ms: number): Promise<void>;
}

/** The instance id of an EC2 restore job's CreatedResourceArn (arn:<partition>:ec2:<region>:<account>:instance/i-...), or undefined. */
export function instanceIdFromArn(arn: string | undefined): string | undefined {
    return /^arn:[\w-]+:ec2:[\w-]+:\d{12}:instance\/(i-[0-9a-f]{8,17})$/.exec(arn ?? "")?.[1];
}

/**
 * The provider of RestoreJobWaiter. Pulumi serialises this object into the state and runs it on the machine running
 * `pulumi up`, so it captures only the clock and loads the AWS SDK inside create(). It waits there rather than in the
 * restore Lambda because an EC2 restore can outlast a Lambda's 15-minute limit.
 */
export function restoreJobWaiterProvider(clock?: WaiterClock): pulumi.dynamic.ResourceProvider<RestoreJobWaiterInputs, RestoreJobWaiterOutputs> {
    return {
        async create(inputs: RestoreJobWaiterInputs): Promise<pulumi.dynamic.CreateResult<RestoreJobWaiterOutputs>> {
            const { BackupClient, DescribeRestoreJobCommand } = await import("@aws-sdk/client-backup");
            const time: WaiterClock = clock ?? { now: () => Date.now(), sleep: (ms) => new Promise((done) => setTimeout(done, ms)) };
            const { restoreJobId, region } = inputs;
            if (!restoreJobId || !region) {
                throw new Error(`RestoreJobWaiter needs a restoreJobId and a region (got ${JSON.stringify(restoreJobId)}, ${JSON.stringify(region)}); the restore function's answer carries the job id`);
            }
            const pollMs = (inputs.pollSeconds ?? RESTORE_WAIT_DEFAULTS.pollSeconds) * 1000;
            const timeoutMinutes = inputs.timeoutMinutes ?? RESTORE_WAIT_DEFAULTS.timeoutMinutes;
            const client = new BackupClient({ region });
            const describeRestoreJob = async () => {
                try {
                    return await client.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }));
                } catch (error) {
                    const e = error as AwsError;
                    if (e.name === "ResourceNotFoundException") {
                        throw new Error(`restore job ${restoreJobId} does not exist in ${region} (DescribeRestoreJob: ${e.message}); check the restore function's answer and the stack's region`);
                    }
                    if (isTransient(e)) {
                        return undefined; // the next poll is the retry
                    }
                    throw error;
                }
            };
            const started = time.now();
            let lastStatus = "not yet described";
            for (;;) {
                const job = await describeRestoreJob();
                lastStatus = job ? job.Status ?? "in an unknown state" : lastStatus;
                if (job?.Status === "COMPLETED") {
                    const restoredInstanceId = instanceIdFromArn(job.CreatedResourceArn);
                    if (restoredInstanceId === undefined) {
                        throw new Error(`restore job ${restoreJobId} in ${region} COMPLETED but created ${job.CreatedResourceArn ?? "nothing"}, not an EC2 instance`);
                    }
                    return { id: restoreJobId, outs: { ...inputs, restoredInstanceId, createdResourceArn: job.CreatedResourceArn! } };
                }
                if (job && FAILED_STATES.includes(job.Status ?? "")) {
                    throw restoreJobFailed(restoreJobId, region, job.Status!, job.StatusMessage);
                }
                if (time.now() - started + pollMs > timeoutMinutes * 60 * 1000) {
                    throw new Error(`restore job ${restoreJobId} in ${region} is still ${lastStatus} after ${timeoutMinutes} minutes (timeoutMinutes); `
                        + `it runs on in AWS Backup: follow it with \`aws backup describe-restore-job --region ${region} --restore-job-id ${restoreJobId}\`, `
                        + "or run `pulumi up` again to wait again");
                }
                await time.sleep(pollMs);
            }
        },
        async diff(_id: string, olds: RestoreJobWaiterOutputs, news: RestoreJobWaiterInputs): Promise<pulumi.dynamic.DiffResult> {
            // Another job (a new restore) or region means another wait; the poll settings do not matter once the job is done.
            const replaces = (["restoreJobId", "region"] as const).filter((key) => olds[key] !== news[key]);
            return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
        },
        // No delete: forgetting the waiter leaves the restored instance alone, as `pulumi config rm sigma:restore` promises.
    };
}

/**
 * Waits during `pulumi up` for an AWS Backup restore job to finish: COMPLETED gives `restoredInstanceId`; FAILED or
 * ABORTED fails the update with AWS's status message; a job still running after `timeoutMinutes` fails it too.
 */
export class RestoreJobWaiter extends pulumi.dynamic.Resource {
    /** The instance the restore job created. */
    declare public readonly restoredInstanceId: pulumi.Output<string>;
    /** The job's CreatedResourceArn. */
    declare public readonly createdResourceArn: pulumi.Output<string>;

    constructor(name: string, args: RestoreJobWaiterArgs, opts?: pulumi.CustomResourceOptions) {
        super(restoreJobWaiterProvider(), name, {
            restoreJobId: args.restoreJobId,
            region: args.region,
            pollSeconds: args.pollSeconds ?? RESTORE_WAIT_DEFAULTS.pollSeconds,
            timeoutMinutes: args.timeoutMinutes ?? RESTORE_WAIT_DEFAULTS.timeoutMinutes,
            restoredInstanceId: undefined,
            createdResourceArn: undefined,
        }, opts);
    }
}
