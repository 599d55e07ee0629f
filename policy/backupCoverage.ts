import { PolicyResource } from "@pulumi/policy";
import { BackupResourceKind, readSelectionInputs, SelectionCandidate, selectionSelects } from "../model/backupSelection";
import { knownOr } from "./knownOr";
import { effectiveTags, TYPES } from "./resourceTypes";

/** The backup resource kind (ARN shape) of each type a selection must cover. */
const RESOURCE_KINDS: Record<string, BackupResourceKind> = {
    [TYPES.instance]: "ec2Instance",
    [TYPES.volume]: "ebsVolume",
};

const regionOf = (resource: PolicyResource): string | undefined => knownOr(() => {
    const region = resource.props.region ?? resource.provider?.props?.region;
    return typeof region === "string" ? region : undefined;
}, undefined);
const urnsOf = (resource: PolicyResource, property: string): string[] => (resource.propertyDependencies?.[property] ?? []).map((d) => d.urn);

/** The resource as a selection judges it; a selection list that depends on the resource holds its (not yet known) ARN. */
function candidateFor(resource: PolicyResource, selection: PolicyResource): SelectionCandidate | undefined {
    const kind = RESOURCE_KINDS[resource.type];
    if (kind === undefined) {
        return undefined;
    }
    const arn = knownOr(() => resource.props.arn, undefined);
    return {
        kind,
        tags: knownOr(() => effectiveTags(resource.props), {}),
        region: regionOf(resource),
        arn: typeof arn === "string" ? arn : undefined,
        namedIn: (["resources", "notResources"] as const).filter((list) => urnsOf(selection, list).includes(resource.urn)),
    };
}

/** True when one backup selection selects the resource, by model/backupSelection.ts's reading of AWS's rules. */
export function selectionCovers(selection: PolicyResource, resource: PolicyResource): boolean {
    const candidate = candidateFor(resource, selection);
    if (candidate === undefined) {
        return false;
    }
    const inputs = readSelectionInputs({
        selectionTags: knownOr(() => selection.props.selectionTags, undefined),
        conditions: knownOr(() => selection.props.conditions, undefined),
        resources: knownOr(() => selection.props.resources, undefined),
        notResources: knownOr(() => selection.props.notResources, undefined),
    }, regionOf(selection));
    return selectionSelects(inputs, candidate);
}

/** Explains which instances and data volumes no backup selection covers (empty when all are covered). */
export function uncoveredResources(resources: PolicyResource[], coveredTypes: string[]): Array<{ resource: PolicyResource; reason: string }> {
    const selections = resources.filter((r) => r.type === TYPES.backupSelection);
    const directlyCovered = (r: PolicyResource) => selections.some((s) => selectionCovers(s, r));
    const attachments = resources.filter((r) => r.type === TYPES.volumeAttachment);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const attachedInstances = (volume: PolicyResource) => attachments
        .filter((a) => urnsOf(a, "volumeId").includes(volume.urn))
        .flatMap((a) => urnsOf(a, "instanceId").map((u) => byUrn.get(u)).filter((i): i is PolicyResource => i !== undefined));
    const uncovered: Array<{ resource: PolicyResource; reason: string }> = [];
    for (const resource of resources.filter((r) => coveredTypes.includes(r.type))) {
        if (directlyCovered(resource)) {
            continue;
        }
        if (resource.type === TYPES.volume && attachedInstances(resource).some(directlyCovered)) {
            continue;
        }
        const where = resource.parent ? ` (part of ${resource.parent.type} "${resource.parent.name}")` : "";
        const reason = selections.length === 0
            ? "the stack has no aws.backup.Selection at all"
            : `none of the ${selections.length} backup selection(s) matches its tags or ARN${resource.type === TYPES.volume ? ", and it is not attached to a covered instance" : ""}`;
        uncovered.push({ resource, reason: `${resource.type.split(":").pop()} "${resource.name}"${where} is not backed up: ${reason}` });
    }
    return uncovered;
}
