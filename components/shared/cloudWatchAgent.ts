import * as aws from "@pulumi/aws";
import { SSM_PARAMETER_PATH } from "../../model/ids";

/** The namespace the CloudWatch agent publishes memory and disk metrics to. */
export const CWAGENT_NAMESPACE = "CWAgent";


/** Why `name` cannot hold the agent config as an SSM parameter name, or undefined when it can. */
export function agentParameterNameProblem(arg: string, name: unknown): string | undefined {
    return typeof name === "string" && SSM_PARAMETER_PATH.test(name) && !name.includes("//")
        ? undefined
        : `${arg} ${JSON.stringify(name)} is not an SSM parameter path; use e.g. "/sigma/prod/cloudwatch-agent"`;
}

/** The process the agent's procstat plugin counts: MySQL's server (`exe` is a "contains" regex on the process name). */
export const MYSQL_PROCESS_EXE = "mysqld";

/**
 * The dimensions the agent publishes `procstat_lookup_pid_count` of the mysqld entry under, besides InstanceId.
 * The metric is `procstat_lookup_pid_count` (pid_count, "the number of process IDs associated with the process";
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-procstat-process-metrics.html),
 * published as the lookup measurement tagged with the selector (`exe` = the configured string) and `pid_finder`, which
 * the agent's translator sets to "native" when the config does not name one and whose `user` and `result` tags it
 * excludes (amazon-cloudwatch-agent translator/translate/metrics/metrics_collect/procstat: pid_finder.go and its
 * test). With omit_hostname there is no `host`; append_dimensions adds InstanceId. Of aggregation_dimensions,
 * ["InstanceId"] also publishes an InstanceId-only rollup (which would mix every procstat entry of the instance) and
 * ["InstanceId", "path"] does not apply (no `path` tag): alarms use the original series, InstanceId + these.
 */
export const MYSQL_PROCSTAT_DIMENSIONS: Readonly<Record<string, string>> = { exe: MYSQL_PROCESS_EXE, pid_finder: "native" };

/**
 * The CloudWatch agent's config: memory and disk used percent, and the count of mysqld processes, per instance.
 * Dimensions are pinned (no hostname, aggregated to InstanceId and InstanceId+path) so alarms can name them exactly.
 */
export function cloudWatchAgentConfig(diskPaths: string[]): Record<string, unknown> {
    return {
        agent: { metrics_collection_interval: 60, omit_hostname: true, run_as_user: "root" },
        metrics: {
            namespace: CWAGENT_NAMESPACE,
            append_dimensions: { InstanceId: "${aws:InstanceId}" },
            aggregation_dimensions: [["InstanceId"], ["InstanceId", "path"]],
            metrics_collected: {
                mem: { measurement: ["mem_used_percent"] },
                disk: { measurement: ["used_percent"], resources: diskPaths, drop_device: true },
                // procstat_lookup_pid_count, 0 when no mysqld runs (e.g. the boot script held MySQL stopped without its data volume)
                procstat: [{ exe: MYSQL_PROCESS_EXE, measurement: ["pid_count"] }],
            },
        },
    };
}

/**
 * Boot-script fragment: installs the CloudWatch agent (deb or rpm, from AWS's regional bucket) and starts it
 * with the config in SSM parameter `parameterName`, retrying while the parameter is being created. A failure
 * is logged, not fatal: the agent alarms then report INSUFFICIENT_DATA, which notifies too.
 */
export function cloudWatchAgentBootScript(parameterName: string): string {
    return `
install_cloudwatch_agent() {
  local token region ctl=/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl
  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
  region=$(curl -fsS -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/placement/region)
  if [ ! -x "$ctl" ]; then
    if command -v dpkg >/dev/null 2>&1; then
      curl -fsSo /tmp/amazon-cloudwatch-agent.deb "https://amazoncloudwatch-agent-$region.s3.$region.amazonaws.com/ubuntu/amd64/latest/amazon-cloudwatch-agent.deb"
      dpkg -i -E /tmp/amazon-cloudwatch-agent.deb
    else
      curl -fsSo /tmp/amazon-cloudwatch-agent.rpm "https://amazoncloudwatch-agent-$region.s3.$region.amazonaws.com/amazon_linux/amd64/latest/amazon-cloudwatch-agent.rpm"
      rpm -U --replacepkgs /tmp/amazon-cloudwatch-agent.rpm
    fi
  fi
  for attempt in $(seq 1 30); do
    "$ctl" -a fetch-config -m ec2 -s -c "ssm:${parameterName}" && return 0
    echo "waiting for the CloudWatch agent config ${parameterName} ($attempt/30)"
    sleep 20
  done
  return 1
}
install_cloudwatch_agent || echo "CloudWatch agent not running; memory and disk alarms will report missing data" >&2
`;
}

/**
 * What the agent needs: publish to the CWAgent namespace only (PutMetricData takes no resource ARN, so the
 * namespace condition is the scope) and read its one config parameter.
 */
export function cloudWatchAgentPolicy(partition: string, region: string, account: string, parameterName: string): aws.iam.PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PublishAgentMetrics",
                Effect: "Allow",
                Action: ["cloudwatch:PutMetricData"],
                Resource: ["*"],
                Condition: { StringEquals: { "cloudwatch:namespace": CWAGENT_NAMESPACE } },
            },
            {
                Sid: "ReadAgentConfig",
                Effect: "Allow",
                Action: ["ssm:GetParameter"],
                Resource: [`arn:${partition}:ssm:${region}:${account}:parameter${parameterName}`],
            },
        ],
    };
}

/** One log file the agent ships: its path on the instance (a glob is allowed) and the log group it goes to. */
export interface AgentLogFile {
    filePath: string;
    logGroupName: string;
}

/**
 * The agent config fragment that ships `files` to CloudWatch Logs, one stream per instance ({instance_id}). It is kept
 * in its own SSM parameter and appended to the metrics config (amazon-cloudwatch-agent-ctl -a append-config), so the
 * metrics parameter and the instances' boot script stay as they are. retention_in_days is left out: the log groups
 * exist (with their retention and KMS key) before the agent writes, and the agent would need logs:PutRetentionPolicy.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html (logs section)
 */
export function cloudWatchAgentLogsConfig(files: AgentLogFile[]): Record<string, unknown> {
    return {
        logs: {
            logs_collected: {
                files: {
                    collect_list: files.map((file) => ({
                        file_path: file.filePath,
                        log_group_name: file.logGroupName,
                        log_stream_name: "{instance_id}",
                        timezone: "UTC",
                    })),
                },
            },
        },
    };
}

/**
 * What the agent needs to ship logs into the given groups (the agent's own documented set, narrowed: no
 * CreateLogGroup or PutRetentionPolicy, as the groups exist) and to read its logs config parameter.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/create-iam-roles-for-cloudwatch-agent.html
 */
export function cloudWatchAgentLogsPolicy(partition: string, region: string, account: string, logGroupNames: string[], parameterName: string): aws.iam.PolicyDocument {
    const groupArn = (group: string) => `arn:${partition}:logs:${region}:${account}:log-group:${group}`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ShipLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: logGroupNames.flatMap((group) => [groupArn(group), `${groupArn(group)}:log-stream:*`]),
            },
            {
                Sid: "ReadAgentLogsConfig",
                Effect: "Allow",
                Action: ["ssm:GetParameter"],
                Resource: [`arn:${partition}:ssm:${region}:${account}:parameter${parameterName}`],
            },
        ],
    };
}
