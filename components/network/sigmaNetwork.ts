import * as aws from "@pulumi/aws";
import type * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { componentTags } from "../shared/tags";
import { ArgProblems, awsIdProblem, knownValue, show, tagProblems } from "../shared/validation";
import { cidrProblem, isIpv6Cidr } from "../../model/cidr";

/** NAT strategies of a new VPC: one gateway per AZ survives an AZ failure; one for the VPC costs less. */
export const NAT_GATEWAY_STRATEGIES = ["OnePerAz", "Single"] as const;

/** The interface endpoints Session Manager needs so private instances are managed without SSH or a bastion. */
export const SESSION_MANAGER_ENDPOINT_SERVICES = ["ssm", "ssmmessages", "ec2messages"] as const;

export const NETWORK_DEFAULTS = {
    vpcCidrBlock: "10.40.0.0/16",
    /** The issue's minimum for a load-balanced, multi-AZ deployment (an ALB needs subnets in 2 AZs). */
    availabilityZoneCount: 2,
    maxAvailabilityZoneCount: 6,
    natGatewayStrategy: "OnePerAz" as (typeof NAT_GATEWAY_STRATEGIES)[number],
    sessionManagerEndpoints: true,
};

export interface SigmaNetworkArgs {
    /** An existing VPC (`vpc-...`) to use with its subnets; when unset a new VPC is created. */
    vpcId?: pulumi.Input<string>;
    /** Existing public subnets (for the load balancer), at least 2, each in its own AZ; with vpcId only. */
    publicSubnetIds?: pulumi.Input<string>[];
    /** Existing private subnets (for the instances and endpoints), at least 2, each in its own AZ; with vpcId only. */
    privateSubnetIds?: pulumi.Input<string>[];
    /** IPv4 CIDR of a new VPC (default 10.40.0.0/16; /16 to /24). @default "10.40.0.0/16" */
    vpcCidrBlock?: string;
    /** How many AZs a new VPC spans, each with a public and a private subnet (default 2, at most 6). @default 2 */
    availabilityZoneCount?: number;
    /** NAT gateways of a new VPC: "OnePerAz" (default, survives an AZ failure) or "Single" (cheaper). @default "OnePerAz" */
    natGatewayStrategy?: string;
    /** Create interface endpoints for ssm, ssmmessages and ec2messages in the private subnets (default true). @default true */
    sessionManagerEndpoints?: boolean;
    /** Extra tags for every resource. */
    tags?: Record<string, string>;
}

/** Why a set of subnets does not span distinct AZs, or undefined when each subnet is in its own AZ. */
export function distinctAzProblem(arg: string, subnetIds: string[], azs: string[]): string | undefined {
    const seen = new Map<string, string>();
    for (let i = 0; i < subnetIds.length; i++) {
        const other = seen.get(azs[i]);
        if (other !== undefined) {
            return `${arg} puts ${other} and ${subnetIds[i]} in the same Availability Zone ${azs[i]}; give one subnet per AZ so an AZ failure leaves the others serving`;
        }
        seen.set(azs[i], subnetIds[i]);
    }
    return seen.size < 2 ? `${arg} spans ${seen.size} Availability Zone(s); give subnets in at least 2 AZs` : undefined;
}

function subnetListProblems(problems: ArgProblems, arg: string, ids: pulumi.Input<string>[] | undefined): void {
    if (!Array.isArray(ids) || ids.length < 2) {
        problems.add(`${arg} ${show(ids)} must list at least 2 subnets in distinct Availability Zones`);
        return;
    }
    ids.forEach((id, i) => problems.add(awsIdProblem(`${arg}[${i}]`, "subnet", id)));
    const known = ids.map((id) => knownValue(id)).filter((id): id is string => id !== undefined);
    problems.check(new Set(known).size === known.length, `${arg} ${show(known)} lists a subnet twice; remove the duplicate`);
}

