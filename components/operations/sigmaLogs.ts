import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountScope } from "../shared/accountScope";
import { agentParameterNameProblem, AgentLogFile, cloudWatchAgentLogsConfig, cloudWatchAgentLogsPolicy } from "../shared/cloudWatchAgent";
import { STACK_SCOPE_TAG_KEY } from "../shared/constants";
import { componentTags } from "../shared/tags";
import { ArgProblems, show, tagProblems } from "../shared/validation";
import { parseTermPattern } from "./filterPattern";
import { KEY_ADMINISTRATION_ACTIONS } from "../shared/iam";
import { failureCountAlarm } from "../shared/alarms";

/** The retention periods CloudWatch Logs accepts, in days. https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const LOGS_DEFAULTS = {
    /** A month of logs to read when a report fails; longer history lives in the backups. */
    retentionDays: 30,
    /** The boot script's log (guide 12.1). */
    userDataLogPath: "/var/log/userdata.log",
    /** Ubuntu 24.04's tomcat10 package writes catalina.out under /var/log/tomcat10 (its only Tomcat package). */
    catalinaLogPath: "/var/log/tomcat10/catalina.out",
    /** Tomcat's AccessLogValve default name (localhost_access_log.<date>.txt) in the same directory. */
    accessLogPath: "/var/log/tomcat10/localhost_access_log.*.txt",
    /** Ubuntu's mysql-server-8.0 log_error (/etc/mysql/mysql.conf.d/mysqld.cnf). */
    mysqlErrorLogPath: "/var/log/mysql/error.log",
    /** How often State Manager re-checks that the agent ships the logs (it appends and restarts only when it does not). */
    associationSchedule: "rate(30 minutes)",
};

/** The log files SigmaLogs ships, by the id that names their group (`<logGroupPrefix>/<id>`). */
export const SIGMA_LOG_IDS = ["userdata", "catalina", "tomcat-access", "mysql-error"] as const;
export type SigmaLogId = (typeof SIGMA_LOG_IDS)[number];

/** A failure the logs reveal: a metric filter on one log, and the alarm on its count. */
export interface SigmaLogFailure {
    id: string;
    log: SigmaLogId;
    /** CloudWatch Logs term pattern (filterPattern.ts's subset). */
    pattern: string;
    metricName: string;
    description: string;
}

/**
 * The failures that matter (issue 15): Tomcat running out of heap or logging SEVERE, MySQL recovering from a crash or
 * out of memory, and the boot script failing (its data-volume mark, or the CloudWatch agent not starting). The sample
 * lines each must (and must not) match are in test/components/operations/logFailures.test.ts.
 */
export const SIGMA_LOG_FAILURES: readonly SigmaLogFailure[] = [
    { id: "tomcat-out-of-memory", log: "catalina", pattern: "OutOfMemoryError", metricName: "TomcatOutOfMemoryErrors",
        description: "Tomcat logged java.lang.OutOfMemoryError: Sigma is out of heap; reports fail until Tomcat restarts" },
    { id: "tomcat-severe", log: "catalina", pattern: "SEVERE", metricName: "TomcatSevereMessages",
        description: "Tomcat logged a SEVERE message (an application failed to start or a request crashed)" },
    { id: "mysql-crash-recovery", log: "mysql-error", pattern: "?\"crash recovery\" ?\"was not shutdown normally\" ?\"got signal\"",
        metricName: "MySqlCrashRecoveries", description: "MySQL crashed or started crash recovery: check the data volume and the instance's memory" },
    { id: "mysql-out-of-memory", log: "mysql-error", pattern: "\"Out of memory\"", metricName: "MySqlOutOfMemoryErrors",
        description: "MySQL logged Out of memory: queries fail; raise the instance size or lower MySQL's buffers" },
    { id: "userdata-failure", log: "userdata", pattern: "?\"SIGMA DATA VOLUME NOT MOUNTED\" ?\"CloudWatch agent not running\"",
        metricName: "BootScriptFailures", description: "The boot script failed: MySQL's data volume is not mounted, or the CloudWatch agent did not start" },
];

