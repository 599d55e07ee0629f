import { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes } from "./forTypes";
import { effectiveTags, TYPES } from "./resourceTypes";

const INSTANCE_TYPES: readonly string[] = [TYPES.instance, TYPES.launchTemplate];

/** The instance types the product guide supports (2.3); the stack config accepts the same list. */
export const GUIDE_INSTANCE_TYPES = ["t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge", "m5.xlarge", "r5.large", "r5.xlarge"];

/** True when the instance metadata service answers only session-token (IMDSv2) requests, or not at all. */
export function requiresImdsV2(metadataOptions: { httpTokens?: string; httpEndpoint?: string } | undefined): boolean {
    return metadataOptions?.httpTokens === "required" || metadataOptions?.httpEndpoint === "disabled";
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
    description: "EC2 instances and launch templates require IMDSv2 session tokens (checkov CKV_AWS_79, cdk-nag EC2IMDSv2Enabled).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set metadataOptions.httpTokens to \"required\" (SigmaInstance does). The remediate level sets it for you.",
    validateResource: forTypes(INSTANCE_TYPES, (args, reportViolation) => {
        if (!requiresImdsV2(args.props.metadataOptions)) {
            reportViolation(`metadataOptions.httpTokens is ${JSON.stringify(args.props.metadataOptions?.httpTokens ?? null)}: IMDSv1 lets any SSRF read the instance role's credentials; set it to "required"`);
        }
    }),
    remediateResource: (args) => {
        if (!INSTANCE_TYPES.includes(args.type) || requiresImdsV2(args.props.metadataOptions)) {
            return undefined;
        }
        return { ...args.props, metadataOptions: { ...(args.props.metadataOptions ?? {}), httpTokens: "required" } };
    },
};

export const ebsEncrypted: ResourceValidationPolicy = {
    name: "ebs-encrypted",
    description: "Root and attached EBS volumes are encrypted (checkov CKV_AWS_8, CKV_AWS_3; cdk-nag AwsSolutions-EC26).",
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
        const enabled = args.type === TYPES.launchTemplate ? args.props.monitoring?.enabled === true : args.props.monitoring === true;
        if (!enabled) {
            reportViolation("detailed monitoring is off: the auto-recovery alarm and dashboards see five-minute data only; set monitoring: true");
        }
    }),
};

export const noPublicIp: ResourceValidationPolicy = {
    name: "ec2-no-public-ip",
    description: "EC2 instances that hold the database never get a public IP, and no instance does unless the config allows it (cdk-nag EC2InstanceNoPublicIp).",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps: "Set sigma:assignPublicIp to false and reach Sigma through the load balancer or a VPN; only a dev stack may set allowPublicIp in its policy config.",
    configSchema: {
        properties: {
            allowPublicIp: { type: "boolean", default: false, description: "Whether non-database instances may have a public IPv4 address (dev only)" },
            databaseNamePattern: { type: "string", default: "(^|[-_])db([-_]|$)", description: "Regular expression matched against the resource name and Name tag that marks a database instance" },
        },
    },
    validateResource: forTypes(INSTANCE_TYPES, (args, reportViolation) => {
        const { allowPublicIp, databaseNamePattern } = args.getConfig<{ allowPublicIp: boolean; databaseNamePattern: string }>();
        const isPublic = args.type === TYPES.launchTemplate
            ? (args.props.networkInterfaces ?? []).some((ni: any) => ni.associatePublicIpAddress === "true" || ni.associatePublicIpAddress === true)
            : args.props.associatePublicIpAddress === true;
        if (!isPublic) {
            return;
        }
        const database = new RegExp(databaseNamePattern, "i");
        if (database.test(args.name) || database.test(effectiveTags(args.props).Name ?? "")) {
            reportViolation("a database instance has a public IP address; MySQL data must stay private: set associatePublicIpAddress to false");
        } else if (!allowPublicIp) {
            reportViolation("the instance has a public IP address and this stack's policy config does not allow one (allowPublicIp: false); set associatePublicIpAddress to false");
        }
    }),
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
    validateResource: forTypes([TYPES.instance], (args, reportViolation) => {
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
        const ami = args.type === TYPES.launchTemplate ? args.props.imageId : args.props.ami;
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

export const computePolicies = [imdsV2Required, ebsEncrypted, instanceTypeAllowed, detailedMonitoring, noPublicIp, terminationProtection, approvedAmi];
