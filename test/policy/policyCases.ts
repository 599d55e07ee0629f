import { doc, FixtureResource, goodInstance, PolicyCase, trust } from "./policyFixtures";
import { ADDED_FAMILY_CASES } from "./policyCasesAddedFamilies";

const T = {
    instance: "aws:ec2/instance:Instance", launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate", volume: "aws:ebs/volume:Volume",
    attachment: "aws:ec2/volumeAttachment:VolumeAttachment", sg: "aws:ec2/securityGroup:SecurityGroup",
    sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule", ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", lb: "aws:lb/loadBalancer:LoadBalancer", listener: "aws:lb/listener:Listener",
    vault: "aws:backup/vault:Vault", plan: "aws:backup/plan:Plan", selection: "aws:backup/selection:Selection",
    lock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration", key: "aws:kms/key:Key", topic: "aws:sns/topic:Topic",
    fn: "aws:lambda/function:Function", invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    logGroup: "aws:cloudwatch/logGroup:LogGroup", alarm: "aws:cloudwatch/metricAlarm:MetricAlarm", role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy", managedPolicy: "aws:iam/policy:Policy", attachPolicy: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
};

export type { PolicyCase };

const r = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<FixtureResource> = {}): FixtureResource => ({ type, name, inputs, ...extra });
const ingress = (inputs: Record<string, unknown>) => r(T.ingress, "rule", { securityGroupId: "sg-0a", ipProtocol: "tcp", description: "rule", ...inputs });
const dailyPlan = (rule: Record<string, unknown>) => r(T.plan, "plan", { rules: [{ ruleName: "daily", targetVaultName: "vault", schedule: "cron(0 5 ? * * *)", lifecycle: { deleteAfter: 7 }, ...rule }] });
const selectionByTag = r(T.selection, "selection", { iamRoleArn: "arn:aws:iam::123456789012:role/backup", planId: "p", selectionTags: [{ type: "STRINGEQUALS", key: "sigma:backup", value: "true" }] });
const dataVolume = r(T.volume, "data", { encrypted: true, size: 100, tags: { Name: "data" } });
const attachment = r(T.attachment, "attach", { deviceName: "/dev/sdf", instanceId: "i-1", volumeId: "vol-1" }, { deps: { instanceId: ["instance"], volumeId: ["data"] } });

/** A DLM snapshot policy as SigmaConsistentSnapshots writes it, with one schedule's parts changed. */
const dlmPolicy = (change: { retainRule?: Record<string, unknown>; scripts?: Record<string, unknown>; copy?: Record<string, unknown> }) => r("aws:dlm/lifecyclePolicy:LifecyclePolicy", "dlm", {
    executionRoleArn: "arn:aws:iam::123456789012:role/dlm", state: "ENABLED",
    policyDetails: {
        policyType: "EBS_SNAPSHOT_MANAGEMENT", resourceTypes: ["INSTANCE"], targetTags: { "sigma:stack": "sigma/prod" },
        schedules: [{
            name: "app-consistent", copyTags: true,
            createRule: { cronExpression: "cron(0 */1 * * ? *)", scripts: { executionHandler: "sigma-prod-mysql-consistent-snapshot", executionHandlerService: "AWS_SYSTEMS_MANAGER",
                executionTimeout: 60, maximumRetryCount: 1, executeOperationOnScriptFailure: true, stages: ["PRE", "POST"], ...change.scripts } },
            retainRule: change.retainRule ?? { interval: 14, intervalUnit: "DAYS" },
            crossRegionCopyRules: [{ target: "ap-southeast-2", encrypted: true, copyTags: true, retainRule: { interval: 30, intervalUnit: "DAYS" }, ...change.copy }],
        }],
    },
});

