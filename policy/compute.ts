import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { forTypes } from "./forTypes";
import { knownOr } from "./knownOr";
import { TYPES } from "./resourceTypes";
import { depUrns, groupsAdmittingTcpPort, holdsDatabase } from "./stackGraph";

/** Everything that launches EC2 instances from its own settings (an Auto Scaling group launches from a template or configuration). */
const INSTANCE_TYPES: readonly string[] = [TYPES.instance, TYPES.launchTemplate, TYPES.spotInstanceRequest, TYPES.launchConfiguration];
/** Types whose AMI and instance type sit in imageId (templates, configurations) rather than ami. */
const TEMPLATE_TYPES: readonly string[] = [TYPES.launchTemplate, TYPES.launchConfiguration];

/** The instance types the product guide supports (2.3); the stack config accepts the same list. */
export const GUIDE_INSTANCE_TYPES = ["t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge", "m5.xlarge", "r5.large", "r5.xlarge"];

/** True when the instance metadata service answers only session-token (IMDSv2) requests, or not at all. */
export function requiresImdsV2(metadataOptions: { httpTokens?: string; httpEndpoint?: string } | undefined): boolean {
    return metadataOptions?.httpTokens === "required" || metadataOptions?.httpEndpoint === "disabled";
}

/**
 * Why the metadata response hop limit lets tokens leave the instance, or undefined. A hop limit above 1 lets a container
 * or a forwarding process on the host fetch IMDSv2 tokens; AWS recommends 1 except for containers
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html). Unset counts as
 * unknown, since an AMI registered with ImdsSupport v2.0 launches with hop limit 2.
 */
export function hopLimitProblem(metadataOptions: { httpPutResponseHopLimit?: number | string; httpEndpoint?: string } | undefined, maxHopLimit: number): string | undefined {
    if (metadataOptions?.httpEndpoint === "disabled") {
        return undefined;
    }
    const raw = metadataOptions?.httpPutResponseHopLimit;
    const limit = typeof raw === "string" ? Number(raw) : raw;
    if (limit === undefined || !Number.isInteger(limit)) {
        return `metadataOptions.httpPutResponseHopLimit is ${JSON.stringify(raw ?? null)}; set it to ${maxHopLimit} so IMDS tokens never leave the instance`;
    }
    return limit > maxHopLimit ? `metadataOptions.httpPutResponseHopLimit ${limit} lets IMDS tokens travel ${limit} hops (containers, proxies); set it to ${maxHopLimit}` : undefined;
}

/** Where an EBS volume of the resource is not encrypted, as "rootBlockDevice" / "ebsBlockDevices[1]" paths. */
export function unencryptedVolumePaths(type: string, props: Record<string, any>): string[] {
    if (type === TYPES.volume) {
        return props.encrypted === true ? [] : ["encrypted"];
    }
    if (type === TYPES.launchTemplate) {
        return (props.blockDeviceMappings ?? []).flatMap((mapping: any, i: number) =>
            mapping.ebs && mapping.ebs.encrypted !== true && mapping.ebs.encrypted !== "true" ? [`blockDeviceMappings[${i}].ebs.encrypted`] : []);
    }
    // Instances, spot requests and launch configurations: root device and extra EBS devices.
    const paths = props.rootBlockDevice?.encrypted === true ? [] : ["rootBlockDevice.encrypted"];
    (props.ebsBlockDevices ?? []).forEach((device: any, i: number) => {
        if (device.encrypted !== true) {
            paths.push(`ebsBlockDevices[${i}].encrypted`);
        }
    });
    return paths;
}

