import * as assert from "assert";
import { mock } from "node:test";
import {
    BackupClient, DescribeRecoveryPointCommand, GetRecoveryPointRestoreMetadataCommand, ListRecoveryPointsByBackupVaultCommand, StartRestoreJobCommand,
} from "@aws-sdk/client-backup";
import {
    handler, isTransient, NoRecoveryPointError, parseRestoreEvent, restore, RestoreDeps, RestoreInputError, restoreMetadata, restorePlacement, RestoreSettings,
    settingsFromEnv, withRetry,
} from "../../components/restore/handler";
import { BackupEc2RestoreModel } from "../../model/ec2Restore";
import { isBurstable } from "../../model/ec2RestoreInstanceTypes";
import { jsonValue, primaryInterface, regionOfAvailabilityZone, securityGroupIds } from "../../model/ec2RestoreMetadata";
import {
    DR_POINT_ARN, DR_REGION, DR_VAULT, drWorld, INSTANCE_ARN, INSTANCE_ID, metadataWith, NET, PRIMARY_POINT_ARN, PRIMARY_REGION, PRIMARY_VAULT,
    primaryWorld, RESTORE_ROLE_ARN, SIGMA_METADATA,
} from "../fixtures/restoreMetadata/sigmaWorld";

/**
 * Behaviour of the restore Lambda (components/restore/handler.ts) that issue 18's mutation run found unpinned: the
 * environment it is deployed with (unset DEFAULT_SECURITY_GROUP_IDS), subnet-only and groups-only overrides, the
 * COMPLETED check of an explicit recovery point, which AWS errors are retried (5xx, 429, throttling names) and which are
 * not, pagination and the choice of the newest point, and every refusal's exact message.
 */

/** The environment SigmaRestore deploys in the primary region: no default subnet or groups (the normal case outside DR). */
const PRIMARY_ENV = {
    RESTORE_ROLE_ARN, DEFAULT_VAULT_NAME: PRIMARY_VAULT, ALLOWED_SUBNET_IDS: `${NET.subnetA},${NET.subnetB}`, ALLOWED_VPC_ID: NET.vpc,
};

/** A client answering every command from the model of AWS Backup, recording each input it was sent. */
function modelClient(model: BackupEc2RestoreModel) {
    const sent: Array<{ command: string; input: any }> = [];
    const fail = (error: { name: string; message: string }) => Object.assign(new Error(error.message), { name: error.name, $metadata: { httpStatusCode: 400 } });
    const client = {
        async send(command: any): Promise<any> {
            const input = command.input;
            sent.push({ command: command.constructor.name, input });
            if (command instanceof ListRecoveryPointsByBackupVaultCommand) {
                const answer = model.listRecoveryPointsByBackupVault(input.BackupVaultName);
                if (!answer.ok) {
                    throw fail(answer.error);
                }
                return { RecoveryPoints: answer.value.map((p) => ({ RecoveryPointArn: p.recoveryPointArn, ResourceArn: p.resourceArn, Status: p.status, CreationDate: new Date(p.creationDate) })) };
            }
            if (command instanceof DescribeRecoveryPointCommand) {
                const answer = model.describeRecoveryPoint(input.BackupVaultName, input.RecoveryPointArn);
                if (!answer.ok) {
                    throw fail(answer.error);
                }
                return { RecoveryPointArn: answer.value.recoveryPointArn, ResourceArn: answer.value.resourceArn, Status: answer.value.status };
            }
            if (command instanceof GetRecoveryPointRestoreMetadataCommand) {
                const answer = model.getRecoveryPointRestoreMetadata(input.BackupVaultName, input.RecoveryPointArn);
                if (!answer.ok) {
                    throw fail(answer.error);
                }
                return { RestoreMetadata: answer.value };
            }
            if (command instanceof StartRestoreJobCommand) {
                const answer = model.startRestoreJob(input);
                if (answer.outcome === "refused") {
                    throw fail(answer.error);
                }
                return { RestoreJobId: answer.restoreJobId };
            }
            throw new Error(`unexpected command ${command.constructor.name}`);
        },
    };
    return { client, sent };
}

/** A client whose answers are scripted per command name (each a list consumed in order; an Error entry is thrown). */
function scriptedClient(script: Record<string, unknown[]>) {
    const sent: Array<{ command: string; input: any }> = [];
    const client = {
        async send(command: any): Promise<any> {
            const name = command.constructor.name.replace(/Command$/, "");
            sent.push({ command: name, input: command.input });
            const answers = script[name];
            if (!answers || answers.length === 0) {
                throw new Error(`no scripted answer for ${name}`);
            }
            const answer = answers.length > 1 ? answers.shift() : answers[0];
            if (answer instanceof Error) {
                throw answer;
            }
            return answer;
        },
    };
    return { client, sent };
}

const awsError = (name: string, status: number, message = `${name} happened`) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const primarySettings = (): RestoreSettings => settingsFromEnv(PRIMARY_ENV);
const noSleep = { sleep: async () => undefined };
const SAME = { source: PRIMARY_REGION, target: PRIMARY_REGION };
const OTHER = { source: PRIMARY_REGION, target: DR_REGION };

