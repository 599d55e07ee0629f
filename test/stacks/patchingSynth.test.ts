import * as assert from "assert";
import { PATCH_GROUP_TAG_KEY } from "../../model/patchManager";
import { monthlyCost, prePatchBackupCharges } from "../../offline/plan/monthlyCost";
import { DEFAULT_ASSUMPTIONS } from "../../offline/plan/planAssumptions";
import { StackResources } from "../../offline/plan/stackResources";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";

/** sigma:patching as the dev and prod synth deploy it, and as the plan prices it (the config rules: patching.test.ts). */
describe("sigma:patching in the synth", function () {
    this.timeout(300000);
    const of = (synth: SynthResult, type: string) => synth.resources.filter((r) => r.type === type);
    let devSynth: SynthResult;
    let prodSynth: SynthResult;
    before(async () => {
        devSynth = await synthesize({ stack: "dev" });
        prodSynth = await synthesize({ stack: "prod" });
    });

    for (const [stack, schedule, retention] of [["dev", "cron(0 18 ? * SAT#2 *)", "7"], ["prod", "cron(0 18 ? 1,4,7,10 SAT#2 *)", "14"]] as const) {
        it(`${stack}: the baseline, the window on its schedule, the task over the stack's instances keeping the pre-patch backup ${retention} days`, () => {
            const synth = stack === "dev" ? devSynth : prodSynth;
            assert.strictEqual(of(synth, "aws:ssm/patchBaseline:PatchBaseline").length, 1);
            const [window] = of(synth, "aws:ssm/maintenanceWindow:MaintenanceWindow");
            assert.deepStrictEqual([window.inputs.name, window.inputs.schedule, window.inputs.scheduleTimezone], [`sigma-${stack}`, schedule, "UTC"]);
            const [target] = of(synth, "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget");
            assert.deepStrictEqual(target.inputs.targets, [{ key: "tag:sigma:stack", values: [`sigma/${stack}`] }]);
            const [task] = of(synth, "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask");
            const parameters = Object.fromEntries(((task.inputs as any).taskInvocationParameters.automationParameters.parameters as Array<{ name: string; values: string[] }>).map((p) => [p.name, p.values[0]]));
            assert.strictEqual(parameters.DeleteAfterDays, retention);
            assert.strictEqual(parameters.BackupVaultName, `SigmaBackupVault-${stack}`);
            assert.deepStrictEqual([task.inputs.maxConcurrency, task.inputs.maxErrors], ["1", "0"]);
            const [group] = of(synth, "aws:ssm/patchGroup:PatchGroup");
            assert.strictEqual(group.inputs.patchGroup, `sigma-${stack}`);
            // Every instance the window patches carries the patch group's tag, so it gets this baseline.
            const instances = of(synth, "aws:ec2/instance:Instance");
            assert.ok(instances.length >= 1);
            for (const instance of instances) {
                const tags = instance.inputs.tags as Record<string, string>;
                assert.strictEqual(tags[PATCH_GROUP_TAG_KEY], `sigma-${stack}`, instance.name);
                assert.strictEqual(tags["sigma:stack"], `sigma/${stack}`, instance.name);
            }
        });
    }

    it("prod: the runbook's role may back up into prod's vault only, with the plan's backup role", () => {
        const policy = of(prodSynth, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "sigma-runbook")!;
        const statements = JSON.parse(String(policy.inputs.policy)).Statement as Array<{ Sid: string; Resource: unknown }>;
        const vault = of(prodSynth, "aws:backup/vault:Vault").find((v) => v.inputs.name === "SigmaBackupVault-prod")!;
        assert.ok(vault);
        assert.deepStrictEqual(statements.find((s) => s.Sid === "BackUpIntoTheStackVault")!.Resource, ["arn:aws:backup:ap-southeast-1:123456789012:backup-vault:SigmaBackupVault-prod"]);
        assert.match(String((statements.find((s) => s.Sid === "PassTheBackupRole")!.Resource as string[])[0]), /^arn:aws:iam::123456789012:role\/sigma-backup-role/);
    });

    it("dev with backups off has no window, and its instance no patch group tag", async () => {
        const synth = await synthesize({ stack: "dev", configOverrides: { "sigma:backup": { enabled: false } } });
        assert.deepStrictEqual(of(synth, "aws:ssm/maintenanceWindow:MaintenanceWindow"), []);
        assert.strictEqual((of(synth, "aws:ec2/instance:Instance")[0].inputs.tags as Record<string, string>)[PATCH_GROUP_TAG_KEY], undefined);
    });

    it("the plan prices the pre-patch backup: one day's change of the instance's volumes per run, kept the retention", () => {
        const stack = new StackResources(prodSynth);
        const [task] = stack.ofType("aws:ssm/maintenanceWindowTask:MaintenanceWindowTask");
        const [finding] = prePatchBackupCharges(stack, task, DEFAULT_ASSUMPTIONS) as Array<{ item: string; priceKey: string; quantity: number; basis: string }>;
        assert.strictEqual(finding.priceKey, "backup:ebsGBMonth");
        // Four runs a year, 14 of 30.4 days kept, 5% of the volumes' GiB.
        const gib = Number(/(\d+) GiB/.exec(finding.basis)![1]);
        const days = DEFAULT_ASSUMPTIONS.hours / 24;
        assert.ok(Math.abs(finding.quantity - gib * DEFAULT_ASSUMPTIONS.changeRate * (4 / 12) * 14 / days) < 1e-9, `${finding.quantity} for ${finding.basis}`);
        assert.match(finding.basis, /^1 instance\(s\), \d+ GiB x 0\.05 .* x 0\.333 run\(s\)\/month x 14 of/);
        const devTask = new StackResources(devSynth);
        const [devFinding] = prePatchBackupCharges(devTask, devTask.ofType("aws:ssm/maintenanceWindowTask:MaintenanceWindowTask")[0], DEFAULT_ASSUMPTIONS) as Array<{ basis: string }>;
        assert.match(devFinding.basis, / x 1 run\(s\)\/month x 7 of/);
        const line = monthlyCost(stack, DEFAULT_ASSUMPTIONS).lines.find((l) => l.item === "pre-patch backup storage");
        assert.ok(line && line.monthlyUsd > 0, "the plan shows the line");
        // The window, its target, the baseline and the patch group are free.
        const report = monthlyCost(stack, DEFAULT_ASSUMPTIONS);
        assert.ok(!report.unpriced.some((u) => /ssm\//.test(u.type)), JSON.stringify(report.unpriced));
    });

    it("the plan leaves a task without a pre-patch backup uncharged", () => {
        const stack = new StackResources(prodSynth);
        const [task] = stack.ofType("aws:ssm/maintenanceWindowTask:MaintenanceWindowTask");
        const bare = { ...task, inputs: { ...task.inputs, taskInvocationParameters: { automationParameters: { parameters: [] } } } };
        assert.deepStrictEqual(prePatchBackupCharges(stack, bare, DEFAULT_ASSUMPTIONS), []);
    });
});
