import * as ipaddr from "ipaddr.js";
import {
    APP_DB_CONNECTION_DELIMITER, appDbConnectionBootScript, FAILOVER_DEFAULTS, instanceUserData, maxImpairedMinutes, NAT_GATEWAY_STRATEGIES,
    NETWORK_DEFAULTS, PRIVATE_ZONE_SUFFIX,
} from "../../components";
import { USER_DATA_MAX_BYTES } from "../../model/ec2Instance";
import { cidrProblem, parseCidr } from "../../model/cidr";
import { acmCertificateRegion, DOMAIN_NAME, HOSTED_ZONE_ID, REGION } from "../../model/ids";
import { COMMON_KEYS, CommonConfig, EXAMPLE_CLIENT_CIDR, INGRESS_RULES_PER_GROUP, readCidrList, subnetIdProblem, vpcIdProblem, withAcceptedFix } from "./common";
import { INSTANCE_KEYS, InstanceSettings, readInstanceSettings } from "./instance";
import { PRIMARY_BACKUP_KEYS, PrimaryBackupConfig, readPrimaryBackup, readRestore, RESTORE_KEYS, RestoreRequest } from "./backup";
import { defaultOf, RENAMED_VALUES } from "./keys";
import { nearest } from "./nearest";
import { ConfigReader } from "./reader";
import { TopologySpec } from "./topology";
import { OPERATIONS_KEYS, OperationsConfig, readOperations, SCHEDULE_KEYS, SCHEDULE_UNUSED_REASON } from "./operations";

export type NatGatewayStrategy = (typeof NAT_GATEWAY_STRATEGIES)[number];

/** An existing VPC with at least 2 public and 2 private subnets, one per AZ. */
export interface ExistingVpc {
    vpcId: string;
    publicSubnetIds: string[];
    privateSubnetIds: string[];
}

/** The shape of a new VPC (when sigma:vpcId is unset). */
export interface NewVpc {
    vpcCidrBlock: string;
    availabilityZoneCount: number;
    natGatewayStrategy: NatGatewayStrategy;
}

/** Automatic AZ failover of the active instance (SigmaFailover): on, with its detection window, or off. */
export type FailoverSettings = { enabled: true; impairedMinutes: number } | { enabled: false };

/**
 * multi-az (prod): by default one active APP&DB instance (one database) behind an HTTPS load balancer, failed over
 * into another AZ from its newest recovery point; with appDbConnection, a DB instance and appCount APP instances
 * spread over the AZs that reach it by its private DNS name.
 */
export interface MultiAzConfig extends CommonConfig {
    topology: "multi-az";
    /** SigmaNetwork's args: an existing VPC or a new one. */
    network: ExistingVpc | NewVpc;
    sessionManagerEndpoints: boolean;
    instance: InstanceSettings;
    /** Client networks allowed to reach the load balancer on 443 (80 redirects); the internet is allowed here. */
    appCidrs: string[];
    /** ACM certificate of the HTTPS listener, in the stack's region. */
    certificateArn: string;
    /** APP instances in the target group: 1 unless appDbConnection is set (two APP&DB instances are two databases). */
    appCount: number;
    /**
     * The vendor's connection script (sigma:appDbConnection), run on every APP instance at boot with SIGMA_DB_HOST set to
     * the DB instance's private DNS name; set, the stack runs a separate DB instance (not a load balancer target).
     */
    appDbConnection?: string;
    failover: FailoverSettings;
    /** A Route 53 alias to the load balancer: both or neither. */
    dnsAlias?: { hostedZoneId: string; domainName: string };
    deletionProtection: boolean;
    backup: PrimaryBackupConfig;
    drStack?: string;
    restore?: RestoreRequest;
    /** Logs and other day-to-day operations (stacks/config/operations.ts). */
    operations: OperationsConfig;
}

const NEW_VPC_KEYS = ["vpcCidrBlock", "availabilityZoneCount", "natGatewayStrategy"];
const EXISTING_VPC_SUBNET_KEYS = ["publicSubnetIds", "privateSubnetIds"];
// SigmaNetwork's new VPC: an IPv4 /16 to /24, room for a public and a private subnet per AZ.
const VPC_PREFIX = { min: 16, max: 24 };
// The load balancer's group gets a 443 and an 80 rule per client network.
const MAX_APP_CIDRS = Math.floor(INGRESS_RULES_PER_GROUP / 2);

