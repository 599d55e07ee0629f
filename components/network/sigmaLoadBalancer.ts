import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { componentTags } from "../shared/tags";
import { ArgProblems, awsIdProblem, knownValue, show, tagProblems } from "../shared/validation";
import { cidrSlug, isIpv6Cidr } from "../../model/cidr";
import { cidrListProblems } from "../shared/cidrList";
import { acmCertificateRegion, DOMAIN_NAME, HOSTED_ZONE_ID } from "../../model/ids";
import { SIGMA_APP_PORT } from "../shared/constants";

const HTTPS_PORT = 443;
const HTTP_PORT = 80;

/** TLS policies that allow only TLS 1.2+ with forward secrecy (AWS's recommended TLS13 family and FS-1-2-Res). */
export const MODERN_TLS_POLICIES = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
] as const;

export const LOAD_BALANCER_DEFAULTS = {
    /** AWS's recommended policy for ALBs: TLS 1.3 and 1.2 only. */
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    targetPort: SIGMA_APP_PORT,
    /** The guide's health check URL (8.1). */
    healthCheckPath: "/sigma",
    /** The two applications the AMI serves (guide 8.1). */
    applicationPaths: ["/sigma", "/expertctstudio"],
    deletionProtection: true,
    /** Tomcat keeps sessions in memory per instance, so a user must stay on one instance. */
    stickySessions: true,
    stickinessSeconds: 8 * 3600,
    accessLogExpirationDays: 90,
    accessLogPrefix: "alb",
    /** Protect the log bucket from `pulumi destroy` and keep it when removed: an erased log is lost evidence (prod passes its protectsData). */
    protectData: true,
};

/**
 * The ELB log-delivery account of each Region that had one before August 2022, copied from the AWS provider
 * (hashicorp/terraform-provider-aws internal/service/elb/service_account_data_source.go, accountIDPerRegionMap) after
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html: "Regions available
 * before August 2022" grant this account; newer Regions grant the service principal logdelivery.elasticloadbalancing.amazonaws.com.
 * The provider's data source fails in a Region it does not list; this table lets a newer Region use the principal alone.
 */
export const ELB_LOG_DELIVERY_ACCOUNTS: Readonly<Record<string, string>> = {
    "af-south-1": "098369216593", "ap-east-1": "754344448648", "ap-northeast-1": "582318560864", "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331", "ap-south-1": "718504428378", "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580", "ca-central-1": "985666609251", "cn-north-1": "638102146993", "cn-northwest-1": "037604701340",
    "eu-central-1": "054676820928", "eu-north-1": "897822967062", "eu-south-1": "635631232127", "eu-west-1": "156460612806",
    "eu-west-2": "652711504416", "eu-west-3": "009996457667", "me-south-1": "076674570225", "sa-east-1": "507241528517",
    "us-east-1": "127311923021", "us-east-2": "033677994240", "us-gov-east-1": "190560391635", "us-gov-west-1": "048591011584",
    "us-west-1": "027434742980", "us-west-2": "797873946194",
};

/** The ELB log-delivery account's principal ARN for `region`, or undefined where AWS delivers logs as the service principal only. */
export function elbLogDeliveryAccountArn(partition: string, region: string): string | undefined {
    const account = Object.hasOwn(ELB_LOG_DELIVERY_ACCOUNTS, region) ? ELB_LOG_DELIVERY_ACCOUNTS[region] : undefined;
    return account === undefined ? undefined : `arn:${partition}:iam::${account}:root`;
}

