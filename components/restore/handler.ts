import { createHash } from "crypto";
import {
    BackupClient,
    DescribeRecoveryPointCommand,
    GetRecoveryPointRestoreMetadataCommand,
    ListRecoveryPointsByBackupVaultCommand,
    ListRecoveryPointsByBackupVaultCommandOutput,
    StartRestoreJobCommand,
} from "@aws-sdk/client-backup";
import { isBurstable } from "../../model/ec2RestoreInstanceTypes";
import { BACKUP_REQUEST_ID_KEY, BackedUpPlacement, jsonValue, primaryInterface, RestoreMetadata, securityGroupIds } from "../../model/ec2RestoreMetadata";
import { BACKUP_VAULT_NAME, ID_SHAPES, isRecoveryPointArn, KEY_PAIR_NAME, parseArn } from "../../model/ids";

/**
 * The restore Lambda (the guide's EC2RestoreLambdaFunction): restores the newest COMPLETED recovery point of an
 * instance (or the one given) from a vault into a NEW instance. It only reads recovery points and starts a restore
 * job: it never stops, modifies or terminates the original instance. Runs on the Node.js Lambda runtime, whose
 * bundled AWS SDK v3 provides @aws-sdk/client-backup; lambdaCode.ts bundles this file with the model/ files it uses.
 * What AWS Backup does with the request is modelled in model/ec2Restore.ts, which the tests run it against.
 */

/** What the function is invoked with. */
export interface RestoreEvent {
    instanceId: string;
    vaultName?: string;
    restoreInstanceType?: string;
    subnetId?: string;
    securityGroupIds?: string[];
    recoveryPointArn?: string;
    /** The caller's id for this restore (a drill, a corrected retry): a new id starts a new job, the same id finds the job it started. */
    requestId?: string;
}

export interface RestoreResult {
    restoreJobId: string;
    recoveryPointArn: string;
    /** The StartRestoreJob idempotency token: the same request within AWS's token lifetime answers with this same job. */
    idempotencyToken: string;
}

/** Settings the deployment passes as environment variables. */
export interface RestoreSettings {
    /** IAMRoleForRestore: the role AWS Backup assumes to launch the restored instance. */
    restoreRoleArn: string;
    /** Vault used when the event names none. */
    defaultVaultName?: string;
    /** Subnet and security groups used when the event names none (the DR region's, where the original ones do not exist). */
    defaultSubnetId?: string;
    defaultSecurityGroupIds?: string[];
    /** Key pair for instances restored in another region than the backed-up one (key pairs are regional); none when unset. */
    defaultKeyName?: string;
    /** The stack's own subnets: a restore that would land anywhere else is refused before AWS is called. */
    allowedSubnetIds: string[];
    /** The security groups a restored instance may carry; when unset, the restore role allows only groups of allowedVpcId. */
    allowedSecurityGroupIds?: string[];
    /** The stack's VPC, whose groups the restore role allows when allowedSecurityGroupIds is unset. */
    allowedVpcId?: string;
}

export interface RestoreDeps {
    client: Pick<BackupClient, "send">;
    settings: RestoreSettings;
    /** How to wait between retries; injectable so tests never sleep. */
    sleep?: (ms: number) => Promise<void>;
    /** Attempts per AWS call, including the first (default 5). */
    maxAttempts?: number;
    /** First retry delay in ms, doubled each retry (default 500). */
    baseDelayMs?: number;
}

/** The caller's event is wrong: not retried, reported as is. */
export class RestoreInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "RestoreInputError";
    }
}

/** No recovery point to restore from. */
export class NoRecoveryPointError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "NoRecoveryPointError";
    }
}

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** AWS error names worth retrying: throttling and transient service faults. */
const TRANSIENT = new Set(["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
    "ServiceUnavailableException", "ServiceUnavailable", "InternalFailure", "InternalServerError", "RequestTimeout", "TimeoutError"]);

