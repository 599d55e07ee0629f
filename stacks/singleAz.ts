import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaInstance, SigmaMonitoring, SigmaSecurityGroups } from "../components";
import { SingleAzConfig } from "./config";
import { alarmRecipients, auditTrail, backupWatch } from "./alerts";
import { deployBackup } from "./backup";
import { instanceArgsFromConfig } from "./instanceArgs";
import { singleAzOperations } from "./operations";

/**
 * The guide's standard deployment (SigmaApp_AMI_Launch.yaml): one APP&DB instance in one subnet of an
 * existing VPC, with its security groups, and the stack's alarm topic (status check and CPU alarms of the instance,
 * backup, restore and destructive-action alerts).
 */
export function singleAz(cfg: SingleAzConfig, provider: aws.Provider): Record<string, pulumi.Output<unknown>> {
    const opts = { provider };
    const securityGroups = new SigmaSecurityGroups("sigma", {
        vpcId: cfg.vpcId,
        appCidrs: cfg.appCidrs,
        adminCidrs: cfg.adminCidrs,
    }, opts);
    const sigma = new SigmaInstance("sigma", {
        subnetId: cfg.subnetIds[0],
        securityGroupIds: [securityGroups.appSecurityGroupId, securityGroups.dbSecurityGroupId],
        ...instanceArgsFromConfig(cfg, provider),
        associatePublicIpAddress: cfg.associatePublicIpAddress,
    }, opts);
    // No CloudWatch agent on dev's instance (it would change its user data), so no memory or disk alarms.
    const watch = backupWatch(cfg);
    const monitoring = new SigmaMonitoring("sigma", {
        ...alarmRecipients(cfg),
        ...watch.args,
        instanceIds: [sigma.instanceId],
        instanceNames: ["appdb"],
    }, opts);
    // Every alarm of the stack goes on its dashboard; the components made after the monitoring add theirs here.
    const stackAlarms: aws.cloudwatch.MetricAlarm[] = [];
    const backup = deployBackup(cfg, provider,
        { vpcId: cfg.vpcId, subnetId: cfg.subnetIds[0], validatorSubnetIds: [cfg.subnetIds[0]] },
        { topicArn: monitoring.topicArn, keyArn: monitoring.keyArn, alarms: stackAlarms });
    watch.resolve(backup);
    return {
        SigmaAppURL: sigma.sigmaUrl,
        StudioAppURL: sigma.studioUrl,
        InstanceId: sigma.instanceId,
        PrivateIp: sigma.privateIp,
        PublicIp: sigma.publicIp,
        DataVolumeId: sigma.dataVolumeId,
        AppSecurityGroupId: securityGroups.appSecurityGroupId,
        DbSecurityGroupId: securityGroups.dbSecurityGroupId,
        AlarmTopicArn: monitoring.topicArn,
        // Restore tests run in the stack's own subnet and report to its alarm topic.
        ...backup,
        ...auditTrail(cfg, provider),
        ...singleAzOperations(cfg, provider, sigma, monitoring, backup, stackAlarms),
    };
}
