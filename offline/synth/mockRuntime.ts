import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import * as settings from "@pulumi/pulumi/runtime/settings";

/** The account every mocked ARN is in. */
export const MOCK_ACCOUNT_ID = "123456789012";

/** One resource the program registered, as the engine saw it. */
export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** URN of the parent resource, if any. */
    parent?: string;
    /** URN of the explicit provider, if any. */
    provider?: string;
    /** Provider URNs per package handed to a component (remote components such as awsx receive these, not `provider`). */
    providers?: Record<string, string>;
    id?: string;
    /** Inputs as the program passed them (secrets keep Pulumi's secret envelope; see `stripSecrets`). */
    inputs: Record<string, any>;
    /** Outputs the mock answered with. */
    state: Record<string, any>;
    /** The protect and retainOnDelete options the resource was registered with (false when unset). */
    protect?: boolean;
    retainOnDelete?: boolean;
    /** The resource options the engine received, unset ones omitted. */
    options: ResourceOptionsRecord;
    /** URNs this resource depends on (dependsOn plus every resource an input came from). */
    dependencies?: string[];
    /** Per input property, the URNs of the resources its value came from (what policies see as propertyDependencies). */
    propertyDependencies?: Record<string, string[]>;
}

/** The resource options a registration carries to the engine; an option the program left unset is omitted. */
export interface ResourceOptionsRecord {
    protect?: boolean;
    retainOnDelete?: boolean;
    /** Every alias as the URN it denotes (alias specs resolved as the engine resolves them; see `aliasUrn`). */
    aliases?: string[];
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
    /** The id of the existing cloud resource to adopt (the `import` option). */
    import?: string;
    /** Outputs the engine always treats as secret (the `additionalSecretOutputs` option). */
    additionalSecretOutputs?: string[];
    /** The `customTimeouts` option in seconds, as the engine converts it (see `durationSeconds`); unset ones omitted. */
    customTimeouts?: { createSeconds?: number; updateSeconds?: number; deleteSeconds?: number };
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, "μs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/**
 * A custom timeout in seconds as the engine reads it: Go's time.ParseDuration ("1h30m", "90s", "1.5h", "-5m"),
 * then Duration.Seconds() (pulumi/pulumi pkg/resource/deploy/source_eval.go, generateTimeoutInSeconds;
 * https://pkg.go.dev/time#ParseDuration). Undefined for what ParseDuration refuses (the engine fails the registration).
 */
export function durationSeconds(text: string): number | undefined {
    const match = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/u.exec(text);
    if (!match) {
        return undefined;
    }
    if (match[2] === "0") {
        return 0;
    }
    let seconds = 0;
    for (const part of match[2].matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gu)) {
        seconds += Number(part[1]) * DURATION_UNITS[part[2]];
    }
    return match[1] === "-" ? -seconds : seconds;
}

export interface MockOptions {
    project: string;
    stack: string;
    /** Region of the default provider (aws:region). */
    region: string;
    /** Availability Zone per subnet id; subnets not listed are in `<region>a`. */
    subnetAzs?: Record<string, string>;
    /** Outputs of the stacks a StackReference may read, by stack name; a reference to any other stack fails. */
    stackReferences?: Record<string, Record<string, unknown>>;
    /** Per stack of `stackReferences`, the outputs that stack holds as secrets (read back as secret Outputs). */
    stackReferenceSecrets?: Record<string, string[]>;
}

const hex = (seed: string, length: number) => createHash("sha256").update(seed).digest("hex").slice(0, length);

/** Resource types whose AWS id has a well-known prefix followed by 17 hex digits. */
const ID_PREFIXES: Record<string, string> = {
    "aws:ec2/instance:Instance": "i",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ebs/volume:Volume": "vol",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/natGateway:NatGateway": "nat",
    "aws:ec2/internetGateway:InternetGateway": "igw",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
    "aws:ec2/eip:Eip": "eipalloc",
    "aws:ec2/routeTable:RouteTable": "rtb",
};

/** Types Pulumi auto-names with `<logical name>-<7 hex>` when no explicit name is given, and the property that holds it. */
const AUTONAME_PROPERTY: Record<string, string> = {
    "aws:iam/role:Role": "name",
    "aws:iam/rolePolicy:RolePolicy": "name",
    "aws:iam/policy:Policy": "name",
    "aws:iam/instanceProfile:InstanceProfile": "name",
    "aws:ec2/securityGroup:SecurityGroup": "name",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "name",
    "aws:cloudwatch/eventRule:EventRule": "name",
    "aws:cloudwatch/logGroup:LogGroup": "name",
    "aws:sns/topic:Topic": "name",
    "aws:lambda/function:Function": "name",
    "aws:backup/vault:Vault": "name",
    "aws:backup/plan:Plan": "name",
    "aws:backup/selection:Selection": "name",
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": "name",
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": "name",
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketV2:BucketV2": "bucket",
    "aws:lb/loadBalancer:LoadBalancer": "name",
    "aws:lb/targetGroup:TargetGroup": "name",
    "aws:ssm/parameter:Parameter": "name",
    "aws:sfn/stateMachine:StateMachine": "name",
};

/** ARN shapes per type; `{r}` region, `{a}` account, `{n}` name, `{i}` id. */
const ARN_SHAPES: Record<string, string> = {
    "aws:iam/role:Role": "arn:aws:iam::{a}:role/{n}",
    "aws:iam/policy:Policy": "arn:aws:iam::{a}:policy/{n}",
    "aws:iam/instanceProfile:InstanceProfile": "arn:aws:iam::{a}:instance-profile/{n}",
    "aws:ec2/instance:Instance": "arn:aws:ec2:{r}:{a}:instance/{i}",
    "aws:ec2/securityGroup:SecurityGroup": "arn:aws:ec2:{r}:{a}:security-group/{i}",
    "aws:ebs/volume:Volume": "arn:aws:ec2:{r}:{a}:volume/{i}",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "arn:aws:ec2:{r}:{a}:security-group-rule/{i}",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "arn:aws:ec2:{r}:{a}:security-group-rule/{i}",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "arn:aws:cloudwatch:{r}:{a}:alarm:{n}",
    "aws:cloudwatch/eventRule:EventRule": "arn:aws:events:{r}:{a}:rule/{n}",
    "aws:cloudwatch/logGroup:LogGroup": "arn:aws:logs:{r}:{a}:log-group:{n}",
    "aws:sns/topic:Topic": "arn:aws:sns:{r}:{a}:{n}",
    "aws:kms/key:Key": "arn:aws:kms:{r}:{a}:key/{i}",
    "aws:kms/alias:Alias": "arn:aws:kms:{r}:{a}:{n}",
    "aws:lambda/function:Function": "arn:aws:lambda:{r}:{a}:function:{n}",
    "aws:backup/vault:Vault": "arn:aws:backup:{r}:{a}:backup-vault:{n}",
    "aws:backup/plan:Plan": "arn:aws:backup:{r}:{a}:backup-plan:{i}",
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": "arn:aws:backup:{r}:{a}:restore-testing-plan:{n}",
    "aws:s3/bucket:Bucket": "arn:aws:s3:::{n}",
    "aws:s3/bucketV2:BucketV2": "arn:aws:s3:::{n}",
    "aws:lb/loadBalancer:LoadBalancer": "arn:aws:elasticloadbalancing:{r}:{a}:loadbalancer/app/{n}/{i}",
    "aws:lb/targetGroup:TargetGroup": "arn:aws:elasticloadbalancing:{r}:{a}:targetgroup/{n}/{i}",
    "aws:lb/listener:Listener": "arn:aws:elasticloadbalancing:{r}:{a}:listener/app/{i}",
    "aws:ssm/parameter:Parameter": "arn:aws:ssm:{r}:{a}:parameter/{n}",
    "aws:sfn/stateMachine:StateMachine": "arn:aws:states:{r}:{a}:stateMachine:{n}",
    "aws:ec2/vpc:Vpc": "arn:aws:ec2:{r}:{a}:vpc/{i}",
    "aws:ec2/subnet:Subnet": "arn:aws:ec2:{r}:{a}:subnet/{i}",
};

/**
 * Answers for remote (multi-language) components, which register one resource and nothing inside it under
 * mocks; each returns the outputs the real component would, derived from its name and inputs.
 */
export const REMOTE_COMPONENT_STATE: Record<string, (name: string, inputs: Record<string, any>, region: string, ctx: RemoteContext) => Record<string, any>> = {};

/** What a remote component's answer may tell the mocks about the resources it would have created. */
export interface RemoteContext {
    /** Records the Availability Zone of a subnet the component creates, so getSubnet and instances answer with it. */
    placeSubnet(subnetId: string, availabilityZone: string): void;
}

/**
 * awsx.ec2.Vpc: a VPC with one subnet of each spec'd type (default Private + Public) in each of its AZs (the
 * named ones, else the first `numberOfAvailabilityZones`, default 3, of the region), ids derived from its name.
 */
REMOTE_COMPONENT_STATE["awsx:ec2:Vpc"] = (name, inputs, region, ctx) => {
    const azNames: string[] = inputs.availabilityZoneNames
        ?? "abcdef".slice(0, inputs.numberOfAvailabilityZones ?? 3).split("").map((letter) => `${region}${letter}`);
    const specs: Array<{ type: string; name?: string }> = inputs.subnetSpecs ?? [{ type: "Private" }, { type: "Public" }];
    const idsOf = (type: string) => specs.filter((spec) => spec.type === type).flatMap((spec) => azNames.map((az) => {
        const id = `subnet-${hex(`${name}/${spec.name ?? type}/${az}`, 17)}`;
        ctx.placeSubnet(id, az);
        return id;
    }));
    return {
        vpcId: `vpc-${hex(`${name}/vpc`, 17)}`,
        publicSubnetIds: idsOf("Public"),
        privateSubnetIds: idsOf("Private"),
        isolatedSubnetIds: idsOf("Isolated"),
        subnetLayout: specs.map((spec) => ({ type: spec.type, name: spec.name ?? spec.type.toLowerCase() })),
    };
};

/** The ELB account allowed to write access logs, per region launched before August 2022 (AWS's published list). */
const ELB_LOG_ACCOUNTS: Record<string, string> = {
    "us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980", "us-west-2": "797873946194",
    "eu-west-1": "156460612806", "eu-central-1": "054676820928", "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266", "ap-northeast-1": "582318560864",
};

/** The canonical hosted zone of Application Load Balancers per region (for Route 53 aliases). */
const ALB_ZONE_IDS: Record<string, string> = {
    "us-east-1": "Z35SXDOTRQ7X7K", "us-west-2": "Z1H1FL5HABSF5", "eu-west-1": "Z32O12XQLNTSW2",
    "eu-central-1": "Z215JYRZR1TWD5", "ap-southeast-1": "Z1LMS91P8CMLE5", "ap-southeast-2": "Z1GM3OXH4ZPM65",
    "ap-northeast-1": "Z14GRHDCWA56QT",
};

/** Answers for provider functions (invokes); an invoke with no answer here fails loudly instead of inventing one. */
export const INVOKE_ANSWERS: Record<string, (inputs: Record<string, any>, ctx: { region: string; subnetAz: (id: string) => string; parameterValue?: (name: string) => string | undefined }) => Record<string, any>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/mock`, userId: "AIDAMOCK", id: MOCK_ACCOUNT_ID,
    }),
    "aws:index/getRegion:getRegion": (_inputs, ctx) => ({ name: ctx.region, region: ctx.region, id: ctx.region, endpoint: `ec2.${ctx.region}.amazonaws.com` }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
    "aws:ec2/getSubnet:getSubnet": (inputs, ctx) => ({ id: inputs.id, availabilityZone: ctx.subnetAz(inputs.id), vpcId: "vpc-0mock" }),
    // A parameter this program registered reads back with the value it was created with (nothing has changed it offline).
    "aws:ssm/getParameter:getParameter": (inputs, ctx) => {
        const value = ctx.parameterValue?.(inputs.name);
        if (value === undefined) {
            throw new Error(`the offline mocks know no SSM parameter ${inputs.name}; only parameters the program registers can be read`);
        }
        return { id: inputs.name, name: inputs.name, arn: `arn:aws:ssm:${ctx.region}:${MOCK_ACCOUNT_ID}:parameter/${String(inputs.name).replace(/^\//, "")}`, type: "String", value, insecureValue: value, version: 1, withDecryption: true };
    },
    "aws:ec2/getVpc:getVpc": (inputs) => ({ id: inputs.id, cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true }),
    "aws:elb/getServiceAccount:getServiceAccount": (_inputs, ctx) => {
        const account = ELB_LOG_ACCOUNTS[ctx.region];
        if (!account) {
            throw new Error(`the offline mocks do not know the ELB log account of ${ctx.region}; add it to ELB_LOG_ACCOUNTS`);
        }
        return { id: account, arn: `arn:aws:iam::${account}:root`, region: ctx.region };
    },
    "aws:ec2/getAmi:getAmi": (inputs) => {
        const nameFilter = (inputs.filters ?? []).find((f: { name: string }) => f.name === "name")?.values?.[0] ?? "ami";
        return { id: `ami-${hex(nameFilter, 17)}`, imageId: `ami-${hex(nameFilter, 17)}`, name: nameFilter, ownerId: inputs.owners?.[0] };
    },
};

function fill(shape: string, values: Record<string, string>): string {
    return shape.replace(/\{([rain])\}/g, (_, key: string) => values[key]);
}

/** Pulumi's mock runtime, answering as AWS would from names and inputs, and recording every registration. */
export class SigmaMocks implements pulumi.runtime.Mocks {
    readonly resources = new Map<string, RecordedResource>();
    private readonly providerRegions = new Map<string, string>();
    /** Subnet AZs learned from remote components (e.g. the subnets an awsx VPC would create). */
    private readonly placedSubnets = new Map<string, string>();
    /** SSM parameters the program registered, by name, with the value they were created with. */
    private readonly parameterValues = new Map<string, string>();

