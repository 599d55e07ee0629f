import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, RecordedResource, redactSecrets, ResourceOptionsRecord, SigmaMocks, waitForRegistrations } from "./mockRuntime";
import {
    answersReference, localStackOf, STACK_REFERENCE_KEYS, StackOutputs, StackReferenceError, stackOutputFix, stackReferenceUses,
} from "./stackReferences";

/** The JSON document `npm run synth` prints: the contract the policy check and the plan read. */
export interface SynthResult {
    project: string;
    stack: string;
    resources: SynthResource[];
    outputs: Record<string, unknown>;
}

/** One registered resource in the synth document. */
export interface SynthResource {
    urn: string; type: string; name: string; parent?: string; provider?: string; inputs: Record<string, unknown>;
    /** Per input property, the URNs of the resources its value came from (read by the policy check's stack policies). */
    propertyDependencies?: Record<string, string[]>;
    /** URNs this resource depends on. */
    dependencies?: string[];
    /**
     * The resource options the engine receives (protect, retainOnDelete, aliases as URNs, ignoreChanges,
     * deleteBeforeReplace, import), unset ones omitted; absent in documents written before options were recorded.
     */
    options?: ResourceOptionsRecord;
}

export interface SynthOptions {
    stack: string;
    /** The Pulumi project directory (holds Pulumi.yaml); the repository root by default. */
    projectDir?: string;
    /** Config values that replace or add to the stack file's, keyed `namespace:key`, as strings or JSON values. */
    configOverrides?: Record<string, unknown>;
    /**
     * Outputs of the stacks the program reads through StackReference (e.g. sigma:drStack), by stack name as the config
     * writes it or its last part. A reference to a stack of this project not answered here is answered by that stack's
     * own synth, run first in the same process.
     */
    stackReferences?: StackOutputs;
    /**
     * Run with Pulumi's debugging aids (per-promise stack traces and leak tracking, per-resource call sites) in place,
     * as `pulumi up` has them; off by default (withoutStackCapture). A synth must not depend on them: a test compares.
     */
    keepDebugAids?: boolean;
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
    const project = readProjectFile(projectDir);
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

function readProjectFile(projectDir: string): any {
    return yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8"));
}

/** The project's name (Pulumi.yaml `name`), the namespace of its config keys. */
export function projectName(projectDir: string): string {
    return String(readProjectFile(projectDir)?.name);
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
    // require caches modules by real path; a project directory may link to the program.
    const real = (file: string) => (fs.existsSync(file) ? fs.realpathSync(file) : file);
    const root = path.resolve(projectDir);
    const entry = real(path.join(root, "index.ts"));
    const stacks = real(path.join(root, "stacks")) + path.sep;
    for (const id of Object.keys(require.cache)) {
        if (id === entry || id.startsWith(stacks)) {
            delete require.cache[id];
        }
    }
}

/** What one run of the program left: the recorded registrations and the stack outputs. */
export interface ProgramRun {
    mocks: SigmaMocks;
    outputs: Record<string, { value: unknown; secret: boolean }>;
    project: string;
}

/** Runs the real program (index.ts) under the mock runtime and returns what it registered. */
export async function runProgram(options: SynthOptions): Promise<ProgramRun> {
    return options.keepDebugAids ? runProgramFor(options, []) : withoutStackCapture(() => runProgramFor(options, []));
}

/**
 * Runs `body` without the debugging aids Pulumi's Node SDK builds for every resource and promise, and restores them
 * when it settles, whether it resolved or threw. Nothing offline reads them; they were most of an offline run's time:
 * - V8's stack capture is off (Error.stackTraceLimit = 0): debuggablePromise builds a stack-trace string for every
 *   promise (`new Error().stack`, node_modules/@pulumi/pulumi/runtime/debuggable.js), about 63 per resource, for a
 *   leak report the engine prints; they were half the time of a 50-environment synth.
 * - debuggablePromise itself (the same file: three property definitions, a leak-candidate set and two extra promise
 *   reactions per promise) hands the promise back unchanged: the mock monitor never leaks one, and a leak report is
 *   printed at exit, after every offline result is out.
 * - Resource.callsites (node_modules/@pulumi/pulumi/resource.js) lifts the limit to capture every frame of each
 *   resource's construction, for the source position the engine shows in its diff; the offline mocks drop it, so
 *   it answers "no frames", which the SDK already handles (no source position is sent).
 * Messages are unaffected: a stack trace is not part of Error.message, and the offline commands print messages only.
 * Each aid is replaced only when this SDK version has it where named; test/offline/synth/stackCapture.test.ts checks
 * that a synth with and without them is the same document.
 */
export async function withoutStackCapture<T>(body: () => Promise<T>): Promise<T> {
    const limit = Error.stackTraceLimit;
    const restore = [
        replaceFunction(require("@pulumi/pulumi/runtime/debuggable"), "debuggablePromise", <P>(promise: P) => promise),
        replaceFunction(require("@pulumi/pulumi").Resource, "callsites", () => []),
    ];
    Error.stackTraceLimit = 0;
    try {
        return await body();
    } finally {
        Error.stackTraceLimit = limit;
        restore.forEach((undo) => undo());
    }
}

/** Replaces `owner[name]` when it is a writable function, and returns what puts the original back. */
function replaceFunction(owner: Record<string, unknown>, name: string, replacement: (...args: any[]) => unknown): () => void {
    const original = owner[name];
    const descriptor = Object.getOwnPropertyDescriptor(owner, name);
    if (typeof original !== "function" || !descriptor?.writable) {
        return () => undefined;
    }
    owner[name] = replacement;
    return () => {
        owner[name] = original;
    };
}

/**
 * Offline there is no AWS to ask which AZ a subnet is in: the i-th configured subnet is taken to be in the i-th AZ,
 * for sigma:subnetIds and for multi-az's public and private subnet lists, each counted from the first AZ.
 */
export function offlineSubnetAzs(project: string, config: Record<string, string>, region: string): Record<string, string> {
    const subnetIds: string[] = safeJson(config[`${project}:subnetIds`]) ?? [];
    const subnetAzs = Object.fromEntries(subnetIds.map((id, i) => [id, `${region}${"abcdef"[i % 6]}`]));
    for (const key of ["publicSubnetIds", "privateSubnetIds"]) {
        const ids: string[] = safeJson(config[`${project}:${key}`]) ?? [];
        ids.forEach((id, i) => { subnetAzs[id] = `${region}${"abcdef"[i % 6]}`; });
    }
    return subnetAzs;
}

/** `referredFrom`: the stacks whose StackReferences led here, outermost first, so a cycle is refused. */
async function runProgramFor(options: SynthOptions, referredFrom: string[]): Promise<ProgramRun> {
    const projectDir = path.resolve(options.projectDir ?? path.join(__dirname, "..", ".."));
    const { project, config, secretKeys } = readStackConfig(projectDir, options.stack, options.configOverrides);
    // Referenced stacks run first: each run resets the runtime's config and mocks.
    const references = await answerStackReferences(options, projectDir, project, config, [...referredFrom, options.stack]);
    pulumi.runtime.setAllConfig(config, secretKeys);
    const region = config["aws:region"] ?? "us-east-1";
    const subnetAzs = offlineSubnetAzs(project, config, region);
    const mocks = await installMocks({
        project, stack: options.stack, region, subnetAzs, stackReferences: references.outputs, stackReferenceSecrets: references.secrets,
    });
    forgetProgram(projectDir);
    return failOnUnhandledRejection(async () => {
        const program = require(path.join(projectDir, "index.ts"));
        const outputs: Record<string, { value: unknown; secret: boolean }> = {};
        for (const [key, value] of Object.entries(program ?? {})) {
            outputs[key] = await settle(value);
        }
        await waitForRegistrations();
        return { mocks, outputs, project };
    });
}

/** Fails the program run in progress with a rejection nobody handled; undefined between runs. */
let failActiveRun: ((reason: unknown) => void) | undefined;
let routingRejections = false;

/**
 * Runs `body`, failing with the first promise rejection nobody handled meanwhile (a program error inside an apply or
 * a registration) instead of letting it end the process with a stack trace. The listener stays installed: after a
 * run failed, the rest of its program may still reject, and those echoes are dropped.
 */
async function failOnUnhandledRejection<T>(body: () => Promise<T>): Promise<T> {
    if (!routingRejections) {
        process.on("unhandledRejection", (reason) => failActiveRun?.(reason));
        routingRejections = true;
    }
    const rejected = new Promise<never>((_, reject) => { failActiveRun = reject; });
    try {
        // A few turns of the event loop after the body: Node reports a rejection left unhandled only once the microtask
        // queue has drained, and a registration's serialization can reject a turn later than the body settles.
        const settled = async (value: T): Promise<T> => {
            for (let turn = 0; turn < 3; turn++) {
                await new Promise<void>((resolve) => setImmediate(resolve));
                await new Promise<void>((resolve) => setTimeout(resolve, 0));
            }
            return value;
        };
        return await Promise.race([body().then(settled), rejected]);
    } finally {
        failActiveRun = undefined;
    }
}

/**
 * Answers every StackReference the stack's config asks for: outputs given in `options.stackReferences` first, else the
 * synth of the named stack of this project. Throws a StackReferenceError (one line: key, value, fix) when neither can.
 */
async function answerStackReferences(options: SynthOptions, projectDir: string, project: string, config: Record<string, string>,
    chain: string[]): Promise<{ outputs: StackOutputs; secrets: Record<string, string[]> }> {
    const given = options.stackReferences ?? {};
    const outputs: StackOutputs = { ...given };
    const secrets: Record<string, string[]> = {};
    for (const use of stackReferenceUses(project, config)) {
        const explicit = given[use.name] !== undefined ? use.name : Object.keys(given).find((stack) => answersReference(stack, use.name));
        if (explicit !== undefined) {
            const missing = use.spec.outputs.filter((o) => !(o in given[explicit]));
            if (missing.length > 0) {
                throw new StackReferenceError(`${use.key} ${JSON.stringify(use.name)} reads ${missing.join(", ")}, which --stack-output does not give for stack "${explicit}"; ${stackOutputFix(use, missing)}`);
            }
            for (const output of use.spec.outputs) {
                const problem = use.spec.valueProblem(output, given[explicit][output], config["aws:region"]);
                if (problem) {
                    throw new StackReferenceError(`${use.key} ${JSON.stringify(use.name)} reads ${output}, and --stack-output ${explicit}.${output}=${String(given[explicit][output])} ${problem}; ${stackOutputFix(use, [output])}`);
                }
            }
            outputs[use.name] = given[explicit];
            continue;
        }
        const local = localStackOf(use.name, project, projectDir);
        if ("problem" in local) {
            throw new StackReferenceError(`${use.key} ${JSON.stringify(use.name)} cannot be answered offline: ${local.problem}; ${stackOutputFix(use)}`);
        }
        if (chain.includes(local.stack)) {
            throw new StackReferenceError(`${use.key} ${JSON.stringify(use.name)} refers back to a stack that refers to it (${[...chain, local.stack].join(" -> ")}); ${stackOutputFix(use)}`);
        }
        let run: ProgramRun;
        try {
            run = await runProgramFor({ stack: local.stack, projectDir, stackReferences: options.stackReferences }, chain);
        } catch (err) {
            if (err instanceof StackReferenceError) {
                throw err;
            }
            throw new Error(`${use.key} ${JSON.stringify(use.name)}: the synth of stack "${local.stack}", which answers it, failed:\n${err instanceof Error ? err.message : String(err)}`);
        }
        const missing = use.spec.outputs.filter((o) => !(o in run.outputs));
        if (missing.length > 0) {
            throw new StackReferenceError(`${use.key} ${JSON.stringify(use.name)}: stack "${local.stack}" has no output ${missing.join(", ")} (its outputs: ${Object.keys(run.outputs).join(", ") || "none"}); name a stack that has, or ${stackOutputFix(use, missing)}`);
        }
        outputs[use.name] = Object.fromEntries(Object.entries(run.outputs).map(([k, o]) => [k, o.value]));
        secrets[use.name] = Object.entries(run.outputs).filter(([, o]) => o.secret).map(([k]) => k);
    }
    return { outputs, secrets };
}

/**
 * The stacks given in `stackOutputs` that no run of `stacks` would read: every StackReference their configs ask for,
 * and those of the local stacks that answer them. A config that cannot be read is skipped (its synth reports it).
 */
export function unreadStackOutputs(stackOutputs: StackOutputs, stacks: readonly string[], projectDir: string): string[] {
    const given = Object.keys(stackOutputs);
    if (given.length === 0) {
        return [];
    }
    const read = new Set<string>();
    const visited = new Set<string>();
    const visit = (stack: string) => {
        if (visited.has(stack)) {
            return;
        }
        visited.add(stack);
        let uses;
        let project: string;
        try {
            const file = readStackConfig(projectDir, stack);
            uses = stackReferenceUses(file.project, file.config);
            project = file.project;
        } catch {
            return;
        }
        for (const use of uses) {
            const answer = given.filter((s) => answersReference(s, use.name));
            answer.forEach((s) => read.add(s));
            const local = localStackOf(use.name, project, projectDir);
            if (answer.length === 0 && "stack" in local) {
                visit(local.stack);
            }
        }
    };
    stacks.forEach(visit);
    return given.filter((s) => !read.has(s));
}

/** One problem per `--stack-output` stack that the runs of `stacks` would never read (a typo, or the wrong stack). */
export function unreadStackOutputProblems(stackOutputs: StackOutputs, stacks: readonly string[], projectDir: string): string[] {
    const readers = stacks.length === 1 ? `stack "${stacks[0]}" does` : `none of the stacks ${stacks.join(", ")} do`;
    const keys = Object.keys(STACK_REFERENCE_KEYS).map((key) => `${projectName(projectDir)}:${key}`).join(", ");
    return unreadStackOutputs(stackOutputs, stacks, projectDir).map((stack) => {
        const [output, value] = Object.entries(stackOutputs[stack])[0];
        return `--stack-output ${JSON.stringify(`${stack}.${output}=${String(value)}`)} answers stack "${stack}", which ${readers} not read (no ${keys} names it); drop it or name the stack the config names`;
    });
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

/** A recorded registration as the synth document shows it: inputs with secrets redacted, and its options. */
export function synthResource(r: RecordedResource): SynthResource {
    return {
        urn: r.urn, type: r.type, name: r.name, parent: r.parent, provider: r.provider,
        inputs: redactSecrets(r.type.startsWith("pulumi:providers:") ? decodeProviderInputs(r.inputs) : r.inputs),
        propertyDependencies: r.propertyDependencies, dependencies: r.dependencies, options: r.options,
    };
}

/** The synth document for a stack: every registered resource with its inputs and options, and the stack outputs. */
export async function synthesize(options: SynthOptions): Promise<SynthResult> {
    const { mocks, outputs, project } = await runProgram(options);
    return {
        project,
        stack: options.stack,
        resources: [...mocks.resources.values()].map(synthResource),
        outputs: Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o.secret ? "[secret]" : redactSecrets(o.value)])),
    };
}
