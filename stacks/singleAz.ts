import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SigmaInstance, SigmaSecurityGroups } from "../components";
import { SingleAzConfig } from "./config";
import { deployBackup } from "./backup";
import { instanceArgsFromConfig } from "./instanceArgs";

/**
 * The guide's standard deployment (SigmaApp_AMI_Launch.yaml): one APP&DB instance in one subnet of an
 * existing VPC, with its security groups.
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
        ...instanceArgsFromConfig(cfg),
        associatePublicIpAddress: cfg.associatePublicIpAddress,
    }, opts);
    return {
        SigmaAppURL: sigma.sigmaUrl,
        StudioAppURL: sigma.studioUrl,
        InstanceId: sigma.instanceId,
        PrivateIp: sigma.privateIp,
        PublicIp: sigma.publicIp,
        DataVolumeId: sigma.dataVolumeId,
        AppSecurityGroupId: securityGroups.appSecurityGroupId,
        DbSecurityGroupId: securityGroups.dbSecurityGroupId,
        ...deployBackup(cfg, provider),
    };
}
