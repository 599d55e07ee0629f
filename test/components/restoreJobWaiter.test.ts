import * as assert from "assert";
import {
    BackupClient, BackupClientResolvedConfig, BackupServiceException, DescribeRestoreJobCommand, ServiceInputTypes, ServiceOutputTypes,
} from "@aws-sdk/client-backup";
import { AwsStub, mockClient } from "aws-sdk-client-mock";
import { instanceIdFromArn, RestoreJobFailedError, restoreJobWaiterProvider, RestoreJobWaiterInputs, WaiterClock } from "../../components/restore/restoreJobWaiter";
import { BackupEc2RestoreModel, ModelError, NEW_INSTANCE_PROFILE_MESSAGE } from "../../model/ec2Restore";
import { metadataWith, PRIMARY_POINT_ARN, PRIMARY_REGION, primaryWorld, RESTORE_ROLE_ARN } from "../fixtures/restoreMetadata/sigmaWorld";

/**
 * RestoreJobWaiter's provider against model/ec2Restore.ts: the model decides whether a job COMPLETED (and which
 * instance it created) or FAILED with AWS's message; DescribeRestoreJob answers from it. The model's jobs finish at
 * once, so `runningPolls` puts a job in RUNNING for its first polls, as a real restore is for ~10-20 minutes.
 */

/** An AWS service error as the SDK raises it. */
function awsError(error: Pick<ModelError, "name" | "message">): BackupServiceException {
    return new BackupServiceException({ name: error.name, message: error.message, $fault: "client", $metadata: { httpStatusCode: 400 } });
}

