import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, RecordedResource, redactSecrets, SigmaMocks, waitForRegistrations } from "./mockRuntime";

/** The JSON document `npm run synth` prints: the contract the policy check and the plan read. */
export interface SynthResult {
    project: string;
    stack: string;
    resources: Array<{
        urn: string; type: string; name: string; parent?: string; provider?: string; inputs: Record<string, unknown>;
        /** Per input property, the URNs of the resources its value came from (read by the policy check's stack policies). */
        propertyDependencies?: Record<string, string[]>;
        /** URNs this resource depends on. */
        dependencies?: string[];
    }>;
    outputs: Record<string, unknown>;
}

export interface SynthOptions {
    stack: string;
    /** The Pulumi project directory (holds Pulumi.yaml); the repository root by default. */
    projectDir?: string;
    /** Config values that replace or add to the stack file's, keyed `namespace:key`, as strings or JSON values. */
    configOverrides?: Record<string, unknown>;
    /** Outputs of the stacks the program reads through StackReference (e.g. sigma:drStack), by stack name. */
    stackReferences?: Record<string, Record<string, unknown>>;
}

export interface StackConfigFile {
    project: string;
    config: Record<string, string>;
    secretKeys: string[];
}

/**
 * Reads Pulumi.yaml's config defaults and Pulumi.<stack>.yaml's values into the flat string map the
 * Pulumi runtime uses (lists and objects become JSON). Encrypted `secure:` values cannot be decrypted
 * offline; they become "[secret]" placeholders marked secret.
 */
export function readStackConfig(projectDir: string, stack: string, overrides: Record<string, unknown> = {}): StackConfigFile {
    const project = yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as any;
    const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        throw new Error(`stack "${stack}" has no ${path.basename(stackFile)}; the stacks here are: ${listStacks(projectDir).join(", ")}`);
    }
    const stackDoc = (yaml.load(fs.readFileSync(stackFile, "utf8")) ?? {}) as any;
    const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const put = (key: string, value: unknown) => {
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in (value as object)) {
            config[key] = "[secret]";
            secretKeys.push(key);
        } else {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    };
    for (const [key, decl] of Object.entries<any>(project.config ?? {})) {
        if (decl && typeof decl === "object" && "default" in decl) {
            put(qualify(key), decl.default);
        } else if (decl !== null && typeof decl !== "object") {
            put(qualify(key), decl);
        }
    }
    for (const [key, value] of Object.entries(stackDoc.config ?? {})) {
        put(qualify(key), value);
    }
    for (const [key, value] of Object.entries(overrides)) {
        put(qualify(key), value);
    }
    return { project: project.name, config, secretKeys };
}

export function listStacks(projectDir: string): string[] {
    return fs.readdirSync(projectDir).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => !!s);
}

async function settle(value: unknown): Promise<{ value: unknown; secret: boolean }> {
    if (pulumi.Output.isInstance(value)) {
        const secret = await pulumi.isSecret(value);
        const resolved = await new Promise((resolve) => value.apply((v) => { resolve(v); return v; }));
        return { value: resolved, secret };
    }
    return { value: await value, secret: false };
}

/**
 * Drops the program's entry point and stack assembly from require's cache so the program runs again in this
 * process. Components stay loaded: they hold no module state, and re-transpiling them made every run slow.
 */
function forgetProgram(projectDir: string): void {
    const root = path.resolve(projectDir);
    const entry = path.join(root, "index.ts");
    const stacks = path.join(root, "stacks") + path.sep;
    for (const id of Object.keys(require.cache)) {
        if (id === entry || id.startsWith(stacks)) {
            delete require.cache[id];
        }
    }
}

/** Runs the real program (index.ts) under the mock runtime and returns what it registered. */
export async function runProgram(options: SynthOptions): Promise<{ mocks: SigmaMocks; outputs: Record<string, { value: unknown; secret: boolean }>; project: string }> {
    const projectDir = path.resolve(options.projectDir ?? path.join(__dirname, "..", ".."));
    const { project, config, secretKeys } = readStackConfig(projectDir, options.stack, options.configOverrides);
    pulumi.runtime.setAllConfig(config, secretKeys);
    const region = config["aws:region"] ?? "us-east-1";
    const subnetIds: string[] = safeJson(config[`${project}:subnetIds`]) ?? [];
    // Offline there is no AWS to ask which AZ a subnet is in: the i-th configured subnet is taken to be in the i-th AZ.
    const subnetAzs = Object.fromEntries(subnetIds.map((id, i) => [id, `${region}${"abcdef"[i % 6]}`]));
    // The same holds for multi-az's public and private subnet lists, each counted from the first AZ.
    for (const key of ["publicSubnetIds", "privateSubnetIds"]) {
        const ids: string[] = safeJson(config[`${project}:${key}`]) ?? [];
        ids.forEach((id, i) => { subnetAzs[id] = `${region}${"abcdef"[i % 6]}`; });
    }
    const mocks = await installMocks({ project, stack: options.stack, region, subnetAzs, stackReferences: options.stackReferences });
    forgetProgram(projectDir);
    const program = require(path.join(projectDir, "index.ts"));
    const outputs: Record<string, { value: unknown; secret: boolean }> = {};
    for (const [key, value] of Object.entries(program ?? {})) {
        outputs[key] = await settle(value);
    }
    await waitForRegistrations();
    return { mocks, outputs, project };
}

function safeJson(text: string | undefined): any {
    try {
        return text === undefined ? undefined : JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** The SDK sends a provider's nested inputs (defaultTags, assumeRole, ...) JSON-encoded; show them as the program passed them. */
function decodeProviderInputs(inputs: Record<string, any>): Record<string, any> {
    return Object.fromEntries(Object.entries(inputs).map(([k, v]) =>
        [k, typeof v === "string" && /^[[{]/.test(v) ? safeJson(v) ?? v : v]));
}

/** The synth document for a stack: every registered resource with its inputs, and the stack outputs. */
export async function synthesize(options: SynthOptions): Promise<SynthResult> {
    const { mocks, outputs, project } = await runProgram(options);
    return {
        project,
        stack: options.stack,
        resources: [...mocks.resources.values()].map((r: RecordedResource) => ({
            urn: r.urn, type: r.type, name: r.name, parent: r.parent, provider: r.provider,
            inputs: redactSecrets(r.type.startsWith("pulumi:providers:") ? decodeProviderInputs(r.inputs) : r.inputs),
            propertyDependencies: r.propertyDependencies, dependencies: r.dependencies,
        })),
        outputs: Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o.secret ? "[secret]" : redactSecrets(o.value)])),
    };
}
