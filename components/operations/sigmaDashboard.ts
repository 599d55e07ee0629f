import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountScope } from "../shared/accountScope";
import { ArgProblems, show } from "../shared/validation";

/** One alarm the dashboard shows: its state in the alarm status widget, and a graph of its metric with the threshold. */
export interface SigmaDashboardAlarm {
    /** The alarm's name (the graph's title). */
    name: pulumi.Input<string>;
    arn: pulumi.Input<string>;
    /** Namespace of the one metric it watches; unset for a metric-math alarm (shown in the status widget only). */
    namespace?: pulumi.Input<string | undefined>;
    metricName?: pulumi.Input<string | undefined>;
    dimensions?: pulumi.Input<Record<string, string> | undefined>;
    statistic?: pulumi.Input<string | undefined>;
    period?: pulumi.Input<number | undefined>;
    threshold?: pulumi.Input<number | undefined>;
}

/** A metric graphed without an alarm of its own (e.g. the restore test's durations). */
export interface SigmaDashboardMetric {
    title: string;
    namespace: string;
    metricName: string;
    dimensions?: pulumi.Input<Record<string, string>>;
    statistic: string;
    period: number;
}

export interface SigmaDashboardArgs {
    /** The dashboard's name, unique per account and region: letters, digits, - and _, up to 255. */
    dashboardName: string;
    /** The stack's alarms, in the order shown. */
    alarms: SigmaDashboardAlarm[];
    /** Further metrics to graph. */
    metrics?: SigmaDashboardMetric[];
    /** Log groups whose failure lines a Logs Insights table lists (newest first). */
    logGroupNames?: pulumi.Input<string>[];
}

/** Resolved alarm, metric and log inputs: what dashboardBody lays out. */
export interface DashboardContent {
    alarms: { name: string; arn: string; namespace?: string; metricName?: string; dimensions?: Record<string, string>; statistic?: string; period?: number; threshold?: number }[];
    metrics: { title: string; namespace: string; metricName: string; dimensions?: Record<string, string>; statistic: string; period: number }[];
    logGroupNames: string[];
}

// CloudWatch dashboard body: a 24-column grid; an alarm status widget holds at most 100 alarms; at most 500 widgets;
// a Logs Insights widget names its groups with SOURCE. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
export const DASHBOARD_LIMITS = { gridWidth: 24, alarmsPerStatusWidget: 100, widgets: 500 } as const;
const GRAPH = { width: 8, height: 6 };
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html (DashboardName)
const DASHBOARD_NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** The lines the log table lists: the failures SigmaLogs counts, plus MySQL's and the boot script's errors. */
export const DASHBOARD_LOG_FILTER = "/SEVERE|OutOfMemoryError|Out of memory|crash recovery|got signal|\\[ERROR\\]|NOT MOUNTED/";

function metricLine(namespace: string, metricName: string, dimensions: Record<string, string> | undefined, statistic: string, period: number): unknown[] {
    return [namespace, metricName, ...Object.entries(dimensions ?? {}).flat(), { stat: statistic, period }];
}

