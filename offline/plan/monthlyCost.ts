import { EC2_START_TARGET, EC2_STOP_TARGET, runningShare } from "../../components/operations/sigmaSchedule";
import { firstRuns } from "../../model/cron";
import { attachedVolumes, backupRules, backupStorageGb, rootVolumeGib } from "./backupRules";
import { providerDefaultTags } from "../check/policyCheck";
import { PlanAssumptions } from "./planAssumptions";
import { PriceBooks } from "./priceBook";
import { StackResources, SynthResource } from "./stackResources";

/** One priced line of the monthly bill. */
export interface CostLine {
    /** Logical name of the resource the charge belongs to. */
    resource: string;
    type: string;
    region: string;
    /** What is billed, e.g. "t3.xlarge instance-hours". */
    item: string;
    quantity: number;
    unit: string;
    unitUsd: number;
    monthlyUsd: number;
    /** The price file entry used. */
    priceKey: string;
    /** How the quantity was found (sizes, assumptions). */
    basis: string;
}

/** A charge the plan knows exists but cannot price: listed and counted, never zero. */
export interface UnpricedItem {
    resource: string;
    type: string;
    region: string;
    reason: string;
}

export interface CostReport {
    currency: "USD";
    lines: CostLine[];
    unpriced: UnpricedItem[];
    /** Sum of the priced lines; excludes everything in `unpriced`. */
    totalUsd: number;
    /** Resources with no charge of their own (IAM, security groups, attachments, components, ...). */
    noChargeResources: number;
}

/** A charge before pricing: which price entry, how many units, and why that many. */
interface Charge {
    item: string;
    priceKey: string;
    quantity: number;
    basis: string;
    /** Region whose price applies, when not the resource's own (copy storage lands in the DR region). */
    region?: string;
}

type Finding = Charge | { unpriced: string };

/** Types that carry no charge of their own; their cost, if any, shows on the resource they configure. */
export const NO_CHARGE_TYPES: ReadonlySet<string> = new Set([
    "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/instanceProfile:InstanceProfile", "aws:ec2/securityGroup:SecurityGroup",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:ec2/volumeAttachment:VolumeAttachment",
    "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable", "aws:ec2/route:Route",
    "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/internetGateway:InternetGateway",
    "aws:backup/vault:Vault", "aws:backup/selection:Selection", "aws:backup/vaultPolicy:VaultPolicy",
    // Storage in it is billed per copy, priced with the backup plan that copies there (backupCharges).
    "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault",
    "aws:backup/vaultNotifications:VaultNotifications", "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
    "aws:kms/alias:Alias", "aws:kms/keyPolicy:KeyPolicy",
    "aws:lb/targetGroup:TargetGroup", "aws:lb/listener:Listener", "aws:lb/listenerRule:ListenerRule",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketVersioningV2:BucketVersioningV2",
    "aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:sns/topicSubscription:TopicSubscription", "aws:sns/topicPolicy:TopicPolicy",
    "aws:lambda/permission:Permission", "aws:cloudwatch/eventTarget:EventTarget",
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "aws:backup/restoreTestingSelection:RestoreTestingSelection",
    "aws:ec2/eipAssociation:EipAssociation", "aws:lb/listenerCertificate:ListenerCertificate",
    // Metric filters are free (the custom metric they publish is priced with its alarm); State Manager associations and
    // their Command documents carry no charge. https://aws.amazon.com/cloudwatch/pricing/, https://aws.amazon.com/systems-manager/pricing/
    "aws:cloudwatch/logMetricFilter:LogMetricFilter", "aws:ssm/document:Document", "aws:ssm/association:Association",
    // Patch Manager on EC2, maintenance windows and Automation runbooks carry no charge ("Patch Manager ... no additional
    // charge" for EC2; Automation's free tier covers a few steps a quarter); the pre-patch backup is priced on the task.
    // https://aws.amazon.com/systems-manager/pricing/
    "aws:ssm/patchBaseline:PatchBaseline", "aws:ssm/patchGroup:PatchGroup", "aws:ssm/maintenanceWindow:MaintenanceWindow",
    "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget",
]);

