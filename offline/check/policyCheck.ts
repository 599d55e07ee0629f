import {
    EnforcementLevel, Policies, PolicyResource, PolicyResourceOptions, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy,
    Severity, StackValidationArgs, StackValidationPolicy, UnknownValueError, unknownCheckingProxy,
} from "@pulumi/policy";
import { allPolicies, POLICY_PACK_NAME } from "../../policy/policies";
import { TAGGABLE_TYPES } from "../../policy/resourceTypes";
import { loadPolicyConfig, PolicyConfigError, resolvePolicyConfig, ResolvedPolicyConfig } from "./policyConfig";
import { SynthResult } from "../synth/synthesize";
import { configWaivers, InvalidWaiver, utcDay, Waiver, waiverFor, withoutWaivers } from "./waivers";

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
    /**
     * The valid waiver that accepted this violation: the pack suppressed it (the engine never reports it); the offline
     * check lists it, counted as neither mandatory nor advisory.
     */
    waiver?: Waiver;
}

/** One resource a policy judged (ran on and did not find not applicable); urn "" is the stack, for a stack policy. */
export interface PolicyJudgement {
    policy: string;
    urn: string;
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
     * The engine's verdict: mandatory / advisory: violations reported at that level (a waived one is not: it carries
     * `waiver` and counts in `waivedCount`); remediate: resources a remediate-level policy fixed (the engine reports
     * those as remediations, not violations); disabled: policies skipped because disabled; invalidWaivers: waivers of
     * the config that are expired or incomplete (each fails the offline check).
     */
    counts: Record<"mandatory" | "advisory" | "remediate" | "disabled" | "invalidWaivers", number>;
    remediations: PolicyRemediation[];
    /** Every (policy, resource) pair a policy judged, in evaluation order. */
    judged: PolicyJudgement[];
    /** The stack's waivers as given, and those that cannot be used (each fails the check). */
    waivers: Waiver[];
    invalidWaivers: InvalidWaiver[];
    /** The day waivers were judged against (YYYY-MM-DD, UTC). */
    today: string;
    disabledPolicies: string[];
    /** Every policy of the pack with its effective enforcement level under the config. */
    policyLevels: Record<string, EnforcementLevel>;
    policyPack: string;
    project: string;
    stack: string;
    resourceCount: number;
}

type SynthResource = SynthResult["resources"][number];

const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low"];

class NotApplicableError extends Error {}

const notApplicable = (reason?: string): never => {
    // Thrown once per (policy, resource) that does not apply and always caught here: its stack is never read, so it is
    // not captured (a stack capture per throw was a sixth of a prod check).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const error = new NotApplicableError(reason ?? "not applicable");
    Error.stackTraceLimit = limit;
    throw error;
};

/**
 * The engine's fast path (node_modules/@pulumi/policy/server.js, analyze and remediate: "Fast check to see if the
 * policy isn't applicable"): a single function built by validateResourceOfType / remediateResourceOfType carries the
 * type token it applies to, and a resource of another type is not applicable without a call.
 */
function skipsType(fn: unknown, type: string): boolean {
    const token = (fn as { __pulumiType?: unknown } | undefined)?.__pulumiType;
    return typeof token === "string" && token.length > 0 && token !== type;
}

/**
 * Each policy gets its own copy of the properties, as the engine deserialises them afresh for every call; the copy
 * is made when the policy first reads them, so a policy that finds the type not its own costs no copy.
 */
function freshProps(source: Record<string, any>): () => Record<string, any> {
    let copy: Record<string, any> | undefined;
    return () => (copy ??= unknownCheckingProxy(structuredClone(source)));
}

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

/**
 * The options as the engine hands them to a policy (`args.opts`): what the engine sends an analyzer
 * (pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go, marshalResourceOptions: protect, ignoreChanges,
 * deleteBeforeReplace(+Defined), additionalSecretOutputs, aliases, customTimeouts, parent) as @pulumi/policy reads it
 * (node_modules/@pulumi/policy/server.js, getResourceOptions). An option the program left unset takes the protobuf
 * default (false, [], 0); the Node SDK has already copied a parent's protect to its children
 * (node_modules/@pulumi/pulumi/resource.js), so the synth records the inherited value.
 * One addition beyond the engine: `retainOnDelete`, when the program set it. AnalyzerResourceOptions has no such field,
 * so under `pulumi preview` a policy never sees it; the offline check (the pull-request gate) hands it over so that a
 * policy that reads it when present (policy/protection.ts) judges it there. Policies must treat its absence as unknown.
 */
