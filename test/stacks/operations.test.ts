import * as assert from "assert";
import { ConfigError, mapConfigSource, parseConfig, PrimaryConfig } from "../../stacks/config";
import { LOGS_DEFAULTS, SIGMA_LOG_FAILURES, SIGMA_LOG_IDS } from "../../components";
import { synthesize, SynthResult } from "../../offline/synth/synthesize";
import { monthlyCost } from "../../offline/plan/monthlyCost";
import { DEFAULT_ASSUMPTIONS } from "../../offline/plan/planAssumptions";
import { StackResources } from "../../offline/plan/stackResources";
import { refusedProblems, SINGLE_AZ_CONFIG } from "./configFixture";

const base = SINGLE_AZ_CONFIG;
const parse = (values: Record<string, string>) => parseConfig(mapConfigSource({ ...base, ...values }, { stack: "dev" })) as PrimaryConfig;
const problems = (values: Record<string, string>): string[] => refusedProblems(() => parse(values), ConfigError);

describe("operations config (sigma:logs)", () => {
    it("ships the logs by default, with the documented retention and paths", () => {
        assert.deepStrictEqual(parse({}).operations.logs, {
            enabled: true, retentionDays: LOGS_DEFAULTS.retentionDays, userDataLogPath: LOGS_DEFAULTS.userDataLogPath,
            catalinaLogPath: LOGS_DEFAULTS.catalinaLogPath, accessLogPath: LOGS_DEFAULTS.accessLogPath, mysqlErrorLogPath: LOGS_DEFAULTS.mysqlErrorLogPath,
        });
    });

    it("reads every member, from YAML values and from --path strings", () => {
        const logs = parse({ "sigma:logs": JSON.stringify({ retentionDays: "90", catalinaLogPath: "/opt/tomcat/logs/catalina.out", accessLogPath: "/opt/tomcat/logs/localhost_access_log.*.txt", mysqlErrorLogPath: "/data/mysql/error.log", userDataLogPath: "/var/log/boot.log" }) }).operations.logs;
        assert.deepStrictEqual(logs, { enabled: true, retentionDays: 90, catalinaLogPath: "/opt/tomcat/logs/catalina.out", accessLogPath: "/opt/tomcat/logs/localhost_access_log.*.txt", mysqlErrorLogPath: "/data/mysql/error.log", userDataLogPath: "/var/log/boot.log" });
        assert.strictEqual((parse({ "sigma:logs": JSON.stringify({ retentionDays: 365 }) }).operations.logs as { retentionDays: number }).retentionDays, 365);
    });

    it("turns them off with enabled false", () => {
        assert.deepStrictEqual(parse({ "sigma:logs": JSON.stringify({ enabled: false }) }).operations.logs, { enabled: false });
    });

    const bad: [string, Record<string, unknown>, RegExp][] = [
        ["a retention CloudWatch Logs does not take", { retentionDays: 45 }, /^sigma:logs\.retentionDays 45 is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30, 60, 90/],
        ["a retention of zero", { retentionDays: 0 }, /^sigma:logs\.retentionDays 0 /],
        ["a retention in words", { retentionDays: "a month" }, /^sigma:logs\.retentionDays "a month"/],
        ["a relative path", { catalinaLogPath: "logs/catalina.out" }, /^sigma:logs\.catalinaLogPath "logs\/catalina.out" is not an absolute file path/],
        ["a path with a space", { mysqlErrorLogPath: "/var/log/my sql/error.log" }, /^sigma:logs\.mysqlErrorLogPath/],
        ["a path with a quote", { accessLogPath: "/var/log/a'b" }, /^sigma:logs\.accessLogPath/],
        ["enabled in words", { enabled: "yes" }, /^sigma:logs\.enabled "yes" must be true or false/],
        ["a retention of disabled logs", { enabled: false, retentionDays: 90 }, /^sigma:logs\.retentionDays 90 has no effect: sigma:logs\.enabled is false/],
        ["a misspelt member", { retentionDay: 90 }, /^sigma:logs\.retentionDay .*did you mean sigma:logs\.retentionDays\?/],
    ];
    for (const [label, logs, message] of bad) {
        it(`refuses ${label}, naming the key, the value and a fix`, () => {
            const lines = problems({ "sigma:logs": JSON.stringify(logs) });
            assert.ok(lines.some((line) => message.test(line)), lines.join("\n"));
        });
    }
});