/** Types that are billed by usage this plan cannot see offline: listed as not priced with the reason. */
const USAGE_ONLY_TYPES: Record<string, string> = {
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": "billed per restore test job plus the restored instance's run time while it is validated",
};

/** Types that are never billed: Pulumi components and providers, and values made locally (random). */
function isNeverBilled(stack: StackResources, r: SynthResource): boolean {
    return stack.isProvider(r) || r.type.startsWith("sigma:") || r.type === "pulumi:pulumi:Stack" || r.type.startsWith("random:");
}

/** Number of NAT gateways the stack runs: raw gateways plus those inside awsx VPCs. */
export function natGatewayCount(stack: StackResources): number {
    return stack.ofType("aws:ec2/natGateway:NatGateway").length + stack.ofType("awsx:ec2:Vpc").reduce((n, v) => n + awsxNatGateways(v), 0);
}

/** awsx.ec2.Vpc's NAT gateways from its inputs: strategy OnePerAz (the default), Single or None, over its AZs (default 3). */
export function awsxNatGateways(vpc: SynthResource): number {
    const strategy = String((vpc.inputs.natGateways as any)?.strategy ?? "OnePerAz");
    const azNames = vpc.inputs.availabilityZoneNames as string[] | undefined;
    const azs = azNames?.length ?? Number(vpc.inputs.numberOfAvailabilityZones ?? 3);
    return strategy === "None" ? 0 : strategy === "Single" ? 1 : azs;
}

const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

/** The custom (non-AWS namespace) metrics an alarm watches: a name to show and a key unique per metric and dimensions. */
export function customMetricsOf(alarm: SynthResource): Array<{ name: string; key: string; dimensions: string }> {
    const i = alarm.inputs as Record<string, any>;
    const metrics = [{ namespace: i.namespace, metricName: i.metricName, dimensions: i.dimensions },
        ...((i.metricQueries as any[]) ?? []).map((q) => q.metric).filter(Boolean)];
    return metrics.filter((m) => typeof m.namespace === "string" && !m.namespace.startsWith("AWS/")).map((m) => {
        const dimensions = m.dimensions ? JSON.stringify(m.dimensions) : "{}";
        return { name: `${m.namespace}/${m.metricName}`, key: `${m.namespace}/${m.metricName} ${dimensions}`, dimensions };
    });
}

