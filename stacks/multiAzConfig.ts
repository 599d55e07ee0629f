import { NAT_GATEWAY_STRATEGIES, NETWORK_DEFAULTS } from "../components/network/sigmaNetwork";
import { emailProblem } from "../components/monitoring/sigmaMonitoring";
import { cidrProblem } from "../model/cidr";
import { ConfigReader } from "./configReader";

/** The multi-az (prod) part of the stack config; present only when sigma:topology is multi-az. */
export interface MultiAzConfig {
    /** An existing VPC and its subnets (sigma:vpcId, sigma:publicSubnetIds, sigma:privateSubnetIds); unset: a new VPC. */
    existingVpc?: { vpcId: string; publicSubnetIds: string[]; privateSubnetIds: string[] };
    /** A new VPC's shape (sigma:vpcCidr, sigma:azCount, sigma:natGateways); unset when an existing VPC is used. */
    newVpc?: { cidrBlock: string; azCount: number; natGatewayStrategy: (typeof NAT_GATEWAY_STRATEGIES)[number] };
    /** Create the Session Manager interface endpoints (sigma:vpcEndpoints, default true). */
    vpcEndpoints: boolean;
    /** ACM certificate of the HTTPS listener (sigma:certificateArn, required). */
    certificateArn: string;
    /** Who gets alarm mail (sigma:alarmEmails, at least one). */
    alarmEmails: string[];
    /** APP instances behind the load balancer, spread over the AZs (sigma:appCount, default 2). */
    appCount: number;
    /** Route 53 alias (sigma:hostedZoneId + sigma:domainName), both or neither. */
    hostedZoneId?: string;
    domainName?: string;
    /** ALB deletion protection (sigma:deletionProtection, default true). */
    deletionProtection: boolean;
}

/** sigma:natGateways values and the awsx strategy each means. */
const NAT_VALUES: Record<string, (typeof NAT_GATEWAY_STRATEGIES)[number]> = { "one-per-az": "OnePerAz", single: "Single" };

export const MULTI_AZ_CONFIG_DEFAULTS = { appCount: 2, maxAppCount: 10, vpcEndpoints: true, deletionProtection: true };

const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;
const HOSTED_ZONE = /^Z[A-Z0-9]{1,31}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function subnetList(read: ConfigReader, key: string, tier: string): string[] {
    const ids = read.stringList(key, (id) => SUBNET_ID.test(id) ? undefined : "is not a subnet id; use the form subnet-0123456789abcdef0");
    if (read.raw(key) === undefined) {
        read.missing(key, `list at least 2 existing ${tier} subnets, each in its own Availability Zone (or unset sigma:vpcId to create a new VPC)`);
    } else if (ids.length < 2) {
        read.problem(key, ids, `must list at least 2 ${tier} subnets in distinct Availability Zones; multi-az needs 2 AZs`);
    } else if (new Set(ids).size !== ids.length) {
        read.problem(key, ids, "lists a subnet twice; give one subnet per Availability Zone");
    }
    return ids;
}

/**
 * Reads and checks the multi-az keys, recording every problem on `read`. `vpcId` is sigma:vpcId as already
 * read (optional in multi-az: unset means a new VPC).
 */
