import { SynthResult } from "../../offline/synth/synthesize";

export const FIXTURE_PROVIDER_URN = "urn:pulumi:test::sigma::pulumi:providers:aws::aws";
export const STANDARD_TAGS = { project: "sigma", stack: "test", environment: "test", "managed-by": "pulumi" };

/** One resource of a fixture stack; `deps` names the other fixture resources (by name) an input came from. */
export interface FixtureResource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
    parent?: string;
    deps?: Record<string, string[]>;
    /** Provider name; "aws" (the fixture provider) unless set. */
    provider?: string;
    /** Resource options as the synth records them (protect, retainOnDelete). */
    options?: Record<string, unknown>;
}

export const fixtureUrn = (type: string, name: string) => `urn:pulumi:test::sigma::${type}::${name}`;

/** A synth document holding the fixture resources, all on a provider with the standard default tags in `region`. */
export function fixtureSynth(resources: FixtureResource[], options: { region?: string; defaultTags?: Record<string, string>; providers?: Record<string, string> } = {}): SynthResult {
    const urnOf = new Map(resources.map((r) => [r.name, fixtureUrn(r.type, r.name)]));
    const providers = { aws: options.region ?? "ap-southeast-1", ...(options.providers ?? {}) };
    return {
        project: "sigma",
        stack: "test",
        outputs: {},
        resources: [
            ...Object.entries(providers).map(([name, region]) => ({
                urn: `urn:pulumi:test::sigma::pulumi:providers:aws::${name}`, type: "pulumi:providers:aws", name,
                inputs: { region, defaultTags: { tags: options.defaultTags ?? STANDARD_TAGS } },
            })),
            ...resources.map((r) => ({
                urn: urnOf.get(r.name) as string,
                type: r.type,
                name: r.name,
                parent: r.parent ? urnOf.get(r.parent) : undefined,
                provider: `urn:pulumi:test::sigma::pulumi:providers:aws::${r.provider ?? "aws"}`,
                inputs: r.inputs,
                ...(r.options ? { options: r.options } : {}),
                propertyDependencies: Object.fromEntries(Object.entries(r.deps ?? {}).map(([k, names]) => [k, names.map((n) => {
                    const urn = urnOf.get(n);
                    if (!urn) {
                        throw new Error(`fixture dependency ${n} is not a fixture resource`);
                    }
                    return urn;
                })])),
            })),
        ],
    };
}

/** A compliant Sigma instance's inputs; spread and override to make a violating one. */
export const goodInstance = {
    ami: "ami-0123456789abcdef0", instanceType: "t3.xlarge", monitoring: true, associatePublicIpAddress: false,
    disableApiTermination: true, subnetId: "subnet-0123456789abcdef0",
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    rootBlockDevice: { encrypted: true, volumeType: "gp3" },
    tags: { Name: "sigma", "sigma:backup": "true" },
};

export const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
export const trust = (principal: unknown) => doc({ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" });

/** One fixture: the resources, the policy config (the policy runs mandatory unless the config says otherwise), and what it must report. */
export interface PolicyCase {
    policy: string;
    title: string;
    resources: FixtureResource[];
    config?: Record<string, unknown>;
    /** Number of violations expected (0 = compliant) and a pattern one of the messages must match. */
    violations: number;
    message?: RegExp;
    region?: string;
    providers?: Record<string, string>;
}
