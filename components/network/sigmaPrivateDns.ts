import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as ipaddr from "ipaddr.js";
import { componentTags } from "../shared/tags";
import { ArgProblems, awsIdProblem, knownValue, show, tagProblems } from "../shared/validation";

/** The private zones' parent name: a stack's zone is `<stack>.sigma.internal`. */
export const PRIVATE_ZONE_SUFFIX = "sigma.internal";

export const PRIVATE_DNS_DEFAULTS = {
    /** The DB record's label: `db.<zone>`. */
    dbRecordLabel: "db",
    /** One minute: after the failover moves the record, resolvers hold the old address at most this long. */
    dbRecordTtlSeconds: 60,
};

// A DNS label (RFC 1035 letters, digits, hyphens) and a zone of such labels, lower case, as Route 53 stores them.
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The zone name of a stack: `<stack>.sigma.internal`, the stack name lower-cased with anything but letters, digits and hyphens made a hyphen. */
export function privateZoneName(stack: string): string {
    const label = stack.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "") || "sigma";
    return `${label}.${PRIVATE_ZONE_SUFFIX}`;
}

/**
 * Route 53 resolves a private hosted zone inside a VPC only when the VPC has both DNS attributes on.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html#hosted-zone-private-considerations-vpc-settings
 */
export function vpcDnsProblem(vpcId: string, vpc: { enableDnsSupport?: boolean; enableDnsHostnames?: boolean }): string | undefined {
    const off = [vpc.enableDnsSupport === true ? undefined : "enableDnsSupport", vpc.enableDnsHostnames === true ? undefined : "enableDnsHostnames"].filter(Boolean);
    return off.length === 0 ? undefined
        : `vpcId ${show(vpcId)} has ${off.join(" and ")} off; a private hosted zone resolves only in a VPC with both on: aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --enable-dns-support "{\\"Value\\":true}" (and --enable-dns-hostnames)`;
}

export interface SigmaPrivateDnsArgs {
    /** The VPC the zone is associated with (`vpc-...`): only it resolves the names. */
    vpcId: pulumi.Input<string>;
    /** The zone's name, e.g. `prod.sigma.internal` (privateZoneName(stack)). */
    zoneName: string;
    /** The DB instance's private IPv4 address; the record follows it (the stack passes the active DB instance's). */
    dbPrivateIp: pulumi.Input<string>;
    /** Label of the DB record under the zone (default `db`). @default "db" */
    dbRecordLabel?: string;
    /** TTL of the DB record in seconds (default 60). @default 60 */
    dbRecordTtlSeconds?: number;
    /** Extra tags for the zone. */
    tags?: Record<string, string>;
}

/** Validates SigmaPrivateDns args; throws one error listing every problem. */
export function validatePrivateDnsArgs(name: string, args: SigmaPrivateDnsArgs): void {
    const problems = new ArgProblems("SigmaPrivateDns", name);
    problems.add(awsIdProblem("vpcId", "vpc", args.vpcId));
    const labels = typeof args.zoneName === "string" ? args.zoneName.split(".") : [];
    problems.check(labels.length >= 2 && labels.every((label) => LABEL.test(label)) && args.zoneName.length <= 253,
        `zoneName ${show(args.zoneName)} is not a lower-case DNS name of two or more labels; use e.g. ${privateZoneName("prod")}`);
    const label = args.dbRecordLabel ?? PRIVATE_DNS_DEFAULTS.dbRecordLabel;
    problems.check(typeof label === "string" && LABEL.test(label), `dbRecordLabel ${show(label)} is not a lower-case DNS label; use e.g. "db"`);
    const ip = knownValue(args.dbPrivateIp);
    if (ip !== undefined || args.dbPrivateIp === undefined) {
        problems.check(typeof ip === "string" && ipaddr.IPv4.isValidFourPartDecimal(ip) && ipaddr.IPv4.parse(ip).range() === "private",
            `dbPrivateIp ${show(ip)} is not a private IPv4 address (RFC 1918); pass the DB instance's privateIp`);
    }
    const ttl = args.dbRecordTtlSeconds ?? PRIVATE_DNS_DEFAULTS.dbRecordTtlSeconds;
    // Route 53 TTLs are 0 to 2147483647 seconds; above an hour a moved DB would stay unreachable for too long.
    problems.check(Number.isInteger(ttl) && ttl >= 0 && ttl <= 3600, `dbRecordTtlSeconds ${show(args.dbRecordTtlSeconds)} must be a whole number of seconds from 0 to 3600`);
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/**
 * A Route 53 private hosted zone on the stack's VPC with one A record, `db.<zone>`, naming the DB instance's private
 * address: the APP tier connects to the name, so a DB restored elsewhere (the failover rewrites the record) is found
 * again without touching any APP configuration. The VPC must have DNS support and DNS hostnames on.
 */
export class SigmaPrivateDns extends pulumi.ComponentResource {
    public readonly zone: aws.route53.Zone;
    public readonly dbRecord: aws.route53.Record;
    public readonly zoneId: pulumi.Output<string>;
    /** The zone's VPC, once AWS confirms its DNS support and DNS hostnames are on (fails otherwise). */
    public readonly vpcId: pulumi.Output<string>;
    /** `db.<zone>`: what the APP tier's SIGMA_DB_HOST names. */
    public readonly dbHostName: string;

    constructor(name: string, args: SigmaPrivateDnsArgs, opts?: pulumi.ComponentResourceOptions) {
        validatePrivateDnsArgs(name, args);
        super("sigma:network:SigmaPrivateDns", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaPrivateDns", args.tags);
        const vpcId = this.vpcId = pulumi.output(args.vpcId).apply((id) => {
            return aws.ec2.getVpcOutput({ id }, child).apply((vpc) => {
                const problem = vpcDnsProblem(id, vpc);
                if (problem) {
                    throw new pulumi.ResourceError(`SigmaPrivateDns "${name}" ${problem}`, this);
                }
                return id;
            });
        });

        this.zone = new aws.route53.Zone(`${name}-zone`, {
            name: args.zoneName,
            comment: `Sigma ${name}: private names of the stack's instances (db = the DB instance)`,
            vpcs: [{ vpcId }],
            tags,
        }, child);
        this.dbHostName = `${args.dbRecordLabel ?? PRIVATE_DNS_DEFAULTS.dbRecordLabel}.${args.zoneName}`;
        this.dbRecord = new aws.route53.Record(`${name}-db`, {
            zoneId: this.zone.id,
            name: this.dbHostName,
            type: "A",
            ttl: args.dbRecordTtlSeconds ?? PRIVATE_DNS_DEFAULTS.dbRecordTtlSeconds,
            records: [args.dbPrivateIp],
        }, child);
        // The provider's id of a zone is its zone id (terraform-provider-aws internal/service/route53/zone.go: d.SetId(cleanZoneID(...))).
        this.zoneId = this.zone.id;
        this.registerOutputs({ zoneId: this.zoneId, dbHostName: this.dbHostName });
    }
}