export function parseMultiAzConfig(read: ConfigReader, context: { region: string; vpcId?: string; assignPublicIp: boolean }): MultiAzConfig {
    let existingVpc: MultiAzConfig["existingVpc"];
    let newVpc: MultiAzConfig["newVpc"];
    if (read.raw("subnetIds") !== undefined) {
        read.problem("subnetIds", read.raw("subnetIds"), "is the single-az key; in multi-az set sigma:publicSubnetIds and sigma:privateSubnetIds");
    }
    if (context.vpcId !== undefined && VPC_ID.test(context.vpcId)) {
        existingVpc = {
            vpcId: context.vpcId,
            publicSubnetIds: subnetList(read, "publicSubnetIds", "public"),
            privateSubnetIds: subnetList(read, "privateSubnetIds", "private"),
        };
        for (const key of ["vpcCidr", "azCount", "natGateways"]) {
            if (read.raw(key) !== undefined) {
                read.problem(key, read.raw(key), "only shapes a new VPC, but sigma:vpcId is set; remove it (or unset sigma:vpcId to create a VPC)");
            }
        }
    } else if (context.vpcId === undefined) {
        for (const key of ["publicSubnetIds", "privateSubnetIds"]) {
            if (read.raw(key) !== undefined) {
                read.problem(key, read.raw(key), "needs sigma:vpcId (the VPC the subnets are in); set it, or remove the subnets to create a new VPC");
            }
        }
        const cidrBlock = read.string("vpcCidr") ?? NETWORK_DEFAULTS.vpcCidrBlock;
        const prefix = Number(cidrBlock.split("/")[1]);
        const cidrIssue = cidrProblem(cidrBlock) ?? (cidrBlock.includes(":") || prefix < 16 || prefix > 24 ? "must be an IPv4 /16 to /24 block" : undefined);
        if (cidrIssue) {
            read.problem("vpcCidr", cidrBlock, `${cidrIssue}; e.g. ${NETWORK_DEFAULTS.vpcCidrBlock}`);
        }
        const azCount = read.integer("azCount", NETWORK_DEFAULTS.availabilityZoneCount, 2, NETWORK_DEFAULTS.maxAvailabilityZoneCount,
            " (multi-az needs at least 2 Availability Zones)");
        const nat = read.oneOf("natGateways", Object.keys(NAT_VALUES), "one-per-az");
        newVpc = { cidrBlock, azCount, natGatewayStrategy: NAT_VALUES[nat] };
    }
    const vpcEndpoints = read.boolean("vpcEndpoints", MULTI_AZ_CONFIG_DEFAULTS.vpcEndpoints);

    const certificateArn = read.requiredString("certificateArn", {
        pattern: ACM_ARN,
        fix: "the HTTPS listener needs an ACM certificate in the stack's region; use arn:aws:acm:<region>:<account>:certificate/<uuid>",
    });
    const certRegion = ACM_ARN.exec(certificateArn)?.[1];
    if (certRegion !== undefined && certRegion !== context.region) {
        read.problem("certificateArn", certificateArn, `is in ${certRegion} but the load balancer is in ${context.region}; request or import the certificate in ${context.region}`);
    }
    const alarmEmails = read.stringList("alarmEmails", emailProblem);
    if (read.raw("alarmEmails") === undefined) {
        read.missing("alarmEmails", "list at least one address for alarm mail, e.g. [\"ops@example.com\"]");
    } else if (alarmEmails.length === 0 && read.raw("alarmEmails")!.trim() === "[]") {
        read.problem("alarmEmails", alarmEmails, "must list at least one address; alarms nobody receives are not monitoring");
    }
    const appCount = read.integer("appCount", MULTI_AZ_CONFIG_DEFAULTS.appCount, 1, MULTI_AZ_CONFIG_DEFAULTS.maxAppCount,
        " (APP instances behind the load balancer)");
    const hostedZoneId = read.string("hostedZoneId", { pattern: HOSTED_ZONE, fix: "is not a Route 53 hosted zone id; use the form Z0123456789ABCDEFGHIJ" });
    const domainName = read.string("domainName", { pattern: DOMAIN, fix: "is not a lower-case DNS name; e.g. sigma.example.com" });
    if ((read.raw("hostedZoneId") === undefined) !== (read.raw("domainName") === undefined)) {
        read.problem(read.raw("hostedZoneId") === undefined ? "domainName" : "hostedZoneId",
            read.raw("hostedZoneId") ?? read.raw("domainName"), "needs its partner: set both sigma:hostedZoneId and sigma:domainName for a Route 53 alias, or neither");
    }
    const deletionProtection = read.boolean("deletionProtection", MULTI_AZ_CONFIG_DEFAULTS.deletionProtection);
    if (context.assignPublicIp) {
        read.problem("assignPublicIp", true, "must be false in multi-az: instances sit in private subnets behind the load balancer");
    }
    return {
        existingVpc, newVpc, vpcEndpoints, certificateArn, alarmEmails, appCount,
        hostedZoneId: hostedZoneId && domainName ? hostedZoneId : undefined,
        domainName: hostedZoneId && domainName ? domainName : undefined,
        deletionProtection,
    };
}
