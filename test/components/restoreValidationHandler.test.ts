import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as path from "path";
import { DescribeRestoreJobCommand, PutRestoreValidationResultCommand } from "@aws-sdk/client-backup";
import {
    backupCalls, cloudWatchCalls, ec2Calls, handler, httpProbe, isHealthy, METRICS, settingsFromEnv, validateRestoreTest,
    ValidatorAws, ValidatorDeps, ValidatorInputError, ValidatorSettings,
} from "../../components/restore/restoreValidationHandler";
import { restoreValidationCode } from "../../components/restore/restoreValidationCode";
import { ModelRestoreJob, ModelServiceError, RestoreTestingWorld } from "../../model/restoreTesting";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "model", "awsSampleEvents", name), "utf8")).event;
const EVENT = fixture("restore-testing-ec2-completed.json");
const PLAN: string = EVENT.detail.restoreTestingPlanArn;
const JOB_ID: string = EVENT.detail.restoreJobId;
const INSTANCE_ID = "i-0bbbbbbbbbbbbbbb2";

/** The model's answer to a job of the plan, as DescribeRestoreJob returns it after the event. */
function completedJob(overrides: Partial<ModelRestoreJob> = {}): ModelRestoreJob {
    return {
        RestoreJobId: JOB_ID, Status: "COMPLETED", ResourceType: "EC2",
        CreationDate: new Date(EVENT.detail.creationDate), CompletionDate: new Date(EVENT.detail.completionDate),
        CreatedResourceArn: EVENT.detail.createdResourceArn, CreatedBy: { RestoreTestingPlanArn: PLAN }, ...overrides,
    };
}

/** The validator's AWS calls through its SDK adapters, answered by the model (Backup with the real command classes). */
function awsOf(world: RestoreTestingWorld): ValidatorAws {
    const backup = {
        send: async (command: object) => {
            if (command instanceof DescribeRestoreJobCommand) {
                return world.describeRestoreJob(command.input);
            }
            if (command instanceof PutRestoreValidationResultCommand) {
                world.putRestoreValidationResult(command.input);
                return {};
            }
            throw new Error(`the model does not answer ${command.constructor.name}`);
        },
    };
    class DescribeInstancesCommand { constructor(readonly input: { InstanceIds: string[] }) {} }
    class PutMetricDataCommand { constructor(readonly input: { Namespace: string; MetricData: any[] }) {} }
    const ec2 = { send: async (command: object) => world.describeInstances((command as DescribeInstancesCommand).input) };
    const cloudWatch = { send: async (command: object) => world.putMetricData((command as PutMetricDataCommand).input) };
    return { ...backupCalls(backup), ...ec2Calls(ec2, { DescribeInstancesCommand }), ...cloudWatchCalls(cloudWatch, { PutMetricDataCommand }) };
}