/** The charges one resource brings, judged by its type and inputs alone. */
function chargesOf(stack: StackResources, r: SynthResource, a: PlanAssumptions, natCount: number,
    newCustomMetrics: (alarm: SynthResource) => ReturnType<typeof customMetricsOf>): Finding[] | undefined {
    const hours = a.hours;
    const inputs = r.inputs as Record<string, any>;
    switch (r.type) {
        case "aws:ec2/instance:Instance": {
            const root = rootVolumeGib(r, a);
            const rootType = String(inputs.rootBlockDevice?.volumeType ?? "gp2");
            const scheduled = scheduledShare(stack, r);
            const runHours = scheduled === undefined ? hours : Math.round(hours * scheduled.share * 100) / 100;
            const charges: Finding[] = [
                { item: `${inputs.instanceType} instance-hours`, priceKey: `ec2:${inputs.instanceType}`, quantity: runHours,
                    basis: scheduled === undefined ? `${hours} h/month` : `${hours} h/month x ${fmt(scheduled.share * 100)}% running (${scheduled.describe}; saves ${fmt(hours - runHours)} h)` },
                { item: `root volume ${rootType}`, priceKey: `ebs:${rootType}`, quantity: root.gib,
                    basis: root.assumed ? `${root.gib} GiB (AMI size, assumed: --ami-root-gib)` : `${root.gib} GiB` },
            ];
            for (const device of (inputs.ebsBlockDevices as any[]) ?? []) {
                const type = String(device.volumeType ?? "gp2");
                charges.push({ item: `volume ${device.deviceName} ${type}`, priceKey: `ebs:${type}`, quantity: Number(device.volumeSize ?? 0), basis: `${device.volumeSize} GiB` });
            }
            if (inputs.monitoring === true) {
                charges.push({ item: "detailed monitoring", priceKey: "cloudwatch:detailedMonitoringInstanceMonth", quantity: 1, basis: "1-minute EC2 metrics (monitoring: true)" });
            }
            if (inputs.associatePublicIpAddress === true) {
                charges.push({ item: "public IPv4 address", priceKey: "publicIpv4:hour", quantity: hours, basis: `1 address x ${hours} h` });
            }
            return charges;
        }
        case "aws:ebs/volume:Volume": {
            const type = String(inputs.type ?? "gp2");
            const charges: Finding[] = [{ item: `${type} volume`, priceKey: `ebs:${type}`, quantity: Number(inputs.size ?? 0), basis: `${inputs.size} GiB` }];
            if (type === "gp3" && ((inputs.iops ?? 3000) > 3000 || (inputs.throughput ?? 125) > 125)) {
                charges.push({ unpriced: `gp3 performance above the free 3000 IOPS / 125 MB/s baseline (iops ${inputs.iops}, throughput ${inputs.throughput})` });
            }
            return charges;
        }
        case "aws:ec2/natGateway:NatGateway":
            return natCharges(1, natCount, a);
        case "awsx:ec2:Vpc": {
            const nats = awsxNatGateways(r);
            const strategy = String(inputs.natGateways?.strategy ?? "OnePerAz");
            return nats === 0 ? [] : [
                ...natCharges(nats, natCount, a).map((c) => ("unpriced" in c ? c : { ...c, basis: `${c.basis}; NAT strategy ${strategy}` })),
                { item: "NAT gateway public IPv4", priceKey: "publicIpv4:hour", quantity: nats * hours, basis: `${nats} Elastic IP(s) x ${hours} h` },
            ];
        }
        case "aws:ec2/eip:Eip":
            return [{ item: "Elastic IP (public IPv4)", priceKey: "publicIpv4:hour", quantity: hours, basis: `${hours} h` }];
        case "aws:ec2/vpcEndpoint:VpcEndpoint": {
            const kind = String(inputs.vpcEndpointType ?? "Gateway");
            if (kind === "Gateway") {
                return [];
            }
            if (kind !== "Interface") {
                return [{ unpriced: `${kind} VPC endpoint` }];
            }
            const azs = Math.max(1, ((inputs.subnetIds as string[]) ?? []).length);
            return [
                { item: `interface endpoint ${inputs.serviceName ?? ""}`.trim(), priceKey: "vpcEndpoint:interfaceAzHour", quantity: azs * hours, basis: `${azs} AZ x ${hours} h` },
                { item: "endpoint data processed", priceKey: "vpcEndpoint:GB", quantity: a.endpointGb, basis: `${a.endpointGb} GB (assumed: --endpoint-gb)` },
            ];
        }
        case "aws:lb/loadBalancer:LoadBalancer":
        case "aws:alb/loadBalancer:LoadBalancer": {
            const kind = String(inputs.loadBalancerType ?? "application");
            if (kind !== "application") {
                return [{ unpriced: `${kind} load balancer` }];
            }
            const charges: Finding[] = [
                { item: "ALB hours", priceKey: "alb:hour", quantity: hours, basis: `${hours} h` },
                { item: "ALB capacity units", priceKey: "alb:lcuHour", quantity: a.albLcu * hours, basis: `${a.albLcu} LCU (assumed: --alb-lcu) x ${hours} h` },
            ];
            if (inputs.internal !== true) {
                const azs = Math.max(((inputs.subnets as string[]) ?? []).length, ((inputs.subnetMappings as unknown[]) ?? []).length, 2);
                charges.push({ item: "ALB public IPv4 addresses", priceKey: "publicIpv4:hour", quantity: azs * hours, basis: `${azs} addresses (one per AZ) x ${hours} h` });
            }
            return charges;
        }
        case "aws:kms/key:Key":
        case "aws:kms/replicaKey:ReplicaKey":
            return [{ item: "customer managed key", priceKey: "kms:keyMonth", quantity: 1, basis: "1 key-month (requests within the free tier)" }];
        case "aws:cloudwatch/metricAlarm:MetricAlarm": {
            const metrics = Math.max(1, ((inputs.metricQueries as any[]) ?? []).filter((q) => q.metric).length);
            const highResolution = typeof inputs.period === "number" && inputs.period < 60;
            const charges: Finding[] = [{ item: `${highResolution ? "high-resolution " : ""}alarm`, priceKey: highResolution ? "cloudwatch:highResolutionAlarmMonth" : "cloudwatch:alarmMonth",
                quantity: metrics, basis: `${metrics} metric(s)` }];
            for (const metric of newCustomMetrics(r)) {
                charges.push({ item: `custom metric ${metric.name}`, priceKey: "cloudwatch:customMetricMonth", quantity: 1,
                    basis: `dimensions ${metric.dimensions}; a non-AWS namespace (e.g. the CloudWatch agent's), so at least this alarmed metric is published` });
            }
            return charges;
        }
        case "aws:cloudwatch/logGroup:LogGroup":
            return logGroupCharges(inputs, a);
        case "aws:cloudwatch/dashboard:Dashboard":
            return [{ item: "dashboard", priceKey: "cloudwatch:dashboardMonth", quantity: 1, basis: "1 dashboard (free tier of 3 per account ignored)" }];
        case "aws:sns/topic:Topic":
            return [{ item: "topic", priceKey: "sns:topicMonth", quantity: 1, basis: "1 topic" }];
        case "aws:ssm/parameter:Parameter": {
            const advanced = String(inputs.tier ?? "Standard") === "Advanced";
            return [{ item: `${advanced ? "advanced" : "standard"} parameter`, priceKey: advanced ? "ssm:advancedParameterMonth" : "ssm:standardParameterMonth", quantity: 1, basis: "1 parameter" }];
        }
        case "aws:secretsmanager/secret:Secret":
            return [{ item: "secret", priceKey: "secretsManager:secretMonth", quantity: 1, basis: "1 secret" }];
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2":
            return [{ item: "S3 Standard storage", priceKey: "s3:standardGBMonth", quantity: a.bucketGb, basis: `${a.bucketGb} GB (assumed: --bucket-gb)` }];
        case "aws:lambda/function:Function": {
            const memoryGb = Number(inputs.memorySize ?? 128) / 1024;
            const timeout = Number(inputs.timeout ?? 3);
            return [
                { item: "Lambda requests", priceKey: "lambda:requestMillion", quantity: a.lambdaRuns / 1e6, basis: `${a.lambdaRuns} runs (assumed: --lambda-runs)` },
                { item: "Lambda compute", priceKey: "lambda:GBSecond", quantity: a.lambdaRuns * memoryGb * timeout,
                    basis: `${a.lambdaRuns} runs x ${fmt(memoryGb)} GB x ${timeout} s (full timeout, free tier ignored)` },
            ];
        }
        case "aws:cloudwatch/eventRule:EventRule":
            return [{ item: "event rule", priceKey: "eventbridge:ruleMonth", quantity: 1, basis: "1 rule" }];
        case "aws:backup/plan:Plan":
            return backupCharges(stack, r, a);
        case "aws:dlm/lifecyclePolicy:LifecyclePolicy":
            return consistentSnapshotCharges(stack, r, a);
        case "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask":
            return prePatchBackupCharges(stack, r, a);
        default:
            return USAGE_ONLY_TYPES[r.type] ? [{ unpriced: USAGE_ONLY_TYPES[r.type] }] : undefined;
    }
}