    constructor(readonly options: MockOptions) {}

    subnetAz(id: string): string {
        return this.options.subnetAzs?.[id] ?? this.placedSubnets.get(id) ?? `${this.options.region}a`;
    }

    regionOf(providerRef: string | undefined): string {
        const urn = providerRef?.split("::").slice(0, -1).join("::");
        return (urn && this.providerRegions.get(urn)) || this.options.region;
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        const inputs = stripSecrets(args.inputs);
        if (args.type.startsWith("pulumi:providers:")) {
            const urn = `urn:pulumi:${this.options.stack}::${this.options.project}::${args.type}::${args.name}`;
            this.providerRegions.set(urn, inputs.region ?? this.options.region);
            return { id: `${args.name}-provider-id`, state: args.inputs };
        }
        const region = this.regionOf(args.provider);
        if (!args.custom) {
            const remote = REMOTE_COMPONENT_STATE[args.type];
            return { id: undefined, state: remote ? remote(args.name, inputs, region, { placeSubnet: (id, az) => this.placedSubnets.set(id, az) }) : {} };
        }
        if (args.type === "pulumi:pulumi:StackReference") {
            return this.stackReference(args.name, inputs.name ?? args.name);
        }
        const state: Record<string, any> = { ...args.inputs };
        const nameProperty = AUTONAME_PROPERTY[args.type];
        let physicalName = args.name;
        if (nameProperty) {
            physicalName = inputs[nameProperty] ?? (inputs[`${nameProperty}Prefix`] ? `${inputs[`${nameProperty}Prefix`]}${hex(args.name, 26)}` : `${args.name}-${hex(args.type + args.name, 7)}`);
            state[nameProperty] = physicalName;
        }
        const prefix = ID_PREFIXES[args.type];
        const id = prefix ? `${prefix}-${hex(args.type + args.name, 17)}`
            : args.type === "aws:kms/key:Key" ? uuid(args.name) : physicalName;
        const shape = ARN_SHAPES[args.type];
        if (shape) {
            state.arn = fill(shape, { r: region, a: MOCK_ACCOUNT_ID, n: physicalName, i: id });
        }
        if (args.type === "aws:kms/key:Key") {
            state.keyId = id;
        }
        if (args.type === "aws:ec2/instance:Instance") {
            const h = parseInt(hex(args.name, 4), 16);
            state.privateIp = `10.0.${(h >> 8) % 256}.${(h % 250) + 4}`;
            state.publicIp = inputs.associatePublicIpAddress ? `203.0.113.${(h % 250) + 4}` : "";
            state.availabilityZone = inputs.subnetId ? this.subnetAz(inputs.subnetId) : `${region}a`;
            state.primaryNetworkInterfaceId = `eni-${hex(args.name, 17)}`;
        }
        if (args.type === "aws:ec2/securityGroup:SecurityGroup") {
            state.ownerId = MOCK_ACCOUNT_ID;
        }
        if (args.type === "aws:lb/loadBalancer:LoadBalancer" || args.type === "aws:lb/targetGroup:TargetGroup") {
            // Load balancers and target groups are identified by their ARN, whose tail CloudWatch uses as a dimension.
            const kind = args.type === "aws:lb/loadBalancer:LoadBalancer" ? "loadbalancer" : "targetgroup";
            const suffix = `${kind === "loadbalancer" ? "app/" : "targetgroup/"}${physicalName}/${hex(args.type + args.name, 16)}`;
            state.arn = `arn:aws:elasticloadbalancing:${region}:${MOCK_ACCOUNT_ID}:${kind === "loadbalancer" ? "loadbalancer/" : ""}${suffix}`;
            state.arnSuffix = suffix;
            if (kind === "loadbalancer") {
                state.dnsName = `${physicalName}-${parseInt(hex(args.name, 8), 16)}.${region}.elb.amazonaws.com`;
                state.zoneId = ALB_ZONE_IDS[region] ?? "ZMOCKALBZONE";
            }
            return { id: state.arn, state };
        }
        if (args.type === "aws:ssm/parameter:Parameter") {
            this.parameterValues.set(physicalName, inputs.value);
        }
        if (args.type === "aws:lambda/invocation:Invocation") {
            state.result = invocationResult(args.name, inputs.input, region);
        }
        return { id, state };
    }