function vpcCidrBlockProblem(value: string): string | undefined {
    const example = NETWORK_DEFAULTS.vpcCidrBlock;
    const problem = cidrProblem(value);
    if (problem) {
        return withAcceptedFix(problem, (fix) => vpcCidrBlockProblem(fix) === undefined, example);
    }
    const block = parseCidr(value)!;
    return block.version !== 4 || block.prefix < VPC_PREFIX.min || block.prefix > VPC_PREFIX.max
        ? `must be an IPv4 block from /${VPC_PREFIX.min} to /${VPC_PREFIX.max}, e.g. ${example}` : undefined;
}

function suggestNatGatewayStrategy(value: string): string | undefined {
    return RENAMED_VALUES.get("sigma:natGateways")?.get(value) ?? nearest(value, NAT_GATEWAY_STRATEGIES);
}

function readSubnets(read: ConfigReader, key: string, tier: string): string[] {
    const ids = read.stringList(key, subnetIdProblem);
    if (!read.has(key)) {
        read.missing(key, `list at least 2 existing ${tier} subnets, each in its own Availability Zone (or remove sigma:vpcId to create a new VPC)`);
    } else if (ids !== undefined && ids.length < 2) {
        read.problem(key, ids, `must list at least 2 ${tier} subnets in distinct Availability Zones; multi-az needs 2 AZs`);
    } else if (ids !== undefined) {
        ids.forEach((id, i) => {
            const first = ids.indexOf(id);
            if (first < i) {
                read.problem(`${key}[${i}]`, id, `is already ${read.key(key)}[${first}]; give one subnet per Availability Zone`);
            }
        });
    }
    return ids ?? [];
}

function readNetwork(read: ConfigReader): ExistingVpc | NewVpc {
    if (read.has("vpcId")) {
        const vpcId = read.string("vpcId", vpcIdProblem) ?? "";
        for (const key of NEW_VPC_KEYS.filter((key) => read.has(key))) {
            read.problem(key, read.raw(key), "only shapes a new VPC, but sigma:vpcId is set; remove it (or remove sigma:vpcId to create a VPC)");
        }
        const publicSubnetIds = readSubnets(read, "publicSubnetIds", "public");
        const privateSubnetIds = readSubnets(read, "privateSubnetIds", "private");
        privateSubnetIds.forEach((id, i) => {
            if (publicSubnetIds.includes(id)) {
                read.problem(`privateSubnetIds[${i}]`, id, "is also in sigma:publicSubnetIds; the instances' subnets must be private ones, separate from the load balancer's");
            }
        });
        return { vpcId, publicSubnetIds, privateSubnetIds };
    }
    for (const key of EXISTING_VPC_SUBNET_KEYS.filter((key) => read.has(key))) {
        read.problem(key, read.raw(key), "needs sigma:vpcId (the VPC the subnets are in); set it, or remove the subnets to create a new VPC");
    }
    return {
        vpcCidrBlock: read.string("vpcCidrBlock", vpcCidrBlockProblem) ?? defaultOf<string>("sigma:vpcCidrBlock"),
        availabilityZoneCount: read.integer("availabilityZoneCount", defaultOf<number>("sigma:availabilityZoneCount"), 2,
            NETWORK_DEFAULTS.maxAvailabilityZoneCount, " (multi-az needs at least 2 Availability Zones)"),
        natGatewayStrategy: read.oneOf("natGatewayStrategy", NAT_GATEWAY_STRATEGIES, defaultOf<NatGatewayStrategy>("sigma:natGatewayStrategy"),
            suggestNatGatewayStrategy),
    };
}

function readDnsAlias(read: ConfigReader): MultiAzConfig["dnsAlias"] {
    const hostedZoneId = read.string("hostedZoneId", (value) => HOSTED_ZONE_ID.test(value) ? undefined
        : "is not a Route 53 hosted zone id; use the form Z0123456789ABCDEFGHIJ");
    const domainName = read.string("domainName", (value) => DOMAIN_NAME.test(value) ? undefined
        : `is not a lower-case DNS name; use ${DOMAIN_NAME.test(value.toLowerCase()) ? value.toLowerCase() : "a name such as sigma.example.com"}`);
    if (read.has("hostedZoneId") && !read.has("domainName")) {
        read.problem("hostedZoneId", read.raw("hostedZoneId"), "needs sigma:domainName, the name of the alias (e.g. sigma.example.com); set both, or neither");
    } else if (!read.has("hostedZoneId") && read.has("domainName")) {
        read.problem("domainName", read.raw("domainName"), "needs sigma:hostedZoneId, the Route 53 zone of the alias; set both, or neither");
    }
    return hostedZoneId !== undefined && domainName !== undefined ? { hostedZoneId, domainName } : undefined;
}