/**
 * The share of the month an instance runs when Scheduler stop and start schedules target it (sigma:schedule), over four
 * weeks from a fixed Monday so the plan is the same on every run; undefined when nothing stops it.
 */
export function scheduledShare(stack: StackResources, instance: SynthResource): { share: number; describe: string } | undefined {
    const targeting = (arn: string) => stack.ofType("aws:scheduler/schedule:Schedule").find((schedule) =>
        (schedule.inputs as any).target?.arn === arn && (schedule.propertyDependencies?.target ?? []).includes(instance.urn));
    const stop = targeting(EC2_STOP_TARGET);
    const start = targeting(EC2_START_TARGET);
    if (stop === undefined || start === undefined) {
        return undefined;
    }
    const stopAt = String(stop.inputs.scheduleExpression);
    const startAt = String(start.inputs.scheduleExpression);
    return { share: runningShare(stopAt, startAt, new Date("2026-01-05T00:00:00Z")), describe: `stopped ${stopAt}, started ${startAt}` };
}

/**
 * A log group: --log-gb ingested a month, and what its retention holds at steady state (retention days of ingestion,
 * up to the month's; a group that never expires grows without bound and is left unpriced).
 */
export function logGroupCharges(inputs: Record<string, any>, a: PlanAssumptions): Finding[] {
    const retentionDays = Number(inputs.retentionInDays ?? 0);
    const ingest: Finding = { item: "log ingestion", priceKey: "logs:ingestGB", quantity: a.logGb, basis: `${a.logGb} GB/month (assumed: --log-gb)` };
    if (!(retentionDays > 0)) {
        return [ingest, { unpriced: "log storage: the group never expires its events, so storage grows without bound" }];
    }
    const stored = a.logGb * retentionDays / 30;
    return [ingest, { item: "log storage", priceKey: "logs:storageGBMonth", quantity: stored, basis: `${a.logGb} GB/month x ${retentionDays} days retention / 30` }];
}