export const imdsV2Required: ResourceValidationPolicy = {
    name: "ec2-imdsv2-required",
    description: "EC2 instances, spot requests, launch templates and configurations require IMDSv2 session tokens with a response hop limit of 1 (Security Hub EC2.8, AutoScaling.3, EC2.170; checkov CKV_AWS_79, CKV_AWS_341; cdk-nag EC2IMDSv2Enabled).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set metadataOptions.httpTokens to \"required\" and httpPutResponseHopLimit to 1 (SigmaInstance does). The remediate level sets them for you.",
    configSchema: {
        properties: {
            maxHopLimit: { type: "integer", minimum: 1, maximum: 64, default: 1, description: "Highest metadata response hop limit allowed (2 only for container hosts)" },
        },
    },
    validateResource: forTypes(INSTANCE_TYPES, (args, reportViolation) => {
        const { maxHopLimit } = args.getConfig<{ maxHopLimit: number }>();
        if (!requiresImdsV2(args.props.metadataOptions)) {
            reportViolation(`metadataOptions.httpTokens is ${JSON.stringify(args.props.metadataOptions?.httpTokens ?? null)}: IMDSv1 lets any SSRF read the instance role's credentials; set it to "required"`);
        }
        const hops = hopLimitProblem(args.props.metadataOptions, maxHopLimit);
        if (hops) {
            reportViolation(hops);
        }
    }),
    remediateResource: (args) => {
        if (!INSTANCE_TYPES.includes(args.type) || (requiresImdsV2(args.props.metadataOptions) && !hopLimitProblem(args.props.metadataOptions, 1))) {
            return undefined;
        }
        return { ...args.props, metadataOptions: { ...(args.props.metadataOptions ?? {}), httpTokens: "required", httpPutResponseHopLimit: 1 } };
    },
};

export const ebsEncrypted: ResourceValidationPolicy = {
    name: "ebs-encrypted",
    description: "Root and attached EBS volumes are encrypted (Security Hub EC2.3, EC2.7; checkov CKV_AWS_8, CKV_AWS_3; cdk-nag AwsSolutions-EC26).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set encrypted: true on the volume, rootBlockDevice and every ebsBlockDevices entry (optionally with a customer-managed kmsKeyId). The remediate level sets it for you.",
    validateResource: forTypes([...INSTANCE_TYPES, TYPES.volume], (args, reportViolation) => {
        for (const path of unencryptedVolumePaths(args.type, args.props)) {
            reportViolation(`${path} is not true: the volume (and its snapshots and backups) would be stored unencrypted`);
        }
    }),
    remediateResource: (args) => {
        if (![...INSTANCE_TYPES, TYPES.volume as string].includes(args.type) || unencryptedVolumePaths(args.type, args.props).length === 0) {
            return undefined;
        }
        const props = { ...args.props };
        if (args.type === TYPES.volume) {
            props.encrypted = true;
        } else if (args.type === TYPES.launchTemplate) {
            props.blockDeviceMappings = props.blockDeviceMappings.map((m: any) => (m.ebs ? { ...m, ebs: { ...m.ebs, encrypted: "true" } } : m));
        } else {
            props.rootBlockDevice = { ...(props.rootBlockDevice ?? {}), encrypted: true };
            if (props.ebsBlockDevices) {
                props.ebsBlockDevices = props.ebsBlockDevices.map((d: any) => ({ ...d, encrypted: true }));
            }
        }
        return props;
    },
};

export const instanceTypeAllowed: ResourceValidationPolicy = {
    name: "ec2-instance-type-allowed",
    description: "EC2 instances use an instance type from the allowed list (default: the product guide's supported types).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set sigma:instanceType to one of the allowed types, or add the type to allowedInstanceTypes in the policy config after checking the guide's sizing.",
    configSchema: {
        properties: {
            allowedInstanceTypes: { type: "array", items: { type: "string" }, default: GUIDE_INSTANCE_TYPES, description: "Instance types the stacks may launch" },
        },
    },
    validateResource: forTypes(INSTANCE_TYPES, (args, reportViolation) => {
        const { allowedInstanceTypes } = args.getConfig<{ allowedInstanceTypes: string[] }>();
        const instanceType = args.props.instanceType;
        if (instanceType === undefined && args.type === TYPES.launchTemplate) {
            return;
        }
        if (!allowedInstanceTypes.includes(instanceType)) {
            reportViolation(`instanceType ${JSON.stringify(instanceType)} is not allowed; use one of ${allowedInstanceTypes.join(", ")}`);
        }
    }),
};

