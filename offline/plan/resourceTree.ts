import { BackupSelectionInputs, readSelectionInputs, SelectionConditions } from "../../model/backupSelection";
import { scheduleInterval } from "./backupSchedule";
import { arnRegion } from "./backupRules";
import { StackResources, SynthResource } from "./stackResources";

/** One resource in the plan's tree with the properties a reviewer looks at. */
export interface TreeNode {
    type: string;
    name: string;
    region: string;
    /** Short "key value" facts, e.g. "instance type t3.xlarge". */
    details: string[];
    children: TreeNode[];
}

const list = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));

const CONDITION_SYMBOLS: Record<keyof SelectionConditions, string> = { stringEquals: "=", stringNotEquals: "!=", stringLikes: " like ", stringNotLikes: " not like " };

/** What a backup selection assigns, in a reviewer's words: "selects <tags and ARN patterns>[, if <conditions>][, except <ARNs>]". */
export function describeSelection(selection: BackupSelectionInputs): string {
    const tags = (selection.selectionTags ?? []).map((t) => `${t.key}=${t.value}`);
    const conditions = (selection.conditions ?? []).flatMap((block) => (Object.keys(CONDITION_SYMBOLS) as Array<keyof SelectionConditions>)
        .flatMap((operator) => (block[operator] ?? []).map((c) => `${String(c.key).replace(/^aws:ResourceTag\//, "")}${CONDITION_SYMBOLS[operator]}${c.value}`)));
    const except = selection.notResources ?? [];
    return `selects ${[...tags, ...(selection.resources ?? [])].join(", ") || "nothing"}` +
        (conditions.length > 0 ? `, if ${conditions.join(" and ")}` : "") + (except.length > 0 ? `, except ${except.join(", ")}` : "");
}

function ruleSource(i: Record<string, any>, direction: "from" | "to"): string {
    const peer = i.cidrIpv4 ?? i.cidrIpv6 ?? i.referencedSecurityGroupId ?? i.prefixListId ?? "?";
    const ports = i.fromPort === i.toPort ? `${i.fromPort}` : `${i.fromPort}-${i.toPort}`;
    return `${i.ipProtocol === "-1" ? "all traffic" : `${i.ipProtocol}/${ports}`} ${direction} ${peer}`;
}