function certificateProblem(value: string, region: string): string | undefined {
    const certificateRegion = acmCertificateRegion(value);
    const example = `arn:aws:acm:${REGION.test(region) ? region : "<region>"}:<account>:certificate/<uuid>`;
    if (certificateRegion === undefined) {
        return `is not an ACM certificate ARN; the HTTPS listener needs a certificate in the stack's region: ${example}`;
    }
    return REGION.test(region) && certificateRegion !== region
        ? `is in ${certificateRegion}, but the load balancer is in ${region}; request or import the certificate in ${region} and use its ARN`
        : undefined;
}

/** The failover's detection window, as SigmaFailover takes it: detection and the restore share the 30-minute RTO. */
export const FAILOVER_IMPAIRED_MINUTES = { min: 1, get max(): number { return maxImpairedMinutes(); } };

/** Why two APP&DB instances are refused, and the two accepted fixes. */
export const TWO_DATABASES_FIX = "would run that many APP&DB instances, each with its own MySQL: divergent databases behind one load balancer "
    + "(a report saved on one is missing on the others); set sigma:appCount 1 (one active instance, failed over into another AZ), "
    + "or set sigma:appDbConnection to the script that points the APP tier at the DB instance's $SIGMA_DB_HOST";

/**
 * Why `script` cannot be sigma:appDbConnection: it must read SIGMA_DB_HOST (the DB's private DNS name, which follows the
 * DB through a restore) and name no IPv4 address but loopback (an address goes stale when the DB is restored elsewhere);
 * it is embedded in the APP boot script between heredoc markers it must not contain, within EC2's user data limit.
 */
export function appDbConnectionProblem(script: string, agentParameter: string): string | undefined {
    if (!/\$\{?SIGMA_DB_HOST\b/.test(script)) {
        return `does not read $SIGMA_DB_HOST; the boot script exports it as the DB instance's private DNS name (db.<stack>.${PRIVATE_ZONE_SUFFIX}): connect to "$SIGMA_DB_HOST"`;
    }
    const address = namedIpv4Addresses(script).find((ip) => ipaddr.parse(ip).range() !== "loopback");
    if (address !== undefined) {
        return `names the address ${address}; an address goes stale when the DB is restored into another AZ: use "$SIGMA_DB_HOST" (db.<stack>.${PRIVATE_ZONE_SUFFIX}) instead`;
    }
    if (script.split("\n").some((line) => line.trim() === APP_DB_CONNECTION_DELIMITER)) {
        return `contains the line ${APP_DB_CONNECTION_DELIMITER}, which ends the script inside the boot script; rename it`;
    }
    const bytes = Buffer.byteLength(instanceUserData({ cloudWatchAgentConfigParameter: agentParameter, extraUserData: appDbConnectionBootScript(script, `db.example.${PRIVATE_ZONE_SUFFIX}`) }), "utf8");
    return bytes > USER_DATA_MAX_BYTES
        ? `makes the APP boot script ${bytes} bytes; EC2 takes at most ${USER_DATA_MAX_BYTES}: keep the script short and have it download the rest (e.g. from S3)` : undefined;
}

/** Every dotted-quad IPv4 address a text names (ipaddr.js decides what is an address, not the pattern). */
function namedIpv4Addresses(text: string): string[] {
    return [...text.matchAll(/(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])/g)].map((m) => m[0]).filter((candidate) => ipaddr.IPv4.isValidFourPartDecimal(candidate));
}

function readAppTier(read: ConfigReader, common: CommonConfig): Pick<MultiAzConfig, "appCount" | "appDbConnection"> {
    const appCount = read.integer("appCount", defaultOf<number>("sigma:appCount"), 1, 10, " (APP instances behind the load balancer)");
    const appDbConnection = read.string("appDbConnection", (script) => appDbConnectionProblem(script, `/${common.project}/${common.stack}/cloudwatch-agent`));
    if (appCount > 1 && !read.has("appDbConnection")) {
        read.problem("appCount", read.raw("appCount"), TWO_DATABASES_FIX);
    }
    return { appCount, appDbConnection };
}