export const detailedMonitoring: ResourceValidationPolicy = {
    name: "ec2-detailed-monitoring",
    description: "EC2 instances have detailed (one-minute) monitoring (checkov CKV_AWS_126, cdk-nag AwsSolutions-EC28).",
    severity: "low",
    enforcementLevel: "advisory",
    remediationSteps: "Set monitoring: true on the instance (launch templates: monitoring.enabled = true); SigmaInstance's detailedMonitoring defaults to true.",
    validateResource: forTypes(INSTANCE_TYPES, (args, reportViolation) => {
        const enabled = args.type === TYPES.launchTemplate ? args.props.monitoring?.enabled === true
            : args.type === TYPES.launchConfiguration ? args.props.enableMonitoring !== false : args.props.monitoring === true;
        if (!enabled) {
            reportViolation("detailed monitoring is off: the auto-recovery alarm and dashboards see five-minute data only; set monitoring: true");
        }
    }),
};

/** True when the launcher gives instances a public IPv4 address of its own (not counting Elastic IPs). */
function launchesPublic(r: PolicyResource): boolean {
    const p = knownOr(() => r.props, {} as Record<string, any>);
    const truthy = (v: unknown) => v === true || v === "true";
    if (r.type === TYPES.launchTemplate) {
        return (p.networkInterfaces ?? []).some((ni: any) => truthy(ni?.associatePublicIpAddress));
    }
    return truthy(p.associatePublicIpAddress);
}

/** Elastic IPs (and their associations) that put a public address on the instance. */
function elasticIpsOf(instance: PolicyResource, resources: PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => (r.type === TYPES.eip || r.type === TYPES.eipAssociation) && depUrns(r, "instance").concat(depUrns(r, "instanceId")).includes(instance.urn));
}

export const noPublicIp: StackValidationPolicy = {
    name: "ec2-no-public-ip",
    description: "Nothing that holds the database (judged by what it is: a security group admitting MySQL 3306) gets a public IP, by its own setting or an Elastic IP; no instance does unless the config allows it (Security Hub EC2.9, AutoScaling.5; checkov CKV_AWS_88; cdk-nag EC2InstanceNoPublicIp).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set sigma:associatePublicIpAddress to false, drop the Elastic IP, and reach Sigma through the load balancer or a VPN; only a dev stack may set allowPublicIp, and never for the instance that runs MySQL.",
    configSchema: {
        properties: {
            allowPublicIp: { type: "boolean", default: false, description: "Whether instances that do not hold the database may have a public IPv4 address (dev only)" },
        },
    },
    validateStack: (args, reportViolation) => {
        const { allowPublicIp } = args.getConfig<{ allowPublicIp: boolean }>();
        const mysqlGroups = groupsAdmittingTcpPort(args.resources, 3306);
        for (const r of args.resources.filter((x) => INSTANCE_TYPES.includes(x.type))) {
            const eips = r.type === TYPES.instance ? elasticIpsOf(r, args.resources) : [];
            const how = [launchesPublic(r) ? "associatePublicIpAddress" : "", ...eips.map((e) => `${e.type.split(":").pop()} "${e.name}"`)].filter(Boolean);
            if (how.length === 0) {
                continue;
            }
            const label = `${r.type.split(":").pop()} "${r.name}"`;
            if (holdsDatabase(r, args.resources, mysqlGroups)) {
                reportViolation(`${label} holds the database (its security group admits MySQL 3306) and gets a public IP through ${how.join(", ")}; MySQL data must stay private`, r.urn);
            } else if (!allowPublicIp) {
                reportViolation(`${label} gets a public IP through ${how.join(", ")} and this stack's policy config does not allow one (allowPublicIp: false)`, r.urn);
            }
        }
    },
};