/** Checks the event and returns it normalised; throws RestoreInputError naming every bad field. */
export function parseRestoreEvent(event: unknown, settings: RestoreSettings): Required<Pick<RestoreEvent, "instanceId" | "vaultName">> & RestoreEvent {
    const problems: string[] = [];
    if (!event || typeof event !== "object" || Array.isArray(event)) {
        throw new RestoreInputError(`the event must be a JSON object like {"instanceId":"i-0123456789abcdef0"}; got ${JSON.stringify(event)}`);
    }
    const e = event as Record<string, unknown>;
    const known = ["instanceId", "vaultName", "restoreInstanceType", "subnetId", "securityGroupIds", "recoveryPointArn", "requestId"];
    for (const key of Object.keys(e).filter((k) => !known.includes(k))) {
        problems.push(`${key} is not a restore option; use ${known.join(", ")}`);
    }
    const text = (key: string, valid: (value: string) => boolean, fix: string, required = false) => {
        const value = e[key];
        if (value === undefined || value === null) {
            if (required) {
                problems.push(`${key} is required; ${fix}`);
            }
            return undefined;
        }
        if (typeof value !== "string" || !valid(value)) {
            problems.push(`${key} ${JSON.stringify(value)} is invalid; ${fix}`);
            return undefined;
        }
        return value;
    };
    const instanceId = text("instanceId", (v) => ID_SHAPES.instance.test(v), "give the backed-up instance's id, e.g. i-0123456789abcdef0", true);
    const askedVault = text("vaultName", (v) => BACKUP_VAULT_NAME.test(v), "give the backup vault's name (2-50 letters, digits, - or _)");
    const vaultName = settings.defaultVaultName;
    if (vaultName === undefined) {
        problems.push("this function has no vault (DEFAULT_VAULT_NAME is not set); deploy it with SigmaRestore, which sets the stack's vault");
    } else if (askedVault !== undefined && askedVault !== vaultName) {
        // Recovery point ARNs of EC2 are AMI ARNs, which IAM cannot tie to a vault: the function itself keeps to its stack's vault.
        problems.push(`vaultName ${JSON.stringify(askedVault)} is not this stack's vault; this function restores only from ${vaultName} (omit vaultName)`);
    }
    const restoreInstanceType = text("restoreInstanceType", (v) => INSTANCE_TYPE.test(v), "give an EC2 instance type such as t3.xlarge");
    const subnetId = text("subnetId", (v) => ID_SHAPES.subnet.test(v), "give a subnet id such as subnet-0123456789abcdef0");
    const recoveryPointArn = text("recoveryPointArn", isRecoveryPointArn, "give a recovery point ARN from the vault (arn:aws:ec2:<region>::image/ami-...)");
    const requestId = text("requestId", (v) => REQUEST_ID.test(v), "give 1-64 letters, digits, '.', '_', ':' or '-' naming this restore (e.g. drill-2026-11-22)");
    let securityGroupIds: string[] | undefined;
    if (e.securityGroupIds !== undefined) {
        const groups = e.securityGroupIds;
        if (!Array.isArray(groups) || groups.length === 0 || groups.some((g) => typeof g !== "string" || !ID_SHAPES.securityGroup.test(g))) {
            problems.push(`securityGroupIds ${JSON.stringify(groups)} is invalid; give a non-empty list of sg-... ids`);
        } else {
            securityGroupIds = groups as string[];
        }
    }
    problems.push(...placementProblems(subnetId, securityGroupIds, settings, "event's"));
    if (problems.length > 0) {
        throw new RestoreInputError(`invalid restore event:\n  - ${problems.join("\n  - ")}`);
    }
    return { instanceId: instanceId!, vaultName: vaultName!, restoreInstanceType, subnetId, securityGroupIds, recoveryPointArn, requestId };
}

/**
 * Why a subnet or groups are outside the stack's network (empty: inside). The restore role refuses them too (IAM conditions
 * on RunInstances' subnet, network-interface and security-group resources); this refuses them before anything is started.
 */
export function placementProblems(subnetId: string | undefined, groups: string[] | undefined, settings: RestoreSettings, whose: string): string[] {
    const problems: string[] = [];
    if (subnetId !== undefined && !settings.allowedSubnetIds.includes(subnetId)) {
        problems.push(`subnetId ${JSON.stringify(subnetId)} (the ${whose}) is not one of this stack's subnets; restored instances land only in ${settings.allowedSubnetIds.join(", ")}`);
    }
    const allowedGroups = settings.allowedSecurityGroupIds;
    const foreign = allowedGroups === undefined ? [] : (groups ?? []).filter((g) => !allowedGroups.includes(g));
    if (foreign.length > 0) {
        problems.push(`securityGroupIds ${JSON.stringify(foreign)} (the ${whose}) are not this stack's security groups; use ${allowedGroups!.join(", ")}`);
    }
    return problems;
}

