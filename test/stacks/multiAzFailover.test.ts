import * as assert from "assert";
import { INVOKE_ANSWERS, MOCK_ACCOUNT_ID } from "../../offline/synth/mockRuntime";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";

const PARAMETER = "/sigma/sigma/prod/active-instance";
/** The instance the failover restored into the other AZ and wrote to the parameter. */
const RESTORED = "i-0feedfacecafe1234";
const RESTORED_IP = "10.40.3.77";
const CONNECT = 'sigma-connect --db-host "$SIGMA_DB_HOST"';

/** The resources of `type`, their inputs as the engine received them (any: each test reads the shape it asserts). */
const ofType = (result: SynthResult, type: string) => result.resources.filter((r) => r.type === type).map((r) => r as typeof r & { inputs: Record<string, any> });

/**
 * Runs the prod synth as `pulumi up` would after a failover: the SSM parameter the state machine wrote names the restored
 * instance (ssm:GetParameter answers with it), and EC2 describes that instance (ec2:DescribeInstances answers only for it,
 * as EC2 answers InvalidInstanceID.NotFound for an id it does not know).
 */
async function afterFailover(configOverrides: Record<string, unknown> = {}): Promise<{ synth: SynthResult; describedInstances: string[] }> {
    const getParameter = INVOKE_ANSWERS["aws:ssm/getParameter:getParameter"];
    const getInstance = INVOKE_ANSWERS["aws:ec2/getInstance:getInstance"];
    const describedInstances: string[] = [];
    INVOKE_ANSWERS["aws:ssm/getParameter:getParameter"] = (inputs, ctx) => inputs.name === PARAMETER
        ? { ...getParameter(inputs, ctx), value: RESTORED, insecureValue: RESTORED, version: 2 }
        : getParameter(inputs, ctx);
    INVOKE_ANSWERS["aws:ec2/getInstance:getInstance"] = (inputs, ctx) => {
        describedInstances.push(inputs.instanceId);
        if (inputs.instanceId !== RESTORED) {
            throw new Error(`InvalidInstanceID.NotFound: The instance ID '${inputs.instanceId}' does not exist`);
        }
        return { id: RESTORED, instanceId: RESTORED, privateIp: RESTORED_IP, availabilityZone: `${ctx.region}b`, arn: `arn:aws:ec2:${ctx.region}:${MOCK_ACCOUNT_ID}:instance/${RESTORED}` };
    };
    try {
        return { synth: await synthesize({ stack: "prod", configOverrides }), describedInstances };
    } finally {
        INVOKE_ANSWERS["aws:ssm/getParameter:getParameter"] = getParameter;
        if (getInstance === undefined) {
            delete INVOKE_ANSWERS["aws:ec2/getInstance:getInstance"];
        } else {
            INVOKE_ANSWERS["aws:ec2/getInstance:getInstance"] = getInstance;
        }
    }
}

describe("prod after a failover: pulumi up follows the active instance instead of fighting the failover", () => {
    it("registers the restored instance as the only target and points the instance alarms at it", async () => {
        const { synth } = await afterFailover();
        assert.strictEqual(synth.outputs.ActiveInstanceId, RESTORED);
        assert.notStrictEqual(synth.outputs.DbInstanceId, RESTORED, "the launched instance stays in the state (stopped), not replaced");
        assert.deepStrictEqual(ofType(synth, "aws:lb/targetGroupAttachment:TargetGroupAttachment").map((t) => t.inputs.targetId), [RESTORED]);
        const instanceAlarms = ofType(synth, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.parent?.endsWith("SigmaMonitoring::sigma") && a.inputs.dimensions?.InstanceId !== undefined);
        assert.strictEqual(instanceAlarms.length, 7, "CPU, two status checks, memory, two disks and MySQL not running");
        assert.ok(instanceAlarms.every((a) => a.inputs.dimensions.InstanceId === RESTORED), instanceAlarms.map((a) => `${a.name}: ${a.inputs.dimensions.InstanceId}`).join("\n"));
    });

    it("the instance the stack launched stays as it was: same inputs, so nothing replaces or restarts it", async () => {
        const before = await synthesize({ stack: "prod" });
        const { synth } = await afterFailover();
        const launched = (s: SynthResult) => ofType(s, "aws:ec2/instance:Instance").map((i) => ({ name: i.name, inputs: i.inputs }));
        assert.deepStrictEqual(launched(synth), launched(before));
    });

    it("with a separate DB: the db record names the restored DB's address, the APP tier stays the target group", async () => {
        const { synth, describedInstances } = await afterFailover({ "sigma:appCount": 2, "sigma:appDbConnection": CONNECT });
        const record = ofType(synth, "aws:route53/record:Record")[0];
        assert.deepStrictEqual([record.inputs.name, record.inputs.records], ["db.prod.sigma.internal", [RESTORED_IP]]);
        assert.deepStrictEqual(describedInstances, [RESTORED], "only the restored instance is looked up");
        const apps = ofType(synth, "aws:ec2/instance:Instance").filter((i) => i.name.startsWith("sigma-app-"));
        assert.strictEqual(apps.length, 2);
        const targets = ofType(synth, "aws:lb/targetGroupAttachment:TargetGroupAttachment").map((t) => t.inputs.targetId);
        assert.deepStrictEqual(targets, synth.outputs.AppInstanceIds);
        assert.ok(!targets.includes(RESTORED), "the DB is never a target");
        const dbAlarms = ofType(synth, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.startsWith("sigma-db-") && a.parent?.endsWith("SigmaMonitoring::sigma"));
        assert.ok(dbAlarms.length > 0 && dbAlarms.every((a) => a.inputs.dimensions.InstanceId === RESTORED));
    });

    it("before any failover the record names the launched DB's own address and EC2 is not asked", async () => {
        const { synth, describedInstances } = await afterFailover({ "sigma:appCount": 2, "sigma:appDbConnection": CONNECT, "sigma:failover": { enabled: false } });
        const record = ofType(synth, "aws:route53/record:Record")[0];
        assert.notDeepStrictEqual(record.inputs.records, [RESTORED_IP]);
        assert.match(record.inputs.records[0], /^10\.\d+\.\d+\.\d+$/);
        assert.deepStrictEqual(describedInstances, []);
        assert.strictEqual(synth.outputs.ActiveInstanceId, synth.outputs.DbInstanceId, "without a failover the DB instance is the active one");
        assert.strictEqual(ofType(synth, "aws:sfn/stateMachine:StateMachine").length, 0);
    });
});
