import { PolicyResource } from "@pulumi/policy";
import { knownOr } from "./knownOr";
import { wildcardMatches } from "./iamDocument";
import { effectiveTags, TYPES } from "./resourceTypes";

/** The ARN resource part per type a backup selection may name (`instance/*`, `volume/*`). */
const ARN_RESOURCE_PREFIX: Record<string, { service: string; resource: string }> = {
    [TYPES.instance]: { service: "ec2", resource: "instance" },
    [TYPES.volume]: { service: "ec2", resource: "volume" },
};

const list = (value: unknown): any[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const regionOf = (resource: PolicyResource): string | undefined => knownOr(() => resource.provider?.props?.region, undefined);
const urnsOf = (resource: PolicyResource, property: string): string[] => (resource.propertyDependencies?.[property] ?? []).map((d) => d.urn);

/** True when an ARN pattern in a selection's `resources` names `resource`: by dependency, by its ARN, or by a wildcard over its type. */
function arnListNames(selection: PolicyResource, property: "resources" | "notResources", resource: PolicyResource): boolean {
    if (urnsOf(selection, property).includes(resource.urn)) {
        return true;
    }
    const shape = ARN_RESOURCE_PREFIX[resource.type];
    const arn = knownOr(() => resource.props.arn as string | undefined, undefined);
    return knownOr(() => list(selection.props[property]), []).some((pattern: unknown) => {
        if (typeof pattern !== "string") {
            return false;
        }
        if (pattern === "*" || (arn !== undefined && wildcardMatches(pattern, arn))) {
            return true;
        }
        const parts = pattern.split(":");
        return shape !== undefined && parts.length >= 6 && wildcardMatches(parts[2], shape.service)
            && parts[5].includes("*") && wildcardMatches(parts.slice(5).join(":"), `${shape.resource}/x`);
    });
}

/** The condition operators of aws.backup.Selection's `conditions`, as tests on one tag's value (undefined when absent). */
const CONDITION_TESTS: Record<string, (actual: string | undefined, value: string) => boolean> = {
    stringEquals: (actual, value) => actual === value,
    stringNotEquals: (actual, value) => actual !== value,
    stringLikes: (actual, value) => actual !== undefined && wildcardMatches(value, actual),
    stringNotLikes: (actual, value) => actual === undefined || !wildcardMatches(value, actual),
};

/** True when every tag condition of the selection (they are ANDed) accepts the tags; an unknown operator accepts nothing. */
function conditionsHold(selection: PolicyResource, tags: Record<string, string>): boolean {
    return knownOr(() => list(selection.props.conditions), []).every((block: Record<string, unknown>) =>
        Object.entries(block ?? {}).every(([operator, entries]) => list(entries).every((entry: { key: string; value: string }) => {
            const test = CONDITION_TESTS[operator];
            return test !== undefined && test(tags[String(entry.key).replace(/^aws:ResourceTag\//, "")], String(entry.value));
        })));
}

/** True when one backup selection selects the resource: (its ARN list OR its tag list) AND its conditions, minus notResources. */
export function selectionCovers(selection: PolicyResource, resource: PolicyResource): boolean {
    const selectionRegion = regionOf(selection);
    const resourceRegion = regionOf(resource);
    if (selectionRegion && resourceRegion && selectionRegion !== resourceRegion) {
        return false;
    }
    const tags = effectiveTags(knownOr(() => resource.props, {}));
    const byTag = knownOr(() => list(selection.props.selectionTags), []).some((t: any) =>
        String(t.type).toUpperCase() === "STRINGEQUALS" && tags[t.key] === t.value);
    const byArn = arnListNames(selection, "resources", resource);
    return (byTag || byArn) && conditionsHold(selection, tags) && !arnListNames(selection, "notResources", resource);
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