/** Validates SigmaNetwork args; throws one error listing every problem. */
export function validateNetworkArgs(name: string, args: SigmaNetworkArgs): void {
    const problems = new ArgProblems("SigmaNetwork", name);
    if (args.vpcId !== undefined) {
        problems.add(awsIdProblem("vpcId", "vpc", args.vpcId));
        subnetListProblems(problems, "publicSubnetIds", args.publicSubnetIds);
        subnetListProblems(problems, "privateSubnetIds", args.privateSubnetIds);
        for (const arg of ["vpcCidrBlock", "availabilityZoneCount", "natGatewayStrategy"] as const) {
            problems.check(args[arg] === undefined, `${arg} ${show(args[arg])} only shapes a new VPC, but vpcId is set; remove it or remove vpcId`);
        }
    } else {
        for (const arg of ["publicSubnetIds", "privateSubnetIds"] as const) {
            problems.check(args[arg] === undefined, `${arg} ${show(args[arg])} needs vpcId (the VPC they belong to); set vpcId or remove them to create a new VPC`);
        }
        const cidr = args.vpcCidrBlock ?? NETWORK_DEFAULTS.vpcCidrBlock;
        const prefix = Number(cidr.split("/")[1]);
        const cidrIssue = cidrProblem(cidr) ?? (isIpv6Cidr(cidr) ? "is IPv6; give the VPC's IPv4 block" : undefined)
            ?? (prefix < 16 || prefix > 24 ? "must be a /16 to /24 block (AWS allows /16-/28; smaller leaves no room for subnets per AZ)" : undefined);
        problems.check(cidrIssue === undefined, `vpcCidrBlock ${show(cidr)} ${cidrIssue}`);
        const azs = args.availabilityZoneCount ?? NETWORK_DEFAULTS.availabilityZoneCount;
        problems.check(Number.isInteger(azs) && azs >= 2 && azs <= NETWORK_DEFAULTS.maxAvailabilityZoneCount,
            `availabilityZoneCount ${show(args.availabilityZoneCount)} must be a whole number from 2 to ${NETWORK_DEFAULTS.maxAvailabilityZoneCount}; a load-balanced deployment needs at least 2 AZs`);
        const nat = args.natGatewayStrategy ?? NETWORK_DEFAULTS.natGatewayStrategy;
        problems.check((NAT_GATEWAY_STRATEGIES as readonly string[]).includes(nat),
            `natGatewayStrategy ${show(args.natGatewayStrategy)} is not supported; use ${NAT_GATEWAY_STRATEGIES.join(" (high availability) or ")} (cost)`);
    }
    problems.addAll(tagProblems("tags", args.tags));
    problems.throwIfAny();
}

/**
 * The network of a multi-AZ Sigma deployment: an existing VPC with public and private subnets in distinct
 * AZs (checked against AWS at deploy time), or a new awsx VPC with a public and a private subnet per AZ and
 * NAT gateways; plus the Session Manager interface endpoints and their security group.
 */
export class SigmaNetwork extends pulumi.ComponentResource {
    /** The awsx VPC when one was created. */
    public readonly vpc?: awsx.ec2.Vpc;
    public readonly endpointSecurityGroup?: aws.ec2.SecurityGroup;
    public readonly vpcEndpoints: aws.ec2.VpcEndpoint[];
    public readonly vpcId: pulumi.Output<string>;
    public readonly vpcCidrBlock: pulumi.Output<string>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /** How many private subnets (one per AZ) there are, known before deployment so callers can spread instances. */
    public readonly privateSubnetCount: number;

