import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SIGMA_APP_PORT, SIGMA_DB_PORT } from "../shared/constants";
import { componentTags } from "../shared/tags";
import { ArgProblems, awsIdProblem, tagProblems } from "../shared/validation";
import { cidrSlug, isIpv6Cidr } from "../../model/cidr";
import { cidrListProblems } from "../shared/cidrList";

const SSH_PORT = 22;
const HTTPS_PORT = 443;
const DNS_PORT = 53;
/** AWS allows 60 inbound rules per security group by default; keep headroom for operators. */
const MAX_INGRESS_RULES = 50;

export const SECURITY_GROUP_DEFAULTS = {
    /** The Amazon-provided DNS resolver; security groups do not filter it, the rule states the intent. */
    dnsResolverCidrs: ["169.254.169.253/32"],
    /** HTTPS out for Session Manager, CloudWatch, AWS Backup agents and package mirrors. */
    httpsEgressCidrs: ["0.0.0.0/0"],
};

export interface SigmaSecurityGroupsArgs {
    /** The VPC the groups belong to (`vpc-...`). */
    vpcId: pulumi.Input<string>;
    /** CIDRs allowed to reach the application on 8080 directly; plain values so they are validated up front. */
    appCidrs?: string[];
    /** A load balancer's security group allowed to reach the application on 8080. */
    loadBalancerSecurityGroupId?: pulumi.Input<string>;
    /** CIDRs allowed to SSH (22); empty by default because Session Manager is the way in. Never world-open. */
    adminCidrs?: string[];
    /** Where instances may send DNS queries (53/udp and 53/tcp). @default ["169.254.169.253/32"] */
    dnsResolverCidrs?: string[];
    /** Where instances may open HTTPS (443) connections. @default ["0.0.0.0/0"] */
    httpsEgressCidrs?: string[];
    /** Extra tags for the groups and rules. */
    tags?: Record<string, string>;
}

/**
 * The APP and DB security groups of a Sigma deployment: 8080 from the given CIDRs or load balancer,
 * 22 only from admin CIDRs, 3306 only from the APP group, and egress limited to HTTPS, DNS and MySQL.
 */
export class SigmaSecurityGroups extends pulumi.ComponentResource {
    public readonly appSecurityGroup: aws.ec2.SecurityGroup;
    public readonly dbSecurityGroup: aws.ec2.SecurityGroup;
    public readonly appSecurityGroupId: pulumi.Output<string>;
    public readonly dbSecurityGroupId: pulumi.Output<string>;

    constructor(name: string, args: SigmaSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateSecurityGroupsArgs(name, args);
        super("sigma:network:SigmaSecurityGroups", name, {}, opts);

        const tags = componentTags("SigmaSecurityGroups", args.tags);
        const child = { parent: this };
        const appCidrs = args.appCidrs ?? [];
        const adminCidrs = args.adminCidrs ?? [];
        const dnsCidrs = args.dnsResolverCidrs ?? SECURITY_GROUP_DEFAULTS.dnsResolverCidrs;
        const httpsCidrs = args.httpsEgressCidrs ?? SECURITY_GROUP_DEFAULTS.httpsEgressCidrs;

        this.appSecurityGroup = new aws.ec2.SecurityGroup(`${name}-app`, {
            vpcId: args.vpcId,
            description: "Sigma APP tier: application on 8080, SSH only from admin CIDRs",
            tags: { ...tags, Name: `${name}-app` },
        }, child);
        this.dbSecurityGroup = new aws.ec2.SecurityGroup(`${name}-db`, {
            vpcId: args.vpcId,
            description: "Sigma DB tier: MySQL 3306 only from the APP security group",
            tags: { ...tags, Name: `${name}-db` },
        }, child);
        const appId = this.appSecurityGroup.id;
        const dbId = this.dbSecurityGroup.id;

        for (const cidr of appCidrs) {
            cidrRule("ingress", `${name}-app-http-${cidrSlug(cidr)}`, appId, SIGMA_APP_PORT, "tcp", cidr,
                `Sigma application (8080) from ${cidr}`, tags, child);
        }
        if (args.loadBalancerSecurityGroupId !== undefined) {
            new aws.vpc.SecurityGroupIngressRule(`${name}-app-http-from-lb`, {
                securityGroupId: appId,
                referencedSecurityGroupId: args.loadBalancerSecurityGroupId,
                ipProtocol: "tcp", fromPort: SIGMA_APP_PORT, toPort: SIGMA_APP_PORT,
                description: "Sigma application (8080) from the load balancer",
                tags,
            }, child);
        }
        for (const cidr of adminCidrs) {
            cidrRule("ingress", `${name}-app-ssh-${cidrSlug(cidr)}`, appId, SSH_PORT, "tcp", cidr,
                `SSH from admin network ${cidr}`, tags, child);
        }
        new aws.vpc.SecurityGroupIngressRule(`${name}-db-mysql-from-app`, {
            securityGroupId: dbId,
            referencedSecurityGroupId: appId,
            ipProtocol: "tcp", fromPort: SIGMA_DB_PORT, toPort: SIGMA_DB_PORT,
            description: "MySQL (3306) from the Sigma APP security group",
            tags,
        }, child);

        new aws.vpc.SecurityGroupEgressRule(`${name}-app-mysql-to-db`, {
            securityGroupId: appId,
            referencedSecurityGroupId: dbId,
            ipProtocol: "tcp", fromPort: SIGMA_DB_PORT, toPort: SIGMA_DB_PORT,
            description: "MySQL (3306) to the Sigma DB security group",
            tags,
        }, child);
        for (const [tier, groupId] of [["app", appId], ["db", dbId]] as const) {
            for (const cidr of httpsCidrs) {
                cidrRule("egress", `${name}-${tier}-https-${cidrSlug(cidr)}`, groupId, HTTPS_PORT, "tcp", cidr,
                    `HTTPS (443) to ${cidr} for Session Manager and AWS APIs`, tags, child);
            }
            for (const cidr of dnsCidrs) {
                for (const protocol of ["udp", "tcp"]) {
                    cidrRule("egress", `${name}-${tier}-dns-${protocol}-${cidrSlug(cidr)}`, groupId, DNS_PORT, protocol, cidr,
                        `DNS (53/${protocol}) to resolver ${cidr}`, tags, child);
                }
            }
        }

        this.appSecurityGroupId = appId;
        this.dbSecurityGroupId = dbId;
        this.registerOutputs({ appSecurityGroupId: appId, dbSecurityGroupId: dbId });
    }
}