describe("RestoreJobWaiter provider against the model of AWS Backup", () => {
    // Installed for this suite only: mockClient replaces whichever BackupClient mock another suite installed.
    let backup: AwsStub<ServiceInputTypes, ServiceOutputTypes, BackupClientResolvedConfig>;
    before(() => { backup = mockClient(BackupClient); });
    after(() => backup.restore());
    let model: BackupEc2RestoreModel;
    let runningPolls: number;
    let aborted: Set<string>;
    let clock: WaiterClock & { sleeps: number[] };

    beforeEach(() => {
        backup.reset();
        model = new BackupEc2RestoreModel(primaryWorld());
        runningPolls = 0;
        aborted = new Set();
        let now = 0;
        clock = { sleeps: [], now: () => now, sleep: async (ms) => { clock.sleeps.push(ms); now += ms; } };
        backup.on(DescribeRestoreJobCommand).callsFake((input) => {
            const answer = model.describeRestoreJob(input.RestoreJobId);
            if (!answer.ok) {
                throw awsError(answer.error);
            }
            if (runningPolls > 0) {
                runningPolls -= 1;
                return { ...answer.value, Status: "RUNNING", StatusMessage: undefined, CreatedResourceArn: undefined };
            }
            // AWS documents no ABORTED restore job's message; the constructed sample (model/awsSampleEvents) has none either.
            return aborted.has(input.RestoreJobId) ? { ...answer.value, Status: "ABORTED", StatusMessage: undefined, CreatedResourceArn: undefined } : answer.value;
        });
    });

    /** Starts a job in the model; `profile` other than the backed-up one makes AWS Backup fail it. */
    function startJob(changes: Record<string, string | undefined> = {}): string {
        const answer = model.startRestoreJob({ RecoveryPointArn: PRIMARY_POINT_ARN, IamRoleArn: RESTORE_ROLE_ARN, Metadata: metadataWith({ NetworkInterfaces: undefined, ...changes }) });
        assert.notStrictEqual(answer.outcome, "refused");
        return (answer as { restoreJobId: string }).restoreJobId;
    }
    const inputs = (restoreJobId: string, more: Partial<RestoreJobWaiterInputs> = {}): RestoreJobWaiterInputs =>
        ({ restoreJobId, region: PRIMARY_REGION, pollSeconds: 30, timeoutMinutes: 60, ...more });
    const create = (input: RestoreJobWaiterInputs) => restoreJobWaiterProvider(clock).create!(input);
    const polls = () => backup.commandCalls(DescribeRestoreJobCommand).length;

    it("waits through RUNNING polls and returns the instance the COMPLETED job created", async () => {
        const jobId = startJob();
        runningPolls = 3;
        const result = await create(inputs(jobId));
        const created = model.jobs[0].createdInstance!;
        assert.strictEqual(result.id, jobId);
        assert.deepStrictEqual([result.outs!.restoredInstanceId, result.outs!.createdResourceArn], [created.instanceId, created.instanceArn]);
        assert.deepStrictEqual([polls(), clock.sleeps], [4, [30000, 30000, 30000]]);
        // The client asks the stack's region, not whatever the machine's AWS profile says.
        const client = backup.commandCalls(DescribeRestoreJobCommand)[0].thisValue as BackupClient;
        assert.strictEqual(await client.config.region(), PRIMARY_REGION);
    });

    it("fails with AWS's status message when the model fails the job (a new instance profile)", async () => {
        const jobId = startJob({ IamInstanceProfileName: "sigma-restored-profile" });
        runningPolls = 2;
        await assert.rejects(create(inputs(jobId)), (error: RestoreJobFailedError) => {
            assert.strictEqual(error.name, "RestoreJobFailedError");
            assert.deepStrictEqual([error.status, error.statusMessage], ["FAILED", NEW_INSTANCE_PROFILE_MESSAGE]);
            assert.strictEqual(error.message, `restore job ${jobId} in ${PRIMARY_REGION} FAILED: ${NEW_INSTANCE_PROFILE_MESSAGE}`);
            return true;
        });
        assert.strictEqual(polls(), 3);
    });

    it("fails for an ABORTED job, saying AWS gave no message", async () => {
        const jobId = startJob();
        aborted.add(jobId);
        await assert.rejects(create(inputs(jobId)), { name: "RestoreJobFailedError", message: `restore job ${jobId} in ${PRIMARY_REGION} ABORTED: AWS Backup gave no status message` });
    });

    it("gives up after timeoutMinutes with the last status and how to follow the job, which runs on", async () => {
        const jobId = startJob();
        runningPolls = Number.POSITIVE_INFINITY;
        await assert.rejects(create(inputs(jobId, { timeoutMinutes: 5 })), (error: Error) => {
            assert.match(error.message, new RegExp(`restore job ${jobId} in ${PRIMARY_REGION} is still RUNNING after 5 minutes`));
            assert.match(error.message, new RegExp(`aws backup describe-restore-job --region ${PRIMARY_REGION} --restore-job-id ${jobId}`));
            return true;
        });
        const waited = clock.sleeps.reduce((a, b) => a + b, 0);
        assert.ok(waited <= 5 * 60 * 1000 && waited >= 4.5 * 60 * 1000, `waited ${waited} ms`);
    });

    it("defaults to 60 minutes at 30 s polls", async () => {
        const jobId = startJob();
        runningPolls = Number.POSITIVE_INFINITY;
        await assert.rejects(create({ restoreJobId: jobId, region: PRIMARY_REGION }), /after 60 minutes/);
        assert.ok(clock.sleeps.every((ms) => ms === 30000));
        assert.deepStrictEqual([clock.sleeps.length, polls()], [120, 121]);
    });

    it("retries a throttled DescribeRestoreJob at the next poll", async () => {
        const jobId = startJob();
        model.throttleNext(2);
        const result = await create(inputs(jobId, { pollSeconds: 10 }));
        assert.strictEqual(result.outs!.restoredInstanceId, model.jobs[0].createdInstance!.instanceId);
        assert.deepStrictEqual([polls(), clock.sleeps], [3, [10000, 10000]]);
    });

    it("fails at once for a job id AWS Backup does not know, without waiting", async () => {
        await assert.rejects(create(inputs("00000000-0000-4000-8000-000000000000")),
            /restore job 00000000-0000-4000-8000-000000000000 does not exist in ap-southeast-1 \(DescribeRestoreJob: Restore job 00000000-0000-4000-8000-000000000000 not found\)/);
        assert.deepStrictEqual([polls(), clock.sleeps], [1, []]);
    });

    it("passes on an error that is not transient (access denied) without retrying", async () => {
        backup.on(DescribeRestoreJobCommand).rejects(awsError({ name: "AccessDeniedException", message: "not authorized to perform: backup:DescribeRestoreJob" }));
        await assert.rejects(create(inputs(startJob())), { name: "AccessDeniedException" });
        assert.strictEqual(polls(), 1);
    });

    it("refuses to wait without a job id", async () => {
        await assert.rejects(create(inputs("")), /needs a restoreJobId/);
        assert.strictEqual(polls(), 0);
    });

    it("waits again only for another job or region", async () => {
        const provider = restoreJobWaiterProvider(clock);
        const olds = { ...inputs("job-1"), restoredInstanceId: "i-00000000000000001", createdResourceArn: "arn" };
        assert.deepStrictEqual((await provider.diff!("job-1", olds, inputs("job-1", { pollSeconds: 5 }))).replaces, []);
        assert.deepStrictEqual((await provider.diff!("job-1", olds, inputs("job-2"))).replaces, ["restoreJobId"]);
        assert.strictEqual((await provider.diff!("job-1", olds, inputs("job-2"))).changes, true);
    });

    const arns: Array<[string, string | undefined]> = [
        ["arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0123456789abcdef0", "i-0123456789abcdef0"],
        ["arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-12345678", "i-12345678"],
        ["arn:aws:ec2:ap-southeast-1::image/ami-0123456789abcdef0", undefined],
        ["arn:aws:ec2:ap-southeast-1:123456789012:volume/vol-0123456789abcdef0", undefined],
        ["", undefined],
    ];
    for (const [arn, id] of arns) {
        it(`reads the instance id of CreatedResourceArn ${JSON.stringify(arn)}`, () => assert.strictEqual(instanceIdFromArn(arn), id));
    }
});