function errorName(err: unknown): string {
    const e = err as { name?: string; Code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
    return e?.name ?? e?.Code ?? "";
}

/** True for throttling and transient AWS faults (5xx, or errors the SDK marks retryable). */
export function isTransient(err: unknown): boolean {
    const e = err as { $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
    const status = e?.$metadata?.httpStatusCode ?? 0;
    return TRANSIENT.has(errorName(err)) || !!e?.$retryable || status >= 500 || status === 429;
}

/** Calls `call`, retrying transient failures with exponential backoff; other errors are thrown at once. */
export async function withRetry<T>(what: string, call: () => Promise<T>, deps: RestoreDeps): Promise<T> {
    const attempts = deps.maxAttempts ?? 5;
    const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (err) {
            if (!isTransient(err) || attempt >= attempts) {
                if (isTransient(err)) {
                    throw new Error(`${what} still failing after ${attempts} attempts: ${errorName(err)}: ${(err as Error).message}`);
                }
                throw err;
            }
            await sleep((deps.baseDelayMs ?? 500) * 2 ** (attempt - 1));
        }
    }
}

function vaultError(err: unknown, vaultName: string): Error {
    if (errorName(err) === "ResourceNotFoundException" || errorName(err) === "AccessDeniedException") {
        return new RestoreInputError(`backup vault ${JSON.stringify(vaultName)} was not found in this region (or this function may not read it): ${(err as Error).message}`);
    }
    return err as Error;
}

const ofInstance = (resourceArn: string | undefined, instanceId: string) => !!resourceArn && resourceArn.endsWith(`:instance/${instanceId}`);

/** A recovery point to restore and the instance it is a backup of. */
export interface ChosenRecoveryPoint {
    recoveryPointArn: string;
    /** The backed-up instance's ARN: its Region is the Region the metadata describes (a copy keeps the source's). */
    resourceArn: string;
}

/** The newest COMPLETED recovery point of the instance in the vault (copies from another region included). */
export async function newestRecoveryPoint(instanceId: string, vaultName: string, deps: RestoreDeps): Promise<ChosenRecoveryPoint> {
    let newest: ChosenRecoveryPoint & { created: number } | undefined;
    let nextToken: string | undefined;
    do {
        const page: ListRecoveryPointsByBackupVaultCommandOutput = await withRetry("ListRecoveryPointsByBackupVault", () => deps.client.send(
            new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vaultName, ByResourceType: "EC2", NextToken: nextToken })), deps)
            .catch((err) => { throw vaultError(err, vaultName); });
        for (const point of page.RecoveryPoints ?? []) {
            const created = point.CreationDate ? new Date(point.CreationDate).getTime() : 0;
            if (point.Status === "COMPLETED" && point.RecoveryPointArn && ofInstance(point.ResourceArn, instanceId)
                && (!newest || created > newest.created)) {
                newest = { recoveryPointArn: point.RecoveryPointArn, resourceArn: point.ResourceArn!, created };
            }
        }
        nextToken = page.NextToken;
    } while (nextToken);
    if (!newest) {
        throw new NoRecoveryPointError(`no COMPLETED recovery point of ${instanceId} in vault ${vaultName}; check the backup plan ran (AWS Backup console > Jobs) or pass recoveryPointArn`);
    }
    return { recoveryPointArn: newest.recoveryPointArn, resourceArn: newest.resourceArn };
}

/** Checks an explicitly given recovery point: in the vault, of this instance, COMPLETED. */
async function checkRecoveryPoint(arn: string, instanceId: string, vaultName: string, deps: RestoreDeps): Promise<ChosenRecoveryPoint> {
    const point = await withRetry("DescribeRecoveryPoint", () => deps.client.send(
        new DescribeRecoveryPointCommand({ BackupVaultName: vaultName, RecoveryPointArn: arn })), deps)
        .catch((err) => {
            if (errorName(err) === "ResourceNotFoundException") {
                throw new NoRecoveryPointError(`recovery point ${arn} is not in vault ${vaultName}: ${(err as Error).message}`);
            }
            throw err;
        });
    if (!ofInstance(point.ResourceArn, instanceId)) {
        throw new RestoreInputError(`recovery point ${arn} is a backup of ${point.ResourceArn}, not of ${instanceId}`);
    }
    if (point.Status !== "COMPLETED") {
        throw new NoRecoveryPointError(`recovery point ${arn} is ${point.Status}, not COMPLETED; pick another or omit recoveryPointArn for the newest`);
    }
    return { recoveryPointArn: arn, resourceArn: point.ResourceArn! };
}