/** A stand-in for the restored Sigma on 127.0.0.1: `answer(path, n)` gives the status of the n-th request to path, or "silent". */
async function fakeSigma(answer: (path: string, n: number) => number | "silent"): Promise<{ port: number; requests: string[]; close(): Promise<void> }> {
    const requests: string[] = [];
    const counts = new Map<string, number>();
    const server = http.createServer((req, res) => {
        const url = req.url ?? "";
        requests.push(url);
        const n = (counts.get(url) ?? 0) + 1;
        counts.set(url, n);
        const status = answer(url, n);
        if (status === "silent") {
            return; // accepts the connection and never answers, like a JVM still starting
        }
        res.writeHead(status, status >= 300 && status < 400 ? { Location: `${url}/` } : {});
        res.end(`status ${status}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as AddressInfo).port,
        requests,
        close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
}

const settings = (port: number, overrides: Partial<ValidatorSettings> = {}): ValidatorSettings => ({
    restoreTestingPlanArn: PLAN, metricNamespace: "Sigma/RestoreTesting", stackName: "prod", port,
    paths: ["/sigma", "/expertctstudio"], maxWaitMs: 1500, retryIntervalMs: 50, probeTimeoutMs: 300, ...overrides,
});

function setUp(port: number, overrides: Partial<ValidatorSettings> = {}, job: ModelRestoreJob | undefined = completedJob()) {
    const world = new RestoreTestingWorld();
    if (job) {
        world.addJob(job);
    }
    world.addInstance({ InstanceId: INSTANCE_ID, PrivateIpAddress: "127.0.0.1", State: { Name: "running" } });
    const deps: ValidatorDeps = { aws: awsOf(world), settings: settings(port, overrides), baseDelayMs: 1 };
    return { world, deps };
}

const metric = (world: RestoreTestingWorld, name: string) => world.metrics.filter((m) => m.datum.MetricName === name).map((m) => m.datum.Value);

describe("restore validator handler, against the model of AWS and a fake Sigma on 127.0.0.1", () => {
    const servers: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
        await Promise.all(servers.splice(0).map((s) => s.close()));
    });
    const sigma = async (answer: (path: string, n: number) => number | "silent") => {
        const server = await fakeSigma(answer);
        servers.push(server);
        return server;
    };

    it("reports SUCCESSFUL when both paths answer, and publishes the durations", async () => {
        const server = await sigma(() => 200);
        const { world, deps } = setUp(server.port);
        const outcome = await validateRestoreTest(EVENT, deps);
        assert.strictEqual(outcome.status, "SUCCESSFUL");
        assert.deepStrictEqual(world.validations.map((v) => [v.RestoreJobId, v.ValidationStatus]), [[JOB_ID, "SUCCESSFUL"]]);
        assert.match(world.validations[0].ValidationStatusMessage!, /Sigma answered on 127\.0\.0\.1:\d+ \(i-0bbbbbbbbbbbbbbb2\): \/sigma HTTP 200, \/expertctstudio HTTP 200; restore job took 11\.9 min/);
        assert.strictEqual(world.describeRestoreJob({ RestoreJobId: JOB_ID }).ValidationStatus, "SUCCESSFUL");
        assert.deepStrictEqual(metric(world, "ValidationFailed"), [0]);
        // CreationDate 03:10:01.742 -> CompletionDate 03:21:53.128 (the fixture's dates).
        assert.deepStrictEqual(metric(world, "RestoreJobDuration"), [711.386]);
        assert.ok(metric(world, "RecoveryTime")[0] > 711.386, "the recovery time runs from the job's creation to Sigma answering");
        assert.ok(world.metrics.every((m) => m.namespace === "Sigma/RestoreTesting" && JSON.stringify(m.datum.Dimensions) === '[{"Name":"Stack","Value":"prod"}]'));
        assert.deepStrictEqual(new Set(world.metrics.map((m) => m.datum.Unit)), new Set(["Count", "Seconds"]));
    });

    it("counts a redirect as an answer (Tomcat sends /sigma on to /sigma/) and does not follow it", async () => {
        const server = await sigma((url) => (url === "/sigma" ? 302 : 200));
        const { world, deps } = setUp(server.port);
        assert.strictEqual((await validateRestoreTest(EVENT, deps)).status, "SUCCESSFUL");
        assert.match(world.validations[0].ValidationStatusMessage!, /\/sigma HTTP 302/);
        assert.ok(!server.requests.includes("/sigma/"));
    });

    it("waits while Tomcat deploys (404 first), then reports SUCCESSFUL", async () => {
        const server = await sigma((url, n) => (url === "/expertctstudio" && n <= 3 ? 404 : 200));
        const { world, deps } = setUp(server.port);
        assert.strictEqual((await validateRestoreTest(EVENT, deps)).status, "SUCCESSFUL");
        assert.strictEqual(server.requests.filter((r) => r === "/expertctstudio").length, 4);
        assert.strictEqual(server.requests.filter((r) => r === "/sigma").length, 1, "a path that answered is not asked again");
        assert.strictEqual(world.validations.length, 1);
    });

    it("reports FAILED naming the path that kept answering 404, and that /sigma answered", async () => {
        const server = await sigma((url) => (url === "/expertctstudio" ? 404 : 200));
        const { world, deps } = setUp(server.port);
        const outcome = await validateRestoreTest(EVENT, deps);
        assert.strictEqual(outcome.status, "FAILED");
        assert.match(world.validations[0].ValidationStatusMessage!, /Sigma did not answer on 127\.0\.0\.1:\d+ \(i-0bbbbbbbbbbbbbbb2\) within [\d.]+ (s|min) \(\d+ rounds\): \/expertctstudio HTTP 404; answered: \/sigma HTTP 200/);
        assert.deepStrictEqual(metric(world, "ValidationFailed"), [1]);
        assert.deepStrictEqual(metric(world, "RecoveryTime"), [], "no recovery time without a recovered Sigma");
        assert.deepStrictEqual(metric(world, "RestoreJobDuration"), [711.386]);
    });

    it("reports FAILED when Sigma accepts connections but never answers, within the wait it was given", async () => {
        const server = await sigma(() => "silent");
        const { world, deps } = setUp(server.port, { maxWaitMs: 900 });
        const started = Date.now();
        assert.strictEqual((await validateRestoreTest(EVENT, deps)).status, "FAILED");
        assert.ok(Date.now() - started < 900 + 300 + 2000, "bounded by the wait plus one probe timeout");
        assert.match(world.validations[0].ValidationStatusMessage!, /\/sigma no answer within \d+ ms, \/expertctstudio no answer within \d+ ms/);
    });

    it("reports FAILED when nothing listens on 8080", async () => {
        const server = await sigma(() => 200);
        const port = server.port;
        await server.close();
        servers.pop();
        const { world, deps } = setUp(port, { maxWaitMs: 200 });
        assert.strictEqual((await validateRestoreTest(EVENT, deps)).status, "FAILED");
        assert.match(world.validations[0].ValidationStatusMessage!, /\/sigma ECONNREFUSED, \/expertctstudio ECONNREFUSED/);
    });

    it("stops waiting in time to report before the invocation ends (reportBy)", async () => {
        const server = await sigma(() => 503);
        const { world, deps } = setUp(server.port, { maxWaitMs: 10 * 60_000 });
        const started = Date.now();
        assert.strictEqual((await validateRestoreTest(EVENT, { ...deps, reportBy: Date.now() + 400 })).status, "FAILED");
        assert.ok(Date.now() - started < 5000);
        assert.match(world.validations[0].ValidationStatusMessage!, /\/sigma HTTP 503/);
    });

    it("reports FAILED when the restored instance is gone", async () => {
        const { world, deps } = setUp(1);
        world.instances.clear();
        assert.strictEqual((await validateRestoreTest(EVENT, deps)).status, "FAILED");
        assert.match(world.validations[0].ValidationStatusMessage!, /restored instance i-0bbbbbbbbbbbbbbb2 does not exist: The instance ID 'i-0bbbbbbbbbbbbbbb2' does not exist/);
    });

    it("reports FAILED when the job names no instance", async () => {
        const { world, deps } = setUp(1, {}, completedJob({ CreatedResourceArn: undefined }));
        assert.strictEqual((await validateRestoreTest(EVENT, deps)).status, "FAILED");
        assert.match(world.validations[0].ValidationStatusMessage!, /reports no created EC2 instance/);
    });

    it("ignores a completed job of another plan and AWS's sample job of no plan, without calling AWS", async () => {
        const { world, deps } = setUp(1);
        const other = { ...EVENT, detail: { ...EVENT.detail, restoreTestingPlanArn: `${PLAN}_2` } };
        assert.strictEqual((await validateRestoreTest(other, deps)).action, "skipped");
        assert.strictEqual((await validateRestoreTest(fixture("aws-sample-restore-job-completed.json"), deps)).action, "skipped");
        assert.strictEqual((await validateRestoreTest(fixture("aws-sample-restore-job-failed.json"), deps)).action, "skipped");
        assert.deepStrictEqual(world.calls, []);
    });

    it("skips a job AWS says another plan started, and one that already has a validation status (a retried invocation)", async () => {
        const foreign = setUp(1, {}, completedJob({ CreatedBy: { RestoreTestingPlanArn: `${PLAN}_2` } }));
        assert.strictEqual((await validateRestoreTest(EVENT, foreign.deps)).action, "skipped");
        const done = setUp(1, {}, completedJob({ ValidationStatus: "FAILED" }));
        const outcome = await validateRestoreTest(EVENT, done.deps);
        assert.strictEqual(outcome.action, "skipped");
        assert.match(outcome.message, /already has validation status FAILED/);
        assert.deepStrictEqual([...foreign.world.validations, ...done.world.validations], []);
        assert.deepStrictEqual(done.world.calls, ["DescribeRestoreJob"]);
    });

    it("retries throttling and transient faults, then reports", async () => {
        const server = await sigma(() => 200);
        const { world, deps } = setUp(server.port);
        world.failNext("DescribeRestoreJob", new ModelServiceError("ThrottlingException", "Rate exceeded", 400), new ModelServiceError("ServiceUnavailableException", "try again", 503));
        world.failNext("PutRestoreValidationResult", new ModelServiceError("ThrottlingException", "Rate exceeded", 400));
        world.failNext("DescribeInstances", new ModelServiceError("RequestLimitExceeded", "Request limit exceeded.", 503));
        assert.strictEqual((await validateRestoreTest(EVENT, deps)).status, "SUCCESSFUL");
        assert.strictEqual(world.calls.filter((c) => c === "DescribeRestoreJob").length, 3);
        assert.strictEqual(world.validations.length, 1);
    });

    it("fails the invocation (so the errors alarm fires) when it may not report: access denied is not retried", async () => {
        const server = await sigma(() => 200);
        const { world, deps } = setUp(server.port);
        world.failNext("PutRestoreValidationResult", new ModelServiceError("AccessDeniedException", "User is not authorized to perform: backup:PutRestoreValidationResult", 403));
        await assert.rejects(validateRestoreTest(EVENT, deps), { name: "AccessDeniedException" });
        assert.strictEqual(world.calls.filter((c) => c === "PutRestoreValidationResult").length, 1);
        assert.deepStrictEqual(world.metrics, []);
    });

    it("gives up on persistent throttling after its attempts", async () => {
        const { world, deps } = setUp(1);
        world.failNext("DescribeRestoreJob", ...Array.from({ length: 5 }, () => new ModelServiceError("ThrottlingException", "Rate exceeded", 400)));
        await assert.rejects(validateRestoreTest(EVENT, deps), /DescribeRestoreJob still failing after 5 attempts: ThrottlingException/);
    });

    it("refuses an event that is not a restore job state change", async () => {
        const { deps } = setUp(1);
        await assert.rejects(validateRestoreTest({ source: "aws.ec2", "detail-type": "EC2 Instance State-change Notification" }, deps), ValidatorInputError);
        await assert.rejects(validateRestoreTest({ ...EVENT, detail: { status: "COMPLETED" } }, deps), /no restoreJobId/);
    });
});

describe("restore validator handler: probe, settings and the shipped code", () => {
    it("an answer is 2xx or 3xx; 4xx, 5xx and network errors are not", () => {
        assert.deepStrictEqual([200, 204, 302, 399, 400, 404, 500].map((status) => isHealthy({ status })), [true, true, true, true, false, false, false]);
        assert.strictEqual(isHealthy({ error: "ECONNREFUSED" }), false);
    });

    it("httpProbe never rejects", async () => {
        assert.deepStrictEqual(await httpProbe("http://127.0.0.1:1/sigma", 200), { error: "ECONNREFUSED" });
    });

    it("reads its settings from the environment the component sets, and refuses a missing one", () => {
        const read = settingsFromEnv({ RESTORE_TESTING_PLAN_ARN: PLAN, METRIC_NAMESPACE: "Sigma/RestoreTesting", STACK_NAME: "prod", MAX_WAIT_SECONDS: "600" });
        assert.deepStrictEqual(read, {
            restoreTestingPlanArn: PLAN, metricNamespace: "Sigma/RestoreTesting", stackName: "prod", port: 8080,
            paths: ["/sigma", "/expertctstudio"], maxWaitMs: 600_000, retryIntervalMs: 15_000, probeTimeoutMs: 5_000,
        });
        assert.throws(() => settingsFromEnv({ METRIC_NAMESPACE: "x" }), /RESTORE_TESTING_PLAN_ARN, STACK_NAME not set/);
        assert.throws(() => settingsFromEnv({ RESTORE_TESTING_PLAN_ARN: PLAN, METRIC_NAMESPACE: "x", STACK_NAME: "p", MAX_WAIT_SECONDS: "-1" }), /MAX_WAIT_SECONDS "-1"/);
    });

    it("the entry point refuses to run without its settings", async () => {
        await assert.rejects(handler(EVENT), /not set; deploy the function with SigmaRestoreTesting/);
    });

    it("ships as one CommonJS file whose only imports are Node's http and the runtime's AWS SDK", () => {
        const code = restoreValidationCode();
        const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).sort();
        assert.deepStrictEqual(required, ["@aws-sdk/client-backup", "http"]);
        assert.match(code, /runtimeModule\("@aws-sdk\/client-ec2"\)/);
        assert.match(code, /runtimeModule\("@aws-sdk\/client-cloudwatch"\)/);
        const module = { exports: {} as Record<string, unknown> };
        new Function("exports", "require", "module", code)(module.exports, require, module);
        assert.strictEqual(typeof module.exports.handler, "function");
        assert.deepStrictEqual(module.exports.METRICS, METRICS);
    });
});
