import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockOptions, RecordedResource, SigmaMocks, stripSecrets, waitForRegistrations } from "../offline/synth/mockRuntime";

/** Installs fresh mocks (project "sigma", stack "test", ap-southeast-1 unless overridden). */
export function useMocks(options: Partial<MockOptions> = {}): Promise<SigmaMocks> {
    return installMocks({ project: "sigma", stack: "test", region: "ap-southeast-1", ...options });
}

/** The resolved value of an Output. */
export function resolve<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((res) => output.apply((v) => { res(v); return v; }));
}

/** Waits for every registration, then returns the recorded resources of `type` (inputs without secret envelopes). */
export async function registered(mocks: SigmaMocks, type?: string): Promise<RecordedResource[]> {
    await waitForRegistrations();
    return [...mocks.resources.values()]
        .filter((r) => type === undefined || r.type === type)
        .map((r) => ({ ...r, inputs: stripSecrets(r.inputs) }));
}

/** The one recorded resource of `type` whose logical name is `name`. */
export async function registeredOne(mocks: SigmaMocks, type: string, name: string): Promise<RecordedResource> {
    const match = (await registered(mocks, type)).filter((r) => r.name === name);
    if (match.length !== 1) {
        throw new Error(`expected one ${type} named ${name}, found ${match.length}`);
    }
    return match[0];
}