/** Where the backup was taken and where it is restored: the Regions of the backed-up instance and of the recovery point. */
export interface RestoreRegions {
    source: string;
    target: string;
}

// Placement keys that name an Availability Zone, and those that name something else that lives in one Region.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Placement.html
const ZONE_PLACEMENT_KEYS = ["AvailabilityZone", "AvailabilityZoneId"];
const REGIONAL_PLACEMENT_KEYS = ["GroupName", "GroupId", "HostId", "HostResourceGroupArn", "PartitionNumber"];

/**
 * The Placement to send. A subnet lives in one Availability Zone and RunInstances launches into the subnet given
 * (API_RunInstances SubnetId), while a Placement zone other than the subnet's is refused ("Value (<az>) for parameter
 * availabilityZone is invalid. Subnet '<id>' is in the availability zone <az>"; model/ec2Restore.ts placement-zone).
 * Placement.AvailabilityZone is optional (API_Placement), so when the subnet changes the zone is dropped and the subnet
 * decides it: the handler cannot know another subnet's zone without an EC2 call. In another Region, placement groups and
 * dedicated hosts (regional) are dropped too; tenancy is kept. Undefined: send no Placement.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Placement.html
 */
export function restorePlacement(backedUp: string | undefined, subnetChanged: boolean, otherRegion: boolean): string | undefined {
    if (backedUp === undefined || (!subnetChanged && !otherRegion)) {
        return backedUp;
    }
    const placement = jsonValue<BackedUpPlacement>({ Placement: backedUp }, "Placement");
    if (!placement || typeof placement !== "object") {
        return undefined;
    }
    const dropped = [...ZONE_PLACEMENT_KEYS, ...(otherRegion ? REGIONAL_PLACEMENT_KEYS : [])];
    const kept = Object.entries(placement).filter(([key, value]) => !dropped.includes(key) && value !== null && value !== "");
    return kept.length > 0 ? JSON.stringify(Object.fromEntries(kept)) : undefined;
}

/**
 * The restore metadata: the backed-up configuration made launchable where and as asked (each rule below is one that
 * model/ec2Restore.ts enforces as AWS does):
 * - the instance profile stays the backed-up one: AWS Backup fails a job that names another (new-instance-profile);
 * - NetworkInterfaces is always dropped (it names the original ENI and IP, still in use, and EC2 refuses it next to an
 *   instance-level subnet or groups), and SubnetId and SecurityGroupIds are always sent: the override, the deployment's
 *   default, or (same Region only: subnets and groups are regional) the backed-up ones;
 * - Placement follows the subnet (restorePlacement); VpcId goes when the subnet changes;
 * - CpuOptions goes when the instance type changes (core counts are per type), and CreditSpecification when the new
 *   type is not burstable;
 * - in another Region the key pair (regional) is the deployment's DEFAULT_KEY_NAME or none;
 * - IMDSv2 stays required.
 */
