import * as assert from "assert";
import * as path from "path";
import { FREQUENCY_HOURS } from "../../../components/backup/schedule";
import { readStackConfig, synthesize } from "../../../offline/synth/synthesize";
import { evaluatePolicies } from "../../../offline/check/policyCheck";
import { selectionCovers } from "../../../offline/plan/backupRules";
import { POLICY_CASES } from "../../policy/policyCases";
import { fixtureSynth } from "../../policy/policyFixtures";
import { DEFAULT_ASSUMPTIONS } from "../../../offline/plan/planAssumptions";
import { recoveryObjectives } from "../../../offline/plan/recoveryObjectives";
import { StackResources } from "../../../offline/plan/stackResources";
import { prodLikeSynth } from "./prodLikeSynth";

describe("plan: recovery objectives", () => {
    it("reads the RPO from the schedule, the DR copy region and the restore path", () => {
        const recovery = recoveryObjectives(new StackResources(prodLikeSynth({ schedule: "cron(0 0/12 * * ? *)" })), DEFAULT_ASSUMPTIONS);
        assert.strictEqual(recovery.rules.length, 1);
        assert.strictEqual(recovery.rules[0].rpoHours, 12);
        assert.strictEqual(recovery.rules[0].worstCaseRpoHours, 13, "12 h gap + the rule's 60 min start window");
        assert.deepStrictEqual(recovery.rules[0].coveredInstances, ["sigma-1-instance", "sigma-2-instance"]);
        assert.match(recovery.rpo, /^<= 12 h/);
        assert.match(recovery.drRpo, /^<= 12 h \+ copy time to ap-southeast-2/);
        assert.ok(recovery.restorePath.some((p) => /EC2 auto-recovery/.test(p)));
        assert.ok(recovery.restorePath.some((p) => /Lambda sigma-restore/.test(p)));
        assert.ok(recovery.restorePath.some((p) => /region loss: .*ap-southeast-2/.test(p)));
        assert.deepStrictEqual(recovery.uncoveredInstances, []);
    });

    it("reports instances no selection matches as not backed up", () => {
        const synth = prodLikeSynth();
        const selection = synth.resources.find((r) => r.type === "aws:backup/selection:Selection")!;
        selection.inputs.selectionTags = [{ type: "STRINGEQUALS", key: "sigma:backup", value: "nope" }];
        const recovery = recoveryObjectives(new StackResources(synth), DEFAULT_ASSUMPTIONS);
        assert.deepStrictEqual(recovery.uncoveredInstances, ["sigma-1-instance", "sigma-2-instance"]);
        assert.match(recovery.rpo, /^unbounded/);
    });

    it("describes a DR stack with a vault and restore function but no instances as a restore target", () => {
        const synth = prodLikeSynth();
        synth.resources = synth.resources.filter((r) => !/Instance|Volume|Attachment|backup\/plan|backup\/selection/.test(r.type) && r.provider !== synth.resources[0].urn);
        const recovery = recoveryObjectives(new StackResources(synth), DEFAULT_ASSUMPTIONS);
        assert.match(recovery.rpo, /^not applicable/);
        assert.deepStrictEqual(recovery.restorePath, [
            "this stack holds recovery points copied from other stacks in SigmaBackupVault-dr (ap-southeast-2): restore them with AWS Backup (start-restore-job)",
        ]);
    });

    it("reads dev's RPO from its sigma:backup frequency, with no DR copy", async () => {
        const { config } = readStackConfig(path.join(__dirname, "..", "..", ".."), "dev");
        const frequency = JSON.parse(config["sigma:backup"]).frequency as string;
        const hours = FREQUENCY_HOURS[frequency as keyof typeof FREQUENCY_HOURS];
        const recovery = recoveryObjectives(new StackResources(await synthesize({ stack: "dev" })), DEFAULT_ASSUMPTIONS);
        assert.strictEqual(recovery.rules[0].rpoHours, hours);
        assert.match(recovery.rpo, new RegExp(`^<= ${hours} h`));
        assert.match(recovery.drRpo, /^none/);
        assert.deepStrictEqual(recovery.uncoveredInstances, []);
    });
});

describe("plan and policy: one definition of \"is backed up\" (model/backupSelection.ts)", () => {
    const INSTANCE = "aws:ec2/instance:Instance";
    for (const c of POLICY_CASES.filter((row) => row.policy === "backup-coverage")) {
        it(`agree on the instances of the backup-coverage fixture "${c.title}"`, async () => {
            const synth = fixtureSynth(c.resources, { providers: c.providers });
            const stack = new StackResources(synth);
            const selections = stack.ofType("aws:backup/selection:Selection");
            const planUncovered = stack.ofType(INSTANCE).filter((i) => !selections.some((s) => selectionCovers(stack, s, i))).map((i) => i.urn);
            const report = await evaluatePolicies(synth, { config: { all: "disabled", "backup-coverage": { enforcementLevel: "mandatory" } } });
            const policyUncovered = report.violations.map((v) => v.urn).filter((urn) => stack.byUrn.get(urn)?.type === INSTANCE);
            assert.deepStrictEqual(planUncovered, policyUncovered);
        });
    }
});

describe("plan: the RTO is the restore test's objective, read from its RecoveryTime alarm", function () {
    this.timeout(120000);
    const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

    it("dev and prod: <= the alarm's threshold in minutes, measured weekly; dr runs no instance to measure", async () => {
        for (const stack of ["dev", "prod"]) {
            const synth = await synthesize({ stack });
            const { rto } = recoveryObjectives(new StackResources(synth), DEFAULT_ASSUMPTIONS);
            assert.match(rto, /^<= 30 min \(the restore test's objective: measured weekly .*alarm sigma-restore-test-recovery-over-rto above it\)$/, stack);
        }
        const dr = await synthesize({ stack: "dr" });
        assert.strictEqual(recoveryObjectives(new StackResources(dr), DEFAULT_ASSUMPTIONS).rto, "not measured: the stack runs no instances");
    });

    it("follows the threshold, takes the tightest of two, and says so when no restore test measures it", async () => {
        const synth = await synthesize({ stack: "dev" });
        const alarm = synth.resources.find((r) => r.type === ALARM && r.inputs.metricName === "RecoveryTime");
        assert.ok(alarm);
        alarm.inputs.threshold = 2700;
        assert.match(recoveryObjectives(new StackResources(synth), DEFAULT_ASSUMPTIONS).rto, /^<= 45 min /);
        synth.resources.push({ ...alarm, urn: `${alarm.urn}-2`, name: "tighter", inputs: { ...alarm.inputs, threshold: 1200 } });
        assert.match(recoveryObjectives(new StackResources(synth), DEFAULT_ASSUMPTIONS).rto, /^<= 20 min .*alarm tighter above it\)$/);
        const otherMetric = { ...alarm, urn: `${alarm.urn}-3`, name: "other", inputs: { ...alarm.inputs, metricName: "RestoreJobDuration", threshold: 60 } };
        synth.resources = synth.resources.filter((r) => !(r.type === ALARM && r.inputs.metricName === "RecoveryTime")).concat(otherMetric);
        assert.strictEqual(recoveryObjectives(new StackResources(synth), DEFAULT_ASSUMPTIONS).rto, "not measured: no restore test of this stack publishes its recovery time");
    });
});
