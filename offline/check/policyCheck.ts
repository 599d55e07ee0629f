import {
    Policies, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy,
    Severity, StackValidationArgs, StackValidationPolicy, UnknownValueError, unknownCheckingProxy,
} from "@pulumi/policy";
import { allPolicies, POLICY_PACK_NAME } from "../../policy/policies";
import { TAGGABLE_TYPES } from "../../policy/resourceTypes";
import { loadPolicyConfig, PolicyConfigError, resolvePolicyConfig, ResolvedPolicyConfig } from "./policyConfig";
import { SynthResult } from "../synth/synthesize";

export { loadPolicyConfig, PolicyConfigError };

export interface PolicyViolation {
    policy: string;
    severity: "low" | "medium" | "high" | "critical";
    /** The level the engine reports: a remediate-level policy that still fails reports "mandatory". */
    enforcementLevel: string;
    /** The violating resource; empty for a stack policy's violation of the stack as a whole. */
    urn: string;
    message: string;
    /** The policy's remediation steps. */
    remediationSteps?: string;
}

/** A resource a remediate-level policy changed before validation ran. */
export interface PolicyRemediation {
    policy: string;
    urn: string;
    /** Top-level properties whose value the remediation changed. */
    properties: string[];
}

export interface PolicyReport {
    violations: PolicyViolation[];
    /**
     * mandatory / advisory: violations reported at that level; remediate: resources a remediate-level policy fixed
     * (the engine reports those as remediations, not violations); disabled: policies skipped because disabled.
     */
    counts: Record<"mandatory" | "advisory" | "remediate" | "disabled", number>;
    remediations: PolicyRemediation[];
    disabledPolicies: string[];
    policyPack: string;
    project: string;
    stack: string;
    resourceCount: number;
}

type SynthResource = SynthResult["resources"][number];

const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low"];

class NotApplicableError extends Error {}

const notApplicable = (reason?: string): never => {
    throw new NotApplicableError(reason ?? "not applicable");
};

/** The class's type token as @pulumi/policy's isType reads it (generated classes carry `__pulumiType`). */
function isTypeOf(type: string, resourceClass: any): boolean {
    const token = resourceClass?.__pulumiType;
    if (typeof token === "string" && token.length > 0) {
        return type === token;
    }
    return typeof resourceClass?.isInstance === "function" && resourceClass.isInstance({ __pulumiType: type }) === true;
}

/** A provider's default tags from its inputs (an object, or JSON text in synth docs of older SDKs). */
export function providerDefaultTags(provider: SynthResource | undefined): Record<string, string> {
    const raw = provider?.inputs?.defaultTags;
    const defaultTags = typeof raw === "string" ? JSON.parse(raw) : raw;
    return { ...((defaultTags as { tags?: Record<string, string> } | undefined)?.tags ?? {}) };
}

/** What the AWS provider's Check hands to policies: the inputs plus `tagsAll` (default tags merged under the resource's tags). */
export function propsAsEngineSees(resource: SynthResource, provider: SynthResource | undefined): Record<string, any> {
    const props: Record<string, any> = structuredClone(resource.inputs ?? {});
    if (TAGGABLE_TYPES.includes(resource.type) || props.tags !== undefined) {
        props.tagsAll = { ...providerDefaultTags(provider), ...(props.tags ?? {}) };
    }
    return props;
}

function providerView(provider: SynthResource | undefined) {
    if (!provider) {
        return undefined;
    }
    const props = { ...provider.inputs, defaultTags: { tags: providerDefaultTags(provider) } };
    return { type: provider.type, urn: provider.urn, name: provider.name, props: unknownCheckingProxy(props) };
}

const resourceOptions = (resource: SynthResource) => ({
    protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], parent: resource.parent,
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
});

