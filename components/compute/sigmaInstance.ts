import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isId, isKmsAliasArn, isKmsKeyArn, KEY_PAIR_NAME, KMS_KEY_ARN_EXAMPLE } from "../../model/ids";
import { DEFAULT_INSTANCE_TYPE, instanceTypeProblem } from "../../model/instanceTypes";
import { agentParameterNameProblem, cloudWatchAgentBootScript, cloudWatchAgentPolicy } from "../shared/cloudWatchAgent";
import { isIamPath, IAM_PATH_MAX_LENGTH, USER_DATA_MAX_BYTES } from "../../model/ec2Instance";
import { BACKUP_TAG_KEY, BACKUP_TAG_VALUE, DATA_MOUNT_PATH, DEFAULT_INSTANCE_ROLE_PATH, SIGMA_APP_PORT, STACK_SCOPE_TAG_KEY, stackScopeTagValue } from "../shared/constants";
import { ec2TrustPolicy, sessionManagerPolicy } from "../shared/iam";
import { accountScope } from "../shared/accountScope";
import { componentTags } from "../shared/tags";
import { ArgProblems, awsIdProblem, knownValue, show, tagProblems } from "../shared/validation";
import { sigmaUserData } from "./userData";

export const INSTANCE_DEFAULTS = {
    instanceType: DEFAULT_INSTANCE_TYPE,
    /** The guide's default data volume (6.1: 100 GB gp3) and its stated minimum (2.3). */
    dataVolumeGiB: 100,
    minDataVolumeGiB: 100,
    /** gp3's largest size. */
    maxDataVolumeGiB: 16384,
    dataVolumeDeviceName: "/dev/sdf",
    /** MySQL's data directory on the AMI (guide 4.7). */
    dataMountPath: DATA_MOUNT_PATH,
    detailedMonitoring: true,
    terminationProtection: false,
    associatePublicIpAddress: false,
    backup: true,
    /** Two consecutive failed one-minute system checks trigger EC2 auto-recovery. */
    recoveryEvaluationPeriods: 2,
    /** IAM path of the instance role and profile; stacks pass `/sigma/<project>/`. */
    rolePath: DEFAULT_INSTANCE_ROLE_PATH,
    applyUserDataChanges: false,
};

export interface SigmaInstanceArgs {
    /** Subnet to launch in (`subnet-...`); the data volume is created in its Availability Zone. */
    subnetId: pulumi.Input<string>;
    /** Security groups for the instance (e.g. the APP and DB groups of SigmaSecurityGroups). */
    securityGroupIds: pulumi.Input<string>[];
    /** The Sigma APP&DB AMI id (`ami-...`); give this or amiOwner + amiNameFilter. Changing it replaces the instance. */
    amiId?: string;
    /** Owner account (or alias) of the AMI to look up when amiId is not given. */
    amiOwner?: string;
    /** Name filter (wildcards allowed) of the AMI to look up; the newest match at creation is used and then kept (a newer image replaces nothing). */
    amiNameFilter?: string;
    /** EC2 instance type; one of SUPPORTED_INSTANCE_TYPES (default t3.xlarge). @default "t3.xlarge" */
    instanceType?: string;
    /** Root volume size in GiB; the AMI's size when unset. */
    rootVolumeGiB?: number;
    /** Size of the separate encrypted gp3 data volume in GiB (default and minimum 100). @default 100 */
    dataVolumeGiB?: number;
    /** Device name the data volume attaches as (/dev/sdf../dev/sdp). @default "/dev/sdf" */
    dataVolumeDeviceName?: string;
    /** Customer-managed KMS key ARN for the root and data volumes; the account's EBS default key when unset. */
    kmsKeyArn?: pulumi.Input<string>;
    /** Existing EC2 key pair for SSH; unset by default since Session Manager is the way in. */
    keyName?: string;
    /** Give the instance a public IPv4 address (default false). @default false */
    associatePublicIpAddress?: boolean;
    /** Refuse API termination (default false; prod stacks turn it on). @default false */
    terminationProtection?: boolean;
    /** One-minute CloudWatch metrics (default true). @default true */
    detailedMonitoring?: boolean;
    /** Tag the instance for the Sigma backup selection (default true). @default true */
    backup?: boolean;
    /**
     * The stack scope tag's value on the instance and its volumes (default `<project>/<stack>` of the running Pulumi stack):
     * SigmaBackupPlan and restore select and act only on instances of their own scope.
     */
    stackScope?: string;
    /** Keep the data volume when the stack is destroyed (retainOnDelete) and protect it from deletion. */
    protectData?: boolean;
    /** Extra shell appended to the boot script (its output also goes to /var/log/userdata.log). */
    extraUserData?: string;
    /** Send a changed boot script to AWS in this deployment (default false: user data is ignored after creation, replacements included; see docs/compute.md). @default false */
    applyUserDataChanges?: boolean;
    /** IAM path of the instance role and profile (default "/sigma/"; stacks pass "/sigma/<project>/"); changing it replaces both, not the instance. @default "/sigma/" */
    rolePath?: string;
    /** Managed policy ARNs attached to the instance role besides Session Manager's permissions. */
    extraRolePolicyArns?: pulumi.Input<string>[];
    /** SNS topic notified when auto-recovery triggers (besides the recover action). */
    alarmTopicArn?: pulumi.Input<string>;
    /** Extra tags for every resource of the instance. */
    tags?: Record<string, string>;
    /** SSM parameter holding a CloudWatch agent config (SigmaMonitoring's): the agent is installed at boot and may read it. */
    cloudWatchAgentConfigParameter?: string;
}

