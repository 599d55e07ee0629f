import * as assert from "assert";
import { failoverDefinition, FailoverDefinitionArgs, failoverLoopCounts, failoverTiming, FailoverTiming, failoverWorstCaseSeconds, FAILOVER_DEFAULTS, FAILOVER_RESOURCES } from "../../components/failover/failoverDefinition";
import { FailoverScenario, FailoverWorld } from "../../model/failover/world";
import { TRANSIENT_ERRORS } from "../../model/failover/taskErrors";
import { ExecutionResult, runExecution } from "../../model/stepFunctions/interpreter";
import { Json } from "../../model/stepFunctions/paths";
import { worstCaseSeconds } from "../../model/stepFunctions/worstCase";

// asl-validator 4 ships no type declarations; its export is the validating function, which adds defaults (QueryLanguage)
// to the definition it is given: hand it a copy.
const validateAsl = require("asl-validator") as (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = (definition: unknown) => validateAsl(structuredClone(definition));

const REGION = "ap-southeast-1";
const ACCOUNT = "123456789012";
const OLD = "i-0aaaaaaaaaaaaaaaa";
const SUBNET_A = "subnet-0aaaaaaaaaaaaaaaa";
const SUBNET_B = "subnet-0bbbbbbbbbbbbbbbb";
const PARAMETER = "/sigma/sigma/prod/active-instance";

function args(extra: Partial<FailoverDefinitionArgs> = {}): FailoverDefinitionArgs {
    return {
        restoreFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:sigma-ec2-restore`,
        targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/sigma-tg/0123456789abcdef`,
        subnets: [{ subnetId: SUBNET_A, availabilityZone: `${REGION}a` }, { subnetId: SUBNET_B, availabilityZone: `${REGION}b` }],
        securityGroupIds: ["sg-0123456789abcdef0", "sg-0fedcba9876543210"],
        activeInstanceParameterName: PARAMETER,
        alarmTopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:sigma-alarms`,
        timing: failoverTiming(FAILOVER_DEFAULTS.impairedMinutes)!,
        label: "sigma-prod",
        ...extra,
    };
}

interface Run {
    world: FailoverWorld;
    result: ExecutionResult;
}

/** One execution against a fresh world whose active instance OLD sits in subnet A with the given checks. */
function run(options: { scenario?: FailoverScenario; old?: Partial<{ state: "running" | "stopped"; systemStatus: "ok" | "impaired" | "initializing"; instanceStatus: "ok" | "impaired" | "initializing" }>; input?: Json; definition?: Partial<FailoverDefinitionArgs>; parameter?: string | null } = {}): Run {
    const definitionArgs = args(options.definition);
    const world = new FailoverWorld({
        region: REGION, account: ACCOUNT, subnets: { [SUBNET_A]: `${REGION}a`, [SUBNET_B]: `${REGION}b` },
        targetGroupArn: definitionArgs.targetGroupArn, topicArn: definitionArgs.alarmTopicArn, zoneId: definitionArgs.dbRecord?.zoneId,
        restoreFunctionArn: definitionArgs.restoreFunctionArn, scenario: options.scenario,
    });
    world.addInstance({ instanceId: OLD, subnetId: SUBNET_A, state: "running", systemStatus: "ok", instanceStatus: "ok", ...options.old });
    if (options.parameter !== null) {
        world.parameters.set(PARAMETER, { value: options.parameter ?? OLD, version: 1 });
    }
    const result = runExecution(failoverDefinition(definitionArgs), options.input ?? {}, { handlers: world.handlers(), name: "failover-2026-01-01" });
    return { world, result };
}

const IMPAIRED = { systemStatus: "impaired" as const };
const calledWith = (world: FailoverWorld, resource: string) => world.calls.filter((c) => c.resource === resource).map((c) => c.parameters);

describe("failover state machine: definition", () => {
    it("is valid Amazon States Language (asl-validator), with and without the DB record", () => {
        for (const extra of [{}, { dbRecord: { zoneId: "Z0123456789ABCDEFGHIJ", name: "db.prod.sigma.internal" } }]) {
            const { isValid, errorsText } = aslValidator(failoverDefinition(args(extra)));
            assert.ok(isValid, errorsText("\n"));
        }
    });

    it("gives every AWS Task a Retry on its service's throttling/5xx errors and a Catch that goes to a notification", () => {
        const definition = failoverDefinition(args({ dbRecord: { zoneId: "Z0123456789ABCDEFGHIJ", name: "db.prod.sigma.internal" } }));
        const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === "Task" && s.Resource !== FAILOVER_RESOURCES.publish);
        assert.ok(tasks.length >= 12, `${tasks.length} tasks`);
        for (const [name, state] of tasks) {
            const service = state.Resource === FAILOVER_RESOURCES.invokeLambda ? "lambda" : state.Resource!.split(":")[6];
            assert.deepStrictEqual(state.Retry![0].ErrorEquals, [...TRANSIENT_ERRORS[service as keyof typeof TRANSIENT_ERRORS]], name);
            assert.ok(state.Retry![0].MaxAttempts! >= 2, name);
            const catcher = state.Catch![0];
            assert.deepStrictEqual(catcher.ErrorEquals, ["States.ALL"], name);
            const handler = definition.States[catcher.Next];
            const notifies = handler.Resource === FAILOVER_RESOURCES.publish || definition.States[handler.Next!]?.Resource === FAILOVER_RESOURCES.publish;
            assert.ok(notifies, `${name}'s Catch leads to ${catcher.Next}, which does not notify`);
        }
    });

    it("chooses a subnet in another AZ for each AZ (a ring), never the instance's own", () => {
        const three = args({ subnets: [{ subnetId: SUBNET_A, availabilityZone: "a" }, { subnetId: SUBNET_B, availabilityZone: "b" }, { subnetId: "subnet-0cccccccccccccccc", availabilityZone: "c" }] });
        const definition = failoverDefinition(three);
        const choices = definition.States.ChooseTargetSubnet.Choices!;
        const pairs = choices.map((c) => [c.StringEquals, (definition.States[c.Next!].Result as any).availabilityZone]);
        assert.deepStrictEqual(pairs, [["a", "b"], ["b", "c"], ["c", "a"]]);
    });

    it("refuses subnets that do not span two AZs, or two subnets in one AZ, and an empty group list", () => {
        assert.throws(() => failoverDefinition(args({ subnets: [{ subnetId: SUBNET_A, availabilityZone: "a" }] })), /at least two/);
        assert.throws(() => failoverDefinition(args({ subnets: [{ subnetId: SUBNET_A, availabilityZone: "a" }, { subnetId: SUBNET_B, availabilityZone: "a" }] })), /both in a/);
        assert.throws(() => failoverDefinition(args({ securityGroupIds: [] })), /securityGroupIds is empty/);
    });
});