    /** A StackReference answers with the outputs the caller supplied for that stack, like the engine reading its state. */
    private stackReference(name: string, stackName: string): { id: string; state: Record<string, any> } {
        const outputs = this.options.stackReferences?.[stackName];
        if (!outputs) {
            throw new Error(`the offline mocks have no outputs for stack reference "${stackName}"; pass stackReferences: { "${stackName}": { ... } } to synthesize/installMocks`);
        }
        return { id: stackName, state: { name: stackName, outputs, secretOutputNames: this.options.stackReferenceSecrets?.[stackName] ?? [] } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const answer = INVOKE_ANSWERS[args.token];
        if (!answer) {
            throw new Error(`the offline mocks have no faithful answer for invoke ${args.token}; add one to offline/synth/mockRuntime.ts`);
        }
        return answer(stripSecrets(args.inputs), { region: this.regionOf(args.provider), subnetAz: (id) => this.subnetAz(id), parameterValue: (name) => this.parameterValues.get(name) });
    }
}

/**
 * What the Sigma restore Lambda (the only function this program invokes) returns: a restore job id and the
 * recovery point, the given one or an AMI of the region. Offline nothing runs, so both derive from the input.
 */
function invocationResult(name: string, input: string | undefined, region: string): string {
    const event = JSON.parse(input ?? "{}") as { recoveryPointArn?: string };
    return JSON.stringify({
        restoreJobId: uuid(`${name}:${input}`).toUpperCase(),
        recoveryPointArn: event.recoveryPointArn ?? `arn:aws:ec2:${region}::image/ami-${hex(`${name}:${input}`, 17)}`,
    });
}

function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Removes Pulumi's secret envelopes, keeping the values. */
export function stripSecrets(value: any): any {
    return mapSecrets(value, (inner) => inner);
}

/** Replaces every secret with the text "[secret]", for printing. */
export function redactSecrets(value: any): any {
    return mapSecrets(value, () => "[secret]");
}

function mapSecrets(value: any, onSecret: (inner: any) => any): any {
    if (Array.isArray(value)) {
        return value.map((v) => mapSecrets(v, onSecret));
    }
    if (value && typeof value === "object") {
        if (value[rpc.specialSigKey] === rpc.specialSecretSig) {
            return onSecret(mapSecrets(value.value, onSecret));
        }
        if (pulumi.Resource.isInstance(value)) {
            return `[resource ${(value as any).__name ?? ""}]`;
        }
        if (pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value)) {
            return describeAsset(value);
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapSecrets(v, onSecret)]));
    }
    return value;
}