const DATA_DEVICE = /^\/dev\/(sd|xvd)[f-p]$/;

/** Validates SigmaInstance args; throws one error listing every problem. */
export function validateInstanceArgs(name: string, args: SigmaInstanceArgs): void {
    const problems = new ArgProblems("SigmaInstance", name);
    problems.add(awsIdProblem("subnetId", "subnet", args.subnetId));
    if (!Array.isArray(args.securityGroupIds) || args.securityGroupIds.length === 0) {
        problems.add(`securityGroupIds ${show(args.securityGroupIds)} must list at least one security group; pass SigmaSecurityGroups' ids`);
    } else {
        args.securityGroupIds.forEach((id, i) => problems.add(awsIdProblem(`securityGroupIds[${i}]`, "sg", id)));
    }
    const lookup = args.amiOwner !== undefined || args.amiNameFilter !== undefined;
    if (args.amiId !== undefined && lookup) {
        problems.add(`amiId ${show(args.amiId)} and an AMI lookup (amiOwner/amiNameFilter) are both set; give only one`);
    } else if (args.amiId !== undefined) {
        problems.check(isId("ami", args.amiId), `amiId ${show(args.amiId)} is not an AMI id; use the form ami-0123456789abcdef0`);
    } else if (lookup) {
        problems.check(!!args.amiOwner, `amiOwner ${show(args.amiOwner)} is required with amiNameFilter; give the AMI owner's account id or alias`);
        problems.check(!!args.amiNameFilter, `amiNameFilter ${show(args.amiNameFilter)} is required with amiOwner; e.g. "sigma-app-db-*"`);
    } else {
        problems.add("amiId is missing; give the Sigma AMI id, or amiOwner + amiNameFilter to look it up");
    }
    problems.add(instanceTypeProblem("instanceType", args.instanceType ?? INSTANCE_DEFAULTS.instanceType));
    const data = args.dataVolumeGiB ?? INSTANCE_DEFAULTS.dataVolumeGiB;
    problems.check(Number.isInteger(data) && data >= INSTANCE_DEFAULTS.minDataVolumeGiB && data <= INSTANCE_DEFAULTS.maxDataVolumeGiB,
        `dataVolumeGiB ${show(args.dataVolumeGiB)} must be a whole number from ${INSTANCE_DEFAULTS.minDataVolumeGiB} (the guide's minimum) to ${INSTANCE_DEFAULTS.maxDataVolumeGiB}`);
    if (args.rootVolumeGiB !== undefined) {
        problems.check(Number.isInteger(args.rootVolumeGiB) && args.rootVolumeGiB >= 8 && args.rootVolumeGiB <= 16384,
            `rootVolumeGiB ${show(args.rootVolumeGiB)} must be a whole number from 8 to 16384, or unset to use the AMI's size`);
    }
    const device = args.dataVolumeDeviceName ?? INSTANCE_DEFAULTS.dataVolumeDeviceName;
    problems.check(DATA_DEVICE.test(device),
        `dataVolumeDeviceName ${show(args.dataVolumeDeviceName)} is not a data device name; use /dev/sdf to /dev/sdp`);
    const kms = knownValue(args.kmsKeyArn);
    if (kms !== undefined) {
        problems.check(isKmsKeyArn(kms), `kmsKeyArn ${show(kms)} is not a KMS key ARN${isKmsAliasArn(kms) ? " (an alias ARN: the instance would be replaced on every update, as EC2 reads the key ARN back)" : ""}; use the key ARN, e.g. ${KMS_KEY_ARN_EXAMPLE}`);
    }
    if (args.keyName !== undefined) {
        problems.check(KEY_PAIR_NAME.test(args.keyName), `keyName ${show(args.keyName)} is not a key pair name; give an existing EC2 key pair's name or leave it unset`);
    }
    problems.addAll(tagProblems("tags", args.tags));
    if (args.cloudWatchAgentConfigParameter !== undefined) {
        problems.add(agentParameterNameProblem("cloudWatchAgentConfigParameter", args.cloudWatchAgentConfigParameter));
    }
    if (args.rolePath !== undefined) {
        problems.add(rolePathProblem("rolePath", args.rolePath));
    }
    if (args.stackScope !== undefined) {
        problems.check(typeof args.stackScope === "string" && /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u.test(args.stackScope),
            `stackScope ${show(args.stackScope)} must be a tag value (1-256 letters, digits, spaces or _ . : / = + - @), e.g. "sigma/prod"`);
    }
    const bytes = Buffer.byteLength(instanceUserData(args), "utf8");
    problems.check(bytes <= USER_DATA_MAX_BYTES,
        `extraUserData (${Buffer.byteLength(args.extraUserData ?? "", "utf8")} bytes) makes the boot script ${bytes} bytes; EC2 takes at most ${USER_DATA_MAX_BYTES}: move the extra setup into a file the script downloads`);
    problems.throwIfAny();
}