/** The dashboard body: alarm states on top, a graph per alarmed metric (threshold drawn), the extra metrics, the log table. */
export function dashboardBody(region: string, content: DashboardContent): { widgets: Record<string, unknown>[] } {
    const widgets: Record<string, unknown>[] = [];
    let y = 0;
    for (let i = 0; i < content.alarms.length; i += DASHBOARD_LIMITS.alarmsPerStatusWidget) {
        const chunk = content.alarms.slice(i, i + DASHBOARD_LIMITS.alarmsPerStatusWidget);
        const height = Math.max(2, Math.ceil(chunk.length / 4) + 1);
        widgets.push({ type: "alarm", x: 0, y, width: DASHBOARD_LIMITS.gridWidth, height,
            properties: { title: "Alarms (every one notifies the stack's alarm topic)", alarms: chunk.map((a) => a.arn) } });
        y += height;
    }
    const graphs: Record<string, unknown>[] = [
        ...content.alarms.filter((a) => a.namespace && a.metricName).map((a) => ({
            title: a.name,
            region,
            view: "timeSeries",
            metrics: [metricLine(a.namespace!, a.metricName!, a.dimensions, a.statistic ?? "Average", a.period ?? 300)],
            ...(a.threshold === undefined ? {} : { annotations: { horizontal: [{ label: "alarm threshold", value: a.threshold }] } }),
        })),
        ...content.metrics.map((m) => ({ title: m.title, region, view: "timeSeries", metrics: [metricLine(m.namespace, m.metricName, m.dimensions, m.statistic, m.period)] })),
    ];
    const perRow = DASHBOARD_LIMITS.gridWidth / GRAPH.width;
    graphs.forEach((properties, i) => {
        widgets.push({ type: "metric", x: (i % perRow) * GRAPH.width, y: y + Math.floor(i / perRow) * GRAPH.height, width: GRAPH.width, height: GRAPH.height, properties });
    });
    y += Math.ceil(graphs.length / perRow) * GRAPH.height;
    if (content.logGroupNames.length > 0) {
        const sources = content.logGroupNames.map((group) => `SOURCE '${group}'`).join(" | ");
        widgets.push({ type: "log", x: 0, y, width: DASHBOARD_LIMITS.gridWidth, height: 8, properties: {
            title: "Failure lines in the Sigma logs (newest first)", region, view: "table",
            query: `${sources} | fields @timestamp, @logStream, @message | filter @message like ${DASHBOARD_LOG_FILTER} | sort @timestamp desc | limit 100`,
        } });
    }
    return { widgets };
}

/** Validates SigmaDashboard args; throws one error listing every problem. */
export function validateDashboardArgs(name: string, args: SigmaDashboardArgs): void {
    const problems = new ArgProblems("SigmaDashboard", name);
    problems.check(typeof args.dashboardName === "string" && DASHBOARD_NAME.test(args.dashboardName),
        `dashboardName ${show(args.dashboardName)} must be 1-255 letters, digits, - or _, e.g. "sigma-prod"`);
    problems.check(Array.isArray(args.alarms), `alarms ${show(args.alarms)} must be a list of the stack's alarms`);
    const alarms = Array.isArray(args.alarms) ? args.alarms.length : 0;
    const graphs = alarms + (args.metrics ?? []).length;
    const widgets = Math.ceil(alarms / DASHBOARD_LIMITS.alarmsPerStatusWidget) + graphs + ((args.logGroupNames ?? []).length > 0 ? 1 : 0);
    problems.check(widgets <= DASHBOARD_LIMITS.widgets, `alarms and metrics make ${widgets} widgets; a dashboard holds at most ${DASHBOARD_LIMITS.widgets}: split them over two dashboards`);
    problems.throwIfAny();
}

/** A CloudWatch dashboard of a stack generated from its alarms and metrics; `url` opens it in the console. */
export class SigmaDashboard extends pulumi.ComponentResource {
    public readonly dashboardName: pulumi.Output<string>;
    public readonly url: pulumi.Output<string>;

    constructor(name: string, args: SigmaDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        validateDashboardArgs(name, args);
        super("sigma:operations:SigmaDashboard", name, {}, opts);
        const child = { parent: this };
        const scope = accountScope(child);
        const alarms = pulumi.all(args.alarms.map((a) => pulumi.all([a.name, a.arn, a.namespace, a.metricName, a.dimensions, a.statistic, a.period, a.threshold])
            .apply(([alarmName, arn, namespace, metricName, dimensions, statistic, period, threshold]) =>
                ({ name: alarmName, arn, namespace, metricName, dimensions, statistic, period, threshold }))));
        const metrics = pulumi.all((args.metrics ?? []).map((m) => pulumi.output(m.dimensions).apply((dimensions) => ({ ...m, dimensions }))));
        const logGroupNames = pulumi.all(args.logGroupNames ?? []);
        const dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, {
            dashboardName: args.dashboardName,
            dashboardBody: pulumi.all([scope, alarms, metrics, logGroupNames]).apply(([s, a, m, l]) =>
                JSON.stringify(dashboardBody(s.region, { alarms: a, metrics: m as DashboardContent["metrics"], logGroupNames: l }))),
        }, child);
        this.dashboardName = dashboard.dashboardName;
        // The console's dashboard link. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Dashboards.html
        this.url = pulumi.interpolate`https://console.aws.amazon.com/cloudwatch/home?region=${scope.region}#dashboards:name=${dashboard.dashboardName}`;
        this.registerOutputs({ dashboardName: this.dashboardName, url: this.url });
    }
}