function describeAsset(value: any): Record<string, unknown> {
    const kind = pulumi.asset.Archive.isInstance(value) ? "archive" : "asset";
    const source = value.path ?? value.uri ?? (value.text !== undefined ? `text:${hex(String(value.text), 12)}` : undefined);
    return { [kind]: source ?? Object.keys(value.assets ?? {}) };
}

/**
 * Installs the mocks and records each registration's URN, parent and provider as the engine receives
 * them (the Mocks interface alone does not see parents).
 */
export async function installMocks(options: MockOptions): Promise<SigmaMocks> {
    const mocks = new SigmaMocks(options);
    await pulumi.runtime.setMocks(mocks, options.project, options.stack, false);
    const monitor = settings.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: any, resp: any) => void) => {
        register(req, (err: any, resp: any) => {
            if (!err && resp) {
                const urn: string = resp.getUrn();
                const providerRef: string = req.getProvider();
                mocks.resources.set(urn, {
                    urn,
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    parent: req.getParent() || undefined,
                    provider: providerRef ? providerRef.split("::").slice(0, -1).join("::") : undefined,
                    providers: providerUrns(req.getProvidersMap()),
                    id: resp.getId() || undefined,
                    inputs: rpc.deserializeProperties(req.getObject()),
                    state: rpc.deserializeProperties(resp.getObject()),
                    protect: req.getProtect(),
                    retainOnDelete: req.getRetainondelete(),
                    options: recordedOptions(req, options),
                    dependencies: req.getDependenciesList(),
                    propertyDependencies: recordedPropertyDependencies(req),
                });
            }
            callback(err, resp);
        });
    };
    return mocks;
}

