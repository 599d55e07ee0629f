import { cpuOptionsFacts, isBurstable } from "./ec2RestoreInstanceTypes";
import {
    BACKUP_REQUEST_ID_KEY, BackedUpCpuOptions, BackedUpNetworkInterface, BackedUpPlacement, jsonValue,
    RestoreMetadata, securityGroupIds, USE_BACKED_UP_VALUE,
} from "./ec2RestoreMetadata";
import { requestedHttpTokens, runInstancesRequests, RUN_INSTANCES_SOURCE } from "./ec2RestoreAuthorization";
import { evaluatePolicies, IamPolicyDocument, IamRequest } from "./iamPolicyEvaluation";

/**
 * A model of AWS Backup restoring an EC2 recovery point: the read calls the restore Lambda makes, and what
 * StartRestoreJob does with a request — refused at once, accepted with a job that completes (and the instance it
 * creates), or accepted with a job that then FAILS with AWS's status message — plus the idempotency token's semantics.
 * AWS Backup launches the instance with EC2 RunInstances under the restore role, so EC2's parameter rules decide
 * whether the job completes. Every rule names its source in RESTORE_RULES; a rule whose message text AWS does not
 * document says so (messageQuoted: false), and a rule AWS does not document at all says so (documented: false).
 */

export type RuleId = keyof typeof RESTORE_RULES;

export interface RestoreRule {
    /** Where AWS documents the behaviour (or shows it, for error texts). */
    source: string;
    /** True when the error name and message are AWS's own words; false when only the behaviour is sourced. */
    messageQuoted: boolean;
    /** False for a rule AWS does not document; the model keeps it conservative (the request fails). */
    documented: boolean;
}