/**
 * The pre-patch backup a patch window's task takes of each instance it targets (SigmaPatching's runbook, DeleteAfterDays
 * from the task). Assumed: it is incremental on the newest scheduled recovery point, so it holds at most one day's change
 * (--change-rate) of the instance's volumes, kept DeleteAfterDays, once per window run (runs per month from the window's
 * schedule over a year). Without a DeleteAfterDays the task takes no backup and carries no charge.
 */
export function prePatchBackupCharges(stack: StackResources, task: SynthResource, a: PlanAssumptions): Finding[] {
    const parameters = ((task.inputs as any).taskInvocationParameters?.automationParameters?.parameters ?? []) as Array<{ name: string; values: string[] }>;
    const retentionDays = Number(parameters.find((p) => p.name === "DeleteAfterDays")?.values?.[0]);
    if (!(retentionDays > 0)) {
        return [];
    }
    const window = (task.propertyDependencies?.windowId ?? []).map((urn) => stack.byUrn.get(urn)).find((w) => w?.type === "aws:ssm/maintenanceWindow:MaintenanceWindow");
    const targets = (task.propertyDependencies?.targets ?? []).map((urn) => stack.byUrn.get(urn)).filter((t) => t?.type === "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget");
    if (window === undefined || targets.length === 0) {
        return [{ unpriced: "pre-patch backup: the task's window or targets are not in the synth" }];
    }
    const tagged = (instance: SynthResource) => targets.some((target) => ((target!.inputs.targets as Array<{ key: string; values: string[] }>) ?? []).every((t) =>
        t.key.startsWith("tag:") && t.values.includes(((instance.inputs.tags ?? {}) as Record<string, string>)[t.key.slice(4)])));
    const instances = stack.ofType("aws:ec2/instance:Instance").filter(tagged);
    const dataGib = instances.reduce((sum, instance) => sum + rootVolumeGib(instance, a).gib + attachedVolumes(stack, instance).reduce((n, v) => n + v.gib, 0), 0);
    let runsPerMonth: number;
    try {
        const from = new Date("2026-01-05T00:00:00Z");
        const yearLater = from.getTime() + 365 * 86_400_000;
        runsPerMonth = firstRuns(String(window.inputs.schedule), from, 400).filter((run) => run.getTime() < yearLater).length / 12;
    } catch {
        return [{ unpriced: `pre-patch backup: the window's schedule ${JSON.stringify(window.inputs.schedule)} is not one the plan can read` }];
    }
    const daysPerMonth = a.hours / 24;
    const stored = dataGib * a.changeRate * runsPerMonth * Math.min(retentionDays, daysPerMonth) / daysPerMonth;
    return [{
        item: "pre-patch backup storage", priceKey: "backup:ebsGBMonth", quantity: stored,
        basis: `${instances.length} instance(s), ${dataGib} GiB x ${a.changeRate} (one day's change, assumed: --change-rate) x ${fmt(runsPerMonth)} run(s)/month x ${retentionDays} of ${fmt(daysPerMonth)} days kept`,
    }];
}

