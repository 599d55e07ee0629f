import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    accountScope, appDbConnectionBootScript, privateZoneName, SigmaFailover, SigmaInstance, SigmaInstanceArgs, SigmaLoadBalancer,
    SigmaMonitoring, SigmaNetwork, SigmaPrivateDns, SigmaSecurityGroups,
} from "../components";
import { MultiAzConfig, StackConfig } from "./config";
import { alarmRecipients, auditTrail, backupWatch } from "./alerts";
import { deployBackup } from "./backup";
import { instanceArgsFromConfig } from "./instanceArgs";
import { multiAzOperations } from "./operations";

/**
 * The instance a failover moves: the one APP&DB instance, or (with sigma:appDbConnection) the DB instance. The stack
 * follows `activeInstanceId` (the failover's SSM parameter) wherever it names the instance, so `pulumi up` after a
 * failover keeps the restored instance in place.
 */
export interface FailoverSubject {
    /** The instance this stack launched (it stays in the state, stopped, after a failover). */
    initial: SigmaInstance;
    /** The instance serving now: the failover's live SSM value, or `initial`'s id without a failover. */
    activeInstanceId: pulumi.Output<string>;
}

/** Everything the multi-az stack builds, so later stages (backup, failover) can take what they need. */
export interface MultiAzDeployment {
    network: SigmaNetwork;
    securityGroups: SigmaSecurityGroups;
    loadBalancer: SigmaLoadBalancer;
    /** The instances serving /sigma through the load balancer: the APP&DB instance, or the APP tier. */
    appInstances: SigmaInstance[];
    /** The instance holding the one database: the APP&DB instance itself, or the separate DB instance. */
    dbInstance: SigmaInstance;
    /** Every Sigma instance, APP tier first then DB (once): what a backup plan protects. */
    instances: SigmaInstance[];
    /** With sigma:appDbConnection: the private zone and its `db` record. */
    privateDns?: SigmaPrivateDns;
    monitoring: SigmaMonitoring;
    failoverSubject: FailoverSubject;
    /** Hands the backup outputs (vault name and key) to the monitoring, which was created before them. */
    resolveBackupWatch: (backupOutputs: Record<string, pulumi.Output<unknown>>) => void;
    /** Settles the id the target group, the alarms and the `db` record follow (the failover's, or the instance's own). */
    resolveActiveInstance: (activeInstanceId: pulumi.Output<string>) => void;
}

/** The SSM parameter the CloudWatch agent config lives under, one per stack. */
export function agentConfigParameterName(cfg: StackConfig): string {
    return `/${cfg.project}/${cfg.stack}/cloudwatch-agent`;
}

/** The SSM parameter the failover writes the active instance's id to, one per stack. */
export function activeInstanceParameterName(cfg: StackConfig): string {
    return `/sigma/${cfg.project}/${cfg.stack}/active-instance`;
}

/** The logical name of the one APP&DB instance; it was `sigma-app-1` (the first of two APP&DB instances) before. */
export const APP_DB_INSTANCE_NAME = "sigma-appdb";
export const FORMER_APP_DB_INSTANCE_NAME = "sigma-app-1";

/**
 * The private IPv4 address of the active instance: the launched instance's own while it is active, else the one EC2
 * reports for the instance the failover restored (DescribeInstances through the provider).
 */
function activePrivateIp(subject: FailoverSubject, provider: aws.Provider): pulumi.Output<string> {
    return pulumi.all([subject.activeInstanceId, subject.initial.instanceId]).apply(([active, initial]) => active === initial
        ? subject.initial.privateIp
        : aws.ec2.getInstanceOutput({ instanceId: active }, { provider }).privateIp);
}