describe("failover state machine: executions against the AWS model", () => {
    it("healthy host (running, both checks ok): notifies a human and restores nothing", () => {
        const { world, result } = run();
        assert.strictEqual(result.status, "SUCCEEDED");
        assert.deepStrictEqual(result.path.slice(-2), ["NotifyHostHealthy", "HostHealthy"]);
        assert.strictEqual(world.restoreJobs.size, 0);
        assert.strictEqual(world.published.length, 1);
        assert.match(world.published[0].message, new RegExp(`instance ${OLD} is running with status checks ok`));
        assert.deepStrictEqual([...world.targets.keys()], [OLD]);
        assert.strictEqual(world.instances.get(OLD)!.state, "running");
    });

    for (const [what, old] of [["system status impaired", { systemStatus: "impaired" }], ["instance status impaired", { instanceStatus: "impaired" }], ["stopped", { state: "stopped" }]] as const) {
        it(`${what}: restored into the other AZ, registered, old deregistered and stopped, parameter updated, success notified`, () => {
            const { world, result } = run({ old });
            assert.strictEqual(result.status, "SUCCEEDED", `${result.error}: ${result.cause}`);
            const [lambda] = calledWith(world, FAILOVER_RESOURCES.invokeLambda) as any[];
            assert.deepStrictEqual(lambda.Payload, { instanceId: OLD, subnetId: SUBNET_B, securityGroupIds: args().securityGroupIds, requestId: "failover-2026-01-01" });
            const restored = [...world.instances.keys()].find((id) => id !== OLD)!;
            assert.strictEqual(world.instances.get(restored)!.subnetId, SUBNET_B);
            assert.deepStrictEqual([...world.targets.keys()], [restored], "only the new instance is in the target group");
            assert.strictEqual(world.instances.get(OLD)!.state, "stopped");
            assert.deepStrictEqual(world.parameters.get(PARAMETER), { value: restored, version: 2 });
            assert.strictEqual(world.published.length, 1);
            assert.match(world.published[0].subject!, /failed over/);
            assert.match(world.published[0].message, new RegExp(`now runs on ${restored} in ${REGION}b`));
            assert.match(world.published[0].message, /pulumi up/);
            // Order: register the new one before the old one leaves; stop after deregistering.
            const order = world.calls.map((c) => c.resource.split(":").pop());
            assert.ok(order.indexOf("registerTargets") < order.indexOf("deregisterTargets"));
            assert.ok(order.indexOf("deregisterTargets") < order.indexOf("stopInstances"));
            assert.ok(order.indexOf("stopInstances") < order.indexOf("putParameter"));
        });
    }

    it("an operator naming the active instance's AZ fails over even when its checks are ok; another AZ named changes nothing", () => {
        const named = run({ input: { affectedAvailabilityZone: `${REGION}a` } });
        assert.strictEqual(named.result.status, "SUCCEEDED");
        assert.ok(named.result.path.includes("FailedOver"));
        const other = run({ input: { affectedAvailabilityZone: `${REGION}b` } });
        assert.ok(other.result.path.includes("HostHealthy"));
        assert.strictEqual(other.world.restoreJobs.size, 0);
    });

    it("a status neither ok nor impaired (initializing) restores nothing and notifies (unknown means no)", () => {
        const { world, result } = run({ old: { instanceStatus: "initializing" } });
        assert.strictEqual(result.status, "FAILED");
        assert.strictEqual(result.error, "Sigma.StatusUnclear");
        assert.strictEqual(world.restoreJobs.size, 0);
        assert.match(world.published[0].message, /instance status initializing/);
    });

    for (const status of ["FAILED", "ABORTED"] as const) {
        it(`restore job ${status}: notified, nothing deregistered, old target kept and running`, () => {
            const { world, result } = run({ old: IMPAIRED, scenario: { restoreStatuses: ["PENDING", "RUNNING", status] } });
            assert.strictEqual(result.status, "FAILED");
            assert.strictEqual(result.error, "Sigma.RestoreFailed");
            assert.deepStrictEqual([...world.targets.keys()], [OLD]);
            assert.strictEqual(calledWith(world, FAILOVER_RESOURCES.deregisterTargets).length, 0);
            assert.strictEqual(calledWith(world, FAILOVER_RESOURCES.stopInstances).length, 0);
            assert.strictEqual(world.parameters.get(PARAMETER)!.value, OLD);
            assert.match(world.published[0].message, new RegExp(`ended ${status}. Nothing was deregistered`));
        });
    }

    it("the restore Lambda fails (no recovery point): notified with its error, nothing deregistered", () => {
        const { world, result } = run({ old: IMPAIRED, scenario: { restoreFunctionError: { errorType: "NoRecoveryPointError", errorMessage: "no COMPLETED recovery point" } } });
        assert.strictEqual(result.error, "Sigma.RestoreNotStarted");
        assert.match(world.published[0].message, /NoRecoveryPointError/);
        assert.deepStrictEqual([...world.targets.keys()], [OLD]);
    });

    it("a restore job still RUNNING at the bound: notified as too slow, after exactly restoreMaxPolls checks", () => {
        const { world, result } = run({ old: IMPAIRED, scenario: { restoreStatuses: ["RUNNING"] } });
        assert.strictEqual(result.error, "Sigma.RestoreTooSlow");
        assert.strictEqual(calledWith(world, FAILOVER_RESOURCES.describeRestoreJob).length, args().timing.restoreMaxPolls);
        assert.deepStrictEqual([...world.targets.keys()], [OLD]);
    });

    it("/sigma never healthy: the NEW target is deregistered, the old one kept and running, a human notified", () => {
        const { world, result } = run({ old: IMPAIRED, scenario: { newTargetHealth: ["initial", "unhealthy"] } });
        assert.strictEqual(result.status, "FAILED");
        assert.strictEqual(result.error, "Sigma.NeverHealthy");
        assert.deepStrictEqual([...world.targets.keys()], [OLD]);
        const deregistered = calledWith(world, FAILOVER_RESOURCES.deregisterTargets) as any[];
        assert.strictEqual(deregistered.length, 1);
        assert.notStrictEqual(deregistered[0].Targets[0].Id, OLD);
        assert.strictEqual(calledWith(world, FAILOVER_RESOURCES.describeTargetHealth).length, args().timing.healthMaxPolls);
        assert.strictEqual(world.instances.get(OLD)!.state, "running");
        assert.strictEqual(world.parameters.get(PARAMETER)!.value, OLD);
        assert.match(world.published[0].message, /did not pass the \/sigma health check/);
    });

    it("throttling is retried: every call throttled once still fails over, and the retries are in the history", () => {
        const throttle = Object.fromEntries(Object.values(FAILOVER_RESOURCES).map((r) => [r, 1]));
        const { world, result } = run({ old: IMPAIRED, scenario: { throttle } });
        assert.strictEqual(result.status, "SUCCEEDED", `${result.error}: ${result.cause}`);
        const retried = new Set(result.history.filter((e) => e.type === "RetryScheduled").map((e) => e.state));
        for (const state of ["ReadActiveInstance", "DescribeActiveInstance", "StartRestore", "DescribeRestoreJob", "RegisterNewTarget", "DeregisterOldTarget", "StopOldInstance", "RecordActiveInstance", "NotifyFailedOver"]) {
            assert.ok(retried.has(state), `${state} was not retried`);
        }
        assert.strictEqual(world.restoreJobs.size, 1, "one restore job: the retried invocation did not start a second");
    });

    it("throttling beyond the retries ends in the Catch: a notification, nothing changed", () => {
        const { world, result } = run({ old: IMPAIRED, scenario: { throttle: { [FAILOVER_RESOURCES.describeInstanceStatus]: 10 } } });
        assert.strictEqual(result.error, "Sigma.EngineError");
        assert.strictEqual(calledWith(world, FAILOVER_RESOURCES.describeInstanceStatus).length, 4, "the first call and three retries");
        assert.match(world.published[0].message, /Ec2\.Ec2Exception: Request limit exceeded/);
    });

    it("the old instance cannot be stopped (AZ unreachable): notified loudly, the failover still completes", () => {
        const { world, result } = run({ old: IMPAIRED, scenario: { fail: { [FAILOVER_RESOURCES.stopInstances]: { error: "Ec2.Ec2Exception", cause: "Unavailable (Service: Ec2, Status Code: 503, Error Code: Unavailable)" } } } });
        assert.strictEqual(result.status, "SUCCEEDED");
        assert.deepStrictEqual(world.published.map((p) => p.subject!.split(": ")[1]), ["OLD INSTANCE NOT STOPPED", "failed over to another AZ"]);
        assert.match(world.published[0].message, /two Sigma databases must never run/);
        assert.notStrictEqual(world.parameters.get(PARAMETER)!.value, OLD);
    });

    it("with dbRecord: the record is UPSERTed to the new instance's private address before the parameter", () => {
        const dbRecord = { zoneId: "Z0123456789ABCDEFGHIJ", name: "db.prod.sigma.internal" };
        const { world, result } = run({ old: IMPAIRED, definition: { dbRecord } });
        assert.strictEqual(result.status, "SUCCEEDED", `${result.error}: ${result.cause}`);
        const restored = world.parameters.get(PARAMETER)!.value;
        assert.strictEqual(world.records.get(dbRecord.name), world.instances.get(restored)!.privateIp);
        const change = (calledWith(world, FAILOVER_RESOURCES.changeResourceRecordSets)[0] as any).ChangeBatch.Changes[0];
        assert.deepStrictEqual([change.Action, change.ResourceRecordSet.Type, change.ResourceRecordSet.TTL], ["UPSERT", "A", 60]);
    });

    describe("DB mode (registerInTargetGroup false: the DB of an APP tier is never a target)", () => {
        const dbRecord = { zoneId: "Z0123456789ABCDEFGHIJ", name: "db.prod.sigma.internal" };
        const dbMode = { registerInTargetGroup: false, dbRecord };

        it("restored DB passes its status checks: the record moves to it, no target is touched, the old DB is stopped, the parameter updated", () => {
            const { world, result } = run({ old: IMPAIRED, definition: dbMode, scenario: { restoredInstanceStatus: ["initializing", "initializing", "ok"] } });
            assert.strictEqual(result.status, "SUCCEEDED", `${result.error}: ${result.cause}`);
            const restored = world.parameters.get(PARAMETER)!.value;
            assert.notStrictEqual(restored, OLD);
            assert.strictEqual(world.records.get(dbRecord.name), world.instances.get(restored)!.privateIp);
            assert.deepStrictEqual(world.calls.filter((c) => c.resource.includes("elasticloadbalancingv2")), [], "no target group call");
            assert.deepStrictEqual([...world.targets.keys()], [OLD], "the target group is left as it was");
            assert.strictEqual(world.instances.get(OLD)!.state, "stopped");
            assert.strictEqual(calledWith(world, FAILOVER_RESOURCES.describeInstanceStatus).length, 1 + 3, "the old one once, the new one until ok");
            assert.match(world.published[0].message, /the database now runs on/);
        });

        it("restored DB never passes its checks: notified, the record and parameter keep the old DB, nothing stopped", () => {
            const { world, result } = run({ old: IMPAIRED, definition: dbMode, scenario: { restoredInstanceStatus: ["initializing", "impaired"] } });
            assert.deepStrictEqual([result.status, result.error], ["FAILED", "Sigma.NeverHealthy"]);
            assert.strictEqual(world.records.size, 0);
            assert.strictEqual(world.parameters.get(PARAMETER)!.value, OLD);
            assert.strictEqual(calledWith(world, FAILOVER_RESOURCES.stopInstances).length, 0);
            assert.strictEqual(calledWith(world, FAILOVER_RESOURCES.describeInstanceStatus).length, 1 + args().timing.healthMaxPolls);
            assert.match(world.published[0].message, /did not pass its EC2 status checks in time/);
        });

        it("is refused without a DB record, and its worst case fits the same budget", () => {
            assert.throws(() => failoverDefinition(args({ registerInTargetGroup: false })), /dbRecord is not given/);
            assert.ok(failoverWorstCaseSeconds(args(dbMode)) <= (FAILOVER_DEFAULTS.rtoMinutes - FAILOVER_DEFAULTS.impairedMinutes) * 60);
            const { isValid, errorsText } = aslValidator(failoverDefinition(args(dbMode)));
            assert.ok(isValid, errorsText("\n"));
        });
    });

    it("the parameter is missing: the engine stops before anything changes and says so", () => {
        const { world, result } = run({ parameter: null });
        assert.strictEqual(result.error, "Sigma.EngineError");
        assert.match(world.published[0].message, /Ssm\.ParameterNotFoundException/);
        assert.strictEqual(world.calls.filter((c) => c.resource !== FAILOVER_RESOURCES.publish && c.resource !== FAILOVER_RESOURCES.getParameter).length, 0);
    });

    it("the parameter names an instance EC2 does not know: notified, nothing restored", () => {
        const { world, result } = run({ parameter: "i-0999999999999999f" });
        assert.strictEqual(result.error, "Sigma.EngineError");
        assert.match(world.published[0].message, /InvalidInstanceID\.NotFound/);
        assert.strictEqual(world.restoreJobs.size, 0);
    });
});

