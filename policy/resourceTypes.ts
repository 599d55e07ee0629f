/** The AWS type tokens the pack judges; policies compare `args.type` against these, so they need no @pulumi/aws import. */
export const TYPES = {
    instance: "aws:ec2/instance:Instance",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    volume: "aws:ebs/volume:Volume",
    volumeAttachment: "aws:ec2/volumeAttachment:VolumeAttachment",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    albListener: "aws:alb/listener:Listener",
    backupVault: "aws:backup/vault:Vault",
    backupPlan: "aws:backup/plan:Plan",
    backupSelection: "aws:backup/selection:Selection",
    backupVaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
    kmsKey: "aws:kms/key:Key",
    kmsKeyPolicy: "aws:kms/keyPolicy:KeyPolicy",
    snsTopic: "aws:sns/topic:Topic",
    lambdaFunction: "aws:lambda/function:Function",
    lambdaEventInvokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    managedPolicy: "aws:iam/policy:Policy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    prefixList: "aws:ec2/managedPrefixList:ManagedPrefixList",
    prefixListEntry: "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry",
    classicLoadBalancer: "aws:elb/loadBalancer:LoadBalancer",
    listenerRule: "aws:lb/listenerRule:ListenerRule",
    albListenerRule: "aws:alb/listenerRule:ListenerRule",
    spotInstanceRequest: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
    launchConfiguration: "aws:ec2/launchConfiguration:LaunchConfiguration",
    autoscalingGroup: "aws:autoscaling/group:Group",
    eip: "aws:ec2/eip:Eip",
    eipAssociation: "aws:ec2/eipAssociation:EipAssociation",
    networkInterface: "aws:ec2/networkInterface:NetworkInterface",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    bucketAcl: "aws:s3/bucketAcl:BucketAcl",
    bucketAclV2: "aws:s3/bucketAclV2:BucketAclV2",
    bucketPublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketOwnershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    accountPublicAccessBlock: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    lambdaPermission: "aws:lambda/permission:Permission",
    lambdaFunctionUrl: "aws:lambda/functionUrl:FunctionUrl",
    snsTopicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    backupVaultPolicy: "aws:backup/vaultPolicy:VaultPolicy",
    airGappedVault: "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault",
    rdsInstance: "aws:rds/instance:Instance",
    rdsCluster: "aws:rds/cluster:Cluster",
    rdsClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
} as const;

/**
 * Resource types whose @pulumi/aws args have a `tags` input (and so receive the provider's default tags as
 * `tagsAll`): every taggable type this program creates or its components may create. Auto Scaling groups are
 * left out on purpose: their `tags` is a list with propagateAtLaunch and they ignore provider default tags.
 * test/policy/tags.test.ts checks each entry against @pulumi/aws's declarations.
 */
export const TAGGABLE_TYPES: readonly string[] = [
    TYPES.instance, TYPES.launchTemplate, TYPES.volume, TYPES.securityGroup, TYPES.ingressRule, TYPES.egressRule,
    TYPES.loadBalancer, TYPES.albLoadBalancer, TYPES.listener, TYPES.albListener,
    "aws:lb/targetGroup:TargetGroup", "aws:lb/listenerRule:ListenerRule",
    TYPES.backupVault, TYPES.backupPlan, TYPES.kmsKey, TYPES.snsTopic, TYPES.lambdaFunction, TYPES.logGroup,
    TYPES.metricAlarm, TYPES.role, TYPES.managedPolicy, "aws:iam/instanceProfile:InstanceProfile",
    "aws:cloudwatch/eventRule:EventRule", "aws:ssm/parameter:Parameter", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2",
    "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/eip:Eip", "aws:ec2/natGateway:NatGateway",
    "aws:ec2/internetGateway:InternetGateway", "aws:ec2/routeTable:RouteTable", "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:backup/restoreTestingPlan:RestoreTestingPlan", "aws:acm/certificate:Certificate", "aws:sqs/queue:Queue",
];

/** The `tags` a policy should judge: the provider's default tags merged in (tagsAll) when present. */
export function effectiveTags(props: Record<string, any>): Record<string, string> {
    return { ...(props.tagsAll ?? props.tags ?? {}) };
}