/** The options a RegisterResourceRequest carries, leaving out those the program did not set. */
function recordedOptions(req: any, mock: MockOptions): ResourceOptionsRecord {
    const options: ResourceOptionsRecord = {};
    if (req.hasProtect()) {
        options.protect = req.getProtect();
    }
    if (req.hasRetainondelete()) {
        options.retainOnDelete = req.getRetainondelete();
    }
    const self = { name: req.getName(), type: req.getType(), parent: req.getParent() || undefined, project: mock.project, stack: mock.stack };
    const aliases: string[] = [
        ...req.getAliasurnsList(),
        ...req.getAliasesList().map((alias: any) => aliasUrn(alias.hasSpec() ? { spec: specOf(alias.getSpec()) } : { urn: alias.getUrn() }, self)),
    ];
    if (aliases.length > 0) {
        // The SDK dedupes alias objects, not the URNs they denote (a generated type alias may come twice).
        options.aliases = [...new Set(aliases)];
    }
    const ignoreChanges: string[] = req.getIgnorechangesList();
    if (ignoreChanges.length > 0) {
        options.ignoreChanges = ignoreChanges;
    }
    if (req.getDeletebeforereplacedefined()) {
        options.deleteBeforeReplace = req.getDeletebeforereplace();
    }
    if (req.getImportid()) {
        options.import = req.getImportid();
    }
    const secretOutputs: string[] = req.getAdditionalsecretoutputsList();
    if (secretOutputs.length > 0) {
        options.additionalSecretOutputs = secretOutputs;
    }
    const timeouts = req.getCustomtimeouts();
    const customTimeouts: NonNullable<ResourceOptionsRecord["customTimeouts"]> = {};
    for (const [key, text] of [["createSeconds", timeouts?.getCreate()], ["updateSeconds", timeouts?.getUpdate()], ["deleteSeconds", timeouts?.getDelete()]] as const) {
        const seconds = text ? durationSeconds(text) : undefined;
        if (seconds !== undefined) {
            customTimeouts[key] = seconds;
        }
    }
    if (Object.keys(customTimeouts).length > 0) {
        options.customTimeouts = customTimeouts;
    }
    return options;
}

