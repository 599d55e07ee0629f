import { SynthResult } from "../../offline/synth/synthesize";

type Doc = SynthResult;
type Resource = Doc["resources"][number];

/** One realistic insecure change to a shipped stack's synth, the policy that must catch it, and where the idea comes from. */
export interface InsecureVariant {
    id: string;
    stack: "prod" | "dev" | "dr";
    /** checkov / cdk-nag / Security Hub control, or "issue 13 cause N" for the causes the issue lists. */
    source: string;
    catches: string;
    mutate: (doc: Doc) => void;
}

const byName = (doc: Doc, type: string, name?: string): Resource => {
    const found = doc.resources.find((r) => r.type === type && (name === undefined || r.name === name));
    if (!found) {
        throw new Error(`the synth has no ${type}${name ? ` named ${name}` : ""}; the corpus must be updated with the stacks`);
    }
    return found;
};
const all = (doc: Doc, type: string) => doc.resources.filter((r) => r.type === type);
/** The stack's (first) EC2 instance, the volume attached to it, and the role EC2 assumes: found by what they are, not their names. */
const theInstance = (doc: Doc) => byName(doc, "aws:ec2/instance:Instance");
const theVolume = (doc: Doc) => byName(doc, "aws:ebs/volume:Volume");
const instanceRole = (doc: Doc): Resource => {
    const role = doc.resources.find((r) => r.type === "aws:iam/role:Role" && String((r.inputs as any).assumeRolePolicy).includes("ec2.amazonaws.com"));
    if (!role) {
        throw new Error("the synth has no role EC2 assumes; the corpus must be updated with the stacks");
    }
    return role;
};
const providerOf = (doc: Doc) => (doc.resources.find((r) => r.type === "pulumi:providers:aws") as Resource).urn;

/** Adds a resource under the stack's AWS provider; `deps` maps an input to the resources it came from. */
function add(doc: Doc, type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, Resource[]> = {}): Resource {
    const resource = {
        urn: `urn:pulumi:${doc.stack}::${doc.project}::${type}::${name}`, type, name, provider: providerOf(doc), inputs,
        propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k, rs]) => [k, rs.map((r) => r.urn)])),
    } as unknown as Resource;
    doc.resources.push(resource);
    return resource;
}
const dep = (r: Resource, input: string, targets: Resource[]) => {
    (r as any).propertyDependencies = { ...(r.propertyDependencies ?? {}), [input]: targets.map((t) => t.urn) };
};
/** Edits the JSON policy document held in `property` of a resource. */
const editDoc = (r: Resource, edit: (d: { Statement: any[] }) => void, property = "policy") => {
    const inputs = r.inputs as Record<string, any>;
    const parsed = JSON.parse(inputs[property]);
    parsed.Statement = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    edit(parsed);
    inputs[property] = JSON.stringify(parsed);
};
const addStatement = (r: Resource, statement: object, property = "policy") => editDoc(r, (d) => d.Statement.push(statement), property);
const inputs = (r: Resource) => r.inputs as Record<string, any>;

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ROLE = "aws:iam/role:Role";
const KEY = "aws:kms/key:Key";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const PLAN = "aws:backup/plan:Plan";
const FOREIGN = "210987654321";

/** An ingress rule on a group of the stack. */
const ingressOn = (doc: Doc, group: string, name: string, rule: Record<string, unknown>) =>
    add(doc, INGRESS, name, { securityGroupId: "sg-0", description: "added", ...rule }, { securityGroupId: [byName(doc, SG, group)] });
const egressOn = (doc: Doc, group: string, name: string, rule: Record<string, unknown>) =>
    add(doc, EGRESS, name, { securityGroupId: "sg-0", description: "added", ...rule }, { securityGroupId: [byName(doc, SG, group)] });
const restorePolicy = (doc: Doc) => byName(doc, ROLE_POLICY, "sigma-restore-function-policy");
const grant = (doc: Doc, statement: object) => addStatement(restorePolicy(doc), { Sid: "Added", Effect: "Allow", ...statement });
const attachManaged = (doc: Doc, arn: string) => add(doc, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "added-attachment", { role: "r", policyArn: arn }, { role: [instanceRole(doc)] });

