import * as pulumi from "@pulumi/pulumi";
import { BACKUP_TAG_KEY, STACK_SCOPE_TAG_KEY } from "../../components";
import { cidrProblem, coverageText, duplicateCidrs, exposesInternet, isWorldOpen } from "../../model/cidr";
import { ID_EXAMPLES, isId, isKmsAliasArn, isKmsKeyArn, parseArn, REGION } from "../../model/ids";
import { MAX_USER_TAGS, TAG_KEY_MAX, TAG_VALUE_MAX } from "../../model/limits";
import { ALERT_KEYS, AlertsConfig, readAlerts } from "./alerts";
import { ConfigReader, show } from "./reader";

/** What every topology's config holds: who the stack is, where, and its standard settings. */
export interface CommonConfig {
    project: string;
    stack: string;
    /** Value of the standard `environment` tag (sigma:environment, default the stack name). */
    environment: string;
    /** aws:region: the stack's provider region. */
    region: string;
    /** Extra tags on every taggable resource (sigma:tags). */
    tags: Record<string, string>;
    /** Networks allowed to SSH (sigma:adminCidrs); never the whole internet. */
    adminCidrs: string[];
    /** Customer-managed KMS key ARN for EBS (sigma:kmsKeyArn): a key ARN, never an alias; a pulumi.secret when set as one. */
    kmsKeyArn?: pulumi.Input<string>;
    /** Who hears the stack's failures (sigma:alarmEmails, sigma:alarmEmailsOptOut, sigma:alarmTopicArns, sigma:auditTrailArn). */
    alerts: AlertsConfig;
}

/** Keys every topology reads. */
export const COMMON_KEYS = ["sigma:topology", "sigma:environment", "sigma:tags", "sigma:adminCidrs", "sigma:kmsKeyArn", ...ALERT_KEYS] as const;

/** Example networks for fixes (RFC 5737 documentation ranges): accepted wherever a client network is. */
export const EXAMPLE_ADMIN_CIDR = "198.51.100.0/24";
export const EXAMPLE_CLIENT_CIDR = "203.0.113.0/24";

// SigmaSecurityGroups keeps 10 of AWS's 60 inbound rules per group free (model/limits SECURITY_GROUP_RULES_PER_DIRECTION).
export const INGRESS_RULES_PER_GROUP = 50;

// Tag keys the program sets itself: a user tag under one of them would be overwritten without a word.
const PROGRAM_TAG_KEYS = ["project", "stack", "environment", "managed-by", "component", "Name", BACKUP_TAG_KEY, STACK_SCOPE_TAG_KEY];
// Allowed characters of tag keys and values across services.
// https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const ENVIRONMENT = /^[A-Za-z0-9_.:/=+@-]{1,64}$/;

/**
 * When a problem ends in "use <fix>" and that fix would itself be refused (10.0.0.0/0 "use 0.0.0.0/0" where
 * the world is not allowed), the fix is replaced by `example`, so every proposed fix is an accepted value.
 */
export function withAcceptedFix(problem: string, accepted: (value: string) => boolean, example: string): string {
    const suggested = /use (\S+)$/.exec(problem)?.[1];
    return suggested !== undefined && !accepted(suggested) ? problem.replace(/use \S+$/, `use ${example}`) : problem;
}

export interface CidrListRules {
    /** Why the whole internet is refused for this list, or undefined where it is allowed. */
    worldRefusal?: string;
    /** An accepted example entry for fixes. */
    example: string;
    /** At most this many entries. */
    maxEntries: number;
    /** What the entries become, for the count message. */
    rulesWhy: string;
}

/** Why one entry of a CIDR list is refused, or undefined. */
function cidrEntryProblem(entry: string, rules: CidrListRules): string | undefined {
    const problem = cidrProblem(entry);
    if (problem) {
        return withAcceptedFix(problem, (fix) => cidrEntryProblem(fix, rules) === undefined, rules.example);
    }
    if (rules.worldRefusal !== undefined && isWorldOpen(entry)) {
        return `opens the port to the whole internet; ${rules.worldRefusal}`;
    }
    return undefined;
}

/**
 * Reads a list of CIDR blocks: each entry strict (model/cidr), no block listed twice (by canonical form, as AWS
 * compares IPv6), the union not the whole internet where a single block may not be, and not more entries than
 * the security group takes. Undefined when unset or invalid.
 */