/** An alias as the SDK sends it: a URN, or a spec whose empty fields default to the resource's own. */
export interface AliasRequest {
    urn?: string;
    spec?: { name?: string; type?: string; project?: string; stack?: string; parentUrn?: string; noParent?: boolean };
}

function specOf(spec: any): NonNullable<AliasRequest["spec"]> {
    return {
        name: spec.getName() || undefined, type: spec.getType() || undefined, project: spec.getProject() || undefined,
        stack: spec.getStack() || undefined, parentUrn: spec.getParenturn() || undefined, noParent: spec.getNoparent() || undefined,
    };
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The URN an alias denotes, resolved as the engine does: a spec's unset name, type, project and stack are the resource's
 * own; its parent is the spec's, none with noParent, else the resource's; a root-stack parent adds no type prefix.
 * pulumi/pulumi sdk/go/common/resource/urn.go (NewURN, CreateURN) and pkg/resource/deploy/source_eval.go (RegisterResource).
 */
export function aliasUrn(alias: AliasRequest, resource: { name: string; type: string; parent?: string; project: string; stack: string }): string {
    if (!alias.spec) {
        return alias.urn ?? "";
    }
    const spec = alias.spec;
    const parent = spec.noParent ? undefined : spec.parentUrn ?? resource.parent;
    const parentType = parent ? parent.split("::")[2] : undefined;
    const type = spec.type ?? resource.type;
    const qualifiedType = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${spec.stack ?? resource.stack}::${spec.project ?? resource.project}::${qualifiedType}::${spec.name ?? resource.name}`;
}

/** The request's property dependencies as plain URN lists, without properties that depend on nothing. */
function recordedPropertyDependencies(req: any): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, property: string) => {
        const urns: string[] = deps.getUrnsList();
        if (urns.length > 0) {
            result[property] = urns;
        }
    });
    return result;
}

function providerUrns(refs: { toArray(): Array<[string, string]> } | undefined): Record<string, string> | undefined {
    const entries = refs?.toArray() ?? [];
    return entries.length === 0 ? undefined : Object.fromEntries(entries.map(([pkg, ref]) => [pkg, ref.split("::").slice(0, -1).join("::")]));
}

/** Waits until every registration the program started has been answered. */
export function waitForRegistrations(): Promise<void> {
    // waitForRPCs is exported by the runtime but marked internal in its typings.
    return (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}
