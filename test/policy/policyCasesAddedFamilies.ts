import { doc, FixtureResource, goodInstance, PolicyCase, trust } from "./policyFixtures";

const r = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<FixtureResource> = {}): FixtureResource => ({ type, name, inputs, ...extra });
const T = {
    sg: "aws:ec2/securityGroup:SecurityGroup", ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", lb: "aws:lb/loadBalancer:LoadBalancer", listener: "aws:lb/listener:Listener",
    listenerRule: "aws:lb/listenerRule:ListenerRule", instance: "aws:ec2/instance:Instance", lt: "aws:ec2/launchTemplate:LaunchTemplate",
    asg: "aws:autoscaling/group:Group", bucket: "aws:s3/bucket:Bucket", pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls", bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy", acl: "aws:s3/bucketAclV2:BucketAclV2",
    key: "aws:kms/key:Key", topicPolicy: "aws:sns/topicPolicy:TopicPolicy", vaultPolicy: "aws:backup/vaultPolicy:VaultPolicy",
    permission: "aws:lambda/permission:Permission", fn: "aws:lambda/function:Function", url: "aws:lambda/functionUrl:FunctionUrl",
    rds: "aws:rds/instance:Instance", vault: "aws:backup/vault:Vault", role: "aws:iam/role:Role", rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", volume: "aws:ebs/volume:Volume", attachment: "aws:ec2/volumeAttachment:VolumeAttachment",
    lock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration", prefixList: "aws:ec2/managedPrefixList:ManagedPrefixList",
};
const ACCOUNT = "123456789012";
const tlsDeny = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } };
const goodBucket = [
    r(T.bucket, "logs", {}),
    r(T.pab, "logs-pab", { bucket: "logs-1", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, { deps: { bucket: ["logs"] } }),
    r(T.ownership, "logs-own", { bucket: "logs-1", rule: { objectOwnership: "BucketOwnerEnforced" } }, { deps: { bucket: ["logs"] } }),
    r(T.bucketPolicy, "logs-policy", { bucket: "logs-1", policy: doc(tlsDeny) }, { deps: { bucket: ["logs"] } }),
];
const mysqlGroup = [
    r(T.sg, "db-sg", { description: "db" }),
    r(T.ingress, "mysql", { securityGroupId: "sg-0db", ipProtocol: "tcp", fromPort: 3306, toPort: 3306, referencedSecurityGroupId: "sg-0app", description: "m" }, { deps: { securityGroupId: ["db-sg"] } }),
];
const sourceAccount = { StringEquals: { "aws:SourceAccount": ACCOUNT } };
const policyDoc = (...statements: object[]) => r(T.rolePolicy, "p", { role: "r", policy: doc(...statements) }, { deps: { role: ["r"] } });
const roleR = r(T.role, "r", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }) });