export function restoreMetadata(backedUp: RestoreMetadata, event: RestoreEvent, settings: RestoreSettings, regions: RestoreRegions): RestoreMetadata {
    const metadata: RestoreMetadata = { ...backedUp };
    const otherRegion = regions.source !== regions.target;
    const primary = primaryInterface(backedUp);
    const backedUpSubnet = backedUp.SubnetId || primary?.SubnetId;
    const backedUpGroups = securityGroupIds(backedUp) ?? primary?.Groups;
    const subnetId = event.subnetId ?? settings.defaultSubnetId ?? (otherRegion ? undefined : backedUpSubnet);
    const groups = event.securityGroupIds ?? settings.defaultSecurityGroupIds ?? (otherRegion ? undefined : backedUpGroups);
    const missing = [subnetId ? undefined : "subnetId", groups && groups.length > 0 ? undefined : "securityGroupIds"].filter((m) => m !== undefined);
    if (missing.length > 0) {
        throw new RestoreInputError(otherRegion
            ? `the recovery point restores into ${regions.target} but was taken in ${regions.source}, where its subnet and security groups live; pass ${missing.join(" and ")} (or deploy the function with defaultSubnetId and defaultSecurityGroupIds)`
            : `the recovery point names no ${missing.join(" or ")}; pass ${missing.join(" and ")}`);
    }
    const outside = placementProblems(subnetId, groups, settings, event.subnetId ? "event's" : settings.defaultSubnetId ? "deployment's default" : "backed-up instance's");
    if (outside.length > 0) {
        throw new RestoreInputError(`the restore would leave this stack's network:\n  - ${outside.join("\n  - ")}\n  pass subnetId and securityGroupIds of this stack`);
    }
    delete metadata.NetworkInterfaces;
    metadata.SubnetId = subnetId!;
    metadata.SecurityGroupIds = JSON.stringify(groups);
    const subnetChanged = subnetId !== backedUpSubnet;
    if (subnetChanged || otherRegion) {
        delete metadata.VpcId;
    }
    const placement = restorePlacement(backedUp.Placement, subnetChanged, otherRegion);
    if (placement === undefined) {
        delete metadata.Placement;
    } else {
        metadata.Placement = placement;
    }
    if (event.restoreInstanceType && event.restoreInstanceType !== backedUp.InstanceType) {
        metadata.InstanceType = event.restoreInstanceType;
        delete metadata.CpuOptions;
        if (!isBurstable(event.restoreInstanceType)) {
            delete metadata.CreditSpecification;
        }
    }
    if (otherRegion) {
        if (settings.defaultKeyName) {
            metadata.KeyName = settings.defaultKeyName;
        } else {
            delete metadata.KeyName;
        }
    }
    metadata.RequireIMDSv2 = "true";
    if (metadata.MetadataOptions) {
        const options = jsonValue<Record<string, unknown>>(metadata, "MetadataOptions");
        metadata.MetadataOptions = JSON.stringify(options && typeof options === "object" ? { ...options, HttpTokens: "required" } : { HttpTokens: "required", HttpEndpoint: "enabled" });
    }
    return metadata;
}

/**
 * The StartRestoreJob idempotency token: SHA-256 (hex) of what the request means — vault, recovery point, restore role,
 * the final metadata without AWS Backup's per-read aws:backup:request-id — and the caller's requestId. The same request
 * retried (a lost response, Lambda's own retry) gets the first job back ("Retrying a successful request with the same
 * idempotency token results in a success message with no action taken"); a corrected request or a new requestId (the
 * next drill) starts a new job. https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html
 * AWS documents no length limit for this token; 64 hex characters fit the 64-character client tokens EC2 and EBS take.
 */
export function idempotencyToken(request: { vaultName: string; recoveryPointArn: string; iamRoleArn: string; metadata: RestoreMetadata; requestId?: string }): string {
    const metadata = Object.keys(request.metadata).filter((key) => key !== BACKUP_REQUEST_ID_KEY).sort()
        .map((key) => [key, request.metadata[key]]);
    const meaning = JSON.stringify([request.vaultName, request.recoveryPointArn, request.iamRoleArn, metadata, request.requestId ?? null]);
    return createHash("sha256").update(meaning).digest("hex");
}

const regionOf = (arn: string) => parseArn(arn)?.region ?? "";

/** Runs one restore: pick the recovery point, read its metadata, adapt it, start the job. */
export async function restore(event: unknown, deps: RestoreDeps): Promise<RestoreResult> {
    const request = parseRestoreEvent(event, deps.settings);
    const point = request.recoveryPointArn
        ? await checkRecoveryPoint(request.recoveryPointArn, request.instanceId, request.vaultName, deps)
        : await newestRecoveryPoint(request.instanceId, request.vaultName, deps);
    const backedUp = await withRetry("GetRecoveryPointRestoreMetadata", () => deps.client.send(
        new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: request.vaultName, RecoveryPointArn: point.recoveryPointArn })), deps);
    const metadata = restoreMetadata(backedUp.RestoreMetadata ?? {}, request, deps.settings,
        { source: regionOf(point.resourceArn), target: regionOf(point.recoveryPointArn) });
    const token = idempotencyToken({ vaultName: request.vaultName, recoveryPointArn: point.recoveryPointArn, iamRoleArn: deps.settings.restoreRoleArn, metadata, requestId: request.requestId });
    const started = await withRetry("StartRestoreJob", () => deps.client.send(new StartRestoreJobCommand({
        RecoveryPointArn: point.recoveryPointArn,
        IamRoleArn: deps.settings.restoreRoleArn,
        ResourceType: "EC2",
        Metadata: metadata,
        IdempotencyToken: token,
    })), deps);
    if (!started.RestoreJobId) {
        throw new Error(`StartRestoreJob returned no RestoreJobId for ${point.recoveryPointArn}`);
    }
    return { restoreJobId: started.RestoreJobId, recoveryPointArn: point.recoveryPointArn, idempotencyToken: token };
}

