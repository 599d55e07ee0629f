/**
 * How a change to an EC2 instance reaches AWS through Pulumi: what the engine sends for properties named in
 * `ignoreChanges`, how pulumi-aws (which bridges terraform-provider-aws's aws_instance) applies each input the
 * project sets, and the IAM path rule for the instance's role and profile.
 */

/** What the provider does to a running instance when one input changes. */
export type InstanceChangeEffect = "in-place" | "stop-start" | "replace";

/**
 * The effect of changing each aws.ec2.Instance input SigmaInstance sets (Pulumi's camelCase names); an input not
 * listed has no sourced effect yet and planning a change to it fails.
 * terraform-provider-aws internal/service/ec2/ec2_instance.go: `ForceNew` in resourceInstance's schema means replace;
 * resourceInstanceUpdate sends instance_type and user_data through modifyInstanceAttributeWithStopStart (stop, modify,
 * start) and iam_instance_profile through Associate/ReplaceIamInstanceProfileAssociation on the running instance.
 * (instance_type is ForceNewIf the two types share no CPU architecture; every supported type is x86_64.)
 */
export const INSTANCE_INPUT_EFFECTS: Readonly<Record<string, InstanceChangeEffect>> = {
    ami: "replace",
    subnetId: "replace",
    keyName: "replace",
    associatePublicIpAddress: "replace",
    ebsOptimized: "replace",
    instanceType: "stop-start",
    userData: "stop-start",
    iamInstanceProfile: "in-place",
    vpcSecurityGroupIds: "in-place",
    monitoring: "in-place",
    disableApiTermination: "in-place",
    metadataOptions: "in-place",
    tags: "in-place",
    userDataReplaceOnChange: "in-place",
};

/**
 * The effect of changing `input`. With userDataReplaceOnChange a user data change replaces the instance instead of
 * stopping and starting it (pulumi-aws ec2.Instance docs, userData and userDataReplaceOnChange).
 */
export function instanceInputEffect(input: string, userDataReplaceOnChange: boolean): InstanceChangeEffect {
    if (input === "userData" && userDataReplaceOnChange) {
        return "replace";
    }
    const effect = INSTANCE_INPUT_EFFECTS[input];
    if (effect === undefined) {
        throw new Error(`model/ec2Instance has no sourced effect for a change to Instance input "${input}"; add it with its source`);
    }
    return effect;
}

/**
 * The inputs Pulumi sends for a resource that already exists: every property named in ignoreChanges takes its value
 * from the state (removed when the state has none), whether the resource is updated or replaced. Top-level names only.
 * https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/ ("uses the old value from the state ... when
 * determining whether an update or replace is needed"); pulumi/pulumi pkg/resource/deploy/step_generator.go
 * (processIgnoreChanges runs on the goal inputs before the diff, and a replacement is created from those inputs).
 */
export function inputsSentForExisting(oldInputs: Record<string, unknown>, newInputs: Record<string, unknown>, ignoreChanges: readonly string[]): Record<string, unknown> {
    const sent: Record<string, unknown> = { ...newInputs };
    for (const property of ignoreChanges) {
        if (Object.prototype.hasOwnProperty.call(oldInputs, property)) {
            sent[property] = oldInputs[property];
        } else {
            delete sent[property];
        }
    }
    return sent;
}

/** What `pulumi up` does to an existing instance, and with which inputs. */
export interface InstancePlan {
    action: "same" | "update" | "replace";
    /** The update stops and starts the instance (an outage for a single-instance database). */
    stopStart: boolean;
    /** Inputs whose value differs from the state, after ignoreChanges. */
    changed: string[];
    /** The inputs the update or the replacement is made with. */
    inputs: Record<string, unknown>;
}

/**
 * Plans the step for an instance whose state holds `oldInputs` when the program now gives `newInputs`.
 * `replaceTargeted` is `pulumi up --replace <urn>`: the instance is replaced whatever changed, with the inputs above
 * (so an ignored property keeps its old value in the replacement too).
 */
export function planInstanceUpdate(
    oldInputs: Record<string, unknown>,
    newInputs: Record<string, unknown>,
    options: { ignoreChanges: readonly string[]; replaceTargeted?: boolean },
): InstancePlan {
    const inputs = inputsSentForExisting(oldInputs, newInputs, options.ignoreChanges);
    const keys = [...new Set([...Object.keys(oldInputs), ...Object.keys(inputs)])].sort();
    const changed = keys.filter((key) => !sameValue(oldInputs[key], inputs[key]));
    const replaceOnUserData = inputs.userDataReplaceOnChange === true;
    const effects = changed.map((key) => instanceInputEffect(key, replaceOnUserData));
    if (options.replaceTargeted || effects.includes("replace")) {
        return { action: "replace", stopStart: false, changed, inputs };
    }
    return { action: changed.length === 0 ? "same" : "update", stopStart: effects.includes("stop-start"), changed, inputs };
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(canonical);
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
    }
    return value;
}

// User data: at most 16 KB before base64 encoding; a stop, user data change and start does not run the new script.
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html ("Considerations"); the provider
// validates user_data as 0-16384 characters (ec2_instance.go, ValidateFunc StringLenBetween(0, 16384)).
export const USER_DATA_MAX_BYTES = 16384;

/**
 * The name the provider reads back as iam_instance_profile from the instance's profile ARN: the ARN's last segment,
 * so a profile with a path (`instance-profile/sigma/prod/name`) reads back as its bare name and shows no diff.
 * terraform-provider-aws internal/service/ec2 instanceProfileARNToName.
 */
export function instanceProfileNameFromArn(arn: string): string {
    const resource = arn.split(":").slice(5).join(":");
    const parts = resource.split("/");
    if (parts.length < 2 || parts[0] !== "instance-profile") {
        throw new Error(`${JSON.stringify(arn)} is not an instance profile ARN`);
    }
    return parts[parts.length - 1];
}

// IAM paths: "/" alone, or "/" + printable ASCII (0x21-0x7E) + "/", at most 512 characters.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-friendly-names
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Path: 1-512, (\u002F)|(\u002F[\u0021-\u007E]+\u002F))
export const IAM_PATH = /^(\/|\/[\x21-\x7e]+\/)$/;
export const IAM_PATH_MAX_LENGTH = 512;

/** Whether `value` is a path IAM accepts for a role or instance profile. */
export function isIamPath(value: unknown): value is string {
    return typeof value === "string" && value.length <= IAM_PATH_MAX_LENGTH && IAM_PATH.test(value);
}

// A role's or instance profile's path is fixed at creation: UpdateRole takes no Path and no API moves an instance
// profile, so the provider replaces both when it changes (terraform-provider-aws internal/service/iam/role.go and
// instance_profile.go: "path" ForceNew). https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRole.html
export const IAM_PATH_CHANGE_REPLACES = { role: true, instanceProfile: true } as const;