export function readCidrList(read: ConfigReader, name: string, rules: CidrListRules): string[] | undefined {
    const cidrs = read.stringList(name, (entry) => cidrEntryProblem(entry, rules));
    if (cidrs === undefined) {
        return undefined;
    }
    let ok = true;
    for (const duplicate of duplicateCidrs(cidrs)) {
        read.problem(`${name}[${duplicate.index}]`, cidrs[duplicate.index],
            `is the same block as ${read.key(name)}[${duplicate.firstIndex}] (${duplicate.cidr}); remove it`);
        ok = false;
    }
    const exposure = exposesInternet(cidrs);
    if (rules.worldRefusal !== undefined && (exposure.ipv4 || exposure.ipv6)) {
        const family = exposure.ipv4 ? "ipv4" : "ipv6";
        read.problem(name, cidrs, `together cover ${coverageText(family, exposure.share[family])}, which opens the port to the internet; ${rules.worldRefusal}`);
        ok = false;
    }
    if (cidrs.length > rules.maxEntries) {
        read.problem(name, cidrs, `lists ${cidrs.length} blocks, but ${rules.rulesWhy}; summarise them into at most ${rules.maxEntries} wider blocks`);
        ok = false;
    }
    return ok ? cidrs : undefined;
}

/** sigma:adminCidrs: SSH (22) sources, in every topology. */
export function readAdminCidrs(read: ConfigReader, maxEntries: number): string[] {
    return readCidrList(read, "adminCidrs", {
        worldRefusal: `SSH is never opened to the world; list your admin networks, e.g. ${EXAMPLE_ADMIN_CIDR}, or leave sigma:adminCidrs empty and use Session Manager`,
        example: EXAMPLE_ADMIN_CIDR,
        maxEntries,
        rulesWhy: `each is an inbound rule of the APP security group, which takes ${maxEntries} besides the application's`,
    }) ?? [];
}

export const VPC_ID_FIX = `use an existing VPC id, e.g. ${ID_EXAMPLES.vpc}`;
export const vpcIdProblem = (value: string) => isId("vpc", value) ? undefined : `is not a VPC id; ${VPC_ID_FIX}`;
export const subnetIdProblem = (value: string) => isId("subnet", value) ? undefined : `is not a subnet id; use the form ${ID_EXAMPLES.subnet}`;

/** sigma:appCidrs where they open 8080 on the instance itself (single-az, dr-region): client networks only. */
export function readInstanceAppCidrs(read: ConfigReader, adminCidrs: string[]): string[] {
    if (!read.has("appCidrs")) {
        read.missing("appCidrs", `list the networks allowed to reach Sigma on 8080, e.g. ["${EXAMPLE_CLIENT_CIDR}"]`);
        return [];
    }
    const maxEntries = INGRESS_RULES_PER_GROUP - adminCidrs.length;
    const appCidrs = readCidrList(read, "appCidrs", {
        worldRefusal: `8080 is plain HTTP; list your client networks, e.g. ${EXAMPLE_CLIENT_CIDR} (the multi-az topology serves the internet over HTTPS)`,
        example: EXAMPLE_CLIENT_CIDR,
        maxEntries,
        rulesWhy: `each is an inbound rule of the APP security group, which takes ${INGRESS_RULES_PER_GROUP} with sigma:adminCidrs' ${adminCidrs.length}`,
    });
    if (appCidrs !== undefined && appCidrs.length === 0) {
        read.problem("appCidrs", appCidrs, `must list at least one network, or nothing could reach Sigma; e.g. ["${EXAMPLE_CLIENT_CIDR}"]`);
    }
    return appCidrs ?? [];
}