/** The rendered boot script: the data volume step, then the CloudWatch agent (so its metrics report even when the volume is missing), then extraUserData. */
export function instanceUserData(args: Pick<SigmaInstanceArgs, "cloudWatchAgentConfigParameter" | "extraUserData">): string {
    const agent = args.cloudWatchAgentConfigParameter !== undefined ? cloudWatchAgentBootScript(args.cloudWatchAgentConfigParameter) : undefined;
    return sigmaUserData({ dataMountPath: INSTANCE_DEFAULTS.dataMountPath, extraScript: [agent, args.extraUserData].filter(Boolean).join("\n") || undefined });
}

/**
 * Why `path` cannot be the instance role's path, or undefined when it can: IAM's path rule (model/ec2Instance), and no
 * `*` or `?`, which are wildcards in the role ARNs a restore role's iam:PassRole statement names by this path.
 */
export function rolePathProblem(arg: string, path: unknown): string | undefined {
    if (!isIamPath(path)) {
        return `${arg} ${show(path)} is not an IAM path; it must start and end with "/", hold only printable ASCII without spaces and be at most ${IAM_PATH_MAX_LENGTH} characters, e.g. "/sigma/prod/"`;
    }
    if (/[*?]/.test(path)) {
        return `${arg} ${show(path)} contains a wildcard character (* or ?), which IAM policies would expand when they name the role by path; use letters, digits, "-" and "/", e.g. "/sigma/prod/"`;
    }
    return undefined;
}

/**
 * The instance's ignoreChanges (what they do: model/ec2Instance planInstanceUpdate).
 * userData: the provider applies a user data change by stopping and starting the instance, and EC2 does not run the
 * new script at that start, so the change is ignored after creation unless the caller asks for it.
 * ami: an AMI found by lookup is pinned to the image the instance was created from, so a newer image replaces
 * nothing; an explicit amiId is not pinned, so changing it is the deliberate way to replace the instance.
 * Pulumi sends ignored values from the state also when the instance is replaced for another reason.
 */
// terraform-provider-aws internal/service/ec2/ec2_instance.go resourceInstanceUpdate (user_data: stop, modify, start; ami ForceNew)
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html (changed user data is not run at start)
// https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/
export function instanceIgnoreChanges(options: { amiFromLookup: boolean; applyUserDataChanges: boolean }): string[] {
    return [...(options.applyUserDataChanges ? [] : ["userData"]), ...(options.amiFromLookup ? ["ami"] : [])];
}

