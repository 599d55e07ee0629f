import { SynthResult } from "../../../offline/synth/synthesize";

const PROJECT = "sigma";
const urn = (stack: string, type: string, name: string, parentType?: string) =>
    `urn:pulumi:${stack}::${PROJECT}::${parentType ? `${parentType}$` : ""}${type}::${name}`;

/**
 * A synth document shaped like the multi-AZ + backup + DR stack the other branches register (awsx VPC with NAT
 * gateways, ALB, two instances, a backup plan copying to ap-southeast-2), so the plan's cost and recovery logic is
 * tested before those branches land. Sizes are parameters so tests compute expectations from them.
 */
export function prodLikeSynth(options: {
    stack?: string; instanceType?: string; dataGiB?: number; rootGiB?: number; azs?: number; natStrategy?: string;
    schedule?: string; retentionDays?: number; copyRetentionDays?: number;
} = {}): SynthResult {
    const stack = options.stack ?? "prodlike";
    const o = { instanceType: "r5.large", dataGiB: 200, rootGiB: 40, azs: 2, natStrategy: "OnePerAz", schedule: "cron(0 */1 * * ? *)",
        retentionDays: 7, copyRetentionDays: 14, ...options };
    const provider = urn(stack, "pulumi:providers:aws", "aws");
    const drProvider = urn(stack, "pulumi:providers:aws", "dr");
    const instanceComponent = (n: number) => urn(stack, "sigma:compute:SigmaInstance", `sigma-${n}`);
    const backupComponent = urn(stack, "sigma:backup:SigmaBackup", "sigma");
    const r = (type: string, name: string, inputs: Record<string, unknown>, parent?: string, p = provider) =>
        ({ urn: urn(stack, type, name), type, name, parent, provider: p, inputs });
    const instance = (n: number) => [
        { urn: instanceComponent(n), type: "sigma:compute:SigmaInstance", name: `sigma-${n}`, inputs: {} },
        r("aws:ec2/instance:Instance", `sigma-${n}-instance`, {
            instanceType: o.instanceType, subnetId: `subnet-0000000000000000${n}`, associatePublicIpAddress: false,
            rootBlockDevice: { volumeType: "gp3", volumeSize: o.rootGiB, encrypted: true },
            metadataOptions: { httpTokens: "required" }, tags: { "sigma:backup": "true", Name: `sigma-${n}` },
        }, instanceComponent(n)),
        r("aws:ebs/volume:Volume", `sigma-${n}-data`, { size: o.dataGiB, type: "gp3", encrypted: true, availabilityZone: `ap-southeast-1${"ab"[n - 1]}` }, instanceComponent(n)),
        // The first attachment carries property dependencies (synth records them); the second shows the same-component fallback.
        { ...r("aws:ec2/volumeAttachment:VolumeAttachment", `sigma-${n}-data-attachment`, { deviceName: "/dev/sdf", instanceId: `i-${n}`, volumeId: `vol-${n}` }, instanceComponent(n)),
            ...(n === 1 ? { propertyDependencies: {
                instanceId: [urn(stack, "aws:ec2/instance:Instance", `sigma-${n}-instance`)], volumeId: [urn(stack, "aws:ebs/volume:Volume", `sigma-${n}-data`)],
            } } : {}) },
        r("aws:cloudwatch/metricAlarm:MetricAlarm", `sigma-${n}-auto-recovery`, {
            namespace: "AWS/EC2", metricName: "StatusCheckFailed_System", period: 60, evaluationPeriods: 2, threshold: 0,
            comparisonOperator: "GreaterThanThreshold", alarmActions: ["arn:aws:automate:ap-southeast-1:ec2:recover"],
        }, instanceComponent(n)),
    ];
    const resources = [
        { urn: provider, type: "pulumi:providers:aws", name: "aws", inputs: { region: "ap-southeast-1" } },
        { urn: drProvider, type: "pulumi:providers:aws", name: "dr", inputs: { region: "ap-southeast-2" } },
        { urn: urn(stack, "awsx:ec2:Vpc", "sigma"), type: "awsx:ec2:Vpc", name: "sigma", provider,
            inputs: { cidrBlock: "10.20.0.0/16", numberOfAvailabilityZones: o.azs, natGateways: { strategy: o.natStrategy } } },
        r("aws:lb/loadBalancer:LoadBalancer", "sigma-alb", { loadBalancerType: "application", internal: false, subnets: ["subnet-a", "subnet-b"] }),
        r("aws:lb/targetGroup:TargetGroup", "sigma-tg", { port: 8080, protocol: "HTTP" }),
        r("aws:lb/listener:Listener", "sigma-https", { port: 443, protocol: "HTTPS" }),
        r("aws:s3/bucketV2:BucketV2", "sigma-alb-logs", {}),
        r("aws:ec2/vpcEndpoint:VpcEndpoint", "sigma-ssm", { vpcEndpointType: "Interface", serviceName: "com.amazonaws.ap-southeast-1.ssm", subnetIds: ["subnet-a", "subnet-b"] }),
        r("aws:ec2/vpcEndpoint:VpcEndpoint", "sigma-s3", { vpcEndpointType: "Gateway", serviceName: "com.amazonaws.ap-southeast-1.s3" }),
        r("aws:sns/topic:Topic", "sigma-alarms", {}),
        r("aws:ssm/parameter:Parameter", "sigma-url", { type: "String", name: "/sigma/url" }),
        ...instance(1),
        ...instance(2),
        { urn: backupComponent, type: "sigma:backup:SigmaBackup", name: "sigma", inputs: {} },
        r("aws:kms/key:Key", "sigma-backup-key", { enableKeyRotation: true }, backupComponent),
        r("aws:backup/vault:Vault", "sigma-vault", { name: "SigmaBackupVault" }, backupComponent),
        r("aws:kms/key:Key", "sigma-dr-key", { enableKeyRotation: true }, backupComponent, drProvider),
        r("aws:backup/vault:Vault", "sigma-dr-vault", { name: "SigmaBackupVault-dr" }, backupComponent, drProvider),
        r("aws:backup/plan:Plan", "sigma-plan", {
            name: "SigmaBackupPlan",
            rules: [{
                ruleName: "sigma-scheduled", targetVaultName: "SigmaBackupVault", schedule: o.schedule, startWindow: 60,
                lifecycle: { deleteAfter: o.retentionDays },
                copyActions: [{ destinationVaultArn: "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:SigmaBackupVault-dr", lifecycle: { deleteAfter: o.copyRetentionDays } }],
            }],
        }, backupComponent),
        r("aws:backup/selection:Selection", "sigma-selection", {
            planId: "plan-id", iamRoleArn: "arn:aws:iam::123456789012:role/backup",
            selectionTags: [{ type: "STRINGEQUALS", key: "sigma:backup", value: "true" }],
        }, backupComponent),
        r("aws:lambda/function:Function", "sigma-restore", { runtime: "python3.12", memorySize: 256, timeout: 300 }, backupComponent),
    ];
    return { project: PROJECT, stack, resources, outputs: {} };
}