export interface SigmaLoadBalancerArgs {
    /** The VPC of the target group and security group (`vpc-...`). */
    vpcId: pulumi.Input<string>;
    /** Public subnets for the internet-facing ALB: at least 2, in distinct AZs. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The VPC's IPv4 CIDR: the ALB may only open connections to the target port inside it. */
    vpcCidrBlock: pulumi.Input<string>;
    /** ACM certificate ARN for the HTTPS listener (same region as the ALB). */
    certificateArn: pulumi.Input<string>;
    /** Client networks allowed to reach 443 and 80 (80 only redirects to 443). */
    appCidrs: string[];
    /** Instance ids registered as targets on the target port. */
    targetInstanceIds: pulumi.Input<string>[];
    /** Refuse deletion of the ALB (default true). @default true */
    deletionProtection?: boolean;
    /** TLS policy of the HTTPS listener; one of MODERN_TLS_POLICIES (default ELBSecurityPolicy-TLS13-1-2-2021-06). @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
    sslPolicy?: string;
    /** Port the application listens on in the targets (default 8080). @default 8080 */
    targetPort?: number;
    /** Health check path on the targets (default /sigma). @default "/sigma" */
    healthCheckPath?: string;
    /** Path prefixes routed to the targets; each gets a rule for `<path>` and `<path>/*` (default /sigma, /expertctstudio). @default ["/sigma","/expertctstudio"] */
    applicationPaths?: string[];
    /** Keep a user on one target with the ALB's cookie (default true: Tomcat sessions are per instance). @default true */
    stickySessions?: boolean;
    /** Days access logs are kept in the log bucket (default 90); an overwritten or deleted log stays recoverable as a noncurrent version as long. @default 90 */
    accessLogExpirationDays?: number;
    /** Protect the access-log bucket from deletion and keep it when the stack is destroyed (default true; pass false only for throw-away stacks). @default true */
    protectData?: boolean;
    /** Route 53 hosted zone for an alias record to the ALB; with domainName. */
    hostedZoneId?: pulumi.Input<string>;
    /** DNS name of the alias record (e.g. sigma.example.com); with hostedZoneId. The certificate must cover it. */
    domainName?: string;
    /** Extra tags for every resource. */
    tags?: Record<string, string>;
}

const PATH = /^\/[A-Za-z0-9._~\-/]{0,120}$/;

