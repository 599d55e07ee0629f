import {
    BackupClient,
    DescribeRecoveryPointCommand,
    GetRecoveryPointRestoreMetadataCommand,
    ListRecoveryPointsByBackupVaultCommand,
    ListRecoveryPointsByBackupVaultCommandOutput,
    StartRestoreJobCommand,
} from "@aws-sdk/client-backup";

/**
 * The restore Lambda (the guide's EC2RestoreLambdaFunction): restores the newest COMPLETED recovery point of an
 * instance (or the one given) from a vault into a NEW instance. It only reads recovery points and starts a restore
 * job: it never stops, modifies or terminates the original instance. Runs on the Node.js Lambda runtime, whose
 * bundled AWS SDK v3 provides @aws-sdk/client-backup.
 */

/** What the function is invoked with. */
export interface RestoreEvent {
    instanceId: string;
    vaultName?: string;
    restoreInstanceType?: string;
    subnetId?: string;
    securityGroupIds?: string[];
    recoveryPointArn?: string;
}

export interface RestoreResult {
    restoreJobId: string;
    recoveryPointArn: string;
}

/** Settings the deployment passes as environment variables. */
export interface RestoreSettings {
    /** IAMRoleForRestore: the role AWS Backup assumes to launch the restored instance. */
    restoreRoleArn: string;
    /** Vault used when the event names none. */
    defaultVaultName?: string;
    /** Instance profile the restored instance gets (Session Manager only); the backed-up one is never reused. */
    instanceProfileName?: string;
    /** Subnet and security groups used when the event names none (the DR region's, where the original ones do not exist). */
    defaultSubnetId?: string;
    defaultSecurityGroupIds?: string[];
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

const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SG_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
const VAULT_NAME = /^[A-Za-z0-9_-]{2,50}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const RECOVERY_POINT_ARN = /^arn:aws[a-z-]*:(ec2:[a-z0-9-]+::image\/ami-[0-9a-f]+|backup:[a-z0-9-]+:\d{12}:recovery-point:[A-Za-z0-9-]+)$/;

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
    const known = ["instanceId", "vaultName", "restoreInstanceType", "subnetId", "securityGroupIds", "recoveryPointArn"];
    for (const key of Object.keys(e).filter((k) => !known.includes(k))) {
        problems.push(`${key} is not a restore option; use ${known.join(", ")}`);
    }
    const text = (key: string, pattern: RegExp, fix: string, required = false) => {
        const value = e[key];
        if (value === undefined || value === null) {
            if (required) {
                problems.push(`${key} is required; ${fix}`);
            }
            return undefined;
        }
        if (typeof value !== "string" || !pattern.test(value)) {
            problems.push(`${key} ${JSON.stringify(value)} is invalid; ${fix}`);
            return undefined;
        }
        return value;
    };
    const instanceId = text("instanceId", INSTANCE_ID, "give the backed-up instance's id, e.g. i-0123456789abcdef0", true);
    const vaultName = text("vaultName", VAULT_NAME, "give the backup vault's name (2-50 letters, digits, - or _)") ?? settings.defaultVaultName;
    if (vaultName === undefined && e.vaultName === undefined) {
        problems.push("vaultName is required (this function has no default vault); give the backup vault's name");
    }
    const restoreInstanceType = text("restoreInstanceType", INSTANCE_TYPE, "give an EC2 instance type such as t3.xlarge");
    const subnetId = text("subnetId", SUBNET_ID, "give a subnet id such as subnet-0123456789abcdef0");
    const recoveryPointArn = text("recoveryPointArn", RECOVERY_POINT_ARN, "give a recovery point ARN from the vault (arn:aws:ec2:<region>::image/ami-...)");
    let securityGroupIds: string[] | undefined;
    if (e.securityGroupIds !== undefined) {
        const groups = e.securityGroupIds;
        if (!Array.isArray(groups) || groups.length === 0 || groups.some((g) => typeof g !== "string" || !SG_ID.test(g))) {
            problems.push(`securityGroupIds ${JSON.stringify(groups)} is invalid; give a non-empty list of sg-... ids`);
        } else {
            securityGroupIds = groups as string[];
        }
    }
    if (problems.length > 0) {
        throw new RestoreInputError(`invalid restore event:\n  - ${problems.join("\n  - ")}`);
    }
    return { instanceId: instanceId!, vaultName: vaultName!, restoreInstanceType, subnetId, securityGroupIds, recoveryPointArn };
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

/** The newest COMPLETED recovery point of the instance in the vault (copies from another region included). */
export async function newestRecoveryPoint(instanceId: string, vaultName: string, deps: RestoreDeps): Promise<string> {
    let newest: { arn: string; created: number } | undefined;
    let nextToken: string | undefined;
    do {
        const page: ListRecoveryPointsByBackupVaultCommandOutput = await withRetry("ListRecoveryPointsByBackupVault", () => deps.client.send(
            new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: vaultName, ByResourceType: "EC2", NextToken: nextToken })), deps)
            .catch((err) => { throw vaultError(err, vaultName); });
        for (const point of page.RecoveryPoints ?? []) {
            const created = point.CreationDate ? new Date(point.CreationDate).getTime() : 0;
            if (point.Status === "COMPLETED" && point.RecoveryPointArn && ofInstance(point.ResourceArn, instanceId)
                && (!newest || created > newest.created)) {
                newest = { arn: point.RecoveryPointArn, created };
            }
        }
        nextToken = page.NextToken;
    } while (nextToken);
    if (!newest) {
        throw new NoRecoveryPointError(`no COMPLETED recovery point of ${instanceId} in vault ${vaultName}; check the backup plan ran (AWS Backup console > Jobs) or pass recoveryPointArn`);
    }
    return newest.arn;
}

