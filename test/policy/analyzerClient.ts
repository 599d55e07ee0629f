import * as assert from "assert";
import { ChildProcess, spawn, SpawnOptions } from "child_process";
import * as path from "path";
import { allPolicies } from "../../policy/policies";
import { evaluatePolicies, propsAsEngineSees } from "../../offline/check/policyCheck";
import { ENFORCEMENT_LEVELS, resolvePolicyConfig } from "../../offline/check/policyConfig";
import { SynthResult } from "../../offline/synth/synthesize";
import { POLICY_CASES } from "./policyCases";
import { fixtureSynth } from "./policyFixtures";

// The engine's own protocol: a policy pack is served exactly as `pulumi preview --policy-pack` runs it.
const protoDir = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const analyzerProto = require(path.join(protoDir, "analyzer_pb"));
const analyzerRpc = require(path.join(protoDir, "analyzer_grpc_pb"));
const structProto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [protoDir] }));
const emptyProto = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [protoDir] }));
// The gRPC library @pulumi/pulumi's stubs were generated for (a dependency of theirs, not of this project).
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [protoDir] }));
const LEVEL_CODES: Record<string, number> = {
    advisory: analyzerProto.EnforcementLevel.ADVISORY, mandatory: analyzerProto.EnforcementLevel.MANDATORY,
    remediate: analyzerProto.EnforcementLevel.REMEDIATE, disabled: analyzerProto.EnforcementLevel.DISABLED,
};
export const LEVEL_NAMES: Record<number, string> = Object.fromEntries(ENFORCEMENT_LEVELS.map((level) => [LEVEL_CODES[level], level]));

export type Finding = [policy: string, level: string, urn: string, message: string];

export function call<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (err: Error | null, response: T) => (err ? reject(err) : resolve(response))));
}

/** A running policy pack process and an Analyzer client connected to it. */
export interface PackServer {
    process: ChildProcess;
    client: any;
    stop(): void;
}

/** Starts a policy pack (`node <args>` in `cwd`), reads the port it prints as the engine does, and connects a client. */
export async function startPackServer(args: string[], options: SpawnOptions & { cwd: string }): Promise<PackServer> {
    const server = spawn(process.execPath, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<string>((resolve, reject) => {
        let errors = "";
        server.stdout?.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
        server.stderr?.on("data", (chunk: Buffer) => { errors += chunk.toString(); });
        server.once("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${errors}`)));
    });
    const Client = grpc.makeGenericClientConstructor(analyzerRpc.AnalyzerService, "Analyzer");
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return { process: server, client, stop: () => { client.close(); server.kill(); } };
}

/** The pack's name and its policies with their default enforcement levels, as it reports them to the engine. */
export async function analyzerInfo(client: any): Promise<{ name: string; policies: Array<[string, string]> }> {
    const info: any = await call(client, "getAnalyzerInfo", new emptyProto.Empty());
    return { name: info.getName(), policies: info.getPoliciesList().map((p: any) => [p.getName(), LEVEL_NAMES[p.getEnforcementlevel()]]) };
}

/** The resource options the engine sends an analyzer: parent and protect (from the synth's recorded options). */
function options(parent?: string, recorded?: { protect?: boolean }) {
    const opts = new analyzerProto.AnalyzerResourceOptions();
    opts.setCustomtimeouts(new analyzerProto.AnalyzerResourceOptions.CustomTimeouts());
    if (parent) {
        opts.setParent(parent);
    }
    opts.setProtect(recorded?.protect === true);
    return opts;
}

/** The same stack as the engine would send it: Analyze per resource, then AnalyzeStack over all of them. */
export async function analyzeWithServer(client: any, synth: SynthResult, config: Record<string, any>): Promise<Finding[]> {
    const configure = new analyzerProto.ConfigureAnalyzerRequest();
    for (const [name, resolved] of resolvePolicyConfig(allPolicies, config)) {
        const policyConfig = new analyzerProto.PolicyConfig();
        policyConfig.setEnforcementlevel(LEVEL_CODES[resolved.enforcementLevel]);
        policyConfig.setProperties(structProto.Struct.fromJavaScript(resolved.properties));
        configure.getPolicyconfigMap().set(name, policyConfig);
    }
    await call(client, "configure", configure);
    const byUrn = new Map(synth.resources.map((r) => [r.urn, r]));
    const provider = (urn?: string) => {
        const p = urn ? byUrn.get(urn) : undefined;
        if (!p) {
            return undefined;
        }
        const view = new analyzerProto.AnalyzerProviderResource();
        view.setType(p.type); view.setUrn(p.urn); view.setName(p.name);
        view.setProperties(structProto.Struct.fromJavaScript(JSON.parse(JSON.stringify(p.inputs))));
        return view;
    };
    const findings: Finding[] = [];
    const collect = (response: any) => response.getDiagnosticsList().forEach((d: any) =>
        findings.push([d.getPolicyname(), LEVEL_NAMES[d.getEnforcementlevel()], d.getUrn(), d.getMessage().split("\n").slice(1).join("\n")]));
    const stackResources = [];
    for (const resource of synth.resources) {
        const props = structProto.Struct.fromJavaScript(JSON.parse(JSON.stringify(propsAsEngineSees(resource, resource.provider ? byUrn.get(resource.provider) : undefined))));
        if (!resource.type.startsWith("pulumi:providers:")) {
            const request = new analyzerProto.AnalyzeRequest();
            request.setType(resource.type); request.setUrn(resource.urn); request.setName(resource.name);
            request.setProperties(props); request.setOptions(options(resource.parent, resource.options)); request.setProvider(provider(resource.provider));
            const response: any = await call(client, "analyze", request);
            response.getDiagnosticsList().forEach((d: any) => d.setUrn(resource.urn));
            collect(response);
        }
        const stackResource = new analyzerProto.AnalyzerResource();
        stackResource.setType(resource.type); stackResource.setUrn(resource.urn); stackResource.setName(resource.name);
        stackResource.setProperties(props); stackResource.setOptions(options(resource.parent, resource.options)); stackResource.setProvider(provider(resource.provider));
        stackResource.setParent(resource.parent ?? "");
        for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
            const deps = new analyzerProto.AnalyzerPropertyDependencies();
            deps.setUrnsList(urns);
            stackResource.getPropertydependenciesMap().set(property, deps);
        }
        stackResources.push(stackResource);
    }
    const stackRequest = new analyzerProto.AnalyzeStackRequest();
    stackRequest.setResourcesList(stackResources);
    collect(await call(client, "analyzeStack", stackRequest));
    return findings.sort();
}

/**
 * The one intended difference: the engine sends an analyzer no retainOnDelete, so resources-protected judges it only
 * where the options carry it (the offline check); those findings have no counterpart from the served pack.
 */
export const onlyOffline = (finding: Finding) => finding[0] === "resources-protected" && /lacks retainOnDelete/.test(finding[3]);

/** Every policy fixture, judged by the served pack and by the offline check: the findings must be the same. */
export async function assertFixturesAgree(client: any): Promise<void> {
    for (const c of POLICY_CASES) {
        const synth = fixtureSynth(c.resources, { providers: c.providers });
        const config = { all: "disabled", [c.policy]: { enforcementLevel: "mandatory", ...(c.config ?? {}) } };
        const offline = (await evaluatePolicies(synth, { config })).violations
            .map((v): Finding => [v.policy, v.enforcementLevel, v.urn, v.message]).filter((f) => !onlyOffline(f)).sort();
        assert.deepStrictEqual(await analyzeWithServer(client, synth, config), offline, `${c.policy}: ${c.title}`);
    }
}
