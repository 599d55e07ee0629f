import * as pulumi from "@pulumi/pulumi";
import { cidrProblem, isWorldOpen } from "../model/cidr";
import { DEFAULT_INSTANCE_TYPE, SUPPORTED_INSTANCE_TYPES } from "../model/instanceTypes";
import { INSTANCE_DEFAULTS } from "../components/compute/sigmaInstance";
import { ConfigError, ConfigReader, ConfigSource } from "./configReader";
import { MultiAzConfig, parseMultiAzConfig } from "./multiAzConfig";
import { BackupConfig, readBackupConfig, readRestoreRequest, RestoreRequest } from "./backupConfig";

export { ConfigError, ConfigSource } from "./configReader";

export const TOPOLOGIES = ["single-az", "multi-az", "dr-region"] as const;
export type Topology = (typeof TOPOLOGIES)[number];

/** The one typed, validated view of a stack's config that the rest of the program takes. */
export interface SigmaConfig {
    project: string;
    stack: string;
    /** Value of the standard `environment` tag (sigma:environment, default the stack name). */
    environment: string;
    region: string;
    topology: Topology;
    vpcId: string;
    subnetIds: string[];
    amiId?: string;
    amiOwner?: string;
    amiNameFilter?: string;
    instanceType: string;
    keyName?: string;
    dataVolumeGiB: number;
    rootVolumeGiB?: number;
    adminCidrs: string[];
    appCidrs: string[];
    assignPublicIp: boolean;
    terminationProtection: boolean;
    kmsKeyArn?: string;
    /** Extra tags on every taggable resource (sigma:tags). */
    tags: Record<string, string>;
    /** The multi-az (prod) settings; present only when topology is multi-az. */
    multiAz?: MultiAzConfig;
    /** sigma:backup: AWS Backup of the stack's instances (and, in dr-region, the destination vault). */
    backup: BackupConfig;
    /** sigma:drStack: the dr-region stack whose DrBackupVaultArn output receives copies. */
    drStack?: string;
    /** sigma:restore: a restore `pulumi up` starts through the restore Lambda. */
    restore?: RestoreRequest;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const AMI_ID = /^ami-[0-9a-f]{8}([0-9a-f]{9})?$/;
const KMS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/;

function cidrCheck(worldFix: string) {
    return (cidr: string) => cidrProblem(cidr) ?? (isWorldOpen(cidr) ? `opens the port to the whole internet; ${worldFix}` : undefined);
}

/** Parses and validates stack config; throws a ConfigError listing every problem. */
export function parseConfig(source: ConfigSource): SigmaConfig {
    const read = new ConfigReader(source, "sigma");
    const region = read.requiredString("aws:region", { pattern: REGION, fix: "set the AWS region, e.g. pulumi config set aws:region ap-southeast-1" });
    const topology = read.oneOf("topology", TOPOLOGIES, "single-az");
    const vpcFix = "use an existing VPC id such as vpc-0123456789abcdef0";
    // multi-az creates a VPC when none is given.
    const vpcId = topology === "multi-az" ? read.string("vpcId", { pattern: VPC_ID, fix: vpcFix }) ?? "" : read.requiredString("vpcId", { pattern: VPC_ID, fix: vpcFix });
    const subnetIds = read.stringList("subnetIds", (id) => SUBNET_ID.test(id) ? undefined : "is not a subnet id; use the form subnet-0123456789abcdef0");
    if (read.raw("subnetIds") === undefined && topology !== "multi-az") {
        read.missing("subnetIds", "list the subnet(s) to launch in, e.g. [\"subnet-0123456789abcdef0\"]");
    } else if (topology === "single-az" && subnetIds.length !== 1) {
        read.problem("subnetIds", subnetIds, "must list exactly one subnet for the single-az topology (APP and DB share one instance)");
    }
    const amiId = read.string("amiId", { pattern: AMI_ID, fix: "is not an AMI id; use the form ami-0123456789abcdef0" });
    const amiOwner = read.string("amiOwner");
    const amiNameFilter = read.string("amiNameFilter");
    if (read.raw("amiId") === undefined && !(amiOwner && amiNameFilter) && topology !== "dr-region") {
        read.missing("amiId", "give the Sigma APP&DB AMI id, or set both sigma:amiOwner and sigma:amiNameFilter to look it up");
    }
    if (read.raw("amiId") !== undefined && (amiOwner || amiNameFilter)) {
        read.problem("amiOwner", amiOwner ?? amiNameFilter, "is set together with sigma:amiId; keep only one way of choosing the AMI");
    }
    const instanceType = read.oneOf("instanceType", Object.keys(SUPPORTED_INSTANCE_TYPES), DEFAULT_INSTANCE_TYPE);
    const keyName = read.string("keyName", { pattern: /^[\x20-\x7e]{1,255}$/, fix: "is not a key pair name; give an existing EC2 key pair or leave it unset (Session Manager is the default way in)" });
    const dataVolumeGiB = read.integer("dataVolumeGiB", INSTANCE_DEFAULTS.dataVolumeGiB, INSTANCE_DEFAULTS.minDataVolumeGiB,
        INSTANCE_DEFAULTS.maxDataVolumeGiB, " (the guide's minimum is 100 GiB)");
    const rootVolumeGiB = read.raw("rootVolumeGiB") === undefined ? undefined : read.integer("rootVolumeGiB", 30, 8, 16384);
    const adminCidrs = read.stringList("adminCidrs", cidrCheck("SSH is never opened to the world; list your admin networks or use Session Manager"));
    // Behind the multi-az load balancer clients reach only HTTPS 443 (80 redirects), so the internet is allowed
    // there; elsewhere appCidrs open plain-HTTP 8080 on the instance itself and must name client networks.
    const appCidrs = read.stringList("appCidrs", topology === "multi-az" ? (cidr) => cidrProblem(cidr)
        : cidrCheck("8080 is plain HTTP; list your client networks (or use the multi-az topology's HTTPS load balancer)"));
    if (topology === "single-az" && appCidrs.length === 0) {
        read.missing("appCidrs", "list the networks allowed to reach Sigma on 8080, e.g. [\"203.0.113.0/24\"]");
    }
    if (topology === "multi-az" && appCidrs.length === 0) {
        read.missing("appCidrs", "list the client networks allowed to reach the load balancer on 443/80, e.g. [\"203.0.113.0/24\"]");
    }
    if (topology === "dr-region" && read.raw("subnetIds") !== undefined && subnetIds.length === 0) {
        read.problem("subnetIds", subnetIds, "must list the subnet restored instances land in for the dr-region topology");
    }
    if (topology === "dr-region" && appCidrs.length === 0) {
        read.missing("appCidrs", "list the networks allowed to reach restored Sigma instances on 8080, e.g. [\"203.0.113.0/24\"]");
    }
    const assignPublicIp = read.boolean("assignPublicIp", INSTANCE_DEFAULTS.associatePublicIpAddress);
    const terminationProtection = read.boolean("terminationProtection", INSTANCE_DEFAULTS.terminationProtection);
    const kmsKeyArn = read.string("kmsKeyArn", { pattern: KMS_ARN, fix: "is not a KMS key ARN; use arn:aws:kms:<region>:<account>:key/<id> or leave it unset" });
    const environment = read.string("environment", { pattern: /^[A-Za-z0-9_.:/=+@-]{1,64}$/, fix: "must be 1-64 letters, digits or _.:/=+@-" }) ?? source.stack;
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(read.object("tags") ?? {})) {
        if (typeof value !== "string" || key.toLowerCase().startsWith("aws:")) {
            read.problem(`tags.${key}`, value, "must be a string tag under a key that does not start with aws:");
        } else {
            tags[key] = value;
        }
    }
    const multiAz = topology === "multi-az"
        ? parseMultiAzConfig(read, { region, vpcId: read.raw("vpcId"), assignPublicIp })
        : undefined;
    const { backup, drStack } = readBackupConfig(read, region, topology);
    const restore = readRestoreRequest(read);
    if (read.problems.length > 0) {
        throw new ConfigError(read.problems);
    }
    return {
        project: source.project, stack: source.stack, environment, region, topology, vpcId, subnetIds,
        amiId, amiOwner, amiNameFilter, instanceType, keyName, dataVolumeGiB, rootVolumeGiB,
        adminCidrs, appCidrs, assignPublicIp, terminationProtection, kmsKeyArn, tags, multiAz,
        backup, drStack, restore,
    };
}

/** Reads the running stack's config through the Pulumi runtime. */
export function loadConfig(): SigmaConfig {
    const sigma = new pulumi.Config("sigma");
    const aws = new pulumi.Config("aws");
    return parseConfig({
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        get: (key) => {
            const [namespace, name] = key.split(":");
            return (namespace === "aws" ? aws : sigma).get(name);
        },
    });
}