/**
 * One Sigma APP&DB EC2 instance: IMDSv2 only, encrypted gp3 root, a separate encrypted gp3 data volume
 * that outlives the instance, a Session-Manager-only instance role, detailed monitoring and EC2
 * auto-recovery, tagged for the Sigma backup selection.
 *
 * Changes after creation (docs/compute.md): the boot script runs once, at first boot, and MySQL runs only with the
 * data volume mounted. A user data edit is ignored for the existing instance (no stop/start for a script EC2 would not
 * run again) unless `applyUserDataChanges` is set; an AMI found by lookup stays the one the instance was created from;
 * replacing the instance is the explicit step of setting `amiId`, after which the data volume moves to the new instance.
 */
export class SigmaInstance extends pulumi.ComponentResource {
    public readonly instance: aws.ec2.Instance;
    public readonly dataVolume: aws.ebs.Volume;
    public readonly role: aws.iam.Role;
    public readonly instanceProfile: aws.iam.InstanceProfile;
    public readonly recoveryAlarm: aws.cloudwatch.MetricAlarm;
    public readonly instanceId: pulumi.Output<string>;
    public readonly instanceArn: pulumi.Output<string>;
    public readonly privateIp: pulumi.Output<string>;
    /** The public IPv4 address, or undefined when the instance has none. */
    public readonly publicIp: pulumi.Output<string | undefined>;
    public readonly availabilityZone: pulumi.Output<string>;
    public readonly dataVolumeId: pulumi.Output<string>;
    /** `http://<ip>:8080/sigma`, the public IP when there is one, else the private IP. */
    public readonly sigmaUrl: pulumi.Output<string>;
    /** `http://<ip>:8080/expertctstudio`. */
    public readonly studioUrl: pulumi.Output<string>;

