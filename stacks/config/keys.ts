import { BACKUP_DEFAULTS, FAILOVER_DEFAULTS, INSTANCE_DEFAULTS, LOAD_BALANCER_DEFAULTS, LOGS_DEFAULTS, NETWORK_DEFAULTS } from "../../components";
import { PATCHING_DEFAULTS } from "../../components/operations/sigmaPatching";

export const TOPOLOGIES = ["single-az", "multi-az", "dr-region"] as const;
export type Topology = (typeof TOPOLOGIES)[number];
/** Topologies whose backups are locked (compliance mode), protected and guarded by a break-glass role unless waived: prod and dr. */
export const PROTECTED_TOPOLOGIES: readonly Topology[] = ["multi-az", "dr-region"];

/**
 * The default of every `sigma:` key that has a fixed one, in one place (most come from the component whose
 * arg the key feeds). Keys not listed are required, optional, or default to something derived (the stack
 * name, the AMI's size); docs/configuration.md says which, and its test compares the two.
 */
export const CONFIG_DEFAULTS: Readonly<Record<string, unknown>> = {
    "sigma:topology": "single-az",
    "sigma:tags": {},
    "sigma:adminCidrs": [],
    "sigma:instanceType": INSTANCE_DEFAULTS.instanceType,
    "sigma:dataVolumeGiB": INSTANCE_DEFAULTS.dataVolumeGiB,
    "sigma:terminationProtection": INSTANCE_DEFAULTS.terminationProtection,
    "sigma:associatePublicIpAddress": INSTANCE_DEFAULTS.associatePublicIpAddress,
    "sigma:vpcCidrBlock": NETWORK_DEFAULTS.vpcCidrBlock,
    "sigma:availabilityZoneCount": NETWORK_DEFAULTS.availabilityZoneCount,
    "sigma:natGatewayStrategy": NETWORK_DEFAULTS.natGatewayStrategy,
    "sigma:sessionManagerEndpoints": NETWORK_DEFAULTS.sessionManagerEndpoints,
    // One APP&DB instance is one database: more need sigma:appDbConnection (stacks/config/multiAz.ts TWO_DATABASES_FIX).
    "sigma:appCount": 1,
    "sigma:failover.enabled": true,
    "sigma:failover.impairedMinutes": FAILOVER_DEFAULTS.impairedMinutes,
    "sigma:deletionProtection": LOAD_BALANCER_DEFAULTS.deletionProtection,
    "sigma:backup.enabled": true,
    "sigma:backup.frequency": BACKUP_DEFAULTS.frequency,
    "sigma:backup.retentionDays": BACKUP_DEFAULTS.retentionDays,
    "sigma:backup.copyRetentionDays": BACKUP_DEFAULTS.copyRetentionDays,
    "sigma:backup.restoreTesting": true,
    "sigma:backup.airGappedCopy": false,
    "sigma:backup.airGappedRetentionDays": BACKUP_DEFAULTS.airGappedRetentionDays,
    // AWS Backup's crash-consistent points are the locked recovery path; DLM snapshots freeze MySQL's writes each run and cost storage: opt in.
    "sigma:backup.consistency": "crash",
    "sigma:logs.enabled": true,
    "sigma:logs.retentionDays": LOGS_DEFAULTS.retentionDays,
    "sigma:logs.userDataLogPath": LOGS_DEFAULTS.userDataLogPath,
    "sigma:logs.catalinaLogPath": LOGS_DEFAULTS.catalinaLogPath,
    "sigma:logs.accessLogPath": LOGS_DEFAULTS.accessLogPath,
    "sigma:logs.mysqlErrorLogPath": LOGS_DEFAULTS.mysqlErrorLogPath,
    // sigma:patching.enabled (on where the stack backs up) and .schedule (quarterly in prod, monthly in dev) are derived.
    "sigma:patching.timezone": PATCHING_DEFAULTS.timezone,
    "sigma:patching.durationHours": PATCHING_DEFAULTS.durationHours,
    "sigma:patching.cutoffHours": PATCHING_DEFAULTS.cutoffHours,
    "sigma:patching.rebootAllowed": PATCHING_DEFAULTS.rebootAllowed,
    "sigma:patching.approveAfterDays": PATCHING_DEFAULTS.approveAfterDays,
};

/** The default of `key` (a full key such as `sigma:appCount`); never read off the object's prototype. */
export function defaultOf<T>(key: string): T {
    if (!Object.hasOwn(CONFIG_DEFAULTS, key)) {
        throw new Error(`${key} has no default in CONFIG_DEFAULTS`);
    }
    return CONFIG_DEFAULTS[key] as T;
}

/** Old key names and their new ones (one name per concept, the component arg's): refused with the new name. */
export const RENAMED_KEYS: ReadonlyMap<string, string> = new Map([
    ["sigma:assignPublicIp", "sigma:associatePublicIpAddress"],
    ["sigma:azCount", "sigma:availabilityZoneCount"],
    ["sigma:vpcCidr", "sigma:vpcCidrBlock"],
    ["sigma:natGateways", "sigma:natGatewayStrategy"],
    ["sigma:vpcEndpoints", "sigma:sessionManagerEndpoints"],
    ["sigma:restore.restoreInstanceType", "sigma:restore.instanceType"],
]);

/** Old values of a renamed key whose new key spells them differently. */
export const RENAMED_VALUES: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
    ["sigma:natGateways", new Map([["one-per-az", "OnePerAz"], ["single", "Single"]])],
]);

/** Keys whose value may be a secret: they feed an Input arg, so the component gets it as pulumi.secret(...). */
export const SECRET_CAPABLE_KEYS: ReadonlySet<string> = new Set(["sigma:kmsKeyArn"]);

/** Keys whose value is an object of known members (`sigma:backup.frequency`); sigma:tags' members are free. */
export const OBJECT_KEYS: ReadonlySet<string> = new Set(["sigma:backup", "sigma:restore", "sigma:failover", "sigma:logs", "sigma:schedule", "sigma:patching"]);