function natCharges(gateways: number, natCount: number, a: PlanAssumptions): Finding[] {
    const share = natCount > 0 ? (a.natGb * gateways) / natCount : 0;
    return [
        { item: "NAT gateway hours", priceKey: "natGateway:hour", quantity: gateways * a.hours, basis: `${gateways} gateway(s) x ${a.hours} h` },
        { item: "NAT data processed", priceKey: "natGateway:GB", quantity: share, basis: `${fmt(share)} GB (share of --nat-gb ${a.natGb})` },
    ];
}

/** Days a DLM retain rule keeps a snapshot (interval and unit), or undefined for a count-based rule. */
function dlmRetentionDays(rule: { interval?: number; intervalUnit?: string } | undefined): number | undefined {
    const perUnit: Record<string, number> = { DAYS: 1, WEEKS: 7, MONTHS: 30, YEARS: 365 };
    return typeof rule?.interval === "number" && rule.intervalUnit !== undefined && perUnit[rule.intervalUnit] !== undefined
        ? rule.interval * perUnit[rule.intervalUnit] : undefined;
}

/**
 * A Data Lifecycle Manager snapshot policy (sigma:backup.consistency application). DLM itself is free ("at no additional
 * cost", https://docs.aws.amazon.com/ebs/latest/userguide/snapshot-lifecycle.html); its snapshots are billed as EBS snapshot
 * storage, priced with the backup storage's assumption and price (one full copy plus each day's change for the retention;
 * AWS Backup bills EBS backups as EBS snapshots): an upper bound, since EBS may share unchanged blocks with AWS Backup's
 * snapshots of the same volume. Instances are those with any of the policy's target tags; boot volumes count unless excluded.
 */
