import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaDashboard, SigmaDashboardAlarm, SigmaDashboardMetric, SigmaInstance, SigmaLogs, SigmaMonitoring, SigmaSchedule } from "../components";
import { SigmaPatching } from "../components/operations/sigmaPatching";
import { VALIDATION_DEFAULTS, VALIDATION_METRICS } from "../components/restore/restoreValidation";
import { DrRegionConfig, MultiAzConfig, PrimaryConfig, SingleAzConfig, StackConfig } from "./config";
import { patchGroupName, stackScope } from "./instanceArgs";
import { protectsData } from "./keys";

/** The SSM parameter the CloudWatch agent's logs config lives under (appended to the metrics config), one per stack. */
export function agentLogsParameterName(cfg: PrimaryConfig): string {
    return `/${cfg.project}/${cfg.stack}/cloudwatch-agent-logs`;
}

/** The log group prefix of a stack: `/sigma/<project>/<stack>`. */
export function logGroupPrefix(cfg: PrimaryConfig): string {
    return `/sigma/${cfg.project}/${cfg.stack}`.replace(/[^.\-_/#A-Za-z0-9]/g, "-");
}

/** The stack's name for per-account names (alarms, dashboards): `<project>-<stack>`. */
function stackName(cfg: StackConfig): string {
    return `${cfg.project}-${cfg.stack}`.replace(/[^A-Za-z0-9_-]/g, "-");
}

/** SigmaLogs for a primary stack's instances, or nothing with sigma:logs.enabled false. */
function deployLogs(cfg: PrimaryConfig, provider: aws.Provider, instances: SigmaInstance[], monitoring: SigmaMonitoring): SigmaLogs | undefined {
    const logs = cfg.operations.logs;
    if (!logs.enabled) {
        return undefined;
    }
    return new SigmaLogs("sigma", {
        logGroupPrefix: logGroupPrefix(cfg),
        retentionDays: logs.retentionDays,
        userDataLogPath: logs.userDataLogPath,
        catalinaLogPath: logs.catalinaLogPath,
        accessLogPath: logs.accessLogPath,
        mysqlErrorLogPath: logs.mysqlErrorLogPath,
        agentLogsParameterName: agentLogsParameterName(cfg),
        instanceRoleNames: instances.map((instance) => instance.role.name),
        stackScope: stackScope(cfg),
        alarmTopicArn: monitoring.topicArn,
        extraAlarmTopicArns: cfg.alerts.alarmTopicArns,
        metricNamespace: `Sigma/Logs/${cfg.project}/${cfg.stack}`,
        alarmNamePrefix: stackName(cfg),
        // The key reads back every retained log event: kept with the stack's data.
        protectData: protectsData(cfg),
    }, { provider });
}

/**
 * SigmaPatching for a primary stack's instances (sigma:patching), or nothing when it is off. Its pre-patch backup goes to
 * the stack's vault with the plan's backup role and retention (config refuses patching without backups).
 */
function deployPatching(cfg: PrimaryConfig, provider: aws.Provider, instances: SigmaInstance[], monitoring: SigmaMonitoring,
    backup: Record<string, pulumi.Output<unknown>>): Record<string, pulumi.Output<unknown>> {
    const patching = cfg.operations.patching;
    if (!patching.enabled || !cfg.backup.enabled || backup.BackupVaultName === undefined) {
        return {};
    }
    const patched = new SigmaPatching("sigma", {
        stackScope: stackScope(cfg),
        patchGroup: patchGroupName(cfg),
        schedule: patching.schedule,
        timezone: patching.timezone,
        durationHours: patching.durationHours,
        cutoffHours: patching.cutoffHours,
        rebootAllowed: patching.rebootAllowed,
        approveAfterDays: patching.approveAfterDays,
        backupVaultName: backup.BackupVaultName as pulumi.Output<string>,
        backupVaultArn: backup.BackupVaultArn as pulumi.Output<string>,
        backupRoleArn: backup.BackupRoleArn as pulumi.Output<string>,
        backupRetentionDays: cfg.backup.retentionDays,
        instanceRoleNames: instances.map((instance) => instance.role.name),
        alarmTopicArn: monitoring.topicArn,
        extraAlarmTopicArns: cfg.alerts.alarmTopicArns,
        windowName: stackName(cfg),
    }, { provider });
    return { PatchWindowId: patched.windowId, PatchBaselineId: patched.baselineId, PatchGroup: pulumi.output(patched.patchGroup) };
}

/** What the dashboard shows of an alarm: its state, and its metric against the threshold. */
function dashboardAlarm(alarm: aws.cloudwatch.MetricAlarm): SigmaDashboardAlarm {
    return {
        name: alarm.name, arn: alarm.arn, namespace: alarm.namespace, metricName: alarm.metricName, dimensions: alarm.dimensions,
        statistic: alarm.statistic, period: alarm.period, threshold: alarm.threshold,
    };
}

/** The restore test's durations (published by its validator with the Stack dimension), graphed when the stack tests restores. */
function restoreTestMetrics(cfg: PrimaryConfig): SigmaDashboardMetric[] {
    if (!cfg.backup.enabled || !cfg.backup.restoreTesting) {
        return [];
    }
    const metric = (title: string, metricName: string): SigmaDashboardMetric => ({
        title, namespace: VALIDATION_DEFAULTS.metricNamespace, metricName, dimensions: { [VALIDATION_METRICS.dimension]: cfg.stack },
        statistic: "Maximum", period: VALIDATION_DEFAULTS.alarmPeriodSeconds,
    });
    return [metric("Restore test: restore job duration", VALIDATION_METRICS.restoreJobDuration), metric("Restore test: time until /sigma answers", VALIDATION_METRICS.recoveryTime)];
}

/** A primary stack's logs and dashboard; returns their stack outputs. */
function primaryOperations(cfg: PrimaryConfig, provider: aws.Provider, instances: SigmaInstance[], monitoring: SigmaMonitoring,
    extraAlarms: aws.cloudwatch.MetricAlarm[] = [], backup: Record<string, pulumi.Output<unknown>> = {}): Record<string, pulumi.Output<unknown>> {
    const logs = deployLogs(cfg, provider, instances, monitoring);
    const dashboard = new SigmaDashboard("sigma", {
        dashboardName: stackName(cfg),
        alarms: [...monitoring.alarms, ...extraAlarms, ...(logs?.alarms ?? [])].map(dashboardAlarm),
        metrics: restoreTestMetrics(cfg),
        logGroupNames: logs === undefined ? [] : [logs.logGroupNames.catalina, logs.logGroupNames["mysql-error"], logs.logGroupNames.userdata],
    }, { provider });
    return {
        DashboardUrl: dashboard.url,
        ...(logs === undefined ? {} : { LogGroupNames: pulumi.output(logs.logGroupNames), LogsSetupAssociationId: logs.associationId }),
        ...deployPatching(cfg, provider, instances, monitoring, backup),
    };
}

/**
 * single-az (dev) day to day: its instance's logs and the stack's dashboard. dev's instance has no CloudWatch agent in
 * its boot script; the logs' State Manager association installs it (no user data change: the instance is neither
 * replaced nor restarted).
 */
export function singleAzOperations(cfg: SingleAzConfig, provider: aws.Provider, instance: SigmaInstance, monitoring: SigmaMonitoring,
    backup: Record<string, pulumi.Output<unknown>> = {}, extraAlarms: aws.cloudwatch.MetricAlarm[] = []): Record<string, pulumi.Output<unknown>> {
    const schedule = cfg.operations.schedule;
    const scheduled = schedule === undefined ? undefined : new SigmaSchedule("sigma", {
        instanceIds: [instance.instanceId],
        stop: schedule.stop,
        start: schedule.start,
        timezone: schedule.timezone,
        kmsKeyArns: cfg.kmsKeyArn === undefined ? [] : [cfg.kmsKeyArn],
        alarmTopicArn: monitoring.topicArn,
        extraAlarmTopicArns: cfg.alerts.alarmTopicArns,
        groupName: stackName(cfg),
    }, { provider });
    const alarms = [instance.recoveryAlarm, ...extraAlarms, ...(scheduled === undefined ? [] : [scheduled.alarm])];
    const outputs = primaryOperations(cfg, provider, [instance], monitoring, alarms, backup);
    return scheduled === undefined ? outputs : { ...outputs, ScheduleGroupName: scheduled.groupName };
}

/** multi-az (prod) day to day: the logs of every Sigma instance (the boot script installed the agent) and the dashboard. */
export function multiAzOperations(cfg: MultiAzConfig, provider: aws.Provider, instances: SigmaInstance[], monitoring: SigmaMonitoring,
    backup: Record<string, pulumi.Output<unknown>> = {}, extraAlarms: aws.cloudwatch.MetricAlarm[] = []): Record<string, pulumi.Output<unknown>> {
    return primaryOperations(cfg, provider, instances, monitoring, [...instances.map((instance) => instance.recoveryAlarm), ...extraAlarms], backup);
}

/** dr-region day to day: the dashboard of its alarms (restore failures, the restore function); no instance, no logs. */
export function drRegionOperations(cfg: DrRegionConfig, provider: aws.Provider, monitoring: SigmaMonitoring): Record<string, pulumi.Output<unknown>> {
    const dashboard = new SigmaDashboard("sigma", { dashboardName: stackName(cfg), alarms: monitoring.alarms.map(dashboardAlarm) }, { provider });
    return { DashboardUrl: dashboard.url };
}
