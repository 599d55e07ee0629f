import * as assert from "assert";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";
import { DEFAULT_ASSUMPTIONS } from "../../offline/plan/planAssumptions";
import { failoverObjectives, recoveryObjectives } from "../../offline/plan/recoveryObjectives";
import { StackResources } from "../../offline/plan/stackResources";
import { FAILOVER_DEFAULTS } from "../../components";

describe("plan: prod's recovery objectives (RPO = the backup interval, RTO <= 30 min for AZ loss, host failure loses nothing)", () => {
    let prod: SynthResult;
    before(async () => {
        prod = await synthesize({ stack: "prod" });
    });

    it("states the hourly RPO, host failure without loss, and the automatic AZ failover with its detection, RTO and data loss", () => {
        const recovery = recoveryObjectives(new StackResources(prod), DEFAULT_ASSUMPTIONS);
        assert.match(recovery.rpo, /^<= 1 h /);
        const host = recovery.restorePath.find((p) => p.startsWith("host failure"))!;
        assert.match(host, /EC2 auto-recovery \(sigma-appdb-auto-recovery\).*no data loss/);
        const az = recovery.restorePath.find((p) => p.startsWith("AZ loss"))!;
        assert.ok(az.includes(`starts after ${FAILOVER_DEFAULTS.impairedMinutes} min with no healthy target or on aws.health`), az);
        assert.match(az, /registers it as the load balancer's target/);
        assert.match(az, /RTO <= 30 min/);
        assert.match(az, /loses what was written since the newest recovery point, up to 1 h \(the backup interval\)$/);
        assert.deepStrictEqual(recovery.failovers, [{
            stateMachine: "sigma-failover", detectionMinutes: FAILOVER_DEFAULTS.impairedMinutes,
            otherTriggers: ["aws.health (rule sigma-failover-on-health)"], movesRecords: [], swapsTargets: true,
        }]);
    });

    it("reads the detection time from the starting alarm itself, and says 'by hand' when nothing starts the machine", () => {
        const changed: SynthResult = JSON.parse(JSON.stringify(prod));
        const alarm = changed.resources.find((r) => r.name === "sigma-no-healthy-target")!;
        alarm.inputs.evaluationPeriods = 3;
        assert.strictEqual(failoverObjectives(new StackResources(changed))[0].detectionMinutes, 3);
        changed.resources = changed.resources.filter((r) => r.type !== "aws:cloudwatch/eventTarget:EventTarget");
        const [failover] = failoverObjectives(new StackResources(changed));
        assert.deepStrictEqual([failover.detectionMinutes, failover.otherTriggers], [undefined, []]);
        assert.match(recoveryObjectives(new StackResources(changed), DEFAULT_ASSUMPTIONS).restorePath.find((p) => p.startsWith("AZ loss"))!, /starts by hand,/);
    });

    it("with a shared DB: the failover moves db.<stack>.sigma.internal and touches no target", async () => {
        const scaled = await synthesize({ stack: "prod", configOverrides: { "sigma:appCount": 2, "sigma:appDbConnection": 'sigma-connect "$SIGMA_DB_HOST"' } });
        const [failover] = failoverObjectives(new StackResources(scaled));
        assert.deepStrictEqual([failover.movesRecords, failover.swapsTargets], [["db.prod.sigma.internal"], false]);
        assert.match(recoveryObjectives(new StackResources(scaled), DEFAULT_ASSUMPTIONS).restorePath.find((p) => p.startsWith("AZ loss"))!, /points db\.prod\.sigma\.internal at it/);
    });

    it("dev has no automatic failover", async () => {
        const dev = await synthesize({ stack: "dev" });
        const recovery = recoveryObjectives(new StackResources(dev), DEFAULT_ASSUMPTIONS);
        assert.deepStrictEqual(recovery.failovers, []);
        assert.ok(!recovery.restorePath.some((p) => p.startsWith("AZ loss")));
    });
});