export function consistentSnapshotCharges(stack: StackResources, policy: SynthResource, a: PlanAssumptions): Finding[] {
    const details = (policy.inputs as any).policyDetails ?? {};
    const targetTags = (details.targetTags ?? {}) as Record<string, string>;
    const instances = stack.ofType("aws:ec2/instance:Instance").filter((instance) => {
        const provider = instance.provider ? stack.byUrn.get(instance.provider) : undefined;
        const tags = { ...providerDefaultTags(provider), ...((instance.inputs.tags ?? {}) as Record<string, string>) };
        return Object.entries(targetTags).some(([key, value]) => tags[key] === value);
    });
    if (instances.length === 0) {
        return [];
    }
    const withBoot = details.parameters?.excludeBootVolume !== true;
    const dataGib = instances.reduce((sum, instance) => sum + (withBoot ? rootVolumeGib(instance, a).gib : 0)
        + attachedVolumes(stack, instance).reduce((n, v) => n + v.gib, 0), 0);
    const covered = `${instances.length} instance(s), ${dataGib} GiB of ${withBoot ? "root and data" : "data"} volumes`;
    const daysPerMonth = a.hours / 24;
    return ((details.schedules ?? []) as any[]).flatMap((schedule): Finding[] => {
        const name = String(schedule.name ?? "schedule");
        const retention = dlmRetentionDays(schedule.retainRule);
        if (retention === undefined) {
            return [{ unpriced: `app-consistent snapshots, schedule ${name}: count-based retention, whose storage depends on the schedule` }];
        }
        const findings: Finding[] = [{
            item: `app-consistent snapshot storage, schedule ${name}`, priceKey: "backup:ebsGBMonth", quantity: backupStorageGb(dataGib, a.changeRate, retention),
            basis: `${covered} x (1 full + ${a.changeRate} daily change x ${retention} days retention); DLM itself is free`,
        }];
        for (const copy of (schedule.crossRegionCopyRules ?? []) as any[]) {
            const region = typeof copy.target === "string" && copy.target !== "" ? copy.target : undefined;
            const copyRetention = dlmRetentionDays(copy.retainRule);
            if (region === undefined || copyRetention === undefined) {
                findings.push({ unpriced: `app-consistent snapshot copy, schedule ${name}: ${region === undefined ? "target region unknown offline" : "no time-based retention"}` });
                continue;
            }
            findings.push({
                item: `app-consistent snapshot copy to ${region}, schedule ${name}`, priceKey: "backup:crossRegionCopyGB", quantity: dataGib * a.changeRate * daysPerMonth,
                basis: `${dataGib} GiB x ${a.changeRate} daily change x ${fmt(daysPerMonth)} days (steady state; the first full copy is extra)`,
            }, {
                item: `app-consistent snapshot storage in ${region}, schedule ${name}`, priceKey: "backup:ebsGBMonth", region,
                quantity: backupStorageGb(dataGib, a.changeRate, copyRetention),
                basis: `${dataGib} GiB x (1 full + ${a.changeRate} x ${copyRetention} days retention)`,
            });
        }
        return findings;
    });
}

/** The name of the stack's logically air-gapped vault a copy goes to (ARN ends in `:backup-vault:<its name>`), or undefined. */
function airGappedVaultNamed(stack: StackResources, destinationVaultArn: string): string | undefined {
    return stack.ofType("aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault")
        .map((vault) => vault.inputs.name).find((name) => typeof name === "string" && destinationVaultArn.endsWith(`:backup-vault:${name}`)) as string | undefined;
}