describe("operations in the synth", function () {
    this.timeout(300000);
    const stacks: Record<string, SynthResult> = {};
    before(async () => {
        for (const stack of ["dev", "prod", "dr"]) {
            stacks[stack] = await synthesize({ stack });
        }
    });
    const ofType = (stack: string, type: string) => stacks[stack].resources.filter((r) => r.type === type);

    for (const [stack, prefix] of [["dev", "/sigma/sigma/dev"], ["prod", "/sigma/sigma/prod"]]) {
        it(`${stack}: a KMS-encrypted log group per log with the retention, exported as LogGroupNames`, () => {
            const groups = ofType(stack, "aws:cloudwatch/logGroup:LogGroup").filter((g) => String(g.inputs.name).startsWith(`${prefix}/`));
            assert.deepStrictEqual(groups.map((g) => g.inputs.name).sort(), SIGMA_LOG_IDS.map((id) => `${prefix}/${id}`).sort());
            assert.ok(groups.every((g) => g.inputs.retentionInDays === LOGS_DEFAULTS.retentionDays && String(g.inputs.kmsKeyId).startsWith("arn:aws:kms:")));
            assert.deepStrictEqual(Object.values(stacks[stack].outputs.LogGroupNames as Record<string, string>).sort(), SIGMA_LOG_IDS.map((id) => `${prefix}/${id}`).sort());
        });

        it(`${stack}: every log failure alarms to the stack's alarm topic`, () => {
            const topic = stacks[stack].outputs.AlarmTopicArn;
            const alarms = ofType(stack, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => String(a.inputs.namespace).startsWith("Sigma/Logs/"));
            assert.strictEqual(alarms.length, SIGMA_LOG_FAILURES.length);
            assert.ok(alarms.every((a) => (a.inputs.alarmActions as string[]).includes(topic as string)));
        });

        it(`${stack}: every instance role may ship the logs, and the association targets the stack's instances`, () => {
            const roles = ofType(stack, "aws:iam/role:Role").filter((r) => r.name.endsWith("-role") && r.parent?.includes("SigmaInstance"));
            const shipping = ofType(stack, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.startsWith("sigma-ship-logs-"));
            assert.ok(roles.length > 0);
            assert.strictEqual(shipping.length, roles.length);
            const [association] = ofType(stack, "aws:ssm/association:Association");
            assert.deepStrictEqual(association.inputs.targets, [{ key: "tag:sigma:stack", values: [`sigma/${stack}`] }]);
        });
    }

    for (const stack of ["dev", "prod", "dr"]) {
        it(`${stack}: one dashboard of every alarm of the stack, linked from the outputs`, () => {
            const [dashboard] = ofType(stack, "aws:cloudwatch/dashboard:Dashboard");
            assert.strictEqual(stacks[stack].outputs.DashboardUrl, `https://console.aws.amazon.com/cloudwatch/home?region=${stack === "dr" ? "ap-southeast-2" : "ap-southeast-1"}#dashboards:name=sigma-${stack}`);
            const shown = JSON.parse(String(dashboard.inputs.dashboardBody)).widgets.filter((w: any) => w.type === "alarm").flatMap((w: any) => w.properties.alarms);
            const alarmNames = ofType(stack, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => String(a.inputs.name ?? a.name));
            // Every alarm the stack defines is on it, except the restore test's, the restore function's and the failover's (made inside deployBackup and SigmaFailover, which do not hand them over yet).
            // An alarm without a name input gets the engine's auto-name (<logical name>-<7 hex>).
            const missing = alarmNames.filter((name) => !shown.some((arn: string) => new RegExp(`:alarm:${name}(-[0-9a-f]{7})?$`).test(arn)));
            assert.ok(missing.every((name) => /restore-test|no-healthy-target|validator-errors|RestoreLambdaFunction/.test(name)), `not on the dashboard: ${missing.join(", ")}`);
            assert.ok(shown.length >= alarmNames.length - missing.length);
        });
    }

    it("dr runs no instance, so ships no Sigma logs", () => {
        assert.strictEqual(ofType("dr", "aws:ssm/association:Association").length, 0);
        assert.strictEqual(stacks.dr.outputs.LogGroupNames, undefined);
    });

    it("sigma:logs.enabled false leaves dev without them", async () => {
        const off = await synthesize({ stack: "dev", configOverrides: { "sigma:logs": { enabled: false } } });
        assert.strictEqual(off.resources.filter((r) => r.type === "aws:ssm/association:Association").length, 0);
        assert.strictEqual(off.outputs.LogGroupNames, undefined);
    });
});