/** Reads the function's settings from its environment. */
export function settingsFromEnv(env: Record<string, string | undefined>): RestoreSettings {
    if (!env.RESTORE_ROLE_ARN) {
        throw new Error("RESTORE_ROLE_ARN is not set; deploy the function with SigmaRestore, which sets it");
    }
    if (env.DEFAULT_KEY_NAME && !KEY_PAIR_NAME.test(env.DEFAULT_KEY_NAME)) {
        throw new Error(`DEFAULT_KEY_NAME ${JSON.stringify(env.DEFAULT_KEY_NAME)} is not a key pair name; set SigmaRestore's defaultKeyName to an EC2 key pair of this region`);
    }
    const list = (value: string | undefined) => (value ?? "").split(",").map((g) => g.trim()).filter((g) => g !== "");
    const groups = list(env.DEFAULT_SECURITY_GROUP_IDS);
    const allowedSubnets = list(env.ALLOWED_SUBNET_IDS);
    const allowedGroups = list(env.ALLOWED_SECURITY_GROUP_IDS);
    const problems: string[] = [];
    if (!env.DEFAULT_VAULT_NAME) {
        problems.push("DEFAULT_VAULT_NAME is not set; the function restores only from its stack's vault");
    }
    if (allowedSubnets.length === 0 || allowedSubnets.some((id) => !ID_SHAPES.subnet.test(id))) {
        problems.push(`ALLOWED_SUBNET_IDS ${JSON.stringify(env.ALLOWED_SUBNET_IDS)} must list the stack's subnet ids (subnet-...); a restore may land nowhere else`);
    }
    if (allowedGroups.some((id) => !ID_SHAPES.securityGroup.test(id)) || (allowedGroups.length === 0 && !(env.ALLOWED_VPC_ID && ID_SHAPES.vpc.test(env.ALLOWED_VPC_ID)))) {
        problems.push(`ALLOWED_SECURITY_GROUP_IDS ${JSON.stringify(env.ALLOWED_SECURITY_GROUP_IDS)} / ALLOWED_VPC_ID ${JSON.stringify(env.ALLOWED_VPC_ID)}: set the stack's sg-... ids or its vpc-... id`);
    }
    const settings: RestoreSettings = {
        restoreRoleArn: env.RESTORE_ROLE_ARN,
        defaultVaultName: env.DEFAULT_VAULT_NAME || undefined,
        defaultSubnetId: env.DEFAULT_SUBNET_ID || undefined,
        defaultSecurityGroupIds: groups.length > 0 ? groups : undefined,
        defaultKeyName: env.DEFAULT_KEY_NAME || undefined,
        allowedSubnetIds: allowedSubnets,
        allowedSecurityGroupIds: allowedGroups.length > 0 ? allowedGroups : undefined,
        allowedVpcId: env.ALLOWED_VPC_ID || undefined,
    };
    if (problems.length === 0) {
        problems.push(...placementProblems(settings.defaultSubnetId, settings.defaultSecurityGroupIds, settings, "deployment's default"));
    }
    if (problems.length > 0) {
        throw new Error(`the restore function is misconfigured (deploy it with SigmaRestore, which sets these):\n  - ${problems.join("\n  - ")}`);
    }
    return settings;
}

let client: BackupClient | undefined;

/** The Lambda entry point. The SDK's own retries are off so the backoff above is the one policy. */
export async function handler(event: unknown): Promise<RestoreResult> {
    client ??= new BackupClient({ maxAttempts: 1 });
    return restore(event, { client, settings: settingsFromEnv(process.env) });
}