/** Table of fixtures: at least one violating and one compliant case per policy. */
export const POLICY_CASES: PolicyCase[] = [
    // compute
    { policy: "ec2-imdsv2-required", title: "IMDSv2 required", violations: 0, resources: [r(T.instance, "instance", goodInstance)] },
    { policy: "ec2-imdsv2-required", title: "IMDSv1 allowed", violations: 1, message: /httpTokens is "optional"/, resources: [r(T.instance, "instance", { ...goodInstance, metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } })] },
    { policy: "ec2-imdsv2-required", title: "launch template without metadata options (tokens and hop limit)", violations: 2, resources: [r(T.launchTemplate, "lt", { imageId: "ami-0123456789abcdef0" })] },
    { policy: "ebs-encrypted", title: "encrypted root and volume", violations: 0, resources: [r(T.instance, "instance", goodInstance), dataVolume] },
    { policy: "ebs-encrypted", title: "unencrypted root", violations: 1, message: /rootBlockDevice.encrypted/, resources: [r(T.instance, "instance", { ...goodInstance, rootBlockDevice: { volumeType: "gp3" } })] },
    { policy: "ebs-encrypted", title: "unencrypted extra device and volume", violations: 2, message: /ebsBlockDevices\[0\]/, resources: [r(T.instance, "instance", { ...goodInstance, ebsBlockDevices: [{ deviceName: "/dev/sdg" }] }), r(T.volume, "v", { size: 100 })] },
    { policy: "ec2-instance-type-allowed", title: "guide type", violations: 0, resources: [r(T.instance, "instance", goodInstance)] },
    { policy: "ec2-instance-type-allowed", title: "type outside the list", violations: 1, message: /t2.nano/, resources: [r(T.instance, "instance", { ...goodInstance, instanceType: "t2.nano" })] },
    { policy: "ec2-instance-type-allowed", title: "type allowed by config", violations: 0, config: { allowedInstanceTypes: ["t2.nano"] }, resources: [r(T.instance, "instance", { ...goodInstance, instanceType: "t2.nano" })] },
    { policy: "ec2-detailed-monitoring", title: "monitoring on", violations: 0, resources: [r(T.instance, "instance", goodInstance)] },
    { policy: "ec2-detailed-monitoring", title: "monitoring off", violations: 1, resources: [r(T.instance, "instance", { ...goodInstance, monitoring: false })] },
    { policy: "ec2-no-public-ip", title: "private instance", violations: 0, resources: [r(T.instance, "instance", goodInstance)] },
    { policy: "ec2-no-public-ip", title: "public instance in prod", violations: 1, message: /allowPublicIp: false/, resources: [r(T.instance, "instance", { ...goodInstance, associatePublicIpAddress: true })] },
    { policy: "ec2-no-public-ip", title: "public app instance allowed in dev", violations: 0, config: { allowPublicIp: true }, resources: [r(T.instance, "instance", { ...goodInstance, associatePublicIpAddress: true })] },
    { policy: "ec2-no-public-ip", title: "public instance whose group admits MySQL, even in dev and whatever its name", violations: 1, message: /holds the database/, config: { allowPublicIp: true }, resources: [
        r(T.sg, "db-sg", { description: "db" }), r(T.ingress, "mysql", { securityGroupId: "sg-0db", ipProtocol: "tcp", fromPort: 3306, toPort: 3306, referencedSecurityGroupId: "sg-0app", description: "m" }, { deps: { securityGroupId: ["db-sg"] } }),
        r(T.instance, "web", { ...goodInstance, associatePublicIpAddress: true }, { deps: { vpcSecurityGroupIds: ["db-sg"] } })] },
    { policy: "ec2-no-public-ip", title: "a name saying db decides nothing", violations: 0, config: { allowPublicIp: true }, resources: [r(T.instance, "sigma-db-instance", { ...goodInstance, associatePublicIpAddress: true })] },
    { policy: "ec2-no-public-ip", title: "Elastic IP associated to a private instance in prod", violations: 1, message: /EipAssociation/, resources: [
        r(T.instance, "app", goodInstance), r("aws:ec2/eipAssociation:EipAssociation", "eip", { instanceId: "i-1", allocationId: "eipalloc-1" }, { deps: { instanceId: ["app"] } })] },
    { policy: "ec2-no-public-ip", title: "public launch template", violations: 1, resources: [r(T.launchTemplate, "lt", { networkInterfaces: [{ associatePublicIpAddress: "true" }] })] },
    { policy: "ec2-termination-protection", title: "not required by default", violations: 0, resources: [r(T.instance, "instance", { ...goodInstance, disableApiTermination: false })] },
    { policy: "ec2-termination-protection", title: "required and off", violations: 1, config: { required: true }, resources: [r(T.instance, "instance", { ...goodInstance, disableApiTermination: false })] },
    { policy: "ec2-termination-protection", title: "required and on", violations: 0, config: { required: true }, resources: [r(T.instance, "instance", goodInstance)] },
    { policy: "ec2-approved-ami", title: "well-formed id under the default pattern", violations: 0, resources: [r(T.instance, "instance", goodInstance)] },
    { policy: "ec2-approved-ami", title: "id not on the approved list", violations: 1, message: /ami-0fffffffffffffff0/, config: { approvedAmiIds: ["ami-0123456789abcdef0"], approvedAmiPattern: "" }, resources: [r(T.instance, "instance", { ...goodInstance, ami: "ami-0fffffffffffffff0" })] },
    // network
    { policy: "security-group-no-world-ssh-mysql", title: "SSH from an admin network", violations: 0, resources: [ingress({ fromPort: 22, toPort: 22, cidrIpv4: "198.51.100.0/24" })] },
    { policy: "security-group-no-world-ssh-mysql", title: "SSH from the world", violations: 1, message: /SSH \(22\)/, resources: [ingress({ fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" })] },
    { policy: "security-group-no-world-ssh-mysql", title: "all traffic from ::/0 in an inline rule (22, 3389, 3306)", violations: 3, resources: [r(T.sg, "sg", { description: "x", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"], description: "all" }] })] },
    { policy: "world-ingress-only-load-balancer-web", title: "443 from the world on the load balancer's group", violations: 0,
        resources: [r(T.sg, "lb-sg", { description: "lb" }), r(T.lb, "lb", { securityGroups: ["sg-0lb"] }, { deps: { securityGroups: ["lb-sg"] } }),
            r(T.ingress, "https", { securityGroupId: "sg-0lb", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "https" }, { deps: { securityGroupId: ["lb-sg"] } })] },
    { policy: "world-ingress-only-load-balancer-web", title: "443 from the world on an instance group", violations: 1, message: /no load balancer uses/,
        resources: [r(T.sg, "app-sg", { description: "app" }), r(T.ingress, "https", { securityGroupId: "sg-0app", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "https" }, { deps: { securityGroupId: ["app-sg"] } })] },
    { policy: "world-ingress-only-load-balancer-web", title: "8080 from the world", violations: 1, message: /more than TCP 80\/443/, resources: [ingress({ fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0" })] },
    { policy: "mysql-ingress-from-security-group-only", title: "3306 from the APP group", violations: 0, resources: [ingress({ fromPort: 3306, toPort: 3306, referencedSecurityGroupId: "sg-0app" })] },
    { policy: "mysql-ingress-from-security-group-only", title: "3306 from a CIDR (legacy rule resource)", violations: 1, message: /MySQL/, resources: [r(T.sgRule, "rule", { type: "ingress", protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["10.0.0.0/8"], securityGroupId: "sg-0db", description: "x" })] },
    { policy: "security-group-descriptions", title: "everything described", violations: 0, resources: [r(T.sg, "sg", { description: "Sigma APP tier", egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS" }] }), r(T.egress, "out", { description: "DNS" })] },
    { policy: "security-group-descriptions", title: "default group description and bare rules", violations: 3, message: /Managed by Pulumi/, resources: [r(T.sg, "sg", { description: "Managed by Pulumi", ingress: [{ protocol: "tcp", fromPort: 1, toPort: 1, cidrBlocks: ["10.0.0.0/8"] }] }), r(T.egress, "out", {})] },
    { policy: "load-balancer-listener-https", title: "HTTPS with TLS 1.3 policy and HTTP redirect", violations: 0, resources: [
        r(T.listener, "https", { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: "arn:aws:acm:ap-southeast-1:123456789012:certificate/x" }),
        r(T.listener, "http", { port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] })] },
    { policy: "load-balancer-listener-https", title: "HTTP forwarding and an old TLS policy", violations: 2, message: /clear text|sslPolicy/, resources: [
        r(T.listener, "https", { port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08" }),
        r(T.listener, "http", { port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] })] },
    // backup
    { policy: "backup-vault-cmk", title: "customer-managed key", violations: 0, resources: [r(T.vault, "vault", { kmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/1" })] },
    { policy: "backup-vault-cmk", title: "default AWS managed key", violations: 1, message: /aws\/backup/, resources: [r(T.vault, "vault", {})] },
    { policy: "backup-plan-retention", title: "7 days", violations: 0, resources: [dailyPlan({})] },
    { policy: "backup-plan-retention", title: "3 days and a 1-day copy", violations: 2, message: /after 3 days/, resources: [dailyPlan({ lifecycle: { deleteAfter: 3 }, copyActions: [{ destinationVaultArn: "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:dr", lifecycle: { deleteAfter: 1 } }] })] },
    { policy: "backup-plan-retention", title: "a 30-day minimum from config", violations: 1, config: { minRetentionDays: 30 }, resources: [dailyPlan({ lifecycle: { deleteAfter: 14 } })] },
    { policy: "backup-plan-frequency", title: "daily", violations: 0, resources: [dailyPlan({})] },
    { policy: "backup-plan-frequency", title: "no schedule (AWS Backup's daily default)", violations: 0, resources: [dailyPlan({ schedule: undefined })] },
    { policy: "backup-plan-frequency", title: "weekly", violations: 1, message: /168 hours/, resources: [dailyPlan({ schedule: "cron(0 5 ? * SUN *)" })] },
    { policy: "backup-plan-frequency", title: "weekdays only leave a 72-hour gap", violations: 1, message: /72 hours/, resources: [dailyPlan({ schedule: "cron(0 5 ? * MON-FRI *)" })] },
    { policy: "backup-plan-frequency", title: "an unreadable schedule", violations: 1, message: /cannot be judged/, resources: [dailyPlan({ schedule: "every day" })] },
    { policy: "backup-plan-frequency", title: "the guide's every-12-hours schedule under a 12-hour limit", violations: 0, config: { maxIntervalHours: 12 },
        resources: [dailyPlan({ schedule: "cron(0 0/12 * * ? *)" })] },
    { policy: "backup-plan-frequency", title: "the guide's every-12-hours schedule under an 11-hour limit", violations: 1, message: /leaves up to 12 hours between backups; the maximum is 11$/,
        config: { maxIntervalHours: 11 }, resources: [dailyPlan({ schedule: "cron(0 0/12 * * ? *)" })] },
    { policy: "backup-plan-frequency", title: "a rate expression, which AWS Backup refuses", violations: 1, message: /rate expression; an AWS Backup rule takes cron/,
        resources: [dailyPlan({ schedule: "rate(12 hours)" })] },
    { policy: "backup-cross-region-copy", title: "not required by default", violations: 0, resources: [dailyPlan({})] },
    { policy: "backup-cross-region-copy", title: "required without copies", violations: 1, message: /no rule has copyActions/, config: { required: true }, resources: [dailyPlan({})] },
    { policy: "backup-cross-region-copy", title: "required, copy stays in region", violations: 1, message: /stays in ap-southeast-1/, config: { required: true }, resources: [dailyPlan({ copyActions: [{ destinationVaultArn: "arn:aws:backup:ap-southeast-1:123456789012:backup-vault:other" }] })] },
    { policy: "backup-cross-region-copy", title: "required, copy to the DR region", violations: 0, config: { required: true }, resources: [dailyPlan({ copyActions: [{ destinationVaultArn: "arn:aws:backup:ap-southeast-2:123456789012:backup-vault:dr" }] })] },
    { policy: "dlm-snapshot-policy-safe", title: "SigmaConsistentSnapshots' policy", violations: 0, resources: [dlmPolicy({})] },
    { policy: "dlm-snapshot-policy-safe", title: "an unencrypted copy", violations: 1, message: /crossRegionCopyRules\[0\] to ap-southeast-2 does not set encrypted: true/, resources: [dlmPolicy({ copy: { encrypted: false } })] },
    { policy: "dlm-snapshot-policy-safe", title: "a copy kept forever", violations: 1, message: /no retain rule/, resources: [dlmPolicy({ copy: { retainRule: undefined } })] },
    { policy: "dlm-snapshot-policy-safe", title: "6 days under the 7-day minimum", violations: 1, message: /keeps snapshots 6 days; keep them at least 7/, resources: [dlmPolicy({ retainRule: { interval: 6, intervalUnit: "DAYS" } })] },
    { policy: "dlm-snapshot-policy-safe", title: "1 week meets it", violations: 0, resources: [dlmPolicy({ retainRule: { interval: 1, intervalUnit: "WEEKS" } })] },
    { policy: "dlm-snapshot-policy-safe", title: "count-based retention", violations: 1, message: /by count/, resources: [dlmPolicy({ retainRule: { count: 30 } })] },
    { policy: "dlm-snapshot-policy-safe", title: "a freeze without its thaw", violations: 1, message: /run only one half/, resources: [dlmPolicy({ scripts: { stages: ["PRE"] } })] },
    { policy: "dlm-snapshot-policy-safe", title: "a script timeout DLM refuses", violations: 1, message: /executionTimeout 300/, resources: [dlmPolicy({ scripts: { executionTimeout: 300 } })] },
    { policy: "dlm-snapshot-policy-safe", title: "a minimum raised by config", violations: 2, config: { minRetentionDays: 60 }, resources: [dlmPolicy({})] },
    { policy: "backup-vault-lock", title: "required and missing", violations: 1, message: /VaultLockConfiguration/, config: { required: true }, resources: [r(T.vault, "vault", {})] },
    { policy: "backup-vault-lock", title: "required and present", violations: 0, config: { required: true }, resources: [r(T.vault, "vault", {}), r(T.lock, "lock", { backupVaultName: "vault-1234567", changeableForDays: 3, minRetentionDays: 7 }, { deps: { backupVaultName: ["vault"] } })] },
    { policy: "backup-coverage", title: "instance by tag, volume through its attachment", violations: 0, resources: [r(T.instance, "instance", goodInstance), dataVolume, attachment, selectionByTag] },
    { policy: "backup-coverage", title: "untagged instance and its volume", violations: 2, message: /not backed up/, resources: [r(T.instance, "instance", { ...goodInstance, tags: { Name: "sigma" } }), dataVolume, attachment, selectionByTag] },
    { policy: "backup-coverage", title: "condition on the provider's default tags", violations: 0, resources: [r(T.instance, "instance", { ...goodInstance, tags: {} }),
        r(T.selection, "selection", { resources: ["arn:aws:ec2:*:*:instance/*"], conditions: [{ stringEquals: [{ key: "aws:ResourceTag/project", value: "sigma" }] }] })] },
    { policy: "backup-coverage", title: "stringLikes condition on the instance tag", violations: 0, resources: [r(T.instance, "instance", goodInstance),
        r(T.selection, "selection", { resources: ["*"], conditions: [{ stringLikes: [{ key: "aws:ResourceTag/sigma:backup", value: "t*" }] }] })] },
    { policy: "backup-coverage", title: "condition that does not hold", violations: 1, resources: [r(T.instance, "instance", goodInstance),
        r(T.selection, "selection", { resources: ["*"], conditions: [{ stringEquals: [{ key: "aws:ResourceTag/environment", value: "prod" }] }] })] },
    { policy: "backup-coverage", title: "selection by ARN dependency", violations: 0, resources: [r(T.instance, "instance", { ...goodInstance, tags: {} }),
        r(T.selection, "selection", { resources: ["arn:aws:ec2:ap-southeast-1:123456789012:instance/i-1"] }, { deps: { resources: ["instance"] } })] },
    { policy: "backup-coverage", title: "selection in another region", violations: 1, providers: { dr: "ap-southeast-2" }, resources: [r(T.instance, "instance", goodInstance), { ...selectionByTag, provider: "dr" }] },
    { policy: "backup-coverage", title: "tag selection minus the instance's ARN in notResources", violations: 1, resources: [r(T.instance, "instance", goodInstance),
        r(T.selection, "selection", { ...selectionByTag.inputs, notResources: ["arn:aws:ec2:ap-southeast-1:123456789012:instance/i-1"] }, { deps: { notResources: ["instance"] } })] },
    { policy: "backup-coverage", title: "ARN pattern for another region's instances", violations: 1, resources: [r(T.instance, "instance", { ...goodInstance, tags: {} }),
        r(T.selection, "selection", { resources: ["arn:aws:ec2:us-east-1:*:instance/*"] })] },
    { policy: "backup-coverage", title: "stringNotEquals holds for an instance without the tag", violations: 0, resources: [r(T.instance, "instance", goodInstance),
        r(T.selection, "selection", { selectionTags: selectionByTag.inputs.selectionTags, conditions: [{ stringNotEquals: [{ key: "aws:ResourceTag/stage", value: "test" }] }] })] },
    { policy: "backup-coverage", title: "conditions only, which AWS refuses (no resources, no selectionTags)", violations: 1, resources: [r(T.instance, "instance", goodInstance),
        r(T.selection, "selection", { conditions: [{ stringEquals: [{ key: "aws:ResourceTag/sigma:backup", value: "true" }] }] })] },
    // iam
    { policy: "iam-no-wildcard-action", title: "named actions", violations: 0, resources: [r(T.rolePolicy, "p", { role: "r", policy: doc({ Effect: "Allow", Action: ["ssm:UpdateInstanceInformation"], Resource: "arn:aws:ec2:*:123456789012:instance/*" }) })] },
    { policy: "iam-no-wildcard-action", title: "a * action", violations: 1, message: /every action/, resources: [r(T.rolePolicy, "p", { role: "r", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) })] },
    { policy: "iam-no-wildcard-action", title: "s3:* in a managed policy and NotAction in an inline one", violations: 2, resources: [
        r(T.managedPolicy, "mp", { policy: doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }) }),
        r(T.role, "role", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }), inlinePolicies: [{ name: "x", policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }] })] },
    { policy: "iam-no-wildcard-action", title: "a * action in a Deny statement", violations: 0, resources: [r(T.rolePolicy, "p", { role: "r", policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) })] },
    { policy: "iam-no-wildcard-resource", title: "Session Manager channels on *", violations: 0, resources: [r(T.rolePolicy, "p", { role: "r", policy: doc({ Effect: "Allow", Action: ["ssmmessages:CreateControlChannel", "ssmmessages:OpenDataChannel", "ec2:DescribeInstances", "backup:ListBackupJobs"], Resource: ["*"] }) })] },
    { policy: "iam-no-wildcard-resource", title: "scopable actions on *", violations: 1, message: /ec2:StopInstances, backup:ListRecoveryPointsByBackupVault/, resources: [r(T.rolePolicy, "p", { role: "r", policy: doc({ Sid: "Ops", Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:StopInstances", "backup:ListRecoveryPointsByBackupVault"], Resource: "*" }) })] },
    { policy: "iam-passrole-restricted", title: "named role with PassedToService", violations: 0, resources: [r(T.rolePolicy, "p", { role: "r", policy: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/backup-restore", Condition: { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } } }) })] },
    { policy: "iam-passrole-restricted", title: "PassRole on * without condition", violations: 2, message: /pass any role|PassedToService/, resources: [r(T.rolePolicy, "p", { role: "r", policy: doc({ Effect: "Allow", Action: ["iam:PassRole"], Resource: "*" }) })] },
    { policy: "iam-passrole-restricted", title: "iam:Pass* on a role wildcard", violations: 2, resources: [r(T.managedPolicy, "mp", { policy: doc({ Effect: "Allow", Action: "iam:Pass*", Resource: "arn:aws:iam::123456789012:role/*" }) })] },
    { policy: "iam-no-administrator-access", title: "a least-privilege managed policy", violations: 0, resources: [r(T.attachPolicy, "a", { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" })] },
    { policy: "iam-no-administrator-access", title: "AdministratorAccess attached", violations: 1, message: /AdministratorAccess/, resources: [r(T.attachPolicy, "a", { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" })] },
    { policy: "iam-no-administrator-access", title: "AdministratorAccess in managedPolicyArns", violations: 1, resources: [r(T.role, "role", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }), managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] })] },
    { policy: "iam-trust-service-principals-only", title: "EC2 service principal", violations: 0, resources: [r(T.role, "role", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }) })] },
    { policy: "iam-trust-service-principals-only", title: "another account", violations: 1, message: /AWS principal/, resources: [r(T.role, "role", { assumeRolePolicy: trust({ AWS: "arn:aws:iam::210987654321:root" }) })] },
    { policy: "iam-trust-service-principals-only", title: "everyone", violations: 1, message: /trusts "\*"/, resources: [r(T.role, "role", { assumeRolePolicy: trust("*") })] },
    { policy: "iam-trust-service-principals-only", title: "service outside the configured list", violations: 1, config: { allowedServicePrincipals: ["backup.amazonaws.com"] }, resources: [r(T.role, "role", { assumeRolePolicy: trust({ Service: "lambda.amazonaws.com" }) })] },
    // kms / sns / logs / alarms / lambda
    { policy: "kms-key-rotation", title: "rotation on", violations: 0, resources: [r(T.key, "key", { enableKeyRotation: true })] },
    { policy: "kms-key-rotation", title: "rotation off", violations: 1, resources: [r(T.key, "key", {})] },
    { policy: "kms-key-rotation", title: "asymmetric key is not applicable", violations: 0, resources: [r(T.key, "key", { customerMasterKeySpec: "RSA_2048" })] },
    { policy: "kms-key-policy-no-wildcard-principal", title: "account root", violations: 0, resources: [r(T.key, "key", { enableKeyRotation: true, policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }) })] },
    { policy: "kms-key-policy-no-wildcard-principal", title: "wildcard principal pinned by kms:CallerAccount", violations: 0, resources: [r(T.key, "key", { policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } }) })] },
    { policy: "kms-key-policy-no-wildcard-principal", title: "wildcard principal", violations: 1, message: /any principal/, resources: [r(T.key, "key", { policy: doc({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }) })] },
    { policy: "sns-topic-encrypted", title: "KMS key set", violations: 0, resources: [r(T.topic, "topic", { kmsMasterKeyId: "alias/sigma" })] },
    { policy: "sns-topic-encrypted", title: "no key", violations: 1, resources: [r(T.topic, "topic", {})] },
    { policy: "log-group-retention", title: "30 days", violations: 0, resources: [r(T.logGroup, "logs", { retentionInDays: 30 })] },
    { policy: "log-group-retention", title: "kept forever", violations: 1, message: /kept forever/, resources: [r(T.logGroup, "logs", {})] },
    { policy: "log-group-retention", title: "below the configured minimum", violations: 1, config: { minRetentionDays: 30 }, resources: [r(T.logGroup, "logs", { retentionInDays: 7 })] },
    { policy: "cloudwatch-alarm-actions", title: "notifies a topic", violations: 0, resources: [r(T.alarm, "alarm", { alarmActions: ["arn:aws:sns:ap-southeast-1:123456789012:alarms"] })] },
    { policy: "cloudwatch-alarm-actions", title: "no actions", violations: 1, resources: [r(T.alarm, "alarm", { alarmActions: [] })] },
    { policy: "cloudwatch-alarm-actions", title: "actions disabled", violations: 1, message: /actionsEnabled/, resources: [r(T.alarm, "alarm", { alarmActions: ["arn:x"], actionsEnabled: false })] },
    { policy: "lambda-failure-destination", title: "on-failure destination", violations: 0, resources: [r(T.fn, "fn", { runtime: "nodejs20.x" }),
        r(T.invokeConfig, "fn-invoke", { functionName: "fn-1234567", destinationConfig: { onFailure: { destination: "arn:aws:sns:ap-southeast-1:123456789012:alarms" } } }, { deps: { functionName: ["fn"] } })] },
    { policy: "lambda-failure-destination", title: "dead-letter queue", violations: 0, resources: [r(T.fn, "fn", { deadLetterConfig: { targetArn: "arn:aws:sqs:ap-southeast-1:123456789012:dlq" } })] },
    { policy: "lambda-failure-destination", title: "neither", violations: 1, message: /drops failed/, resources: [r(T.fn, "fn", { runtime: "nodejs20.x" }), r(T.invokeConfig, "other", { functionName: "other-fn", maximumRetryAttempts: 0 })] },
    // tags
    { policy: "required-tags", title: "standard tags from the provider's default tags", violations: 0, resources: [r(T.vault, "vault", {})] },
    { policy: "required-tags", title: "a missing key", violations: 1, message: /missing tag owner/, config: { requiredTagKeys: ["project", "owner"] }, resources: [r(T.topic, "topic", { tags: { component: "x" } })] },
    { policy: "required-tags", title: "untaggable type is not applicable", violations: 0, config: { requiredTagKeys: ["owner"] }, resources: [r(T.rolePolicy, "p", { role: "r", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }) })] },
    ...ADDED_FAMILY_CASES,
];