/**
 * prod as one system. By default one APP&DB instance (one MySQL: never two live databases) in the first private subnet,
 * the load balancer's only target, with EC2 auto-recovery for host failure and SigmaFailover for AZ loss. With
 * sigma:appDbConnection: one DB instance (its Tomcat is no target) and appCount APP instances spread over the AZs,
 * which reach it by `db.<stack>.sigma.internal` in a private hosted zone. HTTPS-only ALB, private subnets, Session
 * Manager endpoints and alarms to email in both.
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
        ...instanceArgsFromConfig(cfg, provider),
        associatePublicIpAddress: false,
        cloudWatchAgentConfigParameter: agentParameter,
    };
    const privateSubnet = (i: number) => network.privateSubnetIds.apply((ids) => ids[i % ids.length]);
    // The failover's SSM value arrives after the load balancer and the monitoring exist (it needs the target group).
    const [activeInstanceId, resolveActiveInstance] = pulumi.deferredOutput<string>();

    let appInstances: SigmaInstance[];
    let dbInstance: SigmaInstance;
    let privateDns: SigmaPrivateDns | undefined;
    if (cfg.appDbConnection === undefined) {
        // One APP&DB instance: the first of the former two keeps its URN (its data volume holds that instance's database).
        dbInstance = new SigmaInstance(APP_DB_INSTANCE_NAME, {
            ...common,
            subnetId: privateSubnet(0),
            securityGroupIds: [securityGroups.appSecurityGroupId],
            protectData: true,
        }, { ...opts, aliases: [{ name: FORMER_APP_DB_INSTANCE_NAME }] });
        appInstances = [dbInstance];
    } else {
        // The DB sits in the first AZ; the failover restores it into another one and moves the `db` record.
        dbInstance = new SigmaInstance("sigma-db", {
            ...common,
            subnetId: privateSubnet(0),
            securityGroupIds: [securityGroups.dbSecurityGroupId],
            protectData: true,
        }, opts);
        privateDns = new SigmaPrivateDns("sigma", {
            vpcId: network.vpcId,
            zoneName: privateZoneName(cfg.stack),
            dbPrivateIp: activePrivateIp({ initial: dbInstance, activeInstanceId }, provider),
        }, opts);
        const extraUserData = appDbConnectionBootScript(cfg.appDbConnection, privateDns.dbHostName);
        appInstances = Array.from({ length: cfg.appCount }, (_, i) => new SigmaInstance(`sigma-app-${i + 1}`, {
            ...common,
            subnetId: privateSubnet(i),
            securityGroupIds: [securityGroups.appSecurityGroupId],
            extraUserData,
        }, opts));
    }
    const singleWriter = cfg.appDbConnection === undefined;

    const loadBalancer = new SigmaLoadBalancer("sigma", {
        vpcId: network.vpcId,
        subnetIds: network.publicSubnetIds,
        vpcCidrBlock: network.vpcCidrBlock,
        certificateArn: cfg.certificateArn,
        appCidrs: cfg.appCidrs,
        // The APP&DB instance is the target wherever the failover put it; the APP tier never moves.
        targetInstanceIds: singleWriter ? [activeInstanceId] : appInstances.map((app) => app.instanceId),
        deletionProtection: cfg.deletionProtection,
        hostedZoneId: cfg.dnsAlias?.hostedZoneId,
        domainName: cfg.dnsAlias?.domainName,
    }, opts);
    resolveLoadBalancerGroupId(loadBalancer.securityGroupId);

    const instances = singleWriter ? [dbInstance] : [...appInstances, dbInstance];
    const watch = backupWatch(cfg);
    const monitoring = new SigmaMonitoring("sigma", {
        ...alarmRecipients(cfg),
        ...watch.args,
        // The alarms of the database's instance follow the active one.
        instanceIds: singleWriter ? [activeInstanceId] : [...appInstances.map((app) => app.instanceId), activeInstanceId],
        instanceNames: singleWriter ? ["appdb"] : [...appInstances.map((_, i) => `app-${i + 1}`), "db"],
        agentConfigParameterName: agentParameter,
        loadBalancerArnSuffix: loadBalancer.arnSuffix,
        targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
    }, opts);

    return {
        network, securityGroups, loadBalancer, appInstances, dbInstance, instances, privateDns, monitoring,
        failoverSubject: { initial: dbInstance, activeInstanceId },
        resolveBackupWatch: watch.resolve, resolveActiveInstance,
    };
}

/** The ARN of a Lambda function of the provider's account and region from its name (arn:<partition>:lambda:<region>:<account>:function:<name>). */
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html (function ARN format)
export function functionArnOf(functionName: pulumi.Input<string>, provider: aws.Provider): pulumi.Output<string> {
    return pulumi.all([accountScope({ provider }), functionName]).apply(([scope, name]) =>
        `arn:${scope.partition}:lambda:${scope.region}:${scope.account}:function:${name}`);
}

/**
 * Automatic AZ failover of the database's instance (SigmaFailover): restores its newest recovery point with the stack's
 * restore function into another AZ's private subnet, registers it as the target (APP&DB mode) or moves the `db` record
 * to it (DB mode, no target touched),
 * stops the old one and writes the new id to the SSM parameter the stack reads back. Returns its stack outputs.
 */