function readFailover(read: ConfigReader, backupEnabled: boolean): FailoverSettings {
    const raw = read.object("failover") ?? {};
    const enabled = read.booleanOf("failover.enabled", raw.enabled, defaultOf<boolean>("sigma:failover.enabled"));
    if (!enabled) {
        if (raw.impairedMinutes !== undefined) {
            read.problem("failover.impairedMinutes", raw.impairedMinutes, "has no effect: sigma:failover.enabled is false; remove it, or set sigma:failover.enabled true");
        }
        return { enabled: false };
    }
    if (!backupEnabled) {
        read.problem("failover.enabled", enabled, `${raw.enabled === undefined ? "(the default) " : ""}restores the newest recovery point into another AZ, but sigma:backup.enabled is false, so there is none; set sigma:failover.enabled false too (AZ loss then waits for the AZ), or enable backups`);
    }
    const impairedMinutes = read.integerOf("failover.impairedMinutes", raw.impairedMinutes, defaultOf<number>("sigma:failover.impairedMinutes"),
        FAILOVER_IMPAIRED_MINUTES.min, FAILOVER_IMPAIRED_MINUTES.max,
        ` (minutes with no healthy target before the failover starts; detection and the restore share the ${FAILOVER_DEFAULTS.rtoMinutes}-minute RTO)`);
    return { enabled: true, impairedMinutes };
}

export const multiAzSpec: TopologySpec<MultiAzConfig> = {
    topology: "multi-az",
    keys: [...COMMON_KEYS, ...INSTANCE_KEYS, ...PRIMARY_BACKUP_KEYS, ...RESTORE_KEYS, "sigma:vpcId", "sigma:publicSubnetIds",
        "sigma:privateSubnetIds", "sigma:vpcCidrBlock", "sigma:availabilityZoneCount", "sigma:natGatewayStrategy",
        "sigma:sessionManagerEndpoints", "sigma:appCidrs", "sigma:certificateArn", "sigma:appCount",
        "sigma:hostedZoneId", "sigma:domainName", "sigma:deletionProtection", "sigma:appDbConnection", "sigma:failover",
        "sigma:failover.enabled", "sigma:failover.impairedMinutes", ...OPERATIONS_KEYS],
    unusedReasons: new Map([
        ["sigma:subnetIds", "it is the single-az and dr-region key; multi-az takes sigma:publicSubnetIds and sigma:privateSubnetIds with sigma:vpcId"],
        ["sigma:associatePublicIpAddress", "instances sit in private subnets behind the load balancer"],
        ...SCHEDULE_KEYS.map((key): [string, string] => [key, SCHEDULE_UNUSED_REASON]),
    ]),
    // The APP group's 8080 source is the load balancer's group: one rule besides SSH.
    maxAdminCidrs: INGRESS_RULES_PER_GROUP - 1,
    parse(read: ConfigReader, common: CommonConfig): MultiAzConfig {
        const network = readNetwork(read);
        if (!read.has("appCidrs")) {
            read.missing("appCidrs", `list the client networks allowed to reach the load balancer on 443/80, e.g. ["${EXAMPLE_CLIENT_CIDR}"], or ["0.0.0.0/0"] for the internet`);
        }
        const appCidrs = readCidrList(read, "appCidrs", {
            example: EXAMPLE_CLIENT_CIDR,
            maxEntries: MAX_APP_CIDRS,
            rulesWhy: `each is a 443 and an 80 rule of the load balancer's group, which takes ${INGRESS_RULES_PER_GROUP}`,
        });
        if (appCidrs !== undefined && appCidrs.length === 0) {
            read.problem("appCidrs", appCidrs, `must list at least one client network, or nothing could reach the load balancer; e.g. ["${EXAMPLE_CLIENT_CIDR}"]`);
        }
        const certificateArn = read.requiredString("certificateArn",
            `the HTTPS listener needs an ACM certificate in the stack's region: arn:aws:acm:<region>:<account>:certificate/<uuid>`,
            (value) => certificateProblem(value, common.region)) ?? "";
        const { backup, drStack } = readPrimaryBackup(read, common.region);
        return {
            ...common,
            topology: "multi-az",
            network,
            sessionManagerEndpoints: read.boolean("sessionManagerEndpoints", defaultOf<boolean>("sigma:sessionManagerEndpoints")),
            instance: readInstanceSettings(read),
            appCidrs: appCidrs ?? [],
            certificateArn,
            ...readAppTier(read, common),
            failover: readFailover(read, backup.enabled),
            dnsAlias: readDnsAlias(read),
            deletionProtection: read.boolean("deletionProtection", defaultOf<boolean>("sigma:deletionProtection")),
            backup,
            drStack,
            restore: readRestore(read, common.region, backup.enabled),
            operations: readOperations(read, { schedule: false, topology: "multi-az", backupEnabled: backup.enabled }),
        };
    },
};