export interface SigmaLogsArgs {
    /** Log group names are `<logGroupPrefix>/<log id>`, e.g. "/sigma/sigma/prod"; one prefix per stack. */
    logGroupPrefix: string;
    /** Days CloudWatch Logs keeps the events (default 30); one of LOG_RETENTION_DAYS. @default 30 */
    retentionDays?: number;
    /** The boot script's log on the instance (default /var/log/userdata.log). @default "/var/log/userdata.log" */
    userDataLogPath?: string;
    /** Tomcat's catalina log (a glob is allowed). @default "/var/log/tomcat10/catalina.out" */
    catalinaLogPath?: string;
    /** Tomcat's access log. @default "/var/log/tomcat10/localhost_access_log.*.txt" */
    accessLogPath?: string;
    /** MySQL's error log (default /var/log/mysql/error.log). @default "/var/log/mysql/error.log" */
    mysqlErrorLogPath?: string;
    /** SSM parameter name the agent's logs config is stored under, e.g. "/sigma/prod/cloudwatch-agent-logs". */
    agentLogsParameterName: string;
    /** The Sigma instances' role names: each may write its streams and read the logs config. */
    instanceRoleNames: pulumi.Input<string>[];
    /** The instances the agent is configured on: those tagged `sigma:stack` = this value (SigmaInstance's stackScope). */
    stackScope: pulumi.Input<string>;
    /** The stack's alarm topic (SigmaMonitoring's): every log alarm and a failed agent set-up notify it. */
    alarmTopicArn: pulumi.Input<string>;
    /** Other topics every alarm notifies too (sigma:alarmTopicArns). */
    extraAlarmTopicArns?: pulumi.Input<string>[];
    /** CloudWatch namespace of the filter metrics, one per stack, e.g. "Sigma/Logs/sigma/prod". */
    metricNamespace: string;
    /** Prefix of the alarm names (unique per account and region), e.g. "sigma-prod". */
    alarmNamePrefix: string;
    /** Keep the logs key through `pulumi destroy` and refuse its deletion (protect + retainOnDelete); default false. */
    protectData?: boolean;
    /** Extra tags for every taggable child. */
    tags?: Record<string, string>;
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (logGroupName: 1-512 of [\.\-_/#A-Za-z0-9])
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,480}$/;
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html (namespace: 1-255, no leading colon)
const METRIC_NAMESPACE = /^(?!AWS\/)[A-Za-z0-9.\-_/#: ]{1,255}$/;
const ABSOLUTE_PATH = /^\/[^\s"'\\$`]*$/;

/** Validates SigmaLogs args; throws one error listing every problem. */
export function validateLogsArgs(name: string, args: SigmaLogsArgs): void {
    const problems = new ArgProblems("SigmaLogs", name);
    problems.check(typeof args.logGroupPrefix === "string" && args.logGroupPrefix.startsWith("/") && !args.logGroupPrefix.endsWith("/") && LOG_GROUP_NAME.test(args.logGroupPrefix),
        `logGroupPrefix ${show(args.logGroupPrefix)} is not a log group name prefix; use e.g. "/sigma/sigma/prod" (letters, digits, . - _ / #, no trailing /)`);
    const retention = args.retentionDays ?? LOGS_DEFAULTS.retentionDays;
    problems.check((LOG_RETENTION_DAYS as readonly number[]).includes(retention),
        `retentionDays ${show(args.retentionDays)} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(", ")}`);
    for (const arg of ["userDataLogPath", "catalinaLogPath", "accessLogPath", "mysqlErrorLogPath"] as const) {
        const value = args[arg];
        if (value !== undefined) {
            problems.check(typeof value === "string" && ABSOLUTE_PATH.test(value), `${arg} ${show(value)} is not an absolute file path (a glob is allowed, no spaces or quotes); e.g. ${show(LOGS_DEFAULTS[arg])}`);
        }
    }
    problems.add(agentParameterNameProblem("agentLogsParameterName", args.agentLogsParameterName));
    problems.check(Array.isArray(args.instanceRoleNames), `instanceRoleNames ${show(args.instanceRoleNames)} must be a list of the instances' role names`);
    problems.check(typeof args.metricNamespace === "string" && METRIC_NAMESPACE.test(args.metricNamespace),
        `metricNamespace ${show(args.metricNamespace)} is not a custom CloudWatch namespace; use e.g. "Sigma/Logs/sigma/prod" (not under AWS/)`);
    problems.check(typeof args.alarmNamePrefix === "string" && /^[A-Za-z0-9._-]{1,100}$/.test(args.alarmNamePrefix),
        `alarmNamePrefix ${show(args.alarmNamePrefix)} must be 1-100 letters, digits, . _ or -, e.g. "sigma-prod"`);
    problems.check((args.extraAlarmTopicArns ?? []).length <= 4, `extraAlarmTopicArns lists ${(args.extraAlarmTopicArns ?? []).length} topics; an alarm takes 5 actions, one of them alarmTopicArn: keep at most 4`);
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/** The files the agent ships and their groups, from the args. */
export function sigmaLogFiles(args: Pick<SigmaLogsArgs, "logGroupPrefix" | "userDataLogPath" | "catalinaLogPath" | "accessLogPath" | "mysqlErrorLogPath">): Record<SigmaLogId, AgentLogFile> {
    const group = (id: SigmaLogId) => `${args.logGroupPrefix}/${id}`;
    return {
        "userdata": { filePath: args.userDataLogPath ?? LOGS_DEFAULTS.userDataLogPath, logGroupName: group("userdata") },
        "catalina": { filePath: args.catalinaLogPath ?? LOGS_DEFAULTS.catalinaLogPath, logGroupName: group("catalina") },
        "tomcat-access": { filePath: args.accessLogPath ?? LOGS_DEFAULTS.accessLogPath, logGroupName: group("tomcat-access") },
        "mysql-error": { filePath: args.mysqlErrorLogPath ?? LOGS_DEFAULTS.mysqlErrorLogPath, logGroupName: group("mysql-error") },
    };
}

/**
 * The State Manager script that makes an instance ship its logs: installs the CloudWatch agent when it is missing (dev's
 * instances have none) and appends the logs config when the running config lacks it. It checks the agent's merged
 * config for the first log group, so a boot script's fetch-config (which replaces every config) is repaired on the next
 * run and a healthy agent is never restarted. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Agent-commandline-fleet.html
 */
export function agentLogsSetupScript(parameterName: string, markerLogGroup: string): string {
    return `#!/bin/bash
set -euo pipefail
ctl=/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl
merged=/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.toml
if [ ! -x "$ctl" ]; then
  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
  region=$(curl -fsS -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/placement/region)
  curl -fsSo /tmp/amazon-cloudwatch-agent.deb "https://amazoncloudwatch-agent-$region.s3.$region.amazonaws.com/ubuntu/amd64/latest/amazon-cloudwatch-agent.deb"
  dpkg -i -E /tmp/amazon-cloudwatch-agent.deb
fi
if [ -f "$merged" ] && grep -qF '${markerLogGroup}' "$merged"; then
  echo "the CloudWatch agent already ships ${markerLogGroup}"
  exit 0
fi
"$ctl" -a append-config -m ec2 -s -c 'ssm:${parameterName}'
echo "appended ${parameterName} to the CloudWatch agent config"
`;
}

/** The SSM Command document (schema 2.2, aws:runShellScript) State Manager runs on the instances. */
export function agentLogsSetupDocument(parameterName: string, markerLogGroup: string): Record<string, unknown> {
    return {
        schemaVersion: "2.2",
        description: "Sigma: install the CloudWatch agent if missing and append the logs config when the agent lacks it",
        mainSteps: [{
            action: "aws:runShellScript",
            name: "shipSigmaLogs",
            precondition: { StringEquals: ["platformType", "Linux"] },
            inputs: { runCommand: agentLogsSetupScript(parameterName, markerLogGroup).split("\n"), timeoutSeconds: "600" },
        }],
    };
}

/**
 * What the SSM Agent on the instance needs to run State Manager associations (the instance role has Session Manager's
 * permissions only): the association calls and the Run Command message channel, as AmazonSSMManagedInstanceCore grants them,
 * narrowed to the one document. https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html
 */
export function stateManagerInstancePolicy(partition: string, region: string, account: string, documentName: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "RunAssociations",
                Effect: "Allow",
                Action: ["ssm:ListInstanceAssociations", "ssm:DescribeAssociation", "ssm:UpdateInstanceAssociationStatus", "ssm:PutComplianceItems"],
                Resource: [
                    `arn:${partition}:ec2:${region}:${account}:instance/*`,
                    `arn:${partition}:ssm:${region}:${account}:association/*`,
                    `arn:${partition}:ssm:${region}:${account}:document/${documentName}`,
                ],
            },
            {
                Sid: "ReadSetupDocument",
                Effect: "Allow",
                Action: ["ssm:GetDocument", "ssm:DescribeDocument"],
                Resource: [`arn:${partition}:ssm:${region}:${account}:document/${documentName}`],
            },
            {
                Sid: "RunCommandChannel",
                Effect: "Allow",
                Action: ["ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"],
                Resource: ["*"],
            },
        ],
    };
}

/**
 * The key policy of the logs key: the account administers it, and CloudWatch Logs in this region may use it only for
 * the stack's own log groups (the kms:EncryptionContext:aws:logs:arn condition).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function logsKeyPolicy(partition: string, region: string, account: string, logGroupPrefix: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministersKey",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${account}:root` },
                Action: [
                    ...KEY_ADMINISTRATION_ACTIONS,
                    "kms:Decrypt",
                ],
                Resource: "*",
            },
            {
                Sid: "CloudWatchLogsEncryptsStackLogs",
                Effect: "Allow",
                Principal: { Service: `logs.${region}.amazonaws.com` },
                // The documented kms:Encrypt*, Decrypt*, ReEncrypt*, GenerateDataKey*, Describe*, expanded to the actions they name
                // (of the symmetric key's; no key pairs).
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"],
                Resource: "*",
                Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${account}:log-group:${logGroupPrefix}/*` } },
            },
        ],
    };
}

/**
 * Sigma's logs in CloudWatch Logs: a KMS-encrypted log group per file with the stack's retention, the CloudWatch agent
 * configured on the stack's instances to ship them (State Manager, so running instances are covered without new user
 * data), a metric filter and an alarm per failure that matters, routed to the stack's alarm topic, and a rule that tells
 * the topic when the agent set-up fails on an instance.
 */
export class SigmaLogs extends pulumi.ComponentResource {
    public readonly keyArn: pulumi.Output<string>;
    /** The log group of /var/log/userdata.log (the boot script). */
    public readonly userdataLogGroupName: pulumi.Output<string>;
    /** The log group of Tomcat's catalina log. */
    public readonly catalinaLogGroupName: pulumi.Output<string>;
    /** The log group of Tomcat's access log. */
    public readonly tomcatAccessLogGroupName: pulumi.Output<string>;
    /** The log group of MySQL's error log. */
    public readonly mysqlErrorLogGroupName: pulumi.Output<string>;
    /** The log alarms, in SIGMA_LOG_FAILURES' order. */
    public readonly alarms: aws.cloudwatch.MetricAlarm[];
    public readonly alarmArns: pulumi.Output<string>[];
    public readonly alarmNames: pulumi.Output<string>[];
    public readonly associationId: pulumi.Output<string>;
    public readonly metricNamespace: string;

    /** Log group names by log id (a getter: the component package schema has the four named outputs above). */
    public get logGroupNames(): Record<SigmaLogId, pulumi.Output<string>> {
        return { userdata: this.userdataLogGroupName, catalina: this.catalinaLogGroupName, "tomcat-access": this.tomcatAccessLogGroupName, "mysql-error": this.mysqlErrorLogGroupName };
    }

    constructor(name: string, args: SigmaLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateLogsArgs(name, args);
        super("sigma:operations:SigmaLogs", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaLogs", args.tags);
        const scope = accountScope(child);
        const files = sigmaLogFiles(args);
        const retentionInDays = args.retentionDays ?? LOGS_DEFAULTS.retentionDays;
        SIGMA_LOG_FAILURES.forEach((failure) => parseTermPattern(failure.pattern));

        const key = new aws.kms.Key(`${name}-logs-key`, {
            description: `Sigma logs under ${args.logGroupPrefix}`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: scope.apply((s) => JSON.stringify(logsKeyPolicy(s.partition, s.region, s.account, args.logGroupPrefix))),
            tags,
        }, { parent: this, protect: args.protectData ?? false, retainOnDelete: args.protectData ?? false });
        this.keyArn = key.arn;

        const groups = Object.fromEntries(SIGMA_LOG_IDS.map((id) => [id, new aws.cloudwatch.LogGroup(`${name}-${id}`, {
            name: files[id].logGroupName,
            retentionInDays,
            kmsKeyId: key.arn,
            tags,
        }, child)])) as Record<SigmaLogId, aws.cloudwatch.LogGroup>;
        this.userdataLogGroupName = groups.userdata.name;
        this.catalinaLogGroupName = groups.catalina.name;
        this.tomcatAccessLogGroupName = groups["tomcat-access"].name;
        this.mysqlErrorLogGroupName = groups["mysql-error"].name;

        const parameter = new aws.ssm.Parameter(`${name}-agent-logs`, {
            name: args.agentLogsParameterName,
            type: "String",
            description: "CloudWatch agent logs config for the Sigma instances (appended to the metrics config)",
            value: JSON.stringify(cloudWatchAgentLogsConfig(SIGMA_LOG_IDS.map((id) => files[id]))),
            tags,
        }, child);
        const document = new aws.ssm.Document(`${name}-agent-logs-setup`, {
            documentType: "Command",
            documentFormat: "JSON",
            content: JSON.stringify(agentLogsSetupDocument(args.agentLogsParameterName, files.userdata.logGroupName)),
            tags,
        }, child);
        const logGroupNames = SIGMA_LOG_IDS.map((id) => files[id].logGroupName);
        args.instanceRoleNames.forEach((role, i) => {
            new aws.iam.RolePolicy(`${name}-ship-logs-${i}`, {
                role,
                policy: pulumi.all([scope, document.name]).apply(([s, documentName]) => JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        ...(cloudWatchAgentLogsPolicy(s.partition, s.region, s.account, logGroupNames, args.agentLogsParameterName).Statement as unknown[]),
                        ...(stateManagerInstancePolicy(s.partition, s.region, s.account, documentName).Statement as unknown[]),
                    ],
                })),
            }, child);
        });
        const association = new aws.ssm.Association(`${name}-agent-logs`, {
            name: document.name,
            associationName: `${args.alarmNamePrefix}-ship-logs`,
            targets: [{ key: `tag:${STACK_SCOPE_TAG_KEY}`, values: [args.stackScope] }],
            scheduleExpression: LOGS_DEFAULTS.associationSchedule,
            complianceSeverity: "HIGH",
        }, { parent: this, dependsOn: [parameter, ...Object.values(groups)] });
        // The resource id is the association id (terraform-provider-aws internal/service/ssm/association.go: d.SetId(AssociationId)).
        this.associationId = association.id;

        const topicArns = [args.alarmTopicArn, ...(args.extraAlarmTopicArns ?? [])];
        this.metricNamespace = args.metricNamespace;
        const alarms = SIGMA_LOG_FAILURES.map((failure) => {
            new aws.cloudwatch.LogMetricFilter(`${name}-${failure.id}`, {
                name: `${args.alarmNamePrefix}-${failure.id}`,
                logGroupName: groups[failure.log].name,
                pattern: failure.pattern,
                metricTransformation: { name: failure.metricName, namespace: args.metricNamespace, value: "1", unit: "Count" },
            }, child);
            // A metric filter publishes only when a line matches: no data is no failure line.
            return failureCountAlarm(`${name}-${failure.id}`, {
                alarmName: `${args.alarmNamePrefix}-${failure.id}`,
                description: `${failure.description} (log group ${files[failure.log].logGroupName})`,
                namespace: args.metricNamespace, metricName: failure.metricName, periodSeconds: 300, topicArns, tags,
            }, child);
        });
        this.alarms = alarms;
        this.alarmArns = alarms.map((alarm) => alarm.arn);
        this.alarmNames = alarms.map((alarm) => alarm.name);

        // State Manager's own event when the set-up fails on an instance (the agent then ships nothing, and no alarm above can fire).
        // https://docs.aws.amazon.com/systems-manager/latest/userguide/monitoring-systems-manager-event-examples.html (State Manager association state change)
        const setupFailed = new aws.cloudwatch.EventRule(`${name}-agent-logs-failed`, {
            description: "Sigma: the CloudWatch agent logs set-up failed on an instance",
            eventPattern: association.id.apply((id) => JSON.stringify(agentSetupFailurePattern(id))),
            tags,
        }, child);
        [args.alarmTopicArn, ...(args.extraAlarmTopicArns ?? [])].forEach((topic, i) => new aws.cloudwatch.EventTarget(`${name}-agent-logs-failed-${i}`, {
            rule: setupFailed.name,
            arn: topic,
        }, child));

        // Deleting or disabling the key makes every retained log event unreadable: the alarm topic hears of it.
        const keyChanged = new aws.cloudwatch.EventRule(`${name}-logs-key-changes`, {
            description: "Sigma: the logs key is being deleted, disabled or given a new policy",
            eventPattern: key.arn.apply((arn) => JSON.stringify(logsKeyChangePattern(arn))),
            tags,
        }, child);
        [args.alarmTopicArn, ...(args.extraAlarmTopicArns ?? [])].forEach((topic, i) => new aws.cloudwatch.EventTarget(`${name}-logs-key-changes-${i}`, {
            rule: keyChanged.name,
            arn: topic,
        }, child));

        this.registerOutputs({ keyArn: this.keyArn, logGroupNames: this.logGroupNames, alarmArns: this.alarmArns, associationId: this.associationId });
    }
}

/** The KMS calls that make the logs key unusable or change who may use it (as SigmaMonitoring watches every other key). */
export const LOGS_KEY_DESTRUCTIVE_CALLS = ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"];

/**
 * CloudTrail's record of a destructive call on the logs key, which names the key by ARN or id in requestParameters.keyId.
 * https://docs.aws.amazon.com/kms/latest/developerguide/ct-schedulekeydeletion.html (and ct-disablekey, ct-putkeypolicy)
 */
export function logsKeyChangePattern(keyArn: string): Record<string, unknown> {
    return {
        "source": ["aws.kms"],
        "detail-type": ["AWS API Call via CloudTrail"],
        "detail": { eventSource: ["kms.amazonaws.com"], eventName: LOGS_KEY_DESTRUCTIVE_CALLS, requestParameters: { keyId: [keyArn, keyArn.slice(keyArn.lastIndexOf("/") + 1)] } },
    };
}

/** The EventBridge pattern of a failed run of the association on an instance. */
export function agentSetupFailurePattern(associationId: string): Record<string, unknown> {
    return {
        "source": ["aws.ssm"],
        "detail-type": ["EC2 State Manager Instance Association State Change"],
        "detail": { "association-id": [associationId], "status": ["Failed"] },
    };
}