/** Validates SigmaLoadBalancer args; throws one error listing every problem. */
export function validateLoadBalancerArgs(name: string, args: SigmaLoadBalancerArgs): void {
    const problems = new ArgProblems("SigmaLoadBalancer", name);
    problems.add(awsIdProblem("vpcId", "vpc", args.vpcId));
    const subnets = knownValue(args.subnetIds);
    if (Array.isArray(subnets)) {
        problems.check(subnets.length >= 2, `subnetIds ${show(subnets)} must list at least 2 public subnets in distinct AZs; an ALB needs 2`);
        subnets.forEach((id, i) => problems.add(awsIdProblem(`subnetIds[${i}]`, "subnet", id)));
    }
    const cert = knownValue(args.certificateArn);
    if (cert !== undefined || args.certificateArn === undefined) {
        problems.check(typeof cert === "string" && acmCertificateRegion(cert) !== undefined,
            `certificateArn ${show(cert)} is not an ACM certificate ARN; use arn:aws:acm:<region>:<account>:certificate/<uuid> of a certificate in the ALB's region`);
    }
    if (!Array.isArray(args.appCidrs) || args.appCidrs.length === 0) {
        problems.add(`appCidrs ${show(args.appCidrs)} must list at least one client network; nothing could reach the load balancer`);
    } else {
        problems.addAll(cidrListProblems("appCidrs", args.appCidrs, undefined));
    }
    problems.check(Array.isArray(args.targetInstanceIds) && args.targetInstanceIds.length > 0,
        `targetInstanceIds ${show(args.targetInstanceIds)} must list at least one instance to serve traffic`);
    const policy = args.sslPolicy ?? LOAD_BALANCER_DEFAULTS.sslPolicy;
    problems.check((MODERN_TLS_POLICIES as readonly string[]).includes(policy),
        `sslPolicy ${show(policy)} is not a modern TLS policy; use one of ${MODERN_TLS_POLICIES.join(", ")}`);
    const port = args.targetPort ?? LOAD_BALANCER_DEFAULTS.targetPort;
    problems.check(Number.isInteger(port) && port >= 1 && port <= 65535, `targetPort ${show(args.targetPort)} must be a port number from 1 to 65535`);
    const health = args.healthCheckPath ?? LOAD_BALANCER_DEFAULTS.healthCheckPath;
    problems.check(PATH.test(health), `healthCheckPath ${show(health)} must be a URL path starting with /, e.g. /sigma`);
    const paths = args.applicationPaths ?? LOAD_BALANCER_DEFAULTS.applicationPaths;
    problems.check(Array.isArray(paths) && paths.length > 0 && paths.length <= 20 && paths.every((p) => PATH.test(p) && p !== "/" && !p.endsWith("/")),
        `applicationPaths ${show(paths)} must list 1-20 path prefixes such as "/sigma" (starting with /, without a trailing /)`);
    const days = args.accessLogExpirationDays ?? LOAD_BALANCER_DEFAULTS.accessLogExpirationDays;
    problems.check(Number.isInteger(days) && days >= 1 && days <= 3650, `accessLogExpirationDays ${show(args.accessLogExpirationDays)} must be a whole number of days from 1 to 3650`);
    const zone = knownValue(args.hostedZoneId);
    if ((args.hostedZoneId === undefined) !== (args.domainName === undefined)) {
        problems.add(`hostedZoneId ${show(zone)} and domainName ${show(args.domainName)} go together; set both for a Route 53 alias, or neither`);
    }
    if (zone !== undefined) {
        problems.check(HOSTED_ZONE_ID.test(zone), `hostedZoneId ${show(zone)} is not a Route 53 hosted zone id; use the form Z0123456789ABCDEFGHIJ`);
    }
    if (args.domainName !== undefined) {
        problems.check(DOMAIN_NAME.test(args.domainName), `domainName ${show(args.domainName)} is not a lower-case DNS name; e.g. sigma.example.com`);
    }
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/**
 * The internet-facing entry of a multi-AZ Sigma deployment: an ALB over the public subnets with HTTPS on 443
 * (ACM certificate, modern TLS policy), HTTP on 80 that only redirects, invalid headers dropped, access logs
 * in an encrypted, private, TLS-only, versioned bucket whose log versions nobody can erase (protected by default), a target group on 8080 health-checked on /sigma, routing for the Sigma and
 * Studio paths, its own security group, and an optional Route 53 alias.
 */
export class SigmaLoadBalancer extends pulumi.ComponentResource {
    public readonly loadBalancer: aws.lb.LoadBalancer;
    public readonly securityGroup: aws.ec2.SecurityGroup;
    public readonly targetGroup: aws.lb.TargetGroup;
    public readonly httpsListener: aws.lb.Listener;
    public readonly httpListener: aws.lb.Listener;
    public readonly accessLogBucket: aws.s3.Bucket;
    public readonly aliasRecord?: aws.route53.Record;
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly dnsName: pulumi.Output<string>;
    /** `app/<name>/<id>`: the LoadBalancer dimension of AWS/ApplicationELB metrics. */
    public readonly arnSuffix: pulumi.Output<string>;
    /** `targetgroup/<name>/<id>`: the TargetGroup dimension of AWS/ApplicationELB metrics. */
    public readonly targetGroupArnSuffix: pulumi.Output<string>;
    /** `https://<domainName or ALB DNS name>`. */
    public readonly baseUrl: pulumi.Output<string>;
    public readonly accessLogBucketName: pulumi.Output<string>;

    constructor(name: string, args: SigmaLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        validateLoadBalancerArgs(name, args);
        super("sigma:network:SigmaLoadBalancer", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaLoadBalancer", args.tags);
        const targetPort = args.targetPort ?? LOAD_BALANCER_DEFAULTS.targetPort;

        this.securityGroup = new aws.ec2.SecurityGroup(`${name}-alb`, {
            vpcId: args.vpcId,
            description: "Sigma load balancer: HTTPS 443 and HTTP 80 (redirect only) from client networks",
            tags: { ...tags, Name: `${name}-alb` },
        }, child);
        const groupId = this.securityGroup.id;
        for (const cidr of args.appCidrs) {
            const source = isIpv6Cidr(cidr) ? { cidrIpv6: cidr } : { cidrIpv4: cidr };
            for (const [port, what] of [[HTTPS_PORT, "HTTPS (443)"], [HTTP_PORT, "HTTP (80, redirected to 443)"]] as const) {
                new aws.vpc.SecurityGroupIngressRule(`${name}-alb-${port}-${cidrSlug(cidr)}`, {
                    securityGroupId: groupId, ipProtocol: "tcp", fromPort: port, toPort: port,
                    description: `${what} from ${cidr}`, tags, ...source,
                }, child);
            }
        }
        new aws.vpc.SecurityGroupEgressRule(`${name}-alb-to-targets`, {
            securityGroupId: groupId, ipProtocol: "tcp", fromPort: targetPort, toPort: targetPort,
            cidrIpv4: args.vpcCidrBlock,
            description: `Sigma application (${targetPort}) on targets inside the VPC`,
            tags,
        }, child);

        const logs = this.accessLogs(name, args, tags);
        this.accessLogBucket = logs.bucket;

        this.loadBalancer = new aws.lb.LoadBalancer(`${name}-alb`, {
            loadBalancerType: "application",
            internal: false,
            subnets: args.subnetIds,
            securityGroups: [groupId],
            dropInvalidHeaderFields: true,
            desyncMitigationMode: "strictest",
            enableDeletionProtection: args.deletionProtection ?? LOAD_BALANCER_DEFAULTS.deletionProtection,
            accessLogs: { bucket: logs.bucket.bucket, prefix: LOAD_BALANCER_DEFAULTS.accessLogPrefix, enabled: true },
            tags: { ...tags, Name: `${name}-alb` },
        }, { parent: this, dependsOn: [logs.policy] });

        const stickySessions = args.stickySessions ?? LOAD_BALANCER_DEFAULTS.stickySessions;
        this.targetGroup = new aws.lb.TargetGroup(`${name}-app`, {
            vpcId: args.vpcId,
            targetType: "instance",
            protocol: "HTTP",
            port: targetPort,
            deregistrationDelay: 60,
            healthCheck: {
                enabled: true,
                protocol: "HTTP",
                port: "traffic-port",
                path: args.healthCheckPath ?? LOAD_BALANCER_DEFAULTS.healthCheckPath,
                matcher: "200-399",
                interval: 30,
                timeout: 10,
                healthyThreshold: 3,
                unhealthyThreshold: 3,
            },
            stickiness: { type: "lb_cookie", enabled: stickySessions, cookieDuration: LOAD_BALANCER_DEFAULTS.stickinessSeconds },
            tags: { ...tags, Name: `${name}-app` },
        }, child);
        args.targetInstanceIds.forEach((targetId, i) =>
            new aws.lb.TargetGroupAttachment(`${name}-target-${i}`, { targetGroupArn: this.targetGroup.arn, targetId, port: targetPort }, child));

        this.httpsListener = new aws.lb.Listener(`${name}-https`, {
            loadBalancerArn: this.loadBalancer.arn,
            protocol: "HTTPS",
            port: HTTPS_PORT,
            sslPolicy: args.sslPolicy ?? LOAD_BALANCER_DEFAULTS.sslPolicy,
            certificateArn: args.certificateArn,
            defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } }],
            tags,
        }, child);
        this.httpListener = new aws.lb.Listener(`${name}-http`, {
            loadBalancerArn: this.loadBalancer.arn,
            protocol: "HTTP",
            port: HTTP_PORT,
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: String(HTTPS_PORT), statusCode: "HTTP_301" } }],
            tags,
        }, child);
        const paths = args.applicationPaths ?? LOAD_BALANCER_DEFAULTS.applicationPaths;
        paths.forEach((path, i) => new aws.lb.ListenerRule(`${name}-route-${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}`, {
            listenerArn: this.httpsListener.arn,
            priority: 10 * (i + 1),
            conditions: [{ pathPattern: { values: applicationPathPatterns(path) } }],
            actions: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
            tags,
        }, child));
        new aws.lb.ListenerRule(`${name}-route-root`, {
            listenerArn: this.httpsListener.arn,
            priority: 10 * (paths.length + 1),
            conditions: [{ pathPattern: { values: ["/"] } }],
            actions: [{ type: "redirect", redirect: { path: paths[0], statusCode: "HTTP_302" } }],
            tags,
        }, child);

        if (args.hostedZoneId !== undefined && args.domainName !== undefined) {
            this.aliasRecord = new aws.route53.Record(`${name}-alias`, {
                zoneId: args.hostedZoneId,
                name: args.domainName,
                type: "A",
                aliases: [{ name: this.loadBalancer.dnsName, zoneId: this.loadBalancer.zoneId, evaluateTargetHealth: true }],
            }, child);
        }

        this.securityGroupId = groupId;
        this.dnsName = this.loadBalancer.dnsName;
        this.arnSuffix = this.loadBalancer.arnSuffix;
        this.targetGroupArnSuffix = this.targetGroup.arnSuffix;
        this.baseUrl = args.domainName !== undefined ? pulumi.output(`https://${args.domainName}`) : pulumi.interpolate`https://${this.loadBalancer.dnsName}`;
        this.accessLogBucketName = logs.bucket.bucket;
        this.registerOutputs({
            securityGroupId: this.securityGroupId, dnsName: this.dnsName, arnSuffix: this.arnSuffix,
            targetGroupArnSuffix: this.targetGroupArnSuffix, baseUrl: this.baseUrl, accessLogBucketName: this.accessLogBucketName,
        });
    }

    /** The access-log bucket: SSE-S3 (the only encryption ALB log delivery supports), private, owner-enforced, versioned, expiring, TLS-only, protected. */
    private accessLogs(name: string, args: SigmaLoadBalancerArgs, tags: Record<string, string>) {
        const child = { parent: this };
        const protectData = args.protectData ?? LOAD_BALANCER_DEFAULTS.protectData;
        const kept = { parent: this, protect: protectData, retainOnDelete: protectData };
        const bucket = new aws.s3.Bucket(`${name}-alb-logs`, { tags: { ...tags, Name: `${name}-alb-logs` } }, kept);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-alb-logs`, {
            bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        }, child);
        new aws.s3.BucketOwnershipControls(`${name}-alb-logs`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-alb-logs`, {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
        }, child);
        // Versioning: an overwritten or deleted log becomes a noncurrent version instead of disappearing.
        const versioning = new aws.s3.BucketVersioning(`${name}-alb-logs`, {
            bucket: bucket.id,
            versioningConfiguration: { status: "Enabled" },
        }, kept);
        const days = args.accessLogExpirationDays ?? LOAD_BALANCER_DEFAULTS.accessLogExpirationDays;
        new aws.s3.BucketLifecycleConfiguration(`${name}-alb-logs`, {
            bucket: bucket.id,
            rules: accessLogLifecycleRules(days),
        }, { parent: this, dependsOn: [versioning] });
        const account = aws.getCallerIdentityOutput({}, child).accountId;
        const partition = aws.getPartitionOutput({}, child).partition;
        const region = aws.getRegionOutput({}, child).region;
        const policy = new aws.s3.BucketPolicy(`${name}-alb-logs`, {
            bucket: bucket.id,
            policy: pulumi.all([bucket.arn, account, partition, region]).apply(([arn, acct, p, r]) =>
                JSON.stringify(accessLogBucketPolicy(arn, LOAD_BALANCER_DEFAULTS.accessLogPrefix, acct, elbLogDeliveryAccountArn(p, r)))),
        }, { parent: this, dependsOn: [publicAccess] });
        return { bucket, policy };
    }
}

