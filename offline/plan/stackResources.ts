import { SynthResult } from "../synth/synthesize";

export type SynthResource = SynthResult["resources"][number];

const PROVIDER_PREFIX = "pulumi:providers:";

/** A synth document indexed for the plan: children per parent, and the region each resource is deployed to. */
export class StackResources {
    readonly byUrn = new Map<string, SynthResource>();
    readonly childrenOf = new Map<string, SynthResource[]>();
    /** The region of resources that name no explicit provider: the default aws provider's, else the first aws provider's. */
    readonly stackRegion: string;

    constructor(readonly synth: SynthResult) {
        for (const r of synth.resources) {
            this.byUrn.set(r.urn, r);
        }
        for (const r of synth.resources) {
            const parent = r.parent && this.byUrn.has(r.parent) ? r.parent : "";
            this.childrenOf.set(parent, [...(this.childrenOf.get(parent) ?? []), r]);
        }
        const awsProviders = synth.resources.filter((r) => r.type === `${PROVIDER_PREFIX}aws` && typeof r.inputs.region === "string");
        const defaultProvider = awsProviders.find((r) => r.name.startsWith("default"));
        const region = (defaultProvider ?? awsProviders[0])?.inputs.region;
        if (typeof region !== "string") {
            throw new Error(`stack "${synth.stack}" registers no aws provider with a region; the plan prices resources by the provider's region`);
        }
        this.stackRegion = region;
    }

    get resources(): SynthResource[] {
        return this.synth.resources;
    }

    ofType(type: string): SynthResource[] {
        return this.synth.resources.filter((r) => r.type === type);
    }

    regionOf(resource: SynthResource): string {
        // @pulumi/aws 7 lets a resource override its provider's region.
        if (typeof resource.inputs.region === "string" && !this.isProvider(resource)) {
            return resource.inputs.region;
        }
        const provider = resource.provider ? this.byUrn.get(resource.provider) : undefined;
        const region = provider?.inputs.region;
        return typeof region === "string" ? region : this.stackRegion;
    }

    /** Resources directly under the same parent component as `resource`. */
    siblingsOf(resource: SynthResource): SynthResource[] {
        return (this.childrenOf.get(resource.parent ?? "") ?? []).filter((r) => r.urn !== resource.urn);
    }

    isProvider(resource: SynthResource): boolean {
        return resource.type.startsWith(PROVIDER_PREFIX);
    }
}

