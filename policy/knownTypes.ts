import { StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./resourceTypes";

/** How the pack knows a resource type: the policies that judge it, or why it needs none. */
export type TypeKnowledge = { judgedBy: readonly string[] } | { reason: string };

const judged = (...judgedBy: string[]): TypeKnowledge => ({ judgedBy });
const reason = (text: string): TypeKnowledge => ({ reason: text });

/**
 * Every resource type the pack knows. A type missing here fails `resource-types-known` unless the stack's policy
 * config accepts it with a reason. test/policy/knownTypes.test.ts checks that every policy named here exists.
 */
export const KNOWN_TYPES: Readonly<Record<string, TypeKnowledge>> = {
    // compute
    [TYPES.instance]: judged("ec2-imdsv2-required", "ebs-encrypted", "ec2-instance-type-allowed", "ec2-detailed-monitoring", "ec2-no-public-ip", "ec2-termination-protection", "ec2-approved-ami", "backup-coverage"),
    [TYPES.spotInstanceRequest]: judged("ec2-imdsv2-required", "ebs-encrypted", "ec2-instance-type-allowed", "ec2-no-public-ip", "ec2-termination-protection", "ec2-approved-ami"),
    [TYPES.launchTemplate]: judged("ec2-imdsv2-required", "ebs-encrypted", "ec2-instance-type-allowed", "ec2-detailed-monitoring", "ec2-no-public-ip", "ec2-approved-ami"),
    [TYPES.launchConfiguration]: judged("ec2-imdsv2-required", "ebs-encrypted", "ec2-instance-type-allowed", "ec2-detailed-monitoring", "ec2-no-public-ip", "ec2-approved-ami"),
    [TYPES.autoscalingGroup]: judged("autoscaling-group-launch-source-known"),
    [TYPES.volume]: judged("ebs-encrypted", "backup-coverage", "resources-protected"),
    [TYPES.volumeAttachment]: reason("links a volume to an instance; the volume and instance are judged (backup-coverage follows it)"),
    [TYPES.eip]: judged("ec2-no-public-ip"),
    [TYPES.eipAssociation]: judged("ec2-no-public-ip"),
    "aws:iam/instanceProfile:InstanceProfile": reason("carries a role; the role and its policies are judged by the iam-* policies"),
    // network
    [TYPES.securityGroup]: judged("security-group-no-world-ssh-mysql", "world-ingress-only-load-balancer-web", "mysql-ingress-from-security-group-only", "security-group-descriptions", "security-group-egress-restricted"),
    [TYPES.defaultSecurityGroup]: judged("default-security-group-closed", "security-group-no-world-ssh-mysql"),
    [TYPES.securityGroupRule]: judged("security-group-no-world-ssh-mysql", "world-ingress-only-load-balancer-web", "mysql-ingress-from-security-group-only", "security-group-descriptions", "security-group-egress-restricted"),
    [TYPES.ingressRule]: judged("security-group-no-world-ssh-mysql", "world-ingress-only-load-balancer-web", "mysql-ingress-from-security-group-only", "security-group-descriptions"),
    [TYPES.egressRule]: judged("security-group-egress-restricted", "security-group-descriptions"),
    [TYPES.prefixList]: reason("its entries are resolved into every rule that names it (security-group-* policies)"),
    [TYPES.prefixListEntry]: reason("resolved into the rules that name its prefix list"),
    [TYPES.loadBalancer]: judged("load-balancer-hardened", "security-group-not-shared-lb-db"),
    [TYPES.albLoadBalancer]: judged("load-balancer-hardened", "security-group-not-shared-lb-db"),
    [TYPES.classicLoadBalancer]: judged("load-balancer-hardened"),
    [TYPES.listener]: judged("load-balancer-listener-https"),
    [TYPES.albListener]: judged("load-balancer-listener-https"),
    [TYPES.listenerRule]: judged("load-balancer-listener-rule-https"),
    [TYPES.albListenerRule]: judged("load-balancer-listener-rule-https"),
    "aws:lb/targetGroup:TargetGroup": reason("routes to instances inside the VPC; what reaches it is judged at the listener and security groups"),
    "aws:lb/targetGroupAttachment:TargetGroupAttachment": reason("registers an instance in a target group; nothing to expose"),
    "aws:ec2/vpc:Vpc": reason("the network; its default security group is judged when declared"),
    "aws:ec2/subnet:Subnet": reason("placement; public addresses are judged on the instances (ec2-no-public-ip)"),
    "aws:ec2/internetGateway:InternetGateway": reason("routing; exposure is judged on security groups and instances"),
    "aws:ec2/natGateway:NatGateway": reason("outbound routing for private subnets; egress is judged on security groups"),
    "aws:ec2/routeTable:RouteTable": reason("routing; exposure is judged on security groups"),
    "aws:ec2/route:Route": reason("routing; exposure is judged on security groups"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": reason("routing; exposure is judged on security groups"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": reason("private path to AWS APIs; its security group is judged"),
    "aws:route53/zone:Zone": reason("a private hosted zone inside the VPC; records name private addresses only"),
    "aws:route53/record:Record": reason("a DNS name; exposure is judged on what it points at"),
    "awsx:ec2:Vpc": reason("an awsx component; its children are registered as their own types and judged"),
    // storage
    [TYPES.bucket]: judged("s3-bucket-public-access-blocked", "s3-bucket-acls-disabled", "s3-bucket-tls-only", "resource-policy-principals", "resources-protected"),
    [TYPES.bucketV2]: judged("s3-bucket-public-access-blocked", "s3-bucket-acls-disabled", "s3-bucket-tls-only", "resource-policy-principals", "resources-protected"),
    [TYPES.bucketPolicy]: judged("resource-policy-principals", "s3-bucket-tls-only"),
    [TYPES.bucketAcl]: judged("s3-bucket-acls-disabled"),
    [TYPES.bucketAclV2]: judged("s3-bucket-acls-disabled"),
    [TYPES.bucketPublicAccessBlock]: judged("s3-bucket-public-access-blocked"),
    [TYPES.accountPublicAccessBlock]: judged("s3-bucket-public-access-blocked"),
    [TYPES.bucketOwnershipControls]: judged("s3-bucket-acls-disabled"),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": reason("encryption at rest; S3 encrypts every object since January 2023 whatever it says"),
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": reason("encryption at rest; S3 encrypts every object since January 2023 whatever it says"),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": reason("expiry of log objects; retention of recovery data lives in AWS Backup"),
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": reason("expiry of log objects"),
    "aws:s3/bucketVersioning:BucketVersioning": reason("keeps overwritten log objects; turning it off loses history, not access"),
    "aws:s3/bucketVersioningV2:BucketVersioningV2": reason("keeps overwritten log objects"),
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": reason("write-once retention of log objects; only tightens access"),
    "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2": reason("write-once retention of log objects"),
    // backup
    [TYPES.backupVault]: judged("backup-vault-cmk", "backup-vault-no-force-destroy", "backup-vault-lock", "resources-protected"),
    [TYPES.airGappedVault]: judged("backup-vault-lock", "backup-vault-no-force-destroy", "resources-protected"),
    [TYPES.backupVaultLock]: judged("backup-vault-lock", "resources-protected"),
    [TYPES.backupVaultPolicy]: judged("resource-policy-principals"),
    [TYPES.backupPlan]: judged("backup-plan-retention", "backup-plan-frequency", "backup-cross-region-copy"),
    [TYPES.backupSelection]: judged("backup-coverage"),
    "aws:backup/vaultNotifications:VaultNotifications": reason("sends vault events to the alarm topic; the topic is judged"),
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": reason("schedules restore tests; reads recovery points only"),
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": reason("picks what restore tests restore; its role is judged by the iam-* policies"),
    // keys, IAM
    [TYPES.kmsKey]: judged("kms-key-rotation", "kms-key-policy-no-wildcard-principal", "resource-policy-principals", "resources-protected"),
    [TYPES.kmsKeyPolicy]: judged("kms-key-policy-no-wildcard-principal", "resource-policy-principals"),
    "aws:kms/alias:Alias": reason("a name for a key; the key is judged"),
    [TYPES.role]: judged("iam-no-wildcard-action", "iam-no-wildcard-resource", "iam-passrole-restricted", "iam-no-privilege-escalation", "iam-no-administrator-access", "iam-trust-service-principals-only", "iam-trust-confused-deputy"),
    [TYPES.rolePolicy]: judged("iam-no-wildcard-action", "iam-no-wildcard-resource", "iam-passrole-restricted", "iam-no-privilege-escalation"),
    [TYPES.managedPolicy]: judged("iam-no-wildcard-action", "iam-no-wildcard-resource", "iam-passrole-restricted", "iam-no-privilege-escalation"),
    [TYPES.userPolicy]: judged("iam-no-wildcard-action", "iam-no-wildcard-resource", "iam-passrole-restricted", "iam-no-privilege-escalation"),
    [TYPES.groupPolicy]: judged("iam-no-wildcard-action", "iam-no-wildcard-resource", "iam-passrole-restricted", "iam-no-privilege-escalation"),
    [TYPES.rolePolicyAttachment]: judged("iam-no-administrator-access", "iam-no-privilege-escalation"),
    [TYPES.userPolicyAttachment]: judged("iam-no-administrator-access", "iam-no-privilege-escalation"),
    [TYPES.groupPolicyAttachment]: judged("iam-no-administrator-access", "iam-no-privilege-escalation"),
    [TYPES.policyAttachment]: judged("iam-no-administrator-access", "iam-no-privilege-escalation"),
    // functions, messaging, monitoring
    [TYPES.lambdaFunction]: judged("lambda-failure-destination", "lambda-no-secrets-in-environment"),
    [TYPES.lambdaEventInvokeConfig]: judged("lambda-failure-destination"),
    [TYPES.lambdaPermission]: judged("resource-policy-principals"),
    [TYPES.lambdaFunctionUrl]: judged("lambda-function-url-authenticated"),
    "aws:lambda/invocation:Invocation": reason("invokes the stack's own function once at deploy time (the restore runbook); no access is granted"),
    "aws:sfn/stateMachine:StateMachine": reason("orchestrates failover with its own role; the role is judged by the iam-* policies"),
    [TYPES.snsTopic]: judged("sns-topic-encrypted", "resource-policy-principals"),
    [TYPES.snsTopicPolicy]: judged("resource-policy-principals"),
    "aws:sns/topicSubscription:TopicSubscription": reason("delivers alarms to operators; grants nothing"),
    [TYPES.logGroup]: judged("log-group-retention"),
    [TYPES.metricAlarm]: judged("cloudwatch-alarm-actions"),
    "aws:cloudwatch/eventRule:EventRule": reason("matches events; its targets' permissions are judged"),
    "aws:cloudwatch/eventTarget:EventTarget": reason("sends matched events to the stack's topic or function"),
    "aws:cloudwatch/dashboard:Dashboard": reason("a view of metrics"),
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": reason("counts matching log lines into a metric; the alarm on it is judged (cloudwatch-alarm-actions)"),
    "aws:ssm/document:Document": reason("the stack's own Command or Automation document (the CloudWatch agent's logs set-up, the patch runbook), private to the account; what it may do is the instance role's or the runbook role's, judged by the iam-* policies"),
    // sigma:backup.consistency application; its role is judged by the iam-* policies, and the snapshots add to the recovery points backup-coverage requires.
    "aws:dlm/lifecyclePolicy:LifecyclePolicy": judged("dlm-snapshot-policy-safe"),
    "aws:ssm/patchBaseline:PatchBaseline": reason("says which OS updates are approved (Ubuntu security updates); grants nothing"),
    "aws:ssm/patchGroup:PatchGroup": reason("registers the stack's baseline for its patch group (the instances' Patch Group tag); grants nothing"),
    "aws:ssm/maintenanceWindow:MaintenanceWindow": reason("a timetable for the patch task; grants nothing"),
    "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget": reason("names the stack's instances by their sigma:stack tag; grants nothing"),
    "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask": reason("runs the stack's patch runbook with the window's own role, one instance at a time; the roles are judged by the iam-* policies"),
    "aws:scheduler/scheduleGroup:ScheduleGroup": reason("groups the stack's schedules; grants nothing"),
    "aws:scheduler/schedule:Schedule": reason("calls an AWS API on a timetable with its own role (dev's stop/start); the role is judged by the iam-* policies"),
    "aws:ssm/association:Association": reason("runs the stack's own document on the stack's instances on a schedule; grants nothing, the instance role is judged"),
    "aws:cloudtrail/trail:Trail": reason("records API calls into the audit bucket, which is judged"),
    "aws:ssm/parameter:Parameter": reason("holds the CloudWatch agent config (no secret); SecureString values are encrypted by SSM"),
    "aws:acm/certificate:Certificate": reason("a TLS certificate for the HTTPS listener"),
    // databases
    [TYPES.rdsInstance]: judged("rds-hardened"),
    [TYPES.rdsCluster]: judged("rds-hardened"),
    [TYPES.rdsClusterInstance]: judged("rds-hardened"),
    // engine and project types
    "pulumi:providers:aws": judged("required-tags"),
    "pulumi:pulumi:Stack": reason("the stack itself"),
};

/** Component resources of this project (`sigma:<area>:<Name>`): they create nothing themselves; their children are judged. */
export const PROJECT_COMPONENT_PATTERN = /^sigma:[a-z]+:[A-Z][A-Za-z0-9]*$/;

/** How the pack knows `type`, or undefined when it does not. */
export function typeKnowledge(type: string): TypeKnowledge | undefined {
    return KNOWN_TYPES[type] ?? (PROJECT_COMPONENT_PATTERN.test(type) ? reason("a component of this project; its children are judged") : undefined);
}

export const resourceTypesKnown: StackValidationPolicy = {
    name: "resource-types-known",
    description: "Deny by default: every resource type in the stack is known to the pack (judged by named policies, or listed with the reason it needs none) or accepted in the stack's policy config with a reason; an unknown type is a violation.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Use a type the pack judges, add the type to policy/knownTypes.ts with the policies that judge it, or accept it in the stack's policy config: \"resource-types-known\": { \"acceptedTypes\": [{ \"type\": \"...\", \"reason\": \"...\" }] }.",
    configSchema: {
        properties: {
            acceptedTypes: {
                type: "array", default: [], description: "Types this stack accepts without a judging policy, each with a reason",
                items: { type: "object", properties: { type: { type: "string" }, reason: { type: "string" } } },
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const { acceptedTypes } = args.getConfig<{ acceptedTypes: Array<{ type?: string; reason?: string }> }>();
        acceptedTypes.filter((a) => !a.reason || a.reason.trim() === "").forEach((a) =>
            reportViolation(`acceptedTypes lists ${JSON.stringify(a.type ?? null)} without a reason; say why the type needs no policy`));
        const accepted = new Set(acceptedTypes.filter((a) => a.type && a.reason && a.reason.trim() !== "").map((a) => a.type as string));
        const seen = new Set<string>();
        for (const resource of args.resources) {
            if (typeKnowledge(resource.type) || accepted.has(resource.type)) {
                continue;
            }
            const first = !seen.has(resource.type);
            seen.add(resource.type);
            reportViolation(`${resource.type} ("${resource.name}") is unknown to the pack, so nothing judges it${first ? "; add it to policy/knownTypes.ts with the policies that judge it, or accept it in the stack's policy config with a reason" : ""}`, resource.urn);
        }
    },
};