/** The two path patterns that route an application: the bare prefix and everything below it. */
export function applicationPathPatterns(path: string): string[] {
    return [path, `${path}/*`];
}

/**
 * The log bucket's retention, a lifecycle rule rather than S3 Object Lock: S3 refuses a PutObject into a bucket with a
 * default Object Lock retention unless it carries Content-MD5 (or an SDK checksum) ("Content-MD5 HTTP header is required
 * for Put Object requests with Object Lock parameters": github.com/kopia/kopia/issues/711, github.com/aws/aws-sdk-php/issues/1694;
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html), and the ELB bucket requirements
 * (same Region, SSE-S3 only: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html)
 * say nothing of what ELB's delivery sends: unknown, so no Object Lock. Logs expire after `days`; a log overwritten or
 * deleted early stays a noncurrent version for `days` more (versioning), which nobody may erase (the bucket policy).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
 */
export function accessLogLifecycleRules(days: number): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    return [{
        id: "expire-access-logs",
        status: "Enabled",
        filter: { prefix: `${LOAD_BALANCER_DEFAULTS.accessLogPrefix}/` },
        expiration: { days },
        noncurrentVersionExpiration: { noncurrentDays: days },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    }];
}

/**
 * What no principal may do to a log: erase a version of it. With versioning, DeleteObject only adds a delete marker (the
 * log stays a noncurrent version); DeleteObjectVersion is the one action that removes a version for good.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html
 */