/** Violating and compliant fixtures for the policies issue 13 added. */
export const ADDED_FAMILY_CASES: PolicyCase[] = [
    { policy: "autoscaling-group-launch-source-known", title: "group launching from the stack's template", violations: 0, resources: [r(T.lt, "lt", {}), r(T.asg, "asg", { launchTemplate: { id: "lt-1" } }, { deps: { launchTemplate: ["lt"] } })] },
    { policy: "autoscaling-group-launch-source-known", title: "group launching from an outside template", violations: 1, resources: [r(T.asg, "asg", { launchTemplate: { id: "lt-0abc" } })] },
    { policy: "security-group-egress-restricted", title: "HTTPS to the world", violations: 0, resources: [r(T.egress, "out", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "x" })] },
    { policy: "security-group-egress-restricted", title: "all traffic to the world, spelled ALL", violations: 1, message: /beyond TCP 443/, resources: [r(T.egress, "out", { securityGroupId: "sg-1", ipProtocol: "ALL", cidrIpv4: "0.0.0.0/0", description: "x" })] },
    { policy: "security-group-egress-restricted", title: "inline egress to ::/1 + 8000::/1", violations: 1, resources: [r(T.sg, "sg", { description: "x", egress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/1", "8000::/1"], description: "x" }] })] },
    { policy: "default-security-group-closed", title: "no rules", violations: 0, resources: [r(T.defaultSg, "default", { vpcId: "vpc-1" })] },
    { policy: "default-security-group-closed", title: "AWS's default rules kept", violations: 2, resources: [r(T.defaultSg, "default", { vpcId: "vpc-1", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })] },
    { policy: "security-group-not-shared-lb-db", title: "separate groups", violations: 0, resources: [...mysqlGroup, r(T.sg, "lb-sg", { description: "lb" }), r(T.lb, "lb", { securityGroups: ["sg-0lb"] }, { deps: { securityGroups: ["lb-sg"] } }), r(T.instance, "db", goodInstance, { deps: { vpcSecurityGroupIds: ["db-sg"] } })] },
    { policy: "security-group-not-shared-lb-db", title: "load balancer in the database's group", violations: 1, resources: [...mysqlGroup, r(T.lb, "lb", { securityGroups: ["sg-0db"] }, { deps: { securityGroups: ["db-sg"] } }), r(T.instance, "db", goodInstance, { deps: { vpcSecurityGroupIds: ["db-sg"] } })] },
    { policy: "load-balancer-listener-rule-https", title: "forward on the HTTPS listener", violations: 0, resources: [r(T.listener, "https", { protocol: "HTTPS", port: 443 }), r(T.listenerRule, "rule", { actions: [{ type: "forward", targetGroupArn: "arn:tg" }] }, { deps: { listenerArn: ["https"] } })] },
    { policy: "load-balancer-listener-rule-https", title: "forward on the HTTP listener", violations: 1, message: /clear text/, resources: [r(T.listener, "http", { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS" } }] }), r(T.listenerRule, "rule", { actions: [{ type: "forward", targetGroupArn: "arn:tg" }] }, { deps: { listenerArn: ["http"] } })] },
    { policy: "load-balancer-listener-rule-https", title: "forward on a listener outside the stack", violations: 1, message: /unknown/, resources: [r(T.listenerRule, "rule", { listenerArn: "arn:aws:elasticloadbalancing:x", actions: [{ type: "forward", targetGroupArn: "arn:tg" }] })] },
    { policy: "load-balancer-hardened", title: "hardened ALB", violations: 0, resources: [r(T.lb, "lb", { loadBalancerType: "application", dropInvalidHeaderFields: true, desyncMitigationMode: "strictest", enableDeletionProtection: true, accessLogs: { bucket: "logs", enabled: true } })] },
    { policy: "load-balancer-hardened", title: "defaults everywhere", violations: 4, resources: [r(T.lb, "lb", { desyncMitigationMode: "monitor" })] },
    { policy: "load-balancer-hardened", title: "classic ELB", violations: 1, message: /classic/, resources: [r("aws:elb/loadBalancer:LoadBalancer", "elb", { listeners: [] })] },
    { policy: "s3-bucket-public-access-blocked", title: "block with all four on", violations: 0, resources: goodBucket },
    { policy: "s3-bucket-public-access-blocked", title: "no block, and a block with one off", violations: 2, resources: [r(T.bucket, "a", {}), r(T.pab, "b-pab", { bucket: "x", blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: true })] },
    { policy: "s3-bucket-acls-disabled", title: "owner enforced", violations: 0, resources: goodBucket },
    { policy: "s3-bucket-acls-disabled", title: "public-read ACL, ObjectWriter ownership", violations: 2, resources: [r(T.bucket, "logs", {}), r(T.ownership, "own", { bucket: "logs-1", rule: { objectOwnership: "ObjectWriter" } }, { deps: { bucket: ["logs"] } }), r(T.acl, "acl", { bucket: "logs-1", acl: "public-read" })] },
    { policy: "s3-bucket-tls-only", title: "TLS-only deny", violations: 0, resources: goodBucket },
    { policy: "s3-bucket-tls-only", title: "no TLS deny", violations: 1, resources: [r(T.bucket, "logs", {}), r(T.bucketPolicy, "p", { bucket: "logs-1", policy: doc({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } }) }, { deps: { bucket: ["logs"] } })] },
    { policy: "resource-policy-principals", title: "own account and a pinned service", violations: 0, config: { trustedAccountIds: [ACCOUNT] }, resources: [
        r(T.key, "key", { policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }) }),
        r(T.topicPolicy, "tp", { arn: "arn:aws:sns:ap-southeast-1:123456789012:t", policy: doc({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: "*", Condition: sourceAccount }) }),
        r(T.permission, "perm", { action: "lambda:InvokeFunction", function: "f", principal: "events.amazonaws.com", sourceArn: "arn:aws:events:ap-southeast-1:123456789012:rule/x" })] },
    { policy: "resource-policy-principals", title: "foreign account on a key", violations: 1, message: /210987654321/, config: { trustedAccountIds: [ACCOUNT] }, resources: [r(T.key, "key", { policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "kms:Decrypt", Resource: "*" }) })] },
    { policy: "resource-policy-principals", title: "public topic pinned by a wildcard value", violations: 1, message: /everyone/, config: { trustedAccountIds: [ACCOUNT] }, resources: [r(T.topicPolicy, "tp", { arn: "arn:x", policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: "*", Condition: { StringLike: { "aws:SourceAccount": "*" } } }) })] },
    { policy: "resource-policy-principals", title: "public vault policy and a public Lambda permission", violations: 2, config: { trustedAccountIds: [ACCOUNT] }, resources: [
        r(T.vaultPolicy, "vp", { backupVaultName: "v", policy: doc({ Effect: "Allow", Principal: "*", Action: "backup:CopyIntoBackupVault", Resource: "*" }) }),
        r(T.permission, "perm", { action: "lambda:InvokeFunction", function: "f", principal: "*" })] },
    { policy: "lambda-no-secrets-in-environment", title: "references only", violations: 0, resources: [r(T.fn, "fn", { environment: { variables: { DB_PASSWORD_PARAM: "/sigma/prod/db-password", ROLE_ARN: "arn:aws:iam::123456789012:role/x" } } })] },
    { policy: "lambda-no-secrets-in-environment", title: "a password and an access key", violations: 2, resources: [r(T.fn, "fn", { environment: { variables: { DB_PASSWORD: "hunter2", KEY: "AKIAIOSFODNN7EXAMPLE" } } })] },
    { policy: "lambda-function-url-authenticated", title: "IAM auth", violations: 0, resources: [r(T.url, "url", { functionName: "f", authorizationType: "AWS_IAM" })] },
    { policy: "lambda-function-url-authenticated", title: "auth NONE", violations: 1, resources: [r(T.url, "url", { functionName: "f", authorizationType: "NONE" })] },
    { policy: "rds-hardened", title: "hardened", violations: 0, resources: [r(T.rds, "db", { storageEncrypted: true, publiclyAccessible: false, deletionProtection: true, backupRetentionPeriod: 7 })] },
    { policy: "rds-hardened", title: "defaults and public", violations: 4, resources: [r(T.rds, "db", { publiclyAccessible: true })] },
    { policy: "backup-vault-no-force-destroy", title: "no forceDestroy", violations: 0, resources: [r(T.vault, "vault", {})] },
    { policy: "backup-vault-no-force-destroy", title: "forceDestroy", violations: 1, resources: [r(T.vault, "vault", { forceDestroy: true })] },
    { policy: "backup-vault-lock", title: "governance mode and a short minimum", violations: 2, config: { required: true, minRetentionDays: 14 }, resources: [r(T.vault, "vault", {}), r(T.lock, "lock", { backupVaultName: "v", minRetentionDays: 1 }, { deps: { backupVaultName: ["vault"] } })] },
    { policy: "resources-protected", title: "not required (dev)", violations: 0, resources: [r(T.vault, "vault", {}, { options: { protect: false } })] },
    { policy: "resources-protected", title: "protected vault and key", violations: 0, config: { required: true }, resources: [r(T.vault, "vault", {}, { options: { protect: true, retainOnDelete: true } }), r(T.key, "key", {}, { options: { protect: true, retainOnDelete: true } })] },
    { policy: "resources-protected", title: "unprotected key, lock (neither option) and database volume", violations: 4, config: { required: true }, resources: [
        r(T.key, "key", {}, { options: { protect: false } }), r(T.lock, "lock", { backupVaultName: "v" }, { options: { protect: false, retainOnDelete: false } }),
        ...mysqlGroup, r(T.instance, "db", goodInstance, { deps: { vpcSecurityGroupIds: ["db-sg"] } }), r(T.volume, "data", { encrypted: true }, { options: { protect: false } }),
        r(T.attachment, "att", { deviceName: "/dev/sdf" }, { deps: { instanceId: ["db"], volumeId: ["data"] } })] },
    { policy: "iam-no-privilege-escalation", title: "narrow role", violations: 0, resources: [roleR, policyDoc({ Effect: "Allow", Action: ["ssm:UpdateInstanceInformation"], Resource: "arn:aws:ec2:ap-southeast-1:123456789012:instance/*" })] },
    { policy: "iam-no-privilege-escalation", title: "iam:Put* on role/*", violations: 1, message: /PutRolePolicy/, resources: [roleR, policyDoc({ Effect: "Allow", Action: "iam:Put*", Resource: "arn:aws:iam::123456789012:role/*" })] },
    { policy: "iam-no-privilege-escalation", title: "PassRole + RunInstances split over two policies of one role", violations: 1, message: /CreateEC2WithExistingIP/, resources: [roleR,
        policyDoc({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/*" }),
        r(T.rolePolicy, "p2", { role: "r", policy: doc({ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }) }, { deps: { role: ["r"] } })] },
    { policy: "iam-trust-confused-deputy", title: "service pinned to the account", violations: 0, resources: [r(T.role, "role", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole", Condition: sourceAccount }) })] },
    { policy: "iam-trust-confused-deputy", title: "EC2 needs no source condition", violations: 0, resources: [r(T.role, "role", { assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }) })] },
    { policy: "iam-trust-confused-deputy", title: "Lambda without, and Backup with a wildcard SourceAccount", violations: 2, resources: [
        r(T.role, "a", { assumeRolePolicy: trust({ Service: "lambda.amazonaws.com" }) }),
        r(T.role, "b", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringLike: { "aws:SourceAccount": "*" } } }) })] },
    { policy: "resource-types-known", title: "known types only", violations: 0, resources: [r(T.vault, "vault", {}), r("sigma:backup:SigmaBackupVault", "c", {})] },
    { policy: "resource-types-known", title: "an unknown type", violations: 1, message: /unknown to the pack/, resources: [r("aws:ec2/trafficMirrorSession:TrafficMirrorSession", "m", {})] },
    { policy: "resource-types-known", title: "accepted with a reason", violations: 0, config: { acceptedTypes: [{ type: "aws:ec2/trafficMirrorSession:TrafficMirrorSession", reason: "IDS copy of the DB subnet's traffic" }] }, resources: [r("aws:ec2/trafficMirrorSession:TrafficMirrorSession", "m", {})] },
    { policy: "resource-types-known", title: "accepted without a reason", violations: 2, config: { acceptedTypes: [{ type: "aws:ec2/trafficMirrorSession:TrafficMirrorSession" }] }, resources: [r("aws:ec2/trafficMirrorSession:TrafficMirrorSession", "m", {})] },
    { policy: "security-group-no-world-ssh-mysql", title: "SSH from a prefix list the stack defines as the world", violations: 1, resources: [
        r(T.prefixList, "pl", { addressFamily: "IPv4", maxEntries: 2, entries: [{ cidr: "0.0.0.0/1" }, { cidr: "128.0.0.0/1" }] }),
        r(T.ingress, "ssh", { securityGroupId: "sg-1", ipProtocol: "6", fromPort: 22, toPort: 22, prefixListId: "pl-1", description: "x" }, { deps: { prefixListId: ["pl"] } })] },
    { policy: "security-group-no-world-ssh-mysql", title: "SSH from a prefix list of one admin network", violations: 0, resources: [
        r(T.prefixList, "pl", { addressFamily: "IPv4", maxEntries: 1, entries: [{ cidr: "198.51.100.0/24" }] }),
        r(T.ingress, "ssh", { securityGroupId: "sg-1", ipProtocol: "tcp", fromPort: 22, toPort: 22, prefixListId: "pl-1", description: "x" }, { deps: { prefixListId: ["pl"] } })] },
];
