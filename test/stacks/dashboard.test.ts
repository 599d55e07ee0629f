import * as assert from "assert";
import { mockIdentities } from "../../offline/plan/failureRouting";
import { StackResources } from "../../offline/plan/stackResources";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";

/**
 * Issue 15 item 5: the dashboard shows every alarm the stack defines. Each aws:cloudwatch/metricAlarm of the synth is
 * named by its ARN (as the mock runtime answers it, the same one the dashboard receives) in an alarm status widget, so an
 * alarm a component makes but the stack does not hand to the dashboard (the restore test's, the failover's, the dev
 * schedule's) fails this test.
 */
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

function dashboardAlarmArns(synth: SynthResult): string[] {
    const dashboards = synth.resources.filter((r) => r.type === "aws:cloudwatch/dashboard:Dashboard");
    assert.strictEqual(dashboards.length, 1, "one dashboard per stack");
    const body = JSON.parse(String(dashboards[0].inputs.dashboardBody)) as { widgets: Array<{ type: string; properties: { alarms?: string[] } }> };
    return body.widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms ?? []);
}

/** The alarms of the synth the dashboard does not name, as `<logical name> (<arn>)`. */
function missingAlarms(synth: SynthResult): { alarms: number; missing: string[] } {
    const region = new StackResources(synth).stackRegion;
    const identify = mockIdentities(synth, region);
    const shown = new Set(dashboardAlarmArns(synth));
    const alarms = synth.resources.filter((r) => r.type === ALARM);
    const missing = alarms.map((alarm) => ({ alarm, arn: identify(alarm).arn }))
        .filter(({ arn }) => arn === undefined || !shown.has(arn))
        .map(({ alarm, arn }) => `${alarm.name} (${arn})`);
    return { alarms: alarms.length, missing };
}

describe("the dashboard names every alarm of the stack", function () {
    this.timeout(300000);
    const cases: Array<{ label: string; stack: string; configOverrides?: Record<string, unknown>; expect: RegExp[] }> = [
        // The restore test's alarms and dev's instance auto-recovery alarm, made outside SigmaMonitoring.
        { label: "dev", stack: "dev", expect: [/restore-test-failed/, /validator-errors/, /auto-recovery/] },
        // ...and the failover's own alarm.
        { label: "prod", stack: "prod", expect: [/no-healthy-target/, /restore-test-recovery-over-rto/] },
        { label: "dr", stack: "dr", expect: [/errors/] },
        // The consistent snapshots' (DLM) script, snapshot and copy alarms.
        { label: "prod with application-consistent snapshots", stack: "prod", expect: [/pre-script-failed/, /snapshot-failed/],
            configOverrides: { "sigma:backup": { frequency: "hourly", retentionDays: 14, copyRetentionDays: 30, vaultLock: true, protect: true, consistency: "application",
                copyToVaultArn: "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaDrBackupVault-dr" } } },
        { label: "dev with a stop/start schedule", stack: "dev", expect: [/dropped/],
            configOverrides: { "sigma:schedule": { stop: "cron(0 19 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "Asia/Singapore" } } },
    ];
    for (const { label, stack, configOverrides, expect } of cases) {
        it(`${label}: every aws:cloudwatch/metricAlarm is in an alarm status widget`, async () => {
            const synth = await synthesize({ stack, configOverrides });
            const { alarms, missing } = missingAlarms(synth);
            assert.ok(alarms > 0, "the stack has alarms");
            assert.deepStrictEqual(missing, [], `${missing.length} of ${alarms} alarms are not on the dashboard`);
            const names = synth.resources.filter((r) => r.type === ALARM).map((r) => r.name);
            for (const pattern of expect) {
                assert.ok(names.some((name) => pattern.test(name)), `the ${label} synth has an alarm matching ${pattern} (the case covers it)`);
            }
        });
    }

    it("would fail for an alarm left off (the check is real)", async () => {
        const synth = await synthesize({ stack: "prod" });
        const dashboard = synth.resources.find((r) => r.type === "aws:cloudwatch/dashboard:Dashboard")!;
        const body = JSON.parse(String(dashboard.inputs.dashboardBody)) as { widgets: Array<{ type: string; properties: { alarms?: string[] } }> };
        const failover = synth.resources.find((r) => r.type === ALARM && /no-healthy-target/.test(r.name))!;
        const arn = mockIdentities(synth, new StackResources(synth).stackRegion)(failover).arn;
        for (const widget of body.widgets.filter((w) => w.type === "alarm")) {
            widget.properties.alarms = (widget.properties.alarms ?? []).filter((a) => a !== arn);
        }
        dashboard.inputs.dashboardBody = JSON.stringify(body);
        assert.deepStrictEqual(missingAlarms(synth).missing, [`${failover.name} (${arn})`]);
    });
});
