import * as assert from "assert";
import { ConfigError } from "../../stacks/config";
import { APP_DB_CONNECTION_SCRIPT, SIGMA_DB_HOST_VARIABLE } from "../../components/compute/userData";
import { runProgram, synthesize, SynthResult } from "../../offline/synth/synthesize";
import { evaluatePolicies, loadPolicyConfig } from "../../offline/check/policyCheck";
import { SigmaMocks, stripSecrets } from "../../offline/synth/mockRuntime";

const CONNECT = '#!/bin/bash\nset -eu\nsigma-connect --db-host "$SIGMA_DB_HOST" --db-port 3306\n';
const SCALED = { "sigma:appCount": 2, "sigma:appDbConnection": CONNECT };

const ofType = (result: SynthResult, type: string) => result.resources.filter((r) => r.type === type).map((r) => r as typeof r & { inputs: Record<string, any> });
const one = (result: SynthResult, type: string, name: string) => {
    const found = ofType(result, type).filter((r) => r.name === name);
    assert.strictEqual(found.length, 1, `one ${type} named ${name}`);
    return found[0];
};

describe("prod with a shared DB (sigma:appDbConnection): a scaled APP tier over one database", () => {
    let scaled: SynthResult;
    let mocks: SigmaMocks;
    before(async () => {
        scaled = await synthesize({ stack: "prod", configOverrides: SCALED });
        mocks = (await runProgram({ stack: "prod", configOverrides: SCALED })).mocks;
    });

    it("refuses appCount 2 without a connection script with one ConfigError naming the key, the value, why and the fixes", async () => {
        const run = await runProgram({ stack: "prod", configOverrides: { "sigma:appCount": 2 } }).then(() => undefined, (err: unknown) => err);
        assert.ok(run instanceof ConfigError, `a ConfigError, not ${String(run)}`);
        const [line] = run.problems;
        assert.strictEqual(run.problems.length, 1, run.message);
        assert.ok(line.startsWith('sigma:appCount "2" would run that many APP&DB instances, each with its own MySQL: divergent databases behind one load balancer'), line);
        assert.match(line, /set sigma:appCount 1 \(one active instance, failed over into another AZ\), or set sigma:appDbConnection/);
    });

    it("runs one DB instance in the DB group and appCount APP instances in the APP group, spread over the private subnets' AZs", () => {
        const instances = [...mocks.resources.values()].filter((r) => r.type === "aws:ec2/instance:Instance");
        assert.deepStrictEqual(instances.map((i) => i.name).sort(), ["sigma-app-1-instance", "sigma-app-2-instance", "sigma-db-instance"]);
        const apps = instances.filter((i) => i.name.startsWith("sigma-app-"));
        assert.strictEqual(new Set(apps.map((a) => a.state.availabilityZone)).size, 2, "one APP instance per AZ");
        const privateSubnets = scaled.outputs.PrivateSubnetIds as string[];
        assert.ok(apps.every((a) => privateSubnets.includes(a.inputs.subnetId)));
        assert.deepStrictEqual(apps.map((a) => a.inputs.vpcSecurityGroupIds), [[scaled.outputs.AppSecurityGroupId], [scaled.outputs.AppSecurityGroupId]]);
        const db = instances.find((i) => i.name === "sigma-db-instance")!;
        assert.deepStrictEqual(db.inputs.vpcSecurityGroupIds, [scaled.outputs.DbSecurityGroupId]);
        assert.strictEqual(db.inputs.subnetId, privateSubnets[0]);
    });

    it("registers the APP instances and never the DB instance in the target group", () => {
        const targets = ofType(scaled, "aws:lb/targetGroupAttachment:TargetGroupAttachment").map((t) => t.inputs.targetId);
        assert.deepStrictEqual(targets, scaled.outputs.AppInstanceIds);
        assert.strictEqual(targets.length, 2);
        assert.ok(!targets.includes(scaled.outputs.DbInstanceId), "the DB instance's Tomcat serves nobody");
    });

    it("creates the private zone <stack>.sigma.internal on the stack's VPC and db.<zone> naming the DB instance's private address", () => {
        const zone = one(scaled, "aws:route53/zone:Zone", "sigma-zone");
        assert.deepStrictEqual([zone.inputs.name, zone.inputs.vpcs], ["prod.sigma.internal", [{ vpcId: scaled.outputs.VpcId }]]);
        const record = one(scaled, "aws:route53/record:Record", "sigma-db");
        const db = [...mocks.resources.values()].find((r) => r.name === "sigma-db-instance")!;
        assert.deepStrictEqual([record.inputs.name, record.inputs.type, record.inputs.records, record.inputs.zoneId],
            ["db.prod.sigma.internal", "A", [db.state.privateIp], scaled.outputs.PrivateZoneId]);
        assert.ok(record.inputs.ttl <= 60, "a moved DB is found within a minute");
        assert.strictEqual(scaled.outputs.DbHostName, "db.prod.sigma.internal");
    });

    it("boots every APP instance with SIGMA_DB_HOST=db.prod.sigma.internal exported before the connection script runs, and no address", () => {
        for (const app of ofType(scaled, "aws:ec2/instance:Instance").filter((i) => i.name.startsWith("sigma-app-"))) {
            const userData = stripSecrets(app.inputs).userData as string;
            const exported = userData.indexOf(`export ${SIGMA_DB_HOST_VARIABLE}="db.prod.sigma.internal"\n`);
            const written = userData.indexOf(CONNECT);
            const run = userData.indexOf('  bash "$script"\n');
            assert.ok(exported > 0 && written > exported && run > written, `${app.name}: export ${exported}, script ${written}, run ${run}`);
            assert.ok(userData.includes(APP_DB_CONNECTION_SCRIPT));
            const db = [...mocks.resources.values()].find((r) => r.name === "sigma-db-instance")!;
            assert.ok(!userData.includes(db.state.privateIp), "the APP configuration never names the DB's address");
        }
        const dbUserData = stripSecrets(one(scaled, "aws:ec2/instance:Instance", "sigma-db-instance").inputs).userData as string;
        assert.ok(!dbUserData.includes(SIGMA_DB_HOST_VARIABLE), "the DB instance does not run the APP tier's script");
    });

    it("hands the failover the db record to move, restoring the DB with the DB group", () => {
        const machine = one(scaled, "aws:sfn/stateMachine:StateMachine", "sigma-failover");
        const definition = machine.inputs.definition as string;
        assert.ok(definition.includes("db.prod.sigma.internal"), "the state machine UPSERTs the db record");
        const states = Object.values(JSON.parse(definition).States) as Array<{ Resource?: string }>;
        assert.ok(!states.some((state) => /elasticloadbalancingv2:(register|deregister)Targets/i.test(state.Resource ?? "")), "the engine registers no DB as a target");
        assert.ok(definition.includes(scaled.outputs.PrivateZoneId as string));
        assert.ok(definition.includes(scaled.outputs.DbSecurityGroupId as string) && !definition.includes(scaled.outputs.AppSecurityGroupId as string),
            "a restored DB gets the DB group only");
    });

    it("keeps what prod had: protected DB data volume, HTTPS-only ALB, Session Manager endpoints, and passes the prod policies", async () => {
        const volume = [...mocks.resources.values()].find((r) => r.type === "aws:ebs/volume:Volume" && r.name === "sigma-db-data")!;
        assert.deepStrictEqual([volume.protect, volume.retainOnDelete], [true, true]);
        assert.strictEqual(one(scaled, "aws:lb/listener:Listener", "sigma-https").inputs.protocol, "HTTPS");
        assert.strictEqual(ofType(scaled, "aws:ec2/vpcEndpoint:VpcEndpoint").length, 3);
        const report = await evaluatePolicies(scaled, { config: loadPolicyConfig("policy/config/prod.json") });
        assert.deepStrictEqual(report.violations, []);
    });
});