describe("failover state machine: the RTO budget", () => {
    const budgetSeconds = (FAILOVER_DEFAULTS.rtoMinutes - FAILOVER_DEFAULTS.impairedMinutes) * 60;

    it("the static worst case (every wait, every retry delay, the longest path) fits the 30-minute RTO with 10 minutes of detection", () => {
        const withDb = args({ dbRecord: { zoneId: "Z0123456789ABCDEFGHIJ", name: "db.prod.sigma.internal" } });
        const worst = failoverWorstCaseSeconds(withDb);
        assert.ok(worst <= budgetSeconds, `${worst} s > ${budgetSeconds} s`);
        assert.ok(worst + FAILOVER_DEFAULTS.impairedMinutes * 60 <= 30 * 60);
        // The restore window is the largest that fits: one more poll would break the budget.
        const onePollMore = { ...withDb, timing: { ...withDb.timing, restoreMaxPolls: withDb.timing.restoreMaxPolls + 1 } };
        assert.ok(failoverWorstCaseSeconds(onePollMore) > budgetSeconds);
    });

    it("an adversarial run (every call throttled to its last retry, the restore done and the target healthy at the last poll) stays within the static bound", () => {
        const timing = args().timing;
        const throttle = Object.fromEntries(Object.values(FAILOVER_RESOURCES).map((r) => [r, 0]));
        // Each retrier's MaxAttempts throttles for single calls; polls are throttled only on their first call (a counter per resource).
        throttle[FAILOVER_RESOURCES.getParameter] = 3;
        throttle[FAILOVER_RESOURCES.describeInstanceStatus] = 3;
        throttle[FAILOVER_RESOURCES.invokeLambda] = 3;
        throttle[FAILOVER_RESOURCES.registerTargets] = 3;
        const restoreStatuses = [...Array(timing.restoreMaxPolls - 1).fill("RUNNING"), "COMPLETED"];
        const newTargetHealth = [...Array(timing.healthMaxPolls - 1).fill("initial"), "healthy"];
        const { result } = run({ old: IMPAIRED, scenario: { throttle, restoreStatuses, newTargetHealth } });
        assert.strictEqual(result.status, "SUCCEEDED", `${result.error}: ${result.cause}`);
        const waits = timing.restoreMaxPolls * timing.restorePollSeconds + timing.healthMaxPolls * timing.healthPollSeconds;
        assert.ok(result.elapsedSeconds >= waits + 4 * 7, `${result.elapsedSeconds}`);
        assert.ok(result.elapsedSeconds <= failoverWorstCaseSeconds(args()), `${result.elapsedSeconds} > bound`);
        assert.ok(result.elapsedSeconds <= budgetSeconds);
    });

    it("failoverTiming shrinks the restore window as detection grows, and refuses a detection time that leaves no useful window", () => {
        const ten = failoverTiming(10)!;
        const fifteen = failoverTiming(15)!;
        assert.ok(fifteen.restoreMaxPolls < ten.restoreMaxPolls);
        assert.ok(failoverTiming(18) !== undefined);
        assert.strictEqual(failoverTiming(19), undefined);
        assert.strictEqual(worstCaseSeconds(failoverDefinition(args()), failoverLoopCounts(ten)), failoverWorstCaseSeconds(args()));
    });

    it("failoverTiming's bisection finds what trying every restore window from the largest down finds, for every detection time and two RTOs", () => {
        const probe = args({ dbRecord: { zoneId: "Z0123456789ABCDEFGHIJ", name: "db.sigma-prod.sigma.internal" } });
        const fits = (timing: FailoverTiming, budget: number) => [true, false].every((registerInTargetGroup) =>
            failoverWorstCaseSeconds({ ...probe, registerInTargetGroup, timing }) <= budget);
        for (const rto of [FAILOVER_DEFAULTS.rtoMinutes, 60]) {
            for (let impaired = 1; impaired <= rto; impaired++) {
                const budget = (rto - impaired) * 60;
                let exhaustive: number | undefined;
                for (let polls = Math.floor(budget / FAILOVER_DEFAULTS.restorePollSeconds); polls >= FAILOVER_DEFAULTS.minRestorePolls; polls--) {
                    if (fits({ ...ten(), restoreMaxPolls: polls }, budget)) {
                        exhaustive = polls;
                        break;
                    }
                }
                assert.strictEqual(failoverTiming(impaired, rto)?.restoreMaxPolls, exhaustive, `impaired ${impaired}, RTO ${rto}`);
            }
        }
    });

    it("failoverTiming answers a copy each time: changing one answer does not change the next", () => {
        const first = failoverTiming(10)!;
        const polls = first.restoreMaxPolls;
        first.restoreMaxPolls = 1;
        assert.strictEqual(failoverTiming(10)!.restoreMaxPolls, polls);
        assert.notStrictEqual(failoverTiming(10), failoverTiming(10));
    });
});

const ten = () => failoverTiming(10)!;
