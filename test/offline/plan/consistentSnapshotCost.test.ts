import * as assert from "assert";
import { monthlyCost } from "../../../offline/plan/monthlyCost";
import { DEFAULT_ASSUMPTIONS } from "../../../offline/plan/planAssumptions";
import { StackResources } from "../../../offline/plan/stackResources";
import { synthesize, SynthResult } from "../../../offline/synth/synthesize";

const DLM = "aws:dlm/lifecyclePolicy:LifecyclePolicy";

/** GiB of the data volumes of the stack's instances (the DLM policy excludes boot volumes). */
function dataVolumeGib(synth: SynthResult): number {
    return synth.resources.filter((r) => r.type === "aws:ebs/volume:Volume").reduce((sum, v) => sum + Number((v.inputs as any).size), 0);
}

describe("plan: app-consistent snapshots are priced, DLM itself is free", function () {
    this.timeout(300000);
    let crash: SynthResult;
    let application: SynthResult;
    before(async () => {
        crash = await synthesize({ stack: "prod" });
        application = await synthesize({ stack: "prod", configOverrides: { "sigma:backup": {
            frequency: "hourly", retentionDays: 14, copyRetentionDays: 30, consistency: "application",
            copyToVaultArn: "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr" } } });
    });

    it("adds named storage, copy and DR storage lines with the backup storage's assumptions, and nothing unpriced", () => {
        const report = monthlyCost(new StackResources(application), DEFAULT_ASSUMPTIONS);
        const lines = report.lines.filter((l) => l.type === DLM);
        const gib = dataVolumeGib(application);
        assert.ok(gib > 0);
        const rate = DEFAULT_ASSUMPTIONS.changeRate;
        const storage = lines.find((l) => /^app-consistent snapshot storage, schedule /.test(l.item))!;
        assert.ok(storage, JSON.stringify(lines));
        assert.strictEqual(storage.priceKey, "backup:ebsGBMonth");
        assert.strictEqual(storage.region, "ap-southeast-1");
        assert.ok(Math.abs(storage.quantity - gib * (1 + rate * 14)) < 1e-9, `${storage.quantity} vs ${gib} GiB x (1 + ${rate} x 14)`);
        const copy = lines.find((l) => l.item.startsWith("app-consistent snapshot copy to ap-southeast-2"))!;
        assert.strictEqual(copy.priceKey, "backup:crossRegionCopyGB");
        assert.ok(Math.abs(copy.quantity - gib * rate * DEFAULT_ASSUMPTIONS.hours / 24) < 1e-9);
        const dr = lines.find((l) => l.item.startsWith("app-consistent snapshot storage in ap-southeast-2"))!;
        assert.strictEqual(dr.region, "ap-southeast-2");
        assert.ok(Math.abs(dr.quantity - gib * (1 + rate * 30)) < 1e-9);
        assert.deepStrictEqual(report.unpriced.filter((u) => u.type === DLM || /DLM|lifecycle/i.test(u.reason)), []);
        const before = monthlyCost(new StackResources(crash), DEFAULT_ASSUMPTIONS);
        assert.strictEqual(before.lines.filter((l) => l.type === DLM).length, 0);
        const added = lines.reduce((sum, l) => sum + l.monthlyUsd, 0);
        assert.ok(added > 0);
        // The rest of the bill is the crash-mode bill plus the DLM alarms and rule.
        assert.ok(report.totalUsd > before.totalUsd + added - 0.01, `${report.totalUsd} vs ${before.totalUsd} + ${added}`);
    });
});
