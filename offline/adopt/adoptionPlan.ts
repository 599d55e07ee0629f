import { SynthResource, SynthResult } from "../synth/synthesize";
import { SETTLED_STATUSES, StackResource } from "./describeStackResources";
import { buildImportFile, PulumiImportFile } from "./importFile";
import { importIdFor } from "./importIds";
import { ruleFor, selectTargets, VendorTemplate } from "./vendorResources";

/** One vendor resource and what becomes of it. */
export interface VendorOutcome {
    stackName: string;
    logicalId: string;
    cloudFormationType: string;
    physicalId: string;
    template?: VendorTemplate;
    description?: string;
    outcome: "adopted" | "replaced" | "not-managed";
    /** adopted: the one URN; replaced: the program's own resources that take its place. */
    targetUrns: string[];
    /** Why (replaced, not-managed) or what to check (adopted). */
    notes: string[];
}

/** Everything `adopt` derives: the import document and the report's sections. */
export interface AdoptionPlan {
    stack: string;
    importFile: PulumiImportFile;
    vendor: VendorOutcome[];
    /** The program's custom resources no vendor resource becomes: `pulumi up` creates them. */
    createdNew: SynthResource[];
}

const isCustom = (r: SynthResource) => !r.type.startsWith("pulumi:providers:") && /^[a-z0-9-]+:[^:]*\/[^:]*:[A-Za-z0-9]+$/.test(r.type) && !r.type.startsWith("sigma:");

/**
 * Maps each vendor resource onto the target stack's synth: adopted (an import entry with the provider's id format),
 * replaced (with why), or not managed here (left in CloudFormation: an unmapped type or logical ID is reported, never
 * guessed). A target found more than once, or not at all, is reported instead of chosen.
 */
export function planAdoption(synth: SynthResult, vendorResources: readonly StackResource[]): AdoptionPlan {
    const vendor: VendorOutcome[] = [];
    const adopt: { resource: SynthResource; id: string }[] = [];
    const claimed = new Map<string, VendorOutcome>();
    for (const resource of vendorResources) {
        const base = {
            stackName: resource.StackName, logicalId: resource.LogicalResourceId, cloudFormationType: resource.ResourceType,
            physicalId: resource.PhysicalResourceId ?? "",
        };
        const notManaged = (note: string): VendorOutcome => ({ ...base, outcome: "not-managed", targetUrns: [], notes: [note] });
        const rule = ruleFor(resource.LogicalResourceId, resource.ResourceType);
        if (!rule) {
            vendor.push(notManaged(`${resource.ResourceType} ${resource.LogicalResourceId} is no resource of the vendor templates this program replaces (unknown means no); it stays in CloudFormation`));
            continue;
        }
        const described = { ...base, template: rule.template, description: rule.description };
        if (!SETTLED_STATUSES.includes(resource.ResourceStatus) || !resource.PhysicalResourceId) {
            vendor.push({ ...described, outcome: "not-managed", targetUrns: [], notes: [`its ResourceStatus is ${resource.ResourceStatus}${resource.PhysicalResourceId ? "" : " and it has no PhysicalResourceId"}; only a resource in ${SETTLED_STATUSES.join(", ")} can be adopted: settle the stack and run adopt again`] });
            continue;
        }
        const found = rule.targets.map((selector) => selectTargets(selector, synth.resources));
        const perSelector = found.map((f) => f.length);
        const targets = found.flat();
        if (perSelector.some((n) => n !== 1)) {
            const counts = rule.targets.map((s, i) => `${s.type} under ${s.componentType}${s.nameSuffix ? ` named *${s.nameSuffix}` : ""}: ${perSelector[i]}`).join("; ");
            vendor.push({ ...described, outcome: "not-managed", targetUrns: [], notes: [`stack "${synth.stack}" does not have exactly one counterpart (${counts}); nothing is guessed`] });
            continue;
        }
        const disposition = rule.decide(resource.PhysicalResourceId, targets);
        if (disposition.kind === "adopt") {
            const earlier = claimed.get(disposition.target.urn);
            if (earlier) {
                vendor.push({ ...described, outcome: "not-managed", targetUrns: [], notes: [`${earlier.stackName} ${earlier.logicalId} (${earlier.physicalId}) is already adopted as ${disposition.target.urn}; one resource cannot be two, so this one is left`] });
                continue;
            }
            const id = importIdFor(disposition.target.type, resource.PhysicalResourceId);
            if ("problem" in id) {
                vendor.push({ ...described, outcome: "not-managed", targetUrns: [], notes: [`its PhysicalResourceId cannot be imported as ${disposition.target.type}: ${id.problem}`] });
                continue;
            }
            const outcome: VendorOutcome = { ...described, outcome: "adopted", targetUrns: [disposition.target.urn], notes: disposition.notes };
            claimed.set(disposition.target.urn, outcome);
            vendor.push(outcome);
            adopt.push({ resource: disposition.target, id: id.id });
        } else {
            vendor.push({ ...described, outcome: "replaced", targetUrns: disposition.targets.map((t) => t.urn), notes: [disposition.reason] });
        }
    }
    const adoptedUrns = new Set(adopt.map((a) => a.resource.urn));
    return {
        stack: synth.stack,
        importFile: buildImportFile(adopt, synth.resources),
        vendor,
        createdNew: synth.resources.filter((r) => isCustom(r) && !adoptedUrns.has(r.urn)),
    };
}