const changedProperties = (before: Record<string, any>, after: Record<string, any>) =>
    [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();

const isResourcePolicy = (p: Policies[number]): p is ResourceValidationPolicy =>
    "validateResource" in p || "remediateResource" in p;
const isStackPolicy = (p: Policies[number]): p is StackValidationPolicy => "validateStack" in p;

/** Runs one validation, turning "not applicable" into nothing and a preview unknown into an advisory note, as the engine does. */
async function runValidation(policy: Policies[number], urn: string, body: () => unknown, onUnknown: (message: string) => void): Promise<void> {
    try {
        await body();
    } catch (err) {
        if (err instanceof NotApplicableError) {
            return;
        }
        if (err instanceof UnknownValueError) {
            onUnknown(`can't run policy '${policy.name}' during preview: ${(err as Error).message}`);
            return;
        }
        throw new Error(`policy ${policy.name} failed on ${urn || "the stack"}: ${err instanceof Error ? err.message : String(err)}`);
    }
}

/**
 * Evaluates the pack's policies over a synth document as the Pulumi engine would in a preview: remediations
 * first, then resource policies per resource, then stack policies over every resource with parents and
 * dependencies resolved. `options.policies` replaces the pack (for tests).
 */
export async function evaluatePolicies(synth: SynthResult, options: { config?: Record<string, any>; configSource?: string; policies?: Policies } = {}): Promise<PolicyReport> {
    const policies = options.policies ?? allPolicies;
    const settings = resolvePolicyConfig(policies, options.config ?? {}, options.configSource);
    const settingsOf = (p: Policies[number]) => settings.get(p.name) as ResolvedPolicyConfig;
    const active = policies.filter((p) => settingsOf(p).enforcementLevel !== "disabled");
    const stackTags: ReadonlyMap<string, string> = new Map([["pulumi:project", synth.project]]);
    const byUrn = new Map(synth.resources.map((r) => [r.urn, r]));
    const violations: PolicyViolation[] = [];
    const remediations: PolicyRemediation[] = [];

    // A resource policy's violations are always the resource's (the urn argument is ignored); a stack policy names its own.
    const reporter = (policy: Policies[number], resourceUrn: string | undefined): ReportViolation => (message, violationUrn) => {
        const level = settingsOf(policy).enforcementLevel;
        violations.push({
            policy: policy.name, severity: policy.severity ?? "low", urn: resourceUrn ?? violationUrn ?? "", message,
            enforcementLevel: level === "remediate" ? "mandatory" : level, remediationSteps: policy.remediationSteps,
        });
    };
    const advisoryNote = (policy: Policies[number], urn: string) => (message: string) =>
        violations.push({ policy: policy.name, severity: policy.severity ?? "low", urn, message, enforcementLevel: "advisory" });

    const finalProps = new Map<string, Record<string, any>>();
    for (const resource of synth.resources) {
        const provider = resource.provider ? byUrn.get(resource.provider) : undefined;
        let props = propsAsEngineSees(resource, provider);
        if (resource.type.startsWith("pulumi:providers:")) {
            finalProps.set(resource.urn, props);
            continue;
        }
        const argsFor = (policy: Policies[number], currentProps: Record<string, any>): ResourceValidationArgs => ({
            type: resource.type, props: currentProps, urn: resource.urn, name: resource.name, opts: resourceOptions(resource),
            provider: providerView(provider), stackTags,
            isType: (cls) => isTypeOf(resource.type, cls),
            asType: ((cls: any) => (isTypeOf(resource.type, cls) ? currentProps : undefined)) as ResourceValidationArgs["asType"],
            getConfig: <T extends object>() => structuredClone(settingsOf(policy).properties) as T,
            notApplicable,
        });
        for (const policy of active.filter(isResourcePolicy)) {
            if (settingsOf(policy).enforcementLevel !== "remediate" || !policy.remediateResource) {
                continue;
            }
            const remediate = policy.remediateResource;
            await runValidation(policy, resource.urn, async () => {
                const result = await remediate(argsFor(policy, unknownCheckingProxy(structuredClone(props))));
                if (result) {
                    // The engine serialises a remediation's result; a JSON round trip also drops the unknown-checking proxies.
                    const remediated = JSON.parse(JSON.stringify(result));
                    const changed = changedProperties(props, remediated);
                    if (changed.length > 0) {
                        remediations.push({ policy: policy.name, urn: resource.urn, properties: changed });
                    }
                    props = remediated;
                }
            }, advisoryNote(policy, resource.urn));
        }
        finalProps.set(resource.urn, props);
        for (const policy of active.filter(isResourcePolicy)) {
            const validations = policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            for (const validate of validations) {
                await runValidation(policy, resource.urn,
                    () => validate(argsFor(policy, unknownCheckingProxy(structuredClone(props))), reporter(policy, resource.urn)),
                    advisoryNote(policy, resource.urn));
            }
        }
    }

    for (const policy of active.filter(isStackPolicy)) {
        const args: StackValidationArgs = {
            resources: policyResources(synth, finalProps), stackTags, notApplicable,
            getConfig: <T extends object>() => structuredClone(settingsOf(policy).properties) as T,
        };
        await runValidation(policy, "", () => policy.validateStack(args, reporter(policy, undefined)), advisoryNote(policy, ""));
    }

    violations.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity)
        || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn));
    const disabledPolicies = policies.filter((p) => settingsOf(p).enforcementLevel === "disabled").map((p) => p.name);
    return {
        violations,
        counts: {
            mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
            advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
            remediate: remediations.length,
            disabled: disabledPolicies.length,
        },
        remediations, disabledPolicies, policyPack: POLICY_PACK_NAME, project: synth.project, stack: synth.stack,
        resourceCount: synth.resources.length,
    };
}