export function resourceOptions(resource: SynthResource): PolicyResourceOptions & { retainOnDelete?: boolean } {
    const recorded = resource.options ?? {};
    const timeouts = recorded.customTimeouts ?? {};
    const opts: PolicyResourceOptions & { retainOnDelete?: boolean } = {
        protect: recorded.protect ?? false,
        ignoreChanges: [...(recorded.ignoreChanges ?? [])],
        aliases: [...(recorded.aliases ?? [])],
        customTimeouts: { createSeconds: timeouts.createSeconds ?? 0, updateSeconds: timeouts.updateSeconds ?? 0, deleteSeconds: timeouts.deleteSeconds ?? 0 },
        additionalSecretOutputs: [...(recorded.additionalSecretOutputs ?? [])],
    };
    if (recorded.deleteBeforeReplace !== undefined) {
        opts.deleteBeforeReplace = recorded.deleteBeforeReplace;
    }
    if (resource.parent) {
        opts.parent = resource.parent;
    }
    if (recorded.retainOnDelete !== undefined) {
        opts.retainOnDelete = recorded.retainOnDelete;
    }
    return opts;
}

const changedProperties = (before: Record<string, any>, after: Record<string, any>) =>
    [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();

const isResourcePolicy = (p: Policies[number]): p is ResourceValidationPolicy =>
    "validateResource" in p || "remediateResource" in p;
const isStackPolicy = (p: Policies[number]): p is StackValidationPolicy => "validateStack" in p;

/**
 * Runs one validation, turning "not applicable" into nothing and a preview unknown into an advisory note, as the
 * engine does. Returns whether the policy judged the resource (false when it found itself not applicable).
 */
async function runValidation(policy: Policies[number], urn: string, body: () => unknown, onUnknown: (message: string) => void): Promise<boolean> {
    try {
        await body();
        return true;
    } catch (err) {
        if (err instanceof NotApplicableError) {
            return false;
        }
        if (err instanceof UnknownValueError) {
            onUnknown(`can't run policy '${policy.name}' during preview: ${(err as Error).message}`);
            return true;
        }
        throw new Error(`policy ${policy.name} failed on ${urn || "the stack"}: ${err instanceof Error ? err.message : String(err)}`);
    }
}

/**
 * Evaluates the pack's policies over a synth document as the Pulumi engine would in a preview: remediations
 * first, then resource policies per resource, then stack policies over every resource with parents and
 * dependencies resolved. `options.policies` replaces the pack (for tests). The pack applies the config's waivers
 * itself; `listWaived` adds what they hid.
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
    const judged: PolicyJudgement[] = [];

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
        const argsFor = (policy: Policies[number], currentProps: () => Record<string, any>): ResourceValidationArgs => ({
            type: resource.type, get props() { return currentProps(); }, urn: resource.urn, name: resource.name, opts: resourceOptions(resource),
            provider: providerView(provider), stackTags,
            isType: (cls) => isTypeOf(resource.type, cls),
            asType: ((cls: any) => (isTypeOf(resource.type, cls) ? currentProps() : undefined)) as ResourceValidationArgs["asType"],
            getConfig: <T extends object>() => structuredClone(settingsOf(policy).properties) as T,
            notApplicable,
        });
        for (const policy of active.filter(isResourcePolicy)) {
            if (settingsOf(policy).enforcementLevel !== "remediate" || !policy.remediateResource || skipsType(policy.remediateResource, resource.type)) {
                continue;
            }
            const remediate = policy.remediateResource;
            await runValidation(policy, resource.urn, async () => {
                const result = await remediate(argsFor(policy, freshProps(props)));
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
            const validations = policy.validateResource === undefined || skipsType(policy.validateResource, resource.type) ? []
                : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            let applied = false;
            for (const validate of validations) {
                applied = await runValidation(policy, resource.urn,
                    () => validate(argsFor(policy, freshProps(props)), reporter(policy, resource.urn)),
                    advisoryNote(policy, resource.urn)) || applied;
            }
            if (applied) {
                judged.push({ policy: policy.name, urn: resource.urn });
            }
        }
    }

    for (const policy of active.filter(isStackPolicy)) {
        const args: StackValidationArgs = {
            resources: policyResources(synth, finalProps), stackTags, notApplicable,
            getConfig: <T extends object>() => structuredClone(settingsOf(policy).properties) as T,
        };
        if (await runValidation(policy, "", () => policy.validateStack(args, reporter(policy, undefined)), advisoryNote(policy, ""))) {
            judged.push({ policy: policy.name, urn: "" });
        }
    }

    const { waivers, invalid } = configWaivers(options.config ?? {}, new Date());

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
            invalidWaivers: invalid.length,
        },
        remediations, judged, waivers, invalidWaivers: invalid, today: utcDay(),
        policyLevels: Object.fromEntries(policies.map((p) => [p.name, settingsOf(p).enforcementLevel])),
        disabledPolicies, policyPack: POLICY_PACK_NAME, project: synth.project, stack: synth.stack,
        resourceCount: synth.resources.length,
    };
}

/**
 * The pack's verdict (exactly the engine's) plus the violations the config's valid waivers hid, each marked with
 * its waiver: a second run of the pack without the waivers finds them. Without waivers it is evaluatePolicies.
 */
export async function evaluateWithWaivers(synth: SynthResult, options: { config?: Record<string, any>; configSource?: string; policies?: Policies } = {}): Promise<PolicyReport> {
    const report = await evaluatePolicies(synth, options);
    if (report.waivers.length === 0) {
        return report;
    }
    const unwaived = await evaluatePolicies(synth, { ...options, config: withoutWaivers(options.config ?? {}) });
    const key = (v: PolicyViolation) => JSON.stringify([v.policy, v.urn, v.message, v.enforcementLevel]);
    const reported = new Map<string, number>();
    report.violations.forEach((v) => reported.set(key(v), (reported.get(key(v)) ?? 0) + 1));
    const waived: PolicyViolation[] = [];
    for (const violation of unwaived.violations) {
        const seen = reported.get(key(violation)) ?? 0;
        if (seen > 0) {
            reported.set(key(violation), seen - 1);
            continue;
        }
        const waiver = waiverFor(report.waivers, report.invalidWaivers, violation.policy, violation.urn);
        if (waiver) {
            waived.push({ ...violation, waiver });
        }
    }
    report.violations.push(...waived);
    return report;
}

/** The stack as analyzeStack hands it to stack policies: every resource, with parent and (property) dependencies as objects. */
export function policyResources(synth: SynthResult, propsByUrn: Map<string, Record<string, any>>): PolicyResource[] {
    const byUrn = new Map(synth.resources.map((r) => [r.urn, r]));
    const resources = new Map<string, PolicyResource>();
    for (const resource of synth.resources) {
        const props = freshProps(propsByUrn.get(resource.urn) ?? resource.inputs ?? {});
        resources.set(resource.urn, {
            type: resource.type, get props() { return props(); }, urn: resource.urn, name: resource.name, opts: resourceOptions(resource),
            provider: providerView(resource.provider ? byUrn.get(resource.provider) : undefined),
            dependencies: [], propertyDependencies: {},
            isType: (cls) => isTypeOf(resource.type, cls),
            asType: ((cls: any) => (isTypeOf(resource.type, cls) ? props() : undefined)) as PolicyResource["asType"],
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

/** The check fails (exit 1) on a mandatory violation no valid waiver accepts, or on any unusable waiver. */
export const reportFails = (report: PolicyReport): boolean => report.counts.mandatory > 0 || report.counts.invalidWaivers > 0;

/**
 * The report as text: violations grouped by severity, each with level, policy, URN and message; then waived
 * violations, unusable waivers, remediations and the verdict.
 */
export function formatReport(report: PolicyReport, configLabel: string): string {
    const lines = [`${report.policyPack} on stack "${report.stack}" (${report.resourceCount} resources), config: ${configLabel}`];
    if (report.disabledPolicies.length > 0) {
        lines.push(`disabled: ${report.disabledPolicies.join(", ")}`);
    }
    for (const severity of SEVERITY_ORDER) {
        const group = report.violations.filter((v) => v.severity === severity && !v.waiver);
        if (group.length === 0) {
            continue;
        }
        lines.push("", `${severity.toUpperCase()} (${group.length})`);
        for (const v of group) {
            lines.push(`  [${v.enforcementLevel}] ${v.policy}`, `    ${v.urn || "(the stack)"}`, `    ${v.message}`);
        }
    }
    const waived = report.violations.filter((v) => v.waiver);
    if (waived.length > 0) {
        lines.push("", `WAIVED (${waived.length})`);
        for (const v of waived) {
            const w = v.waiver as Waiver;
            lines.push(`  [${v.enforcementLevel}] ${v.policy}`, `    ${v.urn || "(the stack)"}`, `    ${v.message}`, `    waived until ${w.expires}: ${w.reason}`);
        }
    }
    if (report.invalidWaivers.length > 0) {
        lines.push("", `INVALID WAIVERS (${report.invalidWaivers.length})`);
        for (const invalid of report.invalidWaivers) {
            lines.push(...invalid.problems.map((p) => `  ${p}`));
        }
    }
    if (report.remediations.length > 0) {
        lines.push("", `REMEDIATED (${report.remediations.length})`);
        for (const r of report.remediations) {
            lines.push(`  ${r.policy} set ${r.properties.join(", ")} on`, `    ${r.urn}`);
        }
    }
    const fixes = new Map(report.violations.filter((v) => v.remediationSteps && !v.waiver).map((v) => [v.policy, v.remediationSteps]));
    if (fixes.size > 0) {
        lines.push("", "HOW TO FIX");
        for (const [policy, steps] of fixes) {
            lines.push(`  ${policy}: ${steps}`);
        }
    }
    const verdict = reportFails(report) ? "FAIL" : "PASS";
    const c = report.counts;
    lines.push("", `${verdict}: ${c.mandatory} mandatory, ${c.advisory} advisory violation(s), ${c.remediate} remediation(s)` +
        `${waived.length > 0 ? `, ${waived.length} waived` : ""}${c.invalidWaivers > 0 ? `, ${c.invalidWaivers} invalid waiver(s)` : ""}`);
    return lines.join("\n");
}