function cidrTarget(cidr: string): { cidrIpv4?: string; cidrIpv6?: string } {
    return isIpv6Cidr(cidr) ? { cidrIpv6: cidr } : { cidrIpv4: cidr };
}

/** One CIDR-sourced (ingress) or CIDR-bound (egress) rule, each its own resource with a description. */
function cidrRule(direction: "ingress" | "egress", name: string, securityGroupId: pulumi.Input<string>, port: number,
    ipProtocol: string, cidr: string, description: string, tags: Record<string, string>, opts: pulumi.CustomResourceOptions) {
    const args = { securityGroupId, ipProtocol, fromPort: port, toPort: port, description, tags, ...cidrTarget(cidr) };
    return direction === "ingress"
        ? new aws.vpc.SecurityGroupIngressRule(name, args, opts)
        : new aws.vpc.SecurityGroupEgressRule(name, args, opts);
}

/** Validates SigmaSecurityGroups args; throws one error listing every problem. */
export function validateSecurityGroupsArgs(name: string, args: SigmaSecurityGroupsArgs): void {
    const problems = new ArgProblems("SigmaSecurityGroups", name);
    problems.add(awsIdProblem("vpcId", "vpc", args.vpcId));
    problems.addAll(cidrListProblems("appCidrs", args.appCidrs, "8080 is plain HTTP, so list your client networks or put a load balancer in front (loadBalancerSecurityGroupId)"));
    problems.addAll(cidrListProblems("adminCidrs", args.adminCidrs, "SSH (22) is never opened to the world; list your admin networks or use Session Manager"));
    problems.addAll(cidrListProblems("dnsResolverCidrs", args.dnsResolverCidrs, undefined));
    problems.addAll(cidrListProblems("httpsEgressCidrs", args.httpsEgressCidrs, undefined));
    if (args.loadBalancerSecurityGroupId !== undefined) {
        problems.add(awsIdProblem("loadBalancerSecurityGroupId", "sg", args.loadBalancerSecurityGroupId));
    }
    const appSources = (Array.isArray(args.appCidrs) ? args.appCidrs.length : 0) + (args.loadBalancerSecurityGroupId === undefined ? 0 : 1);
    problems.check(appSources > 0,
        "appCidrs is empty and no loadBalancerSecurityGroupId is given, so nothing could reach 8080; set one of them");
    const ingressCount = (Array.isArray(args.appCidrs) ? args.appCidrs.length : 0) + (Array.isArray(args.adminCidrs) ? args.adminCidrs.length : 0);
    problems.check(ingressCount <= MAX_INGRESS_RULES,
        `appCidrs and adminCidrs hold ${ingressCount} CIDRs, more than the ${MAX_INGRESS_RULES} rules a group should carry; summarise them into wider blocks or a prefix list`);
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}