const v = (id: string, source: string, catches: string, mutate: (doc: Doc) => void, stack: InsecureVariant["stack"] = "prod"): InsecureVariant => ({ id, stack, source, catches, mutate });

export const INSECURE_VARIANTS: InsecureVariant[] = [
    // network: addresses and protocols by meaning (issue 13 cause 2)
    v("app 8080 from 0.0.0.0/0", "checkov CKV_AWS_260", "world-ingress-only-load-balancer-web", (d) => ingressOn(d, "sigma-app", "w", { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: "0.0.0.0/0" })),
    v("SSH from 0.0.0.0/1 + 128.0.0.0/1", "issue 13 cause 2", "security-group-no-world-ssh-mysql", (d) => {
        ingressOn(d, "sigma-app", "a", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/1" });
        ingressOn(d, "sigma-app", "b", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "128.0.0.0/1" });
    }),
    v("SSH from ::/1 + 8000::/1 inline", "issue 13 cause 2", "security-group-no-world-ssh-mysql", (d) => { inputs(byName(d, SG, "sigma-app")).ingress = [{ protocol: "tcp", fromPort: 22, toPort: 22, ipv6CidrBlocks: ["::/1", "8000::/1"], description: "x" }]; }),
    v("all traffic spelled ALL from the world", "issue 13 cause 2", "security-group-no-world-ssh-mysql", (d) => ingressOn(d, "sigma-app", "all", { ipProtocol: "ALL", cidrIpv4: "0.0.0.0/0" })),
    v("MySQL over protocol \"6\" from 10.0.0.0/8", "issue 13 cause 2", "mysql-ingress-from-security-group-only", (d) => ingressOn(d, "sigma-db", "m", { ipProtocol: "6", fromPort: 3306, toPort: 3306, cidrIpv4: "10.0.0.0/8" })),
    v("all traffic (-1) from the VPC to the DB group", "Security Hub EC2.19", "mysql-ingress-from-security-group-only", (d) => ingressOn(d, "sigma-db", "m", { ipProtocol: "-1", cidrIpv4: "10.40.0.0/16" })),
    v("8080 from a prefix list of the world", "issue 13 cause 2", "world-ingress-only-load-balancer-web", (d) => {
        const pl = add(d, "aws:ec2/managedPrefixList:ManagedPrefixList", "pl", { addressFamily: "IPv4", maxEntries: 2, entries: [{ cidr: "0.0.0.0/1" }, { cidr: "128.0.0.0/1" }] });
        const rule = ingressOn(d, "sigma-app", "pl", { ipProtocol: "tcp", fromPort: 8080, toPort: 8080, prefixListId: "pl-1" });
        dep(rule, "prefixListId", [pl]);
    }),
    v("SSH from a prefix list the stack does not define", "issue 13 cause 2", "security-group-no-world-ssh-mysql", (d) => ingressOn(d, "sigma-app", "pl", { ipProtocol: "tcp", fromPort: 22, toPort: 22, prefixListId: "pl-0123456789abcdef0" })),
    v("RDP from the world", "Security Hub EC2.14", "security-group-no-world-ssh-mysql", (d) => ingressOn(d, "sigma-app", "rdp", { ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv6: "::/0" })),
    v("legacy rule, protocol TCP, SSH from the world", "checkov CKV_AWS_24", "security-group-no-world-ssh-mysql", (d) => add(d, "aws:ec2/securityGroupRule:SecurityGroupRule", "legacy", { type: "ingress", protocol: "TCP", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"], securityGroupId: "sg-0", description: "x" }, { securityGroupId: [byName(d, SG, "sigma-app")] })),
    v("8443 from the world on the load balancer's group", "Security Hub EC2.18", "world-ingress-only-load-balancer-web", (d) => ingressOn(d, "sigma-alb", "alt", { ipProtocol: "tcp", fromPort: 8443, toPort: 8443, cidrIpv4: "0.0.0.0/0" })),
    v("443 from most of the internet on the app group", "Security Hub EC2.18", "world-ingress-only-load-balancer-web", (d) => ingressOn(d, "sigma-app", "most", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/1" })),
    v("egress all traffic to the world", "checkov CKV_AWS_382", "security-group-egress-restricted", (d) => egressOn(d, "sigma-db", "all", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })),
    v("egress UDP 53 to the world", "checkov CKV_AWS_382", "security-group-egress-restricted", (d) => egressOn(d, "sigma-app", "dns", { ipProtocol: "udp", fromPort: 53, toPort: 53, cidrIpv4: "0.0.0.0/0" })),
    v("egress every TCP port to ::/0", "checkov CKV_AWS_382", "security-group-egress-restricted", (d) => egressOn(d, "sigma-app", "tcp", { ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIpv6: "::/0" })),
    v("default security group keeps allow-all", "Security Hub EC2.2", "default-security-group-closed", (d) => add(d, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default", { vpcId: "vpc-1", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] })),
    v("DB instance joins the load balancer's group", "issue 13 cause 3", "security-group-not-shared-lb-db", (d) => {
        const db = theInstance(d); // in the DB group (admits 3306) it holds the database
        dep(db, "vpcSecurityGroupIds", [byName(d, SG, "sigma-db"), byName(d, SG, "sigma-alb")]);
    }),
    v("listener rule forwards on the HTTP listener", "issue 13 cause 1", "load-balancer-listener-rule-https", (d) => dep(byName(d, "aws:lb/listenerRule:ListenerRule", "sigma-route-sigma"), "listenerArn", [byName(d, LISTENER, "sigma-http")])),
    v("HTTP listener forwards instead of redirecting", "Security Hub ELB.1", "load-balancer-listener-https", (d) => { inputs(byName(d, LISTENER, "sigma-http")).defaultActions = [{ type: "forward", targetGroupArn: "arn:tg" }]; }),
    v("HTTPS listener on ELBSecurityPolicy-2016-08", "Security Hub ELB.17", "load-balancer-listener-https", (d) => { inputs(byName(d, LISTENER, "sigma-https")).sslPolicy = "ELBSecurityPolicy-2016-08"; }),
    v("ALB keeps invalid headers", "Security Hub ELB.4", "load-balancer-hardened", (d) => { inputs(byName(d, LB)).dropInvalidHeaderFields = false; }),
    v("ALB desync mode monitor", "Security Hub ELB.12", "load-balancer-hardened", (d) => { inputs(byName(d, LB)).desyncMitigationMode = "monitor"; }),
    v("ALB without deletion protection", "Security Hub ELB.6", "load-balancer-hardened", (d) => { delete inputs(byName(d, LB)).enableDeletionProtection; }),
    v("ALB access logs off", "Security Hub ELB.5", "load-balancer-hardened", (d) => { inputs(byName(d, LB)).accessLogs.enabled = false; }),
    v("classic ELB in front of the app", "issue 13 cause 1", "load-balancer-hardened", (d) => add(d, "aws:elb/loadBalancer:LoadBalancer", "classic", { listeners: [{ instancePort: 8080, instanceProtocol: "http", lbPort: 80, lbProtocol: "http" }] })),
    v("rule without a description", "checkov CKV_AWS_23", "security-group-descriptions", (d) => { delete inputs(byName(d, INGRESS, "sigma-db-mysql-from-app")).description; }),
    // compute
    v("IMDSv1 on the DB instance", "Security Hub EC2.8", "ec2-imdsv2-required", (d) => { inputs(theInstance(d)).metadataOptions.httpTokens = "optional"; }),
    v("hop limit 2", "issue 13 cause 3", "ec2-imdsv2-required", (d) => { inputs(theInstance(d)).metadataOptions.httpPutResponseHopLimit = 2; }),
    v("hop limit left to the AMI", "issue 13 cause 3", "ec2-imdsv2-required", (d) => { delete inputs(theInstance(d)).metadataOptions.httpPutResponseHopLimit; }),
    v("public IP on the DB instance", "Security Hub EC2.9", "ec2-no-public-ip", (d) => { inputs(theInstance(d)).associatePublicIpAddress = true; }),
    v("dev: public IP on an instance moved into the DB group (the dev waiver covers only the shipped instance)", "issue 13 cause 3", "ec2-no-public-ip", (d) => {
        const spot = add(d, "aws:ec2/spotInstanceRequest:SpotInstanceRequest", "second", { ...inputs(theInstance(d)), associatePublicIpAddress: true });
        dep(spot, "vpcSecurityGroupIds", [byName(d, SG, "sigma-db")]);
    }, "dev"),
    v("Elastic IP associated to the DB instance", "issue 13 cause 1", "ec2-no-public-ip", (d) => add(d, "aws:ec2/eipAssociation:EipAssociation", "eip", { allocationId: "eipalloc-1", instanceId: "i-1" }, { instanceId: [theInstance(d)] })),
    v("Elastic IP on an app instance in prod", "Security Hub EC2.9", "ec2-no-public-ip", (d) => add(d, "aws:ec2/eip:Eip", "eip", { domain: "vpc", instance: "i-1" }, { instance: [theInstance(d)] })),
    v("spot instance with IMDSv1", "issue 13 cause 1", "ec2-imdsv2-required", (d) => add(d, "aws:ec2/spotInstanceRequest:SpotInstanceRequest", "spot", { ...inputs(theInstance(d)), metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } })),
    v("spot instance in the DB group with a public IP", "issue 13 cause 1", "ec2-no-public-ip", (d) => add(d, "aws:ec2/spotInstanceRequest:SpotInstanceRequest", "spot", { ...inputs(theInstance(d)), associatePublicIpAddress: true }, { vpcSecurityGroupIds: [byName(d, SG, "sigma-db")] })),
    v("launch configuration with an unencrypted root", "Security Hub AutoScaling.6 / EC2.7", "ebs-encrypted", (d) => add(d, "aws:ec2/launchConfiguration:LaunchConfiguration", "lc", { imageId: "ami-0123456789abcdef0", instanceType: "t3.xlarge", metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 }, rootBlockDevice: { volumeSize: 50 } })),
    v("launch configuration + ASG without metadata options", "Security Hub AutoScaling.3", "ec2-imdsv2-required", (d) => {
        const lc = add(d, "aws:ec2/launchConfiguration:LaunchConfiguration", "lc", { imageId: "ami-0123456789abcdef0", instanceType: "t3.xlarge", rootBlockDevice: { encrypted: true } });
        add(d, "aws:autoscaling/group:Group", "asg", { launchConfiguration: "lc-1", maxSize: 2, minSize: 1 }, { launchConfiguration: [lc] });
    }),
    v("ASG launching from a template outside the stack", "issue 13 cause 1", "autoscaling-group-launch-source-known", (d) => add(d, "aws:autoscaling/group:Group", "asg", { launchTemplate: { id: "lt-0abc", version: "$Latest" }, maxSize: 2, minSize: 1 })),
    v("launch template with a public interface in the DB group", "Security Hub EC2.25 / AutoScaling.5", "ec2-no-public-ip", (d) => add(d, "aws:ec2/launchTemplate:LaunchTemplate", "lt", { imageId: "ami-0123456789abcdef0", metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 }, networkInterfaces: [{ associatePublicIpAddress: "true", securityGroups: ["sg-0"] }] }, { networkInterfaces: [byName(d, SG, "sigma-db")] })),
    v("unencrypted data volume", "Security Hub EC2.3", "ebs-encrypted", (d) => { inputs(theVolume(d)).encrypted = false; }),
    v("termination protection off", "cdk-nag AwsSolutions-EC29", "ec2-termination-protection", (d) => { inputs(theInstance(d)).disableApiTermination = false; }),
    v("instance type outside the guide", "product guide 2.3", "ec2-instance-type-allowed", (d) => { inputs(theInstance(d)).instanceType = "t2.nano"; }),
    v("malformed AMI id", "product guide", "ec2-approved-ami", (d) => { inputs(theInstance(d)).ami = "ami-latest"; }),
    v("detailed monitoring off", "checkov CKV_AWS_126", "ec2-detailed-monitoring", (d) => { inputs(theInstance(d)).monitoring = false; }),
    // storage
    v("public access block lets public policies in", "Security Hub S3.8", "s3-bucket-public-access-blocked", (d) => { inputs(byName(d, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "sigma-alb-logs")).blockPublicPolicy = false; }),
    v("public access block removed", "Security Hub S3.8", "s3-bucket-public-access-blocked", (d) => { d.resources = d.resources.filter((r) => !(r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" && r.name === "sigma-trail-logs")); }),
    v("public-read bucket ACL", "Security Hub S3.2", "s3-bucket-acls-disabled", (d) => add(d, "aws:s3/bucketAclV2:BucketAclV2", "acl", { bucket: "sigma-alb-logs-8102057", acl: "public-read" }, { bucket: [byName(d, BUCKET, "sigma-alb-logs")] })),
    v("ownership ObjectWriter re-enables ACLs", "Security Hub S3.12", "s3-bucket-acls-disabled", (d) => { inputs(byName(d, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "sigma-trail-logs")).rule.objectOwnership = "ObjectWriter"; }),
    v("grant to AllUsers in an ACL", "Security Hub S3.3", "s3-bucket-acls-disabled", (d) => add(d, "aws:s3/bucketAclV2:BucketAclV2", "acl", { bucket: "b", accessControlPolicy: { grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ" }], owner: { id: "x" } } })),
    v("bucket policy lets everyone read", "Security Hub S3.2", "resource-policy-principals", (d) => addStatement(byName(d, BUCKET_POLICY, "sigma-alb-logs"), { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::sigma-alb-logs-8102057/*" })),
    v("bucket policy without the TLS deny", "Security Hub S3.5", "s3-bucket-tls-only", (d) => editDoc(byName(d, BUCKET_POLICY, "sigma-trail-logs"), (doc) => { doc.Statement = doc.Statement.filter((s) => s.Sid !== "DenyInsecureTransport"); })),
    v("a new bucket with nothing around it", "cdk-nag AwsSolutions-S1/S10", "s3-bucket-tls-only", (d) => add(d, BUCKET, "exports", {})),
    v("bucket policy grants a foreign account", "checkov CKV_AWS_70", "resource-policy-principals", (d) => addStatement(byName(d, BUCKET_POLICY, "sigma-trail-logs"), { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "s3:GetObject", Resource: "arn:aws:s3:::sigma-trail-logs-779af94/*" })),
    v("legacy bucket acl input public-read-write", "Security Hub S3.3", "s3-bucket-acls-disabled", (d) => { inputs(byName(d, BUCKET, "sigma-trail-logs")).acl = "public-read-write"; }),
    // resource policies (issue 13 cause 2: principals and foreign accounts never looked at)
    v("key policy Principal AWS *", "checkov CKV_AWS_33", "kms-key-policy-no-wildcard-principal", (d) => addStatement(byName(d, KEY, "sigma-key"), { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" })),
    v("key policy * pinned by a wildcard kms:CallerAccount", "issue 13 cause 2", "kms-key-policy-no-wildcard-principal", (d) => addStatement(byName(d, KEY, "sigma-ebs-key"), { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringLike: { "kms:CallerAccount": "*" } } })),
    v("key policy grants a foreign account", "issue 13 cause 2", "resource-policy-principals", (d) => addStatement(byName(d, KEY, "sigma-key"), { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: ["kms:Decrypt", "kms:CreateGrant"], Resource: "*" })),
    v("topic policy lets everyone publish", "Security Hub SNS.4", "resource-policy-principals", (d) => addStatement(byName(d, "aws:sns/topicPolicy:TopicPolicy"), { Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: "*" })),
    v("topic policy lets a foreign account subscribe", "checkov CKV_AWS_169", "resource-policy-principals", (d) => addStatement(byName(d, "aws:sns/topicPolicy:TopicPolicy"), { Effect: "Allow", Principal: { AWS: FOREIGN }, Action: "sns:Subscribe", Resource: "*" })),
    v("vault policy lets everyone copy in", "issue 13 cause 1", "resource-policy-principals", (d) => addStatement(byName(d, "aws:backup/vaultPolicy:VaultPolicy"), { Effect: "Allow", Principal: "*", Action: "backup:CopyIntoBackupVault", Resource: "*" })),
    v("vault policy grants a foreign account restores", "issue 13 cause 2", "resource-policy-principals", (d) => addStatement(byName(d, "aws:backup/vaultPolicy:VaultPolicy"), { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "backup:StartRestoreJob", Resource: "*" })),
    v("Lambda permission for principal *", "Security Hub Lambda.1", "resource-policy-principals", (d) => add(d, "aws:lambda/permission:Permission", "public", { action: "lambda:InvokeFunction", function: "EC2RestoreLambdaFunction-prod", principal: "*" })),
    v("Lambda permission for S3 without sourceArn", "AWS Lambda confused deputy", "resource-policy-principals", (d) => { delete inputs(byName(d, "aws:lambda/permission:Permission", "sigma-validator-from-events")).sourceArn; }),
    v("Lambda permission for a foreign account", "checkov CKV_AWS_301", "resource-policy-principals", (d) => add(d, "aws:lambda/permission:Permission", "foreign", { action: "lambda:InvokeFunction", function: "EC2RestoreLambdaFunction-prod", principal: FOREIGN })),
    v("function URL permission with auth NONE", "Security Hub Lambda.1", "resource-policy-principals", (d) => add(d, "aws:lambda/permission:Permission", "url", { action: "lambda:InvokeFunctionUrl", function: "EC2RestoreLambdaFunction-prod", principal: "*", functionUrlAuthType: "NONE" })),
    v("function URL with auth NONE", "issue 13 cause 1", "lambda-function-url-authenticated", (d) => add(d, "aws:lambda/functionUrl:FunctionUrl", "url", { functionName: "EC2RestoreLambdaFunction-prod", authorizationType: "NONE" })),
    v("database password in the restore function's environment", "checkov CKV_AWS_45", "lambda-no-secrets-in-environment", (d) => { inputs(byName(d, "aws:lambda/function:Function", "sigma-restore-function")).environment.variables.MYSQL_PASSWORD = "Sigma@123"; }),
    // IAM (issue 13 cause 2: wildcards that are not the literal "*")
    v("iam:Put* on role/*", "issue 13 cause 2", "iam-no-privilege-escalation", (d) => grant(d, { Action: "iam:Put*", Resource: "arn:aws:iam::123456789012:role/*" })),
    v("iam:Attach* on role/*", "issue 13 cause 2", "iam-no-privilege-escalation", (d) => grant(d, { Action: ["iam:Attach*"], Resource: "arn:aws:iam::123456789012:role/*" })),
    v("s3:* on a bucket", "checkov CKV_AWS_63", "iam-no-wildcard-action", (d) => grant(d, { Action: "s3:*", Resource: "arn:aws:s3:::sigma-alb-logs-8102057" })),
    v("S3:* in capitals", "issue 13 cause 2", "iam-no-wildcard-action", (d) => grant(d, { Action: "S3:*", Resource: "arn:aws:s3:::sigma-alb-logs-8102057" })),
    v("kms:* via kms:*?*", "issue 13 cause 2", "iam-no-wildcard-action", (d) => grant(d, { Action: "kms:*?*", Resource: "arn:aws:kms:ap-southeast-1:123456789012:key/1" })),
    v("*:* action", "Security Hub IAM.1", "iam-no-wildcard-action", (d) => grant(d, { Action: "*:*", Resource: "arn:aws:s3:::x" })),
    v("NotAction allow", "checkov CKV_AWS_62", "iam-no-wildcard-action", (d) => grant(d, { NotAction: "iam:*", Resource: "arn:aws:s3:::x" })),
    v("s3:GetObject on arn:aws:s3:::*", "issue 13 cause 2", "iam-no-wildcard-resource", (d) => grant(d, { Action: "s3:GetObject", Resource: "arn:aws:s3:::*" })),
    v("kms:Decrypt on arn:aws:kms:*:*:key/*", "issue 13 cause 2", "iam-no-wildcard-resource", (d) => grant(d, { Action: "kms:Decrypt", Resource: "arn:aws:kms:*:*:key/*" })),
    v("PassRole on arn:aws:iam::<acct>:*", "issue 13 cause 2", "iam-passrole-restricted", (d) => grant(d, { Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:*", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } })),
    v("PassRole with StringLike iam:PassedToService *", "issue 13 cause 2", "iam-passrole-restricted", (d) => grant(d, { Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/sigma-restore-role-7182f15", Condition: { StringLike: { "iam:PassedToService": "*" } } })),
    v("iam:Pass* on role/*", "checkov CKV_AWS_286", "iam-passrole-restricted", (d) => grant(d, { Action: "iam:Pass*", Resource: "arn:aws:iam::123456789012:role/*", Condition: { StringEquals: { "iam:PassedToService": "backup.amazonaws.com" } } })),
    v("misspelled action ec2:RunInstance", "AWS Service Authorization Reference", "iam-no-wildcard-action", (d) => grant(d, { Action: "ec2:RunInstance", Resource: "arn:aws:ec2:ap-southeast-1:123456789012:instance/*" })),
    v("lambda:UpdateFunctionCode on any function", "Rhino EditExistingLambdaFunctionWithRole", "iam-no-privilege-escalation", (d) => grant(d, { Action: "lambda:UpdateFunctionCode", Resource: "arn:aws:lambda:ap-southeast-1:123456789012:function:*" })),
    v("CreatePolicyVersion", "Rhino CreateNewPolicyVersion", "iam-no-privilege-escalation", (d) => grant(d, { Action: "iam:CreatePolicyVersion", Resource: "arn:aws:iam::123456789012:policy/*" })),
    v("AdministratorAccess attachment", "checkov CKV_AWS_274", "iam-no-administrator-access", (d) => attachManaged(d, "arn:aws:iam::aws:policy/AdministratorAccess")),
    v("PowerUserAccess attachment", "issue 13 cause 3", "iam-no-administrator-access", (d) => attachManaged(d, "arn:aws:iam::aws:policy/PowerUserAccess")),
    v("IAMFullAccess in managedPolicyArns", "issue 13 cause 3", "iam-no-administrator-access", (d) => { inputs(instanceRole(d)).managedPolicyArns = ["arn:aws:iam::aws:policy/IAMFullAccess"]; }),
    v("an AWS managed policy the pack cannot judge", "unknown means no", "iam-no-administrator-access", (d) => attachManaged(d, "arn:aws:iam::aws:policy/AmazonEC2FullAccess")),
    v("Lambda trust without aws:SourceAccount", "issue 13 cause 3", "iam-trust-confused-deputy", (d) => editDoc(byName(d, ROLE, "sigma-validator-role"), (doc) => { delete doc.Statement[0].Condition; }, "assumeRolePolicy")),
    v("trust a foreign account", "checkov CKV_AWS_60", "iam-trust-service-principals-only", (d) => editDoc(instanceRole(d), (doc) => doc.Statement.push({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: "sts:AssumeRole" }), "assumeRolePolicy")),
    v("trust everyone", "checkov CKV_AWS_60", "iam-trust-service-principals-only", (d) => editDoc(instanceRole(d), (doc) => { doc.Statement[0].Principal = "*"; }, "assumeRolePolicy")),
    // backup (issue 13 cause 3: vault settings never read)
    v("vault forceDestroy", "issue 13 cause 3", "backup-vault-no-force-destroy", (d) => { inputs(byName(d, VAULT)).forceDestroy = true; }),
    v("vault lock in governance mode", "issue 13 cause 3", "backup-vault-lock", (d) => { delete inputs(byName(d, LOCK)).changeableForDays; }),
    v("vault lock minimum retention 1 day", "issue 13 cause 3", "backup-vault-lock", (d) => { inputs(byName(d, LOCK)).minRetentionDays = 1; }),
    v("vault lock removed", "Security Hub Backup.1", "backup-vault-lock", (d) => { d.resources = d.resources.filter((r) => r.type !== LOCK); }),
    v("vault on the AWS managed key", "checkov CKV_AWS_166", "backup-vault-cmk", (d) => { inputs(byName(d, VAULT)).kmsKeyArn = "arn:aws:kms:ap-southeast-1:123456789012:alias/aws/backup"; }),
    v("recovery points kept 1 day", "product guide", "backup-plan-retention", (d) => { inputs(byName(d, PLAN)).rules[0].lifecycle.deleteAfter = 1; }),
    v("schedule in a past year", "issue 13 cause 3", "backup-plan-frequency", (d) => { inputs(byName(d, PLAN)).rules[0].schedule = "cron(0 5 ? * * 2020)"; }),
    v("weekly schedule", "RPO", "backup-plan-frequency", (d) => { inputs(byName(d, PLAN)).rules[0].schedule = "cron(0 5 ? * SUN *)"; }),
    v("no cross-region copy", "DR", "backup-cross-region-copy", (d) => { delete inputs(byName(d, PLAN)).rules[0].copyActions; }),
    v("vault not protected", "issue 13 cause 4", "resources-protected", (d) => { (byName(d, VAULT) as any).options = { protect: false, retainOnDelete: false }; }),
    v("backup key not protected", "issue 13 cause 4", "resources-protected", (d) => { (byName(d, KEY, "sigma-key") as any).options = {}; }),
    v("DB data volume not protected", "issue 13 cause 4", "resources-protected", (d) => {
        dep(theInstance(d), "vpcSecurityGroupIds", [byName(d, SG, "sigma-db")]);
        const attachment = byName(d, "aws:ec2/volumeAttachment:VolumeAttachment");
        const volume = d.resources.find((r) => (attachment.propertyDependencies?.volumeId ?? []).includes(r.urn)) as Resource;
        (volume as any).options = { protect: false };
    }),
    v("backup selection no longer matches the DB instance", "checkov CKV2_AWS_9", "backup-coverage", (d) => { inputs(byName(d, "aws:backup/selection:Selection")).selectionTags[0].value = "false"; }),
    // observability and the rest
    v("key rotation off", "Security Hub KMS.4", "kms-key-rotation", (d) => { inputs(byName(d, KEY, "sigma-key")).enableKeyRotation = false; }),
    v("alarm topic unencrypted", "Security Hub SNS.1", "sns-topic-encrypted", (d) => { delete inputs(byName(d, "aws:sns/topic:Topic")).kmsMasterKeyId; }),
    v("logs kept forever", "checkov CKV_AWS_66", "log-group-retention", (d) => { delete inputs(all(d, "aws:cloudwatch/logGroup:LogGroup")[0]).retentionInDays; }),
    v("alarm that tells no one", "checkov CKV_AWS_319", "cloudwatch-alarm-actions", (d) => { inputs(all(d, "aws:cloudwatch/metricAlarm:MetricAlarm")[0]).alarmActions = []; }),
    v("restore function failures dropped", "checkov CKV_AWS_116", "lambda-failure-destination", (d) => { d.resources = d.resources.filter((r) => r.type !== "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig"); }),
    v("RDS instance, public and unencrypted", "Security Hub RDS.2, RDS.3", "rds-hardened", (d) => add(d, "aws:rds/instance:Instance", "mysql", { engine: "mysql", instanceClass: "db.t3.medium", publiclyAccessible: true })),
    v("a type the pack does not know", "issue 13 cause 1 (deny by default)", "resource-types-known", (d) => add(d, "aws:ec2/trafficMirrorSession:TrafficMirrorSession", "mirror", { networkInterfaceId: "eni-1", trafficMirrorTargetId: "tmt-1", trafficMirrorFilterId: "tmf-1", sessionNumber: 1 })),
    // dev and dr
    v("dev: MySQL from 0.0.0.0/1 + 128.0.0.0/1", "issue 13 cause 2", "mysql-ingress-from-security-group-only", (d) => {
        ingressOn(d, "sigma-db", "a", { ipProtocol: "tcp", fromPort: 3306, toPort: 3306, cidrIpv4: "0.0.0.0/1" });
        ingressOn(d, "sigma-db", "b", { ipProtocol: "tcp", fromPort: 3306, toPort: 3306, cidrIpv4: "128.0.0.0/1" });
    }, "dev"),
    v("dev: SSH from the world spelled protocol all", "issue 13 cause 2", "security-group-no-world-ssh-mysql", (d) => ingressOn(d, "sigma-app", "all", { ipProtocol: "all", cidrIpv6: "::/0" }), "dev"),
    v("dev: iam:* on the instance role", "checkov CKV_AWS_63", "iam-no-wildcard-action", (d) => addStatement(all(d, ROLE_POLICY)[0], { Effect: "Allow", Action: "iam:*", Resource: "arn:aws:iam::123456789012:role/x" }), "dev"),
    v("dr: public vault policy", "issue 13 cause 1", "resource-policy-principals", (d) => addStatement(byName(d, "aws:backup/vaultPolicy:VaultPolicy"), { Effect: "Allow", Principal: { AWS: "*" }, Action: "backup:CopyIntoBackupVault", Resource: "*" }), "dr"),
    v("dr: vault lock in governance mode", "issue 13 cause 3", "backup-vault-lock", (d) => { delete inputs(byName(d, LOCK)).changeableForDays; }, "dr"),
    v("dr: copy key granted to a foreign account", "issue 13 cause 2", "resource-policy-principals", (d) => addStatement(all(d, KEY)[0], { Effect: "Allow", Principal: { AWS: FOREIGN }, Action: "kms:Decrypt", Resource: "*" }), "dr"),
];