describe("mutation: restore handler (issue 18)", () => {
    describe("settings from the environment", () => {
        it("unset DEFAULT_SECURITY_GROUP_IDS and DEFAULT_SUBNET_ID mean no default (never [\"\"] or []): the backed-up ones are used", async () => {
            const settings = primarySettings();
            assert.deepStrictEqual(settings, {
                restoreRoleArn: RESTORE_ROLE_ARN, defaultVaultName: PRIMARY_VAULT, defaultSubnetId: undefined, defaultSecurityGroupIds: undefined,
                defaultKeyName: undefined, allowedSubnetIds: [NET.subnetA, NET.subnetB], allowedSecurityGroupIds: undefined, allowedVpcId: NET.vpc,
            });
            // Set but empty or blank entries only: still no default.
            assert.strictEqual(settingsFromEnv({ ...PRIMARY_ENV, DEFAULT_SECURITY_GROUP_IDS: " , " }).defaultSecurityGroupIds, undefined);
            const model = new BackupEc2RestoreModel(primaryWorld());
            const { client, sent } = modelClient(model);
            await restore({ instanceId: INSTANCE_ID }, { client, settings, ...noSleep });
            const start = sent.find((s) => s.command === "StartRestoreJobCommand")!;
            assert.strictEqual(start.input.Metadata.SecurityGroupIds, JSON.stringify([NET.appSg, NET.dbSg]));
            assert.strictEqual(start.input.Metadata.SubnetId, NET.subnetA);
            assert.strictEqual(model.jobs[0].status, "COMPLETED", model.jobs[0].statusMessage);
        });

        it("lists every misconfiguration at once, one per line, and no placement noise when the allowed lists are broken", () => {
            assert.throws(() => settingsFromEnv({ RESTORE_ROLE_ARN, ALLOWED_SUBNET_IDS: "", DEFAULT_SUBNET_ID: NET.subnetA }), (err: Error) => err.message ===
                "the restore function is misconfigured (deploy it with SigmaRestore, which sets these):\n" +
                "  - DEFAULT_VAULT_NAME is not set; the function restores only from its stack's vault\n" +
                "  - ALLOWED_SUBNET_IDS \"\" must list the stack's subnet ids (subnet-...); a restore may land nowhere else\n" +
                "  - ALLOWED_SECURITY_GROUP_IDS undefined / ALLOWED_VPC_ID undefined: set the stack's sg-... ids or its vpc-... id");
        });

        const refusals: Array<[string, Record<string, string | undefined>, string]> = [
            ["one malformed subnet among good ones", { ALLOWED_SUBNET_IDS: `${NET.subnetA},subnet-x` }, `ALLOWED_SUBNET_IDS "${NET.subnetA},subnet-x" must list`],
            ["a malformed allowed group", { ALLOWED_SECURITY_GROUP_IDS: "sg-x" }, "ALLOWED_SECURITY_GROUP_IDS \"sg-x\" / ALLOWED_VPC_ID"],
            ["a malformed VPC and no groups", { ALLOWED_VPC_ID: "vpc-x" }, "ALLOWED_SECURITY_GROUP_IDS undefined / ALLOWED_VPC_ID \"vpc-x\": set the stack's sg-... ids or its vpc-... id"],
            ["no restore role", { RESTORE_ROLE_ARN: "" }, "RESTORE_ROLE_ARN is not set; deploy the function with SigmaRestore, which sets it"],
        ];
        for (const [label, change, message] of refusals) {
            it(`refuses ${label}, naming it`, () => {
                assert.throws(() => settingsFromEnv({ ...PRIMARY_ENV, ...change }), (err: Error) => err.message.includes(message));
            });
        }

        it("accepts groups or a well-formed VPC; a groups list leaves allowedSecurityGroupIds set and the VPC unset", () => {
            const withGroups = settingsFromEnv({ ...PRIMARY_ENV, ALLOWED_VPC_ID: undefined, ALLOWED_SECURITY_GROUP_IDS: `${NET.appSg}` });
            assert.deepStrictEqual([withGroups.allowedSecurityGroupIds, withGroups.allowedVpcId], [[NET.appSg], undefined]);
            assert.strictEqual(settingsFromEnv({ ...PRIMARY_ENV, DEFAULT_KEY_NAME: "" }).defaultKeyName, undefined);
        });
    });

    describe("the event", () => {
        const settings = primarySettings();
        const refusedWith = (event: unknown, expected: string) => assert.throws(() => parseRestoreEvent(event, settings),
            (err: Error) => err instanceof RestoreInputError && err.name === "RestoreInputError" && err.message.includes(expected), `expected ${expected}`);

        it("an event that is not an object says what one looks like", () => {
            for (const event of [null, [], "i-0123456789abcdef0"]) {
                refusedWith(event, `the event must be a JSON object like {"instanceId":"i-0123456789abcdef0"}; got ${JSON.stringify(event)}`);
            }
        });

        it("lists every bad field at once, each with its fix", () => {
            assert.throws(() => parseRestoreEvent({ instanceId: "web-1", subnetId: "sub-1", colour: "red" }, settings), (err: Error) => err.message ===
                "invalid restore event:\n" +
                "  - colour is not a restore option; use instanceId, vaultName, restoreInstanceType, subnetId, securityGroupIds, recoveryPointArn, requestId\n" +
                "  - instanceId \"web-1\" is invalid; give the backed-up instance's id, e.g. i-0123456789abcdef0\n" +
                "  - subnetId \"sub-1\" is invalid; give a subnet id such as subnet-0123456789abcdef0");
        });

        const fields: Array<[string, Record<string, unknown>, string]> = [
            ["instanceId null is missing", { instanceId: null }, "instanceId is required; give the backed-up instance's id, e.g. i-0123456789abcdef0"],
            ["a vault name that is not one", { vaultName: "x" }, "vaultName \"x\" is invalid; give the backup vault's name (2-50 letters, digits, - or _)"],
            ["an instance type that is not one", { restoreInstanceType: "huge" }, "restoreInstanceType \"huge\" is invalid; give an EC2 instance type such as t3.xlarge"],
            ["a subnet id given as a list", { subnetId: [NET.subnetA] }, `subnetId ["${NET.subnetA}"] is invalid; give a subnet id such as subnet-0123456789abcdef0`],
            ["a recovery point that is not an ARN", { recoveryPointArn: "ami-1" }, "recoveryPointArn \"ami-1\" is invalid; give a recovery point ARN from the vault (arn:aws:ec2:<region>::image/ami-...)"],
            ["a request id with a space", { requestId: "drill 1" }, "requestId \"drill 1\" is invalid; give 1-64 letters, digits, '.', '_', ':' or '-' naming this restore (e.g. drill-2026-11-22)"],
            ["one malformed group among good ones", { securityGroupIds: [NET.appSg, "sg-x"] }, `securityGroupIds ["${NET.appSg}","sg-x"] is invalid; give a non-empty list of sg-... ids`],
            ["a group id nested in a list", { securityGroupIds: [[NET.appSg]] }, `securityGroupIds [["${NET.appSg}"]] is invalid`],
            ["groups given as one string", { securityGroupIds: NET.appSg }, `securityGroupIds "${NET.appSg}" is invalid`],
        ];
        for (const [label, change, expected] of fields) {
            it(`refuses ${label}`, () => refusedWith({ instanceId: INSTANCE_ID, ...change }, expected));
        }

        it("null optional fields count as absent; a groups-only override passes through", () => {
            const parsed = parseRestoreEvent({ instanceId: INSTANCE_ID, subnetId: null, requestId: null, securityGroupIds: [NET.dbSg] }, settings);
            assert.deepStrictEqual(parsed, {
                instanceId: INSTANCE_ID, vaultName: PRIMARY_VAULT, restoreInstanceType: undefined, subnetId: undefined,
                securityGroupIds: [NET.dbSg], recoveryPointArn: undefined, requestId: undefined,
            });
        });
    });

    describe("overrides against the model of AWS Backup", () => {
        const run = async (event: object) => {
            const model = new BackupEc2RestoreModel(primaryWorld());
            const { client, sent } = modelClient(model);
            await restore(event, { client, settings: primarySettings(), ...noSleep });
            return { model, metadata: sent.find((s) => s.command === "StartRestoreJobCommand")!.input.Metadata };
        };

        it("subnet-only override: the other subnet with the backed-up groups; zone and VPC go", async () => {
            const { model, metadata } = await run({ instanceId: INSTANCE_ID, subnetId: NET.subnetB });
            assert.deepStrictEqual([metadata.SubnetId, metadata.SecurityGroupIds, metadata.VpcId, metadata.Placement],
                [NET.subnetB, JSON.stringify([NET.appSg, NET.dbSg]), undefined, "{\"Tenancy\":\"default\"}"]);
            assert.deepStrictEqual([model.jobs[0].status, model.jobs[0].createdInstance!.availabilityZone], ["COMPLETED", "ap-southeast-1b"]);
        });

        it("groups-only override: the backed-up subnet, zone and VPC with only the named groups", async () => {
            const { model, metadata } = await run({ instanceId: INSTANCE_ID, securityGroupIds: [NET.dbSg] });
            assert.deepStrictEqual([metadata.SubnetId, metadata.SecurityGroupIds, metadata.VpcId, metadata.Placement],
                [NET.subnetA, JSON.stringify([NET.dbSg]), SIGMA_METADATA.VpcId, SIGMA_METADATA.Placement]);
            assert.deepStrictEqual(model.jobs[0].createdInstance!.securityGroupIds, [NET.dbSg]);
        });

        it("the same instance type as backed up keeps CPU options and credits", async () => {
            const { metadata } = await run({ instanceId: INSTANCE_ID, restoreInstanceType: "t3.xlarge" });
            assert.deepStrictEqual([metadata.CpuOptions, metadata.CreditSpecification], [SIGMA_METADATA.CpuOptions, SIGMA_METADATA.CreditSpecification]);
        });
    });

    describe("recovery points", () => {
        const point = (arn: string, created: string, status = "COMPLETED", resourceArn = INSTANCE_ARN) =>
            ({ RecoveryPointArn: arn, ResourceArn: resourceArn, Status: status, CreationDate: new Date(created) });
        const A = "arn:aws:ec2:ap-southeast-1::image/ami-0aaaaaaaaaaaaaaaa";
        const B = "arn:aws:ec2:ap-southeast-1::image/ami-0bbbbbbbbbbbbbbbb";
        const C = "arn:aws:ec2:ap-southeast-1::image/ami-0cccccccccccccccc";
        const restoreFrom = async (pages: unknown[], event: object = {}) => {
            const { client, sent } = scriptedClient({
                ListRecoveryPointsByBackupVault: pages,
                GetRecoveryPointRestoreMetadata: [{ RestoreMetadata: SIGMA_METADATA }],
                StartRestoreJob: [{ RestoreJobId: "job-1" }],
            });
            const result = await restore({ instanceId: INSTANCE_ID, ...event }, { client, settings: primarySettings(), ...noSleep });
            return { result, sent };
        };

        it("lists EC2 points of the stack's vault, follows NextToken, and takes the newest COMPLETED one of the instance", async () => {
            const { result, sent } = await restoreFrom([
                { RecoveryPoints: [point(B, "2026-11-21T00:00:00Z"), point(A, "2026-11-20T00:00:00Z")], NextToken: "page-2" },
                { RecoveryPoints: [], NextToken: "page-3" },
                { RecoveryPoints: [point(C, "2026-11-22T00:00:00Z", "PARTIAL"), point(A, "2026-11-21T12:00:00Z")] },
            ]);
            assert.strictEqual(result.recoveryPointArn, A);
            const lists = sent.filter((s) => s.command === "ListRecoveryPointsByBackupVault").map((s) => s.input);
            assert.deepStrictEqual(lists, [
                { BackupVaultName: PRIMARY_VAULT, ByResourceType: "EC2", NextToken: undefined },
                { BackupVaultName: PRIMARY_VAULT, ByResourceType: "EC2", NextToken: "page-2" },
                { BackupVaultName: PRIMARY_VAULT, ByResourceType: "EC2", NextToken: "page-3" },
            ]);
        });

        it("of two points created at the same time keeps the first listed; an older one listed later never wins; a page without RecoveryPoints is empty", async () => {
            assert.strictEqual((await restoreFrom([{ RecoveryPoints: [point(B, "2026-11-21T00:00:00Z"), point(A, "2026-11-21T00:00:00Z")] }])).result.recoveryPointArn, B);
            assert.strictEqual((await restoreFrom([{ RecoveryPoints: [point(B, "2026-11-21T00:00:00Z"), point(A, "2026-11-20T00:00:00Z")] }])).result.recoveryPointArn, B);
            await assert.rejects(restoreFrom([{}]), (err: Error) => err instanceof NoRecoveryPointError && err.name === "NoRecoveryPointError" && err.message ===
                `no COMPLETED recovery point of ${INSTANCE_ID} in vault ${PRIMARY_VAULT}; check the backup plan ran (AWS Backup console > Jobs) or pass recoveryPointArn`);
        });

        it("an explicit recovery point is restored only when COMPLETED, with the reason when not", async () => {
            for (const status of ["PARTIAL", "EXPIRED", "DELETING", "CREATING"]) {
                const model = new BackupEc2RestoreModel(primaryWorld());
                model.world.vaults[PRIMARY_VAULT].find((p) => p.recoveryPointArn === PRIMARY_POINT_ARN)!.status = status as any;
                const { client } = modelClient(model);
                await assert.rejects(restore({ instanceId: INSTANCE_ID, recoveryPointArn: PRIMARY_POINT_ARN }, { client, settings: primarySettings(), ...noSleep }),
                    (err: Error) => err instanceof NoRecoveryPointError && err.message ===
                        `recovery point ${PRIMARY_POINT_ARN} is ${status}, not COMPLETED; pick another or omit recoveryPointArn for the newest`);
                assert.strictEqual(model.jobs.length, 0);
            }
        });

        it("an explicit point of another instance is the caller's error, naming both", async () => {
            const other = "arn:aws:ec2:ap-southeast-1:123456789012:instance/i-0fffffffffffffff0";
            const { client } = scriptedClient({ DescribeRecoveryPoint: [{ RecoveryPointArn: A, ResourceArn: other, Status: "COMPLETED" }] });
            await assert.rejects(restore({ instanceId: INSTANCE_ID, recoveryPointArn: A }, { client, settings: primarySettings(), ...noSleep }),
                (err: Error) => err instanceof RestoreInputError && err.message === `recovery point ${A} is a backup of ${other}, not of ${INSTANCE_ID}`);
        });

        it("access denied on DescribeRecoveryPoint is passed on as AWS said it, not as a missing point", async () => {
            const { client } = scriptedClient({ DescribeRecoveryPoint: [awsError("AccessDeniedException", 403)] });
            await assert.rejects(restore({ instanceId: INSTANCE_ID, recoveryPointArn: A }, { client, settings: primarySettings(), ...noSleep }),
                (err: Error) => err.name === "AccessDeniedException" && !(err instanceof NoRecoveryPointError));
        });

        it("a vault the function may not read is the deployment's error; a listing that keeps failing is not", async () => {
            const denied = scriptedClient({ ListRecoveryPointsByBackupVault: [awsError("AccessDeniedException", 403, "no")] });
            await assert.rejects(restore({ instanceId: INSTANCE_ID }, { client: denied.client, settings: primarySettings(), ...noSleep }),
                (err: Error) => err instanceof RestoreInputError && err.message === `backup vault "${PRIMARY_VAULT}" was not found in this region (or this function may not read it): no`);
            const failing = scriptedClient({ ListRecoveryPointsByBackupVault: [awsError("ServiceUnavailableException", 503)] });
            await assert.rejects(restore({ instanceId: INSTANCE_ID }, { client: failing.client, settings: primarySettings(), ...noSleep, maxAttempts: 2 }),
                (err: Error) => !(err instanceof RestoreInputError) && /^ListRecoveryPointsByBackupVault still failing after 2 attempts: ServiceUnavailableException/.test(err.message));
        });

        it("each AWS call names itself when it keeps failing", async () => {
            const throttled = awsError("ThrottlingException", 400, "Rate exceeded");
            const cases: Array<[Record<string, unknown[]>, object, string]> = [
                [{ DescribeRecoveryPoint: [throttled] }, { recoveryPointArn: A }, "DescribeRecoveryPoint"],
                [{ ListRecoveryPointsByBackupVault: [{ RecoveryPoints: [point(A, "2026-11-21T00:00:00Z")] }], GetRecoveryPointRestoreMetadata: [throttled] }, {}, "GetRecoveryPointRestoreMetadata"],
                [{ ListRecoveryPointsByBackupVault: [{ RecoveryPoints: [point(A, "2026-11-21T00:00:00Z")] }], GetRecoveryPointRestoreMetadata: [{ RestoreMetadata: SIGMA_METADATA }], StartRestoreJob: [throttled] }, {}, "StartRestoreJob"],
            ];
            for (const [script, event, call] of cases) {
                const { client } = scriptedClient(script);
                await assert.rejects(restore({ instanceId: INSTANCE_ID, ...event }, { client, settings: primarySettings(), ...noSleep, maxAttempts: 2 }),
                    (err: Error) => err.message === `${call} still failing after 2 attempts: ThrottlingException: Rate exceeded`);
            }
        });

        it("a StartRestoreJob answer without a job id is an error naming the point", async () => {
            const { client } = scriptedClient({
                ListRecoveryPointsByBackupVault: [{ RecoveryPoints: [point(A, "2026-11-21T00:00:00Z")] }],
                GetRecoveryPointRestoreMetadata: [{ RestoreMetadata: SIGMA_METADATA }], StartRestoreJob: [{}],
            });
            await assert.rejects(restore({ instanceId: INSTANCE_ID }, { client, settings: primarySettings(), ...noSleep }),
                (err: Error) => err.message === `StartRestoreJob returned no RestoreJobId for ${A}`);
        });

        it("a metadata answer without RestoreMetadata is refused as naming no subnet or groups", async () => {
            const { client } = scriptedClient({
                ListRecoveryPointsByBackupVault: [{ RecoveryPoints: [point(A, "2026-11-21T00:00:00Z")] }], GetRecoveryPointRestoreMetadata: [{}],
            });
            await assert.rejects(restore({ instanceId: INSTANCE_ID }, { client, settings: primarySettings(), ...noSleep }),
                (err: Error) => err instanceof RestoreInputError && err.message === "the recovery point names no subnetId or securityGroupIds; pass subnetId and securityGroupIds");
        });
    });

    describe("the Lambda entry point", () => {
        const saved = { ...process.env };
        // The SDK client the handler creates answers from the model. The prototype's send is swapped for the test and put
        // back as it was (another file may have it stubbed), so repeated runs in one process (Stryker) see the same world.
        let sent: Array<{ command: string; input: any }>;
        let model: BackupEc2RestoreModel;
        const originalSend = BackupClient.prototype.send;
        beforeEach(() => {
            model = new BackupEc2RestoreModel(primaryWorld());
            const answering = modelClient(model);
            sent = answering.sent;
            BackupClient.prototype.send = function (command: any) { return answering.client.send(command); } as typeof originalSend;
        });
        afterEach(() => {
            BackupClient.prototype.send = originalSend;
            for (const key of Object.keys(process.env)) {
                if (!(key in saved)) {
                    delete process.env[key];
                }
            }
            Object.assign(process.env, saved);
        });

        it("refuses to run without its environment, before calling AWS", async () => {
            delete process.env.RESTORE_ROLE_ARN;
            await assert.rejects(handler({ instanceId: INSTANCE_ID }), (err: Error) => err.message === "RESTORE_ROLE_ARN is not set; deploy the function with SigmaRestore, which sets it");
            assert.strictEqual(sent.length, 0);
        });

        it("reads its settings from the environment and restores through the Backup client", async () => {
            Object.assign(process.env, PRIMARY_ENV);
            delete process.env.DEFAULT_SECURITY_GROUP_IDS;
            delete process.env.DEFAULT_SUBNET_ID;
            const result = await handler({ instanceId: INSTANCE_ID });
            assert.strictEqual(result.recoveryPointArn, PRIMARY_POINT_ARN);
            assert.deepStrictEqual(model.jobs.map((job) => [job.restoreJobId, job.status]), [[result.restoreJobId, "COMPLETED"]]);
            assert.deepStrictEqual(sent.map((s) => s.command), ["ListRecoveryPointsByBackupVaultCommand", "GetRecoveryPointRestoreMetadataCommand", "StartRestoreJobCommand"]);
        });
    });

    it("the default wait between retries is a timer of baseDelayMs, doubled each retry", async () => {
        mock.timers.enable({ apis: ["setTimeout"] });
        try {
            let calls = 0;
            let settled = false;
            const deps = { client: { send: async () => ({}) }, settings: primarySettings(), baseDelayMs: 100 } as RestoreDeps;
            const result = withRetry("Call", async () => { calls += 1; if (calls < 3) { throw awsError("X", 503); } return "ok"; }, deps).then((v) => { settled = true; return v; });
            const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
            await flush();
            assert.deepStrictEqual([calls, settled], [1, false]);
            mock.timers.tick(99);
            await flush();
            assert.deepStrictEqual([calls, settled], [1, false]);
            mock.timers.tick(1);
            await flush();
            assert.deepStrictEqual([calls, settled], [2, false]);
            mock.timers.tick(199);
            await flush();
            assert.deepStrictEqual([calls, settled], [2, false]);
            mock.timers.tick(1);
            assert.strictEqual(await result, "ok");
            assert.strictEqual(calls, 3);
        } finally {
            mock.timers.reset();
        }
    });

    it("a backed-up resource ARN that cannot be read counts as another Region: subnet and groups must be given", async () => {
        const A = "arn:aws:ec2:ap-southeast-1::image/ami-0aaaaaaaaaaaaaaaa";
        const { client } = scriptedClient({
            DescribeRecoveryPoint: [{ RecoveryPointArn: A, ResourceArn: `garbled:instance/${INSTANCE_ID}`, Status: "COMPLETED" }],
            GetRecoveryPointRestoreMetadata: [{ RestoreMetadata: SIGMA_METADATA }],
        });
        await assert.rejects(restore({ instanceId: INSTANCE_ID, recoveryPointArn: A }, { client, settings: primarySettings(), ...noSleep }),
            (err: Error) => err instanceof RestoreInputError && err.message.startsWith("the recovery point restores into ap-southeast-1 but was taken in , where"));
    });

    describe("retries: transient (5xx, 429, throttling, SDK-retryable) vs permanent", () => {
        const transient: Array<[string, unknown]> = [
            ["HTTP 500", { name: "X", $metadata: { httpStatusCode: 500 } }],
            ["HTTP 503", { name: "X", $metadata: { httpStatusCode: 503 } }],
            ["HTTP 429", { name: "X", $metadata: { httpStatusCode: 429 } }],
            ["ThrottlingException by name", { name: "ThrottlingException" }],
            ["a Code field (XML-style errors)", { Code: "RequestLimitExceeded" }],
            ["marked $retryable by the SDK", { name: "X", $retryable: {} }],
            ["TimeoutError", Object.assign(new Error("socket hang up"), { name: "TimeoutError" })],
        ];
        const permanent: Array<[string, unknown]> = [
            ["HTTP 400", { name: "ValidationException", $metadata: { httpStatusCode: 400 } }],
            ["HTTP 403", { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } }],
            ["HTTP 404", { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 404 } }],
            ["HTTP 499", { name: "X", $metadata: { httpStatusCode: 499 } }],
            ["HTTP 428", { name: "X", $metadata: { httpStatusCode: 428 } }],
            ["no metadata", { name: "X" }],
            ["undefined", undefined],
            ["null", null],
        ];
        for (const [label, err] of transient) {
            it(`retries ${label}`, () => assert.strictEqual(isTransient(err), true));
        }
        for (const [label, err] of permanent) {
            it(`does not retry ${label}`, () => assert.strictEqual(isTransient(err), false));
        }

        it("backs off 500, 1000, 2000 ms by default, and gives up after 5 attempts naming the call and the error", async () => {
            const sleeps: number[] = [];
            let calls = 0;
            const deps = { client: { send: async () => ({}) }, settings: primarySettings(), sleep: async (ms: number) => { sleeps.push(ms); } } as RestoreDeps;
            await assert.rejects(withRetry("Call", async () => { calls += 1; throw { $metadata: { httpStatusCode: 502 }, message: "bad gateway" }; }, deps),
                (err: Error) => err.message === "Call still failing after 5 attempts: : bad gateway");
            assert.deepStrictEqual([calls, sleeps], [5, [500, 1000, 2000, 4000]]);
        });

        it("a permanent error is thrown at once, unchanged; a transient one then success returns the value", async () => {
            const denied = awsError("AccessDeniedException", 403);
            const sleeps: number[] = [];
            const deps = { client: { send: async () => ({}) }, settings: primarySettings(), sleep: async (ms: number) => { sleeps.push(ms); }, baseDelayMs: 10 } as RestoreDeps;
            await assert.rejects(withRetry("Call", async () => { throw denied; }, deps), (err: unknown) => err === denied);
            assert.deepStrictEqual(sleeps, []);
            let calls = 0;
            assert.strictEqual(await withRetry("Call", async () => { calls += 1; if (calls < 3) { throw awsError("X", 429); } return "ok"; }, deps), "ok");
            assert.deepStrictEqual(sleeps, [10, 20]);
        });
    });

    describe("restore metadata (pure)", () => {
        const settings: RestoreSettings = { restoreRoleArn: RESTORE_ROLE_ARN, allowedSubnetIds: [NET.subnetA, NET.subnetB], allowedVpcId: NET.vpc };

        it("refuses metadata with neither subnet nor groups, naming both, in-region and across Regions", () => {
            const bare = metadataWith({ SubnetId: undefined, SecurityGroupIds: undefined, NetworkInterfaces: undefined });
            assert.throws(() => restoreMetadata(bare, { instanceId: INSTANCE_ID }, settings, SAME), (err: Error) => err instanceof RestoreInputError &&
                err.message === "the recovery point names no subnetId or securityGroupIds; pass subnetId and securityGroupIds");
            assert.throws(() => restoreMetadata(SIGMA_METADATA, { instanceId: INSTANCE_ID }, { ...settings, allowedSubnetIds: [NET.drSubnet] }, OTHER), (err: Error) =>
                err.message === "the recovery point restores into ap-southeast-2 but was taken in ap-southeast-1, where its subnet and security groups live; pass subnetId and securityGroupIds (or deploy the function with defaultSubnetId and defaultSecurityGroupIds)");
        });

        it("refuses an empty backed-up group list, and groups missing with no primary interface", () => {
            for (const changes of [{ SecurityGroupIds: "[]" }, { SecurityGroupIds: undefined, NetworkInterfaces: undefined }]) {
                assert.throws(() => restoreMetadata(metadataWith(changes), { instanceId: INSTANCE_ID }, settings, SAME),
                    (err: Error) => err instanceof RestoreInputError && err.message === "the recovery point names no securityGroupIds; pass securityGroupIds", JSON.stringify(changes));
            }
        });

        it("names the deployment's default when it is the subnet outside the stack", () => {
            assert.throws(() => restoreMetadata(SIGMA_METADATA, { instanceId: INSTANCE_ID }, { ...settings, defaultSubnetId: "subnet-0e77ee77ee77ee77e" }, SAME),
                (err: Error) => err.message === "the restore would leave this stack's network:\n  - subnetId \"subnet-0e77ee77ee77ee77e\" (the deployment's default) is not one of this stack's subnets; " +
                    `restored instances land only in ${NET.subnetA}, ${NET.subnetB}\n  pass subnetId and securityGroupIds of this stack`);
        });

        it("in another Region without a key pair configured, KeyName is absent (not an undefined value)", () => {
            const metadata = restoreMetadata(SIGMA_METADATA, { instanceId: INSTANCE_ID, subnetId: NET.drSubnet, securityGroupIds: [NET.drAppSg] },
                { ...settings, allowedSubnetIds: [NET.drSubnet] }, OTHER);
            assert.strictEqual(Object.hasOwn(metadata, "KeyName"), false);
            assert.strictEqual(Object.hasOwn(metadata, "VpcId"), false);
        });

        it("an event's subnet and groups outside the stack are both named, one per line, as the event's", () => {
            const confined = { ...settings, allowedSecurityGroupIds: [NET.appSg] };
            assert.throws(() => restoreMetadata(SIGMA_METADATA, { instanceId: INSTANCE_ID, subnetId: "subnet-0e77ee77ee77ee77e", securityGroupIds: [NET.foreignSg] }, confined, SAME),
                (err: Error) => err.message === "the restore would leave this stack's network:\n" +
                    `  - subnetId "subnet-0e77ee77ee77ee77e" (the event's) is not one of this stack's subnets; restored instances land only in ${NET.subnetA}, ${NET.subnetB}\n` +
                    `  - securityGroupIds ["${NET.foreignSg}"] (the event's) are not this stack's security groups; use ${NET.appSg}\n` +
                    "  pass subnetId and securityGroupIds of this stack");
        });

        it("a zone-only Placement dropped with the subnet leaves no Placement key at all", () => {
            const metadata = restoreMetadata(metadataWith({ Placement: "{\"AvailabilityZone\":\"ap-southeast-1a\"}" }), { instanceId: INSTANCE_ID, subnetId: NET.subnetB }, settings, SAME);
            assert.strictEqual(Object.hasOwn(metadata, "Placement"), false);
        });

        it("MetadataOptions keep every other option and only HttpTokens becomes required", () => {
            const metadata = restoreMetadata(metadataWith({ MetadataOptions: "{\"HttpTokens\":\"optional\",\"HttpEndpoint\":\"disabled\",\"HttpPutResponseHopLimit\":2}" }),
                { instanceId: INSTANCE_ID }, settings, SAME);
            assert.deepStrictEqual(JSON.parse(metadata.MetadataOptions), { HttpTokens: "required", HttpEndpoint: "disabled", HttpPutResponseHopLimit: 2 });
        });

        it("MetadataOptions that are not a JSON object become IMDSv2-required defaults", () => {
            for (const options of ["not json", "\"optional\"", "null"]) {
                const metadata = restoreMetadata(metadataWith({ MetadataOptions: options }), { instanceId: INSTANCE_ID }, settings, SAME);
                assert.deepStrictEqual(JSON.parse(metadata.MetadataOptions), { HttpTokens: "required", HttpEndpoint: "enabled" }, options);
            }
            assert.strictEqual(Object.hasOwn(restoreMetadata(SIGMA_METADATA, { instanceId: INSTANCE_ID }, settings, SAME), "MetadataOptions"), false);
        });

        it("a type change to a burstable type keeps credits, to any other drops them; CPU options go either way", () => {
            const toT3 = restoreMetadata(SIGMA_METADATA, { instanceId: INSTANCE_ID, restoreInstanceType: "t3.large" }, settings, SAME);
            assert.deepStrictEqual([toT3.InstanceType, toT3.CpuOptions, toT3.CreditSpecification], ["t3.large", undefined, SIGMA_METADATA.CreditSpecification]);
            const toM5 = restoreMetadata(SIGMA_METADATA, { instanceId: INSTANCE_ID, restoreInstanceType: "m5.large" }, settings, SAME);
            assert.deepStrictEqual([toM5.InstanceType, Object.hasOwn(toM5, "CpuOptions"), Object.hasOwn(toM5, "CreditSpecification")], ["m5.large", false, false]);
        });

        const placements: Array<[string, boolean, boolean, string | undefined]> = [
            ["\"ap-southeast-1a\"", true, false, undefined],
            ["null", true, false, undefined],
            ["5", true, false, undefined],
            ["{\"AvailabilityZone\":\"ap-southeast-1a\",\"Tenancy\":null,\"HostId\":\"h-0123456789abcdef0\"}", true, false, "{\"HostId\":\"h-0123456789abcdef0\"}"],
            ["{\"AvailabilityZoneId\":\"apse1-az1\",\"PartitionNumber\":2,\"Tenancy\":\"host\"}", false, true, "{\"Tenancy\":\"host\"}"],
        ];
        for (const [backedUp, subnetChanged, otherRegion, expected] of placements) {
            it(`Placement ${backedUp} (subnet ${subnetChanged ? "changed" : "kept"}, ${otherRegion ? "other" : "same"} Region) -> ${expected}`, () =>
                assert.strictEqual(restorePlacement(backedUp, subnetChanged, otherRegion), expected));
        }
    });

    describe("model/ec2RestoreMetadata readers", () => {
        it("the primary interface is device index 0 (or the one without an index), wherever it is listed", () => {
            const interfaces = (list: object[]) => ({ NetworkInterfaces: JSON.stringify(list) });
            assert.strictEqual(primaryInterface(interfaces([{ DeviceIndex: 1, SubnetId: "second" }, { DeviceIndex: 0, SubnetId: "first" }]))?.SubnetId, "first");
            assert.strictEqual(primaryInterface(interfaces([{ SubnetId: "only" }]))?.SubnetId, "only");
            assert.strictEqual(primaryInterface(interfaces([{ DeviceIndex: 1, SubnetId: "second" }])), undefined);
            assert.strictEqual(primaryInterface({ NetworkInterfaces: "{\"DeviceIndex\":0}" }), undefined);
        });

        it("security groups are a JSON list of strings, else none", () => {
            assert.deepStrictEqual(securityGroupIds({ SecurityGroupIds: "[\"sg-1\",\"sg-2\"]" }), ["sg-1", "sg-2"]);
            for (const value of ["\"sg-1\"", "[\"sg-1\",5]", "[5]", "", "nope"]) {
                assert.strictEqual(securityGroupIds({ SecurityGroupIds: value }), undefined, value);
            }
            assert.strictEqual(securityGroupIds({}), undefined);
        });

        it("jsonValue: absent, empty and malformed text read as nothing", () => {
            assert.deepStrictEqual([jsonValue({ A: "{\"b\":1}" }, "A"), jsonValue({}, "A"), jsonValue({ A: "" }, "A"), jsonValue({ A: "{" }, "A")], [{ b: 1 }, undefined, undefined, undefined]);
        });

        it("a zone name is a string: a list holding one is not a zone", () => {
            assert.strictEqual(regionOfAvailabilityZone(["ap-southeast-1a"]), undefined);
            assert.strictEqual(regionOfAvailabilityZone("ap-southeast-1a"), "ap-southeast-1");
        });

        it("burstable families are T2, T3, T3a, T4g only, read from the family part", () => {
            assert.deepStrictEqual(["t2.micro", "t3a.large", "t4g.nano", "t3.xlarge", "m5.large", "t3x.large", "r5.t3"].map(isBurstable), [true, true, true, true, false, false, false]);
        });
    });

    it("DR: the copy is restored with the DR defaults from the environment", async () => {
        const model = new BackupEc2RestoreModel(drWorld());
        const { client, sent } = modelClient(model);
        const settings = settingsFromEnv({
            RESTORE_ROLE_ARN, DEFAULT_VAULT_NAME: DR_VAULT, DEFAULT_SUBNET_ID: NET.drSubnet, DEFAULT_SECURITY_GROUP_IDS: `${NET.drAppSg},${NET.drDbSg}`,
            ALLOWED_SUBNET_IDS: NET.drSubnet, ALLOWED_SECURITY_GROUP_IDS: `${NET.drAppSg},${NET.drDbSg}`,
        });
        const result = await restore({ instanceId: INSTANCE_ID }, { client, settings, ...noSleep });
        assert.strictEqual(result.recoveryPointArn, DR_POINT_ARN);
        const start = sent.find((s) => s.command === "StartRestoreJobCommand")!.input;
        assert.deepStrictEqual([start.Metadata.SubnetId, start.Metadata.SecurityGroupIds], [NET.drSubnet, JSON.stringify([NET.drAppSg, NET.drDbSg])]);
        assert.strictEqual(model.jobs[0].status, "COMPLETED", model.jobs[0].statusMessage);
    });
});
