/**
 * AWS Backup's restore metadata for an EC2 recovery point: the keys GetRecoveryPointRestoreMetadata returns and
 * StartRestoreJob takes back. Shared by the restore handler (which builds a request) and model/ec2Restore.ts (which
 * judges one the way AWS does). Real key sets are in test/fixtures/restoreMetadata/.
 */

// Metadata is a string-to-string map; structured values are JSON text ("SecurityGroupIds": "[\"sg-...\"]").
// https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html (Metadata: String to string map)
export type RestoreMetadata = Record<string, string>;

// AWS Backup's own key in every GetRecoveryPointRestoreMetadata answer. Two reads of the same recovery point carry
// different values (test/fixtures/restoreMetadata/aws-cli-t2micro-us-west-2.json), so it is no part of what a request means.
export const BACKUP_REQUEST_ID_KEY = "aws:backup:request-id";

// The instance profile may only be the backed-up one or none: "iamInstanceProfileName (null or UseBackedUpValue)".
// https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
export const USE_BACKED_UP_VALUE = "UseBackedUpValue";

/** One entry of the JSON list under NetworkInterfaces (RunInstances' InstanceNetworkInterfaceSpecification). */
export interface BackedUpNetworkInterface {
    DeviceIndex?: number;
    NetworkInterfaceId?: string;
    SubnetId?: string;
    Groups?: string[];
    PrivateIpAddress?: string;
    PrivateIpAddresses?: Array<{ Primary?: boolean; PrivateIpAddress?: string }>;
}

/** RunInstances' Placement as the metadata carries it. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Placement.html */
export interface BackedUpPlacement {
    AvailabilityZone?: string | null;
    AvailabilityZoneId?: string | null;
    GroupName?: string | null;
    GroupId?: string | null;
    HostId?: string | null;
    HostResourceGroupArn?: string | null;
    PartitionNumber?: number | null;
    Tenancy?: string | null;
}

/** RunInstances' CpuOptions. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CpuOptionsRequest.html */
export interface BackedUpCpuOptions {
    CoreCount?: number;
    ThreadsPerCore?: number;
}

/** The JSON value under `key`, or undefined when the key is absent, empty or not JSON. */
export function jsonValue<T>(metadata: RestoreMetadata, key: string): T | undefined {
    const text = metadata[key];
    if (text === undefined || text === "") {
        return undefined;
    }
    try {
        return JSON.parse(text) as T;
    } catch {
        return undefined;
    }
}

/** The key of `metadata` that is `name` in any case. Restore testing documents: "Note that key values are not case sensitive." */
// https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html
export function keyIgnoringCase(metadata: RestoreMetadata, name: string): string | undefined {
    return Object.keys(metadata).find((key) => key.toLowerCase() === name.toLowerCase());
}

/** The primary network interface (device index 0) of the backed-up instance, when the metadata lists interfaces. */
export function primaryInterface(metadata: RestoreMetadata): BackedUpNetworkInterface | undefined {
    const interfaces = jsonValue<BackedUpNetworkInterface[]>(metadata, "NetworkInterfaces");
    return Array.isArray(interfaces) ? interfaces.find((eni) => (eni.DeviceIndex ?? 0) === 0) : undefined;
}

/** The security group ids of `SecurityGroupIds` (a JSON list), or undefined. */
export function securityGroupIds(metadata: RestoreMetadata): string[] | undefined {
    const groups = jsonValue<unknown>(metadata, "SecurityGroupIds");
    return Array.isArray(groups) && groups.every((g) => typeof g === "string") ? groups as string[] : undefined;
}

// An Availability Zone's name is its Region's code followed by a letter (ap-southeast-1a).
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html#concepts-availability-zones
const AVAILABILITY_ZONE = /^([a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d)[a-z]$/;

/** The Region of an Availability Zone name, or undefined when `zone` is not one. */
export function regionOfAvailabilityZone(zone: unknown): string | undefined {
    const match = typeof zone === "string" ? AVAILABILITY_ZONE.exec(zone) : null;
    return match ? match[1] : undefined;
}
