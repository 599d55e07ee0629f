import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaInstance, SigmaInstanceArgs, SigmaLoadBalancer, SigmaMonitoring, SigmaNetwork, SigmaSecurityGroups } from "../components";
import { MultiAzConfig, StackConfig } from "./config";
import { alarmRecipients, auditTrail, backupWatch } from "./alerts";
import { deployBackup } from "./backup";
import { instanceArgsFromConfig } from "./instanceArgs";

/** Everything the multi-az stack builds, so later stages (e.g. a backup plan) can take what they need. */
export interface MultiAzDeployment {
    network: SigmaNetwork;
    securityGroups: SigmaSecurityGroups;
    loadBalancer: SigmaLoadBalancer;
    appInstances: SigmaInstance[];
    dbInstance: SigmaInstance;
    /** Every Sigma instance, APP tier first then DB: what a backup plan protects. */
    instances: SigmaInstance[];
    monitoring: SigmaMonitoring;
    /** Hands the backup outputs (vault name and key) to the monitoring, which was created before them. */
    resolveBackupWatch: (backupOutputs: Record<string, pulumi.Output<unknown>>) => void;
}

/** The SSM parameter the CloudWatch agent config lives under, one per stack. */
export function agentConfigParameterName(cfg: StackConfig): string {
    return `/${cfg.project}/${cfg.stack}/cloudwatch-agent`;
}

/**
 * The guide's multi-AZ option in the peer deployments' load-balanced layout: APP instances spread over private
 * subnets in distinct AZs behind an internet-facing ALB (HTTPS only), one DB instance in a private subnet that
 * only the APP group reaches on 3306, Session Manager endpoints instead of SSH, and alarms to email.
 */
export function buildMultiAz(cfg: MultiAzConfig, provider: aws.Provider): MultiAzDeployment {
    const opts = { provider };
    const network = new SigmaNetwork("sigma", {
        ...cfg.network,
        sessionManagerEndpoints: cfg.sessionManagerEndpoints,
    }, opts);

    // The APP group's only 8080 source is the ALB's group, but the ALB registers the APP instances, which need
    // the APP group: the ALB group id is handed over once the load balancer exists.
    const [loadBalancerGroupId, resolveLoadBalancerGroupId] = pulumi.deferredOutput<string>();
    const securityGroups = new SigmaSecurityGroups("sigma", {
        vpcId: network.vpcId,
        loadBalancerSecurityGroupId: loadBalancerGroupId,
        adminCidrs: cfg.adminCidrs,
    }, opts);

    const agentParameter = agentConfigParameterName(cfg);
    const common: Omit<SigmaInstanceArgs, "subnetId" | "securityGroupIds"> = {
        ...instanceArgsFromConfig(cfg),
        associatePublicIpAddress: false,
        cloudWatchAgentConfigParameter: agentParameter,
    };
    const privateSubnet = (i: number) => network.privateSubnetIds.apply((ids) => ids[i % ids.length]);
    const appInstances = Array.from({ length: cfg.appCount }, (_, i) => new SigmaInstance(`sigma-app-${i + 1}`, {
        ...common,
        subnetId: privateSubnet(i),
        securityGroupIds: [securityGroups.appSecurityGroupId],
    }, opts));
    // The DB sits in the first AZ; auto-recovery and backups cover it, it does not fail over to another AZ.
    const dbInstance = new SigmaInstance("sigma-db", {
        ...common,
        subnetId: privateSubnet(0),
        securityGroupIds: [securityGroups.dbSecurityGroupId],
        protectData: true,
    }, opts);

    const loadBalancer = new SigmaLoadBalancer("sigma", {
        vpcId: network.vpcId,
        subnetIds: network.publicSubnetIds,
        vpcCidrBlock: network.vpcCidrBlock,
        certificateArn: cfg.certificateArn,
        appCidrs: cfg.appCidrs,
        targetInstanceIds: appInstances.map((app) => app.instanceId),
        deletionProtection: cfg.deletionProtection,
        hostedZoneId: cfg.dnsAlias?.hostedZoneId,
        domainName: cfg.dnsAlias?.domainName,
    }, opts);
    resolveLoadBalancerGroupId(loadBalancer.securityGroupId);

    const instances = [...appInstances, dbInstance];
    const watch = backupWatch(cfg);
    const monitoring = new SigmaMonitoring("sigma", {
        ...alarmRecipients(cfg),
        ...watch.args,
        instanceIds: instances.map((instance) => instance.instanceId),
        instanceNames: [...appInstances.map((_, i) => `app-${i + 1}`), "db"],
        agentConfigParameterName: agentParameter,
        loadBalancerArnSuffix: loadBalancer.arnSuffix,
        targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
    }, opts);

    return { network, securityGroups, loadBalancer, appInstances, dbInstance, instances, monitoring, resolveBackupWatch: watch.resolve };
}

/** The stack outputs of a multi-az deployment. */
export function multiAzOutputs(deployment: MultiAzDeployment): Record<string, pulumi.Output<unknown>> {
    const { loadBalancer, appInstances, dbInstance, monitoring, network, securityGroups } = deployment;
    return {
        SigmaAppURL: pulumi.interpolate`${loadBalancer.baseUrl}/sigma`,
        StudioAppURL: pulumi.interpolate`${loadBalancer.baseUrl}/expertctstudio`,
        LoadBalancerDnsName: loadBalancer.dnsName,
        AppInstanceIds: pulumi.all(appInstances.map((app) => app.instanceId)),
        DbInstanceId: dbInstance.instanceId,
        /** The APP tier's MySQL host: the AMI's Sigma connection settings must name it (see README). */
        DbPrivateIp: dbInstance.privateIp,
        AlarmTopicArn: monitoring.topicArn,
        VpcId: network.vpcId,
        PrivateSubnetIds: network.privateSubnetIds,
        AppSecurityGroupId: securityGroups.appSecurityGroupId,
        DbSecurityGroupId: securityGroups.dbSecurityGroupId,
        LoadBalancerSecurityGroupId: loadBalancer.securityGroupId,
        AccessLogBucket: loadBalancer.accessLogBucketName,
    };
}

/**
 * The multi-az (prod) stack: builds it and returns its outputs. Backup selects every instance by the sigma:backup
 * tag SigmaInstance sets (APP and DB alike), so it needs no instance list.
 */
export function multiAz(cfg: MultiAzConfig, provider: aws.Provider): Record<string, pulumi.Output<unknown>> {
    const deployment = buildMultiAz(cfg, provider);
    const { network, monitoring } = deployment;
    const privateSubnet = (i: number) => network.privateSubnetIds.apply((ids) => ids[i]);
    // Restore tests land in the first private subnet (where the DB lives); the validator may run in any of them.
    const backup = deployBackup(cfg, provider, {
        vpcId: network.vpcId,
        subnetId: privateSubnet(0),
        validatorSubnetIds: Array.from({ length: network.privateSubnetCount }, (_, i) => privateSubnet(i)),
    }, { topicArn: monitoring.topicArn, keyArn: monitoring.keyArn });
    deployment.resolveBackupWatch(backup);
    return { ...multiAzOutputs(deployment), ...backup, ...auditTrail(cfg, provider) };
}