    constructor(name: string, args: SigmaInstanceArgs, opts?: pulumi.ComponentResourceOptions) {
        validateInstanceArgs(name, args);
        super("sigma:compute:SigmaInstance", name, {}, opts);
        const child = { parent: this };
        // The scope tag is set after the caller's tags, so no extra tag can move the instance into another stack's scope.
        const scopeTag = { [STACK_SCOPE_TAG_KEY]: args.stackScope ?? stackScopeTagValue(pulumi.getProject(), pulumi.getStack()) };
        const tags = componentTags("SigmaInstance", args.tags);
        const backup = args.backup ?? INSTANCE_DEFAULTS.backup;

        const scope = accountScope(child);
        const partition = scope.apply((s) => s.partition);
        const region = scope.apply((s) => s.region);
        const account = scope.apply((s) => s.account);

        // A path change replaces the role and profile (model/ec2Instance IAM_PATH_CHANGE_REPLACES); the instance takes
        // the new profile in place (ReplaceIamInstanceProfileAssociation), it is not replaced.
        const rolePath = args.rolePath ?? INSTANCE_DEFAULTS.rolePath;
        this.role = new aws.iam.Role(`${name}-role`, {
            description: `Sigma instance ${name}: Session Manager only`,
            path: rolePath,
            assumeRolePolicy: JSON.stringify(ec2TrustPolicy()),
            tags,
        }, child);
        new aws.iam.RolePolicy(`${name}-ssm`, {
            role: this.role.id,
            policy: pulumi.all([partition, region, account]).apply(([p, r, a]) =>
                JSON.stringify(sessionManagerPolicy(p, r, a))),
        }, child);
        const agentParameter = args.cloudWatchAgentConfigParameter;
        if (agentParameter !== undefined) {
            new aws.iam.RolePolicy(`${name}-cloudwatch-agent`, {
                role: this.role.id,
                policy: pulumi.all([partition, region, account]).apply(([p, r, a]) =>
                    JSON.stringify(cloudWatchAgentPolicy(p, r, a, agentParameter))),
            }, child);
        }
        (args.extraRolePolicyArns ?? []).forEach((policyArn, i) =>
            new aws.iam.RolePolicyAttachment(`${name}-extra-${i}`, { role: this.role.name, policyArn }, child));
        const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: this.role.name, path: rolePath, tags }, child);
        this.instanceProfile = profile;

        const amiFromLookup = args.amiId === undefined;
        const ami = args.amiId ?? aws.ec2.getAmiOutput({
            mostRecent: true,
            owners: [args.amiOwner!],
            filters: [{ name: "name", values: [args.amiNameFilter!] }, { name: "state", values: ["available"] }],
        }, child).id;

        const instanceTags = backup ? { ...tags, Name: name, ...scopeTag, [BACKUP_TAG_KEY]: BACKUP_TAG_VALUE } : { ...tags, Name: name, ...scopeTag };
        this.instance = new aws.ec2.Instance(`${name}-instance`, {
            ami,
            instanceType: args.instanceType ?? INSTANCE_DEFAULTS.instanceType,
            subnetId: args.subnetId,
            vpcSecurityGroupIds: args.securityGroupIds,
            iamInstanceProfile: profile.name,
            keyName: args.keyName,
            associatePublicIpAddress: args.associatePublicIpAddress ?? INSTANCE_DEFAULTS.associatePublicIpAddress,
            monitoring: args.detailedMonitoring ?? INSTANCE_DEFAULTS.detailedMonitoring,
            disableApiTermination: args.terminationProtection ?? INSTANCE_DEFAULTS.terminationProtection,
            ebsOptimized: true,
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
            rootBlockDevice: {
                volumeType: "gp3",
                encrypted: true,
                kmsKeyId: args.kmsKeyArn,
                volumeSize: args.rootVolumeGiB,
                deleteOnTermination: true,
                tags: { ...tags, Name: `${name}-root`, ...scopeTag },
            },
            userData: instanceUserData(args),
            // Never replace the database for a boot script change (pulumi-aws ec2.Instance userDataReplaceOnChange).
            userDataReplaceOnChange: false,
            tags: instanceTags,
        }, {
            ...child,
            ignoreChanges: instanceIgnoreChanges({ amiFromLookup, applyUserDataChanges: args.applyUserDataChanges ?? INSTANCE_DEFAULTS.applyUserDataChanges }),
        });

        // The volume's AZ comes from the subnet, not the instance, so replacing the instance never replaces it.
        const subnetAz = aws.ec2.getSubnetOutput({ id: args.subnetId }, child).availabilityZone;
        const protectData = args.protectData ?? false;
        this.dataVolume = new aws.ebs.Volume(`${name}-data`, {
            availabilityZone: subnetAz,
            size: args.dataVolumeGiB ?? INSTANCE_DEFAULTS.dataVolumeGiB,
            type: "gp3",
            encrypted: true,
            kmsKeyId: args.kmsKeyArn,
            finalSnapshot: true,
            tags: { ...tags, Name: `${name}-data`, ...scopeTag },
        }, { parent: this, protect: protectData, retainOnDelete: protectData });
        new aws.ec2.VolumeAttachment(`${name}-data-attachment`, {
            instanceId: this.instance.id,
            volumeId: this.dataVolume.id,
            deviceName: args.dataVolumeDeviceName ?? INSTANCE_DEFAULTS.dataVolumeDeviceName,
            // Stop the old instance (clean MySQL shutdown) before moving the volume to a replacement.
            stopInstanceBeforeDetaching: true,
        }, { parent: this, deleteBeforeReplace: true });

        this.recoveryAlarm = new aws.cloudwatch.MetricAlarm(`${name}-auto-recovery`, {
            alarmDescription: `EC2 auto-recovery for Sigma instance ${name} on failed system status checks`,
            namespace: "AWS/EC2",
            metricName: "StatusCheckFailed_System",
            dimensions: { InstanceId: this.instance.id },
            statistic: "Maximum",
            period: 60,
            evaluationPeriods: INSTANCE_DEFAULTS.recoveryEvaluationPeriods,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "missing",
            alarmActions: pulumi.all([partition, region, args.alarmTopicArn]).apply(([p, r, topic]) =>
                topic ? [`arn:${p}:automate:${r}:ec2:recover`, topic] : [`arn:${p}:automate:${r}:ec2:recover`]),
            tags,
        }, child);

        this.instanceId = this.instance.id;
        this.instanceArn = this.instance.arn;
        this.privateIp = this.instance.privateIp;
        this.publicIp = this.instance.publicIp.apply((ip) => ip || undefined);
        this.availabilityZone = this.instance.availabilityZone;
        this.dataVolumeId = this.dataVolume.id;
        const address = pulumi.all([this.instance.publicIp, this.instance.privateIp]).apply(([pub, priv]) => pub || priv);
        this.sigmaUrl = pulumi.interpolate`http://${address}:${SIGMA_APP_PORT}/sigma`;
        this.studioUrl = pulumi.interpolate`http://${address}:${SIGMA_APP_PORT}/expertctstudio`;
        this.registerOutputs({
            instanceId: this.instanceId, privateIp: this.privateIp, publicIp: this.publicIp,
            dataVolumeId: this.dataVolumeId, sigmaUrl: this.sigmaUrl, studioUrl: this.studioUrl,
        });
    }
}