/** Checks an explicitly given recovery point: in the vault, of this instance, COMPLETED. */
async function checkRecoveryPoint(arn: string, instanceId: string, vaultName: string, deps: RestoreDeps): Promise<void> {
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
}

/**
 * The restore metadata: the backed-up configuration with the requested overrides. IMDSv2 stays required,
 * API termination stays allowed only as backed up, and the network interface list is dropped whenever the
 * subnet or security groups change, since EC2 refuses both at once.
 */
export function restoreMetadata(backedUp: Record<string, string>, event: RestoreEvent, settings: RestoreSettings): Record<string, string> {
    const metadata: Record<string, string> = { ...backedUp };
    const subnetId = event.subnetId ?? settings.defaultSubnetId;
    const securityGroupIds = event.securityGroupIds ?? settings.defaultSecurityGroupIds;
    if (event.restoreInstanceType) {
        metadata.InstanceType = event.restoreInstanceType;
    }
    if (subnetId) {
        metadata.SubnetId = subnetId;
    }
    if (securityGroupIds && securityGroupIds.length > 0) {
        metadata.SecurityGroupIds = JSON.stringify(securityGroupIds);
    }
    if (subnetId || securityGroupIds) {
        delete metadata.NetworkInterfaces;
    }
    if (settings.instanceProfileName) {
        metadata.IamInstanceProfileName = settings.instanceProfileName;
    } else {
        delete metadata.IamInstanceProfileName;
    }
    metadata.RequireIMDSv2 = "true";
    if (metadata.MetadataOptions) {
        try {
            metadata.MetadataOptions = JSON.stringify({ ...JSON.parse(metadata.MetadataOptions), HttpTokens: "required" });
        } catch {
            metadata.MetadataOptions = JSON.stringify({ HttpTokens: "required", HttpEndpoint: "enabled" });
        }
    }
    return metadata;
}

/** Runs one restore: pick the recovery point, read its metadata, override, start the job. */
export async function restore(event: unknown, deps: RestoreDeps): Promise<RestoreResult> {
    const request = parseRestoreEvent(event, deps.settings);
    const recoveryPointArn = request.recoveryPointArn ?? await newestRecoveryPoint(request.instanceId, request.vaultName, deps);
    if (request.recoveryPointArn) {
        await checkRecoveryPoint(request.recoveryPointArn, request.instanceId, request.vaultName, deps);
    }
    const backedUp = await withRetry("GetRecoveryPointRestoreMetadata", () => deps.client.send(
        new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: request.vaultName, RecoveryPointArn: recoveryPointArn })), deps);
    const started = await withRetry("StartRestoreJob", () => deps.client.send(new StartRestoreJobCommand({
        RecoveryPointArn: recoveryPointArn,
        IamRoleArn: deps.settings.restoreRoleArn,
        ResourceType: "EC2",
        Metadata: restoreMetadata(backedUp.RestoreMetadata ?? {}, request, deps.settings),
        // The same request retried (by us or by Lambda) starts one job, not two.
        IdempotencyToken: `${request.instanceId}-${recoveryPointArn.split(/[:/]/).pop()}-${request.restoreInstanceType ?? "same"}`.slice(0, 64),
    })), deps);
    if (!started.RestoreJobId) {
        throw new Error(`StartRestoreJob returned no RestoreJobId for ${recoveryPointArn}`);
    }
    return { restoreJobId: started.RestoreJobId, recoveryPointArn };
}

/** Reads the function's settings from its environment. */
export function settingsFromEnv(env: Record<string, string | undefined>): RestoreSettings {
    if (!env.RESTORE_ROLE_ARN) {
        throw new Error("RESTORE_ROLE_ARN is not set; deploy the function with SigmaRestore, which sets it");
    }
    const groups = (env.DEFAULT_SECURITY_GROUP_IDS ?? "").split(",").map((g) => g.trim()).filter((g) => g !== "");
    return {
        restoreRoleArn: env.RESTORE_ROLE_ARN,
        defaultVaultName: env.DEFAULT_VAULT_NAME || undefined,
        instanceProfileName: env.RESTORED_INSTANCE_PROFILE || undefined,
        defaultSubnetId: env.DEFAULT_SUBNET_ID || undefined,
        defaultSecurityGroupIds: groups.length > 0 ? groups : undefined,
    };
}

let client: BackupClient | undefined;

/** The Lambda entry point. The SDK's own retries are off so the backoff above is the one policy. */
export async function handler(event: unknown): Promise<RestoreResult> {
    client ??= new BackupClient({ maxAttempts: 1 });
    return restore(event, { client, settings: settingsFromEnv(process.env) });
}