export const terminationProtection: ResourceValidationPolicy = {
    name: "ec2-termination-protection",
    description: "EC2 instances refuse API termination where the config requires it (cdk-nag AwsSolutions-EC29).",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Set sigma:terminationProtection to true (disableApiTermination) on stacks whose policy config sets required: true.",
    configSchema: {
        properties: {
            required: { type: "boolean", default: false, description: "Whether every instance must have disableApiTermination: true (on for prod)" },
        },
    },
    validateResource: forTypes([TYPES.instance, TYPES.spotInstanceRequest], (args, reportViolation) => {
        if (!args.getConfig<{ required: boolean }>().required) {
            args.notApplicable("termination protection is not required by this stack's policy config");
        }
        if (args.props.disableApiTermination !== true) {
            reportViolation("disableApiTermination is not true: one mistaken TerminateInstances call would destroy the instance; set sigma:terminationProtection to true");
        }
    }),
};

export const approvedAmi: ResourceValidationPolicy = {
    name: "ec2-approved-ami",
    description: "EC2 instances and launch templates boot an AMI from the approved list, or one whose id matches the approved pattern.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps: "Use the Sigma AMI your organisation approved (sigma:amiId), or add its id to approvedAmiIds in the policy config.",
    configSchema: {
        properties: {
            approvedAmiIds: { type: "array", items: { type: "string" }, default: [], description: "AMI ids that may be launched" },
            approvedAmiPattern: { type: "string", default: "^ami-[0-9a-f]{8}([0-9a-f]{9})?$", description: "Regular expression an AMI id may match instead; empty to accept only approvedAmiIds" },
        },
    },
    validateResource: forTypes(INSTANCE_TYPES, (args, reportViolation) => {
        const { approvedAmiIds, approvedAmiPattern } = args.getConfig<{ approvedAmiIds: string[]; approvedAmiPattern: string }>();
        const ami = TEMPLATE_TYPES.includes(args.type) ? args.props.imageId : args.props.ami;
        if (ami === undefined && args.type === TYPES.launchTemplate) {
            return;
        }
        const approved = approvedAmiIds.includes(ami) || (approvedAmiPattern !== "" && new RegExp(approvedAmiPattern).test(ami ?? ""));
        if (!approved) {
            const patternText = approvedAmiPattern ? ` and does not match ${approvedAmiPattern}` : "";
            reportViolation(`AMI ${JSON.stringify(ami)} is not in approvedAmiIds [${approvedAmiIds.join(", ")}]${patternText}; use an approved Sigma AMI`);
        }
    }),
};

export const autoscalingLaunchSourceKnown: StackValidationPolicy = {
    name: "autoscaling-group-launch-source-known",
    description: "Auto Scaling groups launch from a launch template or configuration defined in the same stack, so the pack judges what they launch (IMDSv2, encryption, public IP) (Security Hub AutoScaling.3, AutoScaling.5, AutoScaling.9).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Define the aws.ec2.LaunchTemplate in this stack and reference it (launchTemplate.id), rather than an id from elsewhere.",
    validateStack: (args, reportViolation) => {
        const launchers = new Set(args.resources.filter((r) => TEMPLATE_TYPES.includes(r.type)).map((r) => r.urn));
        for (const group of args.resources.filter((r) => r.type === TYPES.autoscalingGroup)) {
            const sources = ["launchTemplate", "launchConfiguration", "mixedInstancesPolicy"].flatMap((p) => depUrns(group, p));
            if (!sources.some((u) => launchers.has(u))) {
                reportViolation(`Auto Scaling group "${group.name}" launches from a template or configuration the stack does not define, so nothing judges its instances; define it here`, group.urn);
            }
        }
    },
};

export const computePolicies = [imdsV2Required, ebsEncrypted, instanceTypeAllowed, detailedMonitoring, noPublicIp, terminationProtection, approvedAmi, autoscalingLaunchSourceKnown];