/** Why `value` cannot be the EBS key; a secret value is not repeated in the fix. */
function kmsKeyProblem(value: string, region: string, secret: boolean): string | undefined {
    const example = `arn:aws:kms:${REGION.test(region) ? region : "ap-southeast-1"}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    if (value.startsWith("alias/") || isKmsAliasArn(value)) {
        // IAM cannot grant a key by its alias, and EC2 reads the key ARN back, so an alias replaced the instances on every update.
        return `is a KMS alias, not a key ARN: the restore role cannot be granted a key by alias, and the instances would be replaced on every update; use the key ARN: aws kms describe-key --key-id ${secret ? "<alias>" : value} --query KeyMetadata.Arn`;
    }
    if (!isKmsKeyArn(value)) {
        return `is not a KMS key ARN; use arn:aws:kms:<region>:<account>:key/<key id>, e.g. ${example}, or leave it unset for the account's EBS default key`;
    }
    const keyRegion = parseArn(value)!.region;
    if (REGION.test(region) && keyRegion !== region) {
        return `is in ${keyRegion}, but the stack's volumes are in ${region}; use a key in ${region} (for a multi-Region key, its replica's ARN there)`;
    }
    return undefined;
}

function readTags(read: ConfigReader): Record<string, string> {
    const raw = read.object("tags");
    if (raw === undefined) {
        return {};
    }
    const entries = Object.entries(raw);
    const tags: Array<[string, string]> = [];
    for (const [key, value] of entries) {
        const name = `tags.${key}`;
        if (key.toLowerCase().startsWith("aws:")) {
            read.problem(name, value, "is under the reserved aws: prefix; rename the tag");
        } else if (PROGRAM_TAG_KEYS.includes(key)) {
            read.problem(name, value, `is a tag the program sets itself (${PROGRAM_TAG_KEYS.join(", ")}); rename the tag${key === "environment" ? ", or set sigma:environment" : ""}`);
        } else if (key === "__proto__") {
            // Serialising a plain object with an own "__proto__" sets the prototype instead: the tag would vanish.
            read.problem(name, value, "cannot be a tag key (JavaScript would drop it); rename the tag");
        } else if (key.length === 0 || key.length > TAG_KEY_MAX || !TAG_TEXT.test(key)) {
            read.problem(name, value, `has a key that is not 1-${TAG_KEY_MAX} letters, digits, spaces or _ . : / = + - @; rename the tag`);
        } else if (typeof value !== "string") {
            read.problem(name, value, `must be a string; quote it, e.g. ${show(String(value))}`);
        } else if (value.length > TAG_VALUE_MAX || !TAG_TEXT.test(value)) {
            read.problem(name, value, `must be at most ${TAG_VALUE_MAX} letters, digits, spaces or _ . : / = + - @`);
        } else {
            tags.push([key, value]);
        }
    }
    const maxTags = MAX_USER_TAGS - PROGRAM_TAG_KEYS.length;
    if (entries.length > maxTags) {
        read.problem("tags", Object.keys(raw), `holds ${entries.length} tags; AWS takes ${MAX_USER_TAGS} per resource and the program sets ${PROGRAM_TAG_KEYS.length}, so keep at most ${maxTags}`);
    }
    // fromEntries defines own properties, so no key can reach a prototype.
    return Object.fromEntries(tags);
}

/**
 * The settings every topology shares; `region` is recorded as a problem (and left empty) when unset or malformed.
 * `maxAdminCidrs` is how many SSH rules the topology's APP group takes.
 */
export function readCommon(read: ConfigReader, maxAdminCidrs: number): CommonConfig {
    const regionFix = "set the stack's AWS region, e.g. pulumi config set aws:region ap-southeast-1";
    const region = read.requiredString("aws:region", regionFix, (value) => REGION.test(value) ? undefined : `is not an AWS region code; ${regionFix}`) ?? "";
    const environment = read.string("environment", (value) => ENVIRONMENT.test(value) ? undefined
        : `must be 1-64 letters, digits or _ . : / = + @ -, e.g. ${show(read.source.stack.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 64) || "dev")}`) ?? read.source.stack;
    const kmsKeyArn = read.string("kmsKeyArn", (value) => kmsKeyProblem(value, region, read.isSecret("kmsKeyArn")));
    const adminCidrs = readAdminCidrs(read, maxAdminCidrs);
    return {
        project: read.source.project,
        stack: read.source.stack,
        environment,
        region,
        tags: readTags(read),
        adminCidrs,
        kmsKeyArn: kmsKeyArn !== undefined && read.isSecret("kmsKeyArn") ? pulumi.secret(kmsKeyArn) : kmsKeyArn,
        alerts: readAlerts(read, region),
    };
}