/** The stack as analyzeStack hands it to stack policies: every resource, with parent and (property) dependencies as objects. */
export function policyResources(synth: SynthResult, propsByUrn: Map<string, Record<string, any>>): PolicyResource[] {
    const byUrn = new Map(synth.resources.map((r) => [r.urn, r]));
    const resources = new Map<string, PolicyResource>();
    for (const resource of synth.resources) {
        const props = unknownCheckingProxy(structuredClone(propsByUrn.get(resource.urn) ?? resource.inputs ?? {}));
        resources.set(resource.urn, {
            type: resource.type, props, urn: resource.urn, name: resource.name, opts: resourceOptions(resource),
            provider: providerView(resource.provider ? byUrn.get(resource.provider) : undefined),
            dependencies: [], propertyDependencies: {},
            isType: (cls) => isTypeOf(resource.type, cls),
            asType: ((cls: any) => (isTypeOf(resource.type, cls) ? props : undefined)) as PolicyResource["asType"],
        });
    }
    const lookup = (urns: string[] | undefined) => (urns ?? []).map((u) => resources.get(u)).filter((r): r is PolicyResource => r !== undefined);
    for (const resource of synth.resources) {
        const view = resources.get(resource.urn) as PolicyResource;
        view.parent = resource.parent ? resources.get(resource.parent) : undefined;
        view.dependencies = lookup(resource.dependencies);
        view.propertyDependencies = Object.fromEntries(Object.entries(resource.propertyDependencies ?? {}).map(([k, urns]) => [k, lookup(urns)]));
    }
    return [...resources.values()];
}

/** The report as text: violations grouped by severity, each with level, policy, URN and message; then remediations and the verdict. */
export function formatReport(report: PolicyReport, configLabel: string): string {
    const lines = [`${report.policyPack} on stack "${report.stack}" (${report.resourceCount} resources), config: ${configLabel}`];
    if (report.disabledPolicies.length > 0) {
        lines.push(`disabled: ${report.disabledPolicies.join(", ")}`);
    }
    for (const severity of SEVERITY_ORDER) {
        const group = report.violations.filter((v) => v.severity === severity);
        if (group.length === 0) {
            continue;
        }
        lines.push("", `${severity.toUpperCase()} (${group.length})`);
        for (const v of group) {
            lines.push(`  [${v.enforcementLevel}] ${v.policy}`, `    ${v.urn || "(the stack)"}`, `    ${v.message}`);
        }
    }
    if (report.remediations.length > 0) {
        lines.push("", `REMEDIATED (${report.remediations.length})`);
        for (const r of report.remediations) {
            lines.push(`  ${r.policy} set ${r.properties.join(", ")} on`, `    ${r.urn}`);
        }
    }
    const fixes = new Map(report.violations.filter((v) => v.remediationSteps).map((v) => [v.policy, v.remediationSteps]));
    if (fixes.size > 0) {
        lines.push("", "HOW TO FIX");
        for (const [policy, steps] of fixes) {
            lines.push(`  ${policy}: ${steps}`);
        }
    }
    const verdict = report.counts.mandatory > 0 ? "FAIL" : "PASS";
    lines.push("", `${verdict}: ${report.counts.mandatory} mandatory, ${report.counts.advisory} advisory violation(s), ${report.counts.remediate} remediation(s)`);
    return lines.join("\n");
}