export const LOG_ERASING_ACTIONS = ["s3:DeleteObjectVersion"];

/**
 * Lets the regional ELB log-delivery account (Regions before August 2022, when `elbAccountArn` is given) and the
 * log-delivery service principal write only under this account's prefix, refuses any request without TLS
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html, aws:SecureTransport), and
 * refuses erasing a log version to everyone: only the lifecycle rule (S3 itself, not a principal) removes them.
 */
export function accessLogBucketPolicy(bucketArn: string, prefix: string, account: string, elbAccountArn: string | undefined): aws.iam.PolicyDocument {
    const logObjects = `${bucketArn}/${prefix}/AWSLogs/${account}/*`;
    const regionalAccount: aws.iam.PolicyStatement[] = elbAccountArn === undefined ? []
        : [{ Sid: "RegionalElbLogDelivery", Effect: "Allow", Principal: { AWS: elbAccountArn }, Action: ["s3:PutObject"], Resource: [logObjects] }];
    return {
        Version: "2012-10-17",
        Statement: [
            ...regionalAccount,
            {
                Sid: "ElbLogDeliveryService",
                Effect: "Allow",
                Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                Action: ["s3:PutObject"],
                Resource: [logObjects],
                Condition: { StringEquals: { "aws:SourceAccount": account } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: ["s3:*"],
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "NobodyErasesLogVersions",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: LOG_ERASING_ACTIONS,
                Resource: [`${bucketArn}/*`],
            },
        ],
    };
}