/** Backup storage, cross-region copy transfer, DR storage and air-gapped copy storage of one backup plan's rules. */
function backupCharges(stack: StackResources, plan: SynthResource, a: PlanAssumptions): Finding[] {
    const daysPerMonth = a.hours / 24;
    return backupRules(stack, a).filter((rule) => rule.plan.urn === plan.urn).flatMap((rule): Finding[] => {
        if (rule.coveredInstances.length === 0) {
            return [];
        }
        const covered = `${rule.dataGib} GiB (${rule.dataBasis.join("; ")})`;
        if (rule.retentionDays === undefined) {
            return [{ unpriced: `rule ${rule.ruleName} keeps recovery points forever (no lifecycle.deleteAfter): storage grows without bound` }];
        }
        const stored = backupStorageGb(rule.dataGib, a.changeRate, rule.retentionDays);
        const findings: Finding[] = [{
            item: `backup storage, rule ${rule.ruleName}`, priceKey: "backup:ebsGBMonth", quantity: stored,
            basis: `${covered} x (1 full + ${a.changeRate} daily change x ${rule.retentionDays} days retention)`,
        }];
        for (const copy of rule.copies) {
            const airGapped = airGappedVaultNamed(stack, copy.destinationVaultArn);
            if (airGapped !== undefined) {
                // Same region, so no transfer; storage at the logically air-gapped vault rate of AWS Backup's price list
                // (https://aws.amazon.com/backup/pricing/, "logically air-gapped vault" rows), which the price file must hold.
                findings.push(copy.retentionDays === undefined
                    ? { unpriced: `copy to ${airGapped} keeps recovery points forever: storage grows without bound` }
                    : {
                        item: `air-gapped copy storage in ${airGapped}, rule ${rule.ruleName}`, priceKey: "backup:airGappedGBMonth",
                        quantity: backupStorageGb(rule.dataGib, a.changeRate, copy.retentionDays),
                        basis: `${rule.dataGib} GiB x (1 full + ${a.changeRate} x ${copy.retentionDays} days retention), same region: no transfer`,
                    });
                continue;
            }
            if (!copy.region) {
                findings.push({ unpriced: `copy to ${copy.destinationVaultArn}: destination region unknown offline` });
                continue;
            }
            const transferred = rule.dataGib * a.changeRate * daysPerMonth;
            findings.push({
                item: `cross-region copy to ${copy.region}, rule ${rule.ruleName}`, priceKey: "backup:crossRegionCopyGB", quantity: transferred,
                basis: `${rule.dataGib} GiB x ${a.changeRate} daily change x ${fmt(daysPerMonth)} days (steady state; the first full copy is extra)`,
            });
            if (copy.retentionDays === undefined) {
                findings.push({ unpriced: `copy to ${copy.region} keeps recovery points forever: storage grows without bound` });
                continue;
            }
            findings.push({
                item: `DR backup storage in ${copy.region}, rule ${rule.ruleName}`, priceKey: "backup:ebsGBMonth", region: copy.region,
                quantity: backupStorageGb(rule.dataGib, a.changeRate, copy.retentionDays),
                basis: `${rule.dataGib} GiB x (1 full + ${a.changeRate} x ${copy.retentionDays} days retention)`,
            });
        }
        return findings;
    });
}

const cents = (usd: number) => Math.round(usd * 100) / 100;

/** The monthly cost of a synthesised stack in USD, priced per resource region from the price files. */
export function monthlyCost(stack: StackResources, assumptions: PlanAssumptions, prices: PriceBooks = new PriceBooks()): CostReport {
    const lines: CostLine[] = [];
    const unpriced: UnpricedItem[] = [];
    let noChargeResources = 0;
    const natCount = natGatewayCount(stack);
    // A custom metric is billed once however many alarms watch it.
    const seenMetrics = new Set<string>();
    const newCustomMetrics = (alarm: SynthResource) => customMetricsOf(alarm).filter((m) => !seenMetrics.has(m.key) && seenMetrics.add(m.key));
    for (const r of stack.resources) {
        const region = stack.regionOf(r);
        if (isNeverBilled(stack, r) || NO_CHARGE_TYPES.has(r.type)) {
            noChargeResources++;
            continue;
        }
        const findings = chargesOf(stack, r, assumptions, natCount, newCustomMetrics);
        if (findings === undefined) {
            unpriced.push({ resource: r.name, type: r.type, region, reason: `no cost model for resource type ${r.type}` });
            continue;
        }
        for (const finding of findings) {
            if ("unpriced" in finding) {
                unpriced.push({ resource: r.name, type: r.type, region, reason: finding.unpriced });
                continue;
            }
            const priceRegion = finding.region ?? region;
            const price = prices.forRegion(priceRegion).prices[finding.priceKey];
            if (!price) {
                unpriced.push({ resource: r.name, type: r.type, region: priceRegion,
                    reason: `${finding.item}: no price "${finding.priceKey}" in offline/plan/prices/${priceRegion}.json` });
                continue;
            }
            lines.push({
                resource: r.name, type: r.type, region: priceRegion, item: finding.item, quantity: finding.quantity, unit: price.unit,
                unitUsd: price.usd, monthlyUsd: cents(finding.quantity * price.usd), priceKey: finding.priceKey, basis: finding.basis,
            });
        }
    }
    const totalUsd = cents(lines.reduce((sum, l) => sum + l.monthlyUsd, 0));
    return { currency: "USD", lines, unpriced, totalUsd, noChargeResources };
}
