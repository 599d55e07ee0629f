import * as assert from "assert";
import { DASHBOARD_LIMITS, dashboardBody, DashboardContent, SigmaDashboard } from "../../../components";
import { registered, registeredOne, resolve, useMocks } from "../../helpers";

const alarm = (i: number, extra: Partial<DashboardContent["alarms"][number]> = {}) => ({
    name: `alarm-${i}`, arn: `arn:aws:cloudwatch:ap-southeast-1:123456789012:alarm:alarm-${i}`,
    namespace: "AWS/EC2", metricName: "CPUUtilization", dimensions: { InstanceId: "i-0123456789abcdef0" }, statistic: "Average", period: 60, threshold: 80, ...extra,
});
const content = (alarms: DashboardContent["alarms"], more: Partial<DashboardContent> = {}): DashboardContent => ({ alarms, metrics: [], logGroupNames: [], ...more });
type Widget = { type: string; x: number; y: number; width: number; height: number; properties: Record<string, any> };
const widgets = (c: DashboardContent) => dashboardBody("ap-southeast-1", c).widgets as unknown as Widget[];

/** No two widgets share a grid cell, and every widget fits the 24-column grid. */
function assertLaidOut(ws: Widget[]): void {
    const cells = new Set<string>();
    for (const w of ws) {
        assert.ok(w.x >= 0 && w.x + w.width <= DASHBOARD_LIMITS.gridWidth, `${w.type} fits the grid`);
        for (let x = w.x; x < w.x + w.width; x++) {
            for (let y = w.y; y < w.y + w.height; y++) {
                assert.ok(!cells.has(`${x},${y}`), `cell ${x},${y} is used once`);
                cells.add(`${x},${y}`);
            }
        }
    }
}

describe("SigmaDashboard body", () => {
    it("shows every alarm's state, then graphs its metric with the threshold drawn", () => {
        const ws = widgets(content([alarm(1), alarm(2, { threshold: undefined })]));
        assert.deepStrictEqual(ws[0].properties.alarms, [alarm(1).arn, alarm(2).arn]);
        assert.strictEqual(ws[0].type, "alarm");
        const graphs = ws.filter((w) => w.type === "metric");
        assert.deepStrictEqual(graphs.map((g) => g.properties.metrics), [
            [["AWS/EC2", "CPUUtilization", "InstanceId", "i-0123456789abcdef0", { stat: "Average", period: 60 }]],
            [["AWS/EC2", "CPUUtilization", "InstanceId", "i-0123456789abcdef0", { stat: "Average", period: 60 }]],
        ]);
        assert.deepStrictEqual(graphs[0].properties.annotations, { horizontal: [{ label: "alarm threshold", value: 80 }] });
        assert.strictEqual(graphs[1].properties.annotations, undefined);
        assert.ok(graphs.every((g) => g.properties.region === "ap-southeast-1"), "metric widgets name their region");
        assertLaidOut(ws);
    });

    it("lists a metric-math alarm in the status widget only", () => {
        const ws = widgets(content([alarm(1, { namespace: undefined, metricName: undefined })]));
        assert.deepStrictEqual(ws.map((w) => w.type), ["alarm"]);
    });

    it("splits more than 100 alarms over status widgets of at most 100", () => {
        const many = Array.from({ length: 205 }, (_, i) => alarm(i, { namespace: undefined, metricName: undefined }));
        const status = widgets(content(many)).filter((w) => w.type === "alarm");
        assert.deepStrictEqual(status.map((w) => w.properties.alarms.length), [100, 100, 5]);
        assert.deepStrictEqual(status.flatMap((w) => w.properties.alarms), many.map((a) => a.arn));
        assertLaidOut(widgets(content(many)));
    });

    it("lays out graphs three to a row without overlap, and the log table below them", () => {
        const ws = widgets(content(Array.from({ length: 7 }, (_, i) => alarm(i)), {
            metrics: [{ title: "restore", namespace: "Sigma/RestoreTesting", metricName: "RecoveryTime", dimensions: { Stack: "prod" }, statistic: "Maximum", period: 3600 }],
            logGroupNames: ["/sigma/sigma/prod/catalina", "/sigma/sigma/prod/mysql-error"],
        }));
        assertLaidOut(ws);
        const graphs = ws.filter((w) => w.type === "metric");
        assert.strictEqual(graphs.length, 8);
        assert.deepStrictEqual(graphs.slice(0, 4).map((g) => g.x), [0, 8, 16, 0]);
        const log = ws.find((w) => w.type === "log")!;
        assert.ok(log.y >= Math.max(...graphs.map((g) => g.y + g.height)));
        assert.match(log.properties.query, /^SOURCE '\/sigma\/sigma\/prod\/catalina' \| SOURCE '\/sigma\/sigma\/prod\/mysql-error' \| fields/);
        assert.deepStrictEqual(graphs[7].properties.metrics, [["Sigma/RestoreTesting", "RecoveryTime", "Stack", "prod", { stat: "Maximum", period: 3600 }]]);
    });

    it("has no log table without log groups", () => {
        assert.ok(!widgets(content([alarm(1)])).some((w) => w.type === "log"));
    });
});

describe("SigmaDashboard", () => {
    it("creates the dashboard from resolved alarms and links it", async () => {
        const mocks = await useMocks();
        const dashboard = new SigmaDashboard("ops", { dashboardName: "sigma-test", alarms: [alarm(1)] });
        assert.strictEqual(await resolve(dashboard.url), "https://console.aws.amazon.com/cloudwatch/home?region=ap-southeast-1#dashboards:name=sigma-test");
        const resource = await registeredOne(mocks, "aws:cloudwatch/dashboard:Dashboard", "ops-dashboard");
        assert.deepStrictEqual(JSON.parse(resource.inputs.dashboardBody), dashboardBody("ap-southeast-1", content([alarm(1)])));
    });

    for (const [label, args, message] of [
        ["a name with spaces", { dashboardName: "sigma prod", alarms: [] }, /dashboardName "sigma prod"/],
        ["more widgets than a dashboard holds", { dashboardName: "x", alarms: Array.from({ length: 500 }, (_, i) => alarm(i)) }, /at most 500/],
    ] as const) {
        it(`refuses ${label} before creating anything`, async () => {
            const mocks = await useMocks();
            assert.throws(() => new SigmaDashboard("ops", args as any), message);
            assert.strictEqual((await registered(mocks)).length, 0);
        });
    }
});