describe("the dev schedule (sigma:schedule)", function () {
    this.timeout(300000);
    const SCHEDULE = { stop: "cron(0 19 ? * MON-FRI *)", start: "cron(0 7 ? * MON-FRI *)", timezone: "Asia/Singapore" };

    it("is off unless set, and read into the single-az config", () => {
        assert.strictEqual(parse({}).operations.schedule, undefined);
        assert.deepStrictEqual(parse({ "sigma:schedule": JSON.stringify(SCHEDULE) }).operations.schedule, SCHEDULE);
    });

    const bad: [string, Record<string, unknown>, RegExp][] = [
        ["a stop without a start", { stop: SCHEDULE.stop, timezone: "UTC" }, /^sigma:schedule\.start is not set; give a cron/],
        ["no time zone", { stop: SCHEDULE.stop, start: SCHEDULE.start }, /^sigma:schedule\.timezone is not set/],
        ["a time zone abbreviation", { ...SCHEDULE, timezone: "SGT" }, /^sigma:schedule\.timezone "SGT" is not an IANA time zone/],
        ["a rate", { ...SCHEDULE, stop: "rate(12 hours)" }, /^sigma:schedule\.stop "rate\(12 hours\)" is not a cron expression/],
        ["the same stop and start", { ...SCHEDULE, start: SCHEDULE.stop }, /^sigma:schedule\.start .* never stay stopped/],
        ["a misspelt member", { ...SCHEDULE, timeZone: "UTC" }, /^sigma:schedule\.timeZone .*did you mean sigma:schedule\.timezone\?/],
    ];
    for (const [label, schedule, message] of bad) {
        it(`refuses ${label}`, () => {
            const lines = problems({ "sigma:schedule": JSON.stringify(schedule) });
            assert.ok(lines.some((line) => message.test(line)), lines.join("\n"));
        });
    }

    it("is refused in prod with the reason", async () => {
        const prod = await synthesize({ stack: "prod", configOverrides: { "sigma:schedule": SCHEDULE } }).then(() => "parsed", (error: Error) => error.message);
        assert.match(prod, /sigma:schedule .*never stopped on a schedule/);
    });

    it("dev: stops and starts the instance, and the plan prices the hours it runs", async () => {
        const dev = await synthesize({ stack: "dev", configOverrides: { "sigma:schedule": SCHEDULE } });
        const schedules = dev.resources.filter((r) => r.type === "aws:scheduler/schedule:Schedule");
        assert.deepStrictEqual(schedules.map((s) => [s.inputs.scheduleExpression, s.inputs.scheduleExpressionTimezone]).sort(),
            [[SCHEDULE.stop, SCHEDULE.timezone], [SCHEDULE.start, SCHEDULE.timezone]].sort());
        assert.strictEqual(dev.outputs.ScheduleGroupName, "sigma-dev");
        const hoursOf = (synth: SynthResult) => monthlyCost(new StackResources(synth), DEFAULT_ASSUMPTIONS).lines.find((l) => l.item.endsWith("instance-hours"))!.quantity;
        const always = await synthesize({ stack: "dev" });
        assert.strictEqual(hoursOf(always), DEFAULT_ASSUMPTIONS.hours);
        // Weekdays 07:00-19:00: 60 of 168 hours.
        assert.strictEqual(hoursOf(dev), Math.round(DEFAULT_ASSUMPTIONS.hours * 60 / 168 * 100) / 100);
    });
});