export function deployFailover(cfg: MultiAzConfig & { failover: { enabled: true } }, deployment: MultiAzDeployment, provider: aws.Provider,
    restoreFunctionName: pulumi.Input<string>): { outputs: Record<string, pulumi.Output<unknown>>; activeInstanceId: pulumi.Output<string>; alarms: aws.cloudwatch.MetricAlarm[] } {
    const { network, securityGroups, loadBalancer, monitoring, privateDns, failoverSubject } = deployment;
    const failover = new SigmaFailover("sigma", {
        restoreFunctionArn: functionArnOf(restoreFunctionName, provider),
        targetGroupArn: loadBalancer.targetGroup.arn,
        targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
        loadBalancerArnSuffix: loadBalancer.arnSuffix,
        subnetIds: Array.from({ length: network.privateSubnetCount }, (_, i) => network.privateSubnetIds.apply((ids) => ids[i])),
        securityGroupIds: [cfg.appDbConnection === undefined ? securityGroups.appSecurityGroupId : securityGroups.dbSecurityGroupId],
        initialInstanceId: failoverSubject.initial.instanceId,
        activeInstanceParameterName: activeInstanceParameterName(cfg),
        alarmTopicArn: monitoring.topicArn,
        alarmTopicKeyArn: monitoring.keyArn,
        impairedMinutes: cfg.failover.impairedMinutes,
        dbRecord: privateDns === undefined ? undefined : { zoneId: privateDns.zoneId, name: privateDns.dbHostName },
        // The DB instance of an APP tier is never a target: the engine moves the db record instead of swapping targets.
        registerInTargetGroup: privateDns === undefined,
    }, { provider });
    return {
        activeInstanceId: failover.activeInstanceId,
        alarms: [failover.noHealthyTargetAlarm],
        outputs: {
            FailoverStateMachineArn: failover.stateMachineArn,
            FailoverStartCommand: failover.startCommand,
            ActiveInstanceParameterName: failover.activeInstanceParameterName,
        },
    };
}

/** The stack outputs of a multi-az deployment. */
export function multiAzOutputs(deployment: MultiAzDeployment): Record<string, pulumi.Output<unknown>> {
    const { loadBalancer, appInstances, dbInstance, monitoring, network, securityGroups, privateDns, failoverSubject } = deployment;
    const outputs: Record<string, pulumi.Output<unknown>> = {
        SigmaAppURL: pulumi.interpolate`${loadBalancer.baseUrl}/sigma`,
        StudioAppURL: pulumi.interpolate`${loadBalancer.baseUrl}/expertctstudio`,
        LoadBalancerDnsName: loadBalancer.dnsName,
        /** The instance holding the database now (after a failover, the restored one). */
        ActiveInstanceId: failoverSubject.activeInstanceId,
        AppInstanceIds: pulumi.all(appInstances.map((app) => app.instanceId)),
        DbInstanceId: dbInstance.instanceId,
        AlarmTopicArn: monitoring.topicArn,
        VpcId: network.vpcId,
        PrivateSubnetIds: network.privateSubnetIds,
        AppSecurityGroupId: securityGroups.appSecurityGroupId,
        DbSecurityGroupId: securityGroups.dbSecurityGroupId,
        LoadBalancerSecurityGroupId: loadBalancer.securityGroupId,
        AccessLogBucket: loadBalancer.accessLogBucketName,
    };
    if (privateDns !== undefined) {
        /** The name the APP tier's SIGMA_DB_HOST holds. */
        outputs.DbHostName = pulumi.output(privateDns.dbHostName);
        outputs.PrivateZoneId = privateDns.zoneId;
    }
    return outputs;
}

/**
 * The multi-az (prod) stack: builds it and returns its outputs. Backup selects every instance by the sigma:backup
 * tag SigmaInstance sets, so it needs no instance list; the failover restores from that backup.
 */
export function multiAz(cfg: MultiAzConfig, provider: aws.Provider): Record<string, pulumi.Output<unknown>> {
    const deployment = buildMultiAz(cfg, provider);
    const { network, monitoring } = deployment;
    const privateSubnet = (i: number) => network.privateSubnetIds.apply((ids) => ids[i]);
    // Restore tests land in the first private subnet (where the DB lives); the validator may run in any of them.
    // Every alarm of the stack goes on its dashboard; the components made after the monitoring add theirs here.
    const stackAlarms: aws.cloudwatch.MetricAlarm[] = [];
    const backup = deployBackup(cfg, provider, {
        vpcId: network.vpcId,
        subnetId: privateSubnet(0),
        validatorSubnetIds: Array.from({ length: network.privateSubnetCount }, (_, i) => privateSubnet(i)),
    }, { topicArn: monitoring.topicArn, keyArn: monitoring.keyArn, alarms: stackAlarms });
    deployment.resolveBackupWatch(backup);
    let failoverOutputs: Record<string, pulumi.Output<unknown>> = {};
    // config refuses failover without backups; the restore function is deployBackup's.
    if (cfg.failover.enabled && backup.RestoreFunctionName !== undefined) {
        const failover = deployFailover({ ...cfg, failover: cfg.failover }, deployment, provider, backup.RestoreFunctionName as pulumi.Output<string>);
        deployment.resolveActiveInstance(failover.activeInstanceId);
        failoverOutputs = failover.outputs;
        stackAlarms.push(...failover.alarms);
    } else {
        deployment.resolveActiveInstance(deployment.failoverSubject.initial.instanceId);
    }
    return { ...multiAzOutputs(deployment), ...backup, ...failoverOutputs, ...auditTrail(cfg, provider), ...multiAzOperations(cfg, provider, deployment.instances, deployment.monitoring, backup, stackAlarms) };
}