export const RESTORE_RULES = {
    // StartRestoreJob: RecoveryPointArn and Metadata are required; MissingParameterValueException.
    "missing-parameter": { source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html", messageQuoted: false, documented: true },
    // Throttling is a common error of every AWS Backup action (HTTP 400).
    "throttling": { source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/CommonErrors.html", messageQuoted: false, documented: true },
    // The caller needs backup:StartRestoreJob on the recovery point and iam:PassRole for the restore role (IamRoleArn).
    "caller-access": { source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbackup.html", messageQuoted: false, documented: true },
    // A recovery point this Region's vaults do not hold: ResourceNotFoundException.
    "recovery-point-not-found": { source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html", messageQuoted: false, documented: true },
    // DescribeRestoreJob of an unknown job id: ResourceNotFoundException.
    "restore-job-not-found": { source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html", messageQuoted: false, documented: true },
    // "Retrying a successful request with the same idempotency token results in a success message with no action taken";
    // "Idempotency tokens time out after one hour" (the API reference's earlier wording, kept by the SDK docs:
    // https://metacpan.org/pod/release/JLMARTIN/Paws-0.39/lib/Paws/Backup/StartRestoreJob.pm).
    "idempotency-token": { source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html", messageQuoted: true, documented: true },
    // The Restore Job State Change FAILED example: a new instance profile fails the job with this message; restore
    // testing allows only null or UseBackedUpValue for iamInstanceProfileName.
    "new-instance-profile": { source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html", messageQuoted: true, documented: true },
    // With the original instance profile the restore role needs iam:PassRole on the profile's role; without it the job
    // fails "You are not authorized to perform this operation..." (Knowledge Center, aws-backup-encoded-authorization-failure).
    "pass-role": { source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html", messageQuoted: true, documented: true },
    // AWS Backup launches with RunInstances under the restore role: EC2 authorizes every resource the launch uses (image,
    // instance, subnet, network interface, volumes, each security group, the key pair) against the role's policies
    // (model/ec2RestoreAuthorization.ts). A refusal fails the job with the same message as a missing iam:PassRole.
    "run-instances-access": { source: RUN_INSTANCES_SOURCE, messageQuoted: true, documented: true },
    // A backed-up profile that no longer exists: EC2 refuses the profile name. The message text is EC2's usual wording, not documented.
    "instance-profile-not-found": { source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IamInstanceProfileSpecification.html", messageQuoted: false, documented: true },
    // RunInstances SubnetId: "If you specify a network interface, you must specify any subnets as part of the network
    // interface"; EC2's message as users report it (github.com/aws/aws-cli/issues/809).
    "interfaces-with-subnet": { source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html", messageQuoted: true, documented: true },
    // RunInstances SecurityGroupIds: the same for security groups (github.com/aws/aws-sdk-ruby/issues/662).
    "interfaces-with-groups": { source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html", messageQuoted: true, documented: true },
    // InvalidNetworkInterface.InUse: "The specified interface is currently in use and cannot be ... attached to another instance."
    "interface-in-use": { source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html", messageQuoted: false, documented: true },
    // InvalidIPAddress.InUse: "The specified IP address is already in use."
    "ip-in-use": { source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html", messageQuoted: false, documented: true },
    // No subnet and no default VPC: "if the default is not present ... the restore will not be successful".
    "no-default-vpc": { source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing-inferred-metadata.html", messageQuoted: false, documented: true },
    // InvalidSubnetID.NotFound: "The specified subnet does not exist." (subnets are Regional: a copy's backed-up subnet is not in the DR Region)
    "subnet-not-found": { source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html", messageQuoted: false, documented: true },
    // InvalidGroup.NotFound: "The specified security group does not exist."; a group must be in the subnet's VPC.
    "group-not-found": { source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html", messageQuoted: false, documented: true },
    // Placement.AvailabilityZone must be the subnet's zone; EC2's message as users report it (github.com/InQuicker/kaws/pull/11).
    "placement-zone": { source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Placement.html", messageQuoted: true, documented: true },
    // NOT DOCUMENTED: what AWS Backup does with a VpcId other than the subnet's. RunInstances has no VpcId parameter; the
    // model fails the job (conservative), so a request must never carry a VpcId that disagrees with its subnet.
    "vpc-mismatch": { source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ec2.html", messageQuoted: false, documented: false },
    // CPU options: both CoreCount and ThreadsPerCore, and only the valid values of the instance type.
    "cpu-options": { source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/cpu-options-supported-instances-values.html", messageQuoted: false, documented: true },
    // CPU credits only on burstable types: "InstanceCreditSpecification.NotSupported: The m5.large instance type does not
    // support T2 Unlimited." (github.com/hashicorp/terraform-provider-aws/issues/5067)
    "credit-specification": { source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances.html", messageQuoted: true, documented: true },
    // InvalidKeyPair.NotFound: "The specified key pair name does not exist." Key pairs are Regional.
    "key-pair-not-found": { source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html", messageQuoted: false, documented: true },
} as const satisfies Record<string, RestoreRule>;

/** A recovery point as a vault holds it. */
export interface ModelRecoveryPoint {
    /** arn:aws:ec2:<region>::image/ami-... for EC2. */
    recoveryPointArn: string;
    /** The backed-up instance's ARN (a copy keeps the source instance's). */
    resourceArn: string;
    status: "COMPLETED" | "PARTIAL" | "DELETING" | "EXPIRED" | "AVAILABLE" | "STOPPED" | "CREATING";
    creationDate: string;
    /** What GetRecoveryPointRestoreMetadata returns for it (a test/fixtures/restoreMetadata/ key set). */
    restoreMetadata: RestoreMetadata;
}

/** What exists in the account and Region a restore runs in. */
export interface Ec2RestoreRegion {
    partition: string;
    account: string;
    region: string;
    /** Vault name -> its recovery points. */
    vaults: Record<string, ModelRecoveryPoint[]>;
    /** Subnet id -> its VPC and Availability Zone. */
    subnets: Record<string, { vpcId: string; availabilityZone: string }>;
    /** Security group id -> its VPC. */
    securityGroups: Record<string, { vpcId: string }>;
    /** The default VPC's subnet a launch without a subnet lands in; undefined when the account has no default VPC here. */
    defaultSubnetId?: string;
    keyPairs: string[];
    /** ENIs and private IPv4 addresses in use (the original instance's, while it runs). */
    networkInterfacesInUse: string[];
    privateIpsInUse: string[];
    /** Instance profile name -> the ARN of the role in it. IAM is global: the same in every Region. */
    instanceProfiles: Record<string, { roleArn: string }>;
    /** Restore role ARN -> its permission policies. */
    restoreRoles: Record<string, IamPolicyDocument[]>;
    /** The permission policies of whoever calls StartRestoreJob (the restore Lambda's role). */
    callerPolicies: IamPolicyDocument[];
}

/** StartRestoreJob's request, as the SDK sends it. */
export interface StartRestoreJobRequest {
    RecoveryPointArn?: string;
    Metadata?: Record<string, string>;
    IamRoleArn?: string;
    IdempotencyToken?: string;
    ResourceType?: string;
}

export interface ModelError {
    name: string;
    message: string;
    rule: RuleId;
    /** For run-instances-access: the resource ARN the restore role may not use (AWS encodes it in the message; the model names it). */
    deniedResource?: string;
}

/** The instance a COMPLETED job created. */
export interface RestoredInstance {
    instanceId: string;
    instanceArn: string;
    instanceType: string;
    subnetId: string;
    vpcId: string;
    availabilityZone: string;
    securityGroupIds: string[];
    keyName?: string;
    iamInstanceProfileName?: string;
    /** "required" is IMDSv2 only. */
    httpTokens: "required" | "optional";
}

export interface RestoreJob {
    restoreJobId: string;
    recoveryPointArn: string;
    iamRoleArn: string;
    idempotencyToken?: string;
    createdAt: number;
    status: "COMPLETED" | "FAILED";
    statusMessage?: string;
    failedRule?: RuleId;
    /** For run-instances-access: the resource the restore role may not use. */
    deniedResource?: string;
    createdInstance?: RestoredInstance;
    /** The metadata as sent. */
    metadata: RestoreMetadata;
}

export type StartRestoreJobAnswer =
    | { outcome: "refused"; error: ModelError }
    | { outcome: "accepted" | "accepted-then-failed"; restoreJobId: string; newJob: boolean; job: RestoreJob };

export type ReadAnswer<T> = { ok: true; value: T } | { ok: false; error: ModelError };

// "Idempotency tokens time out after one hour" (see the idempotency-token rule).
export const IDEMPOTENCY_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

// The Knowledge Center's wording of the restore role's missing iam:PassRole.
// https://repost.aws/knowledge-center/aws-backup-encoded-authorization-failure
export const NOT_AUTHORIZED_MESSAGE = "You are not authorized to perform this operation. Please consult the permissions associated with your AWS Backup role(s), and refer to the AWS Backup documentation for more details.";
// The Restore Job State Change FAILED example. https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
export const NEW_INSTANCE_PROFILE_MESSAGE = "AWS Backup does not permit attaching a new instance profile to an EC2 instance. Please restore using the backed up instance profile.";

const fail = (rule: RuleId, name: string, message: string): ModelError => ({ rule, name, message });

/** AWS Backup and EC2 in one account and Region, as the restore handler sees them. */
export class BackupEc2RestoreModel {
    readonly jobs: RestoreJob[] = [];
    private readonly tokens = new Map<string, { restoreJobId: string; at: number }>();
    private throttledCalls = 0;
    private metadataReads = 0;

    constructor(readonly world: Ec2RestoreRegion, private readonly clock: () => number = () => 0) {}

    /** The next `count` calls (any action) are throttled. */
    throttleNext(count: number): void {
        this.throttledCalls = count;
    }

    /** ListRecoveryPointsByBackupVault (EC2 only, one page). https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html */
    listRecoveryPointsByBackupVault(vaultName: string): ReadAnswer<ModelRecoveryPoint[]> {
        const refused = this.throttled() ?? this.unknownVault(vaultName);
        return refused ? { ok: false, error: refused } : { ok: true, value: this.world.vaults[vaultName] };
    }

    /** DescribeRecoveryPoint. https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRecoveryPoint.html */
    describeRecoveryPoint(vaultName: string, recoveryPointArn: string): ReadAnswer<ModelRecoveryPoint> {
        const refused = this.throttled() ?? this.unknownVault(vaultName);
        if (refused) {
            return { ok: false, error: refused };
        }
        const point = this.world.vaults[vaultName].find((p) => p.recoveryPointArn === recoveryPointArn);
        return point ? { ok: true, value: point }
            : { ok: false, error: fail("recovery-point-not-found", "ResourceNotFoundException", `Recovery point ${recoveryPointArn} not found in backup vault ${vaultName}`) };
    }

    /** GetRecoveryPointRestoreMetadata: the backed-up key set, with a new aws:backup:request-id on every read. */
    getRecoveryPointRestoreMetadata(vaultName: string, recoveryPointArn: string): ReadAnswer<RestoreMetadata> {
        const point = this.describeRecoveryPoint(vaultName, recoveryPointArn);
        if (!point.ok) {
            return point;
        }
        this.metadataReads += 1;
        const metadata = { ...point.value.restoreMetadata };
        if (BACKUP_REQUEST_ID_KEY in metadata) {
            metadata[BACKUP_REQUEST_ID_KEY] = uuidLike(this.metadataReads, 0x7ac9);
        }
        return { ok: true, value: metadata };
    }

    /** StartRestoreJob, and what the job then does. */
    startRestoreJob(request: StartRestoreJobRequest): StartRestoreJobAnswer {
        const now = this.clock();
        const refused = this.throttled() ?? this.missingParameter(request) ?? this.callerDenied(request);
        if (refused) {
            return { outcome: "refused", error: refused };
        }
        const token = request.IdempotencyToken;
        const earlier = token !== undefined ? this.tokens.get(token) : undefined;
        if (earlier && now - earlier.at < IDEMPOTENCY_TOKEN_LIFETIME_MS) {
            const job = this.jobs.find((j) => j.restoreJobId === earlier.restoreJobId)!;
            return { outcome: job.status === "COMPLETED" ? "accepted" : "accepted-then-failed", restoreJobId: job.restoreJobId, newJob: false, job };
        }
        const point = this.findRecoveryPoint(request.RecoveryPointArn!);
        if (!point) {
            return { outcome: "refused", error: fail("recovery-point-not-found", "ResourceNotFoundException", `Recovery point ${request.RecoveryPointArn} not found`) };
        }
        const job = this.runJob(request, point, now);
        this.jobs.push(job);
        if (token !== undefined) {
            this.tokens.set(token, { restoreJobId: job.restoreJobId, at: now });
        }
        return { outcome: job.status === "COMPLETED" ? "accepted" : "accepted-then-failed", restoreJobId: job.restoreJobId, newJob: true, job };
    }

    /** DescribeRestoreJob's view of a job. https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DescribeRestoreJob.html */
    describeRestoreJob(restoreJobId: string): ReadAnswer<{ RestoreJobId: string; Status: string; StatusMessage?: string; CreatedResourceArn?: string; RecoveryPointArn: string; IamRoleArn: string; ResourceType: string }> {
        const refused = this.throttled();
        const job = this.jobs.find((j) => j.restoreJobId === restoreJobId);
        if (refused || !job) {
            return { ok: false, error: refused ?? fail("restore-job-not-found", "ResourceNotFoundException", `Restore job ${restoreJobId} not found`) };
        }
        return {
            ok: true,
            value: {
                RestoreJobId: job.restoreJobId, Status: job.status, StatusMessage: job.statusMessage,
                CreatedResourceArn: job.createdInstance?.instanceArn, RecoveryPointArn: job.recoveryPointArn, IamRoleArn: job.iamRoleArn, ResourceType: "EC2",
            },
        };
    }

    /**
     * The Restore Job State Change event AWS Backup sends for a finished job, shaped like the guide's COMPLETED and
     * FAILED examples (detail.status, not detail.state). https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html
     */
    restoreJobStateChangeEvent(restoreJobId: string): Record<string, unknown> {
        const job = this.jobs.find((j) => j.restoreJobId === restoreJobId);
        if (!job) {
            throw new Error(`no restore job ${restoreJobId}`);
        }
        const detail: Record<string, unknown> = {
            restoreJobId: job.restoreJobId,
            recoveryPointArn: job.recoveryPointArn,
            creationDate: new Date(job.createdAt).toISOString(),
            iamRoleArn: job.iamRoleArn,
            percentDone: 0,
            resourceType: "EC2",
            status: job.status,
        };
        if (job.statusMessage !== undefined) {
            detail.statusMessage = job.statusMessage;
        }
        if (job.createdInstance) {
            detail.createdResourceArn = job.createdInstance.instanceArn;
        }
        return {
            version: "0", id: uuidLike(this.jobs.indexOf(job) + 1, 0xab32).toLowerCase(), "detail-type": "Restore Job State Change", source: "aws.backup",
            account: this.world.account, time: new Date(job.createdAt).toISOString().replace(/\.\d{3}Z$/, "Z"), region: this.world.region,
            resources: [job.recoveryPointArn], detail,
        };
    }

    private throttled(): ModelError | undefined {
        if (this.throttledCalls > 0) {
            this.throttledCalls -= 1;
            return fail("throttling", "ThrottlingException", "Rate exceeded");
        }
        return undefined;
    }

    private unknownVault(vaultName: string): ModelError | undefined {
        return Object.hasOwn(this.world.vaults, vaultName) ? undefined
            : fail("recovery-point-not-found", "ResourceNotFoundException", `Backup vault ${vaultName} does not exist`);
    }

    private missingParameter(request: StartRestoreJobRequest): ModelError | undefined {
        const missing = (["RecoveryPointArn", "Metadata"] as const).filter((key) => request[key] === undefined);
        return missing.length > 0 ? fail("missing-parameter", "MissingParameterValueException", `Missing required parameter: ${missing.join(", ")}`) : undefined;
    }

    private callerDenied(request: StartRestoreJobRequest): ModelError | undefined {
        const caller = this.world.callerPolicies;
        const denied = (action: string, resource: string, context?: IamRequest["context"]) =>
            evaluatePolicies(caller, { action, resource, context }) !== "allow" ? `is not authorized to perform: ${action} on resource: ${resource}` : undefined;
        const reason = denied("backup:StartRestoreJob", request.RecoveryPointArn!)
            ?? (request.IamRoleArn !== undefined ? denied("iam:PassRole", request.IamRoleArn, { "iam:PassedToService": "backup.amazonaws.com" }) : undefined);
        return reason ? fail("caller-access", "AccessDeniedException", `The restore function's role ${reason}`) : undefined;
    }

    private findRecoveryPoint(arn: string): ModelRecoveryPoint | undefined {
        return Object.values(this.world.vaults).flat().find((p) => p.recoveryPointArn === arn);
    }

    private runJob(request: StartRestoreJobRequest, point: ModelRecoveryPoint, now: number): RestoreJob {
        const number = this.jobs.length + 1;
        const iamRoleArn = request.IamRoleArn ?? `arn:${this.world.partition}:iam::${this.world.account}:role/service-role/AWSBackupDefaultServiceRole`;
        const metadata = { ...request.Metadata! };
        const base = { restoreJobId: uuidLike(number, 0x1b23), recoveryPointArn: point.recoveryPointArn, iamRoleArn, idempotencyToken: request.IdempotencyToken, createdAt: now, metadata };
        const launched = launch(this.world, metadata, point, iamRoleArn, number);
        return "rule" in launched
            ? { ...base, status: "FAILED", statusMessage: launched.message, failedRule: launched.rule, ...(launched.deniedResource ? { deniedResource: launched.deniedResource } : {}) }
            : { ...base, status: "COMPLETED", createdInstance: launched };
    }
}

/** What the job's RunInstances does with the metadata: the created instance, or the first rule it breaks. */
function launch(world: Ec2RestoreRegion, metadata: RestoreMetadata, point: ModelRecoveryPoint, iamRoleArn: string, number: number): RestoredInstance | ModelError {
    const profile = instanceProfile(world, metadata, point.restoreMetadata, iamRoleArn);
    if (profile !== undefined && typeof profile !== "string") {
        return profile;
    }
    const network = networkPlacement(world, metadata);
    if ("rule" in network) {
        return network;
    }
    const instanceType = metadata.InstanceType ?? point.restoreMetadata.InstanceType;
    const instanceId = `i-${number.toString(16).padStart(17, "0")}`;
    const denied = runInstancesDenied(world, iamRoleArn, {
        partition: world.partition, account: world.account, region: world.region, instanceId, instanceType, imageArn: point.recoveryPointArn,
        ...network, keyName: metadata.KeyName || undefined, httpTokens: requestedHttpTokens(metadata),
    });
    const problem = denied ?? cpuOptionsProblem(metadata, instanceType) ?? creditProblem(metadata, instanceType) ?? keyPairProblem(world, metadata);
    if (problem) {
        return problem;
    }
    return {
        instanceId,
        instanceArn: `arn:${world.partition}:ec2:${world.region}:${world.account}:instance/${instanceId}`,
        instanceType,
        ...network,
        keyName: metadata.KeyName || undefined,
        iamInstanceProfileName: profile,
        httpTokens: httpTokens(metadata),
    };
}

/** The first RunInstances resource the restore role may not use (model/ec2RestoreAuthorization.ts), as the job's failure. */
function runInstancesDenied(world: Ec2RestoreRegion, iamRoleArn: string, launch: Parameters<typeof runInstancesRequests>[0]): ModelError | undefined {
    const policies = world.restoreRoles[iamRoleArn] ?? [];
    const refused = runInstancesRequests(launch).find((request) => evaluatePolicies(policies, request) !== "allow");
    return refused ? { ...fail("run-instances-access", "FAILED", NOT_AUTHORIZED_MESSAGE), deniedResource: refused.resource } : undefined;
}

/** The profile the instance gets (undefined: none), or why the job fails. */
function instanceProfile(world: Ec2RestoreRegion, metadata: RestoreMetadata, backedUp: RestoreMetadata, iamRoleArn: string): string | ModelError | undefined {
    const asked = metadata.IamInstanceProfileName;
    const original = backedUp.IamInstanceProfileName || undefined;
    if (asked === undefined || asked === "") {
        return undefined;
    }
    if (asked !== USE_BACKED_UP_VALUE && asked !== original) {
        return fail("new-instance-profile", "FAILED", NEW_INSTANCE_PROFILE_MESSAGE);
    }
    if (original === undefined) {
        return undefined;
    }
    const found = world.instanceProfiles[original];
    if (!found) {
        return fail("instance-profile-not-found", "InvalidParameterValue", `Value (${original}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name`);
    }
    // AWS Backup passes the profile's role to EC2 under the restore role: iam:PassRole, iam:PassedToService ec2.amazonaws.com.
    const allowed = evaluatePolicies(world.restoreRoles[iamRoleArn] ?? [], { action: "iam:PassRole", resource: found.roleArn, context: { "iam:PassedToService": "ec2.amazonaws.com" } }) === "allow";
    return allowed ? original : fail("pass-role", "FAILED", NOT_AUTHORIZED_MESSAGE);
}

/** Where the instance lands, or why RunInstances refuses the network settings. */
function networkPlacement(world: Ec2RestoreRegion, metadata: RestoreMetadata): Pick<RestoredInstance, "subnetId" | "vpcId" | "availabilityZone" | "securityGroupIds"> | ModelError {
    const interfaces = jsonValue<BackedUpNetworkInterface[]>(metadata, "NetworkInterfaces");
    const topGroups = securityGroupIds(metadata) ?? [];
    let subnetId = metadata.SubnetId || undefined;
    let groups = topGroups;
    if (Array.isArray(interfaces) && interfaces.length > 0) {
        if (subnetId !== undefined) {
            return fail("interfaces-with-subnet", "InvalidParameterCombination", "Network interfaces and an instance-level subnet ID may not be specified on the same request");
        }
        if (topGroups.length > 0) {
            return fail("interfaces-with-groups", "InvalidParameterCombination", "Network interfaces and an instance-level security groups may not be specified on the same request");
        }
        const primary = interfaces.find((eni) => (eni.DeviceIndex ?? 0) === 0) ?? interfaces[0];
        if (primary.NetworkInterfaceId && world.networkInterfacesInUse.includes(primary.NetworkInterfaceId)) {
            return fail("interface-in-use", "InvalidNetworkInterface.InUse", `Interface: [${primary.NetworkInterfaceId}] in use.`);
        }
        const ips = [primary.PrivateIpAddress, ...(primary.PrivateIpAddresses ?? []).map((a) => a.PrivateIpAddress)].filter((ip): ip is string => !!ip);
        const taken = ips.find((ip) => world.privateIpsInUse.includes(ip));
        if (taken) {
            return fail("ip-in-use", "InvalidIPAddress.InUse", `Address ${taken} is in use.`);
        }
        subnetId = primary.SubnetId;
        groups = primary.Groups ?? [];
    }
    if (subnetId === undefined) {
        if (world.defaultSubnetId === undefined) {
            return fail("no-default-vpc", "VPCIdNotSpecified", "No default VPC for this user");
        }
        subnetId = world.defaultSubnetId;
    }
    const subnet = world.subnets[subnetId];
    if (!subnet) {
        return fail("subnet-not-found", "InvalidSubnetID.NotFound", `The subnet ID '${subnetId}' does not exist`);
    }
    for (const group of groups) {
        const found = world.securityGroups[group];
        if (!found) {
            return fail("group-not-found", "InvalidGroup.NotFound", `The security group '${group}' does not exist in VPC '${subnet.vpcId}'`);
        }
        if (found.vpcId !== subnet.vpcId) {
            return fail("group-not-found", "InvalidParameter", `Security group ${group} and subnet ${subnetId} belong to different networks.`);
        }
    }
    const zone = jsonValue<BackedUpPlacement>(metadata, "Placement")?.AvailabilityZone;
    if (zone && zone !== subnet.availabilityZone) {
        return fail("placement-zone", "InvalidParameterValue", `Value (${zone}) for parameter availabilityZone is invalid. Subnet '${subnetId}' is in the availability zone ${subnet.availabilityZone}`);
    }
    if (metadata.VpcId && metadata.VpcId !== subnet.vpcId) {
        return fail("vpc-mismatch", "FAILED", `VpcId ${metadata.VpcId} is not the VPC of subnet ${subnetId} (${subnet.vpcId}) [model: AWS does not document this case]`);
    }
    return { subnetId, vpcId: subnet.vpcId, availabilityZone: subnet.availabilityZone, securityGroupIds: groups };
}

function cpuOptionsProblem(metadata: RestoreMetadata, instanceType: string): ModelError | undefined {
    const cpu = jsonValue<BackedUpCpuOptions>(metadata, "CpuOptions");
    if (!cpu || (cpu.CoreCount === undefined && cpu.ThreadsPerCore === undefined)) {
        return undefined;
    }
    if (cpu.CoreCount === undefined || cpu.ThreadsPerCore === undefined) {
        return fail("cpu-options", "MissingParameter", "When specifying CpuOptions you must specify both CoreCount and ThreadsPerCore.");
    }
    const facts = cpuOptionsFacts(instanceType);
    if (!facts) {
        return fail("cpu-options", "InvalidParameterValue", `CPU options are not supported for instance type ${instanceType}`);
    }
    if (!facts.validCores.includes(cpu.CoreCount) || !facts.validThreadsPerCore.includes(cpu.ThreadsPerCore)) {
        return fail("cpu-options", "InvalidParameterValue", `CoreCount ${cpu.CoreCount} with ThreadsPerCore ${cpu.ThreadsPerCore} is not valid for instance type ${instanceType}; valid core counts: ${facts.validCores.join(", ")}`);
    }
    return undefined;
}

function creditProblem(metadata: RestoreMetadata, instanceType: string): ModelError | undefined {
    const credits = jsonValue<{ CpuCredits?: string }>(metadata, "CreditSpecification")?.CpuCredits;
    return credits && !isBurstable(instanceType)
        ? fail("credit-specification", "InstanceCreditSpecification.NotSupported", `The ${instanceType} instance type does not support T2 Unlimited.`)
        : undefined;
}

function keyPairProblem(world: Ec2RestoreRegion, metadata: RestoreMetadata): ModelError | undefined {
    const keyName = metadata.KeyName;
    return keyName && !world.keyPairs.includes(keyName)
        ? fail("key-pair-not-found", "InvalidKeyPair.NotFound", `The key pair '${keyName}' does not exist`)
        : undefined;
}

// RequireIMDSv2 (requireImdsV2 in restore testing) or MetadataOptions.HttpTokens; RunInstances' HttpTokens otherwise
// defaults to optional unless the AMI asks for v2 (not modelled).
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMetadataOptionsRequest.html
function httpTokens(metadata: RestoreMetadata): "required" | "optional" {
    return requestedHttpTokens(metadata) === "required" ? "required" : "optional";
}

/** A fixed-shape id like AWS's job ids (1B234A56-789B-01CD-2A34-4567A08901FD), from a counter: deterministic in tests. */
function uuidLike(number: number, salt: number): string {
    const hex = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, "0");
    return `${hex(salt, 4)}${hex(number, 4)}-0000-4000-8000-${hex(number, 12)}`;
}