    constructor(name: string, args: SigmaNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        validateNetworkArgs(name, args);
        super("sigma:network:SigmaNetwork", name, {}, opts);
        const child = { parent: this };
        const tags = componentTags("SigmaNetwork", args.tags);

        if (args.vpcId !== undefined) {
            this.vpcId = pulumi.output(args.vpcId);
            this.vpcCidrBlock = aws.ec2.getVpcOutput({ id: args.vpcId }, child).cidrBlock;
            this.publicSubnetIds = inDistinctAzs("publicSubnetIds", args.publicSubnetIds!, child);
            this.privateSubnetIds = inDistinctAzs("privateSubnetIds", args.privateSubnetIds!, child);
            this.privateSubnetCount = args.privateSubnetIds!.length;
        } else {
            const vpcCidrBlock = args.vpcCidrBlock ?? NETWORK_DEFAULTS.vpcCidrBlock;
            this.privateSubnetCount = args.availabilityZoneCount ?? NETWORK_DEFAULTS.availabilityZoneCount;
            this.vpc = new (loadAwsx().ec2.Vpc)(`${name}-vpc`, {
                cidrBlock: vpcCidrBlock,
                numberOfAvailabilityZones: this.privateSubnetCount,
                subnetStrategy: "Auto",
                subnetSpecs: [{ type: "Public" }, { type: "Private" }],
                natGateways: { strategy: (args.natGatewayStrategy ?? NETWORK_DEFAULTS.natGatewayStrategy) as awsx.types.enums.ec2.NatGatewayStrategy },
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: { ...tags, Name: `${name}-vpc` },
            }, { parent: this, providers: awsProviderOf(this) });
            this.vpcId = this.vpc.vpcId;
            this.vpcCidrBlock = pulumi.output(vpcCidrBlock);
            this.publicSubnetIds = this.vpc.publicSubnetIds;
            this.privateSubnetIds = this.vpc.privateSubnetIds;
        }

        this.vpcEndpoints = [];
        if (args.sessionManagerEndpoints ?? NETWORK_DEFAULTS.sessionManagerEndpoints) {
            const endpointGroup = new aws.ec2.SecurityGroup(`${name}-endpoints`, {
                vpcId: this.vpcId,
                description: "Session Manager interface endpoints: HTTPS from inside the VPC only",
                tags: { ...tags, Name: `${name}-endpoints` },
            }, child);
            new aws.vpc.SecurityGroupIngressRule(`${name}-endpoints-https-from-vpc`, {
                securityGroupId: endpointGroup.id,
                cidrIpv4: this.vpcCidrBlock,
                ipProtocol: "tcp", fromPort: 443, toPort: 443,
                description: "HTTPS (443) from the VPC to the Session Manager endpoints",
                tags,
            }, child);
            const region = aws.getRegionOutput({}, child).region;
            for (const service of SESSION_MANAGER_ENDPOINT_SERVICES) {
                this.vpcEndpoints.push(new aws.ec2.VpcEndpoint(`${name}-${service}`, {
                    vpcId: this.vpcId,
                    serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: this.privateSubnetIds,
                    securityGroupIds: [endpointGroup.id],
                    tags: { ...tags, Name: `${name}-${service}` },
                }, child));
            }
            this.endpointSecurityGroup = endpointGroup;
        }

        this.registerOutputs({
            vpcId: this.vpcId, vpcCidrBlock: this.vpcCidrBlock,
            publicSubnetIds: this.publicSubnetIds, privateSubnetIds: this.privateSubnetIds,
        });
    }
}

/**
 * @pulumi/awsx, loaded when a VPC is created and not before: it loads about 105 modules, and the topologies that use
 * an existing VPC (single-az, dr-region) never need them.
 */
function loadAwsx(): typeof awsx {
    return require("@pulumi/awsx") as typeof awsx;
}

/**
 * A remote component (awsx) does not inherit its parent's providers, so the AWS provider this component was
 * given (region, default tags) is handed on explicitly.
 */
function awsProviderOf(component: pulumi.ComponentResource): Record<string, pulumi.ProviderResource> | undefined {
    const provider = component.getProvider("aws::");
    return provider ? { aws: provider } : undefined;
}

/** The subnet ids, after AWS confirms each is in its own AZ; otherwise every resource using them fails with the reason. */
function inDistinctAzs(arg: string, subnetIds: pulumi.Input<string>[], opts: pulumi.InvokeOutputOptions): pulumi.Output<string[]> {
    const azs = subnetIds.map((id) => aws.ec2.getSubnetOutput({ id }, opts).availabilityZone);
    return pulumi.all([pulumi.all(subnetIds), pulumi.all(azs)]).apply(([ids, zones]) => {
        const problem = distinctAzProblem(arg, ids, zones);
        if (problem) {
            throw new Error(`SigmaNetwork: ${problem}`);
        }
        return ids;
    });
}