/** The reviewer's facts about one resource, judged by type and inputs. */
export function resourceDetails(r: SynthResource): string[] {
    const i = r.inputs as Record<string, any>;
    switch (r.type) {
        case "aws:ec2/instance:Instance":
            return [
                `instance type ${i.instanceType}`, `subnet ${i.subnetId}`,
                `root ${i.rootBlockDevice?.volumeType ?? "gp2"} ${i.rootBlockDevice?.volumeSize ?? "AMI size"}${typeof i.rootBlockDevice?.volumeSize === "number" ? " GiB" : ""}${i.rootBlockDevice?.encrypted ? " encrypted" : ""}`,
                `public IP ${i.associatePublicIpAddress ? "yes" : "no"}`, `IMDSv2 ${i.metadataOptions?.httpTokens === "required" ? "required" : "optional"}`,
                `termination protection ${i.disableApiTermination ? "on" : "off"}`,
                ...(i.tags?.["sigma:backup"] ? [`backup tag sigma:backup=${i.tags["sigma:backup"]}`] : []),
            ];
        case "aws:ebs/volume:Volume":
            return [`${i.type ?? "gp2"} ${i.size} GiB`, `AZ ${i.availabilityZone}`, `encrypted ${i.encrypted ? "yes" : "no"}`];
        case "aws:ec2/securityGroup:SecurityGroup":
            return [`vpc ${i.vpcId}`];
        case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            return [`in ${ruleSource(i, "from")}`];
        case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
            return [`out ${ruleSource(i, "to")}`];
        case "aws:ec2/securityGroupRule:SecurityGroupRule":
            return [`${i.type === "ingress" ? "in" : "out"} ${i.protocol}/${i.fromPort}-${i.toPort} ${i.type === "ingress" ? "from" : "to"} ${list(i.cidrBlocks ?? i.sourceSecurityGroupId)}`];
        case "aws:cloudwatch/metricAlarm:MetricAlarm": {
            const watched = i.metricQueries
                ? `metric math over ${((i.metricQueries as any[]) ?? []).filter((q) => q.metric).map((q) => q.metric.metricName).join(", ")}`
                : `${i.namespace}/${i.metricName}`;
            return [`${watched} ${i.comparisonOperator} ${i.threshold} for ${i.evaluationPeriods}${i.period ? `x${i.period}s` : " periods"}`, `actions ${list(i.alarmActions ?? [])}`];
        }
        case "aws:backup/plan:Plan":
            return ((i.rules as any[]) ?? []).flatMap((rule) => {
                const schedule = rule.schedule ?? rule.scheduleExpression;
                return [
                    `rule ${rule.ruleName}: ${schedule} (${schedule ? scheduleInterval(String(schedule)).describe : "no schedule"}), keep ${rule.lifecycle?.deleteAfter ?? "forever"} days, vault ${rule.targetVaultName}`,
                    ...((rule.copyActions as any[]) ?? []).map((c) => `  copy to ${arnRegion(c.destinationVaultArn) ?? "?"} ${c.destinationVaultArn}, keep ${c.lifecycle?.deleteAfter ?? rule.lifecycle?.deleteAfter ?? "forever"} days`),
                ];
            });
        case "aws:backup/vault:Vault":
            return [`name ${i.name ?? r.name}`, `kms ${i.kmsKeyArn ?? "AWS managed"}`];
        case "aws:backup/selection:Selection":
            return [describeSelection(readSelectionInputs(i))];
        case "awsx:ec2:Vpc":
            return [`AZs ${i.availabilityZoneNames?.length ?? i.numberOfAvailabilityZones ?? 3}`, `NAT ${i.natGateways?.strategy ?? "OnePerAz"}`, `cidr ${i.cidrBlock ?? "10.0.0.0/16"}`];
        case "aws:ec2/vpcEndpoint:VpcEndpoint":
            return [`${i.vpcEndpointType ?? "Gateway"} ${i.serviceName}`, ...(i.subnetIds ? [`subnets ${list(i.subnetIds)}`] : [])];
        case "aws:lb/loadBalancer:LoadBalancer":
        case "aws:alb/loadBalancer:LoadBalancer":
            return [`${i.loadBalancerType ?? "application"} ${i.internal ? "internal" : "internet-facing"}`, `subnets ${list(i.subnets ?? [])}`];
        case "aws:lb/listener:Listener":
            return [`${i.protocol} ${i.port}`];
        case "aws:kms/key:Key":
            return [`rotation ${i.enableKeyRotation ? "on" : "off"}`, `deletion window ${i.deletionWindowInDays ?? 30} days`];
        case "aws:lambda/function:Function":
            return [`${i.runtime} ${i.memorySize ?? 128} MB, timeout ${i.timeout ?? 3} s`];
        case "aws:ssm/parameter:Parameter":
            return [`${i.type} ${i.tier ?? "Standard"} ${i.name ?? r.name}`];
        case "aws:ec2/natGateway:NatGateway":
            return [`subnet ${i.subnetId}`, `${i.connectivityType ?? "public"}`];
        case "pulumi:providers:aws":
            return [`region ${i.region}`];
        default:
            return [];
    }
}

/** The stack as a tree: components with their children, roots first in registration order. */
export function resourceTree(stack: StackResources): TreeNode[] {
    const build = (r: SynthResource): TreeNode => ({
        type: r.type,
        name: r.name,
        region: stack.regionOf(r),
        details: resourceDetails(r),
        children: (stack.childrenOf.get(r.urn) ?? []).map(build),
    });
    return (stack.childrenOf.get("") ?? []).map(build);
}
